"""parse_feed over the four feed dialects, relative links, dates, broken and hostile feeds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from extract.feeds import FeedError, parse_feed
from extract.urls import normalize_url

BASE = "https://news.example.org/feeds/economy.xml"

RSS_091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91">
  <channel>
    <title>Economy desk</title>
    <link>https://news.example.org/</link>
    <description>Trade and markets</description>
    <language>en-us</language>
    <item>
      <title>Border trade picks up at Khorgos</title>
      <link>https://www.news.example.org/economy/2024/khorgos-trade.html?utm_source=rss&amp;utm_medium=feed</link>
      <description>Freight volumes rose in the third quarter.</description>
    </item>
    <item>
      <title>Caf\xe9 owners face higher import costs</title>
      <link>/economy/2024/cafe-imports.html</link>
    </item>
  </channel>
</rss>
"""

RSS_10 = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example.org/">
    <title>Economy desk</title>
    <link>https://news.example.org/</link>
    <description>Trade and markets</description>
    <items>
      <rdf:Seq>
        <rdf:li rdf:resource="https://news.example.org/economy/rail-freight.html"/>
      </rdf:Seq>
    </items>
  </channel>
  <item rdf:about="https://news.example.org/economy/rail-freight.html">
    <title>Rail freight to Europe sets a monthly record</title>
    <link>https://news.example.org/economy/rail-freight.html</link>
    <dc:date>2024-05-14T09:30:00+08:00</dc:date>
  </item>
</rdf:RDF>
"""

RSS_20 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>经济频道</title>
    <link>https://news.example.org/</link>
    <description>Trade news</description>
    <item>
      <title><![CDATA[China-Kazakhstan trade climbs <b>8 percent</b>]]></title>
      <link>https://news.example.org/economy/cn-kz-trade.html#comments</link>
      <guid isPermaLink="false">story-48151</guid>
      <pubDate>Tue, 14 May 2024 18:05:00 +0800</pubDate>
    </item>
    <item>
      <title>Port throughput report</title>
      <guid isPermaLink="true">https://news.example.org/economy/ports.html</guid>
      <pubDate>Wed, 15 May 2024 07:00:00 GMT</pubDate>
    </item>
    <item>
      <title>Duplicate of the first story</title>
      <link>https://news.example.org/economy/cn-kz-trade.html?from=timeline</link>
    </item>
    <item>
      <title>Newsletter sign-up</title>
      <link>mailto:desk@news.example.org</link>
    </item>
  </channel>
</rss>
""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.org/atom/">
  <title>Economy desk</title>
  <id>urn:uuid:4f1c2a10-economy</id>
  <updated>2024-05-16T10:00:00Z</updated>
  <entry>
    <title type="html">Grain exports &lt;em&gt;surge&lt;/em&gt;</title>
    <id>urn:uuid:4f1c2a10-grain</id>
    <link rel="alternate" href="../economy/grain-exports.html"/>
    <link rel="enclosure" href="https://cdn.example.org/grain.jpg"/>
    <published>2024-05-16T08:15:00+06:00</published>
    <updated>2024-05-16T09:00:00+06:00</updated>
  </entry>
  <entry>
    <title>Only an update time</title>
    <id>urn:uuid:4f1c2a10-update</id>
    <link href="https://news.example.org/economy/update-only.html"/>
    <updated>2024-05-16T10:00:00</updated>
  </entry>
</feed>
"""


def test_rss_091_with_netscape_doctype_and_relative_link():
    entries = parse_feed(RSS_091, BASE)
    # fetched as the feed spells it; compared (de-duplicated) in normalised form
    assert [e.url for e in entries] == [
        "https://www.news.example.org/economy/2024/khorgos-trade.html?utm_source=rss&utm_medium=feed",
        "https://news.example.org/economy/2024/cafe-imports.html",
    ]
    assert normalize_url(entries[0].url) == "https://news.example.org/economy/2024/khorgos-trade.html"
    assert entries[1].title == "Caf\u00e9 owners face higher import costs"
    assert entries[0].published_at is None


def test_rss_10_rdf_dc_date_in_utc():
    (entry,) = parse_feed(RSS_10, BASE)
    assert entry.url == "https://news.example.org/economy/rail-freight.html"
    assert entry.published_at == datetime(2024, 5, 14, 1, 30, tzinfo=UTC)


def test_rss_20_links_guids_dates_and_duplicates():
    entries = parse_feed(RSS_20, BASE)
    assert [e.url for e in entries] == [
        "https://news.example.org/economy/cn-kz-trade.html",
        "https://news.example.org/economy/ports.html",
    ]
    assert entries[0].title == "China-Kazakhstan trade climbs 8 percent"
    assert entries[0].published_at == datetime(2024, 5, 14, 10, 5, tzinfo=UTC)
    assert entries[1].published_at == datetime(2024, 5, 15, 7, 0, tzinfo=UTC)


def test_atom_xml_base_published_over_updated_and_naive_as_utc():
    entries = parse_feed(ATOM, "https://news.example.org/atom.xml")
    assert [e.url for e in entries] == [
        "https://news.example.org/economy/grain-exports.html",
        "https://news.example.org/economy/update-only.html",
    ]
    assert entries[0].title == "Grain exports surge"
    assert entries[0].published_at == datetime(2024, 5, 16, 2, 15, tzinfo=UTC)
    assert entries[1].published_at == datetime(2024, 5, 16, 10, 0, tzinfo=UTC)
    assert all(e.published_at.tzinfo is UTC for e in entries)


def test_recoverable_broken_feed_still_yields_entries():
    broken = RSS_20.replace(b"</channel>", b"<item><title>Unclosed & bad</title></channel>")
    entries = parse_feed(broken, BASE)
    assert "https://news.example.org/economy/cn-kz-trade.html" in [e.url for e in entries]


def test_valid_feed_without_items_is_an_empty_list():
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>quiet</title></channel></rss>'
    assert parse_feed(empty, BASE) == []


@pytest.mark.parametrize(
    "body", [b"", b"<html><body><p>This is a web page, not a feed.</p>", b"\x00\x01garbage"]
)
def test_not_a_feed_raises_feed_error(body):
    with pytest.raises(FeedError) as caught:
        parse_feed(body, BASE)
    assert caught.value.reason == "not_a_feed"


def test_entity_declarations_are_refused_before_parsing():
    laughs = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title>
<item><title>x</title><link>https://news.example.org/a.html</link></item></channel></rss>"""
    with pytest.raises(FeedError) as caught:
        parse_feed(laughs, BASE)
    assert caught.value.reason == "entity_declaration"


def test_external_entity_is_refused():
    xxe = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><title>t</title><item><title>&secret;</title>
<link>https://news.example.org/b.html</link></item></channel></rss>"""
    with pytest.raises(FeedError):
        parse_feed(xxe, BASE)
