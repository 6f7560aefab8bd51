"""The backfill flow: re-ingest a range of publication dates, month by month, from the Prefect UI or the CLI.

Prefect 3 has no backfill button of its own (runs created for past schedule slots get the default
parameters and all start at once); the `backfill` deployment is that button. Its parameters are
typed so the UI renders a form: date pickers for the range, a multi-select of the configured source
names, a dropdown for the mode, a bounded number for the concurrency.

Source names in the form come from the sources file named by the environment variable
`TRADEWIRE_SOURCES` (default `./sources.toml`), read once when this module is imported: by
`prefect deploy` (run from the project root), which stores the enum in the deployment's parameter
schema, and by the flow-run process on the worker (whose pull step changes to the project root first).
A missing or invalid file does not break the import: `sources` then accepts any source-like name,
and the run checks every name against its `sources_file` before any work starts.

Restartable: each month partition is one task whose output is committed (merge by row key, one
atomic swap per dataset partition) before the task finishes, and whose result is cached per flow run
(`RUN_ID + INPUTS`). Retrying a failed or crashed backfill run from the UI skips the months it
already committed; starting a new backfill over the same or an overlapping range writes the same rows again
and leaves the datasets as they were (fetch_log, a log, gains rows; articles' `fetched_at` changes).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import INPUTS, NO_CACHE, RUN_ID
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff
from pydantic import Field, StringConstraints

from extract.archive import RAW_DIRNAME, RawArchive, archive_files
from extract.http import HttpClient
from extract.model import FeedEntry
from flows import reprocess, stages
from flows.config import SOURCE_NAME_PATTERN, SourceConfig, SourcesError, load_sources
from flows.nightly import BATCH_SIZE, RunContext, archive_for, client_for, release_run_resources
from flows.report import RunReport, summary_markdown
from flows.runlock import run_lock, run_lock_is_free
from load.failures import storage_step
from load.housekeeping import clear_failed_writes
from load.state import StateStore

SOURCES_ENV = "TRADEWIRE_SOURCES"
DEFAULT_SOURCES_FILE = "sources.toml"
DEFAULT_OUT_DIR = "data"
MAX_DAYS_ENV = "TRADEWIRE_BACKFILL_MAX_DAYS"
DEFAULT_MAX_DAYS = 366
MAX_CONCURRENCY = 8
RAW_ARCHIVE_DIRNAME = RAW_DIRNAME
UNDATED = "undated"
PROGRESS_KEY = "tradewire-backfill-progress"
SUMMARY_KEY = "tradewire-backfill-summary"
PARTITIONS_KEY = "tradewire-backfill-partitions"
# Network tasks: retried on unexpected errors (the HTTP client already retries single requests);
# safe because every write they make is an idempotent merge.
NETWORK_RETRIES = 2
NETWORK_RETRY_DELAYS = exponential_backoff(backoff_factor=10)
RETRY_JITTER_FACTOR = 0.5


class BackfillMode(StrEnum):
    """`recrawl`: discover the range's articles again and fetch them; `reprocess`: raw archive only."""

    recrawl = "recrawl"
    reprocess = "reprocess"


class BackfillExecutor(StrEnum):
    """Where month partitions run: `threads` of the flow's process, or `dask` worker processes.

    `dask` runs each month task through prefect-dask's DaskTaskRunner: on a local cluster (one
    single-threaded worker process per core) unless `dask_address` names an existing scheduler,
    whose workers must see the same output directory (shared storage) and import this project.
    """

    threads = "threads"
    dask = "dask"


class BackfillRequestError(ValueError):
    """Backfill parameters that cannot be run; the message is one line a person can act on."""


def default_sources_file() -> str:
    """The sources file named by TRADEWIRE_SOURCES, else ./sources.toml (relative to the working dir)."""
    return os.environ.get(SOURCES_ENV, "").strip() or DEFAULT_SOURCES_FILE


def configured_source_names(sources_file: str | Path) -> tuple[str, ...]:
    """The names in a sources file, or () when it is missing or invalid (the import must not fail)."""
    try:
        return tuple(source.name for source in load_sources(sources_file))
    except SourcesError:
        return ()


