"""parse_article: metadata signals in order, body from the page minus what is not article text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from extract.article_parser import PageMetadata, clean_paragraphs, page_metadata, parse_article, parse_tree
from extract.model import FeedEntry

PAGES = Path(__file__).parent / "pages"
URL = "https://news.example.org/economy/2024/05/story.html"

PROSE = [
    "Trade between the two neighbours rose steadily in the first four months of the year, customs officials said "
    "on Tuesday, as new border crossings and faster inspections shortened the waiting time for lorries.",
    "Exporters of machinery and household appliances reported the largest gains, while shipments of farm produce "
    "moved more slowly because of a late spring in the northern provinces.",
    "The customs service said it would add two more inspection lanes at the busiest crossing before the summer, "
    "and that electronic declarations now cover almost all cargo entering the country by road.",
    "Business groups welcomed the figures but warned that rail capacity on the main corridor remains tight, "
    "with freight operators booking wagons weeks in advance during the harvest season.",
]


def make_page(
    head: str = "",
    before_body: str = "",
    paragraphs: list[str] | None = None,
    after_body: str = "",
    lang: str = "en",
    h1: str = "Cross-border trade rises in spring",
) -> bytes:
    """A realistic news page: navigation, ads and scripts around an article."""
    paras = "\n".join(f"<p>{p}</p>" for p in (PROSE if paragraphs is None else paragraphs))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{h1} | Example News</title>{head}
<script>var _paq = window._paq || []; _paq.push(['trackPageView']);</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/economy">Economy</a></li><li><a href="/world">World</a></li></ul></nav>
<aside class="ad"><a href="https://ads.example.net/c?id=9">Advertisement</a></aside>
<main><article><h1>{h1}</h1>{before_body}
<div class="article-body">{paras}</div>{after_body}</article></main>
<footer><p>Contact us</p><p>Terms of use</p></footer>
</body></html>""".encode()


def jsonld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def test_wire_story_page():
    article = parse_article(
        (PAGES / "wire_story.html").read_bytes(), "https://wire.example.org/english/x.htm"
    )
    assert article.url == "https://wire.example.org/english/2025-03/14/c_7731.htm"
    assert article.title == "Rail freight between Kazakhstan and China keeps growing"
    assert article.published_at == datetime(2025, 3, 14, 10, 32, 5, tzinfo=UTC)
    assert article.published_at_source == "text:timestamp"
    assert article.language == "en"
    assert article.paragraphs[0].startswith("ALMATY, March 14")
    body = article.body
    for unwanted in (
        "Example Wire/",
        "Photo taken on",
        "Editor:",
        "Related stories",
        "Today's Recommendations",
        "New border terminal opens",
        "All rights reserved",
        "Share",
        "\u25a0",
        "Home",
    ):
        assert unwanted not in body, unwanted
    assert len(article.paragraphs) == 5
    assert article.paragraphs[-1].endswith("relieve congestion at the existing stations.")


def test_meta_published_time_wins_and_is_converted_to_utc():
    page = make_page(
        head='<meta property="article:published_time" content="2024-05-14T18:05:00+08:00">'
        + jsonld(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "datePublished": "2024-05-10T00:00:00Z",
            }
        ),
        before_body='<time datetime="2024-05-01T00:00:00Z">1 May</time>',
    )
    article = parse_article(page, URL)
    assert article.published_at == datetime(2024, 5, 14, 10, 5, tzinfo=UTC)
    assert article.published_at_source == "meta:article:published_time"


@pytest.mark.parametrize(
    ("head", "source"),
    [
        ('<meta itemprop="datePublished" content="2024-05-14T10:05:00Z">', "meta:itemprop:datePublished"),
        ('<meta name="DC.date" content="2024-05-14T10:05:00Z">', "meta:DC.date"),
        ('<meta name="pubdate" content="2024-05-14T10:05:00Z">', "meta:pubdate"),
    ],
)
def test_other_meta_date_signals(head, source):
    article = parse_article(make_page(head=head), URL)
    assert (article.published_at, article.published_at_source) == (
        datetime(2024, 5, 14, 10, 5, tzinfo=UTC),
        source,
    )


def test_jsonld_graph_gives_date_and_headline():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Example News"},
            {
                "@type": ["NewsArticle"],
                "headline": "Trade rises as new crossings open",
                "datePublished": "2024-05-14T10:05:00+00:00",
            },
        ],
    }
    article = parse_article(make_page(head=jsonld(graph)), URL)
    assert article.published_at == datetime(2024, 5, 14, 10, 5, tzinfo=UTC)
    assert article.published_at_source == "jsonld:datePublished"
    assert article.title == "Trade rises as new crossings open"


def test_time_element_then_feed_date():
    with_time = make_page(
        before_body='<p class="byline">By A. Writer <time datetime="2024-05-14T10:05:00Z">May 14</time></p>'
    )
    article = parse_article(with_time, URL)
    assert (article.published_at, article.published_at_source) == (
        datetime(2024, 5, 14, 10, 5, tzinfo=UTC),
        "time:datetime",
    )

    entry = FeedEntry(url=URL, title="From the feed", published_at=datetime(2024, 5, 13, 22, 0, tzinfo=UTC))
    article = parse_article(make_page(), URL, feed_entry=entry)
    assert (article.published_at, article.published_at_source) == (entry.published_at, "feed")


