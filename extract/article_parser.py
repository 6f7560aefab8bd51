"""The generic article parser: one lxml tree per page, metadata from meta/JSON-LD, body from that tree.

The page is decoded (extract.encoding) and parsed once. Metadata (title, canonical URL, publication
time, language) is read from that tree. The body comes from the fast extractor (extract.main_content,
one pass over the same tree, no copy) when it is confident; otherwise from trafilatura run on the same
tree (it copies it before pruning), in precision mode unless that kept little of the text; JSON-LD
`articleBody` replaces it when the HTML yields much less (script-rendered or teaser-only pages).
The paragraphs are then post-cleaned of what news sites put between them: photo captions,
editor/source lines, share widgets, "related stories" lists, copyright lines, author bios.
Measured with `python -m bench.body_extraction` (see `_body`).

The metadata part is public so the site parsers (extract.sites) read it the same way:
`parse_tree(text)` and `page_metadata(tree, url, naive_tz=..., feed_entry=...) -> PageMetadata`.
The publication time comes from meta tags, JSON-LD, <time>, a visible date line (`visible_date`),
the feed entry, or the URL (`url_date`), in that order; never guessed (docs/sources.md, "Publication
dates"; measured with `python -m bench.date_accuracy`).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from dateutil import parser as date_parser
from lxml import etree

from extract.encoding import decode_bytes
from extract.language import detect_language
from extract.main_content import BLOCK_ELEMENTS, extract_main_content
from extract.model import Article, FeedEntry
from extract.urls import normalize_url

# -- publication time -----------------------------------------------------------------------------

# (meta key as lower-cased name/property/itemprop, published_at_source label), in order of trust.
_META_DATE_KEYS = (
    ("article:published_time", "meta:article:published_time"),
    ("datepublished", "meta:itemprop:datePublished"),
    ("dc.date", "meta:DC.date"),
    ("dc.date.issued", "meta:DC.date"),
    ("dcterms.issued", "meta:DC.date"),
    ("dcterms.created", "meta:DC.date"),
    ("pubdate", "meta:pubdate"),
    ("publishdate", "meta:pubdate"),
    ("publish-date", "meta:pubdate"),
    ("og:published_time", "meta:og:published_time"),
)
_EARLIEST_PLAUSIBLE = datetime(1995, 1, 1, tzinfo=UTC)

# -- body cleaning ----------------------------------------------------------------------------------

# "(Xinhua/Wang Peng)", "(Photo/Agency)", "(AP Photo/Name)": agency or "photo", a slash, a name, at the end.
_CAPTION_END = re.compile(r"\((?:[A-Z][\w.&' -]{0,40})?\s*/\s*[A-Z][^()/]{1,60}\)\s*$")
_CAPTION_START = re.compile(
    r"^(?:photo\s*[:：]|photo taken on|photos? shows?|file photo|aerial photo|caption\s*[:：]|"
    r"this photo|this aerial photo|\(photo)",
    re.IGNORECASE,
)
_EDITOR_LINE = re.compile(
    r"^\s*(?:[\[(]?\s*(?:responsible |chief |executive |web )?editors?\s*[:：]|source(?:\(s\)|s)?\s*[:：]|edited by\b|"
    r"newspaper headline\s*[:：]|"
    r"reporters?\s*[:：]|written by\b|contributed by\b|proofread by\b)",
    re.IGNORECASE,
)
_WIDGET = re.compile(
    r"^(?:share(?: this(?: article| story)?)?|share on \w+|tweet|email|print|subscribe\b.*|sign up\b.*|"
    r"follow us\b.*|click here\b.*|download (?:the|our) app\b.*|copy link|comments?|advertisement|"
    r"scan the qr code\b.*|facebook|twitter|linkedin|whatsapp|wechat|weibo|x|"
    r"join (?:our|the) (?:\w+ ){0,3}(?:forum|conversation|community|discussion)|"
    r"join thought-provoking conversations\b.*|.*\bsubscription today|our standards\s*:.*|"
    r"(?:(?:first|prev(?:ious)?)\s+)?(?:\d{1,3}\s+)+(?:next|last)(?: page)?)\s*[.:!]?$",  # pagination: "1 2 Next"
    re.IGNORECASE,
)
# Headings of link lists. After a *closing* heading (a list that ends the article) nothing more is kept
# once the article is mostly told; after the others only the short link titles are skipped.
_CLOSING_LIST_HEADING = re.compile(
    r"^(?:related(?: stories| news| articles| content| coverage| reading)?|today'?s recommendations?|"
    r"recommended(?: for you| stories| reading)?|more (?:stories|news|from (?:the )?[\w ]{1,40})|"
    r"most (?:popular|read|viewed)(?: now| stories| news)?|trending(?: now)?|"
    r"you may also like|editor'?s picks?|latest news|top stories|more on this story)\s*[:：]?$",
    re.IGNORECASE,
)
_LIST_HEADING = re.compile(
    r"^(?:read more|further reading|see also|photos|also read|read also|popular)\s*(?:[:：]|\.\.\.|\u2026)?$",
    re.I,
)
_READ_MORE_LINE = re.compile(
    r"^(?:read more|related(?: video| story| article)?|see also|also read|read also|recommended)\s*[:：]",
    re.I,
)
# Photo credits at the end of a caption: "... Credit: Name/Agency", "... Photograph: Name/Agency".
_CREDIT_END = re.compile(r"\b(?:credit|photograph|photo|image|picture)\s*:\s*[^.!?]{2,80}$", re.IGNORECASE)
_CLOSING_AFTER_SHARE = 0.6  # a closing heading ends the body once this share of the text came before it
# An embedded post: "... pic.twitter.com/x — Name (@handle) February 28, 2024".
_EMBEDDED_POST = re.compile(r"\u2014\s*[^()\n]{1,80}\(@\w{1,30}\)\s+\w+ \d{1,2}, \d{4}\s*$")
# An author's bio line at the end: "Jane Doe is a senior reporter for Example News. ..."
_AUTHOR_BIO = re.compile(
    r"^(?:[A-Z][\w.'\u2019-]+ ){1,3}[A-Z][\w.'\u2019-]+ (?:is|was) (?:an? |the )?[\w ,'-]{0,60}?"
    r"(?:writer|reporter|correspondent|editor|journalist|columnist|contributor|producer)\b"
)
_COPYRIGHT = re.compile(r"(?:^(?:©|\(c\)|copyright\b)|all rights reserved)", re.IGNORECASE)
_TRAILING_MARKS = "■□▲◆●"
_WORD = re.compile(r"[^\W_]")  # a letter or digit: "___" separators have none

_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenews",
        "blogposting",
        "analysisnewsarticle",
        "webpage",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "report",
        "liveblogposting",
        "socialmediaposting",
    }
)
_MIN_JSONLD_BODY_CHARS = 400
_MIN_BODY_CHARS = 250
_HTML_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass(frozen=True)
class _Signals:
    """What the page states about itself: its meta tags and its article JSON-LD objects."""

    meta: dict[str, str]
    jsonld: tuple[dict, ...]


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about the article, read the same way by the generic and the site parsers.

    `published_at` is UTC; `published_at_source` names the signal that gave it (e.g.
    ``meta:article:published_time``, ``jsonld:datePublished``, ``text:timestamp``, ``feed``).
    """

    title: str | None
    canonical_url: str | None  # rel=canonical, absolute and normalised; None when the page gives none
    published_at: datetime | None
    published_at_source: str | None
    language: str | None  # primary subtag ("en", "zh") from lang / Content-Language / og:locale / JSON-LD


