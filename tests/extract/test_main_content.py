"""extract.main_content: the fast extractor on realistic page furniture, and when it says it is unsure."""

from __future__ import annotations

import json

import lxml.html
import pytest

from extract.article_parser import clean_paragraphs, parse_article, parse_tree
from extract.main_content import extract_main_content

URL = "https://news.example.org/business/2025/06/grain-terminal.html"

STORY = [
    "The new grain terminal on the eastern bank of the river handled its first full train on Monday, the port "
    "operator said, three weeks later than planned because of a shortage of hopper wagons.",
    "Farmers in the surrounding districts have waited two seasons for the terminal, which cuts the road journey "
    "to the nearest elevator by roughly 140 kilometres and lets cooperatives sell directly to exporters.",
    "The operator expects to move about 1.2 million tonnes of wheat and barley in its first year, rising to two "
    "million once a second loading line and a drying plant are finished next spring.",
    "Regional officials said the project had been financed by a consortium of three local banks and a state "
    "development fund, and that tariffs would be reviewed after the first harvest season.",
]

NAV = (
    "<nav class='main-nav'><ul>"
    + "".join(f"<li><a href='/section/{n}'>Section {n}</a></li>" for n in range(40))
    + "</ul></nav>"
)
SCRIPTS = (
    '<script>window.__STATE__ = {"user": null, "items": ['
    + ",".join(['{"id": 1}'] * 300)
    + "]};</script><script>(function(){var a=1;})();</script>"
)
RELATED = (
    "<div class='related-stories'><h2>Related stories</h2><ul>"
    + "".join(
        f"<li><a href='/story/{n}'>Another headline about river ports and freight number {n}</a></li>"
        for n in range(8)
    )
    + "</ul></div>"
)
FOOTER = "<footer><p>Copyright 2025 Example News. All rights reserved.</p><a href='/about'>About</a></footer>"


def page(article: str, *, head: str = "", around: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Grain terminal</title>{head}"
        f"{SCRIPTS}</head><body><header>{NAV}</header>{around}<main>{article}{RELATED}</main>{FOOTER}"
        f"{SCRIPTS}</body></html>"
    )


