"""Atomic file writes: write a temporary file beside the target, then rename over it.

A build killed at any moment leaves either the old file or the new one, never half
of one. Inside :func:`replace_together` the renames wait until the block ends, so a
build's outputs are replaced all at once (the renames take microseconds): killed
before that, every previous output is still there as it was.

Temporary files are named ``.NAME.PID.XXXXXXXX.tmp``; one left behind by a process
that was killed (SIGKILL cannot be cleaned up after) is removed by the next
:func:`replace_together` that writes the same target.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

# (temporary file, target) pairs waiting for the end of the innermost replace_together block
_PENDING: contextvars.ContextVar[list[tuple[str, Path]] | None] = contextvars.ContextVar(
    "graphkit_atomic_pending", default=None
)


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """``with atomic_open(p) as f: f.write(...)``: ``p`` appears complete or not at all."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        _name_target(e, target)
        raise
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            _name_target(e, target, tmp)
        raise
    pending = _PENDING.get()
    if pending is not None:
        pending.append((tmp, target))
    else:
        os.replace(tmp, target)
        _fsync_dir(target.parent)


@contextlib.contextmanager
def replace_together() -> Iterator[None]:
    """Hold back the renames of every atomic write in the block and do them all when it ends without
    an error; on an error (or KeyboardInterrupt) the new files are deleted and the old ones stay."""
    pending: list[tuple[str, Path]] = []
    token = _PENDING.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    finally:
        _PENDING.reset(token)
    outer = _PENDING.get()
    if outer is not None:  # nested: the outer block decides
        outer.extend(pending)
        return
    for tmp, target in pending:
        os.replace(tmp, target)
    for folder in {target.parent for _, target in pending}:
        _fsync_dir(folder)
        remove_stale_temporaries(folder, {target.name for _, target in pending if target.parent == folder})


_TEMP_RE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def remove_stale_temporaries(folder: Path, names: set[str] | None = None) -> list[Path]:
    """Delete the temporary files (of ``names``, or of any target) left in ``folder`` by graphkit
    processes that no longer run; returns what was removed."""
    removed = []
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            m = _TEMP_RE.match(p.name)
            if not m or (names is not None and m["name"] not in names) or _alive(int(m["pid"])):
                continue
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


def write_text(path: str | os.PathLike[str], text: str) -> None:
    with atomic_open(path, "w") as f:
        f.write(text)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_open(path, "wb") as f:
        f.write(data)


def _name_target(e: OSError, target: Path, tmp: str | None = None) -> None:
    """Let an error while writing ``target`` name it (not its temporary file, nor nothing, as fsync does)."""
    name = str(e.filename) if e.filename is not None else None
    if name is None or name == tmp or Path(name).name.startswith(f".{target.name}."):
        e.filename = str(target)


# what to do about the OS errors a broken environment gives (a full disk, a read-only folder, ...)
_OS_ADVICE = {
    errno.ENOSPC: "no space left on the device: free some space, or write to another folder",
    errno.EDQUOT: "disk quota exceeded: free some space, or write to another folder",
    errno.EACCES: "permission denied: choose a folder you can write to, or change its permissions",
    errno.EPERM: "operation not permitted (permission denied): choose a folder you can write to",
    errno.EROFS: "read-only file system: write to a folder on a writable disk",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose another path",
    errno.EISDIR: "is a folder, where a file was expected: choose another path",
    errno.ENAMETOOLONG: "file name too long: choose a shorter path",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) and run again",
    errno.ENFILE: "too many open files on the system: close some programs and run again",
    errno.EIO: "input/output error (a failing disk or a lost network mount): check the disk and run again",
    errno.ENOENT: "no such file or folder",
}
ENVIRONMENT_ERRNOS = frozenset(_OS_ADVICE)


def os_error_advice(e: OSError, where: str = "") -> str:
    """What happened and what to do, for an OS error (``where``, e.g. ``"--out"``: the option that
    chose the place, named in the advice)."""
    advice = _OS_ADVICE.get(e.errno) or f"{e.strerror or e}"
    if where and e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS):
        advice += f" (another {where} DIR)"
    return " ".join(advice.split())


def os_error_message(e: OSError, where: str = "") -> str:
    """One line for an OS error: the file it concerns, what happened and what to do."""
    name = e.filename if e.filename is not None else where or "graphkit"
    return f"{name}: {os_error_advice(e, where)}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    """Make the renames in ``folder`` durable (a crash of the machine right after keeps them)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
