"""Read articles from files, folders and JSONL into :class:`~graphkit.types.Article` records.

Supported inputs
----------------
* ``.txt`` / ``.md``: the file is the article text. Metadata may come from a
  front-matter block at the very top (``---`` line, ``key: value`` lines, ``---``
  line) or from a sidecar ``NAME.meta.json`` next to the file (sidecar wins).
* ``.html`` / ``.htm``: the article text is taken from ``<article>`` (else
  ``<main>``, else ``<body>``), paragraphs only; scripts, styles, navigation,
  headers, footers, forms and comments are dropped. Title, date, publisher and URL
  come from the usual ``<meta>``/``<time>``/``<link rel=canonical>`` tags.
* ``.jsonl``: one JSON object a line with ``id`` and ``text`` and optional
  ``title``, ``date``, ``source``, ``url``.
* A folder is read recursively (sorted, so builds are repeatable); other file
  types are ignored.

Metadata keys: ``id``, ``title``, ``date`` (ISO ``YYYY-MM-DD``, ``YYYY-MM`` or
``YYYY``, or a whole ISO 8601 date and time), ``source``, ``url``. A date that does not
parse as a whole is left out with a :class:`Note`; the article is still built.

A sidecar must be a regular file of at most :data:`MAX_SIDECAR_BYTES` (a pipe or
``/dev/zero`` would block the build or fill the memory); anything else is ignored with a
note. Folders holding graphkit's own outputs (the :data:`OUTPUT_MARKER` file every build
writes, or an older build's report and graph files), and the folders given as
``exclude``, are not read: a build in its input folder never reads its last outputs.

Bad input never stops a batch: :func:`iter_inputs` yields a :class:`Skip` naming the
input and the reason; :func:`read_articles` logs it and goes on (or raises with
``strict=True``).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import json
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from graphkit.errors import InputError
from graphkit.types import Article

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
METADATA_KEYS = ("id", "title", "date", "source", "url")
DEFAULT_MAX_BYTES = 50_000_000
MAX_SIDECAR_BYTES = 1_000_000  # a NAME.meta.json holds a few fields, never megabytes
_GRAPHKIT_PAGE_RE = re.compile(rb'<meta name="generator" content="graphkit"')  # graphkit's map template
OUTPUT_MARKER = ".graphkit-output"  # written into every output folder (graphkit.pipeline)
# an output folder written before the marker existed: all of these files are in it
LEGACY_OUTPUT_FILES = ("report.md", "report.json")
LEGACY_OUTPUT_GRAPHS = ("graph.trig", "graph.ttl")
OUTPUT_ARTICLE_NAMES = ("report.md", "map.html")  # the outputs an input folder would otherwise read


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that was not turned into an article, and why."""

    source: str
    reason: str
    category: str  # short machine-readable reason: empty, binary, encoding, json, missing, ...

    def __str__(self) -> str:
        return printable(f"{self.source}: {self.reason}")


@dataclass(frozen=True, slots=True)
class Note:
    """Something worth telling the user about an article that was read (e.g. bytes replaced)."""

    source: str
    message: str

    def __str__(self) -> str:
        return printable(f"{self.source}: {self.message}")


