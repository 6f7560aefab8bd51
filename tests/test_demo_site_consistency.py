"""The bundled demo site and its answer key agree with each other and with the contract.

`tests/fixtures/demo_expected.json` lists every statistic the pipeline must find on the demo site and
`tests/fixtures/demo_articles.json` every article page; end-to-end tests and the demo measure against
them, so a typo there (a sentence that is not on the page, a code outside the contract, a feed link
to a missing page) would silently turn a correct pipeline into a failing one, or the reverse.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pycountry
import pytest
from bs4 import BeautifulSoup
from lxml import etree

REPO_ROOT = Path(__file__).resolve().parent.parent
SITE = REPO_ROOT / "flows" / "demo_site"
FIXTURES = REPO_ROOT / "tests" / "fixtures"
BASE_URL = "http://127.0.0.1:8765"
BASE_URL_TOKEN = "__BASE_URL__"

GROUP_CODES = {
    "WORLD",
    "C5",
    "ASEAN",
    "EU",
    "BRI",
    "SCO",
    "BRICS",
    "RCEP",
    "EAEU",
    "GCC",
    "AFRICA",
    "LATAM",
    "CEEC",
}
FLOWS = {"total", "export", "import", "balance"}
QUALIFIERS = {None, "about", "over", "under"}
RECORD_KEYS = {
    "path",
    "reporter",
    "reporter_name",
    "partner",
    "partner_name",
    "flow",
    "value",
    "currency",
    "value_usd",
    "qualifier",
    "period_start",
    "period_end",
    "change_pct",
    "commodity",
    "share_pct",
    "sentence",
}
ATOM = "{http://www.w3.org/2005/Atom}"


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load_json(name: str) -> list[dict]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def soup_of(path: str) -> BeautifulSoup:
    html = (SITE / path).read_text(encoding="utf-8").replace(BASE_URL_TOKEN, BASE_URL)
    return BeautifulSoup(html, "lxml")


def body_paragraphs(soup: BeautifulSoup) -> list[str]:
    """The article's own paragraphs: the body text of the page, without captions, editor lines or lists.

    The site marks everything in the body container that is not story text with a class
    (``photo-caption``, ``img-center``, ``editor``); story paragraphs are plain ``<p>``.
    """
    container = soup.select_one("div.article-body")
    assert container is not None, "article page without div.article-body"
    return [collapse(p.get_text()) for p in container.find_all("p", recursive=False) if not p.get("class")]


def declared_publication(soup: BeautifulSoup) -> datetime:
    """The publication time the page itself declares, in the order a careful parser would trust it."""
    meta = soup.find("meta", attrs={"property": "article:published_time"})
    if meta is not None:
        return datetime.fromisoformat(meta["content"])
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        data = json.loads(script.string)
        if "datePublished" in data:
            return datetime.fromisoformat(data["datePublished"])
    stamp = soup.find("time", attrs={"datetime": True})
    assert stamp is not None, "page declares no publication time at all"
    return datetime.fromisoformat(stamp["datetime"])


def site_path(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == BASE_URL, url
    return parts.path.lstrip("/")


def feed_items() -> dict[str, list[tuple[str, datetime | None]]]:
    """feed name → [(item link, the item's date: RFC 822 in RSS, RFC 3339 in Atom; None if undated)]."""
    rss = etree.fromstring(
        (SITE / "rss.xml").read_bytes().replace(BASE_URL_TOKEN.encode(), BASE_URL.encode())
    )
    atom = etree.fromstring(
        (SITE / "atom.xml").read_bytes().replace(BASE_URL_TOKEN.encode(), BASE_URL.encode())
    )
    rss_items = []
    for item in rss.iter("item"):
        stamp = item.findtext("pubDate")
        rss_items.append((item.findtext("link"), parsedate_to_datetime(stamp) if stamp else None))
    atom_items = []
    for entry in atom.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        stamp = entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")
        atom_items.append((link.get("href"), datetime.fromisoformat(stamp) if stamp else None))
    return {"rss": rss_items, "atom": atom_items}


EXPECTED = load_json("demo_expected.json")
ARTICLES = load_json("demo_articles.json")
ARTICLE_BY_PATH = {a["path"]: a for a in ARTICLES}


def test_every_article_page_is_listed_and_every_listed_page_exists():
    on_disk = {p.relative_to(SITE).as_posix() for p in (SITE / "news").rglob("*.html")}
    assert set(ARTICLE_BY_PATH) == on_disk
    assert len(ARTICLE_BY_PATH) == len(ARTICLES), "a page is listed twice"
    assert {r["path"] for r in EXPECTED} <= on_disk


def test_article_count_matches_expected_statistics():
    per_page = Counter(r["path"] for r in EXPECTED)
    for article in ARTICLES:
        assert article["n_stats"] == per_page.get(article["path"], 0), article["path"]
    pages_without_statistics = [a for a in ARTICLES if a["n_stats"] == 0]
    assert len(pages_without_statistics) >= 4, "the demo must show pages that yield nothing"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["path"])
def test_page_declares_the_listed_title_date_and_canonical_url(article):
    soup = soup_of(article["path"])
    assert collapse(soup.find("h1").get_text()) == article["title"]
    assert soup.find("meta", attrs={"property": "og:title"})["content"] == article["title"]
    assert soup.find("link", rel="canonical")["href"] == f"{BASE_URL}/{article['path']}"
    declared = declared_publication(soup)
    assert declared.utcoffset() is not None, "a publication time without a timezone is ambiguous"
    assert declared == datetime.fromisoformat(article["published_at"])
    assert article["published_at"].endswith("+00:00")
    assert len(body_paragraphs(soup)) >= 5


@pytest.mark.parametrize("record", EXPECTED, ids=lambda r: f"{r['path']}:{r['flow']}:{r['value']}")
def test_expected_sentence_is_verbatim_in_the_page_body(record):
    paragraphs = body_paragraphs(soup_of(record["path"]))
    assert any(record["sentence"] in paragraph for paragraph in paragraphs), record["sentence"]
    assert record["sentence"] == collapse(record["sentence"])


def is_valid_code(code: str) -> bool:
    if code in GROUP_CODES:
        return True
    if re.fullmatch(r"[A-Z]{2}", code):
        return pycountry.countries.get(alpha_2=code) is not None
    if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code):
        return pycountry.subdivisions.get(code=code) is not None
    return False


