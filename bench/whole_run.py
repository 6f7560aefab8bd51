"""Whole-run benchmark (issue 16): `tradewire run` as a user times it, against the simplest peer.

    python -m bench.whole_run [BODIES_DIR] [--copies 4] [--latency 0.02] [--repeat 1] [--json OUT]

The devset's 80 real article pages (`../shared/devset/bodies`, gzip HTML) are served from a local
HTTP server on 127.0.0.1, each `--copies` times under distinct URLs (`/c<k>/<original host and
path>`, so dates in the original URL are kept; the page's own URL and rel=canonical are rewritten to
the served URL, so every copy is an article of its own), with a fixed latency per request
(`--latency`, default 20 ms), an RSS feed listing them all and an allow-all robots.txt. Two things
are timed from outside, each as a fresh process:

- **tradewire**: `tradewire run --sources S --out FRESH_DIR` (the real CLI, in a subprocess), with
  politeness off for that host the way a sources file allows it (`min_delay_s = 0`,
  `allow_private_addresses = true`): the HTTP client still sends one request at a time per host and
  reads robots.txt. Prefect runs in its local ephemeral mode, as for a user without
  `PREFECT_API_URL`.
- **peer**: `python -m bench.whole_run --peer FEED_URL`: fetch the feed, then every page over one
  keep-alive `httpx.Client`, one request at a time (the same fetch concurrency as tradewire's, one
  request in flight per host), and `trafilatura.extract(html, url=url)` on each page, sequentially.
  It does far less: no robots.txt, no archive, no statistics, no Parquet.

Warm, as a user would have it after the first run: one cold run first (a new PREFECT_HOME: Prefect
creates and migrates its database; a small feed of `--warmup-pages` pages into a throwaway output
directory) whose start-up is printed for information; then the timed runs use that PREFECT_HOME
with a fresh output directory each. Start-up is process start (just before the fork) to the first
request the server sees. Peak RSS is the highest sum over the process tree (the CLI and the
temporary Prefect server it starts), sampled every 50 ms from /proc; the CLI process's own peak
(`wait4`'s ru_maxrss) is printed beside it. With `--repeat N` each side runs N times, alternating,
and the best time of each counts.

Targets: whole run / peer <= 1.0; start-up <= 3 s; peak RSS of the tree < 600 MiB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BODIES_DIR = ROOT.parent / "shared" / "devset" / "bodies"
TARGET_RATIO = 1.0
TARGET_STARTUP_S = 3.0
TARGET_RSS_MIB = 600.0
_PAGE = os.sysconf("SC_PAGE_SIZE")
_CANONICAL = re.compile(
    rb"""(<link\b[^>]*\brel\s*=\s*["']?canonical["']?[^>]*\bhref\s*=\s*["'])([^"']*)""", re.I
)
_CANONICAL_HREF_FIRST = re.compile(
    rb"""(<link\b[^>]*\bhref\s*=\s*["'])([^"']*)(["'][^>]*\brel\s*=\s*["']?canonical)""", re.I
)


@dataclass(frozen=True)
class Original:
    name: str
    url: str
    html: bytes


def load_originals(bodies_dir: Path) -> list[Original]:
    truth = json.loads((bodies_dir / "ground_truth.json").read_text(encoding="utf-8"))
    return [
        Original(
            name,
            truth[name].get("url") or f"https://example.org/{name}",
            gzip.decompress((bodies_dir / "html" / name).read_bytes()),
        )
        for name in sorted(truth)
    ]


def served_path(original: Original, copy: int) -> str:
    parts = urlsplit(original.url)
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"/c{copy}/{parts.hostname}{path}{query}"


def page_bytes(original: Original, url: str) -> bytes:
    """The page as served at `url`: its own URL, and its rel=canonical, rewritten to `url`."""
    html = original.html.replace(original.url.encode(), url.encode())
    html = _CANONICAL.sub(lambda m: m.group(1) + url.encode(), html)
    return _CANONICAL_HREF_FIRST.sub(lambda m: m.group(1) + url.encode() + m.group(3), html)


def feed_xml(base_url: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(base_url + path)}</link></item>"
        for path, title in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>whole-run bench</title>'
        f"<link>{escape(base_url)}/</link><description>devset pages</description>{entries}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        site: _Site = self.server.site  # type: ignore[attr-defined]
        site.seen(time.monotonic())
        time.sleep(site.latency_s)
        path = self.path
        status = 200
        if path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain; charset=utf-8"
        elif path in site.feeds:
            body, kind = site.feeds[path], "application/rss+xml; charset=utf-8"
        elif path in site.pages:
            body, kind = page_bytes(site.pages[path], site.base_url + path), "text/html"
        else:
            status, body, kind = 404, b"not found", "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@dataclass
class _Site:
    latency_s: float
    base_url: str = ""
    pages: dict[str, Original] = field(default_factory=dict)
    feeds: dict[str, bytes] = field(default_factory=dict)
    requests: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def seen(self, moment: float) -> None:
        with self.lock:
            self.requests.append(moment)

    def since(self, moment: float) -> list[float]:
        with self.lock:
            return [t for t in self.requests if t >= moment]


class Served:
    """The pages, a feed of all of them (/feed.xml) and of the first few (/warmup.xml), on 127.0.0.1."""

    def __init__(self, originals: list[Original], copies: int, latency_s: float, warmup_pages: int) -> None:
        self.site = _Site(latency_s)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.site = self.site  # type: ignore[attr-defined]
        self.site.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        items = []
        for copy in range(copies):
            for original in originals:
                path = served_path(original, copy)
                self.site.pages[path] = original
                items.append((path, original.name))
        self.site.feeds["/feed.xml"] = feed_xml(self.site.base_url, items)
        self.site.feeds["/warmup.xml"] = feed_xml(
            self.site.base_url, [(f"/c{copies}{p[p.index('/', 1) :]}", t) for p, t in items[:warmup_pages]]
        )
        for path, _ in items[:warmup_pages]:  # the warm-up's pages: one more copy, not timed
            self.site.pages[f"/c{copies}{path[path.index('/', 1) :]}"] = self.site.pages[path]
        self.pages = len(items)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Served:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def feed_url(self, name: str = "feed") -> str:
        return f"{self.site.base_url}/{name}.xml"


def write_sources(path: Path, feed_url: str) -> Path:
    path.write_text(
        "\n".join(
            [
                "[[sources]]",
                'name = "wholerun"',
                f'feeds = ["{feed_url}"]',
                "min_delay_s = 0.0  # politeness off for this host (one request at a time still)",
                "allow_private_addresses = true",
                "max_articles = 1000000",
                "",
            ]
        )
    )
    return path


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    startup_s: float | None  # process start to the first request the server saw
    tree_peak_mib: float  # highest RSS sum over the process and its descendants (sampled)
    own_peak_mib: float  # the process's own peak (ru_maxrss from wait4)
    returncode: int
    stdout: str
    stderr: str


def _tree_rss_mib(root: int) -> float:
    """RSS of `root` and all its descendants, in MiB, from /proc (Linux; no dependency)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * _PAGE
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree) / 2**20


def run_process(command: list[str], env: dict[str, str], site: _Site, log_dir: Path) -> ProcessRun:
    """Run `command`, sampling its process tree's RSS; time it and its first request from outside."""
    out_path, err_path = log_dir / "stdout.txt", log_dir / "stderr.txt"
    log_dir.mkdir(parents=True, exist_ok=True)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.monotonic()
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        peak = 0.0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _tree_rss_mib(child.pid))
                stop.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        stop.set()
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)
    requests = site.since(started)
    return ProcessRun(
        seconds=seconds,
        startup_s=(min(requests) - started) if requests else None,
        tree_peak_mib=peak,
        own_peak_mib=usage.ru_maxrss / 1024,
        returncode=child.returncode,
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
    )


