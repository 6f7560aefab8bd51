"""HttpClient against a real local server on 127.0.0.1 (port 0): limits, retries, redirects, safety."""

from __future__ import annotations

import email.utils
import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from extract.encoding import decode_bytes
from extract.http import (
    HostScheduler,
    HttpClient,
    _BodyDecoder,
    _parse_retry_after,
    _TooLarge,
    _UndecodableBody,
)

GBK_PAGE = (
    "<html><head><title>贸易简讯</title></head><body><p>海关总署发布的数据显示，今年前十个月，"
    "我国与中亚五国的进出口总额同比增长百分之七点二，其中出口增长较快。</p></body></html>"
)
BOMB = gzip.compress(b"\0" * (32 * 1024 * 1024), compresslevel=9)  # ~32 KB on the wire, 32 MB decoded


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901 - a route table reads best as one function
        server = self.server
        path = self.path.split("?")[0]
        with server.lock:
            server.hits[path] += 1
            server.times[path].append(time.monotonic())
            server.seen_headers[path] = dict(self.headers)
            hits = server.hits[path]
        if path == "/ok":
            self._send(
                200, b"<html><body><p>ok</p></body></html>", {"Content-Type": "text/html; charset=utf-8"}
            )
        elif path == "/missing":
            self._send(404, b"not here")
        elif path == "/flaky":
            self._send(500, b"oops") if hits == 1 else self._send(200, b"recovered")
        elif path == "/always-500":
            self._send(503, b"down")
        elif path == "/busy":
            self._send(429, b"slow down", {"Retry-After": "1"}) if hits == 1 else self._send(200, b"served")
        elif path == "/busy-long":
            self._send(429, b"", {"Retry-After": "3600"}) if hits == 1 else self._send(200, b"served")
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _ in range(100):  # one byte every 50 ms: each read is quick, the whole is slow
                    self.wfile.write(b"d")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
        elif path in ("/r1", "/r2"):
            self._send(302 if path == "/r1" else 301, headers={"Location": "/r2" if path == "/r1" else "/r3"})
        elif path == "/r3":
            self._send(200, b"end of chain")
        elif path == "/loop-a":
            self._send(302, headers={"Location": "/loop-b"})
        elif path == "/loop-b":
            self._send(302, headers={"Location": "/loop-a"})
        elif path.startswith("/chain/"):
            self._send(302, headers={"Location": f"/chain/{int(path.rsplit('/', 1)[1]) + 1}"})
        elif path == "/to-metadata":
            self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif path == "/big":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(400):  # 400 x 64 KB = 25 MB, streamed without Content-Length
                    self.wfile.write(b"x" * 65536)
            except OSError:
                pass  # the client stopped reading: expected
            self.close_connection = True
        elif path == "/bomb":
            self._send(200, BOMB, {"Content-Encoding": "gzip", "Content-Type": "text/html"})
        elif path == "/gzip":
            self._send(200, gzip.compress(b"<p>compressed page</p>"), {"Content-Encoding": "gzip"})
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, b"too late")
        elif path == "/reset":
            self.send_response(200)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b"only a few bytes")
            self.wfile.flush()
            self.close_connection = True
        elif path == "/gbk":
            self._send(200, GBK_PAGE.encode("gbk"), {"Content-Type": "text/html"})
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v7"':
                self._send(304, headers={"ETag": '"v7"'})
            else:
                self._send(200, b"fresh", {"ETag": '"v7"'})
        else:
            self._send(404)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.lock = threading.Lock()
    httpd.hits = defaultdict(int)
    httpd.times = defaultdict(list)
    httpd.seen_headers = {}
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def client():
    with HttpClient(
        connect_timeout_s=1.0,
        read_timeout_s=0.5,
        total_timeout_s=5.0,
        max_bytes=256 * 1024,
        max_redirects=4,
        max_attempts=3,
        backoff_base_s=0.01,
        backoff_max_s=0.05,
        retry_after_cap_s=2.0,
    ) as http:
        yield http


@pytest.fixture
def connects(monkeypatch):
    """Every TCP connect target the client attempts, in order."""
    targets: list[tuple] = []
    real = socket.create_connection

    def recording(address, *args, **kwargs):
        targets.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recording)
    return targets


