"""The partition writer: layout, merge and de-duplication, determinism, atomic swap, crash recovery."""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from load_rows import article_row, fetch_row, make_rejection, stat_rows

from load import fsutil, writer
from load.manifest import read_manifest
from load.readers import dataset_glob, read_dataset
from load.schemas import DATASETS, SCHEMA_VERSION_KEY, to_table
from load.writer import RETIRED_PREFIX, STAGING_DIRNAME, write_dataset, write_records

MAY = datetime(2023, 5, 22, 8, 30, tzinfo=UTC)
JUNE = datetime(2023, 6, 3, 12, 0, tzinfo=UTC)
OCTOBER = datetime(2023, 10, 9, 7, 0, tzinfo=UTC)


def partition_files(out_dir: Path, dataset: str) -> list[str]:
    root = out_dir / dataset
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.parquet"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stats_table(rows: list[dict]) -> pa.Table:
    return to_table("trade_stats", rows)


def test_layout_is_hive_year_month_without_zero_padding(tmp_path):
    summary = write_dataset(
        tmp_path, "trade_stats", stats_table(stat_rows(2, 0, MAY) + stat_rows(1, 10, OCTOBER)), "r1"
    )
    assert partition_files(tmp_path, "trade_stats") == [
        "year=2023/month=10/part-r1.parquet",
        "year=2023/month=5/part-r1.parquet",
    ]
    assert [(p.path, p.rows, p.files) for p in summary.partitions] == [
        ("year=2023/month=5", 2, ("part-r1.parquet",)),
        ("year=2023/month=10", 1, ("part-r1.parquet",)),
    ]
    assert summary.input_rows == 3
    # Only the staging root and its (empty) dataset dir remain outside the dataset, nothing inside it.
    assert not any((tmp_path / STAGING_DIRNAME).rglob("*.parquet"))


def test_partition_is_the_utc_month_of_the_timestamp(tmp_path):
    # 23:30 on 31 May at UTC-2 is 01:30 on 1 June UTC.
    late_may_local = datetime(2023, 5, 31, 23, 30, tzinfo=timezone(timedelta(hours=-2)))
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(1, 0, late_may_local)), "r1")
    assert partition_files(tmp_path, "trade_stats") == ["year=2023/month=6/part-r1.parquet"]


def test_files_hold_no_partition_columns_and_carry_the_schema_version(tmp_path):
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 0, MAY)), "r1")
    path = tmp_path / "trade_stats/year=2023/month=5/part-r1.parquet"
    parquet = pq.ParquetFile(path)
    assert parquet.schema_arrow.names == DATASETS["trade_stats"].schema.names
    assert parquet.schema_arrow.metadata[SCHEMA_VERSION_KEY] == str(DATASETS["trade_stats"].version).encode()
    assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
    assert parquet.metadata.row_group(0).column(0).is_stats_set


def test_readable_by_duckdb_with_contract_types(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(3, 0, MAY) + stat_rows(2, 10, JUNE)), "r1")
    relation = duckdb.sql(
        f"SELECT * FROM read_parquet('{tmp_path}/trade_stats/**/*.parquet', hive_partitioning=true)"
    )
    types = dict(zip(relation.columns, (str(t) for t in relation.types), strict=True))
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["period_start"] == "DATE"
    assert types["value"] == "DOUBLE"
    assert types["value_usd"] == "DOUBLE"
    assert types["year"] in ("BIGINT", "INTEGER") and types["month"] in ("BIGINT", "INTEGER")
    counts = duckdb.sql(
        f"SELECT year, month, count(*) FROM read_parquet('{tmp_path}/trade_stats/**/*.parquet', "
        "hive_partitioning=true) GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert counts == [(2023, 5, 3), (2023, 6, 2)]


def test_readable_by_polars_with_contract_types(tmp_path):
    pl = pytest.importorskip("polars")
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(3, 0, MAY)), "r1")
    frame = pl.scan_parquet(f"{tmp_path}/trade_stats/**/*.parquet", hive_partitioning=True).collect()
    assert frame.schema["published_at"] == pl.Datetime("us", "UTC")
    assert frame.schema["period_end"] == pl.Date
    assert frame.schema["value"] == pl.Float64
    assert frame.schema["year"].is_integer() and frame.schema["month"].is_integer()
    assert frame["month"].to_list() == [5, 5, 5]