def parse_article(
    body: bytes,
    url: str,
    *,
    content_type: str | None = None,
    feed_entry: FeedEntry | None = None,
    naive_tz: tzinfo = UTC,
) -> Article:
    """Parse a fetched page. Never raises for bad HTML: a page without text gives empty paragraphs.

    `naive_tz` is the zone assumed for timestamps the page gives without one (UTC unless the caller
    knows the site's local time); the result is always UTC.
    """
    fallback_url = normalize_url(url)
    text, encoding = decode_bytes(body, content_type)
    tree = parse_tree(text)
    if tree is None:
        published_at, date_source = _with_feed_and_url(None, None, False, naive_tz, feed_entry, (url,))
        return Article(
            url=fallback_url,
            title=feed_entry.title if feed_entry else None,
            published_at=published_at,
            paragraphs=(),
            published_at_source=date_source,
            extra={"encoding": encoding},
        )
    signals = _signals(tree)
    metadata = _page_metadata(tree, signals, url, naive_tz, feed_entry)
    paragraphs, body_source, trafilatura_language = _body(tree, signals, url)
    paragraphs = _drop_leading_headlines(paragraphs, _headline_variants(tree, signals, metadata.title))
    return Article(
        url=metadata.canonical_url or fallback_url,
        title=metadata.title,
        published_at=metadata.published_at,
        paragraphs=tuple(paragraphs),
        language=detect_language(metadata.title, paragraphs, metadata.language or trafilatura_language),
        published_at_source=metadata.published_at_source,
        extra={"encoding": encoding, "body_source": body_source},
    )


# -- tree and metadata ------------------------------------------------------------------------------


def parse_tree(text: str) -> lxml.html.HtmlElement | None:
    """The page's lxml tree (comments and processing instructions dropped), or None for a page
    without markup to parse."""
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses str input with an encoding declaration
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None


def page_metadata(
    tree: lxml.html.HtmlElement, url: str, *, naive_tz: tzinfo = UTC, feed_entry: FeedEntry | None = None
) -> PageMetadata:
    """The page's title, canonical URL, publication time and language from its standard signals.

    Title: og:title, JSON-LD headline, the first <h1>, <title>. Publication time: meta tags, JSON-LD
    datePublished, <time datetime>, then a visible date line (`visible_date`), then the feed entry's
    date (source ``feed``; it also gives the time of a date-only signal of the same day), then a date in
    the URL (``url``, `url_date`). Times without a zone are in `naive_tz`; a date without a time of
    day is that day at 00:00 UTC (`day_start_utc`). Nothing is guessed: without any of these the
    publication time is None.
    """
    return _page_metadata(tree, _signals(tree), url, naive_tz, feed_entry)


def _signals(tree: lxml.html.HtmlElement) -> _Signals:
    return _Signals(meta=_meta_tags(tree), jsonld=tuple(_jsonld_articles(tree)))


