"""What every benchmark of issue 8 prints and saves: figures beside their targets, and a JSON file.

A target is met or not on one line (`Target.line`), so `make bench` output reads as a checklist;
the JSON (bench/results/<name>.json by default, git-ignored) keeps every figure for comparing commits.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Target:
    """A measured figure against its bound: `at_most` (ratio <= bound) or at least."""

    name: str
    measured: float
    bound: float
    at_most: bool = True
    unit: str = ""

    @property
    def met(self) -> bool:
        return self.measured <= self.bound if self.at_most else self.measured >= self.bound

    def line(self) -> str:
        sign = "<=" if self.at_most else ">="
        return (
            f"  {self.name:<48s} {self.measured:10.3f}{self.unit:<3s} target {sign} {self.bound:g}{self.unit}  "
            f"{'MET' if self.met else 'NOT MET'}"
        )


def machine() -> dict[str, Any]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "commit": commit,
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def save(name: str, figures: dict[str, Any], targets: list[Target], path: Path | None = None) -> Path:
    """Write figures and targets as JSON (default bench/results/<name>.json); return the path."""
    path = path or RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "benchmark": name,
                "machine": machine(),
                "figures": figures,
                "targets": [{**asdict(t), "met": t.met} for t in targets],
            },
            indent=2,
            default=str,
        )
    )
    return path


def print_targets(targets: list[Target]) -> None:
    for target in targets:
        print(target.line())


def timed(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def peak_rss_mib() -> float:
    """This process's peak resident set (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def rss_mib() -> float:
    """This process's resident set now (VmRSS), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


@contextmanager
def rss_timeline(buckets: int = 20, interval_s: float = 0.2) -> Iterator[list[float]]:
    """The highest RSS (MiB) in each of `buckets` equal slices of the block's wall time, filled in when
    the block ends: where in a run its peak memory is (the index pass, the months, the final rebuild)."""
    import threading

    samples: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append((time.perf_counter(), rss_mib()))
            stop.wait(interval_s)

    thread = threading.Thread(target=sample, daemon=True)
    started = time.perf_counter()
    thread.start()
    timeline: list[float] = []
    try:
        yield timeline
    finally:
        stop.set()
        thread.join()
        span = max(time.perf_counter() - started, 1e-9)
        highest = [0.0] * buckets
        for moment, rss in samples:
            slot = min(buckets - 1, int((moment - started) / span * buckets))
            highest[slot] = max(highest[slot], rss)
        timeline.extend(round(value, 1) for value in highest)


def prefect_startup_s() -> float:
    """Seconds a first, empty flow run takes: the ephemeral Prefect server's start-up, reported on its own."""
    from prefect import flow

    @flow(name="bench-startup")
    def empty() -> None:
        return None

    seconds, _ = timed(empty)
    return seconds


@contextmanager
def scratch_dir(name: str) -> Iterator[Path]:
    """A temporary working folder for one benchmark, removed afterwards whatever happens."""
    root = Path(tempfile.mkdtemp(prefix=f"tradewire-bench-{name}-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)
