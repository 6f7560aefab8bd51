"""The sources file: valid files load; every mistake is one line naming the source and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import SourcesError, load_sources


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return path


def test_contract_example_loads_with_defaults(tmp_path):
    sources = load_sources(
        write(
            tmp_path,
            """
[[sources]]
name = "xinhua"
feeds = ["https://example.org/rss.xml", "https://example.org/atom.xml"]

[[sources]]
name = "astana_times-en"
feeds = ["http://127.0.0.1:8000/feed"]
min_delay_s = 0.5
allow_private_addresses = true
""",
        )
    )
    assert [s.name for s in sources] == ["xinhua", "astana_times-en"]
    assert sources[0].min_delay_s == 1.0 and sources[0].allow_private_addresses is False
    assert sources[1].feeds == ("http://127.0.0.1:8000/feed",)
    assert sources[1].allow_private_addresses is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[sources]]\nname = "Xinhua"\nfeeds = ["https://a.org/rss"]\n', "source 'Xinhua': key 'name'"),
        (
            '[[sources]]\nname = "x"\nfeeds = ["ftp://a.org/rss"]\n',
            "source 'x': key 'feeds': 'ftp://a.org/rss' is not an absolute http(s) URL",
        ),
        (
            '[[sources]]\nname = "x"\nfeeds = []\n',
            "source 'x': needs at least one of feeds, sitemaps, listings",
        ),
        ('[[sources]]\nname = "x"\nfeeds = "https://a.org/rss"\n', "source 'x': key 'feeds'"),
        (
            '[[sources]]\nname = "x"\nfeeds = ["https://a.org/rss"]\nmin_delay_s = -1\n',
            "source 'x': key 'min_delay_s'",
        ),
        (
            '[[sources]]\nname = "x"\nfeeds = ["https://a.org/rss"]\nfeeds_typo = 1\n',
            "source 'x': key 'feeds_typo': unknown key",
        ),
        ('[[sources]]\nfeeds = ["https://a.org/rss"]\n', "source #1: key 'name': Field required"),
        (
            '[[sources]]\nname = "x"\nfeeds = ["https://a.org/rss"]\n[[sources]]\nname = "x"\nfeeds = ["https://b.org/rss"]\n',
            "source 'x': key 'name': appears more than once",
        ),
        ('title = "no sources"\n', "no [[sources]] entries"),
        (
            '[[sources]]\nname = "x"\nfeeds = ["https://a.org/rss"]\n[extra]\nkey = 1\n',
            "key 'extra': unknown key",
        ),
        ("[[sources]\nname=", "invalid TOML"),
    ],
)
def test_bad_files_give_one_line_naming_source_and_key(tmp_path, text, expected):
    with pytest.raises(SourcesError) as caught:
        load_sources(write(tmp_path, text))
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_missing_file_is_named(tmp_path):
    with pytest.raises(SourcesError, match="file not found"):
        load_sources(tmp_path / "nope.toml")


def test_sitemaps_and_listings_without_feeds(tmp_path):
    (source,) = load_sources(
        write(
            tmp_path,
            """
[[sources]]
name = "chinadaily"
sitemaps = ["https://www.chinadaily.com.cn/sitemap_news.xml"]
url_pattern = '/a/\\d{6}/\\d{2}/WS[0-9a-f]+\\.html$'

[[sources.listings]]
url = "https://www.chinadaily.com.cn/business/economy"
link_selector = "div.mb10 h3 a"
next_selector = "a.pagestyle"
max_pages = 3
""",
        )
    )
    assert source.feeds == () and source.sitemaps == ("https://www.chinadaily.com.cn/sitemap_news.xml",)
    assert source.listings[0].max_pages == 3 and source.listings[0].link_selector == "div.mb10 h3 a"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[sources]]\nname = "x"\n', "source 'x': needs at least one of feeds, sitemaps, listings"),
        (
            '[[sources]]\nname = "x"\nfeeds = ["https://a.org/rss"]\nurl_pattern = "(unclosed"\n',
            "source 'x': key 'url_pattern': invalid regular expression",
        ),
        (
            '[[sources]]\nname = "x"\n[[sources.listings]]\nurl = "https://a.org/news"\nlink_selector = "a[["\n',
            "source 'x': key 'listings[0]'",
        ),
    ],
)
def test_discovery_keys_are_checked(tmp_path, text, expected):
    with pytest.raises(SourcesError) as caught:
        load_sources(write(tmp_path, text))
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_shipped_sources_file_loads():
    from conftest import REPO_ROOT

    sources = load_sources(REPO_ROOT / "sources.toml")
    assert len(sources) >= 13 and all(s.feeds or s.sitemaps or s.listings for s in sources)


def test_settings_table_names_the_contact_url(tmp_path):
    from flows.config import DEFAULT_CONTACT_URL, load_settings

    plain = write(tmp_path, '[[sources]]\nname = "x"\nfeeds = ["https://a.org/rss"]\n')
    assert load_settings(plain).contact_url == DEFAULT_CONTACT_URL
    path = tmp_path / "with-settings.toml"
    path.write_text(
        '[settings]\ncontact_url = "https://data.example.org/tradewire"\n'
        '[[sources]]\nname = "x"\nfeeds = ["https://a.org/rss"]\n'
    )
    assert load_settings(path).contact_url == "https://data.example.org/tradewire"
    path.write_text(
        '[settings]\ncontact_url = "mailto:me"\n[[sources]]\nname = "x"\nfeeds = ["https://a.org/rss"]\n'
    )
    with pytest.raises(SourcesError, match=r"\[settings\]: key 'contact_url'"):
        load_settings(path)
