"""Discovery beyond feeds, through the flow: a sitemap index, a Google News sitemap and a paged
listing, de-duplicated by normalised URL and filtered by the source's URL pattern."""

from __future__ import annotations

import duckdb
import pytest

from flows.demo import DEMO_SITE
from flows.localsite import mapping_source, serve

pytestmark = pytest.mark.slow

HTML = "text/html; charset=utf-8"
XML = "application/xml"

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>__BASE_URL__/sitemaps/news-2025-02.xml</loc><lastmod>2025-02-28</lastmod></sitemap>
</sitemapindex>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>__BASE_URL__/news/2025/02/xinjiang-foreign-trade-2024.html</loc>
    <news:news><news:publication><news:name>Herald</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>2025-02-06T09:00:00+08:00</news:publication_date>
    <news:title>Xinjiang foreign trade</news:title></news:news></url>
  <url><loc>__BASE_URL__/news/2025/02/china-kazakhstan-trade-record-2024.html?utm_source=sitemap</loc>
    <news:news><news:publication><news:name>Herald</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>2025-02-14T10:00:00+08:00</news:publication_date>
    <news:title>China Kazakhstan</news:title></news:news></url>
  <url><loc>__BASE_URL__/about/contact.html</loc></url>
</urlset>"""

LISTING_1 = """<html><body><nav><a href="/">Home</a></nav><ul class="stories">
<li><a class="headline" href="/news/2025/03/uzbekistan-trade-turnover-2024.html">Uzbekistan</a></li>
<li><a class="headline" href="/news/2025/02/china-kazakhstan-trade-record-2024.html">Same story again</a></li>
</ul><a class="next" href="/business/page/2">Next</a></body></html>"""

LISTING_2 = """<html><body><ul class="stories">
<li><a class="headline" href="/news/2025/04/tajikistan-china-trade-2024.html">Tajikistan</a></li>
</ul></body></html>"""

STORIES = (
    "news/2025/02/xinjiang-foreign-trade-2024.html",
    "news/2025/02/china-kazakhstan-trade-record-2024.html",
    "news/2025/03/uzbekistan-trade-turnover-2024.html",
    "news/2025/04/tajikistan-china-trade-2024.html",
)


def site() -> dict[str, tuple[str, bytes]]:
    pages = {f"/{path}": (HTML, (DEMO_SITE / path).read_bytes()) for path in STORIES}
    pages.update(
        {
            "/sitemap_index.xml": (XML, SITEMAP_INDEX.encode()),
            "/sitemaps/news-2025-02.xml": (XML, NEWS_SITEMAP.encode()),
            "/about/contact.html": (HTML, b"<html><body><p>Write to us.</p></body></html>"),
            "/business": (HTML, LISTING_1.encode()),
            "/business/page/2": (HTML, LISTING_2.encode()),
        }
    )
    return pages


def test_sitemaps_and_paged_listing_discover_each_story_once(tmp_path, prefect_harness):
    from flows.nightly import nightly

    with serve(mapping_source(site())) as base:
        sources = tmp_path / "sources.toml"
        sources.write_text(f"""
[[sources]]
name = "herald"
sitemaps = ["{base}/sitemap_index.xml"]
url_pattern = '/news/\\d{{4}}/\\d{{2}}/[a-z0-9-]+\\.html$'
min_delay_s = 0
allow_private_addresses = true

[[sources.listings]]
url = "{base}/business"
link_selector = "ul.stories a.headline"
next_selector = "a.next"
max_pages = 3
""")
        report = nightly(str(sources), str(tmp_path / "out"))
    out = tmp_path / "out"
    urls = sorted(
        u for (u,) in duckdb.sql(f"SELECT url FROM read_parquet('{out}/articles/**/*.parquet')").fetchall()
    )
    assert [u.removeprefix(base + "/") for u in urls] == sorted(STORIES)
    kinds = dict(
        duckdb.sql(
            f"SELECT kind, count(*) FROM read_parquet('{out}/fetch_log/**/*.parquet') GROUP BY kind"
        ).fetchall()
    )
    # the story listed by both the sitemap (with a tracking parameter) and the listing is fetched once
    assert kinds["sitemap"] == 2 and kinds["listing"] == 2 and kinds["page"] == 4
    assert report["sources"][0]["discovery_pages"] == 4
    # the contact page is not an article URL by the pattern: never fetched
    assert not duckdb.sql(
        f"SELECT 1 FROM read_parquet('{out}/fetch_log/**/*.parquet') WHERE url LIKE '%contact%'"
    ).fetchall()