def test_200_with_user_agent_and_compression(server, client):
    result = client.fetch(server.base + "/ok", allow_private=True)
    assert result.ok and result.status == 200 and result.error_class is None
    assert result.body == b"<html><body><p>ok</p></body></html>"
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    sent = server.seen_headers["/ok"]
    assert sent["User-Agent"].startswith("tradewire/") and "(+http" in sent["User-Agent"]
    assert "gzip" in sent["Accept-Encoding"]
    assert result.attempts == 1 and result.elapsed_s > 0 and result.fetched_at.tzinfo is not None


def test_gzip_body_is_decoded(server, client):
    assert client.fetch(server.base + "/gzip", allow_private=True).body == b"<p>compressed page</p>"


def test_404_is_not_retried(server, client):
    result = client.fetch(server.base + "/missing", allow_private=True)
    assert (result.status, result.error_class, result.attempts) == (404, "http_status", 1)
    assert server.hits["/missing"] == 1


def test_500_then_success_is_retried(server, client):
    result = client.fetch(server.base + "/flaky", allow_private=True)
    assert result.ok and result.body == b"recovered" and result.attempts == 2


def test_persistent_5xx_gives_up_after_max_attempts(server, client):
    result = client.fetch(server.base + "/always-500", allow_private=True)
    assert (result.status, result.error_class, result.attempts) == (503, "http_status", 3)


def test_429_honours_retry_after(server, client):
    started = time.monotonic()
    result = client.fetch(server.base + "/busy", allow_private=True)
    assert result.ok and result.attempts == 2
    gap = server.times["/busy"][1] - server.times["/busy"][0]
    assert gap >= 0.95, "Retry-After: 1 must be waited out"
    assert time.monotonic() - started < 3


def test_redirect_chain_is_followed(server, client):
    result = client.fetch(server.base + "/r1", allow_private=True)
    assert result.ok and result.body == b"end of chain"
    assert result.final_url == server.base + "/r3" and result.url == server.base + "/r1"


def test_redirect_loop_is_detected(server, client):
    result = client.fetch(server.base + "/loop-a", allow_private=True)
    assert result.error_class == "redirect_loop"
    assert server.hits["/loop-a"] == 1


def test_too_many_redirects(server, client):
    result = client.fetch(server.base + "/chain/0", allow_private=True)
    assert result.error_class == "too_many_redirects"
    assert sum(server.hits.values()) - server.hits["/robots.txt"] == 5  # the request and max_redirects=4 hops


def test_redirect_to_cloud_metadata_is_refused_before_connecting(server, client, connects):
    result = client.fetch(server.base + "/to-metadata", allow_private=True)
    assert result.error_class == "blocked_address"
    assert "169.254.169.254" in result.error_message
    assert all(host == "127.0.0.1" for host, _port in connects)
    assert len(connects) == 1


def test_redirect_to_file_scheme_is_refused(server, client):
    assert client.fetch(server.base + "/to-file", allow_private=True).error_class == "bad_scheme"


def test_file_scheme_refused_without_connecting(client, connects):
    result = client.fetch("file:///etc/passwd")
    assert result.error_class == "bad_scheme" and connects == [] and result.body == b""


def test_loopback_refused_unless_allowed(server, client, connects):
    result = client.fetch(server.base + "/ok")
    assert result.error_class == "blocked_address" and result.attempts == 1
    assert connects == [] and server.hits["/ok"] == 0


def test_metadata_address_refused_directly(client, connects):
    result = client.fetch("http://169.254.169.254/latest/meta-data/", allow_private=True)
    assert result.error_class == "blocked_address" and connects == []


def test_body_over_limit_is_truncated_with_bounded_memory(server, client):
    tracemalloc.start()
    try:
        result = client.fetch(server.base + "/big", allow_private=True)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error_class == "too_large" and result.truncated
    assert len(result.body) == client.max_bytes
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes while streaming a 25 MB body"


def test_gzip_bomb_is_stopped_by_the_decoded_size(server, client):
    tracemalloc.start()
    try:
        result = client.fetch(server.base + "/bomb", allow_private=True)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error_class == "too_large" and result.truncated
    assert len(result.body) <= client.max_bytes
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes while decoding a 32 MB bomb"