def _page_metadata(
    tree: lxml.html.HtmlElement, signals: _Signals, url: str, naive_tz: tzinfo, feed_entry: FeedEntry | None
) -> PageMetadata:
    published_at, date_source, has_time = _publication_time(tree, signals, naive_tz)
    canonical_url = _canonical_url(tree, url)
    published_at, date_source = _with_feed_and_url(
        published_at, date_source, has_time, naive_tz, feed_entry, (canonical_url, url)
    )
    return PageMetadata(
        title=_title(tree, signals) or (feed_entry.title if feed_entry else None),
        canonical_url=canonical_url,
        published_at=published_at,
        published_at_source=date_source,
        language=_language(tree, signals),
    )


def _with_feed_and_url(
    published_at: datetime | None,
    date_source: str | None,
    has_time: bool,
    naive_tz: tzinfo,
    feed_entry: FeedEntry | None,
    urls: Iterable[str | None],
) -> tuple[datetime | None, str | None]:
    """What the page gave, completed by the feed entry's date (which also gives the time of a date-only
    signal on the same day), then by a date in the article's URL (canonical first)."""
    feed_time = feed_entry.published_at.astimezone(UTC) if feed_entry and feed_entry.published_at else None
    if feed_time is not None and (
        published_at is None
        or (not has_time and feed_time.astimezone(naive_tz).date() == published_at.date())
    ):
        return feed_time, "feed"
    if published_at is None or (date_source == "text:timestamp" and not has_time):
        # A plain visible date on another day than the URL's is more often a related story's.
        for candidate in urls:
            value = url_date(candidate)
            if value is not None and (published_at is None or value.date() != published_at.date()):
                return value, "url"
            if value is not None:
                break
    return published_at, date_source


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""  # = re.sub(r"\s+", " ", text).strip(), several times faster


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """First value per lower-cased meta name/property/itemprop/http-equiv (itemprop=datePublished on other
    elements is read only when the dates are: `_itemprop_date_published`)."""
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                values.setdefault(key.strip().lower(), content.strip())
    return values


def _itemprop_date_published(tree: lxml.html.HtmlElement) -> str | None:
    """The first itemprop=datePublished on an element other than <meta> (a whole-tree scan: done only
    when the meta tags did not settle the date)."""
    for element in tree.xpath("//*[@itemprop='datePublished'][not(self::meta)]"):
        value = element.get("datetime") or element.get("content") or element.text_content()
        if value and value.strip():
            return value.strip()
    return None


def _jsonld_objects(value: object) -> Iterator[dict]:
    if isinstance(value, list):
        for item in value:
            yield from _jsonld_objects(item)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _jsonld_objects(value["@graph"])


def _jsonld_types(obj: dict) -> set[str]:
    types = obj.get("@type", [])
    types = types if isinstance(types, list) else [types]
    return {str(t).lower() for t in types}


