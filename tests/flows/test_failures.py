"""Bad input never crashes a run and is never silently dropped: it lands in fetch_log with a reason."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from flows.localsite import mapping_source, serve

pytestmark = pytest.mark.slow

GOOD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Border trade picks up | Steppe Ledger</title>
<meta property="article:published_time" content="2025-06-11T09:15:00+05:00">
<link rel="canonical" href="__BASE_URL__/business/border-trade.html"></head>
<body><nav><a href="/">Home</a> <a href="/business">Business</a></nav>
<article><h1>Border trade picks up</h1>
<p>ALMATY, June 11 - Kazakhstan's trade turnover with China reached 14.8 billion U.S. dollars in the first
four months of 2025, up 6.2 percent year on year, the country's statistics bureau said on Wednesday.</p>
<p>Officials attributed the growth to faster customs clearance at the Khorgos crossing, where new inspection
lanes opened in March and cut average waiting times for lorries by roughly a third.</p>
<p>Machinery, vehicles and consumer electronics made up the bulk of the goods shipped westward, while
Kazakh shipments were dominated by metals, grain and oilseeds, the bureau said.</p>
</article><footer>(c) 2025 Steppe Ledger</footer></body></html>"""

NO_BODY_PAGE = """<!DOCTYPE html><html><head><title>Gallery</title></head><body>
<nav><a href="/">Home</a></nav><div class="gallery"><img src="a.jpg"><img src="b.jpg"></div>
<footer>(c) 2025 Steppe Ledger</footer></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Steppe Ledger</title>
<link>__BASE_URL__/</link><description>Business</description>
<item><title>Border trade picks up</title><link>__BASE_URL__/business/border-trade.html</link>
<pubDate>Wed, 11 Jun 2025 04:15:00 GMT</pubDate></item>
<item><title>Gone</title><link>__BASE_URL__/business/removed.html</link>
<pubDate>Tue, 10 Jun 2025 08:00:00 GMT</pubDate></item>
<item><title>Photos</title><link>__BASE_URL__/gallery.html</link>
<pubDate>Mon, 09 Jun 2025 08:00:00 GMT</pubDate></item>
</channel></rss>"""

# What a misconfigured CDN answers with status 200 where the feed should be.
BROKEN_FEED = "<html><head><title>Maintenance</title></head><body><p>Back soon.</p></body></html>"

SOURCES = """
[[sources]]
name = "ledger"
feeds = ["{base}/rss.xml", "{base}/broken.xml", "{base}/missing-feed.xml"]
min_delay_s = 0
allow_private_addresses = true
"""


def site() -> dict[str, tuple[str, bytes]]:
    html = "text/html; charset=utf-8"
    return {
        "/rss.xml": ("application/rss+xml", FEED.encode()),
        "/broken.xml": ("application/rss+xml", BROKEN_FEED.encode()),
        "/business/border-trade.html": (html, GOOD_PAGE.encode()),
        "/gallery.html": (html, NO_BODY_PAGE.encode()),
    }


