"""A seeded corpus of realistic news pages with known statistics, served on 127.0.0.1 and archived as WARC.

Pages look like the pages the pipeline meets: 50-200 KB, most of it inline scripts (analytics,
a serialised app state), a navigation bar of ~100 links, a sidebar of related stories and a footer;
the story itself is 5-30 paragraphs in `<article>`, with JSON-LD and Open Graph metadata. About two
in three stories carry 1-3 trade statistics written from templates, whose expected values (reporter,
partner, flow, value, currency, period, change) are known, so a benchmark can check that the
pipeline found what it should while it is being timed.

Everything is a function of (seed, page number): page N is the same bytes on every run and machine,
and no page is held in memory longer than it takes to serve or archive it.

- `serve_corpus(spec)`: the pages and one RSS feed per source (`/feeds/<source>.xml`) on 127.0.0.1,
  with ETag / If-None-Match (a second fetch of an unchanged feed answers 304).
- `write_archive(spec, out_dir)`: the same pages and per-day feeds as a tradewire raw archive
  (`OUT/raw/fetch_date=YYYY-MM-DD/*.warc.gz`, written by `extract.archive.RawArchive`), which a
  `reprocess` backfill reads.
- `write_sources(spec, base_url, path)`: a sources file for the served corpus, politeness off.
"""

from __future__ import annotations

import hashlib
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from extract.archive import RawArchive
from extract.model import FetchResult

ARCHIVE_BASE_URL = "http://127.0.0.1:8765"  # the host archived pages claim (a reprocess never fetches)
HTML_TYPE = "text/html; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"

