"""The shipped sources.toml: well-formed routes for every outlet, consistent with the site parsers."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from extract.discovery import compile_selector, url_matches
from extract.sites import parser_for, registered

REPO = Path(__file__).resolve().parent.parent.parent
SOURCES = tomllib.loads((REPO / "sources.toml").read_text(encoding="utf-8"))["sources"]
FIXTURES = REPO / "tests" / "fixtures" / "sites"
KEYS = {
    "name",
    "feeds",
    "sitemaps",
    "listings",
    "url_pattern",
    "min_delay_s",
    "allow_private_addresses",
    "max_articles",
    "timezone",
}
# Outlets read by the generic parser (no site parser yet, so no page fixtures): the address shapes
# their url_pattern must accept (invented ids), and no registered site parser may claim them.
GENERIC_PARSER = {
    "chinanews": ["https://www.chinanews.com.cn/cj/2024/05-21/10221234.shtml"],
    "xinhua_zh": ["https://www.news.cn/fortune/20240521/0123456789abcdef0123456789abcdef/c.html"],
    "tianshan": ["https://news.ts.cn/system/2024/05/21/037123456.shtml"],
    "xinhua_ru": ["https://russian.news.cn/20240521/0123456789abcdef0123456789abcdef/c.html"],
    "cri_ru": ["https://russian.cri.cn/20240521/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d.html"],
    "tass_ru": ["https://tass.ru/ekonomika/20861234"],
    "akipress_ru": ["https://akipress.org/news:791234/"],
    "kapitalkz": ["https://kapital.kz/economic/125123/tovarooborot-s-kitaem.html"],
    "kursiv": ["https://kz.kursiv.media/2024-05-21/tovarooborot-kazakhstana-i-kitaya/"],
    "kunuz": ["https://kun.uz/ru/news/2024/05/21/tovarooborot-uzbekistana"],
    "khovar": ["https://khovar.tj/rus/2024/05/tovarooborot-tadzhikistana/"],
}
LISTING_KEYS = {"url", "link_selector", "next_selector", "max_pages"}


def _is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def test_every_registered_site_is_configured_once() -> None:
    names = [source["name"] for source in SOURCES]
    assert len(names) == len(set(names))
    assert {parser.name for parser in registered()} <= set(names)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s["name"])
def test_source_routes_are_well_formed(source: dict) -> None:
    assert set(source) <= KEYS
    assert re.fullmatch(r"[a-z0-9_-]+", source["name"])
    assert source.get("feeds") or source.get("sitemaps") or source.get("listings"), "no discovery route"
    for url in [*source.get("feeds", []), *source.get("sitemaps", [])]:
        assert _is_http_url(url), url
    for listing in source.get("listings", []):
        assert set(listing) <= LISTING_KEYS and _is_http_url(listing["url"])
        compile_selector(listing["link_selector"])
        if listing.get("next_selector"):
            compile_selector(listing["next_selector"])
        assert 1 <= listing.get("max_pages", 1) <= 20
    re.compile(source["url_pattern"])


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s["name"])
def test_url_pattern_accepts_the_sites_articles_and_parser_serves_them(source: dict) -> None:
    pages = sorted((FIXTURES / source["name"]).glob("*.json"))
    if source["name"] in GENERIC_PARSER:
        assert not pages, "an outlet with page fixtures has a site parser: take it off GENERIC_PARSER"
        for url in GENERIC_PARSER[source["name"]]:
            assert url_matches(url, source["url_pattern"]), url
            assert parser_for(url) is None, url
        for listing in source.get("listings", []):
            assert not url_matches(listing["url"], source["url_pattern"]), "a listing page is not an article"
        return
    assert pages, f"no fixtures for {source['name']}"
    for page in pages:
        url = json.loads(page.read_text(encoding="utf-8"))["url"]
        if url.endswith("_2.html"):  # a continuation page is reached through its article, never listed
            assert not url_matches(url, source["url_pattern"])
            continue
        assert url_matches(url, source["url_pattern"]), url
        assert parser_for(url).name == source["name"]
    for listing in source.get("listings", []):
        assert not url_matches(listing["url"], source["url_pattern"]), "a listing page is not an article"


SOURCES_BY_NAME = {source["name"]: source for source in SOURCES}


@pytest.mark.parametrize(
    ("name", "url", "accepted"),
    [
        # Address shapes the outlets use today and used in earlier years (invented ids and slugs).
        ("chinadaily", "https://www.chinadaily.com.cn/a/202411/05/WS6729a1b2a310f1265a1c9d3e.html", True),
        ("chinadaily", "http://www.chinadaily.com.cn/cndy/2014-06/03/content_17561234.htm", True),
        ("chinadaily", "http://www.chinadaily.com.cn/business/2016-08/19/content_26531234.htm", True),
        ("chinadaily", "http://www.chinadaily.com.cn/business/2016-08/19/content_26531234_2.htm", False),
        ("chinadaily", "https://www.chinadaily.com.cn/business/economy/page_2.html", False),
        ("ecns", "http://www.ecns.cn/business/2018/05-02/301234.shtml", True),
        ("ecns", "http://www.ecns.cn/2015/10-21/181234.shtml", True),
        ("ecns", "http://www.ecns.cn/news/economy/2025-06-13/detail-ihepqxyz1234567.shtml", True),
        ("globaltimes", "http://www.globaltimes.cn/content/1141234.shtml", True),
        ("trend", "https://en.trend.az/casia/kazakhstan/3971234.html", True),
        ("trend", "https://www.trend.az/business/transport/3561234.html", True),
        ("trend", "https://en.trend.az/business/", False),
        ("kazinform", "https://www.inform.kz/en/kazakhstan-china-trade-grows_a4061234", True),
        ("kazinform", "https://qazinform.com/news/kazakhstan-china-trade-grows-5b2c1d", True),
        ("kazinform", "https://qazinform.com/economy", False),
        ("peoplesdaily", "http://en.people.cn/n3/2021/0507/c90000-9841234.html", True),
        ("cgtn", "https://news.cgtn.com/news/2019-07-12/Trade-grows-IgBmt1AbCd/index.html", True),
        ("24kg", "https://24.kg/english/99812_Trade_with_EAEU_falling/", True),
        ("tass", "https://tass.com/economy/1811234", True),
        ("xinhua", "https://english.news.cn/list/china-business.htm", False),
        # Russian editions served by the same site parsers (issue 14).
        ("gazetauz", "https://www.gazeta.uz/ru/2024/05/21/trade-china/", True),
        ("24kg", "https://24.kg/ekonomika/299123_tovarooborot_s_kitaem/", True),
        ("kazinform", "https://www.inform.kz/ru/tovarooborot-kazahstana-i-kitaya_a4061234", True),
        # Xinhua's Chinese edition does not take the English edition's pages.
        ("xinhua_zh", "https://english.news.cn/20240521/0123456789abcdef0123456789abcdef/c.html", False),
    ],
)
def test_url_pattern_accepts_the_outlets_address_shapes(name: str, url: str, accepted: bool) -> None:
    assert url_matches(url, SOURCES_BY_NAME[name]["url_pattern"]) is accepted