def _jsonld_articles(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    """JSON-LD objects describing the article (NewsArticle & co.), most specific types first."""
    found: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        found.extend(obj for obj in _jsonld_objects(data) if _jsonld_types(obj) & _ARTICLE_TYPES)
    found.sort(key=lambda obj: "webpage" in _jsonld_types(obj))  # a WebPage only when nothing better
    yield from found


def _jsonld_value(signals: _Signals, key: str) -> str | None:
    for obj in signals.jsonld:
        value = obj.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _title(tree: lxml.html.HtmlElement, signals: _Signals) -> str | None:
    candidates: list[str | None] = [signals.meta.get("og:title"), _jsonld_value(signals, "headline")]
    candidates += [h1.text_content() for h1 in tree.iter("h1")][:1]
    candidates += [t.text_content() for t in tree.iter("title")][:1]
    for candidate in candidates:
        cleaned = _clean(candidate)
        if cleaned:
            return cleaned
    return None


def _headline_variants(tree: lxml.html.HtmlElement, signals: _Signals, title: str | None) -> set[str]:
    variants = [title, signals.meta.get("og:title"), _jsonld_value(signals, "headline")]
    variants += [h1.text_content() for h1 in tree.iter("h1")][:2]
    return {_clean(v).casefold() for v in variants if v and _clean(v)}


def _drop_leading_headlines(paragraphs: list[str], headlines: set[str]) -> list[str]:
    """Extractors often keep the page's <h1>; the title is not body text."""
    start = 0
    while start < min(len(paragraphs), 3) and paragraphs[start].casefold() in headlines:
        start += 1
    return paragraphs[start:]


def _canonical_url(tree: lxml.html.HtmlElement, url: str) -> str | None:
    for link in tree.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel:
            absolute = urljoin(url, link.get("href").strip())
            if absolute.lower().startswith(("http://", "https://")):
                return normalize_url(absolute)
    return None


def _primary_language(tag: str | None) -> str | None:
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _language(tree: lxml.html.HtmlElement, signals: _Signals) -> str | None:
    candidates = (
        tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        signals.meta.get("content-language"),
        signals.meta.get("og:locale"),
        _jsonld_value(signals, "inLanguage"),
    )
    for candidate in candidates:
        language = _primary_language(candidate)
        if language:
            return language
    return None


# -- publication time -------------------------------------------------------------------------------


def _to_utc(raw: str, naive_tz: tzinfo) -> datetime | None:
    """Parse a timestamp; None when unparseable or implausible (before 1995 or in the future)."""
    try:
        value = datetime.fromisoformat(raw.strip())  # the common case, ~50x cheaper than dateutil
    except (ValueError, TypeError):
        try:
            value = date_parser.parse(raw.strip(), fuzzy=False)
        except (ValueError, OverflowError, TypeError):
            return None
    value = value.replace(tzinfo=naive_tz) if value.tzinfo is None else value
    value = value.astimezone(UTC)
    if not _EARLIEST_PLAUSIBLE <= value <= datetime.now(UTC) + timedelta(days=1):
        return None
    return value


def _structured_dates(tree: lxml.html.HtmlElement, signals: _Signals) -> Iterator[tuple[str, str]]:
    """(raw timestamp, signal) from meta tags, JSON-LD and <time datetime>, in order of trust."""
    for key, label in _META_DATE_KEYS:
        value = signals.meta.get(key)
        if not value and key == "datepublished":
            value = _itemprop_date_published(tree)
        if value:
            yield value, label
    raw = _jsonld_value(signals, "datePublished")
    if raw:
        yield raw, "jsonld:datePublished"
    for element in tree.xpath("//time[@datetime]"):
        yield element.get("datetime"), "time:datetime"


def _has_time_of_day(raw: str) -> bool:
    return ":" in raw


def day_start_utc(day: date) -> datetime:
    """A publication date given without a time of day: that calendar day at 00:00 UTC.

    Its date is the one the page printed, whatever the site's zone (local midnight converted to UTC
    would fall on the previous day east of Greenwich, and move "in May" or a month partition).
    """
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _plausible(value: datetime | None) -> datetime | None:
    if value is None or not _EARLIEST_PLAUSIBLE <= value <= datetime.now(UTC) + timedelta(days=1):
        return None
    return value


def _date_only(raw: str) -> datetime | None:
    """A structured date without a time of day ("2025-03-14"), as `day_start_utc`."""
    try:
        parsed = date_parser.parse(raw.strip(), fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    return _plausible(day_start_utc(parsed.date()))


def _signal_time(raw: str, naive_tz: tzinfo) -> datetime | None:
    return _to_utc(raw, naive_tz) if _has_time_of_day(raw) else _date_only(raw)


def _local_date(value: datetime, naive_tz: tzinfo, has_time: bool) -> date:
    return value.astimezone(naive_tz).date() if has_time else value.date()


def _publication_time(
    tree: lxml.html.HtmlElement, signals: _Signals, naive_tz: tzinfo
) -> tuple[datetime | None, str | None, bool]:
    """(UTC time, signal, whether the signal gave a time of day) from the page itself.

    The first plausible structured signal; a date-only one yields to a later one giving a time that
    (local) day. Then a visible date line, then the URL.
    """
    first: tuple[datetime, str] | None = None
    for raw, label in _structured_dates(tree, signals):
        value = _signal_time(raw, naive_tz)
        if value is None:
            continue
        if first is None:
            if _has_time_of_day(raw):
                return value, label, True
            first = (value, label)
        elif _has_time_of_day(raw) and value.astimezone(naive_tz).date() == first[0].date():
            return value, label, True
    if first is not None:
        return first[0], first[1], False
    visible = visible_date(tree, naive_tz)
    if visible is not None:
        return visible[0], "text:timestamp", visible[1]
    return None, None, False


def _visible_text_lines(tree: lxml.html.HtmlElement) -> Iterator[tuple[str, lxml.html.HtmlElement]]:
    """(text run, the element holding it) in document order, outside scripts, navigation and footers."""
    body = tree.find("body")
    root = body if body is not None else tree
    skipped: set = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        parent = element.getparent()
        if parent is not None and parent in skipped or element.tag in _HIDDEN_TAGS:
            skipped.add(element)
            continue
        if element.text:
            cleaned = _clean(element.text)
            if cleaned:
                yield cleaned, element
        if element is not root and element.tail and parent is not None and parent not in skipped:
            cleaned = _clean(element.tail)
            if cleaned:
                yield cleaned, parent


# -- visible date lines -------------------------------------------------------------------------------

_HIDDEN_TAGS = frozenset(
    {"script", "style", "noscript", "template", "nav", "footer", "aside", "select", "option"}
)
_MONTH_NAMES = {
    name: number
    for name, number in (
        ("january", 1),
        ("february", 2),
        ("march", 3),
        ("april", 4),
        ("may", 5),
        ("june", 6),
        ("july", 7),
        ("august", 8),
        ("september", 9),
        ("october", 10),
        ("november", 11),
        ("december", 12),
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    )
}
_MON = r"(?P<mon>" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])"
_NUM_MONTH = r"(?P<m>1[0-2]|0?[1-9])"
# The date forms news pages print, each with its own groups; a time may stand before or after it.
_DATE_FORMS = (
    re.compile(rf"(?<![\d.]){_YEAR}[-/.]{_NUM_MONTH}[-/.]{_DAY}(?![\d])"),  # 2023-05-17, 2023/5/17
    re.compile(rf"(?<![\d.]){_YEAR}年{_NUM_MONTH}月{_DAY}日"),  # 2023年05月17日
    re.compile(
        rf"(?<![\w.]){_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+{_YEAR}(?!\d)", re.IGNORECASE
    ),  # 17 May 2023
    re.compile(
        rf"(?<![\w.]){_MON}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)", re.IGNORECASE
    ),  # May 17, 2023
    re.compile(rf"(?<![\d.]){_DAY}\.{_NUM_MONTH}\.{_YEAR}(?![\d])"),  # 17.05.2023 (day first)
)
_TIME = (
    r"(?P<h>2[0-3]|[01]?\d)[:h](?P<min>[0-5]\d)(?::(?P<s>[0-5]\d))?(?:\s*(?P<ampm>[ap])\.?\s?m\.?(?![a-z]))?"
)
# A zone written after the time: an ISO offset, or GMT/UTC with an offset in the ISO sense ("UTC+8" is
# eight hours east; dateutil would read it the POSIX way, as eight hours west).
# Unambiguous zone abbreviations (CST, IST are each several zones: read in the source's zone instead).
_ZONE_ABBREVIATIONS = {
    "EST": -5,
    "EDT": -4,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "BJT": 8,
    "JST": 9,
    "KST": 9,
}
_ZONE = (
    r"(?:\s*\(?\s*(?:(?P<utc>GMT|UTC|Z)\s*(?:(?P<zsign>[+-])\s*(?P<zh>\d{1,2})(?::?(?P<zm>\d{2}))?)?"
    r"|(?P<osign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})|(?P<abbr>" + "|".join(_ZONE_ABBREVIATIONS) + r")\b)\)?)?"
)
_TIME_AFTER = re.compile(rf"^(?:\s*(?:,|\||T|at|-|–|—)?\s*){_TIME}{_ZONE}(?![\d:])", re.IGNORECASE)
_TIME_BEFORE = re.compile(rf"(?<![\d:]){_TIME}{_ZONE}\s*(?:,|\||-|–|—|on)?\s*$", re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"\b(?:published|posted|released?|updated|modified|date|time|issued|created|publication|"
    r"опубликовано|обновлено)\b\s*(?:on|at)?\s*[:：]?",
    re.IGNORECASE,
)
_UPDATE_LABEL = re.compile(r"\b(?:updated|modified|last\s+updated|обновлено)\b", re.IGNORECASE)
_DATE_CONTAINER = re.compile(r"date|time|publish|posted|byline|dateline|meta|info|stamp|author|source", re.I)
_MAX_DATE_LINE = 160  # characters: a date line is short; a sentence mentioning a date is prose
_MAX_LINES_SCANNED = 400
_MAX_REST_WORDS = 4  # besides the date: "Xinhua | By Wang Lei" is a date line, a sentence is not


