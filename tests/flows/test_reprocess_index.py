"""The reprocess index: pages found without reading their bodies, feed dates as the archive's order gives them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone

from extract.archive import RawArchive, archive_files, iter_archive
from extract.model import FetchResult
from flows import reprocess
from flows.stages import statistic_row
from transform.model import TradeStatistic

START = datetime(2025, 3, 2, 6, tzinfo=UTC)


def fetched(url: str, body: bytes, when: datetime, status: int = 200, kind: str = "page") -> FetchResult:
    content_type = "application/rss+xml" if kind == "feed" else "text/html; charset=utf-8"
    return FetchResult(
        url=url,
        final_url=url,
        status=status,
        headers={"content-type": content_type},
        body=body,
        fetched_at=when,
        elapsed_s=0.1,
    )


def feed(items: list[tuple[str, datetime]]) -> bytes:
    entries = "".join(
        f"<item><title>t</title><link>{link}</link><pubDate>{moment.strftime('%a, %d %b %Y %H:%M:%S +0000')}"
        "</pubDate></item>"
        for link, moment in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>desk</title><link>https://desk.example/</link>'
        f"{entries}</channel></rss>"
    ).encode()


def page(number: int) -> bytes:
    return f"<html><body><article><p>Story {number} on the trade between two neighbours.</p></article></body></html>".encode()


def test_iter_archive_reads_only_the_bodies_asked_for(tmp_path):
    with RawArchive(tmp_path, "run-1") as archive:
        archive.write(fetched("https://desk.example/feed.xml", feed([]), START, kind="feed"), "desk", "feed")
        archive.write(fetched("https://desk.example/a", page(1), START), "desk", "page")
    full = list(iter_archive(tmp_path, kinds=None))
    light = list(iter_archive(tmp_path, kinds=None, bodies=("feed",)))
    assert [item.result.body for item in light] == [full[0].result.body, b""]
    assert [dataclasses.replace(item.result, body=b"") for item in full] == [
        dataclasses.replace(item.result, body=b"") for item in light
    ]
    assert [(i.source, i.kind, i.warc_path, i.offset) for i in full] == [
        (i.source, i.kind, i.warc_path, i.offset) for i in light
    ]


def test_index_keeps_the_newest_good_fetch_and_reads_it_back(tmp_path):
    url = "https://desk.example/news/a?utm_source=feed"
    with RawArchive(tmp_path, "run-1") as archive:
        archive.write(fetched(url, page(1), START), "desk", "page")
        archive.write(fetched(url, page(2), START + timedelta(hours=2)), "desk", "page")
        archive.write(fetched(url, b"gone", START + timedelta(hours=3), status=404), "desk", "page")
        archive.write(fetched("https://other.example/b", page(3), START), "elsewhere", "page")
    (found,) = reprocess.index_archive(tmp_path, ["desk"], date(2025, 3, 1))
    assert (found.source, found.url, found.fetched_at) == ("desk", url, START + timedelta(hours=2))
    (back,) = reprocess.read_responses([found])
    assert back.body == page(2)
    written = reprocess.write_pages(tmp_path / "work" / "pages.json", [found])
    assert reprocess.read_pages(written) == [found]


def test_a_feed_archived_again_unchanged_dates_its_pages_as_when_it_was_parsed(tmp_path):
    """The later feed wins; an unchanged feed archived again (not parsed again) still counts as later."""
    link = "https://desk.example/news/a"
    first, second = START - timedelta(days=3), START - timedelta(days=1)
    old_feed, new_feed = feed([(link, first)]), feed([(link, second)])
    with RawArchive(tmp_path, "run-1") as archive:
        for body in (old_feed, new_feed, old_feed):
            archive.write(fetched("https://desk.example/feed.xml", body, START, kind="feed"), "desk", "feed")
        archive.write(fetched(link, page(1), START), "desk", "page")
    (found,) = reprocess.index_archive(tmp_path, ["desk"], date(2025, 2, 1))
    assert found.feed_published_at == first
    assert found.entry.published_at == first


def test_statistic_rows_are_the_dataclass_fields():
    statistic = TradeStatistic(
        stat_id="s",
        article_id="a",
        source="desk",
        url="https://desk.example/a",
        published_at=START,
        reporter="KZ",
        reporter_name="Kazakhstan",
        partner="CN",
        partner_name="China",
        flow="export",
        value=1.5e9,
        currency="USD",
        value_usd=1.5e9,
        qualifier=None,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        change_pct=3.5,
        commodity=None,
        share_pct=None,
        sentence="Exports reached 1.5 billion dollars.",
        extractor="test",
        warnings="period.long_ago",
    )
    assert statistic_row(statistic) == dataclasses.asdict(statistic)


def test_index_by_month_writes_what_the_in_memory_index_gives(tmp_path):
    """Same pages, same months, same order, same file contents as `index_archive` + `split_by_month`."""
    from flows.backfill_plan import UNDATED, month_partitions, split_by_month

    partitions = month_partitions(date(2025, 1, 10), date(2025, 3, 31))
    labels = {p.label for p in partitions} | {UNDATED}
    plus_eight = timezone(timedelta(hours=8))
    links = {n: f"https://desk.example/news/{n}?utm_medium=rss" for n in range(12)}
    with RawArchive(tmp_path, "run-1") as archive:
        archive.write(
            fetched(
                "https://desk.example/feed.xml",
                feed(
                    [
                        (links[0], datetime(2025, 1, 15, tzinfo=UTC)),
                        (links[1], datetime(2025, 2, 1, 0, 30, tzinfo=plus_eight)),
                        (links[2], datetime(2024, 12, 30, tzinfo=UTC)),
                        (links[3], datetime(2025, 3, 3, tzinfo=UTC)),
                    ]
                ),
                START,
                kind="feed",
            ),
            "desk",
            "feed",
        )
        archive.write(
            fetched(
                "https://wire.example/feed.xml",
                feed(
                    [
                        (links[3], datetime(2025, 2, 20, tzinfo=UTC)),
                        (links[4], datetime(2025, 4, 2, tzinfo=UTC)),
                    ]
                ),
                START + timedelta(hours=1),
                kind="feed",
            ),
            "wire",
            "feed",
        )
        for n in range(10):
            source = "desk" if n % 3 else "wire"
            archive.write(fetched(links[n], page(n), START + timedelta(minutes=n)), source, "page")
        archive.write(
            fetched(links[5], page(50), START + timedelta(minutes=5)), "wire", "page"
        )  # a tie: later wins
        archive.write(
            fetched(links[6], page(60), START - timedelta(days=1)), "desk", "page"
        )  # older: ignored
        archive.write(fetched(links[7], b"gone", START + timedelta(days=1), status=404), "desk", "page")
        archive.write(fetched(links[11], page(11), START), "elsewhere", "page")

    sources = ["wire", "desk"]
    pages = reprocess.index_archive(tmp_path, sources, date(2025, 1, 1))
    expected = []
    for source in sources:
        mine = {p.url: p for p in pages if p.source == source}
        for label, entries in split_by_month([p.entry for p in mine.values()], partitions).items():
            if entries:
                expected.append((label, source, [mine[e.url] for e in entries]))

    def label_of(published: datetime | None) -> str | None:
        label = UNDATED if published is None else f"{published.astimezone(UTC):%Y-%m}"
        return label if label in labels else None

    months = reprocess.index_by_month(tmp_path, sources, date(2025, 1, 1), label_of, tmp_path / "work")
    assert [(m.label, m.source, reprocess.read_pages(m.path)) for m in months] == [
        (label, source, reprocess.read_pages(reprocess.write_pages(tmp_path / "expected.json", group)))
        for label, source, group in expected
    ]
    assert [m.pages for m in months] == [len(group) for _, _, group in expected]
    assert {m.label for m in months} >= {"2025-01", "2025-02", UNDATED}
    assert not list((tmp_path / "work").glob("*.sqlite"))


def test_an_index_read_in_parts_by_workers_merges_to_the_one_pass_index(tmp_path, monkeypatch):
    """Runs of archive files indexed apart (as Dask workers do) and merged in archive order give the
    same months: a later feed's date still wins, the newest fetch still wins, a tie still goes to the later file."""
    link = "https://desk.example/news/{}?utm_medium=rss".format
    day = timedelta(days=1)
    with RawArchive(tmp_path, "run-1", max_file_bytes=1) as archive:  # every record in its own file
        archive.write(
            fetched(
                "https://desk.example/feed.xml",
                feed(
                    [
                        (link(0), datetime(2025, 1, 15, tzinfo=UTC)),
                        (link(1), datetime(2025, 1, 20, tzinfo=UTC)),
                    ]
                ),
                START,
                kind="feed",
            ),
            "desk",
            "feed",
        )
        for n in range(3):
            archive.write(fetched(link(n), page(n), START + timedelta(minutes=n)), "desk", "page")
        archive.write(
            fetched(
                "https://desk.example/feed.xml",
                feed(
                    [(link(1), datetime(2025, 2, 3, tzinfo=UTC)), (link(2), datetime(2025, 3, 1, tzinfo=UTC))]
                ),
                START + day,
                kind="feed",
            ),
            "desk",
            "feed",
        )  # a day later: link 1 moves to February
        archive.write(fetched(link(0), page(10), START + day), "desk", "page")  # newer fetch of link 0
        archive.write(
            fetched(link(2), page(20), START + timedelta(minutes=2)), "desk", "page"
        )  # a tie, later file
        archive.write(
            fetched(link(0), page(11), START + 2 * day, status=500), "desk", "page"
        )  # a failure: ignored

    def label_of(published: datetime | None) -> str | None:
        return "undated" if published is None else f"{published.astimezone(UTC):%Y-%m}"

    def contents(months):
        return [(m.label, m.source, m.pages, reprocess.read_pages(m.path)) for m in months]

    one_pass = contents(
        reprocess.index_by_month(tmp_path, ["desk"], date(2025, 1, 1), label_of, tmp_path / "one")
    )
    monkeypatch.setattr(reprocess, "INDEX_PART_BYTES", 1)
    runs = reprocess.index_parts(tmp_path, date(2025, 1, 1))
    files = [str(path) for path in archive_files(tmp_path)]
    assert len(files) == 8 and len(runs) >= 4 and [f for run in runs for f in run] == files
    two = reprocess.index_parts(tmp_path, date(2025, 1, 1), max_parts=2)  # two per worker thread at most
    assert len(two) == 2 and [f for run in two for f in run] == files
    parts = [
        reprocess.index_part(files, ["desk"], tmp_path / "parts" / f"{n}.jsonl")
        for n, files in enumerate(runs)
    ]
    merged = contents(
        reprocess.index_by_month(
            tmp_path, ["desk"], date(2025, 1, 1), label_of, tmp_path / "merged", parts=parts
        )
    )
    assert merged == one_pass
    assert [(label, [p.url for p in pages]) for label, _, _, pages in merged] == [
        ("2025-01", [link(0)]),
        ("2025-02", [link(1)]),
        ("2025-03", [link(2)]),
    ]
    assert [p.warc_path for _, _, _, pages in merged for p in pages] == [files[6], files[2], files[4]]
