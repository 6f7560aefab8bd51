"""Prefect's share of an end-to-end nightly run: the flow against the same stages as plain functions.

    python -m bench.prefect_overhead [--pages N] [--json OUT]

A corpus of N pages over 4 sources is served from 127.0.0.1 with politeness off (min_delay_s 0).
First an empty flow run starts the ephemeral Prefect server (its start-up is reported on its own
line); then `flows.nightly.nightly` runs over the corpus; then the same stages as plain functions
(`flows.stages`: discover per source, process batches of BATCH_SIZE on TASK_WORKERS threads as the
flow's task runner does, commit per dataset, rebuild trade_facts, remember) into another folder.
Prefect's share = (flow - plain) / flow. Target <= 20%. Run it with its own PREFECT_HOME (bench/__main__
does) so no other server or database is involved.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.corpus import CorpusSpec, serve_corpus, write_sources
from bench.report import Target, prefect_startup_s, print_targets, save, scratch_dir, timed

TARGET_SHARE = 0.20


def plain_run(sources_file: Path, out: Path) -> int:
    """The nightly run's stages without Prefect; returns the statistics written."""
    from extract.archive import RawArchive
    from extract.http import HttpClient
    from flows import stages
    from flows.config import load_sources
    from flows.nightly import TASK_WORKERS
    from flows.run_context import new_run_id
    from flows.stages import BATCH_SIZE
    from load.facts import rebuild_trade_facts
    from load.state import StateStore

    sources = load_sources(sources_file)
    out.mkdir(parents=True, exist_ok=True)
    run_id = new_run_id()
    work_dir = stages.run_folder(out, run_id)
    window = stages.DateWindow()
    with HttpClient() as client, RawArchive(out, run_id) as archive, ThreadPoolExecutor(TASK_WORKERS) as pool:
        with StateStore(out) as state:
            discoveries = list(
                pool.map(
                    lambda s: stages.discover_source(s, client, state, work_dir, window, archive=archive),
                    sources,
                )
            )
        by_name = {s.name: s for s in sources}

        def batch(job: tuple) -> stages.BatchSummary:
            discovery, number = job
            entries = stages.read_entries(discovery.entries_path)[
                number * BATCH_SIZE : (number + 1) * BATCH_SIZE
            ]
            return stages.process_batch(
                by_name[discovery.source], entries, number, client, work_dir, window, archive=archive
            )

        jobs = [(d, n) for d in discoveries for n in range((d.entries_new + BATCH_SIZE - 1) // BATCH_SIZE)]
        summaries = list(pool.map(batch, jobs))
        paths: dict[str, list[str]] = {name: [] for name in stages.ROW_DATASETS}
        paths["fetch_log"] += [d.fetch_log_path for d in discoveries if d.fetch_log_path]
        for summary in summaries:
            for dataset, path in summary.paths.items():
                paths[dataset].append(path)
        list(
            pool.map(
                lambda name: stages.commit_dataset(out, name, paths[name], run_id, paths["articles"]),
                stages.ROW_DATASETS,
            )
        )
    rebuild_trade_facts(out, f"{run_id}-facts")
    with StateStore(out) as state:
        stages.remember(state, run_id, summaries)
    shutil.rmtree(work_dir, ignore_errors=True)
    return sum(s.statistics for s in summaries)


def run(pages: int, work: Path) -> tuple[dict, list[Target]]:
    from flows.nightly import nightly

    spec = CorpusSpec(pages)
    startup_s = prefect_startup_s()
    with serve_corpus(spec) as served:
        sources = write_sources(spec, served.base_url, work / "sources.toml")
        flow_s, report = timed(nightly, str(sources), str(work / "flow"))
        plain_s, plain_statistics = timed(plain_run, sources, work / "plain")
    share = (flow_s - plain_s) / flow_s
    figures = {
        "pages": pages,
        "sources": len(spec.sources),
        "prefect_startup_s": startup_s,
        "flow_s": flow_s,
        "plain_s": plain_s,
        "prefect_share": share,
        "flow_articles": report["articles"],
        "flow_statistics": report["statistics"],
        "plain_statistics": plain_statistics,
        "flow_pages_per_s": pages / flow_s,
        "plain_pages_per_s": pages / plain_s,
    }
    return figures, [Target("Prefect's share of the nightly run (beyond start-up)", share, TARGET_SHARE)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with scratch_dir("prefect") as work:
        figures, targets = run(args.pages, work)
    print(
        f"Prefect overhead: nightly over {figures['pages']} pages, {figures['sources']} sources, politeness off"
    )
    print(f"  {'ephemeral Prefect server start-up (own line)':<48s} {figures['prefect_startup_s']:10.2f} s")
    print(
        f"  {'nightly flow (tasks, artifacts, state)':<48s} {figures['flow_s']:10.2f} s "
        f"({figures['flow_pages_per_s']:.1f} pages/s, {figures['flow_statistics']} statistics)"
    )
    print(
        f"  {'same stages as plain functions':<48s} {figures['plain_s']:10.2f} s "
        f"({figures['plain_pages_per_s']:.1f} pages/s, {figures['plain_statistics']} statistics)"
    )
    print_targets(targets)
    save("prefect_overhead", figures, targets, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
