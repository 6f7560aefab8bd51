"""Publication-date accuracy: how often the parsed `published_at` is the page's true publication time.

Runs the page parsing the pipeline uses (`extract.sites.parse_page`: the site parser for the host,
else the generic one) and, for comparison, the generic parser alone (`parse_article`) over every
fixture page whose true date is known:

- tests/fixtures/sites/<site>/*.html with the expected article in the .json next to it;
- the demo site's pages (flows/demo_site/news/...) with tests/fixtures/demo_articles.json, served
  as under the demo (``__BASE_URL__`` replaced by a loopback URL), each with its entry from the demo's
  RSS/Atom feeds as the pipeline would have it (the feed's date is the fallback the parsers use);
- tests/extract/pages/wire_story.html with the time its unit test expects.

A page counts as an exact match when the instant is equal, as a same-date match when the UTC calendar
date is equal (exact matches included), as wrong when a date was found on another day, as missing when
none was found. Every page is also counted under the signal that gave its date (`published_at_source`).

With the devset's 80 real pages (`--devset`, default ../shared/devset/bodies when present: 16
publishers, crawled February 2024, no true dates of their own) it measures the fallbacks: every page
states its date in metadata, so that date is taken as the truth, the page is stripped of its
structured date signals (date meta tags, JSON-LD, <time datetime>, itemprop dates) and parsed again:
what is left to find the date is the visible date line, the URL, and nothing else (no feed entry).
Times are compared in UTC, so a zone-less local time read as UTC counts as same-date, not exact.
Usage:

    python -m bench.date_accuracy [--no-feed] [--devset DIR | --no-devset] [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import htmldate
import lxml.html

from extract.article_parser import day_start_utc, parse_article, parse_tree
from extract.feeds import parse_feed
from extract.model import Article, FeedEntry
from extract.sites import parse_page
from extract.urls import normalize_url

ROOT = Path(__file__).resolve().parent.parent
SITE_FIXTURES = ROOT / "tests" / "fixtures" / "sites"
DEMO_SITE = ROOT / "flows" / "demo_site"
DEMO_ARTICLES = ROOT / "tests" / "fixtures" / "demo_articles.json"
WIRE_STORY = ROOT / "tests" / "extract" / "pages" / "wire_story.html"
# tests/extract/test_article_parser.py::test_wire_story_page (the page prints a time without a zone)
WIRE_STORY_URL = "https://wire.example.org/english/x.htm"
WIRE_STORY_PUBLISHED = datetime.fromisoformat("2025-03-14T10:32:05+00:00")
DEMO_BASE_URL = "http://127.0.0.1:8765"  # the demo serves its pages with __BASE_URL__ replaced
BASE_URL_TOKEN = b"__BASE_URL__"


@dataclass(frozen=True)
class DatedPage:
    """A fixture page and the publication time it truly carries."""

    origin: str  # which fixture set it comes from
    url: str  # the URL the page was fetched from
    html: bytes
    published_at: datetime  # the true publication time, UTC
    feed_entry: FeedEntry | None = None
    zone: tzinfo | None = None  # the source's `timezone` key, where the run would have one


@dataclass(frozen=True)
class Outcome:
    page: DatedPage
    found: datetime | None
    source: str | None

    @property
    def verdict(self) -> str:
        if self.found is None:
            return "missing"
        if self.found == self.page.published_at:
            return "exact"
        return "same_date" if self.found.date() == self.page.published_at.date() else "wrong"


def site_fixture_pages() -> list[DatedPage]:
    pages = []
    for html_path in sorted(SITE_FIXTURES.glob("*/*.html")):
        expected = json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))
        if expected.get("published_at"):
            pages.append(
                DatedPage(
                    f"sites/{html_path.parent.name}",
                    expected["url"],
                    html_path.read_bytes(),
                    datetime.fromisoformat(expected["published_at"]),
                )
            )
    return pages


def demo_feed_entries() -> dict[str, FeedEntry]:
    """The demo feeds' entries by normalised URL (RSS first: it is the feed the demo sources read)."""
    entries: dict[str, FeedEntry] = {}
    for feed in ("rss.xml", "atom.xml"):
        body = (DEMO_SITE / feed).read_bytes().replace(BASE_URL_TOKEN, DEMO_BASE_URL.encode())
        for entry in parse_feed(body, f"{DEMO_BASE_URL}/{feed}"):
            entries.setdefault(normalize_url(entry.url), entry)
    return entries


