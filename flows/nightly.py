"""The nightly Prefect flow (the backfill flow is in `flows.backfill`). Thin wiring over `flows.stages`;
the run context and the run's shared resources are in `flows.run_context`.

Tasks are coarse: one per source (discovery), one per batch of pages, one per dataset commit, so a
run over thousands of articles still creates only a few hundred task runs at most.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows import stages
from flows.config import DEFAULT_CONTACT_URL, SourceConfig, load_settings, load_sources
from flows.report import RunReport, summary_markdown
from flows.run_context import RunContext, new_run_id, release_run_resources, run_archive, run_client
from flows.runlock import run_lock, run_lock_is_free
from load.failures import storage_error, storage_step
from load.housekeeping import clear_failed_writes
from load.state import StateStore

TASK_WORKERS = 4
STATS_TABLE_LIMIT = 500


@task(name="discover-source", cache_policy=NO_CACHE)
def discover_source(source: SourceConfig, run: RunContext, skip_ingested: bool) -> stages.Discovery:
    logger = get_run_logger()
    with (
        storage_step("discovering articles (raw archive, run state)", run.out_dir),
        StateStore(Path(run.out_dir)) as state,
    ):
        found = stages.discover_source(
            source, run_client(run), state, run.work_dir, run.window, skip_ingested, archive=run_archive(run)
        )
    logger.info(
        "source=%s stage=discover feeds_ok=%d feeds_failed=%d listed=%d to_fetch=%d",
        source.name,
        found.feeds_ok,
        found.feeds_failed,
        found.entries_listed,
        found.entries_new,
    )
    return found


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch(
    source: SourceConfig, entries_path: str, batch_no: int, run: RunContext
) -> stages.BatchSummary:
    logger = get_run_logger()
    entries = stages.read_entries(entries_path)[
        batch_no * stages.BATCH_SIZE : (batch_no + 1) * stages.BATCH_SIZE
    ]
    with storage_step("fetching and staging pages (raw archive, batch files)", run.out_dir):
        summary = stages.process_batch(
            source, entries, batch_no, run_client(run), run.work_dir, run.window, archive=run_archive(run)
        )
    logger.info(
        "source=%s stage=pages batch=%d fetched=%d failed=%d articles=%d stats=%d rejects=%d",
        source.name,
        batch_no,
        summary.pages_fetched,
        summary.pages_failed,
        summary.articles,
        summary.statistics,
        summary.rejects,
    )
    return summary


@task(name="commit-dataset", cache_policy=NO_CACHE)
def commit_dataset(dataset: str, paths: list[str], run: RunContext, articles_paths: list[str]) -> dict:
    with storage_step(f"committing {dataset}", run.out_dir):
        result = stages.commit_dataset(Path(run.out_dir), dataset, paths, run.run_id, articles_paths)
    get_run_logger().info(
        "dataset=%s stage=commit rows=%d partitions=%d", dataset, result["rows"], result["partitions"]
    )
    return result


@task(name="rebuild-trade-facts", cache_policy=NO_CACHE)
def rebuild_facts(run: RunContext) -> dict:
    """trade_facts is derived whole from trade_stats, so it is rebuilt after trade_stats is committed."""
    from load.facts import rebuild_trade_facts  # with pandas (~40 MiB): loaded after the pages are done

    with storage_step("rebuilding trade_facts", run.out_dir):
        summary = rebuild_trade_facts(Path(run.out_dir), f"{run.run_id}-facts")
    rows = sum(p.rows for p in summary.partitions)
    get_run_logger().info(
        "dataset=trade_facts stage=rebuild rows=%d partitions=%d", rows, len(summary.partitions)
    )
    return {"dataset": "trade_facts", "rows": rows, "partitions": len(summary.partitions)}


def run_sources(
    sources: tuple[SourceConfig, ...],
    out_dir: Path,
    start: date | None,
    end: date | None,
    skip_ingested: bool,
    kind: str,
    contact_url: str = DEFAULT_CONTACT_URL,
) -> dict:
    """Discover → process batches → commit datasets → remember state → publish artifacts."""
    logger = get_run_logger()
    out_dir.mkdir(parents=True, exist_ok=True)
    run = RunContext(
        out_dir=str(out_dir.resolve()), run_id=new_run_id(), start=start, end=end, contact_url=contact_url
    )
    started = datetime.now(UTC)
    with storage_step("clearing what failed runs left behind", out_dir):
        for stale in stages.clear_stale_run_folders(out_dir):
            logger.warning("removed the working folder of an interrupted run: %s", stale)
        for leftover in clear_failed_writes(out_dir):
            logger.warning("removed what a failed write left behind: %s", leftover)
    try:
        discoveries = [f.result() for f in [discover_source.submit(s, run, skip_ingested) for s in sources]]
        by_name = {s.name: s for s in sources}
        futures = [
            (d.source, process_batch.submit(by_name[d.source], d.entries_path, number, run))
            for d in discoveries
            for number in range((d.entries_new + stages.BATCH_SIZE - 1) // stages.BATCH_SIZE)
        ]
        summaries, broken_sources = _collect(futures, logger, Path(run.out_dir))
        broken_batches = len(broken_sources)
        paths: dict[str, list[str]] = {name: [] for name in stages.ROW_DATASETS}
        for d in discoveries:
            if d.fetch_log_path:
                paths["fetch_log"].append(d.fetch_log_path)
        for s in summaries:
            for dataset, path in s.paths.items():
                paths[dataset].append(path)
        commits = [
            commit_dataset.submit(name, paths[name], run, paths["articles"]) for name in stages.ROW_DATASETS
        ]
        committed = {c["dataset"]: c for c in _all_results(commits)}
        committed["trade_facts"] = rebuild_facts(run)
        with storage_step("recording the run state", out_dir), StateStore(out_dir) as state:
            # A source with a crashed batch keeps no feed validators: a 304 next time would hide the
            # crashed batch's pages, which were neither ingested nor recorded as failures.
            stages.remember(
                state, run.run_id, summaries, [d for d in discoveries if d.source not in broken_sources]
            )
        report = RunReport.build(
            kind,
            run.run_id,
            str(out_dir),
            started,
            datetime.now(UTC),
            discoveries,
            summaries,
            committed,
            broken_batches,
        )
        _publish_artifacts(report, paths["trade_stats"])
        logger.info(
            "run=%s articles=%d statistics=%d rejects=%d page_failures=%d",
            run.run_id,
            report.articles,
            report.statistics,
            report.rejects,
            sum(report.failures.values()),
        )
        shutil.rmtree(run.work_dir, ignore_errors=True)
        return asdict(report)
    finally:
        release_run_resources(run)


def _all_results(futures: list) -> list:
    """Every future's result once all have finished; then the first failure, if any, is raised.

    A commit that failed must not end the flow while another is still swapping partitions in.
    """
    outcomes = [future.result(raise_on_failure=False) for future in futures]
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    return outcomes


def _collect(
    futures: list[tuple[str, object]], logger, out_dir: Path
) -> tuple[list[stages.BatchSummary], list[str]]:
    """Batch summaries, and the source of each batch whose task crashed (counted, logged, left for the
    next run).

    A crashed batch's pages are not marked ingested, so the next run fetches them again; the rest of
    the run's work is still committed rather than lost with it. A storage failure (a full or read-only
    output directory) is different: nothing more can be written, so it ends the run, once every batch
    is in.
    """
    summaries, broken, storage_failures = [], [], []
    for source, future in futures:
        outcome = future.result(raise_on_failure=False)
        if isinstance(outcome, BaseException):
            failure = storage_error(outcome, "fetching and staging pages", out_dir)
            if failure is not None:
                storage_failures.append(failure)
                continue
            broken.append(source)
            logger.error("batch task failed, its pages stay pending for the next run: %r", outcome)
        else:
            summaries.append(outcome)
    if storage_failures:
        raise storage_failures[0]
    return summaries, broken


def _publish_artifacts(report: RunReport, stats_paths: list[str]) -> None:
    create_markdown_artifact(
        key=f"tradewire-{report.kind}-summary",
        markdown=summary_markdown(report),
        description=f"tradewire {report.kind} run {report.run_id}",
    )
    if stats_paths:
        table = pa.concat_tables([pq.read_table(p) for p in sorted(stats_paths)])
        columns = [
            "source",
            "reporter",
            "partner",
            "flow",
            "value",
            "currency",
            "period_start",
            "period_end",
            "change_pct",
            "commodity",
            "url",
        ]
        rows = table.select(columns).slice(0, STATS_TABLE_LIMIT).to_pylist()
        for row in rows:
            row["period_start"], row["period_end"] = str(row["period_start"]), str(row["period_end"])
        create_table_artifact(
            key=f"tradewire-{report.kind}-statistics",
            table=rows,
            description=f"First {len(rows)} of {table.num_rows} statistics found by run {report.run_id}",
        )
    else:
        create_table_artifact(
            key=f"tradewire-{report.kind}-statistics",
            table=[],
            description=f"No statistics found by run {report.run_id}",
        )


@flow(name="tradewire-nightly", task_runner=ThreadPoolTaskRunner(max_workers=TASK_WORKERS))
def nightly(sources_file: str, out_dir: str, lookback_days: int | None = None) -> dict:
    """Fetch every source's feeds, ingest the articles not seen before, write the datasets.

    `lookback_days` (None: no limit) skips feed entries, and pages, published more than that many
    days before today (UTC): a feed that suddenly lists its whole history does not become a backfill.
    The run holds the output directory's run lock (`flows.runlock`), so it never overlaps a backfill.
    """
    if lookback_days is not None and lookback_days < 1:
        raise ValueError(f"lookback_days must be at least 1 (or None for no limit), not {lookback_days}")
    start = None if lookback_days is None else (datetime.now(UTC) - timedelta(days=lookback_days)).date()
    sources = load_sources(sources_file)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if not run_lock_is_free(out):
        get_run_logger().warning("another tradewire run is using %s; waiting for it to finish", out)
    with run_lock(out):
        return run_sources(
            sources,
            out,
            start,
            None,
            skip_ingested=True,
            kind="nightly",
            contact_url=load_settings(sources_file).contact_url,
        )
