"""normalize_url gives one spelling per article; article_id_for is stable over spellings."""

from __future__ import annotations

import re

import pytest

from extract.urls import article_id_for, normalize_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://WWW.News.Example.ORG/Economy/Story.HTML", "https://news.example.org/Economy/Story.HTML"),
        ("http://news.example.org:80/a", "http://news.example.org/a"),
        ("https://news.example.org:443/a", "https://news.example.org/a"),
        ("https://news.example.org:8443/a", "https://news.example.org:8443/a"),
        ("https://news.example.org/a#comments", "https://news.example.org/a"),
        ("https://news.example.org", "https://news.example.org/"),
        (
            "https://news.example.org/a?utm_source=rss&utm_Medium=x&from=home&place=top&spm=C1.2&fbclid=F&gclid=G",
            "https://news.example.org/a",
        ),
        ("https://news.example.org/a?b=2&id=7&a=1&utm_campaign=z", "https://news.example.org/a?a=1&b=2&id=7"),
        ("https://news.example.org/a?page=", "https://news.example.org/a?page="),
        ("  https://news.example.org/with space  ", "https://news.example.org/with%20space"),
        ("https://news.example.org/%E4%B8%AD%E6%96%87", "https://news.example.org/%E4%B8%AD%E6%96%87"),
        ("https://news.example.org/中文", "https://news.example.org/%E4%B8%AD%E6%96%87"),
        ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
    ],
)
def test_normalize_url(raw, expected):
    assert normalize_url(raw) == expected


def test_normalize_is_idempotent():
    url = "https://www.news.example.org:443/A/b?z=1&utm_source=x&a=2#f"
    assert normalize_url(normalize_url(url)) == normalize_url(url)


def test_tracking_name_must_match_whole_name():
    # "platform" and "fromage" are not the tracking parameters "place"/"from"
    assert (
        normalize_url("https://x.org/a?platform=ios&fromage=brie")
        == "https://x.org/a?fromage=brie&platform=ios"
    )


def test_article_id_is_16_hex_and_stable_across_spellings():
    a = article_id_for("https://www.news.example.org/a?utm_source=rss#top")
    b = article_id_for("HTTPS://news.example.org:443/a")
    assert a == b
    assert re.fullmatch(r"[0-9a-f]{16}", a)
    assert article_id_for("https://news.example.org/b") != a