def test_hang_past_read_timeout_is_a_timeout(server):
    with HttpClient(read_timeout_s=0.2, total_timeout_s=3.0, max_attempts=1) as http:
        started = time.monotonic()
        result = http.fetch(server.base + "/slow", allow_private=True)
    assert result.error_class == "timeout" and result.attempts == 1
    assert time.monotonic() - started < 1.0


def test_connection_closed_mid_body_is_a_read_error(server):
    with HttpClient(max_attempts=1) as http:
        result = http.fetch(server.base + "/reset", allow_private=True)
    assert result.error_class == "read_error" and result.truncated


def test_connection_refused_is_a_connect_error(client):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = client.fetch(f"http://127.0.0.1:{port}/", allow_private=True)
    assert result.error_class == "connect_error"  # robots.txt unreachable: the page is not requested
    (robots,) = client.drain_robots_log()
    assert (
        robots.url.endswith("/robots.txt") and robots.error_class == "connect_error" and robots.attempts == 3
    )


def test_gbk_without_charset_header_decodes_to_chinese(server, client):
    result = client.fetch(server.base + "/gbk", allow_private=True)
    text, encoding = decode_bytes(result.body, result.headers.get("content-type"))
    assert encoding == "gb18030"
    assert "中亚五国" in text and "海关总署" in text


def test_min_delay_between_requests_to_one_host(server, client):
    client.fetch(server.base + "/ok", allow_private=True, min_delay_s=0.3)
    client.fetch(server.base + "/ok", allow_private=True, min_delay_s=0.3)
    first, second = server.times["/ok"]
    assert second - first >= 0.28


def test_min_delay_holds_across_threads_and_order_is_preserved(server, client):
    urls = [server.base + p for p in ("/ok", "/missing", "/ok", "/r3")]
    results = client.fetch_many(urls, allow_private=True, min_delay_s=0.15, max_workers=4)
    assert [r.url for r in results] == urls
    assert [r.status for r in results] == [200, 404, 200, 200]
    stamps = sorted(t for times in server.times.values() for t in times)
    # Arrival times at the server: the first request (robots.txt) also opens the connection, which on
    # a loaded machine delays its arrival by tens of milliseconds, shortening the first gap; requests
    # without the delay would arrive together, so 0.1 s still tells politeness from none.
    assert all(b - a >= 0.1 for a, b in zip(stamps, stamps[1:], strict=False))


def test_conditional_get_returns_304(server, client):
    first = client.fetch(server.base + "/etag", allow_private=True)
    again = client.fetch(
        server.base + "/etag", allow_private=True, validators={"etag": first.headers["etag"]}
    )
    assert first.status == 200 and again.status == 304 and again.error_class is None and not again.ok
    assert server.seen_headers["/etag"]["If-None-Match"] == '"v7"'


def test_connects_to_the_checked_address_and_keeps_the_host_name(server, connects):
    def resolver(host, port, type=0, **_kwargs):
        assert host == "feeds.tradewire.test"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    with HttpClient(resolver=resolver) as http:
        result = http.fetch(f"http://feeds.tradewire.test:{server.server_port}/ok", allow_private=True)
    assert result.ok
    assert connects == [("127.0.0.1", server.server_port)]
    assert server.seen_headers["/ok"]["Host"] == f"feeds.tradewire.test:{server.server_port}"


def test_name_resolving_to_metadata_is_refused(connects):
    def resolver(host, port, type=0, **_kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port)),
        ]

    with HttpClient(resolver=resolver) as http:
        result = http.fetch("http://rebind.tradewire.test/", allow_private=True)
    assert result.error_class == "blocked_address" and connects == []


def test_retry_after_is_capped(server):
    with HttpClient(retry_after_cap_s=0.2) as http:
        result = http.fetch(server.base + "/busy-long", allow_private=True)
    assert result.ok and result.attempts == 2
    gap = server.times["/busy-long"][1] - server.times["/busy-long"][0]
    assert 0.19 <= gap < 1.0


