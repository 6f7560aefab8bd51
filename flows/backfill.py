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

This module is the tasks and the flow only: the request's checks and its month partitions are in
`flows.backfill_plan`, staging and committing a month in `flows.stages` (and `flows.reprocess` for the
archive), the run context and the run's shared client and archive in `flows.run_context`, conflict
counting in `load.facts`, the summary and the partition table in `flows.report`.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

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

from extract.archive import RawArchive
from extract.http import HttpClient
from extract.model import FeedEntry
from flows import reprocess, stages
from flows.backfill_plan import (
    MAX_CONCURRENCY,
    BackfillExecutor,
    BackfillMode,
    BackfillRequest,
    check_request,
    month_label,
    split_by_month,
)
from flows.config import SOURCE_NAME_PATTERN, SourceConfig, SourcesError, load_sources
from flows.report import RunReport, backfill_markdown, partition_table
from flows.run_context import RunContext, release_run_resources, run_archive, run_client
from flows.runlock import run_lock, run_lock_is_free
from flows.stages import MonthResult
from load.facts import conflicts_stated, rebuild_trade_facts
from load.failures import storage_step
from load.housekeeping import clear_failed_writes
from load.state import StateStore

SOURCES_ENV = "TRADEWIRE_SOURCES"
DEFAULT_SOURCES_FILE = "sources.toml"
DEFAULT_OUT_DIR = "data"
PROGRESS_KEY = "tradewire-backfill-progress"
SUMMARY_KEY = "tradewire-backfill-summary"
PARTITIONS_KEY = "tradewire-backfill-partitions"
# Network tasks: retried on unexpected errors (the HTTP client already retries single requests);
# safe because every write they make is an idempotent merge.
NETWORK_RETRIES = 2
NETWORK_RETRY_DELAYS = exponential_backoff(backoff_factor=10)
RETRY_JITTER_FACTOR = 0.5


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


def process_month(
    partition: str,
    work: Sequence[tuple[SourceConfig, Sequence[FeedEntry]]],
    run: RunContext,
    own_resources: bool = False,
) -> MonthResult:
    """Fetch, parse, extract and validate one month's entries, then commit its rows to every dataset.

    `own_resources` (months on Dask workers): the month opens and closes its own HTTP client and raw
    archive file (`<run_id>-<month>-<n>.warc.gz`) rather than sharing the run's, which live in the
    flow's process; per-host politeness then holds within the month, not across months in flight,
    and the run state is left to the flow's process.
    """
    if not own_resources:
        return _process_month(partition, work, run, run_client(run), run_archive(run))
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
    with storage_step(f"fetching and staging the pages of {partition}", run.out_dir):
        summaries = stages.stage_month(work, client, run.work_dir / "months" / partition, run.window, archive)
    return stages.commit_month(Path(run.out_dir), run.run_id, partition, summaries, remember_state)


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
            run_client(run),
            state,
            run.work_dir,
            run.window,
            skip_ingested=False,
            conditional=False,
            archive=run_archive(run),
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
    result = process_month(partition, loaded, run, own_resources=own_resources)
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


def backfill_run_id() -> str:
    """Stable across retries of one flow run (its working folder and cache keys survive a retry)."""
    flow_run_id = flow_run.get_id()
    suffix = flow_run_id.replace("-", "") if flow_run_id else uuid.uuid4().hex
    return f"backfill-{suffix[:20]}"


