"""Fetching ahead while Prefect starts: `tradewire run` asks for its feeds, then their new pages, at once.

Prefect's temporary server takes seconds to start (its imports alone), and the nightly flow cannot
begin before it answers. Meanwhile the CLI already knows what the run will ask for first: each
source's feeds (with the validators the run state holds for them), then the pages they list that
the run state does not know. `start` fetches those in background threads through the HTTP client
the run will use (`extract.http.HttpClient.prefetch`: same politeness, robots.txt and address
policy; at most PREFETCH_MAX_BYTES of bodies held before the flow asks for them), and the flow
adopts that client (`adopt`), so its discovery and batch tasks find their responses already there
and do everything else as before: every response is archived, logged and parsed by the same tasks,
and the datasets are the same. What the prefetch guessed wrong costs a request, never a change in
output: a URL the run does not ask for is dropped unread, one it asks for first is fetched by it.

Feeds only: sources discovered through sitemaps or listing pages are left to the flow. Anything
that goes wrong here (an unreadable state, a feed that fails to parse) just ends the prefetch.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from pathlib import Path

_handoff: dict[tuple[str, str], object] = {}  # (resolved out dir, contact URL) -> HttpClient
_lock = threading.Lock()
_feeds_asked = threading.Event()  # set once the feeds are requested (or the prefetch gave up)
_adopted = threading.Event()  # the flow has taken the client: parsing ahead stops
# (final URL, id of the body) -> (body, feed entry, zone, content type, Article) parsed ahead
_parsed: dict[tuple[str, int], tuple] = {}
# Copies of flows.stages.MAX_ATTEMPTS_ACROSS_RUNS and flows.stages.fetch_limits: importing
# flows.stages here would cost the seconds this module saves (tests check they agree).
MAX_ATTEMPTS_ACROSS_RUNS = 3


def fetch_limits(source):
    from extract.http import FetchLimits

    return FetchLimits(
        connect_timeout_s=min(FetchLimits.connect_timeout_s, source.timeout_s),
        read_timeout_s=source.timeout_s,
        total_timeout_s=source.deadline_s,
        max_bytes=source.max_bytes,
    )


_WARM_UP_PAGE = b"""<html><head><title>Trade</title></head><body><article><p>ASTANA, March 3 -- In January-February
2025, Kazakhstan's trade with China rose 12.5 percent year on year to 4.2 billion US dollars, the
customs service said.</p><p>Exports to Uzbekistan reached 310 million dollars.</p></article></body></html>"""


def warm_up() -> None:
    """Parse and extract one small built-in page, so the tables the parser and the extraction build on
    first use (~1 s: country names, compiled patterns) are built while Prefect's server starts rather
    than in the first batch. Pure functions and their caches only; never raises."""
    try:
        from extract.sites import parse_page
        from transform.extraction import extract_candidates
        from transform.model import ArticleText

        article = parse_page(_WARM_UP_PAGE, "https://example.org/2025/03/03/trade.html")
        extract_candidates(
            ArticleText(
                article_id="warm-up",
                source="warm-up",
                url="https://example.org/2025/03/03/trade.html",
                published_at=datetime(2025, 3, 3, tzinfo=UTC),
                body=article.body,
                title=article.title,
            )
        )
    except Exception:
        logging.getLogger(__name__).debug("warm-up failed", exc_info=True)


def start(sources_file: Path, out: Path, wait_s: float = 3.0) -> None:
    """Begin fetching the run's feeds and new pages in the background (never raises).

    Returns once the feeds are asked for (at most `wait_s`): the caller's imports of the flow's
    modules would otherwise hold the import locks and the GIL that this thread needs to get there.
    """
    _feeds_asked.clear()
    threading.Thread(
        target=_prefetch, args=(Path(sources_file), Path(out)), name="tradewire-prefetch-plan", daemon=True
    ).start()
    _feeds_asked.wait(wait_s)


def adopt(out_dir: str, contact_url: str):
    """The client a prefetch for this output directory made, handed over once; else None.

    From then on the prefetch holds less ahead (`HttpClient.limit_prefetch`): the run's batches read
    ahead themselves, and 48 MiB of bodies waiting beside them raised the run's peak RSS."""
    with _lock:
        client = _handoff.pop((str(Path(out_dir).resolve()), contact_url), None)
    if client is not None:
        _adopted.set()
        client.limit_prefetch()
    return client


def parsed(result, entry, zone):
    """The Article parsed ahead from exactly this response (the same body object), feed entry and zone,
    taken once; None when there is none (the caller parses)."""
    with _lock:
        found = _parsed.pop((result.final_url, id(result.body)), None)
    if found is None:
        return None
    body, cached_entry, cached_zone, content_type, article = found
    if (
        body is result.body
        and cached_entry == entry
        and cached_zone == zone
        and content_type == result.headers.get("content-type")
    ):
        return article
    return None


