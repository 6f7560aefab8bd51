"""Discovery beyond RSS: sitemaps (urlset, index, Google News, gzip), listing pages, URL patterns."""

from __future__ import annotations

import gzip
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from extract import discovery
from extract.discovery import (
    DiscoveryError,
    crawl_listing,
    crawl_sitemaps,
    filter_window,
    parse_listing,
    parse_sitemap,
    url_matches,
)
from extract.model import FeedEntry, FetchResult

BASE = "https://news.example.org/sitemap.xml"

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://WWW.News.Example.org/business/2025/03/14/rail-freight.html?utm_source=sitemap</loc>
       <lastmod>2025-03-14T09:10:00+08:00</lastmod></url>
  <url><loc>https://news.example.org/business/2025/03/12/grain-trade.html</loc><lastmod>2025-03-12</lastmod></url>
  <url><loc>/business/2025/03/10/cotton-yarn.html</loc></url>
  <url><loc>https://news.example.org/business/2025/03/14/rail-freight.html#comments</loc></url>
  <url><loc>mailto:desk@news.example.org</loc></url>
  <url><lastmod>2025-03-01</lastmod></url>
</urlset>
"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://news.example.org/economy/kazakh-copper-exports.html</loc>
    <news:news>
      <news:publication><news:name>Example News</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-04-02T18:30:00+05:00</news:publication_date>
      <news:title>Kazakh copper exports to China climb</news:title>
    </news:news>
    <image:image><image:loc>https://news.example.org/img/copper.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>https://news.example.org/economy/uzbek-textile-fair.html</loc>
    <lastmod>2025-04-05T10:00:00Z</lastmod>
    <news:news><news:publication_date>2025-04-01</news:publication_date>
      <news:title>Uzbek textile makers court buyers in Urumqi</news:title></news:news>
  </url>
</urlset>
"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example.org/sitemaps/2025-03.xml.gz</loc><lastmod>2025-03-31T23:00:00Z</lastmod></sitemap>
  <sitemap><loc>https://news.example.org/sitemaps/2025-02.xml.gz</loc><lastmod>2025-02-28T23:00:00Z</lastmod></sitemap>
  <sitemap><loc>/sitemaps/news.xml</loc></sitemap>
  <sitemap><loc>https://news.example.org/sitemaps/news.xml</loc></sitemap>