# The form the Prefect UI renders, in this order (module-level so the defaults are built once).
START_DATE = parameter(
    ...,
    "Start date",
    "First publication date to ingest (UTC, inclusive; 1990-01-01 or later, any range length).",
)
END_DATE = parameter(
    ..., "End date", "Last publication date to ingest (UTC, inclusive; today at the latest)."
)
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
    started = datetime.now(UTC)
    logger.info(
        "run=%s backfill %s..%s mode=%s sources=%s partitions=%d",
        run.run_id,
        request.start,
        request.end,
        request.mode.value,
        ",".join(s.name for s in request.sources),
        len(request.partitions),
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
                discoveries, month_results = _reprocess(request, run, progress_id, executor)
            else:
                discoveries, month_results = _recrawl(request, run, progress_id, executor)
        summaries = [s for result in month_results for s in result.summaries]
        if request.executor is BackfillExecutor.dask:
            with storage_step("recording the run state", run.out_dir), StateStore(Path(run.out_dir)) as state:
                stages.remember(state, run.run_id, summaries)
        report = RunReport.build(
            "backfill",
            run.run_id,
            str(request.out_dir),
            started,
            datetime.now(UTC),
            discoveries,
            summaries,
            stages.rows_written(month_results),
        )
        table = partition_table(month_results, _conflicts(run, month_results))
        _publish_artifacts(report, request, table)
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


def _conflicts(run: RunContext, results: Sequence[MonthResult]) -> dict[str, int]:
    """Per partition: conflicting trade_facts that one of its statistics states (0 without trade_facts).

    trade_facts is rebuilt first from the trade_stats the backfill just changed, so the facts and
    the counts reflect them.
    """
    out_dir = Path(run.out_dir)
    with storage_step("rebuilding trade_facts", out_dir):
        rebuild_trade_facts(out_dir, f"{run.run_id}-facts")
    return conflicts_stated(out_dir, {result.partition: result.stat_files for result in results})


def _publish_artifacts(report: RunReport, request: BackfillRequest, table: list[dict]) -> None:
    heading = f"{request.start} → {request.end}, mode `{request.mode.value}`"
    create_markdown_artifact(
        key=SUMMARY_KEY,
        markdown=backfill_markdown(report, heading, table),
        description=f"tradewire backfill run {report.run_id}",
    )
    create_table_artifact(
        key=PARTITIONS_KEY, table=table, description=f"Per month partition of backfill run {report.run_id}"
    )


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
    request: BackfillRequest, run: RunContext, progress_id: Any, executor: Executor
) -> tuple[list[stages.Discovery], list[MonthResult]]:
    discoveries = [f.result() for f in [discover_range.submit(s, run) for s in request.sources]]
    log_paths = [d.fetch_log_path for d in discoveries if d.fetch_log_path]
    if log_paths:
        commit_discovery_log(log_paths, run)
    by_name = {s.name: s for s in request.sources}
    labels = request.labels
    work: dict[str, list[tuple[SourceConfig, str]]] = {label: [] for label in labels}
    for d in discoveries:
        for label, entries in split_by_month(stages.read_entries(d.entries_path), request.partitions).items():
            if entries:
                path = run.work_dir / "months" / label / "entries" / f"{d.source}.json"
                work[label].append((by_name[d.source], stages.write_entries(path, entries)))
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
                pending.append(stages.empty_month(label))
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
    request: BackfillRequest, run: RunContext, progress_id: Any, executor: Executor
) -> tuple[list[stages.Discovery], list[MonthResult]]:
    by_name = {s.name: s for s in request.sources}
    labels = request.labels
    in_range = frozenset(labels)

    def label_of(published: datetime | None) -> str | None:
        """The month a feed date puts a page in (as `split_by_month`); None: outside the range."""
        label = month_label(published)
        return label if label in in_range else None

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
    """One month of archived pages: parsed, extracted, validated and committed without the network
    (streamed: `reprocess.stage_archived_month`). `own_resources` (months on Dask workers): the run
    state is left to the flow's process.
    """
    with storage_step(f"staging the archived pages of {partition}", run.out_dir):
        summaries = reprocess.stage_archived_month(work, run.work_dir / "months" / partition, run.window)
    result = stages.commit_month(
        Path(run.out_dir), run.run_id, partition, summaries, remember_state=not own_resources
    )
    get_run_logger().info(
        "partition=%s stage=commit articles=%d statistics=%d rejects=%d (from the archive)",
        partition,
        result.articles,
        result.statistics,
        result.rejects,
    )
    return result