def test_readable_by_pandas_with_an_explicit_partitioning_schema(tmp_path):
    import pandas as pd
    import pyarrow.dataset as ds

    from load.schemas import PARTITION_SCHEMA

    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(3, 0, MAY)), "r1")
    frame = pd.read_parquet(
        tmp_path / "trade_stats", partitioning=ds.partitioning(PARTITION_SCHEMA, flavor="hive")
    )
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert str(frame["value"].dtype) == "float64"
    assert str(frame["year"].dtype) == "int32" and frame["month"].tolist() == [5, 5, 5]
    # Why docs/storage.md insists on the explicit schema: otherwise the partitions are categorical.
    assert str(pd.read_parquet(tmp_path / "trade_stats")["year"].dtype) == "category"


def test_read_dataset_returns_contract_types_and_int32_partitions(tmp_path):
    assert read_dataset(tmp_path, "trade_stats").num_rows == 0
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 0, MAY)), "r1")
    table = read_dataset(tmp_path, "trade_stats")
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("period_start").type == pa.date32()
    assert table.schema.field("year").type == pa.int32()
    assert table["year"].to_pylist() == [2023, 2023]
    assert table.select(DATASETS["trade_stats"].schema.names).to_pylist() == stat_rows(2, 0, MAY)


def test_rerun_of_the_same_rows_is_idempotent_and_byte_identical(tmp_path):
    rows = stat_rows(5, 0, MAY)
    write_dataset(tmp_path, "trade_stats", stats_table(rows), "run-a")
    first = read_dataset(tmp_path, "trade_stats")
    first_digest = digest(tmp_path / "trade_stats/year=2023/month=5/part-run-a.parquet")
    write_dataset(tmp_path, "trade_stats", stats_table(rows), "run-b")
    assert partition_files(tmp_path, "trade_stats") == ["year=2023/month=5/part-run-b.parquet"]
    assert read_dataset(tmp_path, "trade_stats").equals(first)
    assert digest(tmp_path / "trade_stats/year=2023/month=5/part-run-b.parquet") == first_digest


def test_input_order_does_not_change_the_file(tmp_path):
    rows = stat_rows(6, 0, MAY) + stat_rows(3, 20, JUNE)
    write_dataset(tmp_path / "a", "trade_stats", stats_table(rows), "r1")
    write_dataset(tmp_path / "b", "trade_stats", stats_table(list(reversed(rows))), "r1")
    for partition in ("year=2023/month=5", "year=2023/month=6"):
        name = f"trade_stats/{partition}/part-r1.parquet"
        assert digest(tmp_path / "a" / name) == digest(tmp_path / "b" / name)


def test_second_batch_merges_into_the_month_and_newest_row_wins(tmp_path):
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(3, 0, MAY)), "r1")
    corrected = stat_rows(1, 2, MAY, change_pct=-3.0)  # same key as row 2, new content
    write_dataset(tmp_path, "trade_stats", stats_table(corrected + stat_rows(2, 3, MAY)), "r2")
    table = read_dataset(tmp_path, "trade_stats")
    assert table["stat_id"].to_pylist() == [f"stat-{n:04d}" for n in range(5)]
    by_id = {row["stat_id"]: row for row in table.to_pylist()}
    assert by_id["stat-0002"]["change_pct"] == -3.0
    assert by_id["stat-0001"]["change_pct"] == 4.5
    assert partition_files(tmp_path, "trade_stats") == ["year=2023/month=5/part-r2.parquet"]


def test_duplicate_keys_within_one_batch_keep_the_last(tmp_path):
    rows = stat_rows(1, 0, MAY, change_pct=1.0) + stat_rows(1, 0, MAY, change_pct=2.0)
    write_dataset(tmp_path, "trade_stats", stats_table(rows), "r1")
    assert read_dataset(tmp_path, "trade_stats")["change_pct"].to_pylist() == [2.0]


def test_other_partitions_are_untouched(tmp_path):
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 0, MAY)), "r1")
    before = digest(tmp_path / "trade_stats/year=2023/month=5/part-r1.parquet")
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 10, JUNE)), "r2")
    assert partition_files(tmp_path, "trade_stats") == [
        "year=2023/month=5/part-r1.parquet",
        "year=2023/month=6/part-r2.parquet",
    ]
    assert digest(tmp_path / "trade_stats/year=2023/month=5/part-r1.parquet") == before


def test_empty_table_writes_nothing(tmp_path):
    summary = write_dataset(tmp_path, "trade_stats", to_table("trade_stats", []), "r1")
    assert summary.partitions == () and summary.input_rows == 0
    assert not (tmp_path / "trade_stats").exists()


