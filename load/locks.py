"""One writer per dataset at a time: an exclusive flock on a file outside the dataset directory.

flock locks belong to an open file description, so two threads of one process exclude each other
as well as two processes. The lock lives in `out_dir/_locks/` so no reader glob ever sees it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_LOCK_TIMEOUT_S = 300.0
_POLL_INTERVAL_S = 0.05


class DatasetLockTimeout(TimeoutError):
    """Another writer held the dataset's lock for longer than we were willing to wait."""


def lock_path(out_dir: Path, dataset: str) -> Path:
    return Path(out_dir) / "_locks" / f"{dataset}.lock"


@contextmanager
def dataset_lock(out_dir: Path, dataset: str, timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Iterator[Path]:
    """Hold the dataset's write lock; wait up to `timeout_s`, then raise `DatasetLockTimeout`."""
    path = lock_path(out_dir, dataset)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatasetLockTimeout(
                        f"timed out after {timeout_s:g}s waiting for the write lock {path} "
                        f"(another tradewire writer is writing {dataset!r})"
                    ) from None
                time.sleep(_POLL_INTERVAL_S)
        try:
            yield path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