@dataclass(frozen=True)
class _VisibleDate:
    value: datetime
    has_time: bool
    update: bool  # labelled "Updated": a publication date, if any, is preferred
    labelled: bool  # "Published:", "Posted on", "Updated" ...
    strong: bool  # gives a time, is labelled or sits in a date/byline element
    after_headline: bool = True  # after the page's first <h1> (or the page has none)


def visible_date(tree: lxml.html.HtmlElement, naive_tz: tzinfo) -> tuple[datetime, bool] | None:
    """The publication time a page prints in a date line, as (UTC time, whether it had a time of day).

    Forms: "2023-05-17 14:30", "2023/5/17", "11:30, 17 May 2023", "May 17, 2023 10:32 PM",
    "17.05.2023 14:30" (dotted dates are day first), each with an optional zone ("GMT+8", "+08:00");
    without a zone the time is in `naive_tz`; a date without a time is `day_start_utc`. A line counts
    when it is short and the date is what it says: it gives a time, carries a label ("Published:",
    "Updated"), sits in a date/byline element, or has at most a few other words. Navigation, asides and
    footers are not read. A date labelled "Updated" yields to a later publication date.
    """
    candidates: list[_VisibleDate] = []
    headline = tree.find(".//h1")
    after_headline = headline is None
    for scanned, (line, element) in enumerate(_visible_text_lines(tree)):
        if scanned >= _MAX_LINES_SCANNED:
            break
        if not after_headline and (element is headline or headline in set(element.iterancestors("h1"))):
            after_headline = True
        if len(line) > _MAX_DATE_LINE:
            continue
        found = _date_in_line(line, element, naive_tz)
        if found is not None:
            candidates.append(replace(found, after_headline=after_headline))
    chosen = _choose_visible_date(candidates)
    return (chosen.value, chosen.has_time) if chosen else None


def _choose_visible_date(candidates: list[_VisibleDate]) -> _VisibleDate | None:
    """The article's date among the date lines found.

    After the headline, the first strong one (a time, a label, a date element), a publication date
    before an update; else plain dates ("May 17, 2023") if they all name one day (several days are a
    list of other stories). Before the headline only a date with a time or a label counts: a plain
    date above the headline is often the site's "today" line.
    """

    def first(found: list[_VisibleDate]) -> _VisibleDate | None:
        return next((c for c in found if not c.update), found[0] if found else None)

    after = [c for c in candidates if c.after_headline]
    strong = [c for c in after if c.strong]
    if strong:
        return first(strong)
    plain = [c for c in after if not c.strong]
    if plain and len({c.value.date() for c in plain}) == 1:
        return plain[0]
    return first([c for c in candidates if not c.after_headline and (c.has_time or c.labelled)])


