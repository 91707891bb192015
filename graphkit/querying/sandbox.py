"""Take the network away from the current process (Linux seccomp), for the query workers.

A query engine that evaluates ``SERVICE`` or ``LOAD`` opens an internet socket to fetch a URL.
:func:`forbid_network` installs a seccomp filter on every thread of the process that makes
``socket(AF_INET, ...)`` and ``socket(AF_INET6, ...)`` fail with ``EACCES``; Unix sockets and
pipes still work. It cannot be undone: a worker that ran it can fetch nothing, whatever query
reaches it and whatever the query check missed. Returns why it could not be installed
(not Linux x86-64/aarch64, seccomp not allowed), or ``None`` once it is in place.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket

# (audit architecture, socket syscall number, seccomp syscall number)
_ARCH = {"x86_64": (0xC000003E, 41, 317), "aarch64": (0xC00000B7, 198, 277)}
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1  # every thread of the process, not only this one
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_LD_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET = 0x06  # BPF_RET | BPF_K


class _Filter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    ]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def forbid_network() -> str | None:
    arch = _ARCH.get(platform.machine())
    if platform.system() != "Linux" or arch is None:
        return f"no network sandbox on {platform.system()} {platform.machine()}"
    audit, nr_socket, nr_seccomp = arch
    refuse = _RET_ERRNO | errno.EACCES
    code = [
        (_LD_ABS, 0, 0, 4),  # 0: seccomp_data.arch
        (_JEQ, 1, 0, audit),  # 1: this ABI: go on
        (_RET, 0, 0, refuse),  # 2: another ABI (i386 calls on x86-64): no system call at all
        (_LD_ABS, 0, 0, 0),  # 3: seccomp_data.nr
        (_JGE, 4, 0, 0x40000000),  # 4: the x32 ABI (same arch, high bit set): refused
        (_JEQ, 0, 4, nr_socket),  # 5: not socket(): allowed
        (_LD_ABS, 0, 0, 16),  # 6: seccomp_data.args[0] (low 32 bits): the address family
        (_JEQ, 1, 0, socket.AF_INET),  # 7
        (_JEQ, 0, 1, socket.AF_INET6),  # 8
        (_RET, 0, 0, refuse),  # 9
        (_RET, 0, 0, _RET_ALLOW),  # 10
    ]
    filters = (_Filter * len(code))(*[_Filter(*c) for c in code])
    prog = _Program(len(code), filters)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {errno.errorcode.get(ctypes.get_errno(), '?')}"
        rc = libc.syscall(
            nr_seccomp, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(prog)
        )
        if rc != 0:
            return f"seccomp failed: {errno.errorcode.get(ctypes.get_errno(), rc)}"
    except (OSError, AttributeError) as e:
        return f"seccomp unavailable: {e}"
    return None
