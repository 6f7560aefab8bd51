"""The HTTP client of a run: safe (address policy, size limits), polite (per-host delay) and patient.

One `HttpClient` per run, used as a context manager. `fetch` never raises: every failure comes back
as a `FetchResult` whose `error_class` is one of

    http_status, timeout, connect_error, blocked_address, bad_scheme, too_large,
    too_many_redirects, redirect_loop, read_error, decode_error, fetch_error (an unexpected bug),
    robots_disallowed, robots_unreachable (never requested: see extract.robots)

Redirects are followed by hand so that every hop goes through the address policy and robots.txt
again; bodies are streamed and decoded by hand so that neither a huge body nor a gzip bomb is ever
held in memory. Politeness is per host: at most `max_per_host` requests at a time and
max(min_delay_s, the host's Crawl-delay) between request starts; different hosts run in parallel.
"""

from __future__ import annotations

import email.utils
import math
import random
import socket
import threading
import time
import zlib
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin

import httpcore
import httpx

from extract.model import FetchResult
from extract.robots import MAX_CRAWL_DELAY_S, RobotsCache
from extract.safety import PinnedAddressBackend, Resolver, check_url, pin_key_host

try:  # optional: only advertised when a decoder that can bound its output is present
    import brotli  # type: ignore[import-not-found]

    _BROTLI_BOUNDED = hasattr(brotli.Decompressor(), "can_accept_more_data")
except ImportError:  # pragma: no cover - depends on the environment
    brotli = None
    _BROTLI_BOUNDED = False