def source_name_type(names: Sequence[str]) -> Any:
    """A str enum of `names` (an `enum` in the parameter schema, a multi-select in the UI, even for one
    name, where a Literal would give a `const`) or, without names, a pattern-checked str."""
    if names:
        return StrEnum("SourceName", [(name, name) for name in names])
    return Annotated[str, StringConstraints(pattern=SOURCE_NAME_PATTERN)]


SourceName = source_name_type(configured_source_names(default_sources_file()))


def parameter(default: Any, title: str, description: str) -> Any:
    """A flow parameter's default with the title and description the Prefect UI shows.

    Prefect titles a parameter with its name; `json_schema_extra` is applied after that, so the
    readable title wins. Constraints (ge/le) go in the annotation, where Prefect keeps them.
    """
    return Field(default, description=description, json_schema_extra={"title": title})


def max_backfill_days() -> int:
    raw = os.environ.get(MAX_DAYS_ENV, "").strip()
    try:
        days = int(raw) if raw else DEFAULT_MAX_DAYS
    except ValueError:
        raise BackfillRequestError(f"{MAX_DAYS_ENV}={raw!r} is not a whole number of days") from None
    if days < 1:
        raise BackfillRequestError(f"{MAX_DAYS_ENV}={days} must be at least 1")
    return days


