"""HttpClient.prefetch: a response fetched ahead is handed to the `fetch` that asks for it, never asked twice."""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from extract import http as http_module
from extract.http import HttpClient


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        with self.server.lock:
            self.server.hits[self.path] += 1
        time.sleep(0.01)
        body = b"" if self.path == "/robots.txt" else f"<p>page {self.path}</p>".encode()
        self.send_response(404 if self.path == "/robots.txt" else 200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.hits = Counter()
    server.lock = threading.Lock()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_prefetched_page_is_handed_over_not_asked_again(site):
    server, base = site
    with HttpClient() as client:
        [future] = client.prefetch([f"{base}/a"], allow_private=True, source="s")
        assert future.result(timeout=10).body == b"<p>page /a</p>"
        result = client.fetch(f"{base}/a", allow_private=True, source="s")
    assert result.ok and result.body == b"<p>page /a</p>"
    assert server.hits["/a"] == 1


def test_fetch_many_takes_what_was_prefetched_and_fetches_the_rest_once(site):
    server, base = site
    urls = [f"{base}/p{n}" for n in range(12)]
    with HttpClient() as client:
        client.prefetch(urls[:8], allow_private=True, source="s")
        results = client.fetch_many(urls, allow_private=True, source="s")
    assert [r.body for r in results] == [f"<p>page /p{n}</p>".encode() for n in range(12)]
    assert all(server.hits[f"/p{n}"] == 1 for n in range(12)), server.hits


def test_prefetching_stops_at_its_byte_budget_and_the_run_fetches_the_rest(site):
    server, base = site
    urls = [f"{base}/b{n}" for n in range(6)]
    with HttpClient() as client:
        client._prefetched.max_bytes = 1  # one body fills it
        futures = client.prefetch(urls, allow_private=True, source="s")
        futures[0].result(timeout=10)
        time.sleep(0.3)
        assert sum(server.hits[f"/b{n}"] for n in range(6)) == 1  # waiting for the run to take it
        results = client.fetch_many(urls, allow_private=True, source="s")
    assert [r.ok for r in results] == [True] * 6
    assert all(server.hits[f"/b{n}"] == 1 for n in range(6)), server.hits


def test_a_fetch_with_other_arguments_is_its_own_request(site):
    server, base = site
    with HttpClient() as client:
        client.prefetch([f"{base}/v"], allow_private=True, source="s")[0].result(timeout=10)
        client.fetch(f"{base}/v", allow_private=True, source="s", validators={"etag": '"x"'})
    assert server.hits["/v"] == 2


def test_fetch_iter_takes_what_was_prefetched_and_fetches_the_rest_once_in_order(site):
    server, base = site
    urls = [f"{base}/i{n}" for n in range(12)]
    with HttpClient() as client:
        client.prefetch(urls[:5], allow_private=True, source="s")
        results = list(client.fetch_iter(urls, allow_private=True, source="s", ahead=3))
    assert [r.body for r in results] == [f"<p>page /i{n}</p>".encode() for n in range(12)]
    assert all(server.hits[f"/i{n}"] == 1 for n in range(12)), server.hits


def test_fetch_iter_asks_only_a_few_pages_ahead_of_its_reader(site):
    server, base = site
    urls = [f"{base}/w{n}" for n in range(20)]
    with HttpClient() as client:
        stream = client.fetch_iter(urls, allow_private=True, source="s", ahead=2)
        first = next(stream)
        time.sleep(0.5)  # time enough to fetch all 20 if nothing held it back
        asked = sum(server.hits[f"/w{n}"] for n in range(20))
        assert first.body == b"<p>page /w0</p>"
        assert asked <= 3, server.hits  # the page handed out and the two after it
        stream.close()  # a reader that stops early stops the fetching
        time.sleep(0.2)
        assert sum(server.hits[f"/w{n}"] for n in range(20)) <= 3


def test_the_prefetch_thread_lets_go_of_what_the_run_took(site):
    """A body taken by the run is freed once the run is done with it, while the prefetch goes on (the
    thread held every response until its last URL: the whole run's bodies, ~115 MiB at 320 pages)."""
    import gc
    import weakref

    server, base = site
    urls = [f"{base}/r{n}" for n in range(3)]
    with HttpClient() as client:
        client._prefetched.max_bytes = 1  # after the first body the thread waits for the run
        futures = client.prefetch(urls, allow_private=True, source="s")
        futures[0].result(timeout=10)
        del futures  # the caller lets go of its futures
        taken = weakref.ref(client.fetch(urls[0], allow_private=True, source="s"))
        time.sleep(0.2)  # the thread is now fetching /r1, then waits on its budget
        gc.collect()
        assert taken() is None


def test_a_lower_prefetch_limit_holds_the_thread_until_the_run_takes_enough(site):
    server, base = site
    urls = [f"{base}/l{n}" for n in range(4)]
    with HttpClient() as client:
        futures = client.prefetch(urls[:2], allow_private=True, source="s")
        futures[1].result(timeout=10)
        client.limit_prefetch(1)  # two bodies held: more than the new limit
        client.prefetch(urls[2:], allow_private=True, source="s")
        time.sleep(0.3)
        assert server.hits["/l2"] == 0  # waiting for the run to take what is held
        results = [client.fetch(url, allow_private=True, source="s") for url in urls]
    assert [r.ok for r in results] == [True] * 4
    assert all(server.hits[f"/l{n}"] == 1 for n in range(4)), server.hits


def test_fetch_iter_waits_for_a_fetch_not_yet_started(site, monkeypatch):
    """The consumer reaches a page before a worker has picked up its fetch (one worker, busy with the page
    before): the worker must still find the page's slot (it once found None, raised in its thread, and the
    stream hung)."""
    _, base = site
    urls = [f"{base}/slow{n}" for n in range(8)]
    got: list[bytes] = []
    next_job = http_module._HostDispatch.next_job

    def slow_to_start(self):  # a worker that takes its next job only after the consumer got there
        job = next_job(self)
        time.sleep(0.05)
        return job

    monkeypatch.setattr(http_module._HostDispatch, "next_job", slow_to_start)

    def consume() -> None:
        with HttpClient() as client:
            for result in client.fetch_iter(urls, allow_private=True, max_workers=1, ahead=3, source="s"):
                got.append(result.body)

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "fetch_iter hung"
    assert got == [f"<p>page /slow{n}</p>".encode() for n in range(8)]
