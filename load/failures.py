"""Storage failures: the output directory could not take a write (full, read-only, gone, failing disk).

A run that meets one of these stops before anything is marked done, and says so in one line. The
classes below are the errno values that mean "the output storage failed", not "this input is bad":
a full disk is not a reason to skip a page, and the next run must find the same work still to do.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StorageProblem:
    """One errno class: what a person reads, and what they do about it."""

    errno: int
    cause: str
    remedy: str


STORAGE_PROBLEMS: dict[int, StorageProblem] = {
    problem.errno: problem
    for problem in (
        StorageProblem(errno.ENOSPC, "no space left on device", "rerun when there is space"),
        StorageProblem(errno.EDQUOT, "disk quota exceeded", "rerun when there is space in the quota"),
        StorageProblem(errno.EROFS, "read-only file system", "rerun when the output directory is writable"),
        StorageProblem(errno.EACCES, "permission denied", "rerun when the output directory is writable"),
        StorageProblem(errno.EPERM, "operation not permitted", "rerun when the output directory is writable"),
        StorageProblem(errno.EIO, "input/output error", "check the disk, then rerun"),
        StorageProblem(errno.ENOENT, "the output directory vanished", "rerun when it is back"),
    )
}


class StorageError(Exception):
    """The output storage failed during `step`; nothing of the run was marked done.

    Carries only strings and numbers so it crosses process boundaries (Dask workers) intact.
    """

    def __init__(self, message: str, step: str = "", out_dir: str = "", errno_value: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.step = step
        self.out_dir = out_dir
        self.errno = errno_value

    def __reduce__(self):
        return (StorageError, (self.message, self.step, self.out_dir, self.errno))

    def __str__(self) -> str:
        return self.message


def free_megabytes(path: Path) -> float | None:
    """Free space on the filesystem holding `path` (or its nearest existing parent), in MB."""
    for candidate in (path, *path.parents):
        try:
            return shutil.disk_usage(candidate).free / 1e6
        except OSError:
            continue
    return None


# SQLite (the run state) reports the same failures as its own result codes, not as OSError.
SQLITE_STORAGE_CODES = {
    13: errno.ENOSPC,  # SQLITE_FULL: "database or disk is full"
    8: errno.EROFS,  # SQLITE_READONLY: "attempt to write a readonly database"
    10: errno.EIO,  # SQLITE_IOERR: "disk I/O error"
    14: errno.ENOENT,  # SQLITE_CANTOPEN: "unable to open database file"
}


def _errno_of(exc: BaseException) -> int | None:
    if isinstance(exc, OSError):
        return exc.errno
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return None if code is None else SQLITE_STORAGE_CODES.get(code & 0xFF)
    return None


def storage_problem(exc: BaseException, out_dir: Path) -> StorageProblem | None:
    """The storage problem behind `exc`, or None when it is something else.

    ENOENT counts only when the output directory itself is gone: a missing input file is a bug or a
    bad argument, not a storage failure.
    """
    code = _errno_of(exc)
    if code not in STORAGE_PROBLEMS:
        return None
    if code == errno.ENOENT and out_dir.is_dir():
        return None
    return STORAGE_PROBLEMS[code]


def storage_error(exc: BaseException, step: str, out_dir: Path) -> StorageError | None:
    """`exc` as a StorageError naming the step, the directory and the free space; None if not storage."""
    if isinstance(exc, StorageError):
        return exc
    problem = storage_problem(exc, out_dir)
    if problem is None:
        return None
    free = free_megabytes(out_dir)
    room = "" if free is None else f" ({free:.1f} MB free)"
    message = f"{problem.cause} while {step} under {out_dir}{room}; nothing was marked done: {problem.remedy}"
    return StorageError(message, step, str(out_dir), problem.errno)


@contextmanager
def storage_step(step: str, out_dir: Path | str) -> Iterator[None]:
    """Turn a storage OSError raised inside the block into a StorageError that names `step`."""
    try:
        yield
    except (OSError, sqlite3.Error) as exc:
        converted = storage_error(exc, step, Path(out_dir))
        if converted is None or converted is exc:
            raise
        raise converted from exc
