"""Discovery beyond RSS: XML sitemaps (plain, index, Google News) and HTML listing pages.

Pure parsing: the flow fetches with its HttpClient and hands the bytes here. The two `crawl_*`
helpers take a `fetch` callable (URL → FetchResult) so the flow keeps its own client, politeness,
conditional GETs and fetch log, while the walking rules (index recursion with a depth and count cap,
next pages up to a page cap, loop guards) live here and are tested without a network.

Sitemap dates: `<news:publication_date>` is a publication time and becomes `FeedEntry.published_at`.
`<lastmod>` is a *modification* time, so it is kept apart (`SitemapPage.last_modified`): an entry last
modified before the window's start cannot have been published inside it and is dropped, but a
lastmod after the window's end says nothing (old stories are re-saved all the time), and a lastmod
is never stored as an article's publication time.

Security: documents declaring entities are refused before parsing (billion laughs, external
entities), and the XML parser itself neither resolves entities, loads DTDs, reaches the network nor
accepts huge trees. Gzip-compressed sitemaps are inflated with a size cap (a gzip bomb stops there).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from urllib.parse import urljoin

import lxml.html
from dateutil import parser as date_parser
from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from extract.encoding import decode_bytes
from extract.model import FeedEntry, FetchResult
from extract.urls import normalize_url

# The sitemaps protocol caps a file at 50 MB uncompressed and 50,000 URLs.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
MAX_SITEMAP_URLS = 50_000
# A source's sitemap walk: an index may name indexes (depth 2 covers index → monthly index → urlset).
MAX_SITEMAP_DEPTH = 2
MAX_SITEMAPS_PER_SOURCE = 50
MAX_LISTING_PAGES = 20  # upper bound on a listing's `max_pages`, whatever the sources file says

_GZIP_MAGIC = b"\x1f\x8b"
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XML_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
    "recover": False,
}
_HTML_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


class DiscoveryError(Exception):
    """Bytes that are not a usable sitemap or listing; `reason` is a stable code for the fetch log.

    Codes: ``entity_declaration``, ``too_large``, ``bad_gzip``, ``not_xml``, ``not_a_sitemap``,
    ``not_html``, ``bad_selector``.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class SitemapRef:
    """A child sitemap named by a sitemap index, with its `<lastmod>` when given."""

    url: str  # absolute, spelled as the index wrote it: fetch this
    last_modified: datetime | None = None


@dataclass(frozen=True)
class SitemapPage:
    """One parsed sitemap file: article entries (a urlset) or child sitemaps (an index)."""

    entries: tuple[FeedEntry, ...] = ()
    sitemaps: tuple[SitemapRef, ...] = ()
    last_modified: Mapping[str, datetime] = field(default_factory=dict)  # entry url → <lastmod>

    def in_window(self, start: date | None, end: date | None) -> list[FeedEntry]:
        """Entries that may have been published in [start, end] (see the module docstring)."""
        return filter_window(self.entries, start, end, self.last_modified)

    def sitemaps_in_window(self, start: date | None) -> list[str]:
        """Child sitemaps worth reading: not last modified before the window starts."""
        return [
            ref.url
            for ref in self.sitemaps
            if start is None or ref.last_modified is None or ref.last_modified.date() >= start
        ]


@dataclass(frozen=True)
class ListingPage:
    """Article links found on one listing page, and the next page's URL when there is one."""

    entries: tuple[FeedEntry, ...]
    next_url: str | None  # absolute, spelled as the page wrote it: fetch this


@dataclass(frozen=True)
class DiscoveryProblem:
    """A page the walk could not use: fetch failure (`reason` = the FetchResult's class) or bad bytes."""

    url: str
    reason: str
    message: str


@dataclass(frozen=True)
class Crawl:
    """What a sitemap or listing walk found: entries in discovery order, pages read, problems met."""

    entries: tuple[FeedEntry, ...]
    pages_read: int
    problems: tuple[DiscoveryProblem, ...] = ()


Fetch = Callable[[str], FetchResult]


# -- sitemaps ---------------------------------------------------------------------------------------