@dataclass(frozen=True)
class MonthPartition:
    """The part of the backfill range inside one calendar month (both ends inclusive)."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}"


def month_partitions(start: date, end: date) -> list[MonthPartition]:
    """Split [start, end] into calendar months, in order; the first and last may be partial."""
    if end < start:
        raise BackfillRequestError(f"end_date {end} is before start_date {start}")
    parts = []
    first = start
    while first <= end:
        next_month = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = min(end, next_month - timedelta(days=1))
        parts.append(MonthPartition(first, last))
        first = next_month
    return parts


@dataclass(frozen=True)
class BackfillRequest:
    """Checked parameters: everything the run needs, nothing left to fail on later."""

    sources: tuple[SourceConfig, ...]
    out_dir: Path
    start: date
    end: date
    mode: BackfillMode
    max_concurrency: int
    executor: BackfillExecutor = BackfillExecutor.threads
    dask_address: str | None = None  # tcp://host:8786 of an existing scheduler; None: a local cluster
    dask_workers: int | None = None  # worker processes of the local cluster (None: one per core)

    @property
    def partitions(self) -> list[MonthPartition]:
        return month_partitions(self.start, self.end)


def check_request(
    start_date: date,
    end_date: date,
    sources: Sequence[str] | None,
    mode: BackfillMode | str,
    max_concurrency: int,
    sources_file: str | Path,
    out_dir: str | Path,
    executor: BackfillExecutor | str = BackfillExecutor.threads,
    dask_address: str | None = None,
    dask_workers: int | None = None,
) -> BackfillRequest:
    """Refuse what cannot run, before any work: a reversed or too long range, an unknown source, a
    reprocess without a raw archive. Raises BackfillRequestError with a one-line reason."""
    if end_date < start_date:
        raise BackfillRequestError(f"end_date {end_date} is before start_date {start_date}")
    days = (end_date - start_date).days + 1
    limit = max_backfill_days()
    if days > limit:
        raise BackfillRequestError(
            f"the range {start_date}..{end_date} spans {days} days, more than the maximum of {limit} "
            f"(split it into several backfills, or raise {MAX_DAYS_ENV})"
        )
    if not 1 <= max_concurrency <= MAX_CONCURRENCY:
        raise BackfillRequestError(
            f"max_concurrency {max_concurrency} is not between 1 and {MAX_CONCURRENCY}"
        )
    try:
        mode = BackfillMode(mode)
    except ValueError:
        raise BackfillRequestError(f"mode {mode!r} is not one of {[m.value for m in BackfillMode]}") from None
    try:
        executor = BackfillExecutor(executor)
    except ValueError:
        raise BackfillRequestError(
            f"executor {executor!r} is not one of {[e.value for e in BackfillExecutor]}"
        ) from None
    if executor is BackfillExecutor.threads and (dask_address or dask_workers):
        raise BackfillRequestError("dask_address and dask_workers need executor 'dask'")
    if dask_workers is not None and dask_workers < 1:
        raise BackfillRequestError(f"dask_workers {dask_workers} must be at least 1")
    try:
        configured = load_sources(sources_file)
    except SourcesError as exc:
        raise BackfillRequestError(str(exc)) from None
    by_name = {source.name: source for source in configured}
    wanted = list(dict.fromkeys(str(name) for name in sources or ()))
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise BackfillRequestError(
            f"unknown source(s) {', '.join(map(repr, unknown))}: {sources_file} configures {', '.join(by_name)}"
        )
    chosen = tuple(by_name[name] for name in wanted) if wanted else configured
    out = Path(out_dir)
    if mode is BackfillMode.reprocess and not raw_archive_available(out):
        raise BackfillRequestError(
            f"mode 'reprocess' needs the raw archive, but there is no raw archive under {out / RAW_ARCHIVE_DIRNAME} "
            "(run a 'recrawl' backfill, or nightly runs, to fill it)"
        )
    return BackfillRequest(
        sources=chosen,
        out_dir=out,
        start=start_date,
        end=end_date,
        mode=mode,
        max_concurrency=max_concurrency,
        executor=executor,
        dask_address=dask_address or None,
        dask_workers=dask_workers,
    )


def raw_archive_available(out_dir: Path) -> bool:
    """True when OUT/raw holds at least one complete WARC file."""
    return bool(archive_files(out_dir))


@dataclass(frozen=True)
class MonthResult:
    """What one month partition committed: counts for the report, never rows."""

    partition: str
    articles: int
    statistics: int
    rejects: int
    failures: int
    pages_fetched: int
    rows_written: dict[str, int]
    summaries: tuple[stages.BatchSummary, ...] = field(default=(), repr=False)


def process_month(
    partition: str,
    work: Sequence[tuple[SourceConfig, Sequence[FeedEntry]]],
    run: RunContext,
    own_resources: bool = False,
) -> MonthResult:
    """Fetch, parse, extract and validate one month's entries, then commit its rows to every dataset.

    `own_resources` (months on Dask workers): the month opens and closes its own HTTP client and raw
    archive file (`<run_id>-<month>-<n>.warc.gz`) rather than sharing the run's, which live in the
    flow's process; per-host politeness then holds within the month, not across months in flight.
    """
    if not own_resources:
        return _process_month(partition, work, run, client_for(run), archive_for(run))
    with (
        HttpClient(contact_url=run.contact_url) as client,
        RawArchive(Path(run.out_dir), f"{run.run_id}-{partition}") as archive,
    ):
        return _process_month(partition, work, run, client, archive, remember_state=False)


def _process_month(
    partition: str,
    work: Sequence[tuple[SourceConfig, Sequence[FeedEntry]]],
    run: RunContext,
    client: HttpClient,
    archive: RawArchive,
    remember_state: bool = True,
) -> MonthResult:
    work_dir = run.work_dir / "months" / partition
    summaries: list[stages.BatchSummary] = []
    with storage_step(f"fetching and staging the pages of {partition}", run.out_dir):
        for source, entries in work:
            for batch_no, first in enumerate(range(0, len(entries), BATCH_SIZE)):
                summaries.append(
                    stages.process_batch(
                        source,
                        entries[first : first + BATCH_SIZE],
                        batch_no,
                        client,
                        work_dir,
                        run.window,
                        archive=archive,
                    )
                )
    return commit_month(partition, summaries, run, remember_state)


def commit_month(
    partition: str, summaries: Sequence[stages.BatchSummary], run: RunContext, remember_state: bool = True
) -> MonthResult:
    """Merge the month's rows into the datasets (idempotent: by row key) and remember what was ingested.

    Months on Dask workers pass `remember_state=False`: the run state is SQLite (WAL), which is not
    safe across machines on a network file system, so the flow's process writes it once the months
    are back (in `_run_locked`).
    """
    out_dir = Path(run.out_dir)
    commit_id = f"{run.run_id}-{partition}"
    rows_written = {}
    articles_paths = [s.paths["articles"] for s in summaries if "articles" in s.paths]
    for dataset in stages.ROW_DATASETS:
        paths = [s.paths[dataset] for s in summaries if dataset in s.paths]
        with storage_step(f"committing {dataset} for {partition}", out_dir):
            rows_written[dataset] = stages.commit_dataset(out_dir, dataset, paths, commit_id, articles_paths)[
                "rows"
            ]
    if remember_state:
        with storage_step("recording the run state", out_dir), StateStore(out_dir) as state:
            stages.remember(state, run.run_id, summaries)
    return MonthResult(
        partition=partition,
        articles=sum(s.articles for s in summaries),
        statistics=sum(s.statistics for s in summaries),
        rejects=sum(s.rejects for s in summaries),
        failures=sum(sum(s.failures.values()) for s in summaries),
        pages_fetched=sum(s.pages_fetched for s in summaries),
        rows_written=rows_written,
        summaries=tuple(_counts_only(s) if remember_state else s for s in summaries),
    )


def empty_month(partition: str) -> MonthResult:
    """What a month with nothing to process commits: nothing."""
    return MonthResult(
        partition=partition,
        articles=0,
        statistics=0,
        rejects=0,
        failures=0,
        pages_fetched=0,
        rows_written=dict.fromkeys(stages.ROW_DATASETS, 0),
    )


def _counts_only(summary: stages.BatchSummary) -> stages.BatchSummary:
    """A batch summary without its URL lists, once they are in the run state: the report needs only the
    counts, and a 100k-page backfill would otherwise hold every URL until it ends."""
    return dataclasses.replace(summary, ingested=[], failed=[], succeeded=[])


@task(
    name="discover-range",
    cache_policy=NO_CACHE,
    retries=NETWORK_RETRIES,
    retry_delay_seconds=NETWORK_RETRY_DELAYS,
    retry_jitter_factor=RETRY_JITTER_FACTOR,
)
def discover_range(source: SourceConfig, run: RunContext) -> stages.Discovery:
    """List the source's entries (feeds; sitemaps and listings where stages support them) in the range."""
    with StateStore(Path(run.out_dir)) as state:
        found = stages.discover_source(
            source,
            client_for(run),
            state,
            run.work_dir,
            run.window,
            skip_ingested=False,
            conditional=False,
            archive=archive_for(run),
        )
    get_run_logger().info(
        "source=%s stage=discover listed=%d in_range=%d failures=%s",
        source.name,
        found.entries_listed,
        found.entries_new,
        found.failures or "none",
    )
    return found


