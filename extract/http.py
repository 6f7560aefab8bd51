"""The HTTP client of a run: safe (address policy, size limits), polite (per-host delay) and patient.

One `HttpClient` per run, used as a context manager. `fetch` never raises: every failure comes back
as a `FetchResult` whose `error_class` is one of

    http_status, timeout, connect_error, blocked_address, bad_scheme, too_large,
    too_many_redirects, redirect_loop, read_error, decode_error, fetch_error (an unexpected bug)

Redirects are followed by hand so that every hop goes through the address policy again; bodies are
streamed and decoded by hand so that neither a huge body nor a gzip bomb is ever held in memory.
"""

from __future__ import annotations

import email.utils
import random
import socket
import threading
import time
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin

import httpcore
import httpx

from extract.model import FetchResult
from extract.safety import PinnedAddressBackend, Resolver, check_url

try:  # optional: only advertised when a decoder that can bound its output is present
    import brotli  # type: ignore[import-not-found]

    _BROTLI_BOUNDED = hasattr(brotli.Decompressor(), "can_accept_more_data")
except ImportError:  # pragma: no cover - depends on the environment
    brotli = None
    _BROTLI_BOUNDED = False

DEFAULT_CONTACT_URL = "https://github.com/tradewire/tradewire"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRYABLE_ERRORS = frozenset({"timeout", "connect_error", "read_error"})
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return version("tradewire")
    except Exception:  # not installed (e.g. run from a source tree)
        return "0.1.0"


class _TooLarge(Exception):
    """The body (raw or decoded) passed the size limit; `partial` is what was decoded of the last chunk."""

    def __init__(self, message: str, partial: bytes = b"") -> None:
        super().__init__(message)
        self.partial = partial


class _UndecodableBody(Exception):
    """Unknown Content-Encoding or corrupt compressed data."""


class _DeadlinePassed(Exception):
    """The total deadline of the request passed while reading."""


class _BoundedStage:
    """One Content-Encoding step whose cumulative output may not pass `limit` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.produced = 0
        self.overflowed = False
        self._first = True
        self._decompressor = self._new()

    def _new(self, raw_deflate: bool = False):
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.encoding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if raw_deflate else zlib.MAX_WBITS)
        if self.encoding == "br" and _BROTLI_BOUNDED:
            return brotli.Decompressor()
        raise _UndecodableBody(f"unsupported Content-Encoding {self.encoding!r}")

    def feed(self, data: bytes) -> bytes:
        if self.encoding == "br":
            return self._feed_brotli(data)
        out = bytearray()
        while data:
            budget = self.limit - self.produced + 1
            try:
                piece = self._decompressor.decompress(data, budget)
            except zlib.error as exc:
                if self._first and self.encoding == "deflate":  # servers send raw deflate too
                    self._first = False
                    self._decompressor = self._new(raw_deflate=True)
                    continue
                raise _UndecodableBody(f"{self.encoding}: {exc}") from exc
            self._first = False
            self.produced += len(piece)
            out += piece
            if self.produced > self.limit:
                self.overflowed = True  # stop inflating: the rest is never produced
                break
            data = self._decompressor.unconsumed_tail
            if not data and self._decompressor.eof and self._decompressor.unused_data:
                data = self._decompressor.unused_data  # a further gzip member
                self._decompressor = self._new()
        return bytes(out)

    def _feed_brotli(self, data: bytes) -> bytes:  # pragma: no cover - brotli is optional
        out = bytearray()
        try:
            out += self._decompressor.process(data, output_buffer_limit=self.limit - self.produced + 1)
            while not self._decompressor.can_accept_more_data() and self.produced + len(out) <= self.limit:
                budget = self.limit - self.produced - len(out) + 1
                out += self._decompressor.process(b"", output_buffer_limit=budget)
        except brotli.error as exc:
            raise _UndecodableBody(f"br: {exc}") from exc
        self.produced += len(out)
        self.overflowed = self.produced > self.limit
        return bytes(out)

    def finish(self) -> bytes:
        if self.encoding == "br":
            return b""
        try:
            rest = self._decompressor.flush()
        except zlib.error as exc:
            raise _UndecodableBody(f"{self.encoding}: {exc}") from exc
        self.produced += len(rest)
        self.overflowed = self.produced > self.limit
        return rest


class _BodyDecoder:
    """Undo Content-Encoding (possibly a chain such as "gzip, deflate") with every stage bounded."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        names = [e.strip().lower() for e in (content_encoding or "").split(",")]
        names = [n for n in names if n and n != "identity"]
        self.stages = [_BoundedStage(n, limit) for n in reversed(names)]  # last applied, first undone

    def feed(self, data: bytes) -> bytes:
        for stage in self.stages:
            data = stage.feed(data)
        self._raise_if_overflowed(data)
        return data

    def finish(self) -> bytes:
        data = b""
        for stage in self.stages:
            data = stage.feed(data) if data else b""
            data += stage.finish()
        self._raise_if_overflowed(data)
        return data

    def _raise_if_overflowed(self, data: bytes) -> None:
        if any(stage.overflowed for stage in self.stages):
            raise _TooLarge("decoded body passed the size limit (compression bomb?)", data)