def paragraphs_html(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def extract(html: str):
    return extract_main_content(parse_tree(html))


def test_story_among_navigation_scripts_related_links_and_footer():
    result = extract(
        page(
            f"<article><h1>Grain terminal opens</h1><div class='story-body'>{paragraphs_html(STORY)}"
            "</div></article>"
        )
    )
    assert result.confident, result.reason
    assert list(result.paragraphs) == STORY
    assert result.prose_share == 1.0


def test_captions_share_bar_byline_and_embedded_post_are_left_out():
    article = (
        "<article><div class='article-body'>"
        "<div class='byline'>By A. Correspondent, Business desk</div>"
        "<div class='share-bar'><a href='#'>Share</a> <a href='#'>Tweet</a> <a href='#'>Email</a></div>"
        f"<p>{STORY[0]}</p>"
        "<figure><img src='t.jpg'><figcaption>Wagons wait at the terminal on Monday. Photo: Port operator"
        "</figcaption></figure>"
        f"<p>{STORY[1]}</p>"
        "<blockquote class='twitter-tweet'><p>What a day at the new terminal, first train loaded!</p>"
        "<a href='https://x.example/s/1'>June 2, 2025</a></blockquote>"
        f"{paragraphs_html(STORY[2:])}"
        "<div class='image-caption'>A conveyor at the drying plant under construction.</div>"
        "</div></article>"
    )
    result = extract(page(article))
    assert result.confident, result.reason
    assert list(result.paragraphs) == STORY


def test_headings_quotes_and_list_items_inside_the_story_are_kept_in_order():
    article = (
        f"<article><div class='entry-content'><p>{STORY[0]}</p><h2>What the terminal changes</h2>"
        f"<p>{STORY[1]}</p><ul><li>Shorter road journeys for farmers in three districts</li>"
        f"<li>Direct sales from cooperatives to exporters</li></ul>"
        f"<blockquote>We have waited for this for two seasons, one cooperative chairman said.</blockquote>"
        f"{paragraphs_html(STORY[2:])}</div></article>"
    )
    result = extract(page(article))
    assert list(result.paragraphs) == [
        STORY[0],
        "What the terminal changes",
        STORY[1],
        "Shorter road journeys for farmers in three districts",
        "Direct sales from cooperatives to exporters",
        "We have waited for this for two seasons, one cooperative chairman said.",
        *STORY[2:],
    ]


def test_cookie_banner_and_newsletter_box_are_not_story_text():
    banner = (
        "<div id='cookie-consent' class='banner'><p>We use cookies and similar technologies to improve your "
        "experience, to measure traffic and to show you personalised advertising. Accept or manage.</p></div>"
    )
    newsletter = (
        "<div class='newsletter-signup'><p>Get the morning business briefing in your inbox every weekday, "
        "free of charge.</p></div>"
    )
    result = extract(
        page(
            f"<article><div class='article-body'>{paragraphs_html(STORY[:2])}{newsletter}"
            f"{paragraphs_html(STORY[2:])}</div></article>",
            around=banner,
        )
    )
    assert result.confident, result.reason
    assert list(result.paragraphs) == STORY


def test_story_split_over_sibling_blocks_with_an_advert_between():
    article = (
        "<article><div class='body'>"
        f"<div class='text-block'>{paragraphs_html(STORY[:2])}</div>"
        "<div class='ad-slot'><p>Advertisement: the best savings rates of the month, compared for you.</p></div>"
        f"<div class='text-block'>{paragraphs_html(STORY[2:])}</div>"
        "</div></article>"
    )
    result = extract(page(article))
    assert result.confident, result.reason
    assert list(result.paragraphs) == STORY


def test_text_separated_by_double_line_breaks_becomes_paragraphs():
    body = (
        "<br><br>".join(STORY[:2])
        + "<br><br>"
        + STORY[2].replace(" rising to", "<br>rising to")
        + "<br>\n<br>"
        + STORY[3]
    )
    result = extract(page(f"<div class='content'><div class='article_content'>{body}</div></div>"))
    assert result.confident, result.reason
    assert list(result.paragraphs) == STORY


def test_screen_reader_labels_and_hidden_elements_are_not_read():
    linked = STORY[0].replace(
        "the port operator",
        "the <a href='/op'>port operator<span style='border:0;"
        "clip:rect(0 0 0 0);overflow:hidden;position:absolute'>, opens new tab</span></a>",
    )
    hidden = "<div style='display: none'><p>Subscribe now to keep reading this and every other story we publish.</p></div>"
    result = extract(
        page(
            f"<article><div class='article-body'><p>{linked}</p>{hidden}"
            f"{paragraphs_html(STORY[1:])}</div></article>"
        )
    )
    assert list(result.paragraphs) == STORY


def test_box_of_links_inside_the_story_is_dropped_but_a_sentence_with_a_link_is_kept():
    with_link = (
        "According to <a href='/data'>figures from the statistics office</a>, wheat exports through "
        "river ports rose by a fifth last year."
    )
    trending = (
        "<div class='inline-box'><strong>Trending:</strong> <a href='/t/1'>Mayor opens new bridge after "
        "two years of works</a></div>"
    )
    result = extract(
        page(
            f"<article><div class='article-body'>{paragraphs_html(STORY[:2])}{trending}"
            f"<p>{with_link}</p>{paragraphs_html(STORY[2:])}</div></article>"
        )
    )
    plain_link = with_link.replace("<a href='/data'>", "").replace("</a>", "")
    assert list(result.paragraphs) == [*STORY[:2], plain_link, *STORY[2:]]


def test_short_story_is_not_trusted():
    result = extract(page(f"<article><div class='article-body'><p>{STORY[0]}</p></div></article>"))
    assert not result.confident
    assert result.reason == "short"
    assert list(result.paragraphs) == [STORY[0]]


def test_prose_elsewhere_on_the_page_makes_the_result_untrusted():
    """A second body of prose far from the chosen container (a digest of other stories at the page's foot):
    the result may be the wrong one of the two."""
    other = [s.replace("grain", "cotton").replace("wheat", "lint") for s in STORY]
    digest = f"<div class='digest'><div class='digest-items'>{paragraphs_html(other)}</div></div>"
    result = extract(
        page(f"<article><div class='story-body'>{paragraphs_html(STORY)}</div></article>", around=digest)
    )
    assert not result.confident
    assert result.reason == "prose elsewhere on the page"


def test_long_reader_comments_make_the_result_untrusted_and_are_never_returned():
    comments = "".join(
        f"<div class='comment'><p>{s.replace('terminal', 'project')}</p></div>" for s in STORY * 2
    )
    result = extract(
        page(
            f"<article><div class='article-body'>{paragraphs_html(STORY)}</div>"
            f"<section id='comments'>{comments}</section></article>"
        )
    )
    assert list(result.paragraphs) == STORY
    assert not result.confident


def test_link_list_page_yields_nothing_trusted():
    result = extract(page("<div class='index'>" + RELATED * 3 + "</div>"))
    assert not result.confident
    assert result.paragraphs == ()


def test_tree_is_left_as_it_was():
    tree = parse_tree(page(f"<article><div class='article-body'>{paragraphs_html(STORY)}</div></article>"))
    before = lxml.html.tostring(tree)
    extract_main_content(tree)
    assert lxml.html.tostring(tree) == before


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><body><p></p><br><br></body></html>",
        "<p>only a fragment of text</p>",
    ],
)
def test_empty_and_odd_pages_give_an_untrusted_empty_result(html):
    result = extract(html)
    assert not result.confident