@task(
    name="backfill-month",
    cache_policy=RUN_ID + INPUTS,
    persist_result=True,
    retries=NETWORK_RETRIES,
    retry_delay_seconds=NETWORK_RETRY_DELAYS,
    retry_jitter_factor=RETRY_JITTER_FACTOR,
)
def backfill_month(
    partition: str, work: list[tuple[SourceConfig, str]], run: RunContext, own_resources: bool = False
) -> MonthResult:
    """One month partition, committed before the task ends; cached per flow run, so a retried run skips it."""
    loaded = [(source, stages.read_entries(path)) for source, path in work]
    result = (
        process_month(partition, loaded, run, own_resources=True)
        if own_resources
        else process_month(partition, loaded, run)
    )
    get_run_logger().info(
        "partition=%s stage=commit articles=%d statistics=%d rejects=%d failures=%d",
        partition,
        result.articles,
        result.statistics,
        result.rejects,
        result.failures,
    )
    return result


@task(name="commit-discovery-log", cache_policy=NO_CACHE)
def commit_discovery_log(paths: list[str], run: RunContext) -> int:
    return stages.commit_dataset(Path(run.out_dir), "fetch_log", paths, f"{run.run_id}-discovery")["rows"]


def split_by_month(
    entries: Sequence[FeedEntry], partitions: Sequence[MonthPartition]
) -> dict[str, list[FeedEntry]]:
    """Entries by the month of their feed date; entries without one go to UNDATED (judged by the page)."""
    by_month: dict[str, list[FeedEntry]] = {p.label: [] for p in partitions}
    by_month[UNDATED] = []
    for entry in entries:
        if entry.published_at is None:
            by_month[UNDATED].append(entry)
            continue
        label = f"{entry.published_at.astimezone(UTC):%Y-%m}"
        if label in by_month:
            by_month[label].append(entry)
    return by_month


def write_month_entries(run: RunContext, source: str, label: str, entries: Sequence[FeedEntry]) -> str:
    path = run.work_dir / "months" / label / "entries" / f"{source}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            [
                {
                    "url": e.url,
                    "title": e.title,
                    "published_at": e.published_at.isoformat() if e.published_at else None,
                }
                for e in entries
            ]
        )
    )
    return str(path)


def backfill_run_id() -> str:
    """Stable across retries of one flow run (its working folder and cache keys survive a retry)."""
    flow_run_id = flow_run.get_id()
    suffix = flow_run_id.replace("-", "") if flow_run_id else uuid.uuid4().hex
    return f"backfill-{suffix[:20]}"


