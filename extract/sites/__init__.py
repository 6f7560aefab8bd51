"""Site parsers for the outlets tradewire reads, chosen by the page's host.

Use `parse_page(body, final_url, content_type=..., feed_entry=..., fetch=...)`: the site parser for
the URL's host when one is registered, else the generic `extract.article_parser.parse_article`; for
a story split over several pages it fetches the following pages with `fetch` (the caller's, so they
are logged like any fetch) and joins them in order. The parts, for callers that need them:
`parser_for(url)`, `parser.parse(body, url, feed_entry)`, `parser.next_page_url(body, url)` and
`join_pages([first, second, ...])`.

Adding a site: a module here, named after its parser (`registry.site_module_name`: "24kg" is kg24.py),
with its selectors as named constants and a comment per quirk and `PARSER = register(...)` at its
end, and fixtures under tests/fixtures/sites/<name>/ (the test suite fails for a registered site
without them, or for a module named otherwise). Modules are found by pkgutil: none is listed by hand.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, tzinfo

from extract.article_parser import parse_article
from extract.model import Article, FeedEntry, FetchResult
from extract.sites.base import MAX_ARTICLE_PAGES, Layout, LayoutParser, join_pages
from extract.sites.registry import SiteParser, parser_for, register, registered, site_module_name
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
    "site_module_name",
]


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


def _import_site_modules() -> None:
    """Import every module of this package: each site module registers its parser as it is imported
    (modules without a `PARSER`, such as `base` and `registry`, are the parsers' building blocks)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_import_site_modules()