def demo_site_pages(with_feed: bool = True) -> list[DatedPage]:
    feed = demo_feed_entries() if with_feed else {}
    pages = []
    for listed in json.loads(DEMO_ARTICLES.read_text(encoding="utf-8")):
        if not listed.get("published_at"):
            continue
        url = f"{DEMO_BASE_URL}/{listed['path']}"
        html = (DEMO_SITE / listed["path"]).read_bytes().replace(BASE_URL_TOKEN, DEMO_BASE_URL.encode())
        pages.append(
            DatedPage(
                "demo_site",
                url,
                html,
                datetime.fromisoformat(listed["published_at"]),
                feed.get(normalize_url(url)),
            )
        )
    return pages


def wire_story_pages() -> list[DatedPage]:
    return [DatedPage("tests/extract/pages", WIRE_STORY_URL, WIRE_STORY.read_bytes(), WIRE_STORY_PUBLISHED)]


DEVSET_BODIES = ROOT.parent / "shared" / "devset" / "bodies"
# Structured date signals removed from the devset pages (the fallbacks are what is measured).
_STRUCTURED_DATE_META = re.compile(r"date|time|publish|modified|issued|created", re.IGNORECASE)
# The publishers' zones, as a sources file would give them with `timezone` (the devset has no site
# parsers): with --devset-zones the pages are read with them.
DEVSET_ZONES = {
    "APNews": "America/New_York",
    "CNBC": "America/New_York",
    "FoxNews": "America/New_York",
    "FreeBeacon": "America/New_York",
    "LATimes": "America/Los_Angeles",
    "OccupyDemocrats": "America/New_York",
    "Reuters": "UTC",
    "TheGatewayPundit": "America/New_York",
    "TheGuardian": "Europe/London",
    "TheIndependent": "Europe/London",
    "TheIntercept": "America/New_York",
    "TheNation": "America/New_York",
    "TheNewYorker": "America/New_York",
    "TheTelegraph": "Europe/London",
    "WashingtonTimes": "America/New_York",
    "iNews": "Europe/London",
}


def devset_pages(root: Path, with_zones: bool = False) -> list[DatedPage]:
    """The real pages, each with the date its own metadata states (pages without one are left out)."""
    truth = json.loads((root / "ground_truth.json").read_text(encoding="utf-8"))
    pages = []
    for name, item in sorted(truth.items()):
        html = gzip.decompress((root / "html" / name).read_bytes())
        article = parse_page(html, item["url"], content_type="text/html")
        if article.published_at is None or not (article.published_at_source or "").startswith(
            ("meta:", "jsonld:")
        ):
            continue
        publisher = name.split("_")[0]
        zone = ZoneInfo(DEVSET_ZONES[publisher]) if with_zones and publisher in DEVSET_ZONES else None
        pages.append(
            DatedPage(
                f"devset/{publisher}", item["url"], _strip_date_signals(html), article.published_at, zone=zone
            )
        )
    return pages


def _strip_date_signals(html: bytes) -> bytes:
    tree = parse_tree(html.decode("utf-8", errors="replace"))
    if tree is None:
        return html
    for element in tree.xpath("//meta"):
        names = " ".join(
            filter(
                None,
                (
                    element.get("name"),
                    element.get("property"),
                    element.get("itemprop"),
                    element.get("http-equiv"),
                ),
            )
        )
        if names and _STRUCTURED_DATE_META.search(names):
            element.drop_tree()
    for element in tree.xpath("//script[@type='application/ld+json']"):
        element.drop_tree()
    for element in tree.xpath("//*[@datetime]"):
        del element.attrib["datetime"]
    for element in tree.xpath("//*[@itemprop]"):
        if _STRUCTURED_DATE_META.search(element.get("itemprop")):
            del element.attrib["itemprop"]
    return lxml.html.tostring(tree, encoding="utf-8")


def dated_pages(with_feed: bool = True) -> list[DatedPage]:
    return site_fixture_pages() + demo_site_pages(with_feed) + wire_story_pages()


def pipeline_parse(page: DatedPage) -> Article:
    return parse_page(
        page.html, page.url, content_type="text/html", feed_entry=page.feed_entry, zone=page.zone
    )


def generic_parse(page: DatedPage) -> Article:
    return parse_article(page.html, page.url, content_type="text/html", feed_entry=page.feed_entry)


