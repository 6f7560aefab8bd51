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
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from urllib.parse import urljoin

import lxml.html
import trafilatura
from dateutil import parser as date_parser
from lxml import etree

from extract.encoding import decode_bytes
from extract.main_content import extract_main_content
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
_VISIBLE_TIMESTAMP = re.compile(
    r"(?:(?:updated|published|posted|released?|time|date)\s*(?:on|at)?\s*[:：]?\s*)?"
    r"(?<!\d)(?P<date>(?:19|20)\d{2}[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9]))(?!\d)"
    r"(?:[ T]+(?P<time>(?:2[0-3]|[01]?\d):[0-5]\d(?::[0-5]\d)?)(?!\d))?",
    re.IGNORECASE,
)
_LABELLED = re.compile(r"^(?:updated|published|posted|released?|time|date)", re.IGNORECASE)
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
    r"^(?:read more|further reading|see also|photos|also read|read also|popular)\s*(?:[:：]|\.\.\.|\u2026)?$", re.I
)
_READ_MORE_LINE = re.compile(
    r"^(?:read more|related(?: video| story| article)?|see also|also read|read also|recommended)\s*[:：]", re.I
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
    {"newsarticle", "article", "reportagenews", "blogposting", "analysisnewsarticle", "webpage",
     "opinionnewsarticle", "backgroundnewsarticle", "report", "liveblogposting", "socialmediaposting"}
)
_MIN_JSONLD_BODY_CHARS = 400
_MIN_BODY_CHARS = 250
_HTML_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
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
        feed_date = feed_entry.published_at.astimezone(UTC) if feed_entry and feed_entry.published_at else None
        return Article(url=fallback_url, title=feed_entry.title if feed_entry else None, published_at=feed_date,
                       paragraphs=(), published_at_source="feed" if feed_date else None,
                       extra={"encoding": encoding})
    signals = _signals(tree)
    metadata = _page_metadata(tree, signals, url, naive_tz, feed_entry)
    paragraphs, body_source, trafilatura_language = _body(tree, signals, url)
    paragraphs = _drop_leading_headlines(paragraphs, _headline_variants(tree, signals, metadata.title))
    return Article(
        url=metadata.canonical_url or fallback_url,
        title=metadata.title,
        published_at=metadata.published_at,
        paragraphs=tuple(paragraphs),
        language=metadata.language or trafilatura_language,
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
    datePublished, <time datetime>, then a visible timestamp; times without a zone are in `naive_tz`.
    With `feed_entry`, its title and date fill in what the page does not state (source ``feed``).
    """
    return _page_metadata(tree, _signals(tree), url, naive_tz, feed_entry)


def _signals(tree: lxml.html.HtmlElement) -> _Signals:
    return _Signals(meta=_meta_tags(tree), jsonld=tuple(_jsonld_articles(tree)))


def _page_metadata(tree: lxml.html.HtmlElement, signals: _Signals, url: str, naive_tz: tzinfo,
                   feed_entry: FeedEntry | None) -> PageMetadata:
    published_at, date_source = _publication_time(tree, signals, naive_tz)
    if published_at is None and feed_entry is not None and feed_entry.published_at is not None:
        published_at, date_source = feed_entry.published_at.astimezone(UTC), "feed"
    return PageMetadata(
        title=_title(tree, signals) or (feed_entry.title if feed_entry else None),
        canonical_url=_canonical_url(tree, url),
        published_at=published_at,
        published_at_source=date_source,
        language=_language(tree, signals),
    )


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


def _publication_time(
    tree: lxml.html.HtmlElement, signals: _Signals, naive_tz: tzinfo
) -> tuple[datetime | None, str | None]:
    """The first plausible signal; a date-only signal yields to a later one giving a time that day."""
    first: tuple[datetime, str] | None = None
    for raw, label in _structured_dates(tree, signals):
        value = _to_utc(raw, naive_tz)
        if value is None:
            continue
        if first is None:
            if _has_time_of_day(raw):
                return value, label
            first = (value, label)
        elif _has_time_of_day(raw) and value.date() == first[0].date():
            return value, label
    if first is not None:
        return first
    value = _visible_timestamp(tree, naive_tz)
    if value is not None:
        return value, "text:timestamp"
    return None, None


def _visible_text_lines(tree: lxml.html.HtmlElement) -> Iterator[str]:
    body = tree.find("body")
    root = body if body is not None else tree
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript", "template"):
            continue
        for chunk in (element.text, element.tail if element is not root else None):
            cleaned = _clean(chunk)
            if cleaned:
                yield cleaned


def _visible_timestamp(tree: lxml.html.HtmlElement, naive_tz: tzinfo) -> datetime | None:
    """A date with a time ("2025-03-14 10:32"), or a labelled date ("Updated: 2025-03-14"), in the text."""
    for line in _visible_text_lines(tree):
        if len(line) > 200:
            continue
        for match in _VISIBLE_TIMESTAMP.finditer(line):
            if not match.group("time") and not _LABELLED.match(match.group(0)):
                continue
            raw = match.group("date").replace("/", "-").replace(".", "-")
            value = _to_utc(f"{raw} {match.group('time') or '00:00'}", naive_tz)
            if value is not None:
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
        extracted, source, language = _trafilatura_body(_paragraphs_from_line_breaks(tree), url,
                                                        found_chars=_chars(list(main.paragraphs)),
                                                        page_prose_chars=main.page_prose_chars)
    jsonld_body = _jsonld_body(signals)
    if _chars(jsonld_body) >= _MIN_JSONLD_BODY_CHARS and (
        _chars(extracted) < 0.6 * _chars(jsonld_body)
        # trafilatura's own fallback returns the JSON-LD text as one block: keep its paragraphs instead
        or _clean(" ".join(extracted)) == _clean(" ".join(jsonld_body))
    ):
        extracted, source = jsonld_body, "jsonld:articleBody"
    cleaned = clean_paragraphs(extracted)
    if not cleaned:
        cleaned, source = clean_paragraphs(_paragraph_harvest(_paragraphs_from_line_breaks(tree))), "paragraphs"
    return cleaned, source, language


def _trafilatura_body(tree: lxml.html.HtmlElement, url: str, *, found_chars: int, page_prose_chars: int
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
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre", "ul", "ol", "li",
    "dl", "dt", "dd", "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "center", "main", "nav", "figure", "form", "iframe", "script", "style", "noscript", "template",
})


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
        if (_starts_break_run(br) and parent is not None and parent not in parents
                and parent.tag not in ("head", "title", "textarea") and _holds_prose_runs(parent)):
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
        if (child.tag == "br" and _starts_break_run(child)) or not isinstance(child.tag, str) or child.tag in _BLOCK_TAGS:
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
            while index + 1 < len(children) and children[index].tag == "br" and _starts_break_run(children[index]):
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
    return bool(_CAPTION_END.search(text) or _CAPTION_START.match(text) or (":" in text and _CREDIT_END.search(text)))


def _is_doubled(text: str) -> bool:
    half, rest = divmod(len(text), 2)
    return rest == 1 and half >= 10 and text[:half] == text[half + 1:] and text[half] == " "


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
