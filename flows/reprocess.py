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

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from extract import archive as raw_archive
from extract.feeds import FeedError, parse_feed
from extract.model import FeedEntry, FetchResult
from extract.urls import normalize_url


@dataclass(frozen=True)
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
    """The newest good page response per (source, URL) archived on or after `start`, with feed dates."""
    wanted = set(sources)
    feed_dates: dict[str, datetime] = {}
    newest: dict[tuple[str, str], tuple[datetime, str, int, str]] = {}  # by normalised URL
    for item in raw_archive.iter_archive(out_dir, start, None, kinds=("feed", "page")):
        if item.source not in wanted or not item.result.ok:
            continue
        if item.kind == "feed":
            feed_dates.update(_feed_dates(item.result))
            continue
        key = (item.source, normalize_url(item.result.url))
        known = newest.get(key)
        if known is None or item.result.fetched_at >= known[0]:
            newest[key] = (item.result.fetched_at, item.warc_path, item.offset, item.result.url)
    return [
        ArchivedPage(source=source, url=requested, warc_path=path, offset=offset, fetched_at=fetched_at,
                     feed_published_at=feed_dates.get(normalized))
        for (source, normalized), (fetched_at, path, offset, requested) in sorted(newest.items())
    ]


def _feed_dates(result: FetchResult) -> dict[str, datetime]:
    try:
        listed = parse_feed(result.body, result.final_url)
    except FeedError:
        return {}
    return {normalize_url(e.url): e.published_at for e in listed if e.published_at is not None}


def write_pages(path: Path, pages: Sequence[ArchivedPage]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([
        {"source": p.source, "url": p.url, "warc_path": p.warc_path, "offset": p.offset,
         "fetched_at": p.fetched_at.isoformat(),
         "feed_published_at": p.feed_published_at.isoformat() if p.feed_published_at else None}
        for p in pages
    ]))
    return str(path)


def read_pages(path: str) -> list[ArchivedPage]:
    return [
        ArchivedPage(source=item["source"], url=item["url"], warc_path=item["warc_path"], offset=item["offset"],
                     fetched_at=datetime.fromisoformat(item["fetched_at"]),
                     feed_published_at=(datetime.fromisoformat(item["feed_published_at"])
                                        if item["feed_published_at"] else None))
        for item in json.loads(Path(path).read_text())
    ]


def read_responses(pages: Sequence[ArchivedPage]) -> list[FetchResult]:
    """The archived responses of `pages`, in order, each read by seeking to its record."""
    return [raw_archive.read_response(page.warc_path, page.offset).result for page in pages]