def _tradewire_env(prefect_home: Path) -> dict[str, str]:
    env = {**os.environ, "PREFECT_HOME": str(prefect_home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    for name in ("PREFECT_API_URL", "PREFECT_LOGGING_LEVEL"):  # as a user runs it: ephemeral, INFO logs
        env.pop(name, None)
    return env


def run_tradewire(sources: Path, out: Path, prefect_home: Path, site: _Site, log_dir: Path) -> ProcessRun:
    cli = Path(sys.executable).with_name("tradewire")
    command = [str(cli), "run", "--sources", str(sources), "--out", str(out)]
    return run_process(command, _tradewire_env(prefect_home), site, log_dir)


def run_peer(feed_url: str, site: _Site, log_dir: Path) -> ProcessRun:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }
    return run_process([sys.executable, "-m", "bench.whole_run", "--peer", feed_url], env, site, log_dir)


def peer_main(feed_url: str) -> int:
    """The peer: keep-alive fetch of the feed and of every page it lists, `trafilatura.extract` each."""
    import httpx
    import trafilatura

    with httpx.Client(timeout=30) as client:
        feed = client.get(feed_url).text
        urls = [u.replace("&amp;", "&") for u in re.findall(r"<link>([^<]+)</link>", feed)[1:]]
        extracted = chars = 0
        for url in urls:
            response = client.get(url)
            text = trafilatura.extract(response.content, url=url) or ""
            extracted += bool(text)
            chars += len(text)
    print(f"peer: {len(urls)} pages fetched, {extracted} bodies extracted ({chars} characters)")
    return 0


_SUMMARY = re.compile(r"run \S+ \(nightly\): (\d+) articles, (\d+) statistics, (\d+) rejects")


def _articles(run: ProcessRun) -> str:
    found = _SUMMARY.search(run.stdout)
    return f"{found.group(1)} articles, {found.group(2)} statistics" if found else "no summary"


def _fmt_startup(run: ProcessRun) -> float:
    return run.startup_s if run.startup_s is not None else float("nan")


def benchmark(bodies_dir: Path, copies: int, latency_s: float, repeat: int, warmup_pages: int) -> dict:
    originals = load_originals(bodies_dir)
    work = Path(tempfile.mkdtemp(prefix="tradewire-bench-whole-run-"))
    home = work / "prefect-home"
    try:
        with Served(originals, copies, latency_s, warmup_pages) as served:
            sources = write_sources(work / "sources.toml", served.feed_url())
            warm_sources = write_sources(work / "warmup.toml", served.feed_url("warmup"))
            cold = run_tradewire(warm_sources, work / "out-cold", home, served.site, work / "log-cold")
            if cold.returncode != 0:
                raise SystemExit(f"the cold tradewire run failed ({cold.returncode}):\n{cold.stderr[-3000:]}")
            shutil.rmtree(work / "out-cold", ignore_errors=True)
            tradewire_runs, peer_runs = [], []
            for attempt in range(repeat):
                peer_runs.append(run_peer(served.feed_url(), served.site, work / f"log-peer-{attempt}"))
                run = run_tradewire(
                    sources, work / f"out-{attempt}", home, served.site, work / f"log-{attempt}"
                )
                if run.returncode != 0:
                    raise SystemExit(f"tradewire run failed ({run.returncode}):\n{run.stderr[-3000:]}")
                tradewire_runs.append(run)
                shutil.rmtree(work / f"out-{attempt}", ignore_errors=True)
            pages = served.pages
    finally:
        shutil.rmtree(work, ignore_errors=True)
    best = min(tradewire_runs, key=lambda r: r.seconds)
    peer = min(peer_runs, key=lambda r: r.seconds)
    return {
        "pages": pages,
        "copies": copies,
        "latency_s": latency_s,
        "repeat": repeat,
        "tradewire_s": best.seconds,
        "tradewire_all_s": [r.seconds for r in tradewire_runs],
        "peer_s": peer.seconds,
        "peer_all_s": [r.seconds for r in peer_runs],
        "ratio": best.seconds / peer.seconds,
        "startup_s": _fmt_startup(best),
        "startup_all_s": [r.startup_s for r in tradewire_runs],
        "cold_startup_s": _fmt_startup(cold),
        "cold_run_s": cold.seconds,
        "warmup_pages": warmup_pages,
        "tree_peak_mib": max(r.tree_peak_mib for r in tradewire_runs),
        "own_peak_mib": max(r.own_peak_mib for r in tradewire_runs),
        "peer_tree_peak_mib": max(r.tree_peak_mib for r in peer_runs),
        "tradewire_output": _articles(best),
        "peer_output": peer.stdout.strip(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bodies_dir", nargs="?", type=Path, default=DEFAULT_BODIES_DIR)
    parser.add_argument("--copies", type=int, default=4, help="copies of each of the 80 pages (default 4)")
    parser.add_argument("--latency", type=float, default=0.02, help="server latency per request, s")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side; the best counts")
    parser.add_argument("--warmup-pages", type=int, default=10, help="pages of the cold first run")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--peer", metavar="FEED_URL", help=argparse.SUPPRESS)  # the peer's own process
    args = parser.parse_args(argv)
    if args.peer:
        return peer_main(args.peer)
    if not (args.bodies_dir / "ground_truth.json").is_file():
        print(f"whole run: skipped (no devset at {args.bodies_dir})")
        return 0
    from bench.report import Target, print_targets, save

    figures = benchmark(args.bodies_dir, args.copies, args.latency, args.repeat, args.warmup_pages)
    targets = [
        Target("whole run / peer (start-up included)", figures["ratio"], TARGET_RATIO),
        Target("start-up: process start to first request", figures["startup_s"], TARGET_STARTUP_S, unit="s"),
        Target("peak RSS of the run's process tree", figures["tree_peak_mib"], TARGET_RSS_MIB, unit="MiB"),
    ]
    print(
        f"whole run: {figures['pages']} pages ({figures['copies']} copies of the devset's 80), "
        f"{figures['latency_s'] * 1000:.0f} ms per request, politeness off, warm PREFECT_HOME, "
        f"best of {figures['repeat']}"
    )
    print(
        f"  {'tradewire run (CLI subprocess)':<48s} {figures['tradewire_s']:10.2f} s  ({figures['tradewire_output']})"
    )
    print(
        f"  {'peer: keep-alive fetch + trafilatura.extract':<48s} {figures['peer_s']:10.2f} s  ({figures['peer_output']})"
    )
    print(f"  {'start-up, warm (process start to first request)':<48s} {figures['startup_s']:10.2f} s")
    print(
        f"  {'start-up, cold (new PREFECT_HOME, information)':<48s} {figures['cold_startup_s']:10.2f} s "
        f"(that run, {figures['warmup_pages']} pages: {figures['cold_run_s']:.2f} s)"
    )
    print(
        f"  {'peak RSS: process tree / CLI process alone':<48s} {figures['tree_peak_mib']:10.1f} MiB / "
        f"{figures['own_peak_mib']:.1f} MiB (peer {figures['peer_tree_peak_mib']:.1f} MiB)"
    )
    print_targets(targets)
    save("whole_run", figures, targets, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
