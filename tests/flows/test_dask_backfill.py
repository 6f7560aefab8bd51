"""Backfills whose month partitions run on a 2-worker local Dask cluster (prefect-dask) give the same
datasets as the threaded run: a reprocess of the raw archive (its index read in parts on the
workers), and a recrawl of the demo site (whose months, in worker processes, open and close their
own HTTP client and WARC file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from extract.archive import RawArchive, iter_archive
from flows.demo import DEMO_SITE, demo_sources_toml
from flows.localsite import directory_source, serve

pytest.importorskip("prefect_dask")

COMPARED = {"trade_stats": "*", "articles": "* EXCLUDE (fetched_at)", "rejects": "*"}
RANGE = {"start_date": date(2025, 1, 1), "end_date": date(2025, 6, 30)}


def snapshot(out: Path) -> dict[str, list[tuple]]:
    rows = {}
    for dataset, columns in COMPARED.items():
        files = f"{out}/{dataset}/**/*.parquet"
        rows[dataset] = (
            duckdb.sql(
                f"SELECT {columns} FROM read_parquet('{files}', hive_partitioning=true) ORDER BY ALL"
            ).fetchall()
            if any((out / dataset).glob("year=*/month=*/*.parquet"))
            else []
        )
    return rows


@pytest.mark.slow
def test_backfills_on_a_two_worker_dask_cluster_equal_the_threaded_runs(
    prefect_harness, tmp_path, monkeypatch
):
    from flows import reprocess
    from flows.backfill import backfill
    from flows.backfill_plan import BackfillExecutor, BackfillMode
    from flows.nightly import nightly

    monkeypatch.setattr(
        reprocess, "INDEX_PART_BYTES", 1
    )  # the archive index read on the workers, a file a task
    index_runs: list[int] = []
    cut = reprocess.index_parts
    monkeypatch.setattr(
        reprocess,
        "index_parts",
        lambda *args, **kwargs: index_runs.append(len(parts := cut(*args, **kwargs))) or parts,
    )

    with serve(directory_source(DEMO_SITE)) as base_url:
        sources = tmp_path / "sources.toml"
        sources.write_text(demo_sources_toml(base_url))
        nightly(str(sources), str(tmp_path / "nightly"))
        recrawl = backfill(
            **RANGE,
            sources_file=str(sources),
            out_dir=str(tmp_path / "recrawl-dask"),
            executor=BackfillExecutor.dask,
            dask_workers=2,
        )
    threaded_out, dask_out = tmp_path / "reprocess-threads", tmp_path / "reprocess-dask"
    for out in (threaded_out, dask_out):  # the nightly's archive, a file per record: the index has many parts
        with RawArchive(out, "split", max_file_bytes=1) as archive:
            for item in iter_archive(tmp_path / "nightly", kinds=None):
                archive.write(item.result, item.source, item.kind)
    threaded = backfill(
        **RANGE, mode=BackfillMode.reprocess, sources_file=str(sources), out_dir=str(threaded_out)
    )
    on_dask = backfill(
        **RANGE,
        mode=BackfillMode.reprocess,
        sources_file=str(sources),
        out_dir=str(dask_out),
        executor=BackfillExecutor.dask,
        dask_workers=2,
    )

    assert len(index_runs) == 1 and index_runs[0] > 1  # only the Dask reprocess indexes in parts
    expected = snapshot(threaded_out)
    assert expected["trade_stats"] and expected["articles"]
    assert snapshot(dask_out) == expected
    assert on_dask["statistics"] == threaded["statistics"] == len(expected["trade_stats"])
    assert [row["partition"] for row in on_dask["partitions"]] == [
        row["partition"] for row in threaded["partitions"]
    ]
    # The recrawl on Dask finds the nightly's rows, and each month's WARC file was completed (no .open left).
    nightly_rows = snapshot(tmp_path / "nightly")
    assert snapshot(tmp_path / "recrawl-dask")["trade_stats"] == nightly_rows["trade_stats"]
    assert recrawl["articles"] == len(nightly_rows["articles"])
    raw = tmp_path / "recrawl-dask" / "raw"
    assert list(raw.rglob("*.warc.gz")) and not list(raw.rglob("*.open"))
    # The run state is written by the flow's process once the months are back: every article is known.
    from load.state import StateStore

    urls = [
        row[0]
        for row in duckdb.sql(
            f"SELECT url FROM read_parquet('{tmp_path}/recrawl-dask/articles/**/*.parquet')"
        ).fetchall()
    ]
    with StateStore(tmp_path / "recrawl-dask") as state:
        assert urls and state.seen_urls(urls) == set(urls)


def test_dask_settings_are_checked_before_any_work(tmp_path):
    from flows.backfill_plan import BackfillExecutor, BackfillRequestError, check_request

    sources = tmp_path / "sources.toml"
    sources.write_text('[[sources]]\nname = "ledger"\nfeeds = ["http://127.0.0.1:9/rss.xml"]\n')

    def request(**options):
        return check_request(
            date(2025, 3, 1), date(2025, 3, 31), None, "recrawl", 2, sources, tmp_path / "out", **options
        )

    assert request().executor is BackfillExecutor.threads
    chosen = request(executor="dask", dask_address="tcp://127.0.0.1:8786")
    assert (chosen.executor, chosen.dask_address) == (BackfillExecutor.dask, "tcp://127.0.0.1:8786")
    with pytest.raises(BackfillRequestError, match="executor 'spark' is not one of"):
        request(executor="spark")
    with pytest.raises(BackfillRequestError, match="need executor 'dask'"):
        request(dask_address="tcp://127.0.0.1:8786")
    with pytest.raises(BackfillRequestError, match="dask_workers 0 must be at least 1"):
        request(executor="dask", dask_workers=0)
