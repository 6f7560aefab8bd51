"""Every source of a publication date, one test each: meta tag, JSON-LD, feed entry, each visible
date-line form, each URL form, a site parser's zone and the sources file's `timezone` key.

Zone-less local times are read in the source's zone; a date without a time of day is that day at
00:00 UTC; nothing is guessed (no date at all gives None).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from extract.article_parser import parse_article, url_date
from extract.model import FeedEntry
from extract.sites import parse_page, parser_for
from flows.config import SourcesError, load_sources

ALMATY = ZoneInfo("Asia/Almaty")
URL = "https://ledger.example.org/business/rail-freight-grows.html"  # no date in it
PROSE = (
    "<p>Freight trains between the two countries carried more containers than ever, the railway operator "
    "said, as new sidings at the border station shortened the time wagons wait for their change of gauge.</p>"
    "<p>Shippers of machinery and consumer goods booked most of the new capacity, while grain exporters said "
    "they still struggle to find wagons during the harvest and asked for longer-term contracts.</p>"
    "<p>The operator plans two more sidings before next winter and a digital booking system that it says "
    "will let small exporters reserve space without going through a forwarding agent.</p>"
)


def page(head: str = "", date_line: str = "", *, date_class: str = "story-date") -> bytes:
    line = f'<div class="{date_class}">{date_line}</div>' if date_line else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Rail freight grows | Steppe Ledger</title>{head}</head>
<body><nav><a href="/">Home</a> <span>17 May 2021</span></nav>
<article><h1>Rail freight grows</h1>{line}<div class="body">{PROSE}</div></article>
<aside><ul><li>Older story <span>2019-03-02 10:00</span></li></ul></aside>
<footer><p>Updated 2020-01-01 08:00</p></footer></body></html>""".encode()


def published(body: bytes, url: str = URL, **kwargs) -> tuple[datetime | None, str | None]:
    article = parse_article(body, url, **kwargs)
    return article.published_at, article.published_at_source


# -- structured signals and the feed ----------------------------------------------------------------


def test_meta_tag():
    head = '<meta property="article:published_time" content="2023-05-17T14:30:00+08:00">'
    assert published(page(head)) == (datetime(2023, 5, 17, 6, 30, tzinfo=UTC), "meta:article:published_time")


def test_jsonld_date_published():
    head = (
        '<script type="application/ld+json">'
        + json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "datePublished": "2023-05-17T14:30:00+05:00",
            }
        )
        + "</script>"
    )
    assert published(page(head)) == (datetime(2023, 5, 17, 9, 30, tzinfo=UTC), "jsonld:datePublished")


def test_feed_entry_when_the_page_has_no_date():
    entry = FeedEntry(url=URL, title=None, published_at=datetime(2023, 5, 17, 9, 30, tzinfo=UTC))
    assert published(page(), feed_entry=entry) == (entry.published_at, "feed")


def test_feed_entry_gives_the_time_of_a_date_only_page_date_the_same_day():
    head = '<meta property="article:published_time" content="2023-05-17">'
    entry = FeedEntry(url=URL, title=None, published_at=datetime(2023, 5, 17, 9, 30, tzinfo=UTC))
    assert published(page(head), feed_entry=entry) == (entry.published_at, "feed")
    other_day = FeedEntry(url=URL, title=None, published_at=datetime(2023, 6, 2, 9, 30, tzinfo=UTC))
    assert published(page(head), feed_entry=other_day) == (
        datetime(2023, 5, 17, tzinfo=UTC),
        "meta:article:published_time",
    )


def test_date_only_metadata_keeps_its_printed_day_whatever_the_zone():
    head = '<meta property="article:published_time" content="2023-06-01">'
    assert published(page(head), naive_tz=ZoneInfo("Asia/Shanghai"))[0] == datetime(2023, 6, 1, tzinfo=UTC)


def test_no_date_anywhere_is_none_not_a_guess():
    assert published(page()) == (None, None)  # the nav, aside and footer dates are not the article's