@dataclass
class _Outcome:
    """One attempt (with its redirect hops) before it becomes a FetchResult."""

    final_url: str
    status: int | None = None
    headers: dict[str, str] | None = None
    body: bytes = b""
    error_class: str | None = None
    error_message: str | None = None
    truncated: bool = False
    retry_after_s: float | None = None

    @property
    def retryable(self) -> bool:
        if self.error_class in RETRYABLE_ERRORS:
            return True
        return self.error_class == "http_status" and self.status is not None and (
            self.status == 429 or self.status >= 500
        )


class _Deadline:
    """A total time budget; time spent waiting for a politeness slot does not count against it."""

    def __init__(self, seconds: float) -> None:
        self.expires = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.expires - time.monotonic()

    def extend(self, seconds: float) -> None:
        self.expires += seconds


class HostScheduler:
    """Next-slot scheduling per host: requests to one host keep `min_delay_s` apart, others run freely."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}

    def wait_turn(self, host: str, min_delay_s: float) -> float:
        """Block until this host may be contacted; return the seconds waited."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + max(0.0, min_delay_s)
        wait = slot - now
        if wait > 0:
            time.sleep(wait)
        return max(0.0, wait)


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _conditional_headers(validators: dict | None) -> dict[str, str]:
    """Accept {"etag"/"If-None-Match": ..., "last_modified"/"Last-Modified"/"If-Modified-Since": ...}."""
    headers: dict[str, str] = {}
    for key, value in (validators or {}).items():
        if not value:
            continue
        name = key.lower().replace("_", "-")
        if name in ("etag", "if-none-match"):
            headers["If-None-Match"] = str(value)
        elif name in ("last-modified", "if-modified-since"):
            headers["If-Modified-Since"] = str(value)
    return headers


