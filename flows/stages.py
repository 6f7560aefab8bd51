"""The run's stages as plain functions: discovery per source, processing per batch, commit per dataset.

Prefect tasks in `flows.nightly` wrap these; keeping them plain lets benchmarks and tests call the
same code without the orchestrator. Each stage writes its rows to files under the run's working
folder and returns a small summary: paths and counts, never DataFrames.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extract.archive import RawArchive
from extract.discovery import Crawl, crawl_listing, crawl_sitemaps, url_matches
from extract.feeds import FeedError, parse_feed
from extract.http import FetchLimits, HttpClient
from extract.model import FeedEntry, FetchResult
from extract.sites import parse_page, parser_for
from extract.urls import article_id_for, normalize_url
from flows import prefetch
from flows.config import SourceConfig
from load.failures import storage_step
from load.schemas import TIMESTAMP_UTC, to_table
from load.state import StateStore
from load.writer import ReplaceScope, write_dataset
from transform.extraction import extract_candidates
from transform.model import ArticleText, Rejection, TradeStatistic
from transform.undated import split_undated
from transform.validation import validate_with_warnings

ROW_DATASETS = ("articles", "trade_stats", "rejects", "fetch_log")
BATCH_SIZE = 50  # pages per batch: one task of the nightly run, one step of a backfill month
# Failures worth another try in a later run; anything else (404, blocked, too large) is final.
RETRYABLE_ERRORS = frozenset({"timeout", "connect_error", "read_error", "robots_unreachable"})
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Error classes of the HTTP client: a discovery problem with one of these already has its request's row.
FETCH_ERROR_CLASSES = frozenset(
    {
        "http_status",
        "timeout",
        "connect_error",
        "read_error",
        "blocked_address",
        "bad_scheme",
        "too_large",
        "too_many_redirects",
        "redirect_loop",
        "decode_error",
        "fetch_error",
        "robots_disallowed",
        "robots_unreachable",
    }
)
MAX_ATTEMPTS_ACROSS_RUNS = 3


@dataclass(frozen=True)
class DateWindow:
    """Inclusive range of publication dates a run keeps (a backfill's range); None = everything.

    An article whose publication date is unknown cannot be placed in a range: `undated` says whether
    the run keeps it. The nightly run does (the article is new: it is stored with a null
    `published_at` in its fetch month, see docs/datasets.md); a backfill does not (it re-ingests what
    was published in its range, and such an article is not known to be), and counts it out of window.
    """

    start: date | None = None
    end: date | None = None
    undated: bool = True

    def contains(self, moment: datetime | None) -> bool:
        if moment is None:
            return self.undated
        day = moment.astimezone(UTC).date()
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    @property
    def unbounded(self) -> bool:
        return self.start is None and self.end is None


@dataclass(frozen=True)
class Discovery:
    """What one source's feeds listed that this run should fetch."""

    source: str
    feeds_ok: int
    feeds_failed: int
    entries_listed: int
    entries_new: int
    entries_path: str  # JSON list of {url, title, published_at}
    fetch_log_path: str | None
    failures: dict[str, int] = field(default_factory=dict)
    pages_read: int = 0  # sitemap and listing pages read
    # (url, etag, last_modified) of the feeds and sitemaps read: recorded by `remember` only after the
    # run's rows are committed, since a stored validator makes the next fetch a 304 that lists nothing.
    validators: tuple[tuple[str, str | None, str | None], ...] = ()

    @property
    def reached(self) -> bool:
        """Whether any discovery route of the source answered (the run's "nothing fetched" test)."""
        return self.feeds_ok > 0 or self.pages_read > 0


@dataclass(frozen=True)
class BatchSummary:
    source: str
    pages_fetched: int
    pages_failed: int
    articles: int
    statistics: int
    rejects: int
    out_of_window: int
    rejects_by_rule: dict[str, int]
    failures: dict[str, int]
    paths: dict[str, str]  # dataset -> parquet file of this batch's rows
    ingested: list[list[str]]  # [feed entry url, canonical url, article_id]
    failed: list[tuple[str, str, bool]]  # (url, error_class, retryable) of pages that yielded no article
    succeeded: list[str]  # urls fetched fine (clears earlier failures)
    undated: int = 0  # articles stored without a publication date (published_at null)


def run_folder(out_dir: Path, run_id: str) -> Path:
    """The run's working folder: beside the datasets, never inside a dataset's root."""
    return out_dir / ".runs" / run_id


STALE_RUN_FOLDER_S = 24 * 3600


def clear_stale_run_folders(out_dir: Path, older_than_s: float = STALE_RUN_FOLDER_S) -> list[str]:
    """Remove working folders that killed runs left behind (their rows were never committed).

    Only folders untouched for a day go: a retried backfill may still be using its own.
    """
    root = out_dir / ".runs"
    if not root.is_dir():
        return []
    cutoff = datetime.now(UTC).timestamp() - older_than_s
    removed = []
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def classify_failure(result: FetchResult) -> str:
    """The failure's stable class for fetch_log and the run summary."""
    return result.error_class or ("http_status" if not result.ok else "ok")


def is_retryable(result: FetchResult) -> bool:
    """Worth another try in a later run: transient network trouble, 408/429/5xx."""
    if result.error_class == "http_status":
        return result.status in RETRYABLE_STATUSES
    return result.error_class in RETRYABLE_ERRORS


def fetch_log_record(
    source: str,
    kind: str,
    result: FetchResult,
    error_class: str | None = None,
    error_message: str | None = None,
) -> dict:
    return {
        "url": result.url,
        "source": source,
        "kind": kind,
        "status": result.status,
        "error_class": error_class if error_class is not None else result.error_class,
        "error_message": error_message if error_message is not None else result.error_message,
        "attempts": result.attempts,
        "bytes": len(result.body),
        "elapsed_s": result.elapsed_s,
        "fetched_at": result.fetched_at,
        "from_archive": False,
    }


def fetch_limits(source: SourceConfig) -> FetchLimits:
    """The source's per-request bounds as the HTTP client takes them."""
    return FetchLimits(
        connect_timeout_s=min(FetchLimits.connect_timeout_s, source.timeout_s),
        read_timeout_s=source.timeout_s,
        total_timeout_s=source.deadline_s,
        max_bytes=source.max_bytes,
    )


def robots_rows(source: str, client: HttpClient, archive: RawArchive | None) -> list[dict]:
    """fetch_log rows (kind robots) for the robots.txt fetches `source`'s requests caused; archived too."""
    rows = []
    for result in client.drain_robots_log(source):
        if archive is not None:
            archive.write(result, source, "robots")
        rows.append(fetch_log_record(source, "robots", result))
    return rows


def write_rows(path: Path, dataset: str, records: Sequence[dict]) -> str | None:
    if not records:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(to_table(dataset, records), path, compression="zstd")
    return str(path)


def discover_source(
    source: SourceConfig,
    client: HttpClient,
    state: StateStore,
    work_dir: Path,
    window: DateWindow,
    skip_ingested: bool = True,
    conditional: bool = True,
    archive: RawArchive | None = None,
) -> Discovery:
    """List the source's articles from its feeds, sitemaps and listing pages; keep the new ones.

    Entries are de-duplicated by normalised URL (one story reached by two routes is fetched once)
    and filtered by the source's `url_pattern` and the run's date window. `conditional=False`
    (backfills) sends no ETag/Last-Modified: a 304 would list nothing, and a backfill needs the
    whole feed whatever the nightly run saw last.
    """
    found = _SourceDiscovery(source, client, state, archive, conditional)
    for feed_url in source.feeds:
        found.read_feed(feed_url)
    for kind, crawl in _crawls(source, found, window):
        found.take_crawl(kind, crawl)
    found.log.extend(robots_rows(source.name, client, archive))
    to_fetch, validators = _entries_to_fetch(source, state, found, window, skip_ingested)
    entries_path = write_entries(work_dir / "entries" / f"{source.name}.json", to_fetch)
    return Discovery(
        source=source.name,
        feeds_ok=found.feeds_ok,
        feeds_failed=found.feeds_failed,
        entries_listed=len(found.entries),
        entries_new=len(to_fetch),
        entries_path=entries_path,
        fetch_log_path=write_rows(
            work_dir / "fetch_log" / f"feeds-{source.name}.parquet", "fetch_log", found.log
        ),
        failures=dict(found.failures),
        pages_read=found.pages_read,
        validators=validators,
    )


class _SourceDiscovery:
    """What one source's discovery routes found so far: entries, fetch_log rows, failures, validators."""

    def __init__(
        self,
        source: SourceConfig,
        client: HttpClient,
        state: StateStore,
        archive: RawArchive | None,
        conditional: bool,
    ) -> None:
        self.source, self.client, self.state, self.archive = source, client, state, archive
        self.conditional = conditional
        self.log: list[dict] = []
        self.failures: Counter[str] = Counter()
        self.entries: dict[str, FeedEntry] = {}  # normalised URL -> entry (url as discovered, for fetching)
        self.validators: dict[str, tuple[str, str | None, str | None]] = {}
        self.feeds_ok = self.feeds_failed = self.pages_read = 0

    def fetch(self, url: str, kind: str, validators: dict | None = None) -> FetchResult:
        source = self.source
        result = self.client.fetch(
            url,
            allow_private=source.allow_private_addresses,
            min_delay_s=source.min_delay_s,
            validators=validators,
            source=source.name,
            limits=fetch_limits(source),
        )
        if self.archive is not None:
            self.archive.write(result, source.name, kind)
        self.log.append(fetch_log_record(source.name, kind, result))
        return result

    def keep_validators(self, url: str, result: FetchResult) -> None:
        self.validators[url] = (url, result.headers.get("etag"), result.headers.get("last-modified"))

    def fetch_sitemap(self, url: str) -> FetchResult:
        """Child sitemaps (not the roots: an unchanged index must still lead to changed children) are
        fetched with a conditional GET, so an unchanged one costs a 304."""
        use_validators = self.conditional and url not in self.source.sitemaps
        result = self.fetch(url, "sitemap", self.state.get_validators(url) if use_validators else None)
        if use_validators and result.ok:
            self.keep_validators(url, result)
        return result

    def add(self, found: Iterable[FeedEntry]) -> None:
        for entry in found:
            key = normalize_url(entry.url)
            if not url_matches(key, self.source.url_pattern):
                continue
            earlier = self.entries.get(key)
            if earlier is None or (earlier.published_at is None and entry.published_at is not None):
                self.entries[key] = entry

    def read_feed(self, feed_url: str) -> None:
        result = self.fetch(
            feed_url, "feed", self.state.get_validators(feed_url) if self.conditional else None
        )
        if result.status == 304:
            self.feeds_ok += 1
            return
        if not result.ok:
            self.feeds_failed += 1
            self.failures[classify_failure(result)] += 1
            return
        try:
            listed = parse_feed(result.body, result.final_url)
        except FeedError as exc:
            self.feeds_failed += 1
            self.failures["feed_parse_error"] += 1
            self.log[-1] = fetch_log_record(self.source.name, "feed", result, "feed_parse_error", str(exc))
            return
        self.feeds_ok += 1
        self.keep_validators(feed_url, result)
        self.add(listed)

    def take_crawl(self, kind: str, crawl: Crawl) -> None:
        """A sitemap or listing crawl's entries; its problems counted, and logged where its request's
        own fetch_log row does not already say what went wrong."""
        self.pages_read += crawl.pages_read
        self.add(crawl.entries)
        for problem in crawl.problems:
            if problem.reason in FETCH_ERROR_CLASSES:
                self.failures[problem.reason] += 1
                continue
            self.failures[f"{kind}_parse_error"] += 1
            self.log.append(
                {
                    **_blank_log(self.source.name, kind, problem.url),
                    "error_class": f"{kind}_parse_error",
                    "error_message": problem.message[:500],
                }
            )


def _crawls(source: SourceConfig, found: _SourceDiscovery, window: DateWindow) -> list[tuple[str, Crawl]]:
    """The source's sitemap crawl, then each listing crawl, as (kind, result): all run before any is
    taken in, so the fetch_log keeps every request's row before the rows of problems found after."""
    crawls = []
    if source.sitemaps:
        crawls.append(
            (
                "sitemap",
                crawl_sitemaps(source.sitemaps, found.fetch_sitemap, start=window.start, end=window.end),
            )
        )
    for listing in source.listings:
        site = parser_for(listing.url)
        crawls.append(
            (
                "listing",
                crawl_listing(
                    listing.url,
                    listing.link_selector,
                    lambda u: found.fetch(u, "listing"),
                    next_selector=listing.next_selector,
                    max_pages=listing.max_pages,
                    naive_tz=source.zone or getattr(site, "zone", UTC),
                ),
            )
        )
    return crawls


def _entries_to_fetch(
    source: SourceConfig, state: StateStore, found: _SourceDiscovery, window: DateWindow, skip_ingested: bool
) -> tuple[list[FeedEntry], tuple[tuple[str, str | None, str | None], ...]]:
    """The entries this run fetches, newest first, and the validators to keep once the run commits.

    An entry dated outside the window is dropped early; one without a date is fetched and judged by
    the page's own date. Pages that failed retryably in earlier runs are tried again.
    """
    kept = {
        key: e
        for key, e in found.entries.items()
        if e.published_at is None or window.contains(e.published_at)
    }
    if skip_ingested:
        done = state.seen_urls(kept) | state.settled_failures(
            [e.url for e in kept.values()], MAX_ATTEMPTS_ACROSS_RUNS
        )
        kept = {key: e for key, e in kept.items() if key not in done and e.url not in done}
    for url in state.retryable_failures(source.name, MAX_ATTEMPTS_ACROSS_RUNS):
        kept.setdefault(normalize_url(url), FeedEntry(url=url, title=None, published_at=None))
    newest_first = sorted(
        kept.values(), key=lambda e: e.published_at or datetime.max.replace(tzinfo=UTC), reverse=True
    )
    if len(newest_first) > source.max_articles:
        # Entries left for a later run: a 304 next time would hide them, so no validator is kept.
        return newest_first[: source.max_articles], ()
    return newest_first, tuple(found.validators.values())


def _blank_log(source: str, kind: str, url: str) -> dict:
    """A fetch_log row for a problem found after the request (its request has a row of its own)."""
    return {
        "url": url,
        "source": source,
        "kind": kind,
        "status": None,
        "error_class": None,
        "error_message": None,
        "attempts": 0,
        "bytes": 0,
        "elapsed_s": 0.0,
        "fetched_at": now_utc(),
        "from_archive": False,
    }


def write_entries(path: Path, entries: Sequence[FeedEntry]) -> str:
    """Feed entries as the JSON list `read_entries` reads back ({url, title, published_at})."""
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


def read_entries(entries_path: str) -> list[FeedEntry]:
    return [
        FeedEntry(
            url=item["url"],
            title=item["title"],
            published_at=datetime.fromisoformat(item["published_at"]) if item["published_at"] else None,
        )
        for item in json.loads(Path(entries_path).read_text())
    ]


def process_batch(
    source: SourceConfig,
    entries: Sequence[FeedEntry],
    batch_no: int,
    client: HttpClient,
    work_dir: Path,
    window: DateWindow,
    archive: RawArchive | None = None,
) -> BatchSummary:
    """Fetch, parse, extract and validate one batch of pages; write its rows; return counts.

    Pages are archived and parsed as they come in, in order, while the next few download
    (`HttpClient.fetch_iter`); each body is let go once its page is done, so a batch holds a few
    bodies at a time rather than all of them until its last page is parsed.
    """
    results = client.fetch_iter(
        [e.url for e in entries],
        allow_private=source.allow_private_addresses,
        min_delay_s=source.min_delay_s,
        source=source.name,
        limits=fetch_limits(source),
    )
    if archive is not None:
        results = _archived(results, archive, source.name)
    continuation_log: list[dict] = []

    def fetch_continuation(url: str) -> FetchResult:
        """Later pages of a multi-page article (China Daily style): fetched, archived and logged."""
        result = client.fetch(
            url,
            allow_private=source.allow_private_addresses,
            min_delay_s=source.min_delay_s,
            source=source.name,
            limits=fetch_limits(source),
        )
        if archive is not None:
            archive.write(result, source.name, "page")
        continuation_log.append(fetch_log_record(source.name, "page", result))
        return result

    with closing(results):  # leaving early (a storage error) stops the batch's fetches
        return rows_from_results(
            source,
            entries,
            results,
            batch_no,
            work_dir,
            window,
            extra_log=continuation_log,
            fetch_more=fetch_continuation,
            robots_log=lambda: robots_rows(source.name, client, archive),
        )


def _archived(results: Iterator[FetchResult], archive: RawArchive, source: str) -> Iterator[FetchResult]:
    """Each page's response archived as it comes in, before it is parsed."""
    with closing(results):
        for result in results:
            archive.write(result, source, "page")
            yield result


def rows_from_results(
    source: SourceConfig,
    entries: Sequence[FeedEntry],
    results: Iterable[FetchResult],
    batch_no: int,
    work_dir: Path,
    window: DateWindow,
    extra_log: Sequence[dict] = (),
    from_archive: bool = False,
    fetch_more: Callable[[str], FetchResult] | None = None,
    robots_log: Callable[[], list[dict]] | None = None,
) -> BatchSummary:
    """Parse, extract and validate pages already fetched (or read back from the raw archive, then every
    fetch_log row says `from_archive`); write their rows; return counts.

    `fetch_more` fetches the continuation pages of multi-page articles (none when reprocessing);
    `extra_log` is read after parsing, so rows it gains meanwhile (those fetches) are kept too.
    """
    rows: dict[str, list[dict]] = {name: [] for name in ROW_DATASETS}
    failures: Counter[str] = Counter()
    rejects_by_rule: Counter[str] = Counter()
    ingested: list[list[str]] = []
    failed: list[tuple[str, str, bool]] = []
    succeeded: list[str] = []
    out_of_window = 0
    candidates: list[TradeStatistic] = []
    decided: list[Rejection] = []  # rejected before validation (statistics an undated article cannot date)
    seen_articles: set[str] = set()
    for entry, result in zip(entries, results, strict=True):
        if not result.ok:
            error_class = classify_failure(result)
            failures[error_class] += 1
            rows["fetch_log"].append(fetch_log_record(source.name, "page", result, error_class))
            failed.append((entry.url, error_class, is_retryable(result)))
            continue
        succeeded.append(entry.url)
        outcome = _page_rows(source.name, entry, result, window, fetch_more, zone=source.zone)
        rows["fetch_log"].append(outcome.fetch_log)
        if outcome.error_class:  # fetched fine but not an article: final, not retried
            failures[outcome.error_class] += 1
            failed.append((entry.url, outcome.error_class, False))
            continue
        if outcome.article is None:
            out_of_window += 1
            continue
        if outcome.article["article_id"] in seen_articles:  # one story reached by two routes
            continue
        seen_articles.add(outcome.article["article_id"])
        rows["articles"].append(outcome.article)
        candidates.extend(outcome.candidates)
        decided.extend(outcome.rejected)
        ingested.append([entry.url, outcome.article["url"], outcome.article["article_id"]])

    rows["fetch_log"].extend(extra_log)
    if robots_log is not None:
        rows["fetch_log"].extend(robots_log())
    # One validation pass for the whole batch: rules are vectorised, per-article rules group by id.
    validation = validate_with_warnings(candidates)
    rows["trade_stats"] = [statistic_row(s) for s in validation.accepted]
    rejected = [*decided, *validation.rejected]
    rows["rejects"] = [{**statistic_row(r.statistic), "rule": r.rule, "reason": r.reason} for r in rejected]
    rejects_by_rule.update(r.rule for r in rejected)
    accepted_per_article = Counter(s.article_id for s in validation.accepted)
    rows["articles"] = [{**a, "n_stats": accepted_per_article[a["article_id"]]} for a in rows["articles"]]
    if from_archive:
        rows["fetch_log"] = [{**r, "from_archive": True} for r in rows["fetch_log"]]

    stem = f"{source.name}-{batch_no:05d}"
    paths = {}
    for dataset, records in rows.items():
        written = write_rows(work_dir / dataset / f"{stem}.parquet", dataset, records)
        if written:
            paths[dataset] = written
    return BatchSummary(
        source=source.name,
        pages_fetched=len(succeeded),
        pages_failed=len(entries) - len(succeeded),
        articles=len(rows["articles"]),
        statistics=len(rows["trade_stats"]),
        rejects=len(rows["rejects"]),
        out_of_window=out_of_window,
        rejects_by_rule=dict(rejects_by_rule),
        failures=dict(failures),
        paths=paths,
        ingested=ingested,
        failed=failed,
        succeeded=succeeded,
        undated=sum(1 for a in rows["articles"] if a["published_at"] is None),
    )


_STATISTIC_FIELDS = tuple(f.name for f in dataclasses.fields(TradeStatistic))


def statistic_row(statistic: TradeStatistic) -> dict:
    """A statistic as a trade_stats row: `dataclasses.asdict` without its deep copy (every field is an
    immutable scalar); the copy was the largest part of a batch's bookkeeping outside the transform."""
    return {name: getattr(statistic, name) for name in _STATISTIC_FIELDS}


@dataclass(frozen=True)
class _PageOutcome:
    fetch_log: dict
    article: dict | None = None
    candidates: list[TradeStatistic] = field(default_factory=list)
    error_class: str | None = None
    rejected: list[Rejection] = field(default_factory=list)  # decided before validation (undated article)


def _page_rows(
    source: str,
    entry: FeedEntry,
    result: FetchResult,
    window: DateWindow,
    fetch_more: Callable[[str], FetchResult] | None = None,
    zone: tzinfo | None = None,
) -> _PageOutcome:
    """One fetched page → its article row and candidate statistics, or the reason it yielded none.

    The page goes to its site's parser when one is registered for the host, else the generic one.
    """
    try:
        article = prefetch.parsed(result, entry, zone) or parse_page(
            result.body,
            result.final_url,
            content_type=result.headers.get("content-type"),
            feed_entry=entry,
            fetch=fetch_more,
            zone=zone,
        )
    except Exception as exc:  # a malformed page must not end the run: it is recorded instead
        message = f"{type(exc).__name__}: {exc}"[:500]
        return _PageOutcome(
            fetch_log_record(source, "page", result, "parse_error", message), error_class="parse_error"
        )
    if not article.paragraphs:
        return _PageOutcome(
            fetch_log_record(source, "page", result, "no_body", "no article text found on the page"),
            error_class="no_body",
        )
    published_at, published_source = article.published_at, article.published_at_source
    if published_at is None and entry.published_at is not None:
        published_at, published_source = entry.published_at, "feed"
    if published_at is None:  # never the fetch time: the article is stored undated
        published_source = "unknown"
    else:
        published_at = published_at.astimezone(UTC)
    if not window.contains(published_at):
        return _PageOutcome(fetch_log_record(source, "page", result))
    canonical = normalize_url(article.url or result.final_url)
    article_id = article_id_for(canonical)
    text = ArticleText(
        article_id=article_id,
        source=source,
        url=canonical,  # undated: see split_undated
        published_at=published_at or result.fetched_at.astimezone(UTC),
        body=article.body,
        title=article.title,
        language=article.language,
    )
    article_row = {
        "article_id": article_id,
        "source": source,
        "url": canonical,
        "title": article.title,
        "published_at": published_at,
        "fetched_at": result.fetched_at,
        "language": article.language,
        "body": article.body,
        "n_stats": 0,
        "published_at_source": published_source,
        "final_url": result.final_url,
        "http_status": result.status,
        "encoding": article.extra.get("encoding"),
        "feed_url": entry.url,
    }
    rejected: list[Rejection] = []
    try:
        if published_at is not None:
            candidates = extract_candidates(text)
        else:  # the fetch time only bounds the publication date; it never resolves a period
            undated = split_undated(text, result.fetched_at, extract_candidates)
            candidates, rejected = list(undated.kept), list(undated.rejected)
    except Exception as exc:  # a rule that trips on one page must not lose the batch: record it
        message = f"{type(exc).__name__}: {exc}"[:500]
        return _PageOutcome(
            fetch_log_record(source, "page", result, "extract_error", message), error_class="extract_error"
        )
    return _PageOutcome(fetch_log_record(source, "page", result), article_row, candidates, rejected=rejected)


# Datasets whose rows belong to an article: re-processing an article replaces all of its rows.
PER_ARTICLE_DATASETS = ("trade_stats", "rejects")


def commit_dataset(
    out_dir: Path, dataset: str, paths: Iterable[str], run_id: str, articles_paths: Iterable[str] = ()
) -> dict:
    """Merge this run's rows of one dataset into its month partitions, atomically.

    For trade_stats and rejects, `articles_paths` (this run's articles rows) name the articles
    processed: their earlier rows are superseded whole, so statistics that changed id under new
    rules, or that the rules no longer find, do not linger beside the new ones.
    """
    files = sorted(set(paths))
    replace = _article_scope(articles_paths) if dataset in PER_ARTICLE_DATASETS else None
    if not files and replace is None:
        return {"dataset": dataset, "rows": 0, "partitions": 0}
    table = pa.concat_tables([pq.read_table(p) for p in files]) if files else to_table(dataset, [])
    fallback = _undated_fetch_times(table, articles_paths) if dataset in PER_ARTICLE_DATASETS else None
    summary = write_dataset(out_dir, dataset, table, run_id, replace=replace, partition_fallback=fallback)
    return {"dataset": dataset, "rows": table.num_rows, "partitions": len(summary.partitions)}


def _article_scope(articles_paths: Iterable[str]) -> ReplaceScope | None:
    files = sorted(set(articles_paths))
    if not files:
        return None
    articles = pa.concat_tables(
        [pq.read_table(p, columns=["article_id", "published_at", "fetched_at"]) for p in files]
    )
    # An article without a publication date lives in its fetch month (docs/datasets.md).
    placed = [
        published or fetched
        for published, fetched in zip(
            articles["published_at"].to_pylist(), articles["fetched_at"].to_pylist(), strict=True
        )
    ]
    return ReplaceScope(
        column="article_id",
        values=frozenset(articles["article_id"].to_pylist()),
        partitions=frozenset(
            (moment.astimezone(UTC).year, moment.astimezone(UTC).month) for moment in placed
        ),
    )


def _undated_fetch_times(table: pa.Table, articles_paths: Iterable[str]) -> pa.Array | None:
    """Per row of trade_stats/rejects: its article's fetch time where its published_at is null (the
    partition of an undated article's rows, as for the article itself), else null; None when every
    row is dated."""
    if table.num_rows == 0 or table["published_at"].null_count == 0:
        return None
    files = sorted(set(articles_paths))
    articles = (
        pa.concat_tables(
            [pq.read_table(p, columns=["article_id", "published_at", "fetched_at"]) for p in files]
        )
        if files
        else None
    )
    fetched = (
        {}
        if articles is None
        else {
            article_id: fetched_at
            for article_id, published_at, fetched_at in zip(
                articles["article_id"].to_pylist(),
                articles["published_at"].to_pylist(),
                articles["fetched_at"].to_pylist(),
                strict=True,
            )
            if published_at is None
        }
    )
    return pa.array(
        [
            fetched.get(article_id) if published is None else None
            for article_id, published in zip(
                table["article_id"].to_pylist(), table["published_at"].to_pylist(), strict=True
            )
        ],
        type=TIMESTAMP_UTC,
    )


def remember(
    state: StateStore, run_id: str, summaries: Iterable[BatchSummary], discoveries: Iterable[Discovery] = ()
) -> None:
    """After the commit: mark what was ingested (both routes to it), record what failed and keep the
    feeds' validators, all in one state transaction: the step that makes the run's pages "done".

    Retryable failures are fetched again by later runs (up to MAX_ATTEMPTS_ACROSS_RUNS); final ones
    (404, blocked address, a page with no article) are not fetched again by the nightly run.
    """
    with state.atomically():
        for discovery in discoveries:
            for url, etag, last_modified in discovery.validators:
                state.set_validators(url, etag, last_modified)
        _remember_pages(state, run_id, summaries)


def _remember_pages(state: StateStore, run_id: str, summaries: Iterable[BatchSummary]) -> None:
    for summary in summaries:
        state.mark_ingested(
            [
                (url, article_id, run_id)
                for entry_url, canonical, article_id in summary.ingested
                for url in {normalize_url(entry_url), canonical}
            ]
        )
        failed_urls = {url for url, _, _ in summary.failed}
        state.clear_failures(url for url in summary.succeeded if url not in failed_urls)
        for url, error_class, retryable in summary.failed:
            state.record_failure(url, summary.source, error_class, retryable=retryable)


@dataclass(frozen=True)
class MonthResult:
    """What one month partition of a backfill committed: counts for the report, never rows."""

    partition: str
    articles: int
    statistics: int
    rejects: int
    failures: int
    pages_fetched: int
    rows_written: dict[str, int]
    summaries: tuple[BatchSummary, ...] = field(default=(), repr=False)

    @property
    def stat_files(self) -> list[str]:
        """The month's trade_stats batch files (its statistics, as committed)."""
        return [s.paths["trade_stats"] for s in self.summaries if "trade_stats" in s.paths]


def stage_month(
    work: Sequence[tuple[SourceConfig, Sequence[FeedEntry]]],
    client: HttpClient,
    work_dir: Path,
    window: DateWindow,
    archive: RawArchive | None = None,
) -> list[BatchSummary]:
    """Fetch, parse, extract and validate one month's entries, source by source, BATCH_SIZE at a time."""
    summaries = []
    for source, entries in work:
        for batch_no, first in enumerate(range(0, len(entries), BATCH_SIZE)):
            summaries.append(
                process_batch(
                    source,
                    entries[first : first + BATCH_SIZE],
                    batch_no,
                    client,
                    work_dir,
                    window,
                    archive=archive,
                )
            )
    return summaries


def commit_month(
    out_dir: Path, run_id: str, partition: str, summaries: Sequence[BatchSummary], remember_state: bool = True
) -> MonthResult:
    """Merge the month's rows into the datasets (idempotent: by row key) and remember what was ingested.

    Months on Dask workers pass `remember_state=False`: the run state is SQLite (WAL), which is not
    safe across machines on a network file system, so the flow's process writes it once the months
    are back. Otherwise the result keeps only the counts of its batch summaries (`counts_only`).
    """
    commit_id = f"{run_id}-{partition}"
    rows_written = {}
    articles_paths = [s.paths["articles"] for s in summaries if "articles" in s.paths]
    for dataset in ROW_DATASETS:
        paths = [s.paths[dataset] for s in summaries if dataset in s.paths]
        with storage_step(f"committing {dataset} for {partition}", out_dir):
            rows_written[dataset] = commit_dataset(out_dir, dataset, paths, commit_id, articles_paths)["rows"]
    if remember_state:
        with storage_step("recording the run state", out_dir), StateStore(out_dir) as state:
            remember(state, run_id, summaries)
    return MonthResult(
        partition=partition,
        articles=sum(s.articles for s in summaries),
        statistics=sum(s.statistics for s in summaries),
        rejects=sum(s.rejects for s in summaries),
        failures=sum(sum(s.failures.values()) for s in summaries),
        pages_fetched=sum(s.pages_fetched for s in summaries),
        rows_written=rows_written,
        summaries=tuple(counts_only(s) if remember_state else s for s in summaries),
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
        rows_written=dict.fromkeys(ROW_DATASETS, 0),
    )


def counts_only(summary: BatchSummary) -> BatchSummary:
    """A batch summary without its URL lists, once they are in the run state: the report needs only the
    counts, and a 100k-page backfill would otherwise hold every URL until it ends."""
    return dataclasses.replace(summary, ingested=[], failed=[], succeeded=[])


def rows_written(results: Sequence[MonthResult]) -> dict[str, dict]:
    """Rows committed per dataset over all months, as `commit_dataset` reports one dataset."""
    totals: Counter[str] = Counter()
    for result in results:
        totals.update(result.rows_written)
    return {name: {"dataset": name, "rows": totals[name]} for name in ROW_DATASETS}


def now_utc() -> datetime:
    return datetime.now(UTC)