DEFAULT_CONTACT_URL = "https://github.com/tradewire/tradewire"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRYABLE_ERRORS = frozenset({"timeout", "connect_error", "read_error"})
# Bodies fetched ahead (`HttpClient.prefetch`) and not yet asked for are held up to this many bytes.
PREFETCH_MAX_BYTES = 48 * 1024 * 1024
# ... and once the run itself asks for pages (`HttpClient.limit_prefetch`): its batches then read a
# few pages ahead themselves (`fetch_iter`), so bodies held further ahead only cost memory.
PREFETCH_RUNNING_MAX_BYTES = 16 * 1024 * 1024
# URLs `HttpClient.fetch_iter` asks for beyond the page its caller is on.
FETCH_AHEAD = 8
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"
)


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
    refused_by_robots: bool = False  # never requested: retrying within the run cannot help

    @property
    def retryable(self) -> bool:
        if self.refused_by_robots:
            return False
        if self.error_class in RETRYABLE_ERRORS:
            return True
        return (
            self.error_class == "http_status"
            and self.status is not None
            and (self.status == 429 or self.status >= 500)
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
    """Per-host politeness: at most `max_per_host` requests in flight, request starts `delay` apart.

    Slots are handed out in order (next-slot scheduling), so waiting threads never race; hosts are
    independent, so a slow host never delays another.
    """

    def __init__(self, max_per_host: int = 1) -> None:
        self.max_per_host = max(1, max_per_host)
        self._condition = threading.Condition()
        self._next_slot: dict[str, float] = {}
        self._in_flight: Counter[str] = Counter()

    @contextmanager
    def turn(self, host: str, min_delay_s: float) -> Iterator[float]:
        """Hold one of the host's request slots for the block; yields the seconds waited for it."""
        started = time.monotonic()
        with self._condition:
            while self._in_flight[host] >= self.max_per_host:
                self._condition.wait()
            self._in_flight[host] += 1
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + max(0.0, min_delay_s)
        try:
            if slot > now:
                time.sleep(slot - now)
            yield time.monotonic() - started
        finally:
            with self._condition:
                self._in_flight[host] -= 1
                self._condition.notify_all()

    def ready_at(self, host: str) -> float:
        """When a request to `host` could start (monotonic clock); infinity while its slots are all busy."""
        with self._condition:
            if self._in_flight[host] >= self.max_per_host:
                return math.inf
            return self._next_slot.get(host, 0.0)


class _HostDispatch:
    """Hands one call's URLs (by index) to its fetch threads, host by host.

    A free thread takes the next URL of the host that can be contacted soonest, so threads never
    queue up behind one host's politeness delay while another host is idle; a host whose requests
    are all sleeping (backoff, Retry-After) gets its next URL started meanwhile. URLs are `add`ed
    in order (all at once, or as a stream's window moves); `close` says no more will come.
    """

    def __init__(self, scheduler: HostScheduler) -> None:
        self.scheduler = scheduler
        self.condition = threading.Condition()
        self.pending: dict[str, deque[int]] = defaultdict(deque)
        self.taken: Counter[str] = Counter()  # this call's fetches per host (in flight or sleeping)
        self.queued = 0
        self.closed = False
        self.stopped = False

    def add(self, index: int, host: str) -> None:
        with self.condition:
            self.pending[host].append(index)
            self.queued += 1
            self.condition.notify_all()

    def close(self) -> None:
        with self.condition:
            self.closed = True
            self.condition.notify_all()

    def stop(self) -> None:
        """No more jobs: what is queued is dropped (the caller stopped reading)."""
        with self.condition:
            self.stopped = self.closed = True
            self.pending.clear()
            self.condition.notify_all()

    def next_job(self) -> tuple[str, int] | None:
        per_host = self.scheduler.max_per_host
        with self.condition:
            while not self.stopped:
                hosts = [h for h, queue in self.pending.items() if queue]
                if not hosts and self.closed:
                    return None
                ready_at = {h: self.scheduler.ready_at(h) for h in hosts}
                # First hosts this call is not using yet, soonest first; then hosts whose
                # request slots are free because this call's fetches there are sleeping.
                fresh = [h for h in hosts if self.taken[h] < per_host]
                idle = [h for h in hosts if ready_at[h] < math.inf]
                if fresh or idle:
                    host = (
                        min(fresh, key=ready_at.__getitem__)
                        if fresh
                        else min(idle, key=self.taken.__getitem__)
                    )
                    self.taken[host] += 1
                    return host, self.pending[host].popleft()
                self.condition.wait(0.05)  # slots free up inside the scheduler: look again soon
            return None

    def finished(self, host: str) -> None:
        with self.condition:
            self.taken[host] -= 1
            self.condition.notify_all()


@dataclass(frozen=True)
class FetchLimits:
    """Time and size bounds of one request; a source may set its own (flows.config.SourceConfig)."""

    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0
    total_timeout_s: float = (
        60.0  # the whole fetch: every attempt, redirect and backoff, not politeness waits
    )
    max_bytes: int = 10 * 1024 * 1024  # raw and decoded body; more is cut off and recorded as too_large


@dataclass(frozen=True)
class _Request:
    """What one `fetch` call asked for, carried through its attempts and redirect hops."""

    allow_private: bool
    min_delay_s: float
    validators: dict | None
    source: str | None
    limits: FetchLimits
    obey_robots: bool


def _host_key(url: str) -> str:
    """The host as the scheduler and the address pins know it (see safety.pin_key_host)."""
    try:
        return pin_key_host(httpx.URL(url))
    except Exception:  # an unparseable URL fails fast in fetch; any lane will do
        return ""


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


def _request_key(url: str, request: _Request) -> tuple:
    """What makes two fetches the same request: the URL and every argument that shapes the exchange."""
    validators = tuple(sorted((request.validators or {}).items()))
    return (url, request.allow_private, request.min_delay_s, validators, request.source, request.limits)


class _Prefetched:
    """Responses fetched ahead of their `fetch` call (see `HttpClient.prefetch`), held within a byte budget.

    A URL is either planned (not started: a `fetch` of it claims it and asks itself), in flight or done
    (a `fetch` of it takes the future, so the request is never made twice), or taken.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.condition = threading.Condition()
        self.planned: set[tuple] = set()
        self.futures: dict[tuple, Future] = {}
        self.held = 0  # bytes of done, untaken bodies
        self.closed = False

    def plan(self, keys: list[tuple]) -> None:
        with self.condition:
            self.planned.update(k for k in keys if k not in self.futures)

    def begin(self, key: tuple) -> Future | None:
        """The prefetcher's turn for `key`: a future to fill, or None (claimed, closed, or the budget
        is full until the run takes what is held)."""
        with self.condition:
            while not self.closed and key in self.planned and self.held >= self.max_bytes:
                self.condition.wait(0.5)
            if self.closed or key not in self.planned:
                return None
            self.planned.discard(key)
            future: Future = Future()
            self.futures[key] = future
            return future

    def done(self, key: tuple, future: Future, result: FetchResult) -> None:
        with self.condition:
            if self.futures.get(key) is future:
                self.held += len(result.body)
            future.set_result(result)

    def take(self, key: tuple) -> Future | None:
        """The prefetched future for `key` (removed), or None after claiming `key` if only planned."""
        with self.condition:
            future = self.futures.pop(key, None)
            if future is None:
                self.planned.discard(key)
                return None
            if future.done():
                self.held -= len(future.result().body)
                self.condition.notify_all()
            return future

    def close(self) -> None:
        with self.condition:
            self.closed = True
            self.planned.clear()
            self.futures.clear()
            self.held = 0
            self.condition.notify_all()


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose TCP connects go to pinned, checked addresses.

    Sets httpx's private `_pool` (httpx has no public way to give its transport a network backend):
    tests/extract/test_http_private_api.py fails, saying so, on an httpx release that stops using it.
    """

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

    Use as a context manager (or call `close`). Thread-safe: tasks and `fetch_many` share one client,
    so per-host politeness and the robots.txt cache hold across all of a run's threads.
    """

    def __init__(
        self,
        *,
        contact_url: str = DEFAULT_CONTACT_URL,
        connect_timeout_s: float = FetchLimits.connect_timeout_s,
        read_timeout_s: float = FetchLimits.read_timeout_s,
        total_timeout_s: float = FetchLimits.total_timeout_s,
        max_bytes: int = FetchLimits.max_bytes,
        max_redirects: int = 5,
        max_attempts: int = 3,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 30.0,
        retry_after_cap_s: float = 60.0,
        max_connections: int = 32,
        max_per_host: int = 1,
        obey_robots: bool = True,
        max_crawl_delay_s: float = MAX_CRAWL_DELAY_S,
        resolver: Resolver = socket.getaddrinfo,
        verify: bool = True,
    ) -> None:
        self.user_agent = f"tradewire/{_package_version()} (+{contact_url})"
        self.limits = FetchLimits(connect_timeout_s, read_timeout_s, total_timeout_s, max_bytes)
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self.total_timeout_s = total_timeout_s
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.max_attempts = max(1, max_attempts)
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.retry_after_cap_s = retry_after_cap_s
        self.obey_robots = obey_robots
        self._resolver = resolver
        self._backend = PinnedAddressBackend()
        self._scheduler = HostScheduler(max_per_host)
        self._robots = RobotsCache(max_crawl_delay_s)
        self._prefetched = _Prefetched(PREFETCH_MAX_BYTES)
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
        self._prefetched.close()
        self._client.close()

    # -- public API -------------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        allow_private: bool = False,
        min_delay_s: float = 0.0,
        validators: dict | None = None,
        source: str | None = None,
        limits: FetchLimits | None = None,
    ) -> FetchResult:
        """GET `url` with retries; never raises. A 304 (conditional GET) is a result with status 304.

        `source` names who asked: robots.txt fetches this request causes are attributed to it (see
        `drain_robots_log`). `limits` replaces the client's default time and size bounds.
        """
        request = _Request(
            allow_private, min_delay_s, validators, source, limits or self.limits, self.obey_robots
        )
        ahead = self._prefetched.take(_request_key(url, request))
        return ahead.result() if ahead is not None else self._fetch(url, request)

    def prefetch(
        self,
        urls: Iterable[str],
        *,
        allow_private: bool = False,
        min_delay_s: float = 0.0,
        validators: dict | None = None,
        source: str | None = None,
        limits: FetchLimits | None = None,
    ) -> list[Future]:
        """Start fetching `urls` ahead, in order, in a background thread; a later `fetch` or
        `fetch_many` of one of them with the same arguments gets this response instead of asking again.

        For work that knows what it will ask for before it can ask (the CLI, while Prefect's server
        starts). Politeness, robots.txt and the address policy hold as for any fetch (same client);
        bodies not yet asked for are held up to PREFETCH_MAX_BYTES, then the thread waits; a URL asked
        for before its turn is fetched by the caller and skipped here. Returns a future per URL, for
        the caller to read a response (a feed) without taking it.
        """
        request = _Request(
            allow_private, min_delay_s, validators, source, limits or self.limits, self.obey_robots
        )
        url_list = list(urls)
        keys = [_request_key(url, request) for url in url_list]
        self._prefetched.plan(keys)
        mine: list[Future] = [Future() for _ in url_list]
        # The thread lets go of each URL's future once it is filled: the caller holds the list for
        # as long as it wants to read it; the thread held every body it fetched until its last one.
        jobs = deque(zip(url_list, keys, mine, strict=True))

        def run() -> None:
            while jobs:
                url, key, shown = jobs.popleft()
                future = self._prefetched.begin(key)
                if future is None:
                    shown.cancel()
                    continue
                try:
                    result = self._fetch(url, request)
                except BaseException as exc:  # _fetch never raises; a closed client might
                    future.set_exception(exc)
                    shown.set_exception(exc)
                    continue
                self._prefetched.done(key, future, result)
                shown.set_result(result)

        threading.Thread(target=run, name="tradewire-prefetch", daemon=True).start()
        return mine

    def limit_prefetch(self, max_bytes: int = PREFETCH_RUNNING_MAX_BYTES) -> None:
        """Hold at most `max_bytes` of prefetched bodies from now on (what is held stays until taken)."""
        with self._prefetched.condition:
            self._prefetched.max_bytes = max_bytes

    def fetch_many(
        self,
        urls: Iterable[str],
        *,
        allow_private: bool = False,
        min_delay_s: float = 0.0,
        max_workers: int = 8,
        source: str | None = None,
        limits: FetchLimits | None = None,
    ) -> list[FetchResult]:
        """Fetch in parallel threads; results in the order of `urls`.

        Work is handed out by host: a free thread takes the next URL of the host that can be
        contacted soonest, so threads never queue up behind one host's politeness delay while
        another host is idle -- the wall time is that of the slowest host's schedule. A host whose
        requests are all sleeping (backoff, Retry-After) gets its next URL started meanwhile.
        """
        url_list = list(urls)
        if not url_list:
            return []
        request = _Request(allow_private, min_delay_s, None, source, limits or self.limits, self.obey_robots)
        ahead = {
            index: self._prefetched.take(_request_key(url, request)) for index, url in enumerate(url_list)
        }
        dispatch = _HostDispatch(self._scheduler)
        for index, url in enumerate(url_list):
            if ahead[index] is None:
                dispatch.add(index, _host_key(url))
        dispatch.close()
        results: list[FetchResult | None] = [None] * len(url_list)

        def work() -> None:
            while (job := dispatch.next_job()) is not None:
                host, index = job
                try:
                    results[index] = self._fetch(url_list[index], request)
                finally:
                    dispatch.finished(host)

        to_fetch = dispatch.queued
        if to_fetch:
            workers = max(1, min(max_workers, to_fetch))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for future in [pool.submit(work) for _ in range(workers)]:
                    future.result()
        for index, future in ahead.items():
            if future is not None:
                results[index] = future.result()
        return [r for r in results if r is not None]

    def fetch_iter(
        self,
        urls: Iterable[str],
        *,
        allow_private: bool = False,
        min_delay_s: float = 0.0,
        max_workers: int = 8,
        ahead: int = FETCH_AHEAD,
        source: str | None = None,
        limits: FetchLimits | None = None,
    ) -> Iterator[FetchResult]:
        """`fetch_many` as a stream: the results in the order of `urls`, each yielded as soon as it is
        in (and every one before it), fetched by host as `fetch_many` does.

        Only the `ahead` URLs after the one the caller was last given are asked for (or taken from a
        prefetch): the caller works on one page while the next ones download, and holds a few bodies
        rather than all of them (a batch's 50 pages were ~18 MB, held until the last one was parsed).
        Leaving the loop early stops the fetching (the fetches under way finish first).
        """
        url_list = list(urls)
        request = _Request(allow_private, min_delay_s, None, source, limits or self.limits, self.obey_robots)
        slots: list[Future | None] = [Future() for _ in url_list]
        dispatch = _HostDispatch(self._scheduler)

        def admit(index: int) -> None:
            taken = self._prefetched.take(_request_key(url_list[index], request))
            if taken is not None:
                slots[index] = taken
            else:
                dispatch.add(index, _host_key(url_list[index]))

        def work() -> None:
            while (job := dispatch.next_job()) is not None:
                host, index = job
                slot = slots[index]
                try:
                    result = self._fetch(url_list[index], request)
                except BaseException as exc:  # _fetch never raises; a closed client might
                    slot.set_exception(exc)
                else:
                    slot.set_result(result)
                finally:
                    dispatch.finished(host)

        workers = [
            threading.Thread(target=work, name="tradewire-fetch", daemon=True)
            for _ in range(max(1, min(max_workers, ahead + 1, len(url_list))))
        ]
        admitted = 0
        try:
            for index in range(len(url_list)):
                while admitted < min(len(url_list), index + 1 + max(0, ahead)):
                    admit(admitted)
                    admitted += 1
                if admitted == len(url_list):
                    dispatch.close()
                if index == 0:
                    for thread in workers:
                        thread.start()
                # The slot is dropped only once its result is in: a worker may still be about to look it
                # up (a fetch queued behind its host's delay), and must find the future, not None.
                slot = slots[index]
                result = slot.result()
                slots[index] = None
                yield result
        finally:
            dispatch.stop()
            for thread in workers:
                if thread.is_alive():
                    thread.join()

    def drain_robots_log(self, source: str | None = None) -> list[FetchResult]:
        """The robots.txt fetches made since the last drain (those caused by `source`, when given).

        A 4xx robots.txt ("no rules: all allowed") comes back without an error class.
        """
        return [entry.result for entry in self._robots.drain_log(source)]

    # -- one fetch ------------------------------------------------------------------------------

    def _fetch(self, url: str, request: _Request) -> FetchResult:
        fetched_at = datetime.now(UTC)
        started = time.monotonic()
        deadline = _Deadline(request.limits.total_timeout_s)
        attempts = 0
        outcome = _Outcome(final_url=url)
        try:
            while True:
                attempts += 1
                outcome = self._attempt(url, request, deadline)
                if not outcome.retryable or attempts >= self.max_attempts:
                    break
                delay = self._retry_delay(attempts, outcome.retry_after_s)
                if delay >= deadline.remaining():
                    break
                time.sleep(delay)
        except Exception as exc:  # a bug must not take the run down; record it instead
            outcome = _Outcome(
                final_url=outcome.final_url,
                error_class="fetch_error",
                error_message=f"{type(exc).__name__}: {exc}",
            )
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

    def _retry_delay(self, attempts: int, retry_after_s: float | None) -> float:
        if retry_after_s is not None:
            return min(retry_after_s, self.retry_after_cap_s)
        backoff = min(self.backoff_max_s, self.backoff_base_s * 2 ** (attempts - 1))
        return backoff * (0.5 + random.random() / 2)  # "equal jitter": never zero, never synchronised

    def _robots_delay(
        self, url: str, request: _Request, deadline: _Deadline
    ) -> tuple[_Outcome | None, float]:
        """Consult the host's robots.txt (fetched once per run): a refusal, or the delay to keep."""
        if not request.obey_robots:
            return None, request.min_delay_s
        robots_request = _Request(
            request.allow_private,
            request.min_delay_s,
            None,
            request.source,
            request.limits,
            obey_robots=False,
        )
        started = time.monotonic()
        policy = self._robots.policy_for(
            url, lambda robots_url: self._fetch(robots_url, robots_request), request.source
        )
        deadline.extend(time.monotonic() - started)  # like a politeness wait: not the page's own time
        refusal = policy.refusal(url)
        if refusal is not None:
            return _Outcome(
                final_url=url, error_class=refusal[0], error_message=refusal[1], refused_by_robots=True
            ), 0.0
        return None, max(request.min_delay_s, policy.crawl_delay_s or 0.0)

    def _attempt(self, url: str, request: _Request, deadline: _Deadline) -> _Outcome:
        current = urldefrag(url)[0]
        visited = {current}
        extra_headers = _conditional_headers(request.validators)
        for _hop in range(self.max_redirects + 1):
            check = check_url(current, allow_private=request.allow_private, resolver=self._resolver)
            if not check.allowed:
                return _Outcome(final_url=current, error_class=check.error_class, error_message=check.reason)
            refused, delay = self._robots_delay(current, request, deadline)
            if refused is not None:
                return refused
            self._backend.pin(check)
            with self._scheduler.turn(check.host or "", delay) as waited:
                deadline.extend(waited)
                if deadline.remaining() <= 0:
                    return _Outcome(
                        final_url=current, error_class="timeout", error_message="total deadline passed"
                    )
                outcome, location = self._exchange(current, extra_headers, deadline, request.limits)
            if location is None:
                return outcome
            target = urldefrag(urljoin(current, location))[0]
            if target in visited:
                return _Outcome(
                    final_url=target,
                    status=outcome.status,
                    headers=outcome.headers,
                    error_class="redirect_loop",
                    error_message=f"redirect back to {target}",
                )
            visited.add(target)
            current = target
            extra_headers = {}  # validators belong to the requested URL only
        return _Outcome(
            final_url=current,
            error_class="too_many_redirects",
            error_message=f"more than {self.max_redirects} redirects",
        )

    def _exchange(
        self, url: str, extra_headers: dict[str, str], deadline: _Deadline, limits: FetchLimits
    ) -> tuple[_Outcome, str | None]:
        """One request/response; returns the outcome and, for a redirect, its Location."""
        remaining = max(0.001, deadline.remaining())
        timeout = httpx.Timeout(
            connect=min(limits.connect_timeout_s, remaining),
            read=min(limits.read_timeout_s, remaining),
            write=min(limits.read_timeout_s, remaining),
            pool=min(limits.connect_timeout_s, remaining),
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
            self._read_body(response, outcome, deadline, limits.max_bytes)
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

    def _read_body(
        self, response: httpx.Response, outcome: _Outcome, deadline: _Deadline, max_bytes: int
    ) -> None:
        """Stream the body into `outcome`, stopping at the size limit (raw or decoded) or deadline."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes and not response.headers.get("content-encoding"):
            outcome.error_class, outcome.truncated = "too_large", True
            outcome.error_message = f"Content-Length {declared} passes the limit of {max_bytes} bytes"
            return
        body = bytearray()
        raw_total = 0
        try:
            decoder = _BodyDecoder(response.headers.get("content-encoding"), max_bytes)
            for chunk in response.iter_raw():  # no chunk_size: httpx would buffer up to it
                raw_total += len(chunk)
                if raw_total > max_bytes:
                    raise _TooLarge(f"body passed {max_bytes} bytes", b"" if decoder.stages else chunk)
                body += decoder.feed(chunk)
                if len(body) > max_bytes:
                    raise _TooLarge(f"decoded body passed {max_bytes} bytes")
                if deadline.remaining() <= 0:
                    raise _DeadlinePassed("total deadline passed while reading the body")
            body += decoder.finish()
        except _TooLarge as exc:
            outcome.error_class, outcome.error_message, outcome.truncated = "too_large", str(exc), True
            body += exc.partial
            del body[max_bytes:]
        except _UndecodableBody as exc:
            outcome.error_class, outcome.error_message = "decode_error", str(exc)
        except _DeadlinePassed as exc:
            outcome.error_class, outcome.error_message, outcome.truncated = "timeout", str(exc), True
        except httpx.TimeoutException as exc:
            outcome.error_class, outcome.error_message, outcome.truncated = (
                "timeout",
                str(exc) or "read timed out",
                True,
            )
        except httpx.HTTPError as exc:  # connection reset / closed mid-body
            outcome.error_class, outcome.error_message, outcome.truncated = "read_error", str(exc), True
        outcome.body = bytes(body)