# The form the Prefect UI renders, in this order (module-level so the defaults are built once).
START_DATE = parameter(..., "Start date", "First publication date to ingest (UTC, inclusive).")
END_DATE = parameter(..., "End date", "Last publication date to ingest (UTC, inclusive).")
SOURCES = parameter(
    None, "Sources", "Sources to backfill, by name from the sources file; empty for all of them."
)
MODE = parameter(
    BackfillMode.recrawl,
    "Mode",
    "recrawl: discover the range's articles again (feeds, sitemaps, listings) and fetch them; "
    "reprocess: re-parse and re-extract the pages in the raw archive (OUT/raw), no network.",
)
MAX_CONCURRENCY_PARAM = parameter(
    2,
    "Max concurrency",
    f"Month partitions processed at the same time (1-{MAX_CONCURRENCY}); "
    "per-host politeness limits hold whatever this is.",
)
SOURCES_FILE = parameter(
    default_sources_file(), "Sources file", "Path of the sources file (TOML), relative to the project root."
)
OUT_DIR = parameter(
    DEFAULT_OUT_DIR, "Output directory", "Where the datasets are (relative to the project root)."
)
EXECUTOR = parameter(
    BackfillExecutor.threads,
    "Executor",
    "threads: months run in threads of the flow's process; dask: months run on Dask worker processes "
    "(prefect-dask), a local cluster unless a scheduler address is given.",
)
DASK_ADDRESS = parameter(
    None,
    "Dask scheduler address",
    "tcp://host:8786 of an existing Dask scheduler (executor dask); empty: a local cluster on this machine. "
    "Its workers must see the output directory and the raw archive at the same path.",
)
DASK_WORKERS = parameter(
    None, "Local Dask workers", "Worker processes of the local cluster (default: one per core)."
)


@flow(name="tradewire-backfill", task_runner=ThreadPoolTaskRunner(max_workers=MAX_CONCURRENCY))
def backfill(
    start_date: date = START_DATE,
    end_date: date = END_DATE,
    sources: list[SourceName] | None = SOURCES,
    mode: BackfillMode = MODE,
    max_concurrency: Annotated[int, Field(ge=1, le=MAX_CONCURRENCY)] = MAX_CONCURRENCY_PARAM,
    sources_file: str = SOURCES_FILE,
    out_dir: str = OUT_DIR,
    executor: BackfillExecutor = EXECUTOR,
    dask_address: str | None = DASK_ADDRESS,
    dask_workers: Annotated[int, Field(ge=1, le=256)] | None = DASK_WORKERS,
) -> dict:
    """Re-ingest the articles published in [start_date, end_date], one month partition after another."""
    request = check_request(
        start_date,
        end_date,
        sources,
        mode,
        max_concurrency,
        sources_file,
        out_dir,
        executor,
        dask_address,
        dask_workers,
    )
    return run_backfill(request)


def run_backfill(request: BackfillRequest) -> dict:
    """Take the output's run lock, then discover → months in order (bounded) → report."""
    logger = get_run_logger()
    request.out_dir.mkdir(parents=True, exist_ok=True)
    if not run_lock_is_free(request.out_dir):
        logger.warning("another tradewire run is using %s; waiting for it to finish", request.out_dir)
    with run_lock(request.out_dir):
        return _run_locked(request)


