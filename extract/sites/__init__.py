"""Site parsers for the outlets tradewire reads, chosen by the page's host.

Use `parse_page(body, final_url, content_type=..., feed_entry=..., fetch=...)`: the site parser for
the URL's host when one is registered, else the generic `extract.article_parser.parse_article`; for
a story split over several pages it fetches the following pages with `fetch` (the caller's, so they
are logged like any fetch) and joins them in order. The parts, for callers that need them:
`parser_for(url)`, `parser.parse(body, url, feed_entry)`, `parser.next_page_url(body, url)` and
`join_pages([first, second, ...])`.

Adding a site: a module here with its selectors as named constants and a comment per quirk, a
`register(...)` call at its end, its name in `SITE_MODULES`, and fixtures under
tests/fixtures/sites/<name>/ (the test suite fails for a registered site without them).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, tzinfo
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

from extract.article_parser import parse_article
from extract.model import Article, FeedEntry, FetchResult
from extract.sites.base import MAX_ARTICLE_PAGES, Layout, LayoutParser, join_pages
from extract.urls import normalize_url

__all__ = [
    "MAX_ARTICLE_PAGES",
    "Layout",
    "LayoutParser",
    "SiteParser",
    "join_pages",
    "parse_page",
    "parser_for",
    "register",
    "registered",
]


@runtime_checkable
class SiteParser(Protocol):
    """What the flow needs from a site parser."""

    name: str
    hosts: tuple[str, ...]  # "example.com" or "example.com/english": subdomains and "www." match too

    def parse(
        self, html: bytes, url: str, feed_entry: FeedEntry | None = None, *, content_type: str | None = None
    ) -> Article: ...

    def next_page_url(self, html: bytes, url: str, *, content_type: str | None = None) -> str | None: ...


_REGISTRY: dict[str, SiteParser] = {}


def register(parser: SiteParser) -> SiteParser:
    """Add a parser; a second parser with the same name or host spec is a programming error."""
    if parser.name in _REGISTRY:
        raise ValueError(f"site parser {parser.name!r} registered twice")
    claimed = {spec: other.name for other in _REGISTRY.values() for spec in other.hosts}
    for spec in parser.hosts:
        if _split_spec(spec) in {_split_spec(s) for s in claimed}:
            raise ValueError(f"host {spec!r} of {parser.name!r} is already served by another parser")
    _REGISTRY[parser.name] = parser
    return parser


def registered() -> tuple[SiteParser, ...]:
    return tuple(_REGISTRY.values())


def _split_spec(spec: str) -> tuple[str, str]:
    host, _, path = spec.lower().partition("/")
    return host.removeprefix("www."), f"/{path}".rstrip("/") if path else ""


def _match_score(host: str, path: str, spec: str) -> tuple[int, int] | None:
    spec_host, spec_path = _split_spec(spec)
    if host != spec_host and not host.endswith("." + spec_host):
        return None
    if spec_path and path != spec_path and not path.startswith(spec_path + "/"):
        return None
    return len(spec_host), len(spec_path)


def parser_for(url: str) -> SiteParser | None:
    """The parser serving this URL's host (the most specific host/path spec wins), or None."""
    parts = urlsplit(normalize_url(url))
    host, path = (parts.hostname or ""), parts.path or "/"
    best: tuple[tuple[int, int], SiteParser] | None = None
    for parser in _REGISTRY.values():
        for spec in parser.hosts:
            score = _match_score(host, path, spec)
            if score is not None and (best is None or score > best[0]):
                best = (score, parser)
    return best[1] if best else None


def parse_page(
    body: bytes,
    url: str,
    *,
    content_type: str | None = None,
    feed_entry: FeedEntry | None = None,
    fetch: Callable[[str], FetchResult] | None = None,
    zone: tzinfo | None = None,
) -> Article:
    """Parse a fetched page with its site's parser (else the generic one), following continuation pages.

    `url` is the page's final URL. With `fetch`, the pages after the first are fetched and joined in
    order, at most `MAX_ARTICLE_PAGES`, never one URL twice. A continuation page that fails ends the
    walk: the article keeps the pages read and says so in `extra["incomplete"]`. `zone` (the source's
    `timezone` key) is how times printed without a zone are read; without it the site parser's own
    zone, and UTC for the generic parser.
    """
    parser = parser_for(url)
    if parser is None:
        return parse_article(
            body, url, content_type=content_type, feed_entry=feed_entry, naive_tz=zone or UTC
        )
    if zone is not None and isinstance(parser, LayoutParser):
        parser = replace(parser, zone=zone)
    pages = [parser.parse(body, url, feed_entry, content_type=content_type)]
    if fetch is None:
        return pages[0]
    seen = {normalize_url(url)}
    next_url = parser.next_page_url(body, url, content_type=content_type)
    problem: str | None = None
    while next_url is not None and normalize_url(next_url) not in seen and len(pages) < MAX_ARTICLE_PAGES:
        seen.add(normalize_url(next_url))
        result = fetch(next_url)
        if not result.ok:
            problem = f"page {len(pages) + 1} not fetched: {result.error_class or result.status}"
            break
        page_type = result.headers.get("content-type")
        pages.append(parser.parse(result.body, result.final_url, content_type=page_type))
        next_url = parser.next_page_url(result.body, result.final_url, content_type=page_type)
    article = join_pages(pages) if len(pages) > 1 else pages[0]
    return replace(article, extra={**article.extra, "incomplete": problem}) if problem else article


# One module per site; each registers its parser when imported.
SITE_MODULES = (
    "xinhua",
    "chinadaily",
    "cgtn",
    "globaltimes",
    "peoplesdaily",
    "ecns",
    "kazinform",
    "astanatimes",
    "trend",
    "akipress",
    "kg24",
    "gazetauz",
    "tass",
)
for _module in SITE_MODULES:
    importlib.import_module(f"extract.sites.{_module}")
