"""Politeness benchmark: is a run's wall time the slowest host's schedule, not the sum of all hosts?

Four "hosts" (127.0.0.1 to 127.0.0.4: Linux routes all of 127/8 to loopback; each gets its own
server bound to that address only) each serve 50 pages with a fixed latency per request. The
HttpClient fetches all 200 pages with `fetch_many` (as `flows.stages.process_batch` does), one
request at a time per host and `min_delay_s` between request starts, robots.txt included (one more
request per host). The ideal schedule per host is

    (requests - 1) * max(latency, min_delay) + latency

and hosts run in parallel, so the ideal run takes the slowest host's time. The run passes when
wall / ideal <= 1.3. The server also checks politeness itself: the least gap between two request
starts to one host and the most requests it ever had in flight at once. `--naive` adds, for
comparison, a plain thread pool over the same URLs (what fetch_many did before it dispatched by host).

    python -m bench.politeness [--json OUT] [--naive]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from extract.http import HttpClient
from extract.model import FetchResult

TARGET_RATIO = 1.3
HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
PAGE = b"<html><body><p>" + b"trade figures " * 200 + b"</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        server: _LatencyServer = self.server  # type: ignore[assignment]
        with server.lock:
            server.starts.append(time.monotonic())
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            time.sleep(server.latency_s)
            body, status = (b"no robots.txt", 404) if self.path == "/robots.txt" else (PAGE, 200)
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with server.lock:
                server.in_flight -= 1


class _LatencyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, latency_s: float) -> None:
        super().__init__((host, 0), _Handler)
        self.latency_s = latency_s
        self.lock = threading.Lock()
        self.starts: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0

    def reset(self) -> None:
        with self.lock:
            self.starts.clear()
            self.in_flight = self.max_in_flight = 0


@contextmanager
def _serving(host: str, latency_s: float):
    server = _LatencyServer(host, latency_s)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class HostFigures:
    host: str
    requests: int
    min_gap_s: float  # least time between two request starts (politeness: >= min_delay_s)
    max_in_flight: int  # most concurrent requests seen by the server (politeness: 1)
    span_s: float  # first request start to last request start + latency


@dataclass(frozen=True)
class Measurement:
    method: str
    wall_s: float
    ideal_s: float
    ratio: float
    target: float
    passed: bool
    failures: int
    hosts: list[HostFigures]


def ideal_seconds(requests: int, latency_s: float, min_delay_s: float) -> float:
    return (requests - 1) * max(latency_s, min_delay_s) + latency_s


def _measure(
    method: str,
    run: Callable[[list[str]], list[FetchResult]],
    servers: list[_LatencyServer],
    pages: int,
    latency_s: float,
    min_delay_s: float,
) -> Measurement:
    # Host after host, as a source's batch lists them: the worst order for a naive pool.
    urls = [
        f"http://{s.server_address[0]}:{s.server_address[1]}/news/{n}.html"
        for s in servers
        for n in range(pages)
    ]
    for server in servers:
        server.reset()
    started = time.monotonic()
    results = run(urls)
    wall = time.monotonic() - started
    hosts = []
    for server in servers:
        starts = sorted(server.starts)
        gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
        hosts.append(
            HostFigures(
                server.server_address[0],
                len(starts),
                round(min(gaps, default=0.0), 4),
                server.max_in_flight,
                round(starts[-1] - starts[0] + latency_s, 3),
            )
        )
    ideal = max(ideal_seconds(h.requests, latency_s, min_delay_s) for h in hosts)
    ratio = wall / ideal
    polite = all(h.max_in_flight == 1 and h.min_gap_s >= min_delay_s - 0.01 for h in hosts)
    return Measurement(
        method,
        round(wall, 3),
        round(ideal, 3),
        round(ratio, 3),
        TARGET_RATIO,
        ratio <= TARGET_RATIO and polite,
        sum(not r.ok for r in results),
        hosts,
    )


def run_benchmark(
    pages: int = 50, latency_s: float = 0.1, min_delay_s: float = 0.2, naive: bool = False
) -> list[Measurement]:
    measurements = []
    with ExitStack() as stack:
        servers = [stack.enter_context(_serving(host, latency_s)) for host in HOSTS]
        with HttpClient(max_per_host=1) as client:
            measurements.append(
                _measure(
                    "fetch_many",
                    lambda urls: client.fetch_many(urls, allow_private=True, min_delay_s=min_delay_s),
                    servers,
                    pages,
                    latency_s,
                    min_delay_s,
                )
            )
        if naive:
            with HttpClient(max_per_host=1) as client, ThreadPoolExecutor(max_workers=8) as pool:
                measurements.append(
                    _measure(
                        "naive thread pool (8 workers)",
                        lambda urls: list(
                            pool.map(
                                lambda u: client.fetch(u, allow_private=True, min_delay_s=min_delay_s), urls
                            )
                        ),
                        servers,
                        pages,
                        latency_s,
                        min_delay_s,
                    )
                )
    return measurements


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=None, help="write the measurements as JSON here")
    parser.add_argument("--pages", type=int, default=50, help="pages per host (default 50)")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency per request, s")
    parser.add_argument("--min-delay", type=float, default=0.2, help="min_delay_s between requests to a host")
    parser.add_argument("--naive", action="store_true", help="also time a plain thread pool, for comparison")
    args = parser.parse_args(argv)
    measurements = run_benchmark(args.pages, args.latency, args.min_delay, args.naive)
    print(
        f"{len(HOSTS)} hosts x {args.pages} pages (+ robots.txt), latency {args.latency * 1000:.0f} ms, "
        f"min_delay_s {args.min_delay}, 1 request at a time per host"
    )
    for m in measurements:
        gaps = min(h.min_gap_s for h in m.hosts)
        in_flight = max(h.max_in_flight for h in m.hosts)
        print(
            f"{m.method:32s} wall {m.wall_s:6.2f} s  ideal {m.ideal_s:6.2f} s  ratio {m.ratio:5.2f} "
            f"(target <= {m.target})  least gap {gaps:.3f} s  max in flight/host {in_flight}  "
            f"failures {m.failures}  {'PASS' if m.passed else 'FAIL'}"
        )
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in measurements], indent=2))
    return 0 if measurements[0].passed else 1


if __name__ == "__main__":
    sys.exit(main())