def test_bad_run_id_and_bad_table_are_refused(tmp_path):
    with pytest.raises(ValueError, match="run_id"):
        write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(1, 0, MAY)), "../escape")
    with pytest.raises(ValueError, match="run_id"):
        write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(1, 0, MAY)), "2026-11-29T02:00:00Z")
    with pytest.raises(ValueError, match="missing"):
        write_dataset(
            tmp_path, "trade_stats", stats_table(stat_rows(1, 0, MAY)).drop_columns(["value"]), "r1"
        )
    assert not (tmp_path / "trade_stats").exists()


def test_rejects_keep_one_row_per_candidate_and_rule(tmp_path):
    first = make_rejection(1, rule="value.not_positive")
    second_rule = make_rejection(1, rule="period.in_future")
    no_id = make_rejection(2, rule="entity.unknown_partner", stat_id=None)
    rows = [asdict(r) for r in (first, second_rule, no_id)]
    write_dataset(tmp_path, "rejects", to_table("rejects", rows), "r1")
    write_dataset(tmp_path, "rejects", to_table("rejects", rows), "r2")
    table = read_dataset(tmp_path, "rejects")
    assert table.num_rows == 3
    assert sorted(table["rule"].to_pylist()) == [
        "entity.unknown_partner",
        "period.in_future",
        "value.not_positive",
    ]


def test_rejects_without_a_publication_time_are_refused_not_dropped(tmp_path):
    rows = [asdict(make_rejection(1))]
    rows[0]["statistic"]["published_at"] = None
    with pytest.raises(ValueError, match=r"rejects\.published_at.*partition"):
        write_dataset(tmp_path, "rejects", to_table("rejects", rows), "r1")


def test_articles_and_fetch_log_partition_by_their_timestamps(tmp_path):
    write_dataset(
        tmp_path, "articles", to_table("articles", [article_row(1, MAY), article_row(2, OCTOBER)]), "r1"
    )
    assert partition_files(tmp_path, "articles") == [
        "year=2023/month=10/part-r1.parquet",
        "year=2023/month=5/part-r1.parquet",
    ]
    fetched = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)
    log = [fetch_row("https://news.example.org/rss.xml", fetched, kind="feed")] * 2
    log.append(
        fetch_row("https://news.example.org/rss.xml", fetched + timedelta(days=3), kind="feed", status=503)
    )
    write_dataset(tmp_path, "fetch_log", to_table("fetch_log", log), "r1")
    assert partition_files(tmp_path, "fetch_log") == [
        "year=2026/month=11/part-r1.parquet",
        "year=2026/month=12/part-r1.parquet",
    ]
    assert read_dataset(tmp_path, "fetch_log").num_rows == 2


def test_manifest_records_each_partition(tmp_path):
    assert read_manifest(tmp_path, "trade_stats")["partitions"] == {}
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 0, MAY) + stat_rows(1, 5, OCTOBER)), "r1")
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(1, 9, MAY)), "r2")
    manifest = read_manifest(tmp_path, "trade_stats")
    assert list(manifest["partitions"]) == ["year=2023/month=5", "year=2023/month=10"]
    may = manifest["partitions"]["year=2023/month=5"]
    assert (may["run_id"], may["rows"], may["files"], may["schema_version"]) == (
        "r2",
        3,
        ["part-r2.parquet"],
        DATASETS["trade_stats"].version,
    )
    assert manifest["partitions"]["year=2023/month=10"]["run_id"] == "r1"
    assert datetime.fromisoformat(may["written_at"]).tzinfo is not None


def test_crash_between_staging_and_swap_keeps_the_old_partition(tmp_path, monkeypatch):
    duckdb = pytest.importorskip("duckdb")
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 0, MAY)), "r1")
    old = read_dataset(tmp_path, "trade_stats")

    def crash(*_args):
        raise KeyboardInterrupt("simulated kill before the swap")  # no clean-up runs, as after a kill

    monkeypatch.setattr(fsutil, "exchange", crash)
    with pytest.raises(KeyboardInterrupt, match="simulated kill"):
        write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(3, 2, MAY)), "r2")
    # The staged file exists, outside the dataset root, and no reader glob sees it.
    assert list((tmp_path / STAGING_DIRNAME).rglob("part-r2.parquet"))
    assert read_dataset(tmp_path, "trade_stats").equals(old)
    glob = dataset_glob(tmp_path, "trade_stats")
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true)").fetchall() == [
        (2,)
    ]

    monkeypatch.undo()
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(3, 2, MAY)), "r3")
    assert read_dataset(tmp_path, "trade_stats")["stat_id"].to_pylist() == [f"stat-{n:04d}" for n in range(5)]
    left = [path.name for path in (tmp_path / STAGING_DIRNAME / "trade_stats").iterdir()]
    assert [name for name in left if not name.startswith(RETIRED_PREFIX)] == [], (
        "stale staging was cleaned up"
    )
    assert not list((tmp_path / STAGING_DIRNAME).rglob("part-r2.parquet"))


