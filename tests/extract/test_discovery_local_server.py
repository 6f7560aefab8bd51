"""Sitemap and listing walks through the real HTTP client against a site served on 127.0.0.1."""

from __future__ import annotations

import gzip
from datetime import date

from extract.discovery import crawl_listing, crawl_sitemaps
from extract.http import HttpClient
from flows.localsite import mapping_source, serve

XML = "application/xml"
HTML = "text/html; charset=utf-8"


def _urlset(*items: tuple[str, str]) -> bytes:
    urls = "".join(
        f"<url><loc>__BASE__{path}</loc><news:news><news:publication_date>{day}</news:publication_date>"
        f"</news:news></url>"
        for path, day in items
    )
    return (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def _listing(links: list[str], next_href: str | None) -> bytes:
    items = "".join(f'<li class="item"><a href="{href}">A story</a></li>' for href in links)
    pager = f'<div class="pager"><a class="next" href="{next_href}">Next</a></div>' if next_href else ""
    return f"<html><body><ul>{items}</ul>{pager}</body></html>".encode()


def test_sitemap_index_with_gzip_child_and_paged_listing_over_http() -> None:
    pages: dict[str, tuple[str, bytes]] = {}
    with serve(mapping_source(pages)) as base:

        def absolute(body: bytes) -> bytes:
            return body.replace(b"__BASE__", base.encode())

        pages.update(
            {
                "/sitemap.xml": (
                    XML,
                    absolute(
                        b"<sitemapindex><sitemap><loc>__BASE__/sitemaps/2025-03.xml.gz</loc></sitemap>"
                        b"<sitemap><loc>__BASE__/sitemaps/missing.xml</loc></sitemap></sitemapindex>"
                    ),
                ),
                "/sitemaps/2025-03.xml.gz": (
                    "application/gzip",
                    gzip.compress(
                        absolute(
                            _urlset(
                                ("/a/2025/03/14/rail.html?utm_source=sitemap", "2025-03-14T10:00:00+08:00"),
                                ("/a/2025/02/20/old.html", "2025-02-20"),
                            )
                        )
                    ),
                ),
                "/business/": (
                    HTML,
                    _listing(["/a/2025/03/14/rail.html", "/a/2025/03/13/grain.html"], "page_2.html"),
                ),
                "/business/page_2.html": (HTML, _listing(["/a/2025/03/12/cotton.html"], None)),
            }
        )
        with HttpClient(obey_robots=False, max_attempts=1) as http:

            def fetch(url: str):
                return http.fetch(url, allow_private=True)

            sitemap_crawl = crawl_sitemaps(
                [f"{base}/sitemap.xml"], fetch, start=date(2025, 3, 1), end=date(2025, 3, 31)
            )
            listing_crawl = crawl_listing(
                f"{base}/business/", "li.item a", fetch, next_selector="a.next", max_pages=5
            )

    assert [e.url for e in sitemap_crawl.entries] == [f"{base}/a/2025/03/14/rail.html"]
    assert sitemap_crawl.pages_read == 3
    assert [(p.url, p.reason) for p in sitemap_crawl.problems] == [
        (f"{base}/sitemaps/missing.xml", "http_status")
    ]
    assert [e.url for e in listing_crawl.entries] == [
        f"{base}/a/2025/03/14/rail.html",
        f"{base}/a/2025/03/13/grain.html",
        f"{base}/a/2025/03/12/cotton.html",
    ]
    assert listing_crawl.pages_read == 2 and listing_crawl.problems == ()