def _run_locked(request: BackfillRequest) -> dict:
    logger = get_run_logger()
    run = RunContext(
        out_dir=str(request.out_dir.resolve()),
        run_id=backfill_run_id(),
        start=request.start,
        end=request.end,
        keep_undated=False,
    )
    partitions = request.partitions
    started = datetime.now(UTC)
    logger.info(
        "run=%s backfill %s..%s mode=%s sources=%s partitions=%d",
        run.run_id,
        request.start,
        request.end,
        request.mode.value,
        ",".join(s.name for s in request.sources),
        len(partitions),
    )
    progress_id = create_progress_artifact(
        progress=0.0,
        key=PROGRESS_KEY,
        description=f"tradewire backfill {request.start}..{request.end} ({request.mode.value}), run {run.run_id}",
    )
    with storage_step("clearing what failed runs left behind", run.out_dir):
        for leftover in clear_failed_writes(Path(run.out_dir)):
            logger.warning("removed what a failed write left behind: %s", leftover)
    try:
        with backfill_executor(request) as executor:
            if request.mode is BackfillMode.reprocess:
                discoveries, month_results = _reprocess(request, run, partitions, progress_id, executor)
            else:
                discoveries, month_results = _recrawl(request, run, partitions, progress_id, executor)
        summaries = [s for result in month_results for s in result.summaries]
        if request.executor is BackfillExecutor.dask:
            with storage_step("recording the run state", run.out_dir), StateStore(Path(run.out_dir)) as state:
                stages.remember(state, run.run_id, summaries)
        committed = _rows_written(month_results)
        report = RunReport.build(
            "backfill",
            run.run_id,
            str(request.out_dir),
            started,
            datetime.now(UTC),
            discoveries,
            summaries,
            committed,
        )
        conflicts = count_conflicts(Path(run.out_dir), month_results, run.run_id)
        table = partition_table(month_results, conflicts)
        create_markdown_artifact(
            key=SUMMARY_KEY,
            markdown=backfill_markdown(report, request, table),
            description=f"tradewire backfill run {run.run_id}",
        )
        create_table_artifact(
            key=PARTITIONS_KEY, table=table, description=f"Per month partition of backfill run {run.run_id}"
        )
        logger.info(
            "run=%s articles=%d statistics=%d rejects=%d",
            run.run_id,
            report.articles,
            report.statistics,
            report.rejects,
        )
        shutil.rmtree(run.work_dir, ignore_errors=True)
        return {**dataclasses.asdict(report), "mode": request.mode.value, "partitions": table}
    finally:
        release_run_resources(run)


@dataclass(frozen=True)
class Executor:
    """Where the backfill's tasks run: `submit(task, parameters)` gives a PrefectFuture.

    `remote`: tasks run in other processes (Dask workers, perhaps on other machines). A month then
    gets `own_resources=True` (its own HTTP client and archive file; the run state is left to the
    flow's process), and the archive index is built by index tasks on the workers.
    """

    submit: Callable[[Any, dict[str, Any]], PrefectFuture]
    remote: bool = False
    slots: int = 1  # tasks the executor runs at once (Dask: worker threads when the run starts)


def _submit_to_flow_runner(task: Any, parameters: dict[str, Any]) -> PrefectFuture:
    return task.submit(**parameters)


FLOW_RUNNER = Executor(_submit_to_flow_runner)


def _recrawl(
    request: BackfillRequest,
    run: RunContext,
    partitions: list[MonthPartition],
    progress_id: Any,
    executor: Executor,
) -> tuple[list[stages.Discovery], list[MonthResult]]:
    discoveries = [f.result() for f in [discover_range.submit(s, run) for s in request.sources]]
    log_paths = [d.fetch_log_path for d in discoveries if d.fetch_log_path]
    if log_paths:
        commit_discovery_log(log_paths, run)
    by_name = {s.name: s for s in request.sources}
    labels = [p.label for p in partitions] + [UNDATED]
    work: dict[str, list[tuple[SourceConfig, str]]] = {label: [] for label in labels}
    for d in discoveries:
        for label, entries in split_by_month(stages.read_entries(d.entries_path), partitions).items():
            if entries:
                work[label].append((by_name[d.source], write_month_entries(run, d.source, label, entries)))
    return discoveries, run_months(
        labels, work, run, request.max_concurrency, progress_id, backfill_month, executor
    )


def run_months(
    labels: Sequence[str],
    work: dict[str, list[tuple[SourceConfig, str]]],
    run: RunContext,
    max_concurrency: int,
    progress_id: Any,
    month_task: Any,
    executor: Executor = FLOW_RUNNER,
) -> list[MonthResult]:
    """Submit `month_task` for each month in order, at most `max_concurrency` in flight; collect in order.

    `executor` runs them (`backfill_executor`; by default the flow's own task runner). A month with
    no work is not sent anywhere: its (empty) result is made here.
    """
    resources = {"own_resources": True} if executor.remote else {}
    logger = get_run_logger()
    results: list[MonthResult] = []
    pending: deque[PrefectFuture | MonthResult] = deque()

    def collect_oldest() -> None:
        oldest = pending.popleft()
        result = oldest if isinstance(oldest, MonthResult) else oldest.result()
        results.append(result)
        done = len(results)
        update_progress_artifact(
            artifact_id=progress_id,
            progress=100.0 * done / len(labels),
            description=f"{done} of {len(labels)} partitions committed (last: {result.partition})",
        )
        logger.info("partition=%s done (%d/%d)", result.partition, done, len(labels))

    try:
        for label in labels:
            if len(pending) >= max_concurrency:
                collect_oldest()
            if not work[label]:
                pending.append(empty_month(label))
                continue
            pending.append(
                executor.submit(
                    month_task, {"partition": label, "work": work[label], "run": run, **resources}
                )
            )
        while pending:
            collect_oldest()
    except BaseException:
        # A month failed: let the months in flight finish their commits before the run lock and the
        # HTTP client are released (a retry of this run skips whatever they committed).
        for future in pending:
            if not isinstance(future, MonthResult):
                future.wait()
        raise
    return results