def htmldate_parse(page: DatedPage) -> Article:
    """htmldate alone, as trafilatura installs it, in its non-guessing settings: original (publication)
    date, no extensive search (no copyright-year or single-component fallbacks). It returns a date
    without a zone, so it is compared as that day at 00:00 UTC."""
    found = htmldate.find_date(page.html, extensive_search=False, original_date=True, url=page.url)
    published = day_start_utc(datetime.strptime(found, "%Y-%m-%d").date()) if found else None
    return Article(
        url=page.url,
        title=None,
        published_at=published,
        paragraphs=(),
        published_at_source="htmldate" if found else None,
    )


def evaluate(pages: Iterable[DatedPage], parse: Callable[[DatedPage], Article]) -> dict:
    outcomes = []
    for page in pages:
        article = parse(page)
        outcomes.append(Outcome(page, article.published_at, article.published_at_source))
    verdicts = Counter(o.verdict for o in outcomes)
    by_signal: dict[str, Counter] = defaultdict(Counter)
    for outcome in outcomes:
        by_signal[outcome.source or "(none)"][outcome.verdict] += 1
    return {
        "pages": len(outcomes),
        "exact": verdicts["exact"],
        "same_utc_date": verdicts["exact"] + verdicts["same_date"],
        "missing": verdicts["missing"],
        "wrong": verdicts["wrong"],
        "by_signal": {signal: dict(counts) for signal, counts in sorted(by_signal.items())},
        "not_exact": [
            {
                "origin": o.page.origin,
                "url": o.page.url,
                "true": o.page.published_at.isoformat(),
                "found": o.found.isoformat() if o.found else None,
                "source": o.source,
                "verdict": o.verdict,
            }
            for o in outcomes
            if o.verdict != "exact"
        ],
    }


def _report(name: str, result: dict) -> None:
    total = result["pages"] or 1
    print(f"== {name}: {result['pages']} pages")
    print(f"  exact instant   {result['exact']:>3} ({result['exact'] / total:.0%})")
    print(f"  same UTC date   {result['same_utc_date']:>3} ({result['same_utc_date'] / total:.0%})")
    print(f"  missing         {result['missing']:>3}")
    print(f"  wrong date      {result['wrong']:>3}")
    print(f"  {'signal':<34} {'exact':>5} {'date':>5} {'wrong':>5} {'none':>5}")
    for signal, counts in result["by_signal"].items():
        print(
            f"  {signal:<34} {counts.get('exact', 0):>5} {counts.get('same_date', 0):>5} "
            f"{counts.get('wrong', 0):>5} {counts.get('missing', 0):>5}"
        )
    for miss in result["not_exact"]:
        print(
            f"  {miss['verdict']:<9} {miss['url']}  true {miss['true']}  found {miss['found']} ({miss['source']})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-feed", action="store_true", help="parse without the demo pages' feed entries")
    parser.add_argument("--json", type=Path, help="write the results (and every non-exact page) to this file")
    parser.add_argument(
        "--devset",
        type=Path,
        default=DEVSET_BODIES,
        help="the devset's real pages (ground_truth.json, html/); measured when present",
    )
    parser.add_argument("--no-devset", action="store_true", help="leave the devset pages out")
    args = parser.parse_args(argv)
    pages = dated_pages(with_feed=not args.no_feed)
    results = {
        "parse_page (pipeline)": evaluate(pages, pipeline_parse),
        "parse_article (generic only)": evaluate(pages, generic_parse),
    }
    results["htmldate alone"] = evaluate(pages, htmldate_parse)
    if not args.no_devset and (args.devset / "ground_truth.json").is_file():
        stripped = devset_pages(args.devset)
        results["devset pages without structured dates (parse_page)"] = evaluate(stripped, pipeline_parse)
        results["devset pages without structured dates (htmldate alone)"] = evaluate(stripped, htmldate_parse)
        results["devset pages without structured dates (parse_page, publishers' timezone keys)"] = evaluate(
            devset_pages(args.devset, with_zones=True), pipeline_parse
        )
    origins = Counter(page.origin.split("/")[0] for page in pages)
    print(
        f"pages with a known date: {len(pages)} ({', '.join(f'{k}: {v}' for k, v in sorted(origins.items()))}); "
        f"feed entries: {sum(page.feed_entry is not None for page in pages)}"
    )
    for name, result in results.items():
        _report(name, result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