</sitemapindex>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/&lol3;</loc></url></urlset>
"""


def _ok(url: str, body: bytes, final_url: str | None = None) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=final_url or url,
        status=200,
        headers={},
        body=body,
        fetched_at=datetime(2025, 4, 6, tzinfo=UTC),
        elapsed_s=0.01,
    )


def _failed(url: str) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=None,
        headers={},
        body=b"",
        fetched_at=datetime(2025, 4, 6, tzinfo=UTC),
        elapsed_s=0.01,
        error_class="timeout",
        error_message="read timed out",
    )


def _fetcher(pages: dict[str, bytes]):
    requested: list[str] = []

    def fetch(url: str) -> FetchResult:
        requested.append(url)
        return _ok(url, pages[url]) if url in pages else _failed(url)

    return fetch, requested


# -- sitemaps ---------------------------------------------------------------------------------------


def test_urlset_entries_are_absolute_normalised_and_unique() -> None:
    page = parse_sitemap(URLSET, BASE)
    assert [e.url for e in page.entries] == [
        "https://news.example.org/business/2025/03/14/rail-freight.html",
        "https://news.example.org/business/2025/03/12/grain-trade.html",
        "https://news.example.org/business/2025/03/10/cotton-yarn.html",
    ]
    assert page.sitemaps == ()
    # <lastmod> is a modification time: kept apart, never a publication time.
    assert all(e.published_at is None for e in page.entries)
    assert page.last_modified["https://news.example.org/business/2025/03/14/rail-freight.html"] == datetime(
        2025, 3, 14, 1, 10, tzinfo=UTC
    )
    assert page.last_modified["https://news.example.org/business/2025/03/12/grain-trade.html"] == datetime(
        2025, 3, 12, tzinfo=UTC
    )


def test_sitemap_without_namespace_is_read_too() -> None:
    body = b"<urlset><url><loc>https://news.example.org/a.html</loc></url></urlset>"
    assert [e.url for e in parse_sitemap(body, BASE).entries] == ["https://news.example.org/a.html"]


def test_google_news_sitemap_gives_publication_dates_and_titles() -> None:
    page = parse_sitemap(NEWS_SITEMAP, BASE)
    copper, textile = page.entries
    assert copper == FeedEntry(
        url="https://news.example.org/economy/kazakh-copper-exports.html",
        title="Kazakh copper exports to China climb",
        published_at=datetime(2025, 4, 2, 13, 30, tzinfo=UTC),
    )
    assert textile.published_at == datetime(2025, 4, 1, tzinfo=UTC)  # a date alone: midnight UTC
    assert textile.title == "Uzbek textile makers court buyers in Urumqi"
    assert page.last_modified[textile.url] == datetime(2025, 4, 5, 10, tzinfo=UTC)


def test_sitemap_index_lists_child_sitemaps_with_their_lastmod() -> None:
    page = parse_sitemap(INDEX, BASE)  # a child named twice (relative and absolute) is listed once
    assert page.entries == ()
    assert [ref.url for ref in page.sitemaps] == [
        "https://news.example.org/sitemaps/2025-03.xml.gz",
        "https://news.example.org/sitemaps/2025-02.xml.gz",
        "https://news.example.org/sitemaps/news.xml",
    ]
    assert page.sitemaps[0].last_modified == datetime(2025, 3, 31, 23, tzinfo=UTC)
    assert page.sitemaps_in_window(date(2025, 3, 1)) == [
        "https://news.example.org/sitemaps/2025-03.xml.gz",
        "https://news.example.org/sitemaps/news.xml",
    ]
    assert len(page.sitemaps_in_window(None)) == 3


def test_gzip_sitemap_is_inflated() -> None:
    assert parse_sitemap(gzip.compress(NEWS_SITEMAP), BASE) == parse_sitemap(NEWS_SITEMAP, BASE)


def test_gzip_bomb_stops_at_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discovery, "MAX_SITEMAP_BYTES", 10_000)
    bomb = gzip.compress(b"<urlset>" + b" " * 200_000 + b"</urlset>")
    assert len(bomb) < 10_000
    with pytest.raises(DiscoveryError) as caught:
        parse_sitemap(bomb, BASE)
    assert caught.value.reason == "too_large"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"\x1f\x8bnot really gzip", "bad_gzip"),
        (b"<urlset><url><loc>https://news.example.org/a.html</loc></url>", "not_xml"),
        (b"", "not_xml"),
        (b"<html><body>Not found</body></html>", "not_a_sitemap"),
        (
            b"<rss version='2.0'><channel><item><link>https://x.example/a</link></item></channel></rss>",
            "not_a_sitemap",
        ),
        (BILLION_LAUGHS, "entity_declaration"),
        (
            b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<urlset><url><loc>&xxe;</loc></url></urlset>",
            "entity_declaration",
        ),
        (gzip.compress(BILLION_LAUGHS), "entity_declaration"),
    ],
)
def test_unusable_sitemaps_raise_discovery_error(body: bytes, reason: str) -> None:
    with pytest.raises(DiscoveryError) as caught:
        parse_sitemap(body, BASE)
    assert caught.value.reason == reason


def test_sitemap_parser_never_fetches_an_external_dtd() -> None:
    """A DOCTYPE naming a DTD by URL parses without the parser reaching for it (no_network, load_dtd=False)."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<!ELEMENT urlset ANY>")

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        body = (
            f'<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "http://127.0.0.1:{server.server_port}/s.dtd">'
            "<urlset><url><loc>https://news.example.org/a.html</loc></url></urlset>"
        ).encode()
        assert [e.url for e in parse_sitemap(body, BASE).entries] == ["https://news.example.org/a.html"]
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []


