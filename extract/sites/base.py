"""The machinery every site parser shares: layouts tried in order, text blocks, the site's date line.

A site parser is declarative: named CSS selectors per layout (a site that redesigned keeps its old
layout after the new one, so archived pages still parse), the site's time zone for times printed
without one, a regex for its visible date line, and an optional test for its own boilerplate lines.
Metadata the page states in a standard way (rel=canonical, meta/JSON-LD dates, language) and the
cleaning every news page needs (captions, editor lines, share widgets, end marks) come from the
generic parser, so they are written once. A page whose markup matches no layout is handed to the
generic parser: a site parser never does worse than no site parser.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import lxml.html
from dateutil import parser as date_parser

from extract.article_parser import clean_paragraphs, page_metadata, parse_article, parse_tree
from extract.discovery import compile_selector
from extract.encoding import decode_bytes
from extract.language import detect_language
from extract.main_content import BLOCK_ELEMENTS
from extract.model import Article, FeedEntry
from extract.urls import normalize_url

# The outlets' zones as IANA zones, so a page from before a change of offset is read with the offset of
# its day: Kazakhstan moved from UTC+6 to one zone, UTC+5, on 1 March 2024; Moscow was UTC+4 from 2011
# to October 2014.
BEIJING = ZoneInfo("Asia/Shanghai")
ASTANA = ZoneInfo("Asia/Almaty")
BISHKEK = ZoneInfo("Asia/Bishkek")
BAKU = ZoneInfo("Asia/Baku")
TASHKENT = ZoneInfo("Asia/Tashkent")
MOSCOW = ZoneInfo("Europe/Moscow")

# Removed from every body container before its text is read: never article prose.
ALWAYS_DROPPED = (
    "script",
    "style",
    "noscript",
    "iframe",
    "form",
    "button",
    "figure",
    "figcaption",
    "template",
    "svg",
    "video",
    "audio",
)
# Elements that end a text block; everything else (a, strong, span, ...) runs on inside one.
_BLOCK_TAGS = BLOCK_ELEMENTS
_SPACE = re.compile(r"\s+")
MAX_ARTICLE_PAGES = 10  # a multi-page article is read up to this many pages


@dataclass(frozen=True)
class Layout:
    """One version of a site's article markup, as CSS selectors."""

    name: str  # e.g. "2021-" or "legacy": which pages use it, for the article's `extra["layout"]`
    body: str  # the container of the article text (first match)
    title: str | None = None  # the headline (else og:title / JSON-LD / <h1>)
    date_line: str | None = None  # the element showing the publication time as text
    drop: tuple[str, ...] = ()  # elements inside the body that are not article text


@dataclass(frozen=True)
class LayoutParser:
    """A site parser: its hosts, zone and layouts. Implements the `SiteParser` protocol."""

    name: str
    hosts: tuple[str, ...]  # "host" or "host/path-prefix"; subdomains and "www." match too
    zone: tzinfo
    layouts: tuple[Layout, ...]
    # Finds the time in the date line's text; group "when" is handed to dateutil.
    date_pattern: re.Pattern[str] | None = None
    dayfirst: bool = False  # "05.03.2025" is 5 March
    language: str = "en"
    is_boilerplate: Callable[[str], bool] | None = None  # the site's own non-article lines
    next_page: str | None = None  # CSS of the "next page" link of a multi-page article
    next_page_text: str | None = None  # ... whose text must contain this (case-insensitive)

    def parse(
        self, html: bytes, url: str, feed_entry: FeedEntry | None = None, *, content_type: str | None = None
    ) -> Article:
        """The article on one page; falls back to the generic parser when no layout matches."""
        text, encoding = decode_bytes(html, content_type)
        tree = parse_tree(text)
        if tree is None:
            return parse_article(
                html, url, content_type=content_type, feed_entry=feed_entry, naive_tz=self.zone
            )
        for layout in self.layouts:
            containers = compile_selector(layout.body)(tree)
            if not containers:
                continue
            paragraphs = self._paragraphs(containers[0], layout)
            if paragraphs:
                return self._article(tree, url, feed_entry, layout, paragraphs, encoding)
        article = parse_article(
            html, url, content_type=content_type, feed_entry=feed_entry, naive_tz=self.zone
        )
        return replace(article, extra={**article.extra, "parser": f"generic (no {self.name} layout matched)"})

    def next_page_url(self, html: bytes, url: str, *, content_type: str | None = None) -> str | None:
        """The next page of a multi-page article, or None (also for sites without paging)."""
        if not self.next_page:
            return None
        tree = parse_tree(decode_bytes(html, content_type)[0])
        if tree is None:
            return None
        here = normalize_url(url)
        for link in compile_selector(self.next_page)(tree):
            label = _clean(link.text_content()).casefold()
            if self.next_page_text and self.next_page_text.casefold() not in label:
                continue
            href = (link.get("href") or "").strip()
            target = urljoin(url, href) if href else None  # spelled as the site wrote it, for fetching
            if target and target.startswith(("http://", "https://")) and normalize_url(target) != here:
                return target
        return None

    # -- internals ---------------------------------------------------------------------------------

    def _paragraphs(self, container: lxml.html.HtmlElement, layout: Layout) -> list[str]:
        container = _copy(container)
        for css in (*ALWAYS_DROPPED, *layout.drop):
            for element in compile_selector(css)(container):
                if element is not container:
                    element.drop_tree()  # keeps the tail text, which belongs to the parent
        blocks = text_blocks(container)
        if self.is_boilerplate is not None:
            blocks = [b for b in blocks if not self.is_boilerplate(b)]
        return clean_paragraphs(blocks)

    def _article(
        self,
        tree: lxml.html.HtmlElement,
        url: str,
        feed_entry: FeedEntry | None,
        layout: Layout,
        paragraphs: list[str],
        encoding: str,
    ) -> Article:
        metadata = page_metadata(tree, url, naive_tz=self.zone, feed_entry=feed_entry)
        published_at, source = self._date_line(tree, layout), f"site:{self.name}:date_line"
        if published_at is None:
            published_at, source = metadata.published_at, metadata.published_at_source
        title = _first_text(tree, layout.title) or metadata.title
        return Article(
            url=metadata.canonical_url or normalize_url(url),
            title=title,
            published_at=published_at,
            paragraphs=tuple(paragraphs),
            language=detect_language(title, paragraphs, metadata.language or self.language),
            published_at_source=source,
            extra={
                "encoding": encoding,
                "body_source": f"site:{self.name}",
                "parser": self.name,
                "layout": layout.name,
            },
        )

    def _date_line(self, tree: lxml.html.HtmlElement, layout: Layout) -> datetime | None:
        if not layout.date_line or self.date_pattern is None:
            return None
        for element in compile_selector(layout.date_line)(tree):
            match = self.date_pattern.search(_clean(element.text_content()))
            if match:
                return read_local_time(match.group("when"), self.zone, dayfirst=self.dayfirst)
        return None


