"""URL normalisation: one spelling per article, so ids are stable across feeds, redirects and shares."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"from", "place", "spm", "fbclid", "gclid"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are when re-quoting a path (RFC 3986 reserved + unreserved + '%').
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop default port, `www.`, fragment and tracking parameters.

    Remaining query parameters are sorted (stable for equal names); path case is kept. A URL
    that cannot be parsed comes back stripped but otherwise unchanged.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host
    if parts.username is not None:  # keep credentials as given (rare; never drop information silently)
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{host}"
    if port is not None and DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    path = quote(parts.path, safe=_PATH_SAFE) if parts.path else ""
    if not path and netloc and scheme in DEFAULT_PORTS:
        path = "/"
    query_pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(sorted(query_pairs, key=lambda kv: kv[0]), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


def article_id_for(canonical_url: str) -> str:
    """16 hex characters of the SHA-256 of the normalised URL: the article's stable id."""
    return hashlib.sha256(normalize_url(canonical_url).encode("utf-8")).hexdigest()[:16]
