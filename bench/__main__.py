"""`make bench`: every benchmark, each in its own process with its own PREFECT_HOME, targets printed
beside the measured figures, JSON written to bench/results/<name>.json (git-ignored).

    python -m bench [--only NAME ...] [--quick]

Sizes are chosen to finish in about 15 minutes on a 2-core machine (see docs/performance.md for the
figures and for the sizes the issue asks for); `--quick` shrinks them further for a smoke run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import RESULTS_DIR

ROOT = Path(__file__).resolve().parent.parent
DEVSET_BODIES = ROOT.parent / "shared" / "devset" / "bodies"

# name -> (arguments, quick arguments); the --json path is added for each.
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "transform_cost": (["--pages", "300"], ["--pages", "60"]),
    "prefect_overhead": (["--pages", "2000"], ["--pages", "150"]),
    "reprocess_memory": (["--small", "1000", "--large", "10000"], ["--small", "60", "--large", "600"]),
    "incremental_nightly": (
        ["--sources", "20", "--pages-per-source", "5"],
        ["--sources", "20", "--pages-per-source", "1"],
    ),
    "dask_scaling": (["--pages", "9600"], ["--pages", "600"]),
    "politeness": ([], ["--pages", "10"]),
    "body_extraction": ([str(DEVSET_BODIES)], [str(DEVSET_BODIES)]),
    "write_read": (["--rows", "200000"], ["--rows", "50000"]),
    "whole_run": ([str(DEVSET_BODIES)], [str(DEVSET_BODIES), "--copies", "1"]),
}
# Benchmarks over the devset's real pages: skipped cleanly where ../shared/devset is absent.
NEEDS_DEVSET_BODIES = frozenset({"body_extraction", "whole_run"})


def run_one(name: str, arguments: list[str]) -> tuple[int, float]:
    home = Path(tempfile.mkdtemp(prefix=f"tradewire-bench-{name}-prefect-"))
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    json_path = RESULTS_DIR / f"{name}.json"
    started = time.perf_counter()
    try:
        code = subprocess.run(
            [sys.executable, "-m", f"bench.{name}", *arguments, "--json", str(json_path)],
            cwd=ROOT,
            env=env,
            check=False,
        ).returncode
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return code, time.perf_counter() - started


def _targets(name: str) -> list[str]:
    """The target lines of a benchmark's JSON (benchmarks written for issue 8 record them)."""
    try:
        saved = json.loads((RESULTS_DIR / f"{name}.json").read_text())
    except (OSError, ValueError):
        return []
    if not isinstance(saved, dict):
        return []
    return [
        f"{t['name']}: {t['measured']:.3f}{t['unit']} (target {'<=' if t['at_most'] else '>='} "
        f"{t['bound']:g}{t['unit']}) {'MET' if t['met'] else 'NOT MET'}"
        for t in saved.get("targets", [])
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run just these")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes: a smoke run, figures not comparable"
    )
    args = parser.parse_args(argv)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    chosen = args.only or list(BENCHMARKS)
    outcomes = []
    for name in chosen:
        full, quick = BENCHMARKS[name]
        if name in NEEDS_DEVSET_BODIES and not (DEVSET_BODIES / "ground_truth.json").is_file():
            print(f"\n== {name}: skipped (no devset at {DEVSET_BODIES})")
            outcomes.append((name, "skipped", 0.0))
            continue
        print(f"\n== {name}", flush=True)
        code, seconds = run_one(name, quick if args.quick else full)
        outcomes.append((name, "ok" if code == 0 else f"exit {code}", seconds))
    print("\n== summary (figures: each benchmark's lines above and bench/results/<name>.json)")
    for name, status, seconds in outcomes:
        print(f"  {name:<22s} {status:<8s} {seconds:7.1f} s")
        for target in _targets(name) if status == "ok" else []:
            print(f"    {target}")
    return 0 if all(status in ("ok", "skipped") for _, status, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
