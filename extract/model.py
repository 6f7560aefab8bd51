"""Data passed out of the extract stage: what was fetched, what a feed listed, what a page said."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FetchResult:
    """One HTTP exchange as the pipeline saw it; a failure is a result too, never an exception.

    `error_class` is a stable short name (e.g. ``http_status``, ``timeout``, ``connect_error``,
    ``blocked_address``, ``too_large``, ``too_many_redirects``, ``bad_scheme``) so failures can be
    counted and queried; ``None`` means a usable 2xx response.
    """

    url: str  # as requested
    final_url: str  # after redirects
    status: int | None
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    elapsed_s: float
    attempts: int = 1
    error_class: str | None = None
    error_message: str | None = None
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return self.error_class is None and self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class FeedEntry:
    """An item a feed (RSS 0.9x/1.0/2.0, Atom) lists; its date is the fallback publication time."""

    url: str  # normalised absolute URL
    title: str | None
    published_at: datetime | None  # timezone-aware UTC, or None when the feed gives none


@dataclass(frozen=True)
class Article:
    """A parsed article page. `paragraphs` are body text only: no captions, bylines or lists of links."""

    url: str  # canonical URL (rel=canonical when the page gives one, else the fetched URL, normalised)
    title: str | None
    published_at: datetime | None  # timezone-aware UTC
    paragraphs: tuple[str, ...]
    language: str | None = None
    published_at_source: str | None = None  # which signal gave the date, e.g. "meta:article:published_time"
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)