def test_naive_visible_timestamp_uses_the_given_zone():
    page = make_page(before_body="<div class='info'>Updated: 2024-05-14 18:05</div>")
    beijing = timezone(timedelta(hours=8))
    article = parse_article(page, URL, naive_tz=beijing)
    assert article.published_at == datetime(2024, 5, 14, 10, 5, tzinfo=UTC)
    assert article.published_at.tzinfo is UTC


def test_implausible_dates_are_ignored():
    page = make_page(head='<meta property="article:published_time" content="2999-01-01T00:00:00Z">')
    assert parse_article(page, URL).published_at is None


def test_title_order_og_then_h1_then_title():
    assert (
        parse_article(make_page(head='<meta property="og:title" content="OG headline">'), URL).title
        == "OG headline"
    )
    assert parse_article(make_page(), URL).title == "Cross-border trade rises in spring"


def test_body_excludes_headline_navigation_and_footer():
    article = parse_article(make_page(), URL)
    assert list(article.paragraphs) == PROSE
    assert article.language == "en"
    assert article.extra["body_source"] == "main_content"  # a plain story page takes the fast extractor


def test_jsonld_article_body_when_html_has_only_a_teaser():
    full_text = "\n\n".join(PROSE)
    page = make_page(
        head=jsonld({"@type": "NewsArticle", "headline": "Trade rises", "articleBody": full_text}),
        paragraphs=["Subscribe to read the full story about cross-border trade."],
    )
    article = parse_article(page, URL)
    assert list(article.paragraphs) == PROSE
    assert article.extra["body_source"] == "jsonld:articleBody"


def test_canonical_is_absolute_and_normalised():
    page = make_page(head='<link rel="canonical" href="/economy/2024/05/story.html?utm_source=tw#top">')
    assert (
        parse_article(page, "https://www.news.example.org/x?id=1").url
        == "https://news.example.org/economy/2024/05/story.html"
    )
    assert (
        parse_article(make_page(), "https://WWW.news.example.org/a?spm=1#b").url
        == "https://news.example.org/a"
    )


def test_gb2312_page_decodes_to_chinese():
    chinese = [
        "今年前四个月，两国边境口岸的货物通关量稳步增长，海关部门表示新建的查验通道明显缩短了货车的等候时间。",
        "机械设备和家用电器的出口增幅最大，而农产品的运输因北方春季来得较晚而有所放缓。",
        "海关方面表示，将在夏季之前为最繁忙的口岸增设两条查验通道，电子报关已经覆盖几乎全部公路进境货物。",
    ]
    page = make_page(paragraphs=chinese, lang="zh-CN", h1="边境贸易春季回升").replace(b'charset="utf-8"', b"")
    page = page.decode().replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    article = parse_article(page.encode("gb2312"), URL)
    assert article.title == "边境贸易春季回升"
    assert article.language == "zh"
    assert article.extra["encoding"] == "gb18030"
    assert "查验通道" in article.body


def test_xhtml_with_xml_declaration_parses():
    page = b'<?xml version="1.0" encoding="utf-8"?>\n' + make_page()
    assert parse_article(page, URL).paragraphs


@pytest.mark.parametrize(
    "body", [b"", b"   ", b"\x00\xff\xfe garbage", b"<html><body><nav>Home</nav></body></html>"]
)
def test_page_without_text_gives_empty_paragraphs(body):
    article = parse_article(body, URL)
    assert article.paragraphs == ()
    assert article.url == URL


def test_clean_paragraphs_drops_what_is_not_article_text():
    dirty = [
        "Exports of steel pipes rose in April, the ministry said.",
        "Workers load containers at a port in Tianjin, May 3, 2024. (Xinhua/Wang Peng)",
        "Photo: A train leaves the logistics centre.",
        "Caption: Trucks queue at the border.",
        "Photo taken on May 2, 2024 shows a cargo terminal.",
        "Cranes at the river port on Monday Credit: Example Agency/Getty",
        "The ministry expects the trend to continue into the summer months.",
        "[Editor: Li Na]",
        "Source: Example Wire",
        "Edited by Chen Yu",
        "Share this article",
        "Subscribe to our newsletter",
        "___",
        "Steel prices hold steady Steel prices hold steady",
        "Read more: Steel prices hold steady",
        "Copyright 2024 Example News. All rights reserved.",
        "Officials will publish the next figures in June. \u25a0",
        "Wang Fang is a senior economics reporter for Example News.",
    ]
    assert clean_paragraphs(dirty) == [
        "Exports of steel pipes rose in April, the ministry said.",
        "The ministry expects the trend to continue into the summer months.",
        "Officials will publish the next figures in June.",
    ]


def test_closing_list_heading_ends_the_body_once_the_article_is_told():
    story = [
        PROSE[0],
        PROSE[1],
        PROSE[2],
        "Related stories",
        "Steel output climbs",
        "A teaser sentence about another story that ends with a full stop.",
    ]
    assert clean_paragraphs(story) == PROSE[:3]


