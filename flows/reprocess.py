"""What a `reprocess` backfill works on: the pages in the raw WARC archive, grouped like a recrawl's.

The archive is partitioned by fetch date, not publication date, and a page is fetched on or after
the day it is published, so every archive file from the range's first day onwards is read. One pass
indexes the archive: for each (source, URL) the newest successful page response is kept (its file
and offset, not its body), and archived feeds give each page the date its feed listed, as the
nightly run had it. Pages are then split by that date into the same month partitions as a recrawl
(pages no archived feed dated go to `undated` and are judged by their own date); a page keeps the
URL it was requested with, so its rows match the nightly run's, and each month task
reads just its records back by offset. Re-reading is deterministic: the newest fetch of a page
always wins, whatever the order in which months are committed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from pathlib import Path

from extract import archive as raw_archive
from extract.feeds import FeedError, parse_feed
from extract.model import FeedEntry, FetchResult
from extract.urls import normalize_url
from flows.config import SourceConfig
from flows.stages import BATCH_SIZE, BatchSummary, DateWindow, rows_from_results

# Distinct feeds whose parsed dates the index keeps, for feeds archived again unchanged (a few per source).
PARSED_FEEDS_KEPT = 256


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """Where the newest good response for one page is, and the date its feed gave it."""

    source: str
    url: str  # the URL as requested (a feed's link, tracking parameters and all), as the nightly run had it
    warc_path: str
    offset: int
    fetched_at: datetime
    feed_published_at: datetime | None

    @property
    def entry(self) -> FeedEntry:
        return FeedEntry(url=self.url, title=None, published_at=self.feed_published_at)


def index_archive(out_dir: Path, sources: Iterable[str], start: date) -> list[ArchivedPage]:
    """The newest good page response per (source, URL) archived on or after `start`, with feed dates.

    Held in memory (a few hundred bytes a page); `index_by_month` gives the same pages month by
    month with memory that does not grow with the archive.
    """
    feed_dates: dict[str, datetime] = {}
    newest: dict[tuple[str, str], tuple[datetime, str, int, str]] = {}  # by normalised URL
    for record in _archive_records(raw_archive.archive_files(out_dir, start), sources):
        if isinstance(record, dict):
            feed_dates.update(record)
            continue
        known = newest.get((record.source, record.key))
        if known is None or record.fetched_at >= known[0]:
            newest[(record.source, record.key)] = (
                record.fetched_at,
                record.warc_path,
                record.offset,
                record.url,
            )
    return [
        ArchivedPage(
            source=source,
            url=requested,
            warc_path=path,
            offset=offset,
            fetched_at=fetched_at,
            feed_published_at=feed_dates.get(normalized),
        )
        for (source, normalized), (fetched_at, path, offset, requested) in sorted(newest.items())
    ]


@dataclass(frozen=True, slots=True)
class _PageRecord:
    """One good page response as the index pass meets it (its body is not read)."""

    source: str
    key: str  # normalised URL
    url: str
    fetched_at: datetime
    warc_path: str
    offset: int


def _archive_records(files: Iterable[Path | str], sources: Iterable[str]) -> Iterator[_PageRecord | dict]:
    """The records of these archive files, in order: each good page response, and each good feed's
    dates (normalised URL -> date; a later feed's date for a URL replaces an earlier one).

    Page bodies are not read (each month reads its pages back by offset), and a feed archived
    again unchanged (same bytes, same URL: a recrawl, a run after a 200 without validators) is not
    parsed again: the dates of the most recent distinct feeds are kept and given again in order.
    """
    wanted = set(sources)
    parsed_feeds: OrderedDict[tuple[bytes, str], dict[str, datetime]] = OrderedDict()
    for item in raw_archive.iter_archive_files(files, kinds=("feed", "page"), bodies=("feed",)):
        if item.source not in wanted or not item.result.ok:
            continue
        if item.kind == "feed":
            fingerprint = (hashlib.sha256(item.result.body).digest(), item.result.final_url)
            dates = parsed_feeds.pop(fingerprint, None)
            if dates is None:
                dates = _feed_dates(item.result)
            parsed_feeds[fingerprint] = dates
            if len(parsed_feeds) > PARSED_FEEDS_KEPT:
                parsed_feeds.popitem(last=False)
            yield dates
            continue
        yield _PageRecord(
            source=item.source,
            key=normalize_url(item.result.url),
            url=item.result.url,
            fetched_at=item.result.fetched_at,
            warc_path=item.warc_path,
            offset=item.offset,
        )


@dataclass(frozen=True)
class MonthPages:
    """One source's archived pages of one month: a `write_pages` file for `read_pages`."""

    label: str
    source: str
    path: str
    pages: int


def index_by_month(
    out_dir: Path,
    sources: Sequence[str],
    start: date,
    label_of: Callable[[datetime | None], str | None],
    folder: Path,
    parts: Sequence[str] | None = None,
) -> list[MonthPages]:
    """`index_archive`, split by month as it goes to disk: memory does not grow with the archive.

    The index is kept in a SQLite file under `folder` (removed at the end) rather than in dicts.
    `label_of` names the month of a feed date (None for a page no feed dated), or None to leave
    the page out; each (month, source) gets `folder/<label>/archived/<source>.json` with the
    pages in `index_archive`'s order. The list comes in `sources` order, then month order.
    `parts`: the archive already read by `index_part` (on workers, one run of files each), given in
    archive order; merging them gives the index one pass over the archive gives.
    """
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "archive-index.sqlite"
    database.unlink(missing_ok=True)
    undated = label_of(None)
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.executescript(_INDEX_SCHEMA)
        connection.execute("BEGIN")
        pages: list[tuple] = []
        records = (
            _archive_records(raw_archive.archive_files(out_dir, start), sources)
            if parts is None
            else chain.from_iterable(read_index_part(path) for path in parts)
        )
        for record in records:
            if isinstance(record, dict):
                connection.executemany(
                    "INSERT INTO feed_dates(key, published, label) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
                    "SET published = excluded.published, label = excluded.label",
                    [(key, published.isoformat(), label_of(published)) for key, published in record.items()],
                )
                continue
            pages.append(
                (
                    record.source,
                    record.key,
                    record.url,
                    _microseconds(record.fetched_at),
                    record.fetched_at.isoformat(),
                    record.warc_path,
                    record.offset,
                )
            )
            if len(pages) >= _INSERT_BATCH:
                _upsert_pages(connection, pages)
        _upsert_pages(connection, pages)
        connection.execute("COMMIT")
        months = _write_month_files(connection, sources, undated, folder)
    finally:
        connection.close()
        database.unlink(missing_ok=True)
    return months


# An index part: a run of consecutive archive files of about this many bytes, read by one task.
INDEX_PART_BYTES = 8 * 2**20
MAX_INDEX_PARTS = 256


def index_parts(out_dir: Path, start: date, max_parts: int = MAX_INDEX_PARTS) -> list[list[str]]:
    """The archive files from `start` on, in order, cut into runs of about equal bytes, at least
    INDEX_PART_BYTES each (but one file) and at most `max_parts` (two per worker: each task costs the
    flow ~50 ms to send and the Prefect server a task run): the index pass split into units that
    workers read side by side."""
    files = raw_archive.archive_files(out_dir, start)
    sizes = [path.stat().st_size for path in files]
    count = max(1, min(len(files), max_parts, MAX_INDEX_PARTS, -(-sum(sizes) // INDEX_PART_BYTES)))
    target = sum(sizes) / count
    parts: list[list[str]] = []
    current: list[str] = []
    filled = 0
    for path, size in zip(files, sizes, strict=True):
        current.append(str(path))
        filled += size
        if filled >= target * (len(parts) + 1) and len(parts) < count - 1:
            parts.append(current)
            current = []
    if current:
        parts.append(current)
    return parts


def index_part(files: Sequence[str], sources: Sequence[str], path: Path) -> str:
    """Write the index records of these archive files (`_archive_records`, in order) to `path`, one
    JSON line each: `["page", source, key, url, fetched_at, warc_path, offset]` or `["feed", {key: date}]`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in _archive_records(files, sources):
            if isinstance(record, dict):
                line = ["feed", {key: published.isoformat() for key, published in record.items()}]
            else:
                line = [
                    "page",
                    record.source,
                    record.key,
                    record.url,
                    record.fetched_at.isoformat(),
                    record.warc_path,
                    record.offset,
                ]
            handle.write(json.dumps(line) + "\n")
    return str(path)


def read_index_part(path: str) -> Iterator[_PageRecord | dict]:
    """The records `index_part` wrote, in order."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if item[0] == "feed":
                yield {key: datetime.fromisoformat(published) for key, published in item[1].items()}
            else:
                _, source, key, url, fetched_at, warc_path, offset = item
                yield _PageRecord(
                    source=source,
                    key=key,
                    url=url,
                    fetched_at=datetime.fromisoformat(fetched_at),
                    warc_path=warc_path,
                    offset=offset,
                )


_INSERT_BATCH = 1000
_INDEX_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -2000;
CREATE TABLE pages (source TEXT NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL, fetched_us INTEGER NOT NULL,
                    fetched_at TEXT NOT NULL, warc_path TEXT NOT NULL, offset INTEGER NOT NULL,
                    PRIMARY KEY (source, key));
CREATE TABLE feed_dates (key TEXT PRIMARY KEY, published TEXT NOT NULL, label TEXT);
"""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _microseconds(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _upsert_pages(connection: sqlite3.Connection, pages: list[tuple]) -> None:
    """Keep the newest fetch per (source, key); of two fetched at the same moment, the later in the archive."""
    connection.executemany(
        "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source, key) DO UPDATE SET url = excluded.url, "
        "fetched_us = excluded.fetched_us, fetched_at = excluded.fetched_at, warc_path = excluded.warc_path, "
        "offset = excluded.offset WHERE excluded.fetched_us >= pages.fetched_us",
        pages,
    )
    pages.clear()


def _write_month_files(
    connection: sqlite3.Connection, sources: Sequence[str], undated: str | None, folder: Path
) -> list[MonthPages]:
    """One `write_pages` file per (month, source), holding one of them in memory at a time."""
    rows = connection.execute(
        "SELECT p.source, p.url, p.warc_path, p.offset, p.fetched_at, f.published, "
        "CASE WHEN f.key IS NULL THEN ? ELSE f.label END AS month "
        "FROM pages p LEFT JOIN feed_dates f ON f.key = p.key WHERE month IS NOT NULL "
        "ORDER BY month, p.source, p.key",
        (undated,),
    )
    months: list[MonthPages] = []
    group: list[ArchivedPage] = []
    current: tuple[str, str] | None = None

    def flush() -> None:
        if current is not None and group:
            label, source = current
            path = write_pages(folder / label / "archived" / f"{source}.json", group)
            months.append(MonthPages(label=label, source=source, path=path, pages=len(group)))
        group.clear()

    for source, url, warc_path, offset, fetched_at, published, month in rows:
        if (month, source) != current:
            flush()
            current = (month, source)
        group.append(
            ArchivedPage(
                source=source,
                url=url,
                warc_path=warc_path,
                offset=offset,
                fetched_at=datetime.fromisoformat(fetched_at),
                feed_published_at=datetime.fromisoformat(published) if published else None,
            )
        )
    flush()
    order = {source: number for number, source in enumerate(sources)}
    return sorted(months, key=lambda month: (order.get(month.source, len(order)), month.label))


def _feed_dates(result: FetchResult) -> dict[str, datetime]:
    try:
        listed = parse_feed(result.body, result.final_url)
    except FeedError:
        return {}
    return {normalize_url(e.url): e.published_at for e in listed if e.published_at is not None}


def write_pages(path: Path, pages: Sequence[ArchivedPage]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            [
                {
                    "source": p.source,
                    "url": p.url,
                    "warc_path": p.warc_path,
                    "offset": p.offset,
                    "fetched_at": p.fetched_at.isoformat(),
                    "feed_published_at": p.feed_published_at.isoformat() if p.feed_published_at else None,
                }
                for p in pages
            ]
        )
    )
    return str(path)


def read_pages(path: str) -> list[ArchivedPage]:
    return [
        ArchivedPage(
            source=item["source"],
            url=item["url"],
            warc_path=item["warc_path"],
            offset=item["offset"],
            fetched_at=datetime.fromisoformat(item["fetched_at"]),
            feed_published_at=(
                datetime.fromisoformat(item["feed_published_at"]) if item["feed_published_at"] else None
            ),
        )
        for item in json.loads(Path(path).read_text())
    ]


def read_responses(pages: Sequence[ArchivedPage]) -> list[FetchResult]:
    """The archived responses of `pages`, in order, each read by seeking to its record."""
    return [raw_archive.read_response(page.warc_path, page.offset).result for page in pages]


def stage_archived_month(
    work: Sequence[tuple[SourceConfig, str]], work_dir: Path, window: DateWindow
) -> list[BatchSummary]:
    """Parse, extract and validate one month of archived pages (`write_pages` files), BATCH_SIZE at a time.

    Streams: the month's page index is small (file, offset), and bodies are read back from the
    archive one batch at a time, so memory holds one batch of pages, whatever the month's size.
    """
    summaries = []
    for source, path in work:
        pages = read_pages(path)
        for batch_no, first in enumerate(range(0, len(pages), BATCH_SIZE)):
            batch = pages[first : first + BATCH_SIZE]
            summaries.append(
                rows_from_results(
                    source,
                    [p.entry for p in batch],
                    read_responses(batch),
                    batch_no,
                    work_dir,
                    window,
                    from_archive=True,
                )
            )
    return summaries