# (name as written, ISO code); the extractor knows all of these.
COUNTRIES = [
    ("China", "CN"), ("Kazakhstan", "KZ"), ("Uzbekistan", "UZ"), ("Kyrgyzstan", "KG"), ("Tajikistan", "TJ"),
    ("Turkmenistan", "TM"), ("Russia", "RU"), ("Türkiye", "TR"),
]  # fmt: skip
QUARTERS = [
    ("first quarter", 1, 3),
    ("second quarter", 4, 6),
    ("third quarter", 7, 9),
    ("fourth quarter", 10, 12),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
AGENCIES = [
    "the customs service said",
    "official data showed",
    "the statistics bureau reported",
    "the ministry of trade said on Tuesday",
    "according to the national statistics committee",
]
SECTIONS = ["Economy", "Business", "Trade", "Energy", "Transport", "Markets", "Region", "World", "Culture",
            "Sport", "Opinion", "Technology", "Agriculture", "Finance", "Logistics", "Society"]  # fmt: skip

# Word banks for prose that mentions no figure (so it adds text, not statistics).
SUBJECTS = ["The new rail terminal", "A delegation of exporters", "The regional administration", "Local farmers",
            "The logistics company", "Officials in the border city", "The chamber of commerce",
            "A group of investors", "The port authority", "Small manufacturers"]  # fmt: skip
VERBS = ["presented plans for", "discussed", "signed an agreement on", "reported progress on", "called for",
         "opened talks about", "announced a review of", "welcomed proposals on"]  # fmt: skip
OBJECTS = ["faster customs clearance", "a second freight corridor", "cold-chain warehouses", "joint ventures in textiles",
           "digital trade platforms", "a wholesale market for fruit", "training for customs brokers",
           "new flights between the two capitals", "a bonded logistics zone", "cross-border e-commerce"]  # fmt: skip
CLAUSES = ["after months of preparation", "at a forum held this week", "despite the cold weather",
           "in a statement published on its website", "as traffic at the crossing keeps growing",
           "with support from the provincial government", "ahead of the spring trade fair"]  # fmt: skip


@dataclass(frozen=True)
class ExpectedStatistic:
    """What a templated sentence states, as the pipeline should report it."""

    reporter: str
    partner: str
    flow: str
    value: float
    currency: str
    period_start: date
    period_end: date
    change_pct: float | None


@dataclass(frozen=True)
class CorpusPage:
    """One generated page: where it lives, when it was published and fetched, and what it states."""

    number: int
    source: str
    path: str
    published_at: datetime
    fetched_at: datetime
    title: str
    html: bytes
    expected: tuple[ExpectedStatistic, ...]


@dataclass(frozen=True)
class CorpusSpec:
    """N pages over `sources`, published `pages_per_day` a day from `first_day`, deterministic per `seed`.

    A fixed daily rate means a bigger corpus covers more months, not fuller ones: the shape of a real
    archive, and what keeps a month partition's work the same size whatever N is.
    """

    pages: int
    seed: int = 20261129
    sources: tuple[str, ...] = ("steppe_wire", "silk_ledger", "caravan_daily", "border_post")
    first_day: date = date(2024, 1, 1)
    pages_per_day: int = 20

    def page(self, number: int, base_url: str = ARCHIVE_BASE_URL) -> CorpusPage:
        return make_page(self, number, base_url)

    def pages_of(self, source: str) -> range:
        index = self.sources.index(source)
        return range(index, self.pages, len(self.sources))

    @property
    def last_day(self) -> date:
        return published_at(self, self.pages - 1).date()


def published_at(spec: CorpusSpec, number: int) -> datetime:
    day = spec.first_day + timedelta(days=number // spec.pages_per_day)
    minute = (number % spec.pages_per_day) * (1440 // spec.pages_per_day)
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minute)


def page_path(spec: CorpusSpec, number: int) -> str:
    moment = published_at(spec, number)
    return f"/{spec.sources[number % len(spec.sources)]}/{moment:%Y/%m/%d}/story-{number:07d}.html"


def number_of(path: str) -> int | None:
    """The page number in a corpus page path, or None."""
    name = path.rsplit("/", 1)[-1]
    if not (name.startswith("story-") and name.endswith(".html")):
        return None
    digits = name.removeprefix("story-").removesuffix(".html")
    return int(digits) if digits.isdigit() else None


def _statistic(rng: random.Random, year: int, published_month: int) -> tuple[str, ExpectedStatistic]:
    """One templated sentence and the statistic it states (a period that ended before publication)."""
    reporter_name, reporter = rng.choice(COUNTRIES)
    partner_name, partner = rng.choice([c for c in COUNTRIES if c[1] != reporter])
    mantissa = rng.randint(110, 989) / 100 if rng.random() < 0.5 else rng.randint(11, 98) / 10
    unit, scale = rng.choice([("billion", 1_000_000_000), ("million", 1_000_000)])
    value = round(mantissa * scale)
    currency_words, currency = rng.choice([("U.S. dollars", "USD"), ("U.S. dollars", "USD"), ("yuan", "CNY")])
    change = round(rng.uniform(0.5, 40.0), 1) if rng.random() < 0.7 else None
    if published_month > 3 and rng.random() < 0.5:
        quarter = rng.choice([q for q in QUARTERS if q[2] < published_month])
        period_text = f"in the {quarter[0]} of {year}"
        start, end = date(year, quarter[1], 1), _month_end(year, quarter[2])
    else:
        month = rng.randint(1, 12)
        the_year = year if month < published_month else year - 1
        period_text = f"in {MONTHS[month - 1]} {the_year}"
        start, end = date(the_year, month, 1), _month_end(the_year, month)
    direction = rng.choice(["up", "down"]) if change is not None else None
    signed_change = None if change is None else (change if direction == "up" else -change)
    flow = rng.choice(["total", "export", "import"])
    subject = {
        "total": f"{reporter_name}'s trade with {partner_name}",
        "export": f"{reporter_name}'s exports to {partner_name}",
        "import": f"{reporter_name}'s imports from {partner_name}",
    }[flow]
    verb = rng.choice(["reached", "totaled", "stood at", "amounted to"])
    change_text = "" if change is None else f", {direction} {change} percent year on year"
    sentence = (
        f"{subject} {verb} {mantissa:g} {unit} {currency_words} {period_text}{change_text}, "
        f"{rng.choice(AGENCIES)}."
    )
    return sentence, ExpectedStatistic(
        reporter, partner, flow, float(value), currency, start, end, signed_change
    )


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _prose(rng: random.Random, sentences: int) -> str:
    return " ".join(
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."
        for _ in range(sentences)
    )


def _script_blob(rng: random.Random, size: int) -> str:
    """Inline script of about `size` bytes: an app-state object, as news sites embed it."""
    items = []
    total = 0
    while total < size:
        key = hashlib.blake2b(rng.randbytes(8), digest_size=6).hexdigest()
        item = (
            f'{{"id":"{key}","slot":"ad-{rng.randint(1, 99)}","w":{rng.choice([300, 728, 970])},'
            f'"h":{rng.choice([90, 250, 600])},"keywords":["{rng.choice(SECTIONS).lower()}",'
            f'"{rng.choice(OBJECTS)}"],"lazy":{str(rng.random() < 0.5).lower()}}}'
        )
        items.append(item)
        total += len(item) + 1
    return 'window.__APP_STATE__ = {"slots":[' + ",".join(items) + "]};"


def make_page(spec: CorpusSpec, number: int, base_url: str = ARCHIVE_BASE_URL) -> CorpusPage:
    """Page `number` of the corpus: the same bytes for the same (spec, number, base_url)."""
    rng = random.Random(spec.seed * 1_000_003 + number)
    source = spec.sources[number % len(spec.sources)]
    moment = published_at(spec, number)
    path = page_path(spec, number)
    topic = rng.choice(OBJECTS)
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {topic} (story {number})"
    paragraphs: list[str] = []
    expected: list[ExpectedStatistic] = []
    paragraph_count = rng.randint(5, 30)
    stat_slots = set(rng.sample(range(paragraph_count), rng.randint(1, 3))) if rng.random() < 0.66 else set()
    for index in range(paragraph_count):
        text = _prose(rng, rng.randint(2, 5))
        if index in stat_slots:
            sentence, statistic = _statistic(rng, moment.year, moment.month)
            text = f"{sentence} {text}"
            expected.append(statistic)
        paragraphs.append(text)
    target_size = rng.randint(50_000, 200_000)
    url = f"{base_url}{path}"
    nav = "".join(f'<li><a href="{base_url}/{s.lower()}/">{s}</a></li>' for s in SECTIONS)
    nav += "".join(
        f'<li><a href="{base_url}/{source}/topic/{rng.randint(1, 5000)}.html">{escape(rng.choice(OBJECTS))}'
        f"</a></li>"
        for _ in range(80)
    )
    related = "".join(
        f'<li><a href="{base_url}{page_path(spec, max(0, number - k))}">{escape(_prose(rng, 1))}</a></li>'
        for k in range(1, 11)
    )
    jsonld = (
        f'{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{escape(title)}",'
        f'"datePublished":"{moment.isoformat()}","mainEntityOfPage":"{url}",'
        f'"publisher":{{"@type":"Organization","name":"{source}"}}}}'
    )
    head = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} - {source}</title>'
        f'<link rel="canonical" href="{url}"><meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:type" content="article"><meta property="article:published_time" '
        f'content="{moment.isoformat()}"><meta name="viewport" content="width=device-width">'
        f'<script type="application/ld+json">{jsonld}</script>'
        f"<script>(function(w,d){{w.dataLayer=w.dataLayer||[];w.dataLayer.push({{page:'{path}'}});}})"
        f"(window,document);</script><style>body{{font-family:serif}} .nav li{{display:inline}}</style></head>"
    )
    article = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    body = (
        f'<body><header><nav class="nav"><ul>{nav}</ul></nav></header><main>'
        f'<article><h1>{escape(title)}</h1><div class="byline">By staff reporter | '
        f'<time datetime="{moment.isoformat()}">{moment:%d %B %Y %H:%M}</time></div>'
        f'<div class="article-body">{article}</div></article>'
        f'<aside class="related"><h2>Related</h2><ul>{related}</ul></aside></main>'
        f"<footer><p>Copyright {moment.year} {source}. All rights reserved.</p><ul>{nav}</ul></footer>"
    )
    page_so_far = len(head) + len(body) + 40
    scripts = "".join(
        f"<script>{_script_blob(rng, max(1000, (target_size - page_so_far) // 3))}</script>" for _ in range(3)
    )
    html = f"{head}{body}{scripts}</body></html>".encode()
    fetched = moment + timedelta(hours=rng.randint(1, 20))
    return CorpusPage(number, source, path, moment, fetched, title, html, tuple(expected))