def test_filter_window_uses_publication_dates_and_lastmod_only_as_a_lower_bound() -> None:
    beijing = timezone(timedelta(hours=8))
    entries = [
        FeedEntry("https://x.example/in", None, datetime(2025, 3, 10, 12, tzinfo=UTC)),
        FeedEntry("https://x.example/before", None, datetime(2025, 2, 28, 12, tzinfo=UTC)),
        FeedEntry("https://x.example/after", None, datetime(2025, 4, 1, 0, 30, tzinfo=UTC)),
        # 1 April 07:00 in Beijing is still 31 March in UTC: inside the window.
        FeedEntry("https://x.example/edge", None, datetime(2025, 4, 1, 7, tzinfo=beijing)),
        FeedEntry("https://x.example/undated", None, None),
        FeedEntry("https://x.example/modified-before", None, None),
        FeedEntry("https://x.example/modified-after", None, None),
    ]
    last_modified = {
        "https://x.example/modified-before": datetime(2025, 2, 1, tzinfo=UTC),
        "https://x.example/modified-after": datetime(2025, 6, 1, tzinfo=UTC),
    }
    kept = filter_window(entries, date(2025, 3, 1), date(2025, 3, 31), last_modified)
    assert [e.url.rsplit("/", 1)[1] for e in kept] == ["in", "edge", "undated", "modified-after"]
    assert filter_window(entries, None, None) == entries


