"""The site parser registry: which parser serves a URL's host, and how site modules are named.

Each site module registers its parser here when imported (`PARSER = register(...)` at its end);
`extract.sites` imports every module of the package (pkgutil), so a new module is found without
being listed anywhere.

Naming rule: a site module is named after its parser, `site_module_name(parser.name)`: the name in
lower case with characters other than [a-z0-9_] dropped and, since a module name cannot start with
a digit, a leading run of digits moved to the end ("xinhua" -> xinhua.py, "24kg" -> kg24.py).
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

from extract.model import Article, FeedEntry
from extract.urls import normalize_url


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


def site_module_name(parser_name: str) -> str:
    """The module a site parser lives in (see the naming rule above): "24kg" -> "kg24"."""
    name = re.sub(r"[^a-z0-9_]", "", parser_name.lower())
    digits = re.match(r"\d*", name).group()
    return name[len(digits) :] + digits