# -- visible date lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # "11:30, 17 May 2023": time first, day-month-year, local time of the source
        ("11:30, 17 May 2023", datetime(2023, 5, 17, 11, 30, tzinfo=ALMATY)),
        ("2023-05-17 14:30", datetime(2023, 5, 17, 14, 30, tzinfo=ALMATY)),
        ("May 17, 2023", datetime(2023, 5, 17, tzinfo=UTC)),  # a date without a time: its day, 00:00 UTC
        ("17.05.2023", datetime(2023, 5, 17, tzinfo=UTC)),  # dotted dates are day first
        ("17.05.2023 09:05", datetime(2023, 5, 17, 9, 5, tzinfo=ALMATY)),
        ("Published: May 17, 2023 10:32 PM", datetime(2023, 5, 17, 22, 32, tzinfo=ALMATY)),
        ("Posted on 17th of May, 2023 at 9:05 am", datetime(2023, 5, 17, 9, 5, tzinfo=ALMATY)),
        ("2023/5/17", datetime(2023, 5, 17, tzinfo=UTC)),
        ("By Aigerim Sadykova | 2023-05-17 14:30 (GMT+8)", datetime(2023, 5, 17, 6, 30, tzinfo=UTC)),
        ("17 May 2023 14:30 UTC", datetime(2023, 5, 17, 14, 30, tzinfo=UTC)),
    ],
)
def test_visible_date_line_forms(line, expected):
    found, source = published(page(date_line=line), naive_tz=ALMATY)
    assert (found, source) == (expected.astimezone(UTC), "text:timestamp")


def test_a_date_line_outside_a_date_element_counts_when_it_is_short():
    assert published(page(date_line="Steppe Ledger | 17 May 2023", date_class="x"))[0] == datetime(
        2023, 5, 17, tzinfo=UTC
    )


def test_a_date_inside_a_sentence_is_not_a_date_line():
    sentence = "The forum that opened in Astana on May 17, 2023 discussed rail freight and customs."
    assert published(page(date_line=sentence, date_class="lead")) == (None, None)


def test_a_publication_date_wins_over_an_update_date():
    body = page(date_line="Updated: 2023-05-20 08:00").replace(
        b'<div class="body">', b'<div class="byline">Published: 2023-05-17 14:30</div><div class="body">'
    )
    assert published(body)[0] == datetime(2023, 5, 17, 14, 30, tzinfo=UTC)


# -- the URL ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/english/20230517/4f1c2a/c.html",
        "/english/2023-05/17/c_1129.htm",
        "/2023/05/17/rail-freight-grows/",
        "/a/202305/17/WS6464a1.html",
        "/n3/2023/0517/c90000-2030.html",
        "/news/2023-05-17/Rail-freight-grows-1AbC/index.html",
    ],
)
def test_url_date_forms(path):
    url = f"https://ledger.example.org{path}"
    assert url_date(url) == datetime(2023, 5, 17, tzinfo=UTC)
    assert published(page(), url) == (datetime(2023, 5, 17, tzinfo=UTC), "url")


def test_url_without_a_full_date_gives_none():
    assert url_date("https://ledger.example.org/economy/2023/05/story.html") is None
    assert url_date("https://ledger.example.org/story/20231345/x.html") is None  # no 45th day


def test_page_dates_come_before_the_url():
    head = '<meta property="article:published_time" content="2023-05-16T23:00:00Z">'
    assert (
        published(page(head), "https://ledger.example.org/2023/05/17/x/")[1] == "meta:article:published_time"
    )


# -- zones ---------------------------------------------------------------------------------------------------


def astana_times_page(published_time: str) -> bytes:
    return f"""<!DOCTYPE html><html lang="en-US"><head><title>Cargo grows - The Astana Times</title>
<meta property="article:published_time" content="{published_time}"></head>
<body><article><h1 class="entry-title">Cargo grows</h1><div class="entry-content">{PROSE}</div></article>
</body></html>""".encode()


def test_site_parser_zone_reads_zone_less_times_with_the_offset_of_their_day():
    url = "https://astanatimes.com/2023/05/cargo-grows/"
    assert parser_for(url).name == "astanatimes"
    # Kazakhstan was UTC+6 until 1 March 2024, UTC+5 since.
    before = parse_page(astana_times_page("2023-05-17T14:30:00"), url)
    after = parse_page(astana_times_page("2024-05-17T14:30:00"), url)
    assert before.published_at == datetime(2023, 5, 17, 8, 30, tzinfo=UTC)
    assert after.published_at == datetime(2024, 5, 17, 9, 30, tzinfo=UTC)