@contextmanager
def backfill_executor(request: BackfillRequest) -> Iterator[Executor]:
    """The executor the request names; a Dask cluster lives as long as the block.

    Tasks on Dask run in worker processes, send back small results (counts and paths) and commit
    through the datasets' file locks, which exclude other processes as well as threads.
    """
    if request.executor is BackfillExecutor.threads:
        yield FLOW_RUNNER
        return
    with dask_task_runner(request.dask_address, request.dask_workers) as runner:
        yield Executor(runner.submit, remote=True, slots=max(1, sum(runner.client.nthreads().values())))


def dask_task_runner(address: str | None, workers: int | None = None) -> Any:
    """prefect-dask's DaskTaskRunner: an existing scheduler at `address`, else a local cluster of
    `workers` single-threaded processes (default one per core): the work is CPU-bound Python."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers or os.cpu_count() or 1,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
            "env": prefect_api_env(),
        }
    )


def prefect_api_env() -> dict[str, str]:
    """PREFECT_API_URL of the API this process talks to, for the worker processes of a local cluster.

    Without it, a run on an ephemeral server would have each worker start an ephemeral server of its
    own (~10 s of CPU apiece) and report the month task runs there, out of the flow run's sight.
    """
    from prefect.client.orchestration import get_client
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    if context is not None:
        return {"PREFECT_API_URL": str(context.client.api_url)}
    with get_client(sync_client=True) as client:
        return {"PREFECT_API_URL": str(client.api_url)}


def _reprocess(
    request: BackfillRequest,
    run: RunContext,
    partitions: list[MonthPartition],
    progress_id: Any,
    executor: Executor,
) -> tuple[list[stages.Discovery], list[MonthResult]]:
    by_name = {s.name: s for s in request.sources}
    labels = [p.label for p in partitions] + [UNDATED]
    known = frozenset(labels)

    def label_of(published: datetime | None) -> str | None:
        """The month a feed date puts a page in (as `split_by_month`); None: outside the range."""
        label = UNDATED if published is None else f"{published.astimezone(UTC):%Y-%m}"
        return label if label in known else None

    # The index goes to disk month by month as it is built: memory does not grow with the archive. On
    # remote workers, runs of archive files are read side by side first (most of the pass is reading
    # WARC records and parsing feeds) and only their records are merged here, in archive order.
    names = [s.name for s in request.sources]
    parts = None
    if executor.remote:
        folder = run.work_dir / "index"
        futures = [
            executor.submit(
                index_archive_part,
                {"files": files, "sources": names, "path": str(folder / f"part-{number:05d}.jsonl")},
            )
            for number, files in enumerate(
                reprocess.index_parts(request.out_dir, request.start, max_parts=2 * executor.slots)
            )
        ]
        parts = [future.result() for future in futures]
    months = reprocess.index_by_month(
        request.out_dir, names, request.start, label_of, run.work_dir / "months", parts=parts
    )
    work: dict[str, list[tuple[SourceConfig, str]]] = {label: [] for label in labels}
    listed: Counter[str] = Counter()
    for month in months:
        work[month.label].append((by_name[month.source], month.path))
        listed[month.source] += month.pages
    discoveries = [
        stages.Discovery(
            source=s.name,
            feeds_ok=0,
            feeds_failed=0,
            entries_listed=listed[s.name],
            entries_new=listed[s.name],
            entries_path="",
            fetch_log_path=None,
        )
        for s in request.sources
    ]
    get_run_logger().info("archive: %d pages of %d sources to reprocess", sum(listed.values()), len(listed))
    return discoveries, run_months(
        labels, work, run, request.max_concurrency, progress_id, reprocess_month, executor
    )


@task(name="index-archive-part", cache_policy=NO_CACHE)
def index_archive_part(files: list[str], sources: list[str], path: str) -> str:
    """Read a run of archive files for the reprocess index (on a worker); the records go to `path`."""
    return reprocess.index_part(files, sources, Path(path))


@task(name="reprocess-month", cache_policy=RUN_ID + INPUTS, persist_result=True)
def reprocess_month(
    partition: str, work: list[tuple[SourceConfig, str]], run: RunContext, own_resources: bool = False
) -> MonthResult:
    """One month of archived pages: parsed, extracted, validated and committed without the network.

    Streams: the month's page index is small (file, offset), and bodies are read back from the
    archive one batch at a time, so memory holds one batch of pages, whatever the month's size.
    `own_resources` (months on Dask workers): the run state is left to the flow's process.
    """
    work_dir = run.work_dir / "months" / partition
    summaries = []
    with storage_step(f"staging the archived pages of {partition}", run.out_dir):
        for source, path in work:
            pages = reprocess.read_pages(path)
            for batch_no, first in enumerate(range(0, len(pages), BATCH_SIZE)):
                batch = pages[first : first + BATCH_SIZE]
                summaries.append(
                    stages.rows_from_results(
                        source,
                        [p.entry for p in batch],
                        reprocess.read_responses(batch),
                        batch_no,
                        work_dir,
                        run.window,
                        from_archive=True,
                    )
                )
    result = commit_month(partition, summaries, run, remember_state=not own_resources)
    get_run_logger().info(
        "partition=%s stage=commit articles=%d statistics=%d rejects=%d (from the archive)",
        partition,
        result.articles,
        result.statistics,
        result.rejects,
    )
    return result


def _rows_written(results: Sequence[MonthResult]) -> dict[str, dict]:
    totals: Counter[str] = Counter()
    for result in results:
        totals.update(result.rows_written)
    return {name: {"dataset": name, "rows": totals[name]} for name in stages.ROW_DATASETS}


def count_conflicts(out_dir: Path, results: Sequence[MonthResult], run_id: str) -> dict[str, int]:
    """Per partition: conflicting trade_facts that one of its statistics states (0 without trade_facts).

    trade_facts is rebuilt first from the trade_stats the backfill just changed, so the facts and
    the counts reflect them. A partition's statistic ids are read back from its batch files, one
    partition at a time, so the count holds no run-wide set of ids.
    """
    from load.facts import conflicting_statistics, rebuild_trade_facts

    with storage_step("rebuilding trade_facts", out_dir):
        rebuild_trade_facts(out_dir, f"{run_id}-facts")
    conflicting = conflicting_statistics(out_dir)
    counts = {}
    for result in results:
        paths = [s.paths["trade_stats"] for s in result.summaries if "trade_stats" in s.paths]
        if not paths or conflicting.num_rows == 0:
            counts[result.partition] = 0
            continue
        mine = pa.concat_arrays(
            [pq.read_table(p, columns=["stat_id"])["stat_id"].combine_chunks() for p in paths]
        )
        stated = conflicting.filter(pc.is_in(conflicting["stat_id"], value_set=mine))["fact_no"]
        counts[result.partition] = pc.count_distinct(stated).as_py()
    return counts


def partition_table(results: Sequence[MonthResult], conflicts: dict[str, int]) -> list[dict]:
    return [
        {
            "partition": r.partition,
            "articles": r.articles,
            "statistics": r.statistics,
            "rejects": r.rejects,
            "failures": r.failures,
            "conflicts": conflicts.get(r.partition, 0),
            "pages_fetched": r.pages_fetched,
        }
        for r in results
    ]


def backfill_markdown(report: RunReport, request: BackfillRequest, table: list[dict]) -> str:
    lines = [
        summary_markdown(report).rstrip("\n"),
        "",
        f"## Partitions ({request.start} → {request.end}, mode `{request.mode.value}`)",
        "",
        "| partition | articles | statistics | rejects | failures | conflicts |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row['partition']} | {row['articles']} | {row['statistics']} | {row['rejects']} "
        f"| {row['failures']} | {row['conflicts']} |"
        for row in table
    ]
    return "\n".join(lines) + "\n"