def test_parse_article_uses_the_fast_path_for_a_plain_story():
    html = page(
        f"<article><h1>Grain terminal opens</h1><div class='story-body'>{paragraphs_html(STORY)}</div>"
        "</article>",
        head="<meta property='article:published_time' content='2025-06-02T08:15:00+00:00'>",
    )
    article = parse_article(html.encode(), URL)
    assert article.extra["body_source"] == "main_content"
    assert list(article.paragraphs) == STORY
    assert article.published_at.isoformat() == "2025-06-02T08:15:00+00:00"


def test_parse_article_falls_back_to_trafilatura_when_unsure():
    short = f"<article><div class='article-body'><p>{STORY[0]}</p><p>{STORY[1]}</p></div></article>"
    article = parse_article(page(short).encode(), URL)
    assert article.extra["body_source"].startswith("trafilatura")
    assert list(article.paragraphs) == STORY[:2]


def test_parse_article_prefers_jsonld_body_over_a_teaser_even_when_the_teaser_looks_fine():
    teaser = [STORY[0], STORY[1]]
    full = "\n\n".join(STORY + [s.replace("terminal", "port") for s in STORY])
    head = (
        "<script type='application/ld+json'>"
        + json.dumps({"@type": "NewsArticle", "headline": "Grain terminal opens", "articleBody": full})
        + "</script>"
    )
    html = page(
        f"<article><div class='article-body'>{paragraphs_html(teaser)}<p>{STORY[2]}</p></div></article>",
        head=head,
    )
    article = parse_article(html.encode(), URL)
    assert article.extra["body_source"] == "jsonld:articleBody"
    assert len(article.paragraphs) == 8


def test_paragraphs_straight_under_body_never_read_the_head():
    html = (
        f"<html><head><title>Grain terminal | Example News</title><style>p {{margin: 0}}</style></head>"
        f"<body>{paragraphs_html(STORY)}</body></html>"
    )
    result = extract(html)
    assert result.confident, result.reason
    assert list(result.paragraphs) == STORY


def test_chinese_story_with_full_width_punctuation():
    story = [
        "中欧班列今年前五个月开行数量同比增长，货物种类从电子产品扩展到汽车配件、农产品和日用百货，沿线城市的物流企业纷纷增加仓储面积。"
        * 4,
        "海关部门表示，通关时间进一步缩短，企业可以通过电子口岸一次申报，查验比例也有所下降，口岸运行效率明显提高。"
        * 4,
        "业内人士认为，随着新的物流园区投入使用，跨境运输成本有望继续下降，更多中小企业将参与国际贸易。" * 4,
    ]
    result = extract(page(f"<article><div class='article-body'>{paragraphs_html(story)}</div></article>"))
    assert result.confident, result.reason
    assert list(result.paragraphs) == story


@pytest.mark.parametrize(
    "line",
    [
        "(Web editor: Li Wei, Chen Mei)",
        "Source(s): Example Agency",
        "Sources: Example Agency",
        "Newspaper headline: Border trade grows",
        "1 2 Next",
        "Previous 1 2 3 Next page",
    ],
)
def test_cleaning_drops_editor_source_and_pagination_lines(line):
    assert clean_paragraphs([STORY[0], line, STORY[1]]) == [STORY[0], STORY[1]]


def test_page_info_line_and_source_box_inside_the_story_are_furniture():
    article = (
        "<div class='content'><h1>Grain terminal opens</h1>"
        "<div class='info'>2025-06-02 16:15:00 <span>Example News App Download</span></div>"
        f"{paragraphs_html(STORY)}<div class='article-source'>Print edition headline: terminal opens</div>"
        "<div id='pager'><span>1</span> <a href='p2.html'>2</a> <a href='p2.html'>Next</a></div></div>"
    )
    result = extract(page(article))
    assert result.confident, result.reason
    assert list(result.paragraphs) == ["Grain terminal opens", *STORY]


def test_furniture_word_on_the_wrapper_of_the_story_does_not_hide_it():
    article = (
        f"<div class='page page-hero-ad-hidden'><div class='post-share-container'>"
        f"<div class='share-buttons'><a href='#'>Share</a></div>{paragraphs_html(STORY)}</div></div>"
    )
    result = extract(page(article))
    assert result.confident, result.reason
    assert list(result.paragraphs) == STORY


def test_reader_comments_marked_up_as_articles_are_left_out():
    comments = "".join(
        f"<article class='comment'><p>I drive this road every week and the queues are "
        f"terrible, good news at last number {n}.</p></article>"
        for n in range(2)
    )
    result = extract(
        page(
            f"<article class='story'><div class='story-body'>{paragraphs_html(STORY)}</div>"
            f"<section class='responses'>{comments}</section></article>"
        )
    )
    assert list(result.paragraphs) == STORY
