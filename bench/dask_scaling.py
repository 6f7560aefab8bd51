"""Scale-out: a CPU-bound reprocess backfill on 2 Dask workers against 1 (processes, 1 thread each).

    python -m bench.dask_scaling [--pages N] [--json OUT]

One archived corpus (10 pages a day, so its months are even, ~300 pages each, each a work unit) is
reprocessed twice into fresh copies, each run in a child process (`bench.reprocess_memory --child`)
that starts a local Dask cluster of 1 or 2 single-threaded worker processes, imports the project on
the workers, then times `backfill(mode="reprocess", executor="dask", dask_address=...)`: the archive
index read in parts on the workers and merged in the flow process, then every month on the workers,
each committing its own rows, then the trade_facts rebuild and the report in the flow process.
Target: 2 workers give >= 1.7x the pages per second of 1 on this 2-core machine. The default, 9,600
pages (32 months, about 85 s on one worker), is a small backfill; each run also has ~2 s that do not
split (flow start, index merge, facts rebuild, report), which weigh more in a smaller one
(see docs/performance.md for the figure at 4,800 pages).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from bench.report import Target, print_targets, save, scratch_dir
from bench.reprocess_memory import prepare, run_child

TARGET_SPEEDUP = 1.7
PAGES_PER_DAY = 10  # ~300 pages a month: a unit of work worth distributing (see docs/performance.md)


def run(pages: int, root: Path) -> tuple[dict, list[Target]]:
    archive, spec = prepare(pages, root, PAGES_PER_DAY)
    figures: dict = {"pages": pages, "months": len({(d.year, d.month) for d in _days(spec)})}
    for workers in (1, 2):
        out = root / f"workers-{workers}"
        shutil.copytree(archive / "raw", out / "raw")
        shutil.copy(archive / "sources.toml", out / "sources.toml")
        figures[f"workers_{workers}"] = run_child(out, spec, "dask", workers)
    speedup = figures["workers_2"]["pages_per_s"] / figures["workers_1"]["pages_per_s"]
    figures["speedup"] = speedup
    same = figures["workers_1"]["statistics"] == figures["workers_2"]["statistics"]
    figures["same_statistics"] = same
    return figures, [Target("pages/s with 2 Dask workers / 1 worker", speedup, TARGET_SPEEDUP, at_most=False)]


def _days(spec):
    from bench.corpus import published_at

    return [published_at(spec, n) for n in range(0, spec.pages, PAGES_PER_DAY)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=9600)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with scratch_dir("dask") as root:
        figures, targets = run(args.pages, root)
    print(
        f"Dask scale-out: reprocess of {figures['pages']} archived pages in {figures['months']} month partitions"
    )
    for workers in (1, 2):
        f = figures[f"workers_{workers}"]
        print(
            f"  {workers} worker{'s' if workers > 1 else ' '}: {f['seconds']:7.1f} s  {f['pages_per_s']:6.1f} pages/s "
            f"({f['statistics']} statistics)"
        )
    print(f"  same statistics with 1 and 2 workers: {figures['same_statistics']}")
    print_targets(targets)
    save("dask_scaling", figures, targets, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
