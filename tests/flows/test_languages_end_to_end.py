"""Chinese and Russian pages through the nightly flow, served from 127.0.0.1 (issue 14).

One source, one feed: a Chinese page encoded in GBK that declares no charset anywhere (no header
charset, no <meta>), a Chinese page in Traditional script, and a Russian page. The output is read back
with DuckDB and Polars: the articles carry their identified language, the statistics keep their
sentence in the original language and use the same codes as English; `tradewire explain` reads a
saved Chinese file and a Russian one.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest

from flows.cli import EXIT_OK, main
from flows.localsite import mapping_source, serve

pytestmark = pytest.mark.slow

GBK_PAGE = """<html><head><title>前4个月新疆外贸进出口增长</title>
<link rel="canonical" href="__BASE_URL__/zh/xinjiang-trade.html">
<meta property="article:published_time" content="2024-05-21T18:30:00+08:00"></head>
<body><article><h1>前4个月新疆外贸进出口增长</h1>
<p>据乌鲁木齐海关统计，今年前4个月，新疆外贸进出口总值1386.2亿元（人民币，下同），同比增长12.6%。</p>
<p>其中，出口1052.4亿元，增长15.3%；进口333.8亿元，增长4.9%。</p>
<p>同期，新疆对中亚五国进出口789.5亿元，增长18.2%，占同期新疆外贸总值的57%。</p>
<p>海关有关负责人表示，力争到2027年，新疆外贸进出口总值突破5000亿元。</p>
</article></body></html>"""

TRADITIONAL_PAGE = """<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8">
<title>中哈貿易額創新高</title>
<link rel="canonical" href="__BASE_URL__/zh/china-kazakhstan.html">
<meta property="article:published_time" content="2024-02-02T10:00:00+08:00"></head>
<body><article><h1>中哈貿易額創新高</h1>
<p>2023年，中哈貿易額達410.2億美元，同比增長32%，創歷史新高。</p>
<p>哈薩克斯坦是中國在中亞地區最大的貿易夥伴，兩國經貿合作持續深化。</p>
</article></body></html>"""

RU_PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Товарооборот Казахстана и Китая вырос</title>
<link rel="canonical" href="__BASE_URL__/ru/kz-cn.html">
<meta property="article:published_time" content="2024-05-14T09:15:00+05:00"></head>
<body><article><h1>Товарооборот Казахстана и Китая вырос</h1>
<p>АСТАНА, 14 мая. По данным Бюро национальной статистики, в январе–марте 2024 года товарооборот Казахстана с Китаем составил $9,86 млрд, что на 8,4% больше, чем за аналогичный период прошлого года.</p>
<p>Экспорт казахстанских товаров в Китай составил 4\u2009572,3 млн долларов (+11,2%). Импорт — 5,29 млрд.</p>
<p>Стороны намерены довести двусторонний товарооборот до $50 млрд к 2030 году.</p>
</article></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tianshan Steppe</title>
<link>__BASE_URL__/</link><description>Trade</description>
<item><title>新疆外贸</title><link>__BASE_URL__/zh/xinjiang-trade.html</link></item>
<item><title>中哈貿易</title><link>__BASE_URL__/zh/china-kazakhstan.html</link></item>
<item><title>Казахстан и Китай</title><link>__BASE_URL__/ru/kz-cn.html</link></item>
</channel></rss>"""

SOURCES = """
[[sources]]
name = "steppe"
feeds = ["{base}/rss.xml"]
min_delay_s = 0
allow_private_addresses = true
"""


def site() -> dict[str, tuple[str, bytes]]:
    return {
        "/rss.xml": ("application/rss+xml", FEED.encode()),
        "/zh/xinjiang-trade.html": ("text/html", GBK_PAGE.encode("gbk")),  # no charset anywhere
        "/zh/china-kazakhstan.html": ("text/html; charset=utf-8", TRADITIONAL_PAGE.encode()),
        "/ru/kz-cn.html": ("text/html; charset=utf-8", RU_PAGE.encode()),
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory, prefect_harness):
    from flows.nightly import nightly

    out = tmp_path_factory.mktemp("lang-out")
    with serve(mapping_source(site())) as base:
        sources = out.parent / "lang-sources.toml"
        sources.write_text(SOURCES.format(base=base))
        report = nightly(str(sources), str(out))
    return out, report