def test_total_deadline_stops_a_slow_drip(server):
    with HttpClient(read_timeout_s=1.0, total_timeout_s=0.4, max_attempts=1) as http:
        started = time.monotonic()
        result = http.fetch(server.base + "/drip", allow_private=True)
    assert result.error_class == "timeout" and result.truncated
    assert 0 < len(result.body) < 100
    assert time.monotonic() - started < 1.0


def test_retry_after_forms():
    assert _parse_retry_after("120") == 120.0
    in_a_minute = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 50 < _parse_retry_after(in_a_minute) <= 60
    assert _parse_retry_after("soon") is None and _parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
        ("gzip", lambda data: gzip.compress(data[:500]) + gzip.compress(data[500:])),  # two gzip members
        (
            "gzip, deflate",
            lambda data: zlib.compress(gzip.compress(data)),
        ),  # applied in order, undone in reverse
        ("identity", lambda data: data),
    ],
)
def test_body_decoder_forms(encoding, encode):
    data = b"<p>trade figures</p>" * 100
    decoder = _BodyDecoder(encoding, limit=10_000)
    wire = encode(data)
    out = b"".join(decoder.feed(wire[i : i + 7]) for i in range(0, len(wire), 7)) + decoder.finish()
    assert out == data


def test_body_decoder_refuses_unknown_encoding_and_corrupt_data():
    with pytest.raises(_UndecodableBody):
        _BodyDecoder("compress", limit=100)
    with pytest.raises(_UndecodableBody):
        _BodyDecoder("gzip", limit=100).feed(b"definitely not gzip")


def test_brotli_bomb_is_bounded_where_brotli_is_installed():
    brotli = pytest.importorskip("brotli")
    decoder = _BodyDecoder("br", limit=100_000)
    with pytest.raises(_TooLarge) as caught:
        decoder.feed(brotli.compress(b"\0" * 8_000_000))
    assert len(caught.value.partial) < 400_000  # brotli grows its buffer past the limit a little; not 8 MB


def _two_names_resolver(host, port, type=0, **_kwargs):
    """a.tradewire.test and b.tradewire.test: two hosts for the scheduler, both the local server."""
    assert host in ("a.tradewire.test", "b.tradewire.test")
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]


def test_fetch_many_runs_hosts_in_parallel_each_at_its_own_pace(server):
    port = server.server_port
    urls = [
        f"http://{name}.tradewire.test:{port}/ok?{n}" for name in "ab" for n in range(4)
    ]  # host after host
    with HttpClient(resolver=_two_names_resolver) as http:
        started = time.monotonic()
        results = http.fetch_many(urls, allow_private=True, min_delay_s=0.3, max_workers=8)
        wall = time.monotonic() - started
    assert all(r.ok for r in results) and [r.url for r in results] == urls
    # Each host: robots.txt + 4 pages = 5 requests 0.3 s apart = 1.2 s; one host after the other would be 2.4 s.
    assert 1.15 < wall < 1.8, wall


def test_a_url_in_backoff_does_not_hold_up_its_host(server):
    urls = [server.base + "/flaky"] + [server.base + f"/ok?{n}" for n in range(3)]
    with HttpClient(backoff_base_s=1.0, backoff_max_s=1.0) as http:
        results = http.fetch_many(urls, allow_private=True, max_workers=2)
    assert all(r.ok for r in results) and results[0].attempts == 2
    flaky_retry = server.times["/flaky"][1]
    assert all(t < flaky_retry for t in server.times["/ok"])  # served while /flaky slept in backoff


def test_scheduler_caps_requests_in_flight_per_host_but_not_across_hosts():
    scheduler = HostScheduler(max_per_host=2)
    lock = threading.Lock()
    inside: Counter = Counter()
    most: Counter = Counter()

    def request(host: str) -> None:
        with scheduler.turn(host, min_delay_s=0.0):
            with lock:
                inside[host] += 1
                most[host] = max(most[host], inside[host])
            time.sleep(0.05)
            with lock:
                inside[host] -= 1

    threads = [threading.Thread(target=request, args=(host,)) for host in ("a", "b") for _ in range(6)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == {"a": 2, "b": 2}
    assert time.monotonic() - started < 0.3  # 6 requests, 2 at a time = 3 rounds of 50 ms; hosts side by side
    assert scheduler.ready_at("a") < float("inf")
