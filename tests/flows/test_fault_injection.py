"""The nightly flow against a server that fails in every way the web does (127.0.0.1 only).

Two runs into one output folder. The first meets every fault; the second (the server now healed
where a fault is transient) must retry exactly the retryable failures, and the unchanged feed must
cost one 304. Throughout: the run completes, good pages become articles, each bad one is in fetch_log
with its class, no forbidden address is ever connected to, and memory stays bounded.
"""

from __future__ import annotations

import contextlib
import email.utils
import ipaddress
import socket
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest

from extract.archive import archive_files, iter_archive

pytestmark = pytest.mark.slow

MAX_BYTES = 1024 * 1024
ETAG = '"feed-v1"'


def english_page(slug: str, title: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Border Desk</title>
<meta property="article:published_time" content="2026-11-20T08:00:00+00:00">
<link rel="canonical" href="__BASE__/news/{slug}.html"></head>
<body><nav><a href="/">Home</a> <a href="/trade">Trade</a></nav>
<article><h1>{title}</h1>{body}</article><footer>Border Desk, all rights reserved</footer></body></html>""".encode()


PAGES = {
    "good-1": english_page(
        "good-1",
        "Rail freight through Dostyk rises",
        [
            "Container trains crossing the Dostyk border station carried more cargo in October than in any "
            "month this year, the railway operator said on Thursday, citing faster transshipment at the yard.",
            "The operator said new gantry cranes had cut the time needed to move containers between the two "
            "track gauges, and that westbound trains now wait less than a day on average.",
            "Most of the cargo was machinery and household goods bound for Europe, while grain and copper "
            "made up the bulk of the eastbound loads, according to the operator's monthly bulletin.",
        ],
    ),
    "good-2": english_page(
        "good-2",
        "Trade fair opens in Urumqi",
        [
            "Exhibitors from fourteen countries opened their stands at the autumn trade fair in Urumqi on "
            "Monday, with farm machinery and building materials taking up the largest halls.",
            "Organisers said more than two thousand buyers had registered in advance, most of them from "
            "Kazakhstan, Uzbekistan and Kyrgyzstan, and that several provincial delegations were expected.",
            "The fair runs for five days and includes a forum on cross-border payments, where bankers will "
            "discuss settling more trade in local currencies.",
        ],
    ),
    "busy": english_page(
        "busy",
        "Customs extends opening hours at Khorgos",
        [
            "The customs post at Khorgos will stay open until midnight from next week, the regional customs "
            "office announced, after queues of lorries stretched for several kilometres in recent days.",
            "Officials said the longer hours would be kept through the winter season, when fruit and "
            "vegetable shipments usually peak ahead of the new year holidays.",
            "Drivers' associations welcomed the decision but asked for more inspection lanes as well.",
        ],
    ),
    "flaky-503": english_page(
        "flaky-503",
        "Almaty logistics park adds cold storage",
        [
            "A logistics park on the outskirts of Almaty has opened a cold storage hall for imported fruit, "
            "its owner said, adding room for about four hundred pallets of perishable goods.",
            "The company said the hall would mainly serve importers bringing citrus and apples from China "
            "by road, who until now had to move goods straight to retailers after clearance.",
            "A second hall is planned for next year if demand holds up through the winter months.",
        ],
    ),
}
GBK_TEXT = (
    "新疆维吾尔自治区商务厅表示，今年以来经霍尔果斯口岸进出的中欧班列数量明显增加，口岸通关效率持续提高。",
    "据介绍，口岸新建的查验场地已经投入使用，货车平均等待时间缩短了一半左右。",
    "当地企业认为，物流条件的改善有助于扩大农产品和机电产品的双向贸易。",
)
GBK_PAGE = (
    "<html><head><title>霍尔果斯口岸通关效率提高</title>"
    '<meta name="pubdate" content="2026-11-21 10:00:00"></head><body><article>'
    "<h1>霍尔果斯口岸通关效率提高</h1>"
    + "".join(f"<p>{t}</p>" for t in GBK_TEXT)
    + "</article></body></html>"
).encode("gbk")

GOOD = ("good-1", "good-2", "busy", "gbk")
EXPECTED_FAILURES = {  # path -> (status, error_class) in the first run
    "/news/always-500.html": (500, "http_status"),
    "/news/flaky-503.html": (503, "http_status"),
    "/news/hang.html": (None, "timeout"),
    "/news/reset.html": (200, "read_error"),
    "/news/truncated.html": (200, "read_error"),
    "/news/loop.html": (302, "redirect_loop"),
    "/news/to-metadata.html": (None, "blocked_address"),
    "/news/to-file.html": (None, "bad_scheme"),
    "/news/huge.html": (200, "too_large"),
    "/news/bomb.html": (200, "too_large"),
    "/private/memo.html": (None, "robots_disallowed"),
    "/news/missing.html": (404, "http_status"),
}
RETRYABLE = {
    "/news/always-500.html",
    "/news/flaky-503.html",
    "/news/hang.html",
    "/news/reset.html",
    "/news/truncated.html",
}

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
MALFORMED_FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Border De'  # cut off
LAUGHS_FEED = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://127.0.0.1/news/x.html</link></item></channel></rss>"""


def _bomb() -> bytes:
    """64 MB of zeros gzip-compressed (~64 KB on the wire), built in pieces."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1024 * 1024)
    return b"".join(compressor.compress(chunk) for _ in range(64)) + compressor.flush()


BOMB = _bomb()


def feed(base: str) -> bytes:
    paths = [f"/news/{slug}.html" for slug in GOOD] + sorted(EXPECTED_FAILURES)
    items = "".join(
        f"<item><title>Item {n}</title><link>{base}{path}</link><pubDate>"
        f"{email.utils.format_datetime(datetime(2026, 11, 19 + n % 5, 8, tzinfo=UTC), usegmt=True)}"
        "</pubDate></item>"
        for n, path in enumerate(paths)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Border Desk</title>'
        f"<link>{base}/</link><description>Trade news</description>{items}</channel></rss>"
    ).encode()


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _partial(self, declared: int, sent: bytes, reset: bool) -> None:
        """Declare `declared` bytes, send fewer, then close (FIN) or reset (RST) the connection."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(declared))
        self.end_headers()
        self.wfile.write(sent)
        self.wfile.flush()
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        self.close_connection = True

    def do_GET(self):  # noqa: C901 - a route table reads best as one function
        server = self.server
        path = self.path.split("?")[0]
        with server.lock:
            server.hits[path] += 1
            hits = server.hits[path]
        html = {"Content-Type": "text/html; charset=utf-8"}
        slug = path.removeprefix("/news/").removesuffix(".html")
        if path == "/robots.txt":
            self._send(200, ROBOTS, {"Content-Type": "text/plain"})
        elif path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG:
                self._send(304, headers={"ETag": ETAG})
            else:
                self._send(200, feed(server.base), {"Content-Type": "application/rss+xml", "ETag": ETAG})
        elif path == "/malformed.xml":
            self._send(200, MALFORMED_FEED, {"Content-Type": "application/rss+xml"})
        elif path == "/laughs.xml":
            self._send(200, LAUGHS_FEED, {"Content-Type": "application/rss+xml"})
        elif slug in ("good-1", "good-2"):
            self._send(200, PAGES[slug].replace(b"__BASE__", server.base.encode()), html)
        elif slug == "gbk":
            self._send(200, GBK_PAGE, {"Content-Type": "text/html"})  # no charset: must be detected
        elif slug == "busy":
            if hits == 1:
                self._send(429, b"slow down", {"Retry-After": "1"})
            else:
                self._send(200, PAGES["busy"].replace(b"__BASE__", server.base.encode()), html)
        elif slug == "always-500":
            self._send(500, b"internal error")
        elif slug == "flaky-503":
            if server.phase == 1:
                self._send(503, b"maintenance", {"Retry-After": "0"})
            else:
                self._send(200, PAGES["flaky-503"].replace(b"__BASE__", server.base.encode()), html)
        elif slug == "hang":
            time.sleep(2.0)  # far past the source's 0.5 s timeout
            with contextlib.suppress(OSError):
                self._send(200, b"<p>too late</p>", html)
        elif slug == "reset":
            self._partial(50_000, b"<html><body><p>" + b"a" * 2000, reset=True)
        elif slug == "truncated":
            self._partial(50_000, b"<html><body><p>" + b"b" * 2000, reset=False)
        elif slug == "loop":
            self._send(302, headers={"Location": "/news/loop-back.html"})
        elif slug == "loop-back":
            self._send(302, headers={"Location": "/news/loop.html"})
        elif slug == "to-metadata":
            self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif slug == "to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif slug == "huge":  # ten times the limit, streamed with no Content-Length
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(10 * MAX_BYTES // 65536):
                    self.wfile.write(b"<p>" + b"z" * 65529 + b"</p>")
            except OSError:
                pass
            self.close_connection = True
        elif slug == "bomb":
            self._send(200, BOMB, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        elif path.startswith("/private/"):
            self._send(200, b"<p>robots.txt says no</p>", html)
        else:
            self._send(404, b"not found", {"Content-Type": "text/plain"})


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # resets and hangs are on purpose
        pass


@pytest.fixture
def fault_server():
    server = FaultServer(("127.0.0.1", 0), FaultHandler)
    server.lock = threading.Lock()
    server.hits = Counter()
    server.phase = 1
    server.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def connect_targets(monkeypatch):
    """Every address anything in this process asks socket.create_connection for (httpcore does)."""
    targets: list[str] = []
    real = socket.create_connection

    def recording(address, *args, **kwargs):
        targets.append(str(address[0]))
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recording)
    return targets


def fetch_log(out, since: datetime | None = None) -> list[tuple]:
    where = "" if since is None else f"WHERE fetched_at >= TIMESTAMPTZ '{since.isoformat()}'"
    return duckdb.sql(
        f"SELECT kind, url, status, error_class, attempts FROM "
        f"read_parquet('{out}/fetch_log/**/*.parquet') {where} ORDER BY fetched_at"
    ).fetchall()


def test_faults_are_recorded_nothing_unsafe_is_fetched_and_the_next_run_retries(
    tmp_path, prefect_harness, fault_server, connect_targets
):
    from flows.nightly import nightly

    base = fault_server.base
    out = tmp_path / "out"
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""
[[sources]]
name = "borderdesk"
feeds = ["{base}/feed.xml", "{base}/malformed.xml", "{base}/laughs.xml"]
min_delay_s = 0
allow_private_addresses = true
timeout_s = 0.5
deadline_s = 10
max_bytes = {MAX_BYTES}
""")

    # -- first run: every fault at once ---------------------------------------------------------
    started = time.monotonic()
    tracemalloc.start()
    try:
        first = nightly(str(sources), str(out))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    first_duration = time.monotonic() - started

    articles = duckdb.sql(
        f"SELECT url, body, encoding FROM read_parquet('{out}/articles/**/*.parquet')"
    ).fetchall()
    by_path = {url.removeprefix(base): (body, encoding) for url, body, encoding in articles}
    assert set(by_path) == {f"/news/{slug}.html" for slug in GOOD}
    gbk_body, gbk_encoding = by_path["/news/gbk.html"]
    assert all(sentence in gbk_body for sentence in GBK_TEXT), gbk_body
    assert gbk_encoding in ("gb18030", "gbk", "gb2312")

    log = fetch_log(out)
    pages = {
        url.removeprefix(base): (status, error, attempts)
        for kind, url, status, error, attempts in log
        if kind == "page"
    }
    for path, (status, error_class) in EXPECTED_FAILURES.items():
        assert pages[path][:2] == (status, error_class), (path, pages[path])
    assert pages["/news/always-500.html"][2] == 3  # retried with backoff within the run
    assert pages["/news/busy.html"] == (200, None, 2)  # 429, waited Retry-After, then served
    feeds = {url.removeprefix(base): (status, error) for kind, url, status, error, _ in log if kind == "feed"}
    assert feeds == {
        "/feed.xml": (200, None),
        "/malformed.xml": (200, "feed_parse_error"),
        "/laughs.xml": (200, "feed_parse_error"),
    }
    assert [(kind, url.removeprefix(base), status) for kind, url, status, *_ in log if kind == "robots"] == [
        ("robots", "/robots.txt", 200)
    ]
    assert fault_server.hits["/robots.txt"] == 1 and fault_server.hits["/private/memo.html"] == 0
    assert first["failures"]["page:robots_disallowed"] == 1

    # Nothing but loopback was ever connected to: the metadata redirect was refused before any connect.
    assert connect_targets, "the connect recorder saw nothing: the assertion below would be empty"
    addresses = {ipaddress.ip_address(target) for target in connect_targets}
    assert all(a.is_loopback for a in addresses), addresses
    assert not any(a.is_link_local for a in addresses)

    # A 64 MiB gzip bomb and a body 10x the limit, yet the whole flow (Prefect included, ~35 MiB
    # measured) stayed below the bomb's size: neither was ever held whole.
    assert peak < 56 * 1024 * 1024, f"tracemalloc peak {peak / 2**20:.1f} MiB"

    # The raw archive holds what came back, readable by a stock WARC tool.
    archived = {a.result.url.removeprefix(base): a for a in iter_archive(out, kinds=None)}
    assert archived["/news/gbk.html"].result.body == GBK_PAGE
    assert archived["/news/gbk.html"].kind == "page" and archived["/news/gbk.html"].source == "borderdesk"
    assert archived["/feed.xml"].kind == "feed" and archived["/robots.txt"].kind == "robots"
    assert archived["/news/always-500.html"].result.status == 500
    assert (
        archived["/news/huge.html"].result.truncated
        and len(archived["/news/huge.html"].result.body) == MAX_BYTES
    )
    assert "/news/hang.html" not in archived and "/private/memo.html" not in archived
    (warc,) = archive_files(out)
    index = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "index", str(warc)], capture_output=True, text=True, check=True
    )
    assert index.stdout.count('"warc-type": "response"') == len(archived)

    # -- second run: transient faults healed, the feed unchanged --------------------------------
    fault_server.phase = 2
    feed_hits, robots_hits = fault_server.hits["/feed.xml"], fault_server.hits["/robots.txt"]
    second_started = datetime.now(UTC)
    second = nightly(str(sources), str(out))
    assert second["articles"] == 1

    assert (
        fault_server.hits["/feed.xml"] == feed_hits + 1
        and fault_server.hits["/robots.txt"] == robots_hits + 1
    )
    log2 = fetch_log(out, since=second_started)
    assert [
        (url.removeprefix(base), status)
        for kind, url, status, *_ in log2
        if kind == "feed" and url.endswith("/feed.xml")
    ] == [("/feed.xml", 304)]
    retried = {url.removeprefix(base): error for kind, url, _status, error, _ in log2 if kind == "page"}
    assert set(retried) == RETRYABLE
    assert retried["/news/flaky-503.html"] is None  # healed: now an article
    assert retried["/news/always-500.html"] == "http_status"
    urls = {
        u for (u,) in duckdb.sql(f"SELECT url FROM read_parquet('{out}/articles/**/*.parquet')").fetchall()
    }
    assert f"{base}/news/flaky-503.html" in urls
    assert first_duration < 30