@pytest.mark.parametrize("record", EXPECTED, ids=lambda r: f"{r['path']}:{r['flow']}:{r['value']}")
def test_expected_record_follows_the_contract(record):
    assert set(record) == RECORD_KEYS
    assert is_valid_code(record["reporter"]), record["reporter"]
    assert is_valid_code(record["partner"]), record["partner"]
    assert record["reporter"] != record["partner"]
    assert record["reporter_name"] and record["partner_name"]
    assert record["flow"] in FLOWS
    assert pycountry.currencies.get(alpha_3=record["currency"]) is not None, record["currency"]
    value = record["value"]
    assert isinstance(value, int | float) and value != 0 and value == int(value), "whole units"
    assert value > 0 or record["flow"] == "balance"
    if record["currency"] == "USD":
        assert record["value_usd"] == value
    elif record["value_usd"] is not None:
        assert (record["value_usd"] > 0) == (value > 0)
    assert record["qualifier"] in QUALIFIERS
    start, end = date.fromisoformat(record["period_start"]), date.fromisoformat(record["period_end"])
    published = datetime.fromisoformat(ARTICLE_BY_PATH[record["path"]]["published_at"]).date()
    assert start <= end < published, "a statistic covers a finished period"
    assert record["change_pct"] is None or isinstance(record["change_pct"], float)
    assert record["share_pct"] is None or 0 < record["share_pct"] <= 100
    assert record["commodity"] is None or record["commodity"].strip() == record["commodity"] != ""


def test_expected_records_are_sorted_and_distinct():
    keys = [(r["path"], r["sentence"]) for r in EXPECTED]
    assert keys == sorted(keys)
    identities = [
        (
            r["path"],
            r["reporter"],
            r["partner"],
            r["flow"],
            r["value"],
            r["period_start"],
            r["period_end"],
            r["commodity"],
        )
        for r in EXPECTED
    ]
    assert len(identities) == len(set(identities))


def test_feeds_point_at_existing_pages_and_together_list_every_article():
    feeds = feed_items()
    listed: dict[str, set[str]] = {}
    for feed, items in feeds.items():
        assert items, f"{feed} lists nothing"
        for link, _ in items:
            path = site_path(link)
            assert (SITE / path).is_file(), link
            listed.setdefault(path, set()).add(link)
    assert set(listed) == set(ARTICLE_BY_PATH)
    in_both = {path for path, variants in listed.items() if len(variants) > 1}
    assert in_both, "some article must appear in both feeds under different URLs (de-duplication)"
    assert any(stamp is None for items in feeds.values() for _, stamp in items), "an undated feed item"


def test_feed_dates_agree_with_the_pages():
    """A feed date is the fallback publication time, so it must not contradict the page's own."""
    for items in feed_items().values():
        for link, stamp in items:
            if stamp is not None:
                published = datetime.fromisoformat(ARTICLE_BY_PATH[site_path(link)]["published_at"])
                assert stamp.utcoffset() is not None and stamp == published, link


def test_served_files_use_the_base_url_token_not_a_fixed_host():
    for path in [*SITE.rglob("*.html"), *SITE.rglob("*.xml")]:
        text = path.read_text(encoding="utf-8")
        assert "127.0.0.1" not in text and "localhost" not in text, path
    assert "Allow: /" in (SITE / "robots.txt").read_text(encoding="utf-8")