# control characters (newline, CR, ESC, BEL, ...), the Unicode line breaks, bidi overrides and isolates
# (they reorder what a terminal shows) and lone surrogates (an undecodable byte in a file name)
_UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` safe to show on one line of a terminal, a log or a Markdown file: line breaks, control
    characters (ANSI escapes), bidi overrides and lone surrogates become visible escapes (``\\n``,
    ``\\x1b``, ``\\u202e``), so a file name cannot print a fake log line or recolour the terminal.
    Other text, in any script, stays as it is.

    >>> printable("a\\nb\\x1b[31m.txt"), printable("کابل.txt")
    ('a\\\\nb\\\\x1b[31m.txt', 'کابل.txt')
    """
    if not _UNPRINTABLE_RE.search(text):
        return text
    return _UNPRINTABLE_RE.sub(_escape_char, text)


def _escape_char(m: re.Match) -> str:
    ch = m.group()
    return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


# --------------------------------------------------------------------------- public API


def read_articles(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    strict: bool = False,
    on_skip: Callable[[Skip], None] | None = None,
    on_note: Callable[[Note], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Article]:
    """Yield the articles in ``paths`` (files, folders, JSONL), skipping bad ones.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("Kabul is a city.")
    >>> [a.id for a in read_articles(d)]
    ['a']
    """
    for item in iter_inputs(paths, max_bytes=max_bytes, exclude=exclude):
        if isinstance(item, Article):
            yield item
        elif isinstance(item, Note):
            log.warning("%s", item)
            if on_note:
                on_note(item)
        else:
            if strict:
                raise InputError(
                    printable(item.source),
                    printable(item.reason),
                    hint="--strict makes every skipped input fatal",
                )
            log.warning("skipped %s", item)
            if on_skip:
                on_skip(item)


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Article | Skip | Note]:
    """Yield an :class:`Article`, :class:`Skip` or :class:`Note` for everything in ``paths``; folders in
    ``exclude`` (a build's output folder and store) are not read."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    excluded = set()
    for x in exclude:
        with contextlib.suppress(OSError):
            excluded.add(Path(x).resolve())
    seen_ids: dict[str, str] = {}
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            yield Skip(str(root), "no such file or folder", "missing")
            continue
        if root.is_dir():
            found = False
            for f, err, category in _walk(root, excluded):
                if category == "output":
                    yield Note(str(f), err)
                elif err:
                    yield Skip(str(f), err, category)
                elif f.suffix.lower() in ARTICLE_SUFFIXES:
                    found = True
                    yield from _dedupe(_read_file(f, root, max_bytes), seen_ids)
            if not found:
                yield Skip(
                    str(root),
                    f"folder holds no article files ({', '.join(sorted(ARTICLE_SUFFIXES))})",
                    "empty-folder",
                )
        else:
            yield from _dedupe(_read_file(root, None, max_bytes), seen_ids)


def _dedupe(items: Iterable[Article | Skip | Note], seen: dict[str, str]) -> Iterator[Article | Skip | Note]:
    for item in items:
        if isinstance(item, Article):
            if item.id in seen:
                yield Skip(
                    item.path or item.id,
                    f"duplicate article id {item.id!r} (first seen in {seen[item.id]})",
                    "duplicate-id",
                )
                continue
            seen[item.id] = item.path or item.id
        yield item


def _walk(root: Path, excluded: set[Path] = frozenset()) -> Iterator[tuple[Path, str, str]]:
    """``(path, reason, category)`` for the files under root in sorted order; ``reason`` is empty for a
    readable file. A folder reached twice (a symlink loop, or one folder linked twice) is reported
    once and not read again, so loops end. A folder in ``excluded`` is passed over in silence, another
    graphkit output folder is reported with the category ``output``; neither is read (given as ``root``
    itself, only graphkit's report.md and map.html in it are left out)."""
    visited: dict[tuple[int, int], Path] = {}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError as e:
            yield folder, f"cannot open folder ({e.strerror})", "unreadable"
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited:
            first = visited[ident]
            target = folder.resolve()
            if folder.is_symlink() and (
                target == folder.parent.resolve() or target in folder.parent.resolve().parents
            ):
                yield folder, f"symbolic link loop (points back to {first}); not followed", "symlink-loop"
            else:
                yield folder, f"folder already read as {first}; not read twice", "symlink-loop"
            continue
        visited[ident] = folder
        own = bool(excluded) and _resolved(folder) in excluded  # this build's --out or --store: no note
        why = "" if own else _output_folder(folder)
        outputs_here: tuple[str, ...] = ()
        if (own or why) and folder == root:  # named as the input itself: read it, but not graphkit's files
            outputs_here = OUTPUT_ARTICLE_NAMES
            if why:
                yield (
                    folder,
                    f"holds graphkit outputs: its {' and '.join(outputs_here)} are not read",
                    "output",
                )
        elif own or why:
            if why:
                yield folder, why, "output"
            continue
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as e:
            yield folder, f"cannot list folder ({e.strerror})", "unreadable"
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name in outputs_here:
                continue
            try:
                if entry.is_dir():
                    subfolders.append(entry)
                elif entry.is_file():
                    yield entry, "", ""
                elif entry.suffix.lower() not in ARTICLE_SUFFIXES:
                    continue  # not an article (a sidecar linked to a device is noted where it is read)
                elif entry.is_symlink():
                    yield entry, _link_problem(entry), "unreadable"
                else:
                    yield entry, "not a regular file (a pipe, socket or device)", "unreadable"
            except OSError as e:
                yield entry, f"cannot open ({e.strerror})", "unreadable"
        stack.extend(reversed(subfolders))


def _resolved(folder: Path) -> Path | None:
    try:
        return folder.resolve()
    except OSError:
        return None


def _output_folder(folder: Path) -> str:
    """Why ``folder`` holds graphkit's outputs (from another build) and is not read ("" when it does not)."""
    if (folder / OUTPUT_MARKER).is_file():
        return f"graphkit output folder (it holds {OUTPUT_MARKER}); not read as articles"
    if all((folder / n).is_file() for n in LEGACY_OUTPUT_FILES) and any(
        (folder / n).is_file() for n in LEGACY_OUTPUT_GRAPHS
    ):
        return (
            "graphkit output folder (it holds report.md, report.json and a graph file); not read as articles"
        )
    return ""


def _link_problem(link: Path) -> str:
    try:
        os.stat(link)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symbolic link loop (the link points to itself)"
        return f"broken symbolic link ({e.strerror})"
    return "not a regular file"


# --------------------------------------------------------------------------- one file


def _read_file(path: Path, root: Path | None, max_bytes: int) -> Iterator[Article | Skip | Note]:
    suffix = path.suffix.lower()
    source = str(path)
    try:
        st = path.stat()
    except OSError as e:
        reason = "symbolic link loop" if e.errno == errno.ELOOP else f"cannot read ({e.strerror or e})"
        yield Skip(source, reason, "unreadable")
        return
    if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
        yield Skip(source, "not a regular file (a pipe, socket or device)", "unreadable")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, max_bytes)
        return
    if st.st_size > max_bytes:
        yield Skip(source, _too_many_bytes(st.st_size, max_bytes), "too-large")
        return
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as e:
        yield Skip(source, f"cannot read ({e.strerror or e})", "unreadable")
        return
    if len(data) > max_bytes:
        yield Skip(source, _too_many_bytes(len(data), max_bytes, at_least=True), "too-large")
        return
    if suffix in HTML_SUFFIXES and _GRAPHKIT_PAGE_RE.search(data[:4096]):
        # a map page graphkit wrote (graphkit html --out into an input folder): no article of its own
        yield Skip(
            source, "a graphkit map page (its generator tag says so); not read as an article", "own-output"
        )
        return
    decoded = decode_bytes(data, source, declared=_html_charset(data) if suffix in HTML_SUFFIXES else None)
    if isinstance(decoded, Skip):
        yield decoded
        return
    text, note = decoded
    if note:
        yield Note(source, note)
    meta: dict[str, str] = {}
    if suffix in HTML_SUFFIXES:
        text, meta = html_to_text(text)
    else:
        text, meta = split_front_matter(text)
    sidecar = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
    if os.path.lexists(sidecar):
        extra, problem = read_sidecar(sidecar)
        if problem:
            yield Note(str(sidecar), f"ignored sidecar metadata ({problem})")
        meta.update(extra)
    default_id = _default_id(path, root)
    yield from _make_article(meta, text, source, default_id)


def read_sidecar(path: Path, max_bytes: int = MAX_SIDECAR_BYTES) -> tuple[dict[str, object], str]:
    """``(metadata, problem)`` of a ``NAME.meta.json``; ``problem`` is "" when it was read. Only a regular
    file of at most ``max_bytes`` is read, opened without blocking: a pipe, a socket, a device
    (a link to ``/dev/zero``) or a huge file is refused unread, so a sidecar can neither hang a build
    nor fill its memory."""
    fix = "; make it a JSON object in a regular file"
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return {}, f"not a regular file (a pipe, socket or device){fix}"
        if st.st_size > max_bytes:
            return (
                {},
                f"file is {st.st_size:,} bytes, over the limit of {max_bytes:,} bytes for a sidecar{fix}",
            )
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # replaced since the stat() above
                return {}, f"not a regular file (a pipe, socket or device){fix}"
            data = f.read(max_bytes + 1)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return {}, "symbolic link loop"
        return {}, f"cannot read ({e.strerror or e})"
    if len(data) > max_bytes:
        return {}, f"file is more than {max_bytes:,} bytes, over the limit for a sidecar{fix}"
    try:
        extra = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return {}, "not UTF-8"
    except RecursionError:
        return {}, "not valid JSON (nested too deeply)"
    except ValueError as e:
        return {}, _one_line(e)
    if not isinstance(extra, dict):
        return {}, "not a JSON object"
    return {k: v for k, v in extra.items() if k in METADATA_KEYS}, ""


def _too_many_bytes(size: int, limit: int, *, at_least: bool = False) -> str:
    return (
        f"file is {'more than ' if at_least else ''}{size - at_least:,} bytes, over the limit of {limit:,} bytes "
        "for one article "
        "(raise it with --max-bytes)"
    )


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:200] or type(e).__name__


def _default_id(path: Path, root: Path | None) -> str:
    if root is None:
        return path.stem
    rel = path.relative_to(root).with_suffix("")
    return rel.as_posix()


def _make_article(
    meta: dict[str, object], text: str, source: str, default_id: str
) -> Iterator[Article | Skip | Note]:
    """The article (or a Skip), after a Note for a date that is left out."""
    text = clean_text(text)
    if not text.strip():
        yield Skip(source, "no text (empty or whitespace only)", "empty")
        return
    fields: dict[str, str | None] = {}
    for key in ("title", "date", "source", "url"):
        value = meta.get(key)
        if value is None or value == "":
            fields[key] = None
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            fields[key] = clean_text(str(value)).strip() or None
        else:
            yield Skip(source, f"metadata {key!r} must be a string, not {type(value).__name__}", "metadata")
            return
    art_id = meta.get("id", default_id)
    if not isinstance(art_id, str | int) or isinstance(art_id, bool):
        yield Skip(
            source, f"article id must be a string or an integer, not {type(art_id).__name__}", "metadata"
        )
        return
    clean_id = " ".join(clean_text(str(art_id)).split())
    if not clean_id:
        yield Skip(source, "article id is empty", "metadata")
        return
    date = fields["date"]
    if date is not None:
        fields["date"] = normalise_date(date)
        if fields["date"] is None:
            yield Note(
                source,
                f"date {date[:60]!r} left out: not an ISO 8601 date (use YYYY-MM-DD, YYYY-MM, YYYY "
                "or a whole date and time such as 2021-06-22T10:00:00+04:30)",
            )
    yield Article(id=clean_id, text=text, path=source, **fields)  # type: ignore[arg-type]


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([T ].*)?$")


def normalise_date(value: str) -> str | None:
    """``2021-06-22T10:00Z`` -> ``2021-06-22``; ``2021-06`` stays; nonsense -> None.

    The whole value must parse: a time after the date is read by :meth:`datetime.datetime.fromisoformat`
    (hours up to 23, minutes and seconds up to 59, offsets under 24 hours), so
    ``9999-12-31T99:99:99`` and ``2021-06-22T10:00+99:99`` are refused, not cut to their date.

    >>> normalise_date("2021-06-22T10:00:00+04:30"), normalise_date("2021-06-22T99:99"), normalise_date("2021-06")
    ('2021-06-22', None, '2021-06')
    """
    import datetime

    value = value.strip()
    m = _DATE_RE.match(value)
    if not m:
        return None
    y, mo, d, rest = m.groups()
    if mo and not 1 <= int(mo) <= 12:
        return None
    if rest and not d:
        return None
    if d:
        try:
            datetime.date(int(y), int(mo), int(d))
            if rest:
                datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
        return f"{y}-{mo}-{d}"
    return f"{y}-{mo}" if mo else y


# --------------------------------------------------------------------------- JSONL


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | Skip | Note]:
    """One article per line, streamed: memory stays bounded by the longest line, not the file."""
    source = str(path)
    try:
        f = path.open("rb")
    except OSError as e:
        yield Skip(source, f"cannot read ({e.strerror or e})", "unreadable")
        return
    with f:
        head = f.read(8)
        for magic, what in _MAGIC.items():
            if head.startswith(magic):
                yield Skip(source, f"binary file ({what}), not JSON lines", "binary")
                return
        encoding, bom_len = "utf-8", 0
        for bom, enc in _BOMS:
            if head.startswith(bom):
                encoding, bom_len = enc, len(bom)
                break
        f.seek(bom_len)
        replaced_lines: list[int] = []
        any_line = False
        for lineno, line in _jsonl_lines(f, encoding, max_bytes, replaced_lines):
            where = f"{path}:{lineno}"
            if line is None:
                any_line = True
                yield Skip(
                    where,
                    f"line is over the limit of {max_bytes:,} bytes (raise it with --max-bytes)",
                    "too-large",
                )
                continue
            if not line.strip():
                continue
            any_line = True
            yield from _jsonl_record(path, where, lineno, line)
        if replaced_lines:
            shown = ", ".join(map(str, replaced_lines[:5])) + (" ..." if len(replaced_lines) > 5 else "")
            yield Note(source, f"invalid {encoding.upper()} bytes replaced with U+FFFD on line(s) {shown}")
        if not any_line:
            yield Skip(source, "no records (empty file)", "empty")


def _jsonl_lines(f, encoding: str, max_bytes: int, replaced: list[int]) -> Iterator[tuple[int, str | None]]:
    """``(line number, text)``; text is None for a line over ``max_bytes`` (its bytes are not kept)."""
    if encoding != "utf-8":  # UTF-16/32 with a byte-order mark: let the codec find the line ends
        stream = io.TextIOWrapper(f, encoding=encoding, errors="replace", newline="")
        lineno = 0
        while True:
            line = stream.readline(max_bytes + 1)
            if not line:
                return
            lineno += 1
            if len(line) > max_bytes and not line.endswith("\n"):
                while line and not line.endswith("\n"):
                    line = stream.readline(1 << 20)
                yield lineno, None
                continue
            if "\ufffd" in line:
                replaced.append(lineno)
            yield lineno, line
    lineno = 0
    while True:
        raw = f.readline(max_bytes + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # drop the rest of the line without keeping it
                raw = f.readline(1 << 20)
            yield lineno, None
            continue
        try:
            yield lineno, raw.decode("utf-8")
        except UnicodeDecodeError:
            replaced.append(lineno)
            yield lineno, raw.decode("utf-8", errors="replace")


def _jsonl_record(path: Path, where: str, lineno: int, line: str) -> Iterator[Article | Skip | Note]:
    try:
        record = json.loads(line, strict=False)  # strict=False: raw tabs/control characters inside strings
    except json.JSONDecodeError as e:
        yield Skip(where, f"not valid JSON ({e.msg} at column {e.colno})", "json")
        return
    except RecursionError:
        yield Skip(where, "not valid JSON (nested too deeply)", "json")
        return
    if not isinstance(record, dict):
        yield Skip(where, f"expected a JSON object, got {_json_type(record)}", "json")
        return
    body = record.get("text")
    if body is None:
        yield Skip(where, "no 'text' field", "json")
        return
    if not isinstance(body, str):
        yield Skip(where, f"'text' must be a string, not {_json_type(body)}", "json")
        return
    default_id = f"{path.stem}-{lineno}"
    if "id" not in record:
        record = {**record, "id": default_id}
    yield from _make_article(record, body, where, default_id)


def _json_type(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)  # fmt: skip


# --------------------------------------------------------------------------- decoding

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"RIFF": "a RIFF file (WAV, AVI or WebP)",
    b"ID3": "an MP3 file",
    b"OggS": "an Ogg file",
    b"fLaC": "a FLAC file",
    b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX/EPUB)",
    b"\x1f\x8b": "a gzip archive",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ\x00": "an xz archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!\x1a\x07": "a RAR archive",
    b"\x28\xb5\x2f\xfd": "a zstd archive",
    b"SQLite format 3\x00": "an SQLite database",
    b"\x7fELF": "an executable",
    b"MZ": "a Windows executable",
    b"\xca\xfe\xba\xbe": "a Java class or Mach-O file",
    b"\xd0\xcf\x11\xe0": "a Microsoft Office document",
    b"\x00asm": "a WebAssembly module",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# C0/C1 control characters that no text file holds in quantity (tab, newline, CR and form feed excluded)
_BINARY_CHARS_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
BINARY_CONTROL_SHARE = 0.05  # more than 5 % control characters: a binary file, not text


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> tuple[str, str] | Skip:
    """Decode file bytes to text, returning ``(text, note)`` or a :class:`Skip`.

    Order: a byte-order mark decides; binary files (magic numbers, NUL bytes) are
    skipped; strict UTF-8; a charset the file declares (``declared``, from HTML
    ``<meta charset>``); UTF-8 with replacement when only a few bytes are bad (the
    note says how many); else Windows-1252 (a superset of Latin-1's printable range).
    Text that decodes to mostly control characters is binary after all and skipped.
    The note is empty when nothing needs saying.

    >>> decode_bytes("café".encode("latin-1"), "x")
    ('café', 'not UTF-8; decoded as Windows-1252')
    >>> decode_bytes(b"%PDF-1.4", "x").category
    'binary'
    """
    text, note = "", ""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(enc)
                note = "" if enc == "utf-8" else f"decoded as {enc[:6].upper()} (byte-order mark)"
            except UnicodeDecodeError:
                text = data[len(bom) :].decode(enc, errors="replace")
                note = f"invalid {enc.upper()} bytes replaced with U+FFFD"
            return _unless_binary(text, note, source)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return Skip(source, f"binary file ({what}), not text", "binary")
    if b"\x00" in data[:4096]:
        nul = data.count(b"\x00")
        if nul * 3 > len(data):  # UTF-16 without a BOM has a NUL in every other byte
            for enc, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
                if zeros.count(0) * 10 >= len(zeros) * 9:
                    try:
                        text = data.decode(enc)
                    except UnicodeDecodeError:
                        continue
                    return _unless_binary(text, f"decoded as {enc.upper()} (no byte-order mark)", source)
        if nul > max(4, len(data) // 20):
            return Skip(source, "binary file (many NUL bytes), not text", "binary")
    try:
        return _unless_binary(data.decode("utf-8"), "", source)
    except UnicodeDecodeError as e:
        first_error = e
    if declared and declared != "utf-8":
        try:
            return _unless_binary(
                data.decode(declared, errors="replace"), f"decoded as {declared} (declared)", source
            )
        except LookupError:
            pass
    if first_error.start >= len(data) - 3:  # a UTF-8 file cut off in the middle of its last character?
        try:
            head = data[: first_error.start].decode("utf-8")
        except UnicodeDecodeError:
            head = ""
        if any(ord(ch) > 127 for ch in head):  # other UTF-8 characters decoded: it is UTF-8, cut short
            return _unless_binary(
                head + "\ufffd",
                "truncated UTF-8 character at the end replaced with U+FFFD",
                source,
                allowed=1,
            )
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    multibyte_ok = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    if multibyte_ok and bad <= max(3, multibyte_ok // 4):
        return _unless_binary(
            replaced, f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD", source, allowed=bad
        )
    text = data.decode("cp1252", errors="replace")
    if "\ufffd" in text:  # bytes undefined in cp1252: fall back to Latin-1 for those
        return _unless_binary(data.decode("latin-1"), "not UTF-8; decoded as Latin-1", source)
    return _unless_binary(text, "not UTF-8; decoded as Windows-1252", source)


def _unless_binary(text: str, note: str, source: str, *, allowed: int = 0) -> tuple[str, str] | Skip:
    """``(text, note)``, or a Skip when the "text" is mostly control characters (random or binary bytes)."""
    sample = text[:65536]
    if sample:
        controls = len(_BINARY_CHARS_RE.findall(sample)) - min(allowed, len(sample))
        if controls > 8 and controls > BINARY_CONTROL_SHARE * len(sample):
            share = round(100 * controls / len(sample))
            return Skip(source, f"binary file ({share} % control characters), not text", "binary")
    return text, note


_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


def _html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (``<meta charset=...>``), if Python knows it."""
    m = _CHARSET_RE.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # as browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII are Windows-1252
    return "cp1252" if name in ("iso8859-1", "ascii") else name


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Normalise newlines and replace control characters (not tab/newline) with spaces.

    Replacing instead of deleting keeps the text's length stable within lines, and
    keeps characters that RDF serialisers and HTML cannot carry out of the graph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub(" ", text)


# --------------------------------------------------------------------------- front matter


_FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Split a leading ``---``-delimited ``key: value`` block off the text.

    Only the known metadata keys are read; values may be quoted. Without a block
    the text is returned unchanged.
    """
    m = _FRONT_RE.match(text.lstrip("\ufeff"))
    if not m:
        return text, {}
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in METADATA_KEYS:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        meta[key] = value
    return text.lstrip("\ufeff")[m.end() :], meta


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = {
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object",
    "nav", "header", "footer", "aside", "form", "button", "select", "menu", "figure",
}  # fmt: skip
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "dd", "dt", "body",
}  # fmt: skip
_VOID_TAGS = {
    "br",
    "img",
    "hr",
    "meta",
    "link",
    "input",
    "source",
    "wbr",
    "area",
    "base",
    "col",
    "embed",
    "param",
    "track",
}


_DISPLAY_NONE_RE = re.compile(r"(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)


def _is_hidden(attrs: dict[str, str]) -> bool:
    """An element a reader never sees: ``hidden``, ``aria-hidden="true"`` or an inline ``display: none``."""
    return (
        "hidden" in attrs
        or attrs.get("aria-hidden", "").lower() == "true"
        or bool(_DISPLAY_NONE_RE.search(attrs.get("style", "")))
    )


class _ArticleHTML(HTMLParser):
    """Collect paragraph text per container (article/main/body) and metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.hidden: list[bool] = []  # parallel to stack: did this element start a skipped region?
        self.buffers: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self.containers: list[str] = []
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            content = a.get("content", "")
            mapping = {
                "og:title": "title", "twitter:title": "title",
                "article:published_time": "date", "date": "date", "pubdate": "date",
                "datepublished": "date", "dc.date": "date", "og:site_name": "source",
                "og:url": "url",
            }  # fmt: skip
            if key in mapping and content and mapping[key] not in self.meta:
                self.meta[mapping[key]] = content
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.meta.setdefault("url", a["href"])
            return
        if tag == "time" and a.get("datetime"):
            self.meta.setdefault("date", a["datetime"])
        if tag in _VOID_TAGS:
            if tag == "br":
                self._text("\n")
            return
        self.stack.append(tag)
        skipped = tag in _SKIP_TAGS or _is_hidden(a)
        self.hidden.append(skipped)
        if skipped:
            self.skip_depth += 1
        if tag in ("article", "main", "body"):
            self.containers.append(tag)
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK_TAGS:
            self._text("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS or tag not in self.stack:
            return
        while self.stack:  # close unclosed children too
            top = self.stack.pop()
            if self.hidden.pop():
                self.skip_depth -= 1
            if top in ("article", "main", "body") and self.containers:
                self.containers.pop()
            if top == "title":
                self.in_title = False
            if top == "h1":
                self.in_h1 = False
            if top == tag:
                break
        if tag in _BLOCK_TAGS:
            self._text("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self._text(data)

    def _text(self, data: str) -> None:
        if self.skip_depth:
            return
        targets = set(self.containers) or {"body"}
        for name in targets:
            self.buffers[name].append(data)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Article text and metadata from an HTML page (no navigation, scripts or styles)."""
    parser = _ArticleHTML()
    parser.feed(html)
    parser.close()
    for name in ("article", "main", "body"):
        raw = "".join(parser.buffers[name])
        if raw.strip():
            break
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in re.split(r"\n\s*\n", raw)]
    text = "\n\n".join(p for p in paragraphs if p)
    meta = dict(parser.meta)
    title = " ".join("".join(parser.title_parts).split()) or " ".join("".join(parser.h1_parts).split())
    if title and "title" not in meta:
        meta["title"] = title
    return text, meta