def test_articles_carry_their_language_and_the_gbk_page_is_decoded(run):
    out, report = run
    assert report["articles"] == 3
    rows = duckdb.sql(
        f"SELECT url, language, encoding, title, body FROM read_parquet('{out}/articles/**/*.parquet', "
        "hive_partitioning=true) ORDER BY url"
    ).fetchall()
    by_path = {url.split("/", 3)[3]: rest for url, *rest in rows}
    assert by_path["ru/kz-cn.html"][0] == "ru"
    language, encoding, title, body = by_path["zh/xinjiang-trade.html"]
    assert (language, encoding, title) == ("zh", "gb18030", "前4个月新疆外贸进出口增长")
    assert "乌鲁木齐海关" in body
    assert by_path["zh/china-kazakhstan.html"][0] == "zh"


def test_statistics_read_back_with_polars(run):
    out, _ = run
    stats = pl.read_parquet(f"{out}/trade_stats/**/*.parquet", hive_partitioning=True).sort("value")
    got = [
        (
            r["reporter"],
            r["partner"],
            r["flow"],
            r["value"],
            r["currency"],
            r["period_start"],
            r["period_end"],
            r["change_pct"],
        )
        for r in stats.iter_rows(named=True)
    ]
    q1, jan_apr = (date(2024, 1, 1), date(2024, 3, 31)), (date(2024, 1, 1), date(2024, 4, 30))
    year_2023 = (date(2023, 1, 1), date(2023, 12, 31))
    assert sorted(got, key=lambda r: (r[4], r[3])) == sorted(
        [
            ("CN-XJ", "WORLD", "total", 138_620_000_000.0, "CNY", *jan_apr, 12.6),
            ("CN-XJ", "WORLD", "export", 105_240_000_000.0, "CNY", *jan_apr, 15.3),
            ("CN-XJ", "WORLD", "import", 33_380_000_000.0, "CNY", *jan_apr, 4.9),
            ("CN-XJ", "C5", "total", 78_950_000_000.0, "CNY", *jan_apr, 18.2),
            ("CN", "KZ", "total", 41_020_000_000.0, "USD", *year_2023, 32.0),
            ("KZ", "CN", "total", 9_860_000_000.0, "USD", *q1, 8.4),
            ("KZ", "CN", "export", 4_572_300_000.0, "USD", *q1, 11.2),
            ("KZ", "CN", "import", 5_290_000_000.0, "USD", *q1, None),
        ],
        key=lambda r: (r[4], r[3]),
    )
    sentences = set(stats["sentence"].to_list())
    assert "2023年，中哈貿易額達410.2億美元，同比增長32%，創歷史新高。" in sentences  # verbatim, Traditional
    assert "Импорт — 5,29 млрд." in sentences
    share = stats.filter(pl.col("partner") == "C5")["share_pct"].to_list()
    assert share == [57.0]


def test_targets_are_not_stored(run):
    out, _ = run
    values = duckdb.sql(f"SELECT value FROM read_parquet('{out}/trade_stats/**/*.parquet')").fetchall()
    assert (500_000_000_000.0,) not in values and (50_000_000_000.0,) not in values


def test_explain_reads_chinese_and_russian_files(tmp_path, capsys):
    zh = tmp_path / "xinjiang.html"
    zh.write_bytes(GBK_PAGE.replace("__BASE_URL__", "http://127.0.0.1").encode("gbk"))
    assert main(["explain", str(zh)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "language   zh" in out
    assert "ACCEPTED -> trade_stats" in out and "reporter CN-XJ" in out
    assert "dropped by guard.forecast" in out
    ru = tmp_path / "kz.html"
    ru.write_text(RU_PAGE.replace("__BASE_URL__", "http://127.0.0.1"), encoding="utf-8")
    assert main(["explain", str(ru)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "language   ru" in out and "reporter KZ" in out and "dropped by guard.forecast" in out