def test_broken_feed_404_page_and_empty_page_are_recorded_and_run_completes(tmp_path, prefect_harness):
    from flows.nightly import nightly

    out = tmp_path / "out"
    with serve(mapping_source(site())) as base:
        sources = tmp_path / "sources.toml"
        sources.write_text(SOURCES.format(base=base))
        report = nightly(str(sources), str(out))

    assert report["articles"] == 1
    articles = duckdb.sql(f"SELECT url, n_stats FROM read_parquet('{out}/articles/**/*.parquet')").fetchall()
    assert articles == [(f"{base}/business/border-trade.html", 1)]
    log = duckdb.sql(
        f"SELECT kind, url, status, error_class FROM read_parquet('{out}/fetch_log/**/*.parquet') "
        "ORDER BY kind, url"
    ).fetchall()
    by_url = {url.removeprefix(base): (kind, status, error) for kind, url, status, error in log}
    assert by_url["/rss.xml"] == ("feed", 200, None)
    assert by_url["/broken.xml"][0] == "feed" and by_url["/broken.xml"][2] == "feed_parse_error"
    assert by_url["/missing-feed.xml"] == ("feed", 404, "http_status")
    assert by_url["/business/removed.html"] == ("page", 404, "http_status")
    assert by_url["/gallery.html"] == ("page", 200, "no_body")
    assert by_url["/business/border-trade.html"] == ("page", 200, None)
    assert report["failures"] == {
        "feed:feed_parse_error": 1,
        "feed:http_status": 1,
        "page:http_status": 1,
        "page:no_body": 1,
    }


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_bad_sources_file_is_one_line_and_exit_2(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[sources]]\nname = "Bad Name"\nfeeds = ["https://example.org/rss.xml"]\n')
    result = run_cli("run", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "source 'Bad Name': key 'name'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["backfill", "--sources", "s.toml", "--out", "o", "--start", "2025-13-01", "--end", "2025-12-31"],
        ["run", "--out", "o"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr


def test_backfill_end_before_start_is_refused(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[sources]]\nname = "x"\nfeeds = ["https://example.org/rss.xml"]\n')
    result = run_cli(
        "backfill",
        "--sources",
        str(sources),
        "--out",
        str(tmp_path / "o"),
        "--start",
        "2025-05-01",
        "--end",
        "2025-04-01",
    )
    assert result.returncode == 2 and "before --start" in result.stderr


def test_no_source_reachable_exits_non_zero_with_failures_recorded(tmp_path):
    with serve(mapping_source({})) as base:
        sources = tmp_path / "sources.toml"
        sources.write_text(SOURCES.format(base=base))
        result = run_cli("run", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 3, result.stderr[-2000:]
    assert "no source could be fetched" in result.stderr
    failed = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{tmp_path}/out/fetch_log/**/*.parquet') "
        "WHERE error_class IS NOT NULL"
    ).fetchall()[0][0]
    assert failed == 3


def test_a_crashing_batch_is_counted_and_the_other_batches_are_committed(
    tmp_path, prefect_harness, monkeypatch
):
    """A bug that crashes one batch must not lose the run: its pages stay pending for the next run."""
    from flows import nightly as nightly_module
    from flows import stages

    real_process_batch = stages.process_batch

    def crash_on_gallery(source, entries, *args, **kwargs):
        if any(e.url.endswith("/gallery.html") for e in entries):
            raise RuntimeError("simulated bug")
        return real_process_batch(source, entries, *args, **kwargs)

    monkeypatch.setattr(stages, "BATCH_SIZE", 1)
    monkeypatch.setattr(stages, "process_batch", crash_on_gallery)
    out = tmp_path / "out"
    with serve(mapping_source(site())) as base:
        sources = tmp_path / "sources.toml"
        sources.write_text(SOURCES.format(base=base))
        report = nightly_module.nightly(str(sources), str(out))
        assert report["failures"]["batch:task_failed"] == 1
        assert report["articles"] == 1
        monkeypatch.setattr(stages, "process_batch", real_process_batch)
        again = nightly_module.nightly(str(sources), str(out))
    # only the crashed batch's page is tried again: the article is ingested, the 404 is final
    assert again["sources"][0]["pages_to_fetch"] == 1


def test_unusable_output_directory_is_one_line_and_exit_2(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[sources]]\nname = "x"\nfeeds = ["https://example.org/rss.xml"]\n')
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run_cli("run", "--sources", str(sources), "--out", str(blocker / "out"))
    assert result.returncode == 2 and "cannot create the output directory" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_working_folders_of_killed_runs_are_cleared_after_a_day(tmp_path):
    import os
    import time

    from flows.stages import clear_stale_run_folders, run_folder

    old, fresh = run_folder(tmp_path, "20250101T000000Z-dead"), run_folder(tmp_path, "20250102T000000Z-live")
    for folder in (old, fresh):
        (folder / "trade_stats").mkdir(parents=True)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    assert clear_stale_run_folders(tmp_path) == [old.name]
    assert not old.exists() and fresh.exists()


def test_a_source_is_reached_when_any_discovery_route_answers():
    """One rule (Discovery.reached), carried by the report the CLI reads for exit status 3."""
    from dataclasses import asdict
    from datetime import UTC, datetime

    from flows.report import RunReport
    from flows.stages import Discovery

    def discovery(source: str, feeds_ok: int, pages_read: int) -> Discovery:
        return Discovery(source, feeds_ok, 1, 0, 0, "", None, pages_read=pages_read)

    sitemap_only, feed_only, nothing = discovery("a", 0, 2), discovery("b", 1, 0), discovery("c", 0, 0)
    assert [d.reached for d in (sitemap_only, feed_only, nothing)] == [True, True, False]
    now = datetime.now(UTC)
    report = asdict(
        RunReport.build("nightly", "r", "out", now, now, [sitemap_only, feed_only, nothing], [], {})
    )
    assert [s["reached"] for s in report["sources"]] == [True, True, False] and report["sources_reached"] == 2
    unreached = asdict(RunReport.build("nightly", "r", "out", now, now, [nothing], [], {}))
    assert unreached["sources_reached"] == 0


def test_a_run_that_reaches_no_source_is_one_line_and_exit_3(tmp_path, prefect_harness, capsys):
    from flows.cli import EXIT_NOTHING_FETCHED, main

    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[sources]]\nname = "closed"\nfeeds = ["http://127.0.0.1:9/rss.xml"]\n'
        "min_delay_s = 0.0\nallow_private_addresses = true\n"
    )
    assert main(["run", "--sources", str(sources), "--out", str(tmp_path / "out")]) == EXIT_NOTHING_FETCHED
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "tradewire: error: no source could be fetched (see fetch_log)"
    )