def _date_in_line(line: str, element: lxml.html.HtmlElement, naive_tz: tzinfo) -> _VisibleDate | None:
    for form in _DATE_FORMS:
        for match in form.finditer(line):
            groups = match.groupdict()
            month = int(groups["m"]) if groups.get("m") else _MONTH_NAMES[groups["mon"].lower()]
            try:
                day = date(int(groups["y"]), month, int(groups["d"]))
            except ValueError:
                continue
            before, after = line[: match.start()], line[match.end() :]
            time_match = _TIME_AFTER.match(after) or _TIME_BEFORE.search(before)
            rest = (
                (before[: time_match.start()] if time_match and time_match.re is _TIME_BEFORE else before)
                + " "
                + (after[time_match.end() :] if time_match and time_match.re is _TIME_AFTER else after)
            )
            labelled = bool(_DATE_LABEL.search(before[-40:]))
            strong = bool(time_match or labelled or _in_date_container(element))
            if not (strong or _few_words(rest)):
                continue
            value = _with_time(day, time_match, naive_tz) if time_match else day_start_utc(day)
            value = _plausible(value)
            if value is None:
                continue
            return _VisibleDate(
                value, bool(time_match), bool(_UPDATE_LABEL.search(before[-40:])), labelled, strong
            )
    return None


def _few_words(rest: str) -> bool:
    rest = _DATE_LABEL.sub(" ", rest)
    words = re.findall(r"[^\W\d_]{2,}", rest)
    return len(words) <= _MAX_REST_WORDS and not rest.rstrip().endswith((".", "!", "?"))


def _in_date_container(element: lxml.html.HtmlElement) -> bool:
    node: lxml.html.HtmlElement | None = element
    for _ in range(3):
        if node is None:
            break
        marks = " ".join(filter(None, (node.get("class"), node.get("id"), node.get("itemprop"))))
        if node.tag == "time" or (marks and _DATE_CONTAINER.search(marks)):
            return True
        node = node.getparent()
    return False


def _with_time(day: date, match: re.Match[str], naive_tz: tzinfo) -> datetime:
    hour, minute = int(match.group("h")), int(match.group("min"))
    second = int(match.group("s") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    zone: tzinfo = naive_tz
    if match.group("abbr"):
        zone = timezone(timedelta(hours=_ZONE_ABBREVIATIONS[match.group("abbr").upper()]))
    elif match.group("osign"):
        zone = _offset(match.group("osign"), match.group("oh"), match.group("om"))
    elif match.group("utc"):
        zone = (
            _offset(match.group("zsign"), match.group("zh"), match.group("zm"))
            if match.group("zsign")
            else UTC
        )
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone).astimezone(UTC)


def _offset(sign: str, hours: str, minutes: str | None) -> tzinfo:
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    return timezone(-delta if sign == "-" else delta)


# -- the URL ----------------------------------------------------------------------------------------------

# A date in an article's address: /20230517/, /2023-05-17/, /2023-05/17/, /2023/05/17/, /202305/17/,
# /2023/0517/, /2023/may/17/ (each part its own path segment, or the start of the last one:
# /2023-05-17-title).
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})(?:"
    r"(?P<m1>0[1-9]|1[0-2])(?P<d1>0[1-9]|[12]\d|3[01])|"  # /20230517/
    r"-(?P<m2>0[1-9]|1[0-2])-(?P<d2>0[1-9]|[12]\d|3[01])|"  # /2023-05-17
    r"[-/](?P<m3>0[1-9]|1[0-2])/(?P<d3>0[1-9]|[12]\d|3[01])|"  # /2023-05/17, /2023/05/17
    r"(?P<m4>0[1-9]|1[0-2])/(?P<d4>0[1-9]|[12]\d|3[01])|"  # /202305/17
    r"/(?P<m5>0[1-9]|1[0-2])(?P<d5>0[1-9]|[12]\d|3[01])|"  # /2023/0517
    r"/(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/(?P<d6>0[1-9]|[12]\d|3[01])"  # /2023/may/17
    r")(?=[/_.-]|$)",
    re.IGNORECASE,
)


def url_date(url: str | None) -> datetime | None:
    """The publication date an article URL carries, as `day_start_utc`; None without one."""
    if not url:
        return None
    path = urlsplit(url).path
    for match in _URL_DATE.finditer(path):
        groups = match.groupdict()
        month = (
            _MONTH_NAMES[groups["mon"].lower()]
            if groups["mon"]
            else next(groups[f"m{i}"] for i in range(1, 6) if groups[f"m{i}"])
        )
        day = next(groups[f"d{i}"] for i in range(1, 7) if groups[f"d{i}"])
        try:
            value = day_start_utc(date(int(groups["y"]), int(month), int(day)))
        except ValueError:
            continue
        if _plausible(value) is not None:
            return value
    return None


# -- body -----------------------------------------------------------------------------------------------