def test_timezone_key_reads_a_generic_sources_local_times():
    body = page(date_line="2023-05-17 14:30")
    assert parse_page(body, URL).published_at == datetime(2023, 5, 17, 14, 30, tzinfo=UTC)  # default UTC
    moscow = parse_page(body, URL, zone=ZoneInfo("Europe/Moscow")).published_at
    assert moscow == datetime(2023, 5, 17, 11, 30, tzinfo=UTC)


def test_timezone_key_overrides_a_site_parsers_zone():
    url = "https://astanatimes.com/2023/05/cargo-grows/"
    article = parse_page(astana_times_page("2023-05-17T14:30:00"), url, zone=timezone(timedelta(hours=3)))
    assert article.published_at == datetime(2023, 5, 17, 11, 30, tzinfo=UTC)


def test_timezone_key_loads_as_a_zone(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[sources]]\nname = "ledger"\nfeeds = ["https://a.org/rss"]\ntimezone = "Asia/Almaty"\n'
        '[[sources]]\nname = "other"\nfeeds = ["https://b.org/rss"]\n'
    )
    ledger, other = load_sources(path)
    assert ledger.zone == ALMATY and other.zone is None


@pytest.mark.parametrize("name", ["Asia/Almati", "UTC+5", "", "../etc/passwd", " Asia/Almaty"])
def test_a_bad_timezone_is_one_line_naming_the_source(tmp_path, name):
    path = tmp_path / "sources.toml"
    path.write_text(f'[[sources]]\nname = "ledger"\nfeeds = ["https://a.org/rss"]\ntimezone = "{name}"\n')
    with pytest.raises(SourcesError) as raised:
        load_sources(path)
    message = str(raised.value)
    assert "\n" not in message and "source 'ledger': key 'timezone': unknown time zone" in message


def test_a_bad_timezone_exits_2_with_one_line(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "sources.toml"
    path.write_text(
        '[[sources]]\nname = "ledger"\nfeeds = ["https://a.org/rss"]\ntimezone = "Mars/Olympus"\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--sources", str(path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "source 'ledger': key 'timezone'" in result.stderr


# -- which date line is the article's --------------------------------------------------------------------


def page_with(before_headline: str = "", after_headline: str = "") -> bytes:
    return f"""<!DOCTYPE html><html lang="en"><head><title>Rail freight grows | Steppe Ledger</title></head>
<body><div class="masthead">{before_headline}</div>
<article><h1>Rail freight grows</h1>{after_headline}<div class="body">{PROSE}</div></article></body></html>""".encode()


def test_a_plain_date_above_the_headline_is_the_sites_today_not_the_articles():
    assert published(page_with("<span>December 7, 2026</span>"))[0] is None
    assert published(page_with("<span>December 7, 2026</span>", "<div>17 May 2023</div>"))[0] == datetime(
        2023, 5, 17, tzinfo=UTC
    )
    assert published(page_with("<span>Published: 17 May 2023 09:00</span>"))[0] == datetime(
        2023, 5, 17, 9, 0, tzinfo=UTC
    )


def test_plain_dates_of_a_list_of_stories_are_not_trusted():
    teasers = "".join(f"<li><a href='/s{n}'>Story {n}</a><div>May {n}, 2023</div></li>" for n in (14, 15, 16))
    assert published(page_with(after_headline=f"<ul>{teasers}</ul>"))[0] is None


def test_a_plain_date_on_another_day_than_the_url_yields_to_the_url():
    body = page_with(after_headline="<div>December 11, 2022</div>")
    assert published(body, "https://ledger.example.org/news/2023/may/17/rail/") == (
        datetime(2023, 5, 17, tzinfo=UTC),
        "url",
    )
    same_day = page_with(after_headline="<div>May 17, 2023</div>")
    assert published(same_day, "https://ledger.example.org/news/2023/may/17/rail/")[1] == "text:timestamp"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("February 29, 2024 8:38am EST", datetime(2024, 2, 29, 13, 38, tzinfo=UTC)),
        ("Sat 2 Mar 2024 16:00 GMT", datetime(2024, 3, 2, 16, 0, tzinfo=UTC)),
        ("17 May 2023, 10:15 MSK", datetime(2023, 5, 17, 7, 15, tzinfo=UTC)),
        ("2023-05-17 14:30 CST", datetime(2023, 5, 17, 6, 30, tzinfo=UTC)),  # ambiguous: the source's zone
    ],
)
def test_zone_abbreviations(line, expected):
    assert published(page(date_line=line), naive_tz=ZoneInfo("Asia/Shanghai"))[0] == expected