def test_crawl_sitemaps_follows_indexes_within_the_window() -> None:
    march = gzip.compress(b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://news.example.org/a.html</loc><lastmod>2025-03-20</lastmod></url>
        <url><loc>https://news.example.org/old.html</loc><lastmod>2025-01-02</lastmod></url></urlset>""")
    fetch, requested = _fetcher(
        {
            BASE: INDEX,
            "https://news.example.org/sitemaps/2025-03.xml.gz": march,
            "https://news.example.org/sitemaps/news.xml": NEWS_SITEMAP,
        }
    )
    crawl = crawl_sitemaps([BASE], fetch, start=date(2025, 3, 1), end=date(2025, 4, 30))
    assert requested == [
        BASE,
        "https://news.example.org/sitemaps/2025-03.xml.gz",
        "https://news.example.org/sitemaps/news.xml",
    ]  # February's sitemap is skipped
    assert [e.url for e in crawl.entries] == [
        "https://news.example.org/a.html",
        "https://news.example.org/economy/kazakh-copper-exports.html",
        "https://news.example.org/economy/uzbek-textile-fair.html",
    ]
    assert crawl.pages_read == 3 and crawl.problems == ()


def test_crawl_sitemaps_caps_depth_and_count_and_survives_loops_and_failures() -> None:
    def index(*children: str) -> bytes:
        locs = "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children)
        return f"<sitemapindex>{locs}</sitemapindex>".encode()

    pages = {
        "https://x.example/root.xml": index(
            "https://x.example/root.xml", "https://x.example/l1.xml", "https://x.example/missing.xml"
        ),
        "https://x.example/l1.xml": index("https://x.example/l2.xml"),
        "https://x.example/l2.xml": index("https://x.example/l3.xml"),
        "https://x.example/l3.xml": b"<urlset><url><loc>https://x.example/deep.html</loc></url></urlset>",
    }
    fetch, requested = _fetcher(pages)
    crawl = crawl_sitemaps(["https://x.example/root.xml"], fetch, max_depth=2)
    assert "https://x.example/l3.xml" not in requested
    assert requested.count("https://x.example/root.xml") == 1
    assert {p.reason for p in crawl.problems} == {"timeout", "too_deep"}
    assert crawl.entries == ()

    fetch, requested = _fetcher(pages)
    capped = crawl_sitemaps(["https://x.example/root.xml"], fetch, max_depth=5, max_sitemaps=2)
    assert len(requested) == 2 and capped.pages_read == 2
    assert "too_many_sitemaps" in {p.reason for p in capped.problems}


def test_crawl_sitemaps_records_bad_bytes_and_goes_on() -> None:
    fetch, _ = _fetcher({"https://x.example/a.xml": BILLION_LAUGHS, "https://x.example/b.xml": URLSET})
    crawl = crawl_sitemaps(["https://x.example/a.xml", "https://x.example/b.xml"], fetch)
    assert [p.reason for p in crawl.problems] == ["entity_declaration"]
    assert len(crawl.entries) == 3


# -- listings -------------------------------------------------------------------------------------------

LISTING_URL = "https://www.news.example.org/business/economy/index.html"
LISTING = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Economy</title></head><body>
<nav><a href="/">Home</a><a href="/business/">Business</a></nav>
<div class="top-story"><a href="/a/202503/14/WS01.html">Rail freight with Kazakhstan climbs</a></div>
<ul class="news-list">
  <li class="item"><h3><a href="/a/202503/14/WS01.html?from=list">Rail freight with Kazakhstan climbs</a></h3>
      <time datetime="2025-03-14T10:32:00+08:00">March 14</time></li>
  <li class="item"><h3><a href="//news.example.org/a/202503/13/WS02.html">Grain trade grows</a></h3>
      <span class="date">2025-03-13</span></li>
  <li class="item"><h3><a href="https://news.example.org/a/202503/12/WS03.html#top" title="Copper exports">
      <img src="/img/copper.jpg" alt=""></a></h3><time datetime="2025-03-12 08:00">12 Mar</time></li>
  <li class="item"><h3><a href="javascript:void(0)">Subscribe</a></h3></li>
  <li class="item"><h3><a href="index.html">This page</a></h3></li>
</ul>
<div id="div_currpage"><a href="index.html" class="pagestyle">1</a> <a href="page_2.html" class="pagestyle">2</a>
  <a class="next" href="page_2.html">Next</a></div>
</body></html>"""


def test_listing_links_are_absolute_normalised_and_unique_in_order() -> None:
    page = parse_listing(LISTING, LISTING_URL, "ul.news-list li.item h3 a")
    assert [e.url for e in page.entries] == [
        "https://news.example.org/a/202503/14/WS01.html",
        "https://news.example.org/a/202503/13/WS02.html",
        "https://news.example.org/a/202503/12/WS03.html",
    ]
    assert [e.title for e in page.entries] == [
        "Rail freight with Kazakhstan climbs",
        "Grain trade grows",
        "Copper exports",
    ]
    assert page.next_url is None  # no next selector given


def test_listing_dates_come_from_the_items_own_time_element() -> None:
    beijing = timezone(timedelta(hours=8))
    page = parse_listing(LISTING, LISTING_URL, "li.item", naive_tz=beijing)  # the selector may pick the item
    first, second, third = page.entries
    assert first.published_at == datetime(2025, 3, 14, 2, 32, tzinfo=UTC)
    assert second.published_at is None  # no <time> in its item; the neighbour's is not borrowed
    assert third.published_at == datetime(2025, 3, 12, 0, 0, tzinfo=UTC)  # no zone: read in the site's


def test_listing_next_page_is_resolved_against_the_page() -> None:
    page = parse_listing(LISTING, LISTING_URL, "li.item a", "#div_currpage a.next")
    # Spelled as the site wrote it (a bare host without "www." may not answer); entries are normalised.
    assert page.next_url == "https://www.news.example.org/business/economy/page_2.html"
    last = parse_listing(LISTING, LISTING_URL, "li.item a", "a.no-such-link")
    assert last.next_url is None


def test_listing_with_a_bad_selector_raises() -> None:
    with pytest.raises(DiscoveryError) as caught:
        parse_listing(LISTING, LISTING_URL, "li.item >> a")
    assert caught.value.reason == "bad_selector"


def test_crawl_listing_follows_next_pages_up_to_max_pages_without_looping() -> None:
    def listing(links: list[str], next_href: str | None) -> bytes:
        items = "".join(f'<li><a href="{href}">Story</a></li>' for href in links)
        nxt = f'<a class="next" href="{next_href}">Next</a>' if next_href else ""
        return f"<html><body><ul class='list'>{items}</ul>{nxt}</body></html>".encode()

    pages = {
        "https://x.example/list/": listing(["/s/1.html", "/s/2.html"], "page_2.html"),
        "https://x.example/list/page_2.html": listing(["/s/2.html", "/s/3.html"], "page_3.html"),
        "https://x.example/list/page_3.html": listing(["/s/4.html"], "/list/"),  # links back to the first
    }
    fetch, requested = _fetcher(pages)
    crawl = crawl_listing("https://x.example/list/", "ul.list a", fetch, next_selector="a.next", max_pages=10)
    assert [e.url for e in crawl.entries] == [f"https://x.example/s/{n}.html" for n in (1, 2, 3, 4)]
    assert crawl.pages_read == 3 and len(requested) == 3

    fetch, requested = _fetcher(pages)
    two = crawl_listing("https://x.example/list/", "ul.list a", fetch, next_selector="a.next", max_pages=2)
    assert len(requested) == 2 and [e.url[-6:] for e in two.entries] == ["1.html", "2.html", "3.html"]


def test_crawl_listing_records_a_failed_page() -> None:
    fetch, _ = _fetcher({})
    crawl = crawl_listing("https://x.example/list/", "a", fetch, next_selector="a.next", max_pages=3)
    assert crawl.entries == () and [p.reason for p in crawl.problems] == ["timeout"]


# -- accepted article URLs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "pattern", "accepted"),
    [
        ("https://news.example.org/a/1.html", None, True),
        ("https://news.example.org/a/1.html", "", True),
        (
            "https://global.chinadaily.com.cn/a/202503/12/WS67d0f1a2a310c240449d8e21.html",
            r"chinadaily\.com\.cn/a/\d{6}/\d{2}/WS[0-9a-f]+\.html$",
            True,
        ),
        (
            "https://global.chinadaily.com.cn/a/202503/12/WS67d0f1a2a310c240449d8e21_2.html",
            r"chinadaily\.com\.cn/a/\d{6}/\d{2}/WS[0-9a-f]+\.html$",
            False,
        ),
        ("https://www.chinadaily.com.cn/business/economy", r"chinadaily\.com\.cn/a/\d{6}/", False),
        # Matched against the normalised spelling: no www., lower-case host, no tracking parameters.
        (
            "https://WWW.Trend.AZ/business/economy/4012345.html?utm_source=x",
            r"^https://trend\.az/[a-z]+/.+\.html$",
            True,
        ),
    ],
)
def test_url_matches(url: str, pattern: str | None, accepted: bool) -> None:
    assert url_matches(url, pattern) is accepted


def test_child_sitemaps_keep_their_spelling_for_fetching() -> None:
    index = b"""<sitemapindex><sitemap><loc>https://www.news.example.org/sitemap-1.xml?utm_source=x</loc></sitemap>
        <sitemap><loc>https://news.example.org/sitemap-1.xml</loc></sitemap></sitemapindex>"""
    assert [ref.url for ref in parse_sitemap(index, BASE).sitemaps] == [
        "https://www.news.example.org/sitemap-1.xml?utm_source=x"
    ]


def test_crawl_sitemaps_takes_a_304_as_unchanged_not_as_a_problem() -> None:
    def fetch(url: str) -> FetchResult:
        if url == BASE:
            return _ok(url, INDEX)
        return FetchResult(
            url=url,
            final_url=url,
            status=304,
            headers={},
            body=b"",
            fetched_at=datetime(2025, 4, 6, tzinfo=UTC),
            elapsed_s=0.01,
        )

    crawl = crawl_sitemaps([BASE], fetch, start=date(2025, 3, 1), end=date(2025, 4, 30))
    assert crawl.entries == () and crawl.problems == ()
    assert crawl.pages_read == 3  # the index and its two children in the window, each one request
