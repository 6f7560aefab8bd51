"""An article whose page, feed entry and URL give no publication date, through the nightly flow.

Served from 127.0.0.1: the article is stored with a null `published_at` (source `unknown`) in its
fetch month; a statistic with a relative period ("last year") goes to rejects with
`period.undated_article`; one with an absolute period ("in 2023") is kept in trade_stats, undated.
A backfill cannot place the article in its range and leaves it out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest

from flows.localsite import mapping_source, serve

pytestmark = pytest.mark.slow

UNDATED_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Steppe trade keeps growing | Steppe Ledger</title>
<link rel="canonical" href="__BASE_URL__/business/steppe-trade.html"></head>
<body><nav><a href="/">Home</a> <a href="/business">Business</a></nav>
<article><h1>Steppe trade keeps growing</h1>
<p class="byline">By Aigerim Sadykova, Steppe Ledger business desk</p>
<p>ALMATY -- Kazakhstan's trade with its eastern neighbour kept growing, according to figures the
customs committee released on Tuesday at a briefing in the capital.</p>
<p>Trade between China and Kazakhstan reached 31.5 billion U.S. dollars last year, up 3.1 percent year
on year, the committee said.</p>
<p>In 2023, trade between China and Uzbekistan totalled 13.7 billion U.S. dollars, up 53 percent year on
year, the committee added, citing its Uzbek counterpart.</p>
<p>Officials expect the new railway crossing near the border to lift volumes further once it opens to
freight traffic, and said more inspection lanes would follow.</p>
</article><footer>(c) Steppe Ledger</footer></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Steppe Ledger</title>
<link>__BASE_URL__/</link><description>Business</description>
<item><title>Steppe trade keeps growing</title><link>__BASE_URL__/business/steppe-trade.html</link></item>
</channel></rss>"""

SOURCES = """
[[sources]]
name = "ledger"
feeds = ["{base}/rss.xml"]
min_delay_s = 0
allow_private_addresses = true
timezone = "Asia/Almaty"
"""


def site() -> dict[str, tuple[str, bytes]]:
    return {
        "/rss.xml": ("application/rss+xml", FEED.encode()),
        "/business/steppe-trade.html": ("text/html; charset=utf-8", UNDATED_PAGE.encode()),
    }


def query(sql: str) -> list[tuple]:
    return duckdb.sql(sql).fetchall()


def test_undated_article_is_stored_and_only_its_absolute_period_statistic_kept(tmp_path, prefect_harness):
    from flows.backfill import backfill
    from flows.nightly import nightly

    out = tmp_path / "out"
    before = datetime.now(UTC)
    with serve(mapping_source(site())) as base:
        sources = tmp_path / "sources.toml"
        sources.write_text(SOURCES.format(base=base))
        report = nightly(str(sources), str(out))
        assert report["articles"] == 1 and report["undated_articles"] == 1
        assert report["rejects_by_rule"] == {"period.undated_article": 1}

        articles = query(
            f"SELECT published_at, published_at_source, fetched_at, year, month, n_stats "
            f"FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true)"
        )
        assert len(articles) == 1
        published_at, source, fetched_at, year, month, n_stats = articles[0]
        assert published_at is None and source == "unknown"
        assert fetched_at >= before  # the fetch time is kept as fetched_at, and only places the row
        assert (year, month) == (fetched_at.astimezone(UTC).year, fetched_at.astimezone(UTC).month)
        assert n_stats == 1

        stats = query(
            f"SELECT reporter, partner, value, period_start, period_end, published_at, year, month "
            f"FROM read_parquet('{out}/trade_stats/**/*.parquet', hive_partitioning=true)"
        )
        assert [row[:6] for row in stats] == [
            ("CN", "UZ", 13.7e9, datetime(2023, 1, 1).date(), datetime(2023, 12, 31).date(), None)
        ]
        assert stats[0][6:] == (year, month)

        rejects = query(
            f"SELECT reporter, partner, value, period_start, period_end, published_at, rule, reason, "
            f"year, month FROM read_parquet('{out}/rejects/**/*.parquet', hive_partitioning=true)"
        )
        assert len(rejects) == 1
        reporter, partner, value, start, end, published, rule, reason, *partition = rejects[0]
        assert ({reporter, partner}, value, start, end, published) == ({"CN", "KZ"}, 31.5e9, None, None, None)
        assert rule == "period.undated_article" and "publication date is unknown" in reason
        assert tuple(partition) == (year, month)

        facts = query(
            f"SELECT first_published_at, last_published_at FROM read_parquet('{out}/trade_facts/**/*.parquet')"
        )
        assert facts == [(None, None)]

        # A backfill re-ingests what was published in its range: an undated article is not known to be.
        report = backfill(
            start_date=date(2023, 1, 1),
            end_date=date(2023, 12, 31),
            sources_file=str(sources),
            out_dir=str(out),
        )
    assert report["articles"] == 0
    assert query(f"SELECT count(*) FROM read_parquet('{out}/articles/**/*.parquet')") == [(1,)]
    assert query(f"SELECT count(*) FROM read_parquet('{out}/trade_stats/**/*.parquet')") == [(1,)]