def test_early_list_box_skips_only_the_link_titles():
    story = [
        PROSE[0],
        "Today's Recommendations",
        "Steel output climbs",
        "Port traffic data released",
        PROSE[1],
        PROSE[2],
        PROSE[3],
    ]
    assert clean_paragraphs(story) == PROSE


def test_clean_paragraphs_keeps_prose_after_a_link_list_and_ordinary_parentheses():
    text = [
        "Read more",
        "Short link title",
        "Growth came mainly from machinery (about a third of the total) and from farm goods sold to neighbours.",
        "Imports and exports (in yuan terms/official data) both rose.",
    ]
    assert clean_paragraphs(text) == text[2:]


def test_embedded_social_post_is_dropped():
    post = (
        "Exports are up again this spring https://t.co/AbC123 \u2014 Trade Watcher (@tradewatch) May 14, 2024"
    )
    assert clean_paragraphs([PROSE[0], post]) == [PROSE[0]]


def test_date_only_signal_yields_to_a_precise_one_on_the_same_day():
    head = '<meta name="DC.date" content="2024-05-14">' + jsonld(
        {"@type": "NewsArticle", "datePublished": "2024-05-14T10:05:00Z"}
    )
    article = parse_article(make_page(head=head), URL)
    assert (article.published_at, article.published_at_source) == (
        datetime(2024, 5, 14, 10, 5, tzinfo=UTC),
        "jsonld:datePublished",
    )
    head = '<meta name="DC.date" content="2024-05-14">' + jsonld(
        {"@type": "NewsArticle", "datePublished": "2024-05-20T10:05:00Z"}
    )
    article = parse_article(make_page(head=head), URL)
    assert (article.published_at, article.published_at_source) == (
        datetime(2024, 5, 14, tzinfo=UTC),
        "meta:DC.date",
    )


def test_page_metadata_is_the_public_reading_of_a_page():
    head = (
        '<meta property="og:title" content="Trade rises in spring">'
        '<link rel="canonical" href="/economy/2024/05/story.html?utm_source=x">'
        '<meta property="article:published_time" content="2024-05-14 18:05">'
    )
    tree = parse_tree(make_page(head=head, lang="en-GB").decode())
    metadata = page_metadata(tree, URL, naive_tz=timezone(timedelta(hours=8)))
    assert metadata == PageMetadata(
        title="Trade rises in spring",
        canonical_url="https://news.example.org/economy/2024/05/story.html",
        published_at=datetime(2024, 5, 14, 10, 5, tzinfo=UTC),
        published_at_source="meta:article:published_time",
        language="en",
    )
    entry = FeedEntry(url=URL, title="From the feed", published_at=datetime(2024, 5, 13, 22, 0, tzinfo=UTC))
    bare = page_metadata(
        parse_tree("<html><body><p>No signals here.</p></body></html>"), URL, feed_entry=entry
    )
    assert (bare.title, bare.published_at, bare.published_at_source) == (
        "From the feed",
        entry.published_at,
        "feed",
    )
    assert bare.canonical_url is None and bare.language is None
    assert parse_tree("  ") is None


def test_text_split_only_by_double_line_breaks_becomes_paragraphs():
    """An older CMS: the whole story in one <div>, paragraphs separated by <br><br>, no <p> at all."""
    story = "<br><br>\n".join(PROSE[:3]) + "<br>&nbsp;<br>" + PROSE[3]
    page = f"""<html><head><title>Border trade grows | Old Times</title></head><body>
<div class="menu"><a href="/">Home</a> | <a href="/biz">Business</a></div>
<table><tr><td class="title">Border trade grows</td></tr>
<tr><td class="time">Source: Old Times Published: 2018/5/14 19:43:01</td></tr>
<tr><td class="content"><img src="/a.jpg"><br>Lorries wait at the border crossing. Photo: IC<br><br>
{story}<br><br></td></tr></table>
<div class="foot">About us<br><br>Contact</div></body></html>"""
    article = parse_article(page.encode(), "http://old.example.org/content/1102345.shtml")
    assert list(article.paragraphs) == PROSE


def test_a_paragraph_holding_several_keeps_single_line_breaks_and_inline_markup():
    first = PROSE[0].replace("customs officials said", "customs officials <b>said</b>")
    second = PROSE[1].replace(
        "reported the largest", "reported<br>the largest"
    )  # one <br>: a line, not a paragraph
    page = make_page(paragraphs=[f"{first}<br/><br/>{second}<br><br><br>{PROSE[2]}", PROSE[3]])
    article = parse_article(page, URL)
    assert list(article.paragraphs) == [PROSE[0], PROSE[1], PROSE[2], PROSE[3]]


def test_line_break_paragraphs_leave_the_metadata_tree_alone():
    page = make_page(
        before_body="<div class='info'>Updated:<br><br>2024-05-14 18:05</div>",
        paragraphs=["<br><br>".join(PROSE)],
    )
    article = parse_article(page, URL)
    assert list(article.paragraphs) == PROSE
    assert article.published_at == datetime(2024, 5, 14, 18, 5, tzinfo=UTC)
