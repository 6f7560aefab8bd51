"""The sources file (TOML): validated at the boundary so a bad file is one line naming source and key."""

from __future__ import annotations

import re
import tomllib
from datetime import tzinfo
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from extract.discovery import DiscoveryError, compile_selector, compile_url_pattern

SOURCE_NAME_PATTERN = r"^[a-z0-9_-]+$"


class SourcesError(ValueError):
    """A sources file that cannot be used; the message is one line a person can act on."""


def _check_http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an absolute http(s) URL")
    return url


def _zone_info(name: str) -> ZoneInfo:
    """The IANA zone of that name; ValueError (one line) for anything else."""
    try:
        if not name.strip() or name != name.strip():
            raise ValueError
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(
            f"unknown time zone {name!r}: expected an IANA name such as 'Asia/Shanghai'"
        ) from None


def _check_selector(css: str | None) -> str | None:
    if css is None:
        return None
    try:
        compile_selector(css)
    except DiscoveryError as exc:
        raise ValueError(str(exc)) from None
    return css


class ListingConfig(BaseModel):
    """A section page listing article links, for sites without a usable feed or sitemap."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    link_selector: Annotated[str, Field(min_length=1)]  # CSS selector of the article links
    next_selector: str | None = None  # CSS selector of the "next page" link
    max_pages: Annotated[int, Field(ge=1, le=20)] = 1

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        return _check_http_url(url)

    @field_validator("link_selector", "next_selector")
    @classmethod
    def _css(cls, css: str | None) -> str | None:
        return _check_selector(css)


class SourceConfig(BaseModel):
    """One `[[sources]]` entry of the contract, plus the keys the project adds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(pattern=SOURCE_NAME_PATTERN, min_length=1, max_length=64)]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()  # XML sitemaps, sitemap indexes, Google News sitemaps
    listings: tuple[ListingConfig, ...] = ()
    url_pattern: str | None = None  # regex the (normalised) article URLs must match
    min_delay_s: Annotated[float, Field(ge=0.0, le=600.0)] = 1.0
    allow_private_addresses: bool = False
    max_articles: Annotated[int, Field(ge=1)] = 1000  # per run, newest first: a runaway feed stays bounded
    # Per-request bounds (extract.http.FetchLimits): connect/read timeout, the whole fetch with its
    # retries and redirects, and the body size past which a response is cut off (too_large).
    timeout_s: Annotated[float, Field(gt=0.0, le=300.0)] = 20.0
    deadline_s: Annotated[float, Field(gt=0.0, le=3600.0)] = 60.0
    max_bytes: Annotated[int, Field(ge=1024, le=1024**3)] = 10 * 1024 * 1024
    # IANA zone name: how this source's zone-less local times are read (else its site parser's zone,
    # else UTC).
    timezone: str | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, name: str | None) -> str | None:
        if name is not None:
            _zone_info(name)
        return name

    @property
    def zone(self) -> tzinfo | None:
        """The `timezone` key as a tzinfo, None when the file gives none."""
        return _zone_info(self.timezone) if self.timezone is not None else None

    @field_validator("feeds", "sitemaps")
    @classmethod
    def _http_urls(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        for url in urls:
            _check_http_url(url)
        return urls

    @field_validator("url_pattern")
    @classmethod
    def _regex(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                compile_url_pattern(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return pattern

    @model_validator(mode="after")
    def _some_discovery(self) -> SourceConfig:
        if not (self.feeds or self.sitemaps or self.listings):
            raise ValueError("needs at least one of feeds, sitemaps, listings")
        return self


DEFAULT_CONTACT_URL = "https://github.com/tradewire/tradewire"


class RunSettings(BaseModel):
    """The optional `[settings]` table: what applies to the whole run rather than one source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Named in the User-Agent ("tradewire/<version> (+<contact_url>)") so site owners can reach you.
    contact_url: str = DEFAULT_CONTACT_URL

    @field_validator("contact_url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        return _check_http_url(url)


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    settings: RunSettings = RunSettings()
    sources: tuple[SourceConfig, ...] = Field(min_length=1)


def load_sources(path: str | Path) -> tuple[SourceConfig, ...]:
    """Read and validate a sources file; raise SourcesError with one line naming the source and key."""
    return load_sources_file(path).sources


def load_settings(path: str | Path) -> RunSettings:
    return load_sources_file(path).settings


def load_sources_file(path: str | Path) -> SourcesFile:
    """The whole sources file, `[settings]` included; SourcesError as for `load_sources`."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: invalid TOML: {exc}") from None
    try:
        parsed = SourcesFile.model_validate(raw)
    except ValidationError as exc:
        raise SourcesError(f"{path}: {_describe(raw, exc)}") from None
    names = [source.name for source in parsed.sources]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise SourcesError(f"{path}: source {duplicates[0]!r}: key 'name': appears more than once")
    return parsed


def _describe(raw: dict, exc: ValidationError) -> str:
    """The first validation error as `source 'x': key 'k': problem`."""
    error = exc.errors()[0]
    location = list(error["loc"])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    message = message.removeprefix("Value error, ")
    if location == ["sources"] and error["type"] in ("missing", "too_short"):
        return "no [[sources]] entries"
    if location[:1] == ["settings"] and len(location) > 1:
        return f"[settings]: key {location[1]!r}: {message}"
    if location[:1] != ["sources"]:
        return f"key {location[0] if location else 'sources'!r}: {message}"
    if len(location) < 2 or not isinstance(location[1], int):
        return f"key 'sources': {message} (expected [[sources]] tables)"
    index = location[1]
    entries = raw.get("sources") or []
    entry = entries[index] if index < len(entries) and isinstance(entries[index], dict) else {}
    name = entry.get("name")
    who = f"source {name!r}" if isinstance(name, str) and name else f"source #{index + 1}"
    if len(location) == 2:  # a rule about the whole entry
        return f"{who}: {message}"
    key = location[2]
    if len(location) > 3:  # an element of a list, e.g. feeds[1]
        key = f"{key}[{location[3]}]"
    return f"{who}: key {key!r}: {message}"
