"""Durable, atomic filesystem steps: fsync of files and directories, and the directory swap.

A partition is replaced by exchanging two directories with Linux `renameat2(RENAME_EXCHANGE)`, so at
every instant the partition path names either the complete old directory or the complete new one.
"""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def fsync_dir(path: Path) -> None:
    """Make a directory's entries (created, renamed, removed files) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _load_renameat2():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


class ExchangeUnsupported(OSError):
    """The platform or filesystem cannot exchange two paths atomically."""


def exchange(a: Path, b: Path) -> None:
    """Atomically swap the directory entries `a` and `b` (both must exist)."""
    if _renameat2 is None:
        raise ExchangeUnsupported(errno.ENOSYS, "renameat2 is not available in this C library")
    rc = _renameat2(AT_FDCWD, os.fsencode(os.fspath(a)), AT_FDCWD, os.fsencode(os.fspath(b)), RENAME_EXCHANGE)
    if rc != 0:
        err = ctypes.get_errno()
        if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise ExchangeUnsupported(err, f"renameat2(RENAME_EXCHANGE) unsupported here: {os.strerror(err)}")
        raise OSError(err, os.strerror(err), os.fspath(a), None, os.fspath(b))
