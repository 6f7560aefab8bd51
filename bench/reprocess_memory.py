"""Reprocess backfill from the WARC archive at two corpus sizes: pages per second and peak memory.

    python -m bench.reprocess_memory [--small N] [--large N] [--json OUT]

For each size, a corpus is archived (`bench.corpus.write_archive`: pages and the per-day feeds that
dated them, 10 pages a day, so a bigger corpus spans more months rather than fuller ones) and a
`reprocess` backfill over its whole range runs in a child process (`--child`), which reports its
wall time after an empty flow run has started Prefect, and its own peak RSS (VmHWM). Targets:
peak under 1 GiB, and flat: the large run's peak within 10% of the small run's. `make bench` runs
1,000 vs 10,000 pages (the same 10x as the issue's 10k vs 100k, in about 5 minutes); the issue's sizes:

    python -m bench.reprocess_memory --small 10000 --large 100000 --archive-root /var/tmp/corpora

(writing the 100k-page archive takes ~20 minutes and ~1.7 GB; `--archive-root` keeps it for the next run).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
from contextlib import ExitStack
from datetime import date
from pathlib import Path

from bench.corpus import CorpusSpec, write_archive
from bench.report import (
    Target,
    peak_rss_mib,
    prefect_startup_s,
    print_targets,
    rss_timeline,
    save,
    scratch_dir,
    timed,
)

PAGES_PER_DAY = 10
PEAK_LIMIT_MIB = 1024
FLATNESS = 1.10


def child(
    out: Path, start: date, end: date, pages: int, executor: str, workers: int | None, address: str | None
) -> dict:
    """Run one reprocess backfill in this process; the figures as a dict."""
    from flows.backfill import backfill

    sources = out / "sources.toml"
    startup_s = prefect_startup_s()
    with ExitStack() as stack:
        extra: dict = {}
        if executor == "dask":
            if not address:  # a local cluster started (and its workers' imports done) before the clock starts
                from distributed import Client, LocalCluster

                from flows.backfill import prefect_api_env

                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        env=prefect_api_env(),
                    )
                )
                client = stack.enter_context(Client(cluster))
                client.run(importlib.import_module, "flows.backfill")
                address = cluster.scheduler_address
            extra = {"executor": "dask", "dask_address": address, "max_concurrency": 8}
        with rss_timeline() as timeline:
            seconds, report = timed(
                backfill,
                start_date=start,
                end_date=end,
                mode="reprocess",
                sources_file=str(sources),
                out_dir=str(out),
                **({"max_concurrency": 2} | extra),
            )
    return {
        "pages": pages,
        "seconds": seconds,
        "pages_per_s": pages / seconds,
        "peak_rss_mib": peak_rss_mib(),
        "rss_timeline_mib": timeline,
        "prefect_startup_s": startup_s,
        "articles": report["articles"],
        "statistics": report["statistics"],
    }


ARCHIVE_COMPLETE = ".archive-complete"  # written last: a kept archive without it was interrupted


def prepare(pages: int, root: Path, pages_per_day: int = PAGES_PER_DAY) -> tuple[Path, CorpusSpec]:
    """An output folder holding only the raw archive of `pages` corpus pages, and a sources file naming them.

    A folder kept from an earlier run (`--archive-root`) is reused: its archive is the same bytes (the corpus
    is a function of the seed), and everything but the archive is removed so the backfill starts clean."""
    spec = CorpusSpec(pages, pages_per_day=pages_per_day)
    out = root / f"out-{pages}"
    if (out / ARCHIVE_COMPLETE).exists():
        for entry in out.iterdir():
            if entry.name not in ("raw", ARCHIVE_COMPLETE):
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    else:
        shutil.rmtree(out, ignore_errors=True)
        write_archive(spec, out)
        (out / ARCHIVE_COMPLETE).write_text(f"{pages}\n")
    (out / "sources.toml").write_text(
        "\n".join(
            f'[[sources]]\nname = "{s}"\nfeeds = ["http://127.0.0.1:9/feeds/{s}.xml"]\n' for s in spec.sources
        )
    )
    return out, spec


def run_child(
    out: Path,
    spec: CorpusSpec,
    executor: str = "threads",
    workers: int | None = None,
    address: str | None = None,
) -> dict:
    """The child process's figures (its own PREFECT_HOME under `out`; the range is the corpus's, any length)."""
    env = {
        **os.environ,
        "PREFECT_HOME": str(out / ".prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "bench.reprocess_memory",
        "--child",
        str(out),
        spec.first_day.isoformat(),
        spec.last_day.isoformat(),
        str(spec.pages),
        executor,
        str(workers or 0),
        address or "",
    ]
    finished = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"child failed:\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def run(small: int, large: int, root: Path, keep: bool = False) -> tuple[dict, list[Target]]:
    figures: dict = {"pages_per_day": PAGES_PER_DAY}
    for label, pages in (("small", small), ("large", large)):
        out, spec = prepare(pages, root)
        figures[label] = run_child(out, spec)
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
    growth = figures["large"]["peak_rss_mib"] / figures["small"]["peak_rss_mib"]
    figures["peak_growth"] = growth
    return figures, [
        Target(f"peak RSS at {large} pages", figures["large"]["peak_rss_mib"], PEAK_LIMIT_MIB, unit="MiB"),
        Target(f"peak RSS {large} / {small} pages (flat)", growth, FLATNESS),
    ]


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        out, start, end, pages, executor, workers, address = sys.argv[2:9]
        print(
            json.dumps(
                child(
                    Path(out),
                    date.fromisoformat(start),
                    date.fromisoformat(end),
                    int(pages),
                    executor,
                    int(workers) or None,
                    address or None,
                )
            )
        )
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--archive-root",
        type=Path,
        help="keep the generated archives here and reuse them on the next run (100k pages: ~2 GB)",
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="only write the archives (with --archive-root)"
    )
    args = parser.parse_args(argv)
    if args.archive_root is not None:
        args.archive_root.mkdir(parents=True, exist_ok=True)
        if args.prepare_only:
            for pages in (args.small, args.large):
                prepare(pages, args.archive_root)
            return 0
        figures, targets = run(args.small, args.large, args.archive_root, keep=True)
    else:
        with scratch_dir("reprocess") as root:
            figures, targets = run(args.small, args.large, root)
    print(
        f"reprocess backfill from the WARC archive ({figures['pages_per_day']} pages a day; one child process each)"
    )
    for label in ("small", "large"):
        f = figures[label]
        print(
            f"  {f['pages']:>7d} pages: {f['seconds']:8.1f} s  {f['pages_per_s']:6.1f} pages/s  "
            f"peak RSS {f['peak_rss_mib']:7.1f} MiB  ({f['statistics']} statistics; Prefect start-up "
            f"{f['prefect_startup_s']:.1f} s, not counted)"
        )
        print(
            f"           RSS by twentieths of the run (MiB): {' '.join(f'{v:.0f}' for v in f['rss_timeline_mib'])}"
        )
    print_targets(targets)
    save("reprocess_memory", figures, targets, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
