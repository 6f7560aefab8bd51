"""One tradewire run per output directory at a time: the nightly run and backfills exclude each other.

Chosen over a Prefect concurrency limit because the thing to protect is the output directory, not a
deployment: the lock is an flock on `OUT/_locks/run.lock` (the same mechanism as the per-dataset write
locks), so it holds for flows started by a worker, by `tradewire run/backfill` in a shell, or by two
workers on one machine, needs no server-side set-up, and is released by the kernel when a process dies.
A run that finds the lock taken waits (logging why) up to `TRADEWIRE_RUN_LOCK_TIMEOUT_S` seconds
(default six hours: a nightly run scheduled while a backfill is going simply starts after it), then fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from load.locks import DatasetLockTimeout, dataset_lock, lock_path

RUN_LOCK_NAME = "run"
RUN_LOCK_TIMEOUT_ENV = "TRADEWIRE_RUN_LOCK_TIMEOUT_S"
DEFAULT_RUN_LOCK_TIMEOUT_S = 6 * 3600.0


class RunLockTimeout(TimeoutError):
    """Another tradewire run kept the output directory for longer than this run would wait."""


def run_lock_timeout_s() -> float:
    raw = os.environ.get(RUN_LOCK_TIMEOUT_ENV, "").strip()
    try:
        return float(raw) if raw else DEFAULT_RUN_LOCK_TIMEOUT_S
    except ValueError:
        raise ValueError(f"{RUN_LOCK_TIMEOUT_ENV}={raw!r} is not a number of seconds") from None


def run_lock_path(out_dir: Path) -> Path:
    return lock_path(out_dir, RUN_LOCK_NAME)


@contextmanager
def run_lock(out_dir: Path, timeout_s: float | None = None) -> Iterator[Path]:
    """Hold the output directory's run lock for the duration of a run (nightly or backfill)."""
    timeout = run_lock_timeout_s() if timeout_s is None else timeout_s
    held = dataset_lock(Path(out_dir), RUN_LOCK_NAME, timeout_s=timeout)
    try:
        path = held.__enter__()
    except DatasetLockTimeout:
        raise RunLockTimeout(
            f"another tradewire run (nightly or backfill) is using {out_dir} (lock {run_lock_path(out_dir)}); "
            f"gave up after waiting {timeout:g}s"
        ) from None
    try:
        yield path
    finally:
        held.__exit__(None, None, None)


def run_lock_is_free(out_dir: Path) -> bool:
    """True when no run holds the lock right now (for logging before waiting)."""
    try:
        with dataset_lock(Path(out_dir), RUN_LOCK_NAME, timeout_s=0):
            return True
    except DatasetLockTimeout:
        return False