def _body(tree: lxml.html.HtmlElement, signals: _Signals, url: str) -> tuple[list[str], str, str | None]:
    """(paragraphs, which extractor gave them, language trafilatura saw).

    Measured on the devset (bench/body_extraction.py): the fast extractor (extract.main_content, one
    pass over the page's own tree, ~0.2 ms) is at least as good as trafilatura where it is confident
    (two pages in three there; nearly every plain story page); otherwise trafilatura in precision
    mode, the best single choice of its modes (`_trafilatura_body`). JSON-LD articleBody is often
    abridged or carries extra text, so it is used only when the page's HTML yields much less (pages
    rendered by script, teaser-only HTML). For trafilatura and the harvest, text split only by
    <br><br> is made into <p>s first (`_paragraphs_from_line_breaks`, a copy of the tree); the fast
    extractor reads such runs as paragraphs itself.
    """
    language = None
    main = extract_main_content(tree)
    if main.confident:
        extracted, source = list(main.paragraphs), "main_content"
    else:
        extracted, source, language = _trafilatura_body(
            _paragraphs_from_line_breaks(tree),
            url,
            found_chars=_chars(list(main.paragraphs)),
            page_prose_chars=main.page_prose_chars,
        )
    jsonld_body = _jsonld_body(signals)
    if _chars(jsonld_body) >= _MIN_JSONLD_BODY_CHARS and (
        _chars(extracted) < 0.6 * _chars(jsonld_body)
        # trafilatura's own fallback returns the JSON-LD text as one block: keep its paragraphs instead
        or _clean(" ".join(extracted)) == _clean(" ".join(jsonld_body))
    ):
        extracted, source = jsonld_body, "jsonld:articleBody"
    cleaned = clean_paragraphs(extracted)
    if not cleaned:
        cleaned, source = (
            clean_paragraphs(_paragraph_harvest(_paragraphs_from_line_breaks(tree))),
            "paragraphs",
        )
    return cleaned, source, language


def _trafilatura_body(
    tree: lxml.html.HtmlElement, url: str, *, found_chars: int, page_prose_chars: int
) -> tuple[list[str], str, str | None]:
    """Precision mode; the balanced pass only when precision kept little (less than the minimum body,
    half of what the fast extractor found, or a quarter of the page's prose): then it has usually
    discarded the article (live blogs, pages split in many blocks)."""
    precise, language = _trafilatura_paragraphs(tree, url, favor_precision=True)
    if _chars(precise) >= max(_MIN_BODY_CHARS, 0.5 * found_chars, 0.25 * page_prose_chars):
        return precise, "trafilatura:precision", language
    balanced, balanced_language = _trafilatura_paragraphs(tree, url, favor_precision=False)
    if _chars(precise) < 0.5 * _chars(balanced) or _chars(precise) < _MIN_BODY_CHARS <= _chars(balanced):
        return balanced, "trafilatura", balanced_language or language
    return precise, "trafilatura:precision", language


_MIN_LINE_BREAK_PARAGRAPH = 80  # characters of a run between <br><br> that reads like a paragraph
# Tags after which a run of text ends: they stay as they are between the paragraphs made from <br> runs.
_BLOCK_TAGS = BLOCK_ELEMENTS | {"figure", "form", "iframe", "noscript", "script", "style", "template"}


def _starts_break_run(br: lxml.html.HtmlElement) -> bool:
    """This <br> is followed by another with only whitespace between: a paragraph break."""
    following = br.getnext()
    return following is not None and following.tag == "br" and not (br.tail or "").strip()


