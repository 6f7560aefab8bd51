"""Feed parsing (RSS 0.9x/1.0/2.0, Atom) into `FeedEntry` items, via feedparser.

Error contract: `parse_feed` returns a list (possibly empty for a valid feed listing nothing) or
raises `FeedError` -- and nothing else -- when the bytes are not a usable feed. `FeedError.reason`
is a stable short code the caller records (``entity_declaration``, ``not_a_feed``). A feed that
feedparser flags as ill-formed ("bozo") but from which it still recovered entries is returned as
usual: real-world feeds are often slightly broken.

Entity expansion (billion laughs) and external entities: feedparser 6 strips unsafe entity
declarations and disables external general entities in its SAX parser, but we refuse any document
declaring entities before it reaches an XML parser at all -- legitimate news feeds do not need them.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin

import feedparser
from dateutil import parser as date_parser

from extract.model import FeedEntry
from extract.urls import normalize_url

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class FeedError(Exception):
    """The bytes are not a usable feed; `reason` is a stable code, the message says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Entries of the feed in document order, one per distinct normalised absolute http(s) URL.

    An entry's `url` is the absolute address as the feed spells it (without the fragment): that is
    what gets fetched, since a site's bare domain may not answer where its `www.` host does.
    De-duplication, here and in the flow, goes by `normalize_url(url)`.
    """
    if _ENTITY_DECLARATION.search(body):
        raise FeedError("entity_declaration", "feed declares XML entities; refused (entity expansion guard)")
    parsed = feedparser.parse(
        body,
        response_headers={"content-location": base_url, "content-type": "application/xml"},
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        cause = parsed.get("bozo_exception")
        raise FeedError("not_a_feed", f"not a usable RSS/Atom feed: {cause or 'no feed elements found'}")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        url = _entry_url(entry, base_url)
        if url is None or normalize_url(url) in seen:
            continue
        seen.add(normalize_url(url))
        entries.append(
            FeedEntry(url=url, title=_clean_title(entry.get("title")), published_at=_entry_time(entry))
        )
    return entries


def _entry_url(entry: feedparser.FeedParserDict, base_url: str) -> str | None:
    candidates: list[str] = []
    if entry.get("link"):
        candidates.append(entry["link"])
    for link in entry.get("links", []):
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            candidates.append(link["href"])
    guid = entry.get("id")
    if guid and entry.get("guidislink", True):  # an RSS <guid isPermaLink="false"> is not an address
        candidates.append(guid)
    for candidate in candidates:
        absolute = urljoin(base_url, candidate.strip())
        if absolute.lower().startswith(("http://", "https://")):
            return urldefrag(absolute)[0]
    return None


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    text = _SPACE.sub(" ", _TAG.sub(" ", title)).strip()
    return text or None


def _entry_time(entry: feedparser.FeedParserDict) -> datetime | None:
    """Published, else updated (RSS 1.0 dc:date arrives as either); always timezone-aware UTC."""
    for key in ("published", "updated", "created"):
        parsed: time.struct_time | None = entry.get(f"{key}_parsed")
        if parsed is not None:  # feedparser has already converted it to UTC
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
        raw = entry.get(key)
        if raw:
            try:
                value = date_parser.parse(raw)
            except (ValueError, OverflowError):
                continue
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return None
