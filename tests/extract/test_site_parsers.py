"""Site parsers: every registered site parses its fixtures to the expected article; host selection."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from extract.model import FeedEntry, FetchResult
from extract.sites import (
    LayoutParser,
    join_pages,
    parse_page,
    parser_for,
    register,
    registered,
    site_module_name,
)
from extract.sites.base import text_blocks

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
PAGES = sorted(FIXTURES.glob("*/*.html"))


def _expected(page: Path) -> dict:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


def _parse(page: Path, url: str | None = None):
    expected = _expected(page)
    fetched_url = url or expected["url"] + "?utm_source=rss&utm_medium=feed"  # as a feed would link it
    parser = parser_for(fetched_url)
    assert parser is not None, f"no parser for {fetched_url}"
    return parser, parser.parse(page.read_bytes(), fetched_url)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_parses_to_expected_article(page: Path) -> None:
    expected = _expected(page)
    parser, article = _parse(page)
    assert parser.name == page.parent.name, "the fixture's folder names the parser that must serve it"
    assert article.extra.get("parser") == parser.name, "the site layout matched (no generic fallback)"
    assert {
        "url": article.url,
        "title": article.title,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "paragraphs": list(article.paragraphs),
    } == expected
    assert article.published_at is None or article.published_at.tzinfo == UTC


def test_every_registered_parser_has_fixtures() -> None:
    missing = [
        p.name
        for p in registered()
        if not any(page.with_suffix(".json").exists() for page in (FIXTURES / p.name).glob("*.html"))
    ]
    assert not missing, f"registered site parsers without fixtures in {FIXTURES}: {missing}"


def test_every_layout_of_every_parser_is_exercised() -> None:
    """A layout kept for archived pages stays tested: each layout has a fixture that uses it."""
    used: dict[str, set[str]] = {}
    for page in PAGES:
        parser, article = _parse(page)
        used.setdefault(parser.name, set()).add(article.extra.get("layout"))
    for parser in registered():
        if isinstance(parser, LayoutParser):
            assert {layout.name for layout in parser.layouts} <= used.get(parser.name, set()), parser.name


def test_fixture_folders_belong_to_registered_parsers() -> None:
    names = {p.name for p in registered()}
    assert {d.name for d in FIXTURES.iterdir() if d.is_dir()} <= names


def test_site_modules_are_found_and_named_after_their_parser() -> None:
    """Every module of extract/sites with a PARSER is imported and registered, and named by the rule."""
    import extract.sites as sites

    modules = [
        importlib.import_module(f"extract.sites.{m.name}") for m in pkgutil.iter_modules(sites.__path__)
    ]
    parsers = {
        module.__name__.rsplit(".", 1)[1]: module.PARSER for module in modules if hasattr(module, "PARSER")
    }
    assert len(parsers) >= 13 and set(parsers.values()) == set(registered())
    misnamed = {module: p.name for module, p in parsers.items() if module != site_module_name(p.name)}
    assert not misnamed, f"site modules not named site_module_name(parser name): {misnamed}"


@pytest.mark.parametrize(
    ("parser_name", "module"),
    [
        ("xinhua", "xinhua"),
        ("24kg", "kg24"),
        ("Gazeta.uz", "gazetauz"),
        ("1tv-news", "tvnews1"),
        ("a_b", "a_b"),
    ],
)
def test_site_module_name_rule(parser_name: str, module: str) -> None:
    assert site_module_name(parser_name) == module and module.isidentifier()


def test_a_new_site_module_is_found_without_being_listed(tmp_path, monkeypatch) -> None:
    import extract.sites as sites
    from extract.sites import registry

    (tmp_path / "examplenews.py").write_text(
        "from datetime import UTC\n"
        "from extract.sites.base import LayoutParser\n"
        "from extract.sites.registry import register\n"
        "PARSER = register(LayoutParser(name='examplenews', hosts=('examplenews.test',), zone=UTC, layouts=()))\n"
    )
    monkeypatch.setattr(sites, "__path__", [*sites.__path__, str(tmp_path)])
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.delitem(sys.modules, "extract.sites.examplenews", raising=False)
    assert parser_for("https://examplenews.test/a.html") is None
    try:
        sites._import_site_modules()
        assert parser_for("https://examplenews.test/a.html").name == "examplenews"
    finally:
        sys.modules.pop("extract.sites.examplenews", None)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://english.news.cn/20250314/abc/c.html", "xinhua"),
        ("http://www.news.cn/english/2021-06/01/c_139983456.htm", "xinhua"),
        ("http://www.xinhuanet.com/english/2019-05/20/c_138074563.htm", "xinhua"),
        ("https://WWW.ChinaDaily.com.cn/a/202503/12/WS67d0.html", "chinadaily"),
        ("https://global.chinadaily.com.cn/a/202503/12/WS67d0.html", "chinadaily"),
        ("https://news.cgtn.com/news/2025-01-20/x/p.html", "cgtn"),
        ("https://www.globaltimes.cn/page/202504/1331642.shtml", "globaltimes"),
        ("http://en.people.cn/n3/2025/0421/c90000-20305512.html", "peoplesdaily"),
        ("http://www.ecns.cn/news/economy/2025-06-13/detail-x.shtml", "ecns"),
        ("https://qazinform.com/news/x-4ad17b", "kazinform"),
        ("https://www.inform.kz/en/x_a4012345", "kazinform"),
        ("https://astanatimes.com/2025/02/x/", "astanatimes"),
        ("https://en.trend.az/business/economy/4012345.html", "trend"),
        ("https://www.trend.az/business/economy/4012345.html", "trend"),
        ("https://akipress.com/news:812345:x/", "akipress"),
        ("https://24.kg/english/325678_x/", "24kg"),
        ("https://www.gazeta.uz/en/2025/04/21/china-trade/", "gazetauz"),
        ("https://tass.com/economy/1929876", "tass"),
    ],
)
def test_parser_for_picks_the_site_by_host(url: str, name: str) -> None:
    parser = parser_for(url)
    assert parser is not None and parser.name == name


@pytest.mark.parametrize(
    "url",
    [
        "https://www.news.cn/politics/2025-03/14/c_1.htm",  # Xinhua's Chinese site: not the English parser
        "https://www.xinhuanet.com/englishman/x.htm",  # a path prefix matches whole segments only
        "https://notchinadaily.com.cn/a/1.html",  # a suffix matches whole labels only
        "https://abc24.kg/english/1/",
        "https://example.org/news/1.html",
        "not a url",
    ],
)
def test_parser_for_returns_none_for_other_sites(url: str) -> None:
    assert parser_for(url) is None


def test_registering_a_host_twice_is_refused() -> None:
    existing = registered()[0]
    with pytest.raises(ValueError):
        register(
            LayoutParser(name="duplicate-host", hosts=(f"www.{existing.hosts[0]}",), zone=UTC, layouts=())
        )
    with pytest.raises(ValueError):
        register(LayoutParser(name=existing.name, hosts=("elsewhere.example",), zone=UTC, layouts=()))


def test_china_daily_pages_are_followed_and_joined_in_order() -> None:
    first_page = FIXTURES / "chinadaily" / "kazakh-wheat-exports-p1.html"
    second_page = FIXTURES / "chinadaily" / "kazakh-wheat-exports-p2.html"
    parser, first = _parse(first_page)
    next_url = parser.next_page_url(first_page.read_bytes(), first.url)
    assert next_url == _expected(second_page)["url"]
    second = parser.parse(second_page.read_bytes(), next_url)
    assert parser.next_page_url(second_page.read_bytes(), next_url) is None  # only "Previous" and "1" links
    joined = join_pages([first, second])
    assert joined.url == _expected(first_page)["url"]
    assert joined.published_at == first.published_at
    assert (
        list(joined.paragraphs) == _expected(first_page)["paragraphs"] + _expected(second_page)["paragraphs"]
    )


def test_sites_without_paging_have_no_next_page() -> None:
    page = FIXTURES / "xinhua" / "china-kazakhstan-rail-freight.html"
    parser, article = _parse(page)
    assert parser.next_page_url(page.read_bytes(), article.url) is None


def test_trend_story_reached_on_another_host_keeps_its_canonical_url() -> None:
    page = FIXTURES / "trend" / "azerbaijan-china-trade.html"
    _, article = _parse(page, url="https://www.trend.az/business/economy/4012345.html")
    assert article.url == "https://en.trend.az/business/economy/4012345.html"


def test_unknown_layout_falls_back_to_the_generic_parser() -> None:
    prose = (
        "Customs figures released on Monday showed that trade between the two countries rose in the "
        "first quarter, helped by new rail services and shorter border inspections. "
    ) * 3
    html = (
        f"<html><head><title>Trade rises</title></head><body><div class='redesigned'><h1>Trade rises</h1>"
        f"<p>{prose}</p><p>{prose}</p></div></body></html>"
    ).encode()
    article = parser_for("https://english.news.cn/20250314/x/c.html").parse(
        html, "https://english.news.cn/x/c.html"
    )
    assert article.extra["parser"].startswith("generic")
    assert article.paragraphs


def test_feed_date_is_the_fallback_when_the_page_shows_none() -> None:
    html = (
        b"<html><body><div class='article_content'>Exports of cotton yarn rose in April, the ministry said."
        b"<br><br>Prices held steady.</div></body></html>"
    )
    entry = FeedEntry(
        url="https://www.globaltimes.cn/page/202505/1.shtml",
        title="Cotton exports rise",
        published_at=datetime(2025, 5, 2, 3, 0, tzinfo=UTC),
    )
    article = parser_for(entry.url).parse(html, entry.url, entry)
    assert article.published_at == entry.published_at and article.published_at_source == "feed"
    assert article.title == "Cotton exports rise"
    assert list(article.paragraphs) == [
        "Exports of cotton yarn rose in April, the ministry said.",
        "Prices held steady.",
    ]


def test_text_blocks_split_at_blocks_and_line_breaks_but_not_inline_markup() -> None:
    container = lxml.html.fragment_fromstring(
        "<div>First <b>bold</b> part.<br>Second line<br><br>Third<p>Para <a href='#'>link</a> end</p>tail</div>"
    )
    assert text_blocks(container) == ["First bold part.", "Second line", "Third", "Para link end", "tail"]


def _result(url: str, body: bytes, ok: bool = True) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=200 if ok else 503,
        headers={"content-type": "text/html"},
        body=body if ok else b"",
        fetched_at=datetime(2025, 3, 12, tzinfo=UTC),
        elapsed_s=0.01,
        error_class=None if ok else "http_status",
    )


def test_parse_page_fetches_and_joins_continuation_pages() -> None:
    first_page = FIXTURES / "chinadaily" / "kazakh-wheat-exports-p1.html"
    second_page = FIXTURES / "chinadaily" / "kazakh-wheat-exports-p2.html"
    second_url = _expected(second_page)["url"]
    requested: list[str] = []

    def fetch(url: str) -> FetchResult:
        requested.append(url)
        return _result(url, second_page.read_bytes() if url == second_url else first_page.read_bytes())

    article = parse_page(first_page.read_bytes(), _expected(first_page)["url"], fetch=fetch)
    assert requested == [second_url]
    assert article.url == _expected(first_page)["url"]
    assert (
        list(article.paragraphs) == _expected(first_page)["paragraphs"] + _expected(second_page)["paragraphs"]
    )
    assert article.extra["pages"] == "2" and "incomplete" not in article.extra


def test_parse_page_never_reads_a_page_twice() -> None:
    first_page = FIXTURES / "chinadaily" / "kazakh-wheat-exports-p1.html"
    requested: list[str] = []

    def fetch(url: str) -> FetchResult:  # a broken pager: page 2 serves page 1 again, whose "Next" is page 2
        requested.append(url)
        return _result(url, first_page.read_bytes())

    article = parse_page(first_page.read_bytes(), _expected(first_page)["url"], fetch=fetch)
    assert len(requested) == 1 and article.extra["pages"] == "2"


def test_parse_page_keeps_what_it_read_when_a_continuation_page_fails() -> None:
    first_page = FIXTURES / "chinadaily" / "kazakh-wheat-exports-p1.html"
    article = parse_page(
        first_page.read_bytes(), _expected(first_page)["url"], fetch=lambda url: _result(url, b"", ok=False)
    )
    assert list(article.paragraphs) == _expected(first_page)["paragraphs"]
    assert article.extra["incomplete"] == "page 2 not fetched: http_status"


def test_parse_page_uses_the_generic_parser_for_other_sites() -> None:
    paragraphs = [
        "Rail freight between the two countries grew steadily through the spring, operators said on Monday.",
        "Most of the extra cargo was grain and fertiliser heading east, while machinery and cars went west.",
        "The operators plan to add two more daily services on the main corridor before the autumn harvest.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"<html><head><title>Freight grows</title></head><body><article>{body}</article></body></html>"
    article = parse_page(html.encode(), "https://news.example.org/freight.html")
    assert article.paragraphs and "parser" not in article.extra
