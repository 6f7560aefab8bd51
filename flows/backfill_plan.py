"""What a backfill will do, checked before any work: the request, its month partitions, and which
month a feed entry or an archived page belongs to. Prefect-free (the flow is in `flows.backfill`).

Any range is accepted, however long: the work is bounded per month partition, not per backfill.
Only obvious mistakes are refused, with one line a person can act on: an end before the start, a
start before 1990 (no source tradewire reads publishes articles that old: a typo in the year), an
end after today (nothing has been published then yet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from extract.archive import RAW_DIRNAME, archive_files
from extract.model import FeedEntry
from flows.config import SourceConfig, SourcesError, load_sources

EARLIEST_START = date(1990, 1, 1)
MAX_CONCURRENCY = 8
UNDATED = "undated"  # the partition of entries without a feed date (judged by the page's own date)
_Choice = TypeVar("_Choice", bound=StrEnum)


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


def month_label(published: datetime | None) -> str:
    """The partition label of a publication time (its UTC month), or UNDATED without one."""
    return UNDATED if published is None else f"{published.astimezone(UTC):%Y-%m}"


def split_by_month(
    entries: Sequence[FeedEntry], partitions: Sequence[MonthPartition]
) -> dict[str, list[FeedEntry]]:
    """Entries by the month of their feed date; entries without one go to UNDATED (judged by the page).
    Entries of a month outside the partitions are left out."""
    by_month: dict[str, list[FeedEntry]] = {p.label: [] for p in partitions}
    by_month[UNDATED] = []
    for entry in entries:
        label = month_label(entry.published_at)
        if label in by_month:
            by_month[label].append(entry)
    return by_month


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

    @property
    def labels(self) -> list[str]:
        """Every partition's label in order, then UNDATED: the months the run reports progress on."""
        return [p.label for p in self.partitions] + [UNDATED]


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
    today: date | None = None,
) -> BackfillRequest:
    """Refuse what cannot run, before any work: a reversed or implausible range, an unknown source, a
    reprocess without a raw archive. Raises BackfillRequestError with a one-line reason.

    `today` (UTC; tests pass one) is the latest end date accepted.
    """
    check_range(start_date, end_date, today or datetime.now(UTC).date())
    if not 1 <= max_concurrency <= MAX_CONCURRENCY:
        raise BackfillRequestError(
            f"max_concurrency {max_concurrency} is not between 1 and {MAX_CONCURRENCY}"
        )
    mode = _choice(BackfillMode, mode, "mode")
    executor = _choice(BackfillExecutor, executor, "executor")
    if executor is BackfillExecutor.threads and (dask_address or dask_workers):
        raise BackfillRequestError("dask_address and dask_workers need executor 'dask'")
    if dask_workers is not None and dask_workers < 1:
        raise BackfillRequestError(f"dask_workers {dask_workers} must be at least 1")
    chosen = chosen_sources(sources_file, sources)
    out = Path(out_dir)
    if mode is BackfillMode.reprocess and not raw_archive_available(out):
        raise BackfillRequestError(
            f"mode 'reprocess' needs the raw archive, but there is no raw archive under {out / RAW_DIRNAME} "
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


def check_range(start: date, end: date, today: date) -> None:
    """Any length is fine; a reversed range, a start before 1990 or an end after today is a mistake."""
    if end < start:
        raise BackfillRequestError(f"end_date {end} is before start_date {start}")
    if start < EARLIEST_START:
        raise BackfillRequestError(
            f"start_date {start} is before {EARLIEST_START}: no source publishes articles that old "
            "(a typo in the year?)"
        )
    if end > today:
        raise BackfillRequestError(
            f"end_date {end} is in the future (today is {today}, UTC): nothing has been published then yet"
        )


def _choice(kind: type[_Choice], value: _Choice | str, name: str) -> _Choice:
    try:
        return kind(value)
    except ValueError:
        raise BackfillRequestError(f"{name} {value!r} is not one of {[m.value for m in kind]}") from None


def chosen_sources(sources_file: str | Path, names: Sequence[str] | None) -> tuple[SourceConfig, ...]:
    """The sources named (in that order, each once), or every configured one when none is named."""
    try:
        configured = load_sources(sources_file)
    except SourcesError as exc:
        raise BackfillRequestError(str(exc)) from None
    by_name = {source.name: source for source in configured}
    wanted = list(dict.fromkeys(str(name) for name in names or ()))
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise BackfillRequestError(
            f"unknown source(s) {', '.join(map(repr, unknown))}: {sources_file} configures {', '.join(by_name)}"
        )
    return tuple(by_name[name] for name in wanted) if wanted else configured


def raw_archive_available(out_dir: Path) -> bool:
    """True when OUT/raw holds at least one complete WARC file."""
    return bool(archive_files(out_dir))