def test_crash_while_writing_the_staged_file_keeps_the_old_partition(tmp_path, monkeypatch):
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 0, MAY)), "r1")
    old = read_dataset(tmp_path, "trade_stats")

    def half_write(table, path):
        path.write_bytes(b"PAR1 truncated")
        raise OSError("disk full")

    monkeypatch.setattr(writer, "write_parquet_file", half_write)
    with pytest.raises(OSError, match="disk full"):
        write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(1, 7, MAY)), "r2")
    assert read_dataset(tmp_path, "trade_stats").equals(old)
    monkeypatch.undo()
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(1, 7, MAY)), "r2")
    assert read_dataset(tmp_path, "trade_stats").num_rows == 3


def test_fallback_without_renameat2_gives_the_same_result(tmp_path, monkeypatch):
    def unsupported(*_args):
        raise fsutil.ExchangeUnsupported(95, "not supported")

    monkeypatch.setattr(fsutil, "exchange", unsupported)
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 0, MAY)), "r1")
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 1, MAY)), "r2")
    assert read_dataset(tmp_path, "trade_stats").num_rows == 3
    assert partition_files(tmp_path, "trade_stats") == ["year=2023/month=5/part-r2.parquet"]


def test_crash_between_the_fallback_renames_is_repaired_by_the_next_write(tmp_path, monkeypatch):
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(2, 0, MAY)), "r1")
    old = read_dataset(tmp_path, "trade_stats")
    real_rename = os.rename

    def unsupported(*_args):
        raise fsutil.ExchangeUnsupported(95, "not supported")

    def rename_then_crash(source, destination):
        real_rename(source, destination)
        if "_displaced" in str(destination):
            raise KeyboardInterrupt("simulated kill after moving the old partition aside")

    monkeypatch.setattr(fsutil, "exchange", unsupported)
    monkeypatch.setattr(writer.os, "rename", rename_then_crash)
    with pytest.raises(KeyboardInterrupt, match="simulated kill"):
        write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(1, 5, MAY)), "r2")
    monkeypatch.undo()
    # Nothing half-written is visible: May is absent (moved aside whole), not partial.
    assert not (tmp_path / "trade_stats/year=2023/month=5").exists()
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(1, 5, JUNE)), "r3")
    table = read_dataset(tmp_path, "trade_stats")
    assert (
        table.filter(pc.equal(table["month"], 5))
        .drop_columns(["year", "month"])
        .equals(old.drop_columns(["year", "month"]))
    )
    assert table.num_rows == 3


def test_write_records_takes_dataclass_dicts(tmp_path):
    summary = write_records(tmp_path, "rejects", [asdict(make_rejection(3))], "r1")
    assert summary.as_dict() == {
        "dataset": "rejects",
        "run_id": "r1",
        "input_rows": 1,
        "partitions": {"year=2023/month=5": {"rows": 1, "new_rows": 1, "files": ["part-r1.parquet"]}},
    }
    assert read_dataset(tmp_path, "rejects")["rule"].to_pylist() == ["value.not_positive"]


def test_a_failure_in_a_later_partition_leaves_nothing_of_the_write(tmp_path, monkeypatch):
    """Every partition is staged before the first swap: a full disk on June leaves May untouched too."""
    real_write = writer.write_parquet_file

    def fail_for_june(table, path):
        if "month=6" in str(path):
            raise OSError("disk full")
        real_write(table, path)

    monkeypatch.setattr(writer, "write_parquet_file", fail_for_june)
    with pytest.raises(OSError, match="disk full"):
        write_dataset(
            tmp_path, "trade_stats", stats_table(stat_rows(1, 0, MAY) + stat_rows(1, 5, JUNE)), "r1"
        )
    assert partition_files(tmp_path, "trade_stats") == []
    assert read_manifest(tmp_path, "trade_stats")["partitions"] == {}
    assert list((tmp_path / STAGING_DIRNAME / "trade_stats").iterdir()) == []
    monkeypatch.undo()
    write_dataset(tmp_path, "trade_stats", stats_table(stat_rows(1, 0, MAY) + stat_rows(1, 5, JUNE)), "r2")
    assert read_dataset(tmp_path, "trade_stats").num_rows == 2


def test_exchange_swaps_two_directories_atomically(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from_a").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "from_b").write_text("b")
    fsutil.exchange(tmp_path / "a", tmp_path / "b")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["from_b"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from_a"]
    with pytest.raises(FileNotFoundError):
        fsutil.exchange(tmp_path / "a", tmp_path / "missing")