def parse_sitemap(body: bytes, base_url: str) -> SitemapPage:
    """Parse a sitemap, sitemap index or Google News sitemap (gzip or not); raise DiscoveryError."""
    xml = _inflate(body) if body[:2] == _GZIP_MAGIC else body
    if len(xml) > MAX_SITEMAP_BYTES:
        raise DiscoveryError("too_large", f"sitemap larger than {MAX_SITEMAP_BYTES} bytes")
    if _ENTITY_DECLARATION.search(xml):
        raise DiscoveryError(
            "entity_declaration", "sitemap declares XML entities; refused (entity expansion guard)"
        )
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(**_XML_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError("not_xml", f"sitemap is not well-formed XML: {exc}") from None
    kind = _local_name(root)
    if kind == "urlset":
        return _urlset(root, base_url)
    if kind == "sitemapindex":
        return SitemapPage(sitemaps=tuple(_index_refs(root, base_url)))
    raise DiscoveryError("not_a_sitemap", f"root element <{kind}> is neither <urlset> nor <sitemapindex>")


def _inflate(body: bytes) -> bytes:
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip container
    try:
        data = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise DiscoveryError("bad_gzip", f"sitemap is not valid gzip: {exc}") from None
    if len(data) > MAX_SITEMAP_BYTES or inflater.unconsumed_tail:
        raise DiscoveryError("too_large", f"gzip sitemap inflates beyond {MAX_SITEMAP_BYTES} bytes")
    return data


def _local_name(element: etree._Element) -> str:
    """Tag without namespace: sitemaps in the wild use the 0.9 namespace, old Google ones, or none."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local_name(child) == name)


def _child_text(element: etree._Element, *path: str) -> str | None:
    for name in path:
        element = next(_children(element, name), None)
        if element is None:
            return None
    text = _SPACE.sub(" ", element.text or "").strip()
    return text or None


def _fetchable(base_url: str, location: str | None) -> str | None:
    """An absolute http(s) URL spelled as the site wrote it (a host's "www." may be needed to reach it)."""
    if not location:
        return None
    absolute = urljoin(base_url, location.strip())
    return absolute if absolute.lower().startswith(("http://", "https://")) else None


def _absolute(base_url: str, location: str | None) -> str | None:
    """An article's absolute URL in its normalised spelling, the key entries are compared by."""
    absolute = _fetchable(base_url, location)
    return normalize_url(absolute) if absolute else None


def parse_timestamp(raw: str | None, naive_tz: tzinfo = UTC) -> datetime | None:
    """A W3C/ISO timestamp (or any date dateutil reads) as aware UTC; a date alone is midnight there."""
    if not raw:
        return None
    try:
        value = date_parser.parse(raw.strip())
    except (ValueError, OverflowError, TypeError):
        return None
    value = value.replace(tzinfo=naive_tz) if value.tzinfo is None else value
    return value.astimezone(UTC)


def _urlset(root: etree._Element, base_url: str) -> SitemapPage:
    entries: dict[str, FeedEntry] = {}
    last_modified: dict[str, datetime] = {}
    for item in _children(root, "url"):
        url = _absolute(base_url, _child_text(item, "loc"))
        if url is None:
            continue
        published = parse_timestamp(_child_text(item, "news", "publication_date"))
        title = _child_text(item, "news", "title")
        modified = parse_timestamp(_child_text(item, "lastmod"))
        known = entries.get(url)
        if known is None:
            if len(entries) >= MAX_SITEMAP_URLS:
                break
            entries[url] = FeedEntry(url=url, title=title, published_at=published)
        elif known.published_at is None and published is not None:
            entries[url] = FeedEntry(url=url, title=known.title or title, published_at=published)
        if modified is not None:
            last_modified[url] = max(modified, last_modified.get(url, modified))
    return SitemapPage(entries=tuple(entries.values()), last_modified=last_modified)


def _index_refs(root: etree._Element, base_url: str) -> Iterator[SitemapRef]:
    seen: set[str] = set()
    for item in _children(root, "sitemap"):
        url = _fetchable(base_url, _child_text(item, "loc"))
        if url is not None and normalize_url(url) not in seen:
            seen.add(normalize_url(url))
            yield SitemapRef(url=url, last_modified=parse_timestamp(_child_text(item, "lastmod")))


def filter_window(
    entries: Iterable[FeedEntry],
    start: date | None,
    end: date | None,
    last_modified: Mapping[str, datetime] | None = None,
) -> list[FeedEntry]:
    """Entries that may belong to the inclusive UTC date window; undated ones stay (the page decides).

    A publication date outside the window drops an entry; without one, a known last modification
    before `start` does (nothing is published after its last change).
    """
    kept = []
    for entry in entries:
        if entry.published_at is not None:
            day = entry.published_at.astimezone(UTC).date()
            if (start is not None and day < start) or (end is not None and day > end):
                continue
        elif (
            start is not None
            and last_modified
            and entry.url in last_modified
            and last_modified[entry.url].astimezone(UTC).date() < start
        ):
            continue
        kept.append(entry)
    return kept


def crawl_sitemaps(
    roots: Iterable[str],
    fetch: Fetch,
    *,
    start: date | None = None,
    end: date | None = None,
    max_depth: int = MAX_SITEMAP_DEPTH,
    max_sitemaps: int = MAX_SITEMAPS_PER_SOURCE,
) -> Crawl:
    """Read the root sitemaps and, breadth first, the children of indexes (depth and count capped).

    Children last modified before `start` are skipped; entries are filtered to the window. An entry
    listed twice keeps its first position and the first publication date found.
    """
    queue: list[tuple[str, int]] = [(url, 0) for url in roots]
    seen: set[str] = set()  # normalised: one sitemap however it is spelled
    found: dict[str, FeedEntry] = {}
    problems: list[DiscoveryProblem] = []
    pages_read = 0
    while queue and pages_read < max_sitemaps:
        url, depth = queue.pop(0)
        if normalize_url(url) in seen:
            continue
        seen.add(normalize_url(url))
        pages_read += 1
        result = fetch(url)
        if result.status == 304:  # a conditional GET: unchanged since the last run, nothing new listed
            continue
        if not result.ok:
            problems.append(_fetch_problem(result))
            continue
        try:
            page = parse_sitemap(result.body, result.final_url)
        except DiscoveryError as exc:
            problems.append(DiscoveryProblem(url, exc.reason, exc.message))
            continue
        for entry in page.in_window(start, end):
            known = found.get(entry.url)
            if known is None or (known.published_at is None and entry.published_at is not None):
                found[entry.url] = entry
        children = page.sitemaps_in_window(start)
        if children and depth >= max_depth:
            problems.append(
                DiscoveryProblem(url, "too_deep", f"index below depth {max_depth}; children skipped")
            )
            continue
        queue.extend((child, depth + 1) for child in children)
    skipped = [url for url, _ in queue if normalize_url(url) not in seen]
    if skipped:
        problems.append(
            DiscoveryProblem(
                skipped[0], "too_many_sitemaps", f"{len(skipped)} sitemaps left unread (cap {max_sitemaps})"
            )
        )
    return Crawl(entries=tuple(found.values()), pages_read=pages_read, problems=tuple(problems))


def _fetch_problem(result: FetchResult) -> DiscoveryProblem:
    reason = result.error_class or "http_status"
    return DiscoveryProblem(result.url, reason, result.error_message or f"HTTP {result.status}")


# -- listings -------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def compile_selector(css: str) -> CSSSelector:
    """A CSS selector compiled once; DiscoveryError('bad_selector') when it is not valid CSS."""
    try:
        return CSSSelector(css, translator="html")
    except SelectorError as exc:
        raise DiscoveryError("bad_selector", f"invalid CSS selector {css!r}: {exc}") from None


def parse_html(body: bytes, content_type: str | None = None) -> lxml.html.HtmlElement:
    """Decode and parse a page once; DiscoveryError('not_html') when there is nothing to parse."""
    text, _ = decode_bytes(body, content_type)
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise DiscoveryError("not_html", "empty page")
    try:
        return lxml.html.document_fromstring(text, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise DiscoveryError("not_html", f"page cannot be parsed as HTML: {exc}") from None


def parse_listing(
    body: bytes,
    base_url: str,
    link_selector: str,
    next_selector: str | None = None,
    *,
    naive_tz: tzinfo = UTC,
) -> ListingPage:
    """Article links the selector picks (absolute, normalised, first occurrence kept) and the next page.

    `link_selector` may pick the <a> itself or an element containing it. An entry's date is the
    <time> inside the same list item, when the listing shows one (read in `naive_tz` without a zone).
    """
    tree = parse_html(body)
    page_url = normalize_url(base_url)
    links = [
        link for link in (_link_of(el) for el in compile_selector(link_selector)(tree)) if link is not None
    ]
    entries: dict[str, FeedEntry] = {}
    for link in links:
        url = _absolute(base_url, link.get("href"))
        if url is None or url == page_url or url in entries:
            continue
        title = _SPACE.sub(" ", link.text_content()).strip() or (link.get("title") or "").strip() or None
        entries[url] = FeedEntry(url=url, title=title, published_at=_item_time(link, links, naive_tz))
    return ListingPage(
        entries=tuple(entries.values()), next_url=_next_url(tree, base_url, page_url, next_selector)
    )


def _link_of(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    if element.tag == "a" and element.get("href"):
        return element
    return next((a for a in element.iter("a") if a.get("href")), None)


_ITEM_DEPTH = 4  # how far up from a link its list item may be


def _item_time(link: lxml.html.HtmlElement, links: list, naive_tz: tzinfo) -> datetime | None:
    """The <time> of the link's own item: the nearest ancestor holding a <time> and no other link."""
    link_ids = {id(other) for other in links}
    for depth, ancestor in enumerate(link.iterancestors()):
        if depth >= _ITEM_DEPTH:
            return None
        if sum(1 for a in ancestor.iter("a") if id(a) in link_ids) > 1:
            return None  # reached the list itself: dates beyond belong to other items
        for element in ancestor.iter("time"):
            value = parse_timestamp(element.get("datetime") or element.text_content(), naive_tz)
            if value is not None:
                return value
    return None


def _next_url(
    tree: lxml.html.HtmlElement, base_url: str, page_url: str, next_selector: str | None
) -> str | None:
    if not next_selector:
        return None
    for element in compile_selector(next_selector)(tree):
        link = _link_of(element)
        url = _fetchable(base_url, link.get("href")) if link is not None else None
        if url is not None and normalize_url(url) != page_url:
            return url
    return None


def crawl_listing(
    url: str,
    link_selector: str,
    fetch: Fetch,
    *,
    next_selector: str | None = None,
    max_pages: int = 1,
    naive_tz: tzinfo = UTC,
) -> Crawl:
    """Read a listing page and follow its next-page links, at most `max_pages` pages, never in a loop."""
    found: dict[str, FeedEntry] = {}
    problems: list[DiscoveryProblem] = []
    seen: set[str] = set()
    next_url: str | None = url
    pages_read = 0
    while next_url is not None and pages_read < min(max_pages, MAX_LISTING_PAGES):
        page_url = normalize_url(next_url)
        if page_url in seen:
            break
        seen.add(page_url)
        pages_read += 1
        result = fetch(next_url)
        if not result.ok:
            problems.append(_fetch_problem(result))
            break
        try:
            page = parse_listing(
                result.body, result.final_url, link_selector, next_selector, naive_tz=naive_tz
            )
        except DiscoveryError as exc:
            problems.append(DiscoveryProblem(next_url, exc.reason, exc.message))
            break
        for entry in page.entries:
            found.setdefault(entry.url, entry)
        next_url = page.next_url
    return Crawl(entries=tuple(found.values()), pages_read=pages_read, problems=tuple(problems))


# -- accepted article URLs --------------------------------------------------------------------------


@lru_cache(maxsize=256)
def compile_url_pattern(pattern: str) -> re.Pattern[str]:
    """The source's accepted-URL regex; raises re.error for a bad one (validate it in the config)."""
    return re.compile(pattern)


def url_matches(url: str, pattern: str | None) -> bool:
    """Whether a source accepts this article URL: no pattern accepts all; else `re.search` on the URL.

    The pattern is matched against the normalised URL (lower-case host, no `www.`, no tracking
    parameters), so write it for that spelling.
    """
    if not pattern:
        return True
    return compile_url_pattern(pattern).search(normalize_url(url)) is not None