def _headers_dict(headers: httpx.Headers) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name, value in headers.multi_items():
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose TCP connects go to pinned, checked addresses."""

    def __init__(self, backend: PinnedAddressBackend, *, verify: bool, max_connections: int) -> None:
        super().__init__(verify=verify, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
            network_backend=backend,
        )


class HttpClient:
    """The run's HTTP client: pooled keep-alive connections, pinned checked addresses, bounded bodies.

    Use as a context manager (or call `close`). Thread-safe: `fetch_many` shares one client.
    """

    def __init__(
        self,
        *,
        contact_url: str = DEFAULT_CONTACT_URL,
        connect_timeout_s: float = 10.0,
        read_timeout_s: float = 20.0,
        total_timeout_s: float = 60.0,
        max_bytes: int = 10 * 1024 * 1024,
        max_redirects: int = 5,
        max_attempts: int = 3,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 30.0,
        retry_after_cap_s: float = 60.0,
        max_connections: int = 32,
        resolver: Resolver = socket.getaddrinfo,
        verify: bool = True,
    ) -> None:
        self.user_agent = f"tradewire/{_package_version()} (+{contact_url})"
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self.total_timeout_s = total_timeout_s
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.max_attempts = max(1, max_attempts)
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.retry_after_cap_s = retry_after_cap_s
        self._resolver = resolver
        self._backend = PinnedAddressBackend()
        self._scheduler = HostScheduler()
        transport = _PinnedTransport(self._backend, verify=verify, max_connections=max_connections)
        accept_encoding = "gzip, deflate, br" if _BROTLI_BOUNDED else "gzip, deflate"
        self._client = httpx.Client(
            transport=transport,
            trust_env=False,  # an environment proxy would connect around the address policy
            follow_redirects=False,
            headers={"User-Agent": self.user_agent, "Accept": ACCEPT, "Accept-Encoding": accept_encoding},
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public API -------------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        allow_private: bool = False,
        min_delay_s: float = 0.0,
        validators: dict | None = None,
    ) -> FetchResult:
        """GET `url` with retries; never raises. A 304 (conditional GET) is a result with status 304."""
        fetched_at = datetime.now(UTC)
        started = time.monotonic()
        deadline = _Deadline(self.total_timeout_s)
        attempts = 0
        outcome = _Outcome(final_url=url)
        try:
            while True:
                attempts += 1
                outcome = self._attempt(url, allow_private, min_delay_s, validators, deadline)
                if not outcome.retryable or attempts >= self.max_attempts:
                    break
                delay = self._retry_delay(attempts, outcome.retry_after_s)
                if delay >= deadline.remaining():
                    break
                time.sleep(delay)
        except Exception as exc:  # a bug must not take the run down; record it instead
            outcome = _Outcome(final_url=outcome.final_url, error_class="fetch_error",
                               error_message=f"{type(exc).__name__}: {exc}")
        return FetchResult(
            url=url,
            final_url=outcome.final_url,
            status=outcome.status,
            headers=outcome.headers or {},
            body=outcome.body,
            fetched_at=fetched_at,
            elapsed_s=time.monotonic() - started,
            attempts=attempts,
            error_class=outcome.error_class,
            error_message=outcome.error_message,
            truncated=outcome.truncated,
        )

    def fetch_many(
        self,
        urls: Iterable[str],
        *,
        allow_private: bool = False,
        min_delay_s: float = 0.0,
        max_workers: int = 8,
    ) -> list[FetchResult]:
        """Fetch in parallel threads (politeness still per host); results in the order of `urls`."""
        url_list: Sequence[str] = list(urls)
        if not url_list:
            return []
        with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(url_list)))) as pool:
            return list(pool.map(
                lambda u: self.fetch(u, allow_private=allow_private, min_delay_s=min_delay_s), url_list
            ))

    # -- one attempt ----------------------------------------------------------------------------

    def _retry_delay(self, attempts: int, retry_after_s: float | None) -> float:
        if retry_after_s is not None:
            return min(retry_after_s, self.retry_after_cap_s)
        backoff = min(self.backoff_max_s, self.backoff_base_s * 2 ** (attempts - 1))
        return backoff * (0.5 + random.random() / 2)  # "equal jitter": never zero, never synchronised

    def _attempt(
        self, url: str, allow_private: bool, min_delay_s: float, validators: dict | None, deadline: _Deadline
    ) -> _Outcome:
        current = urldefrag(url)[0]
        visited = {current}
        extra_headers = _conditional_headers(validators)
        for _hop in range(self.max_redirects + 1):
            check = check_url(current, allow_private=allow_private, resolver=self._resolver)
            if not check.allowed:
                return _Outcome(final_url=current, error_class=check.error_class, error_message=check.reason)
            self._backend.pin(check)
            deadline.extend(self._scheduler.wait_turn(check.host or "", min_delay_s))
            remaining = deadline.remaining()
            if remaining <= 0:
                return _Outcome(final_url=current, error_class="timeout", error_message="total deadline passed")
            outcome, location = self._exchange(current, extra_headers, deadline)
            if location is None:
                return outcome
            target = urldefrag(urljoin(current, location))[0]
            if target in visited:
                return _Outcome(final_url=target, status=outcome.status, headers=outcome.headers,
                                error_class="redirect_loop", error_message=f"redirect back to {target}")
            visited.add(target)
            current = target
            extra_headers = {}  # validators belong to the requested URL only
        return _Outcome(final_url=current, error_class="too_many_redirects",
                        error_message=f"more than {self.max_redirects} redirects")

    def _exchange(self, url: str, extra_headers: dict[str, str], deadline: _Deadline) -> tuple[_Outcome, str | None]:
        """One request/response; returns the outcome and, for a redirect, its Location."""
        remaining = max(0.001, deadline.remaining())
        timeout = httpx.Timeout(
            connect=min(self.connect_timeout_s, remaining),
            read=min(self.read_timeout_s, remaining),
            write=min(self.read_timeout_s, remaining),
            pool=min(self.connect_timeout_s, remaining),
        )
        try:
            request = self._client.build_request("GET", url, headers=extra_headers, timeout=timeout)
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            return _Outcome(final_url=url, error_class="timeout", error_message=str(exc) or "timed out"), None
        except httpx.ConnectError as exc:
            return _Outcome(final_url=url, error_class="connect_error", error_message=str(exc)), None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            return _Outcome(final_url=url, error_class="bad_scheme", error_message=str(exc)), None
        except httpx.HTTPError as exc:  # protocol errors, reset before headers
            return _Outcome(final_url=url, error_class="read_error", error_message=str(exc)), None
        try:
            headers = _headers_dict(response.headers)
            status = response.status_code
            location = headers.get("location")
            if status in REDIRECT_STATUSES and location:
                return _Outcome(final_url=url, status=status, headers=headers), location
            outcome = _Outcome(final_url=url, status=status, headers=headers)
            if status == 304:
                return outcome, None
            self._read_body(response, outcome, deadline)
            if status >= 400:  # the status is the failure, whatever happened to its error page
                outcome.error_class = "http_status"
                outcome.error_message = f"HTTP {status}"
                outcome.retry_after_s = _parse_retry_after(headers.get("retry-after"))
            elif outcome.error_class is None and not 200 <= status < 300:
                outcome.error_class = "http_status"
                outcome.error_message = f"HTTP {status} (no usable body)"
            return outcome, None
        finally:
            response.close()

    def _read_body(self, response: httpx.Response, outcome: _Outcome, deadline: _Deadline) -> None:
        """Stream the body into `outcome`, stopping at the size limit (raw or decoded) or deadline."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes and not response.headers.get("content-encoding"):
            outcome.error_class, outcome.truncated = "too_large", True
            outcome.error_message = f"Content-Length {declared} passes the limit of {self.max_bytes} bytes"
            return
        body = bytearray()
        raw_total = 0
        try:
            decoder = _BodyDecoder(response.headers.get("content-encoding"), self.max_bytes)
            for chunk in response.iter_raw():  # no chunk_size: httpx would buffer up to it
                raw_total += len(chunk)
                if raw_total > self.max_bytes:
                    raise _TooLarge(f"body passed {self.max_bytes} bytes", b"" if decoder.stages else chunk)
                body += decoder.feed(chunk)
                if len(body) > self.max_bytes:
                    raise _TooLarge(f"decoded body passed {self.max_bytes} bytes")
                if deadline.remaining() <= 0:
                    raise _DeadlinePassed("total deadline passed while reading the body")
            body += decoder.finish()
        except _TooLarge as exc:
            outcome.error_class, outcome.error_message, outcome.truncated = "too_large", str(exc), True
            body += exc.partial
            del body[self.max_bytes:]
        except _UndecodableBody as exc:
            outcome.error_class, outcome.error_message = "decode_error", str(exc)
        except _DeadlinePassed as exc:
            outcome.error_class, outcome.error_message, outcome.truncated = "timeout", str(exc), True
        except httpx.TimeoutException as exc:
            outcome.error_class, outcome.error_message, outcome.truncated = "timeout", str(exc) or "read timed out", True
        except httpx.HTTPError as exc:  # connection reset / closed mid-body
            outcome.error_class, outcome.error_message, outcome.truncated = "read_error", str(exc), True
        outcome.body = bytes(body)