def _prefetch(sources_file: Path, out: Path) -> None:
    try:
        _plan(sources_file, out)
    except Exception:  # speculative work: the flow does it all again where this stopped
        logging.getLogger(__name__).debug("prefetch stopped", exc_info=True)
    finally:
        _feeds_asked.set()


def _plan(sources_file: Path, out: Path) -> None:
    from extract.http import HttpClient
    from flows.config import load_sources_file
    from flows.runlock import run_lock_is_free
    from load.state import StateStore, state_path

    _adopted.clear()
    if not run_lock_is_free(out):  # another run is on: what it ingests is not known yet
        return
    parsed = load_sources_file(sources_file)
    sources = [s for s in parsed.sources if s.feeds]
    if not sources:
        return
    client = HttpClient(contact_url=parsed.settings.contact_url)
    with _lock:
        _handoff[(str(out.resolve()), parsed.settings.contact_url)] = client
    state = StateStore(out) if state_path(out).is_file() else None
    try:
        feeds = [
            (
                source,
                client.prefetch(
                    [url],
                    allow_private=source.allow_private_addresses,
                    min_delay_s=source.min_delay_s,
                    validators=state.get_validators(url) if state is not None else None,
                    source=source.name,
                    limits=fetch_limits(source),
                )[0],
            )
            for source in sources
            for url in source.feeds
        ]
        _feeds_asked.set()
        pages = []
        for source in sources:
            entries = _new_pages(source, [f for s, f in feeds if s is source], state)
            if entries:
                futures = client.prefetch(
                    [e.url for e in entries],
                    allow_private=source.allow_private_addresses,
                    min_delay_s=source.min_delay_s,
                    source=source.name,
                    limits=fetch_limits(source),
                )
                pages.append((source, entries, futures))
    finally:
        if state is not None:
            state.close()
    _parse_ahead(pages)


def _parse_ahead(pages: list) -> None:
    """Until the flow takes the client: parse the fetched pages the generic parser reads, as the batch
    task would (`flows.stages._page_rows` takes the result through `parsed`). Pages of a site parser
    (which may fetch continuation pages) and anything that fails are left to the task."""
    from extract.article_parser import parse_article
    from extract.sites import parser_for

    for source, entries, futures in pages:
        for entry, future in zip(entries, futures, strict=True):
            result = None
            while result is None and not _adopted.is_set():
                try:
                    result = future.result(timeout=0.2)
                except TimeoutError:
                    continue
                except Exception:  # cancelled: the flow asked first
                    break
            if _adopted.is_set():
                return
            if result is None or not result.ok or parser_for(result.final_url) is not None:
                continue
            content_type = result.headers.get("content-type")
            try:
                article = parse_article(
                    result.body, result.final_url, content_type=content_type, feed_entry=entry,
                    naive_tz=source.zone or UTC,
                )  # fmt: skip
            except Exception:
                continue
            with _lock:
                _parsed[(result.final_url, id(result.body))] = (
                    result.body, entry, source.zone, content_type, article
                )  # fmt: skip


def _new_pages(source, feed_futures: list, state) -> list:
    """The feed entries the run's discovery will keep from these feeds, newest first (as it orders them)."""
    from extract.discovery import url_matches
    from extract.feeds import FeedError, parse_feed
    from extract.model import FeedEntry
    from extract.urls import normalize_url

    entries: dict = {}
    for future in feed_futures:
        try:
            result = future.result()
        except Exception:  # cancelled: the flow got there first
            continue
        if not result.ok or result.status == 304:
            continue
        try:
            listed = parse_feed(result.body, result.final_url)
        except FeedError:
            continue
        for entry in listed:
            key = normalize_url(entry.url)
            if not url_matches(key, source.url_pattern):
                continue
            known = entries.get(key)
            if known is None or (known.published_at is None and entry.published_at is not None):
                entries[key] = entry
    if state is not None and entries:
        done = state.seen_urls(entries) | state.settled_failures(
            [e.url for e in entries.values()], MAX_ATTEMPTS_ACROSS_RUNS
        )
        entries = {key: e for key, e in entries.items() if key not in done and e.url not in done}
    newest_first = sorted(
        entries.values(), key=lambda e: e.published_at or datetime.max.replace(tzinfo=UTC), reverse=True
    )
    # As the batch task reads them back from the run's entries file (stages.read_entries).
    return [
        FeedEntry(
            url=e.url,
            title=e.title,
            published_at=datetime.fromisoformat(e.published_at.isoformat()) if e.published_at else None,
        )
        for e in newest_first[: source.max_articles]
    ]