def feed_xml(spec: CorpusSpec, source: str, numbers: Iterator[int] | range, base_url: str) -> bytes:
    """An RSS 2.0 feed listing the given pages of `source`, newest first."""
    items = []
    for number in sorted(numbers, reverse=True):
        moment = published_at(spec, number)
        items.append(
            f"<item><title>Story {number}</title><link>{base_url}{page_path(spec, number)}</link>"
            f"<guid>{base_url}{page_path(spec, number)}</guid>"
            f"<pubDate>{format_datetime(moment, usegmt=True)}</pubDate></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{source}</title>'
        f"<link>{base_url}/{source}/</link><description>{source} news</description>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


class _CorpusHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    spec: CorpusSpec
    base_url: str
    feeds: dict[str, bytes]
    counts: dict[int, int]
    counts_lock: threading.Lock

    def log_message(self, *args: object) -> None:
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = urlsplit(self.path).path
        with self.counts_lock:
            self.counts[0] = self.counts.get(0, 0) + 1
        if path == "/robots.txt":
            self._respond(200, "text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n")
            return
        if path.startswith("/feeds/") and path.endswith(".xml"):
            body = self.feeds.get(path.removeprefix("/feeds/").removesuffix(".xml"))
            if body is None:
                self._respond(404, "text/plain; charset=utf-8", b"not found")
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                with self.counts_lock:
                    self.counts[304] = self.counts.get(304, 0) + 1
                self._respond(304, None, b"", {"ETag": etag})
                return
            self._respond(200, RSS_TYPE, body, {"ETag": etag})
            return
        number = number_of(path)
        if number is None or not 0 <= number < self.spec.pages or page_path(self.spec, number) != path:
            self._respond(404, "text/plain; charset=utf-8", b"not found")
            return
        self._respond(200, HTML_TYPE, make_page(self.spec, number, self.base_url).html)

    def _respond(self, status: int, content_type: str | None, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


@dataclass(frozen=True)
class ServedCorpus:
    base_url: str
    requests: dict[int, int]  # 0: all requests, 304: not-modified answers

    def feed_url(self, source: str) -> str:
        return f"{self.base_url}/feeds/{source}.xml"


@contextmanager
def serve_corpus(spec: CorpusSpec, host: str = "127.0.0.1") -> Iterator[ServedCorpus]:
    """Serve the corpus (pages, one feed per source listing all its pages, robots.txt) on host:<free port>."""
    counts: dict[int, int] = {}
    handler = type(
        "CorpusHandler", (_CorpusHandler,), {"spec": spec, "counts": counts, "counts_lock": threading.Lock()}
    )
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    base_url = f"http://{host}:{server.server_address[1]}"
    handler.base_url = base_url
    handler.feeds = {
        source: feed_xml(spec, source, spec.pages_of(source), base_url) for source in spec.sources
    }
    thread = threading.Thread(target=server.serve_forever, name="bench-corpus", daemon=True)
    thread.start()
    try:
        yield ServedCorpus(base_url, counts)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def write_sources(
    spec: CorpusSpec, base_url: str, path: Path, sources: tuple[str, ...] | None = None
) -> Path:
    """A sources file for the served corpus: one feed per source, politeness off, no article cap."""
    lines = []
    for source in sources or spec.sources:
        lines += [
            "[[sources]]",
            f'name = "{source}"',
            f'feeds = ["{base_url}/feeds/{source}.xml"]',
            "min_delay_s = 0.0",
            "allow_private_addresses = true",
            "max_articles = 1000000",
            "",
        ]
    path.write_text("\n".join(lines))
    return path


@dataclass(frozen=True)
class ArchiveSummary:
    pages: int
    feeds: int
    files: int
    bytes_html: int
    expected_statistics: int


def write_archive(spec: CorpusSpec, out_dir: Path) -> ArchiveSummary:
    """Archive every page (and, per source and day, the feed that listed it) under out_dir/raw.

    One RawArchive per fetch date, closed before the next day starts, so at most one file is open
    and memory holds one day's pages at most.
    """
    html_bytes = expected = files = feeds = 0
    number = 0
    while number < spec.pages:
        day = published_at(spec, number).date()
        day_numbers = []
        while number < spec.pages and published_at(spec, number).date() == day:
            day_numbers.append(number)
            number += 1
        pages = [make_page(spec, n) for n in day_numbers]
        first_fetch = min(p.fetched_at for p in pages)
        with RawArchive(out_dir, f"corpus-{day:%Y%m%d}", recover=False) as archive:
            for source in spec.sources:
                mine = [p.number for p in pages if p.source == source]
                if mine:
                    body = feed_xml(spec, source, mine, ARCHIVE_BASE_URL)
                    archive.write(
                        _fetched(
                            f"{ARCHIVE_BASE_URL}/feeds/{source}.xml",
                            body,
                            RSS_TYPE,
                            first_fetch - timedelta(minutes=5),
                        ),
                        source,
                        "feed",
                    )
                    feeds += 1
            for page in pages:
                archive.write(
                    _fetched(f"{ARCHIVE_BASE_URL}{page.path}", page.html, HTML_TYPE, page.fetched_at),
                    page.source,
                    "page",
                )
                html_bytes += len(page.html)
                expected += len(page.expected)
            files += len(archive.close())
    return ArchiveSummary(spec.pages, feeds, files, html_bytes, expected)


def _fetched(url: str, body: bytes, content_type: str, moment: datetime) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": content_type},
        body=body,
        fetched_at=moment,
        elapsed_s=0.01,
        attempts=1,
    )