def read_local_time(raw: str, zone: tzinfo, *, dayfirst: bool = False) -> datetime | None:
    """A timestamp as the site prints it; without a zone it is the site's local time. Always UTC."""
    try:
        value = date_parser.parse(raw, dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return None
    value = value.replace(tzinfo=zone) if value.tzinfo is None else value
    return value.astimezone(UTC)


def text_blocks(container: lxml.html.HtmlElement) -> list[str]:
    """The container's text split into blocks at block elements and at <br> (sites that use <br><br>
    between paragraphs get one block per paragraph); inline markup stays inside its block."""
    blocks: list[str] = []
    current: list[str] = [container.text or ""]

    def flush() -> None:
        text = _clean("".join(current))
        if text:
            blocks.append(text)
        current.clear()

    def walk(element: lxml.html.HtmlElement) -> None:
        for child in element:
            if not isinstance(child.tag, str):  # comment or processing instruction: only its tail counts
                current.append(child.tail or "")
                continue
            tag = child.tag.lower()
            if tag == "br":
                flush()
            elif tag in _BLOCK_TAGS:
                flush()
                current.append(child.text or "")
                walk(child)
                flush()
            else:
                current.append(child.text or "")
                walk(child)
            current.append(child.tail or "")

    walk(container)
    flush()
    return blocks


def join_pages(pages: Sequence[Article]) -> Article:
    """One article from the pages of a multi-page story, in reading order.

    The first page gives the URL (its canonical is the story's), title, date and language; the body is
    every page's paragraphs in order, a paragraph repeated at a page boundary kept once.
    """
    if not pages:
        raise ValueError("join_pages needs at least one page")
    first = pages[0]
    paragraphs: list[str] = []
    for page in pages:
        for paragraph in page.paragraphs:
            if not paragraphs or paragraphs[-1] != paragraph:
                paragraphs.append(paragraph)
    return replace(first, paragraphs=tuple(paragraphs), extra={**first.extra, "pages": str(len(pages))})


def _copy(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A detached copy: dropping elements must not change the tree metadata is read from."""
    copied = copy.deepcopy(element)
    copied.tail = None
    return copied


def _first_text(tree: lxml.html.HtmlElement, css: str | None) -> str | None:
    if not css:
        return None
    for element in compile_selector(css)(tree):
        text = _clean(element.text_content())
        if text:
            return text
    return None


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def lines_matching(*patterns: str) -> Callable[[str], bool]:
    """A boilerplate test from regexes, each matched (case-insensitive) against a whole text block."""
    compiled = tuple(re.compile(p, re.IGNORECASE) for p in patterns)
    return lambda text: any(p.fullmatch(text) for p in compiled)
