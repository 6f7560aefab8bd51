"""robots.txt: RFC 9309 readings of every answer, and the client obeying them over real local servers."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from extract.http import HttpClient
from extract.model import FetchResult
from extract.robots import PARSED, UNAVAILABLE, UNREACHABLE, RobotsCache, RobotsPolicy, origin_of

ORIGIN = "http://news.example"


def robots_result(
    status: int | None, body: bytes = b"", error_class: str | None = None, truncated: bool = False
) -> FetchResult:
    if error_class is None and status is not None and not 200 <= status < 300:
        error_class = "http_status"
    return FetchResult(
        url=f"{ORIGIN}/robots.txt",
        final_url=f"{ORIGIN}/robots.txt",
        status=status,
        headers={},
        body=body,
        fetched_at=datetime.now(UTC),
        elapsed_s=0.01,
        error_class=error_class,
        error_message=None if error_class is None else "boom",
        truncated=truncated,
    )


def test_rules_for_tradewire_apply_and_crawl_delay_is_read():
    body = (
        b"\xef\xbb\xbfUser-agent: *\nDisallow: /\n\n"
        b"User-agent: tradewire\nDisallow: /private/\nAllow: /private/press/\nCrawl-delay: 2.5\n"
    )
    policy = RobotsPolicy.from_fetch(ORIGIN, robots_result(200, body))
    assert policy.basis == PARSED and policy.crawl_delay_s == 2.5
    assert policy.allows(f"{ORIGIN}/news/1.html")
    assert policy.refusal(f"{ORIGIN}/private/memo.html")[0] == "robots_disallowed"
    assert policy.allows(f"{ORIGIN}/private/press/release.html")


def test_crawl_delay_is_capped_and_request_rate_counts():
    capped = RobotsPolicy.from_fetch(ORIGIN, robots_result(200, b"User-agent: *\nCrawl-delay: 86400\n"))
    assert capped.crawl_delay_s == 60.0
    rate = RobotsPolicy.from_fetch(ORIGIN, robots_result(200, b"User-agent: *\nRequest-rate: 1/5\n"))
    assert rate.crawl_delay_s == 5.0


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_4xx_means_no_rules(status):
    policy = RobotsPolicy.from_fetch(ORIGIN, robots_result(status))
    assert policy.basis == UNAVAILABLE and policy.allows(f"{ORIGIN}/anything")


@pytest.mark.parametrize(
    ("status", "error_class", "page_class"),
    [
        (429, None, "robots_unreachable"),
        (500, None, "robots_unreachable"),
        (503, None, "robots_unreachable"),
        (None, "timeout", "timeout"),
        (None, "connect_error", "connect_error"),
        (None, "read_error", "read_error"),
    ],
)
def test_unreachable_means_disallow_all(status, error_class, page_class):
    policy = RobotsPolicy.from_fetch(ORIGIN, robots_result(status, error_class=error_class))
    assert policy.basis == UNREACHABLE
    error, message = policy.refusal(f"{ORIGIN}/news/1.html")
    assert error == page_class and "not requested" in message


def test_redirect_trouble_means_no_rules():
    for error in ("too_many_redirects", "redirect_loop", "blocked_address", "bad_scheme"):
        assert RobotsPolicy.from_fetch(ORIGIN, robots_result(None, error_class=error)).basis == UNAVAILABLE


def test_body_cut_at_the_size_limit_is_parsed_as_far_as_read():
    policy = RobotsPolicy.from_fetch(
        ORIGIN, robots_result(200, b"User-agent: *\nDisallow: /a/\nDisallow: /b", "too_large", truncated=True)
    )
    assert not policy.allows(f"{ORIGIN}/a/x") and policy.allows(f"{ORIGIN}/c/x")


def test_origin_includes_scheme_and_port():
    assert origin_of("HTTPS://News.Example:8443/a/b?c") == "https://news.example:8443"
    assert origin_of("http://user:pw@news.example/x") == "http://news.example"


def test_cache_fetches_once_however_many_threads_ask():
    calls = Counter()
    entered = threading.Event()

    def slow_fetch(url: str) -> FetchResult:
        calls[url] += 1
        entered.set()
        time.sleep(0.2)
        return robots_result(200, b"User-agent: *\nDisallow: /x/\n")

    cache = RobotsCache()
    verdicts: list[bool] = []

    def ask(n: int) -> None:
        verdicts.append(cache.policy_for(f"{ORIGIN}/x/{n}", slow_fetch, source="s").allows(f"{ORIGIN}/x/{n}"))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == {f"{ORIGIN}/robots.txt": 1}
    assert verdicts == [False] * 16
    assert [f.source for f in cache.drain_log()] == ["s"]
    assert cache.drain_log() == []


def test_a_fetch_that_raises_still_releases_the_waiters():
    cache = RobotsCache()

    def broken(url: str) -> FetchResult:
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        cache.policy_for(f"{ORIGIN}/a", broken)
    assert cache.policy_for(f"{ORIGIN}/b", broken).basis == UNREACHABLE  # cached verdict, no new call


# -- the client over real local servers ---------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        path = self.path.split("?")[0]
        with server.lock:
            server.hits[path] += 1
            server.times[path].append(time.monotonic())
        if path == "/robots.txt":
            if server.robots_delay:
                time.sleep(server.robots_delay)
            status, body = server.robots
        elif path.startswith("/hop/"):  # a redirect to the other server
            self.send_response(302)
            self.send_header("Location", server.other_base + path.removeprefix("/hop"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            status, body = 200, b"<p>page</p>"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _start(host: str, robots: tuple[int, bytes]):
    from collections import defaultdict

    server = ThreadingHTTPServer((host, 0), _Handler)
    server.daemon_threads = True
    server.lock = threading.Lock()
    server.hits = Counter()
    server.times = defaultdict(list)
    server.robots = robots
    server.robots_delay = 0.0
    server.other_base = ""
    server.base = f"http://{host}:{server.server_port}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server


@pytest.fixture
def servers():
    started = []

    def start(robots: tuple[int, bytes], host: str = "127.0.0.1"):
        server = _start(host, robots)
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture
def client():
    with HttpClient(
        read_timeout_s=1.0, total_timeout_s=5.0, max_attempts=2, backoff_base_s=0.01, backoff_max_s=0.02
    ) as http:
        yield http


def test_disallowed_page_is_never_requested_and_robots_is_fetched_once(servers, client):
    site = servers((200, b"User-agent: *\nDisallow: /private/\n"))
    site.robots_delay = 0.2  # every thread arrives while the first fetch is still running
    urls = [f"{site.base}/news/{n}.html" for n in range(6)] + [
        f"{site.base}/private/{n}.html" for n in range(3)
    ]
    results = client.fetch_many(urls, allow_private=True, max_workers=8, source="desk")
    assert [r.error_class for r in results] == [None] * 6 + ["robots_disallowed"] * 3
    assert all(r.status is None and r.body == b"" for r in results[6:])
    assert site.hits["/robots.txt"] == 1
    assert not any(path.startswith("/private/") for path in site.hits)
    (robots,) = client.drain_robots_log("desk")
    assert robots.status == 200 and robots.url == f"{site.base}/robots.txt"


def test_crawl_delay_spaces_requests_beyond_min_delay(servers, client):
    site = servers((200, b"User-agent: tradewire\nCrawl-delay: 0.3\n"))
    client.fetch_many(
        [f"{site.base}/a", f"{site.base}/b", f"{site.base}/c"], allow_private=True, min_delay_s=0.0
    )
    stamps = sorted(t for path, times in site.times.items() for t in times if path != "/robots.txt")
    assert all(b - a >= 0.28 for a, b in zip(stamps, stamps[1:], strict=False)), stamps


def test_robots_5xx_blocks_the_host_for_the_run(servers, client):
    site = servers((503, b"down"))
    first = client.fetch(f"{site.base}/news/1.html", allow_private=True)
    second = client.fetch(f"{site.base}/news/2.html", allow_private=True)
    assert first.error_class == second.error_class == "robots_unreachable"
    assert "503" in first.error_message and first.attempts == 1
    assert site.hits["/robots.txt"] == 2 and set(site.hits) == {"/robots.txt"}  # max_attempts=2, then cached
    (robots,) = client.drain_robots_log()
    assert (robots.status, robots.error_class) == (503, "http_status")


def test_missing_robots_allows_and_is_logged_without_error(servers, client):
    site = servers((404, b"nope"))
    assert client.fetch(f"{site.base}/news/1.html", allow_private=True, source="a").ok
    assert client.drain_robots_log("b") == []
    (robots,) = client.drain_robots_log("a")
    assert robots.status == 404 and robots.error_class is None


def test_redirect_target_host_is_checked_against_its_own_robots(servers, client):
    origin = servers((404, b""))
    target = servers((200, b"User-agent: *\nDisallow: /secret/\n"))  # another port: another origin
    origin.other_base = target.base
    result = client.fetch(f"{origin.base}/hop/secret/file.html", allow_private=True)
    assert result.error_class == "robots_disallowed"
    assert result.final_url == f"{target.base}/secret/file.html"
    assert target.hits == {"/robots.txt": 1}


def test_robots_redirect_to_metadata_is_refused_without_connecting(servers, monkeypatch):
    site = servers((200, b""))
    targets = []
    real = socket.create_connection
    monkeypatch.setattr(
        socket,
        "create_connection",
        lambda address, *a, **k: targets.append(address[0]) or real(address, *a, **k),
    )

    class MetadataRobots(_Handler):
        def do_GET(self):
            if self.path == "/robots.txt":
                self.send_response(301)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                super().do_GET()

    site.RequestHandlerClass = MetadataRobots
    with HttpClient() as http:
        result = http.fetch(f"{site.base}/news/1.html", allow_private=True)
        (robots,) = http.drain_robots_log()
    assert result.ok  # robots.txt unavailable (refused redirect): no rules
    assert robots.error_class == "blocked_address"
    assert set(targets) == {"127.0.0.1"}