def _paragraphs_from_line_breaks(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The tree with text runs separated by two or more <br> made into <p>s (a copy; the page's own
    tree is left as it is). Global Times and many older CMSs put a whole article in one element with
    <br><br> between paragraphs; extractors look for <p>s and then drop or glue such text."""
    if not any(_starts_break_run(br) for br in tree.iter("br")):
        return tree
    tree = copy.deepcopy(tree)
    parents: dict[lxml.html.HtmlElement, None] = {}  # in document order, each once
    for br in tree.iter("br"):
        parent = br.getparent()
        if (
            _starts_break_run(br)
            and parent is not None
            and parent not in parents
            and parent.tag not in ("head", "title", "textarea")
            and _holds_prose_runs(parent)
        ):
            parents[parent] = None
    for parent in parents:
        segments = _break_run_segments(parent)
        if parent.tag == "p" and parent.getparent() is not None:  # a <p> holding several paragraphs
            for segment in segments:
                if segment.tag == "p":
                    segment.attrib.update(parent.attrib)
            tail, grandparent = parent.tail, parent.getparent()
            position = grandparent.index(parent)
            grandparent.remove(parent)
            for offset, segment in enumerate(segments):
                grandparent.insert(position + offset, segment)
            if segments:
                segments[-1].tail = (segments[-1].tail or "") + (tail or "")
        else:
            parent.text = None
            parent.extend(segments)
    return tree


def _holds_prose_runs(parent: lxml.html.HtmlElement) -> bool:
    """At least two of the runs <br><br> separates read like paragraphs: an article, not a footer's
    "About us<br><br>Contact" or an address block (those are left as they are)."""
    runs: list[int] = [len(_clean(parent.text))]
    for child in parent:
        if (
            (child.tag == "br" and _starts_break_run(child))
            or not isinstance(child.tag, str)
            or child.tag in _BLOCK_TAGS
        ):
            runs.append(0)
        elif child.tag != "br":
            runs[-1] += len(_clean(child.text_content()))
        runs[-1] += len(_clean(child.tail))
    return sum(length >= _MIN_LINE_BREAK_PARAGRAPH for length in runs) >= 2


def _break_run_segments(parent: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The parent's content (detached from it) as a <p> per text run between <br> runs and block
    elements, and the block elements themselves; single <br>s and inline markup stay in their run."""
    segments: list[lxml.html.HtmlElement] = []
    current = _paragraph(parent.text)
    children = list(parent)

    def flush(next_text: str | None) -> lxml.html.HtmlElement:
        if _clean(current.text_content()) or any(child.tag != "br" for child in current):  # e.g. an <img>
            segments.append(current)
        return _paragraph(next_text)

    index = 0
    while index < len(children):
        child = children[index]
        if child.tag == "br" and _starts_break_run(child):
            while (
                index + 1 < len(children)
                and children[index].tag == "br"
                and _starts_break_run(children[index])
            ):
                index += 1
            last_br = children[index]
            current = flush(last_br.tail)
        elif not isinstance(child.tag, str) or child.tag in _BLOCK_TAGS:
            tail, child.tail = child.tail, None
            current = flush(None)
            segments.append(child)
            current = _paragraph(tail)
        else:
            current.append(child)  # moves it, with its tail
        index += 1
    flush(None)
    for child in list(parent):
        parent.remove(child)
    return segments


def _paragraph(text: str | None) -> lxml.html.HtmlElement:
    paragraph = lxml.html.Element("p")
    paragraph.text = text
    return paragraph


def _chars(paragraphs: list[str]) -> int:
    return sum(map(len, paragraphs))


def _jsonld_body(signals: _Signals) -> list[str]:
    raw = _jsonld_value(signals, "articleBody")
    if not raw:
        return []
    if "<" in raw and ">" in raw:  # some sites put HTML in articleBody
        try:
            fragment = lxml.html.fragment_fromstring(raw, create_parent="div", parser=_HTML_PARSER)
            blocks = fragment.xpath(".//p|.//h2|.//h3|.//li")
            if blocks:
                return [t for t in (_clean(b.text_content()) for b in blocks) if t]
            raw = fragment.text_content()
        except (etree.ParserError, ValueError):
            pass
    return [t for t in (_clean(p) for p in re.split(r"\n\s*\n|\r?\n", raw)) if t]


def _trafilatura_paragraphs(
    tree: lxml.html.HtmlElement, url: str, *, favor_precision: bool
) -> tuple[list[str], str | None]:
    try:
        document = trafilatura.bare_extraction(
            tree,  # trafilatura copies the tree before pruning it
            url=url,
            favor_precision=favor_precision,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=False,
        )
    except Exception:  # trafilatura on hostile markup: treat as "found nothing"
        return [], None
    if document is None or getattr(document, "body", None) is None:
        return [], None
    return list(_blocks(document.body)), getattr(document, "language", None)


def _element_text(element: etree._Element) -> str:
    """Text of an output element; a line break (<lb/>) separates words rather than gluing them."""
    parts: list[str] = []
    for node in element.iter():
        if node.tag == "lb":
            parts.append(" ")
        elif node is element or isinstance(node.tag, str):
            parts.append(node.text or "")
        if node is not element:
            parts.append(node.tail or "")
    return _clean("".join(parts))


def _blocks(body: etree._Element) -> Iterator[str]:
    """Text blocks of trafilatura's output tree: paragraphs, headings, quotes, list items."""
    for child in body:
        if not isinstance(child.tag, str) or child.tag == "table":
            continue
        items = list(child.iter("item")) if child.tag == "list" else [child]
        for item in items:
            text = _element_text(item)
            if text:
                yield text


def _paragraph_harvest(tree: lxml.html.HtmlElement) -> list[str]:
    """Last resort: the <p> elements of <article> (or the page) that read like prose."""
    scope = tree.xpath("//article") or [tree]
    paragraphs = []
    for element in scope[0].iter("p"):
        text = _clean(element.text_content())
        if len(text) >= 40:
            paragraphs.append(text)
    return paragraphs


def _is_caption(text: str) -> bool:
    return bool(
        _CAPTION_END.search(text) or _CAPTION_START.match(text) or (":" in text and _CREDIT_END.search(text))
    )


def _is_doubled(text: str) -> bool:
    half, rest = divmod(len(text), 2)
    return rest == 1 and half >= 10 and text[:half] == text[half + 1 :] and text[half] == " "


def _is_boilerplate(text: str) -> bool:
    short = len(text) <= 160
    if _is_caption(text) or not _WORD.search(text):
        return True
    if _is_doubled(text):  # teaser cards repeat their title: "Headline Headline"
        return True
    if short and (_EDITOR_LINE.match(text) or _WIDGET.match(text) or _READ_MORE_LINE.match(text)):
        return True
    if _EMBEDDED_POST.search(text):
        return True
    return short and bool(_COPYRIGHT.search(text))


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Drop captions, editor/source lines, widgets, link lists and copyright lines; strip end marks."""
    texts = [t for t in (_clean(p).rstrip(_TRAILING_MARKS).strip() for p in paragraphs) if t]
    total = sum(map(len, texts)) or 1
    cleaned: list[str] = []
    seen_chars = 0
    in_link_list = False
    for text in texts:
        seen_chars += len(text)
        if _CLOSING_LIST_HEADING.match(text):
            if (seen_chars - len(text)) / total >= _CLOSING_AFTER_SHARE:
                break
            in_link_list = True
            continue
        if _LIST_HEADING.match(text):
            in_link_list = True  # the short link titles that follow belong to the list
            continue
        if in_link_list:
            if len(text) < 120 and not text.endswith((".", "!", "?", "\u3002")):
                continue
            in_link_list = False
        if _is_boilerplate(text):
            continue
        cleaned.append(text)
    while cleaned and len(cleaned[-1]) <= 400 and _AUTHOR_BIO.match(cleaned[-1]):
        cleaned.pop()
    return cleaned
