"""rebuild_trade_facts: trade_facts rebuilt whole from trade_stats and swapped in as one directory."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from load_rows import stat_rows

from load import facts as facts_module
from load import fsutil
from load.facts import rebuild_trade_facts
from load.manifest import read_manifest
from load.readers import read_dataset
from load.schemas import DATASETS, to_table
from load.writer import RETIRED_PREFIX, write_dataset

MAY = datetime(2023, 5, 22, 8, 30, tzinfo=UTC)
JUNE = datetime(2023, 6, 5, 6, 0, tzinfo=UTC)
APRIL_PERIOD = {"period_start": date(2023, 4, 1), "period_end": date(2023, 4, 30)}


def write_stats(out: Path, rows: list[dict], run_id: str) -> None:
    write_dataset(out, "trade_stats", to_table("trade_stats", rows), run_id)


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def abandoned_staging(out: Path) -> list[str]:
    """Staging directories of trade_facts other than the retired copies of finished rebuilds."""
    root = out / ".staging" / "trade_facts"
    return [path.name for path in root.iterdir() if not path.name.startswith(RETIRED_PREFIX)]


def seed(out: Path) -> None:
    """Q1 statistics published in May (one fact) and April ones published in June (another)."""
    write_stats(out, stat_rows(3, 0, MAY, value=1e10, value_usd=1e10), "s1")
    write_stats(out, stat_rows(2, 10, JUNE, value=2e9, value_usd=2e9, **APRIL_PERIOD), "s2")


def test_facts_are_partitioned_by_period_end_with_the_declared_schema(tmp_path):
    seed(tmp_path)
    summary = rebuild_trade_facts(tmp_path, "f1")
    assert summary.input_rows == 5
    assert [p.path for p in summary.partitions] == ["year=2023/month=3", "year=2023/month=4"]
    assert sorted(files_under(tmp_path / "trade_facts")) == [
        "year=2023/month=3/part-f1.parquet", "year=2023/month=4/part-f1.parquet",
    ]  # fmt: skip
    parquet = pq.ParquetFile(tmp_path / "trade_facts/year=2023/month=3/part-f1.parquet")
    assert parquet.schema_arrow.equals(DATASETS["trade_facts"].schema, check_metadata=True)
    facts = read_dataset(tmp_path, "trade_facts")
    assert facts["n_statistics"].to_pylist() == [3, 2]
    assert facts["stat_ids"].to_pylist() == [
        ["stat-0000", "stat-0001", "stat-0002"],
        ["stat-0010", "stat-0011"],
    ]
    manifest = read_manifest(tmp_path, "trade_facts")
    assert {name: entry["rows"] for name, entry in manifest["partitions"].items()} == {
        "year=2023/month=3": 1, "year=2023/month=4": 1,
    }  # fmt: skip
    glob = f"{tmp_path}/trade_facts/**/*.parquet"
    rows = duckdb.sql(
        f"SELECT typeof(period_end), typeof(first_published_at), typeof(stat_ids), typeof(conflict), "
        f"count(*) FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY ALL"
    ).fetchall()
    assert rows == [("DATE", "TIMESTAMP WITH TIME ZONE", "VARCHAR[]", "BOOLEAN", 2)]


def test_a_rebuild_from_the_same_stats_gives_the_same_bytes(tmp_path):
    seed(tmp_path)
    rebuild_trade_facts(tmp_path, "f1")
    first = {name.replace("f1", "RUN"): data for name, data in files_under(tmp_path / "trade_facts").items()}
    rebuild_trade_facts(tmp_path, "f2")
    second = {name.replace("f2", "RUN"): data for name, data in files_under(tmp_path / "trade_facts").items()}
    assert first == second


def test_a_partition_no_longer_backed_by_statistics_disappears(tmp_path):
    seed(tmp_path)
    rebuild_trade_facts(tmp_path, "f1")
    # The April statistics are re-extracted as first-quarter ones: the April fact has nothing left.
    write_stats(tmp_path, stat_rows(2, 10, JUNE, value=1e10, value_usd=1e10), "s3")
    rebuild_trade_facts(tmp_path, "f2")
    assert sorted(files_under(tmp_path / "trade_facts")) == ["year=2023/month=3/part-f2.parquet"]
    assert list(read_manifest(tmp_path, "trade_facts")["partitions"]) == ["year=2023/month=3"]
    facts = read_dataset(tmp_path, "trade_facts")
    assert facts["n_statistics"].to_pylist() == [5]
    assert abandoned_staging(tmp_path) == []


def test_no_statistics_give_an_empty_dataset(tmp_path):
    summary = rebuild_trade_facts(tmp_path, "f1")
    assert (summary.input_rows, summary.partitions) == (0, ())
    assert read_dataset(tmp_path, "trade_facts").num_rows == 0
    assert read_manifest(tmp_path, "trade_facts")["partitions"] == {}


def test_trade_facts_cannot_be_merged_into(tmp_path):
    seed(tmp_path)
    rebuild_trade_facts(tmp_path, "f1")
    facts = read_dataset(tmp_path, "trade_facts").drop_columns(["year", "month"])
    with pytest.raises(ValueError, match="rebuild"):
        write_dataset(tmp_path, "trade_facts", facts, "x1")
    with pytest.raises(ValueError, match="run_id"):
        rebuild_trade_facts(tmp_path, "../escape")


def test_a_crash_before_the_swap_keeps_the_old_facts_and_is_cleaned_up(tmp_path, monkeypatch):
    seed(tmp_path)
    rebuild_trade_facts(tmp_path, "f1")
    before = files_under(tmp_path / "trade_facts")
    write_stats(tmp_path, stat_rows(1, 20, JUNE, value=3e9, value_usd=3e9, commodity="gold"), "s3")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("simulated crash before the swap")

    monkeypatch.setattr(facts_module, "_swap_in_dataset", crash)
    with pytest.raises(KeyboardInterrupt):
        rebuild_trade_facts(tmp_path, "f2")
    assert files_under(tmp_path / "trade_facts") == before
    assert (tmp_path / ".staging" / "trade_facts" / "f2").is_dir()
    monkeypatch.undo()
    rebuild_trade_facts(tmp_path, "f3")
    assert read_dataset(tmp_path, "trade_facts").num_rows == 3
    assert abandoned_staging(tmp_path) == []


def test_without_renameat2_a_crash_between_the_renames_is_repaired(tmp_path, monkeypatch):
    seed(tmp_path)
    rebuild_trade_facts(tmp_path, "f1")
    before = files_under(tmp_path / "trade_facts")

    def unsupported(a, b):
        raise fsutil.ExchangeUnsupported(95, "no exchange here")

    real_rename = os.rename

    def rename_then_die(source, target):
        real_rename(source, target)
        if str(source).endswith("/trade_facts") and "_displaced" in str(target):
            raise KeyboardInterrupt("simulated crash between the two renames")

    monkeypatch.setattr(fsutil, "exchange", unsupported)
    monkeypatch.setattr(facts_module.os, "rename", rename_then_die)
    with pytest.raises(KeyboardInterrupt):
        rebuild_trade_facts(tmp_path, "f2")
    assert not (tmp_path / "trade_facts").exists()  # absent, never partial
    monkeypatch.setattr(facts_module.os, "rename", real_rename)
    facts_module.recover_facts_staging(tmp_path)
    assert files_under(tmp_path / "trade_facts") == before
    rebuild_trade_facts(tmp_path, "f3")  # still without renameat2: two renames, no crash
    assert read_dataset(tmp_path, "trade_facts").num_rows == 2
    assert abandoned_staging(tmp_path) == []


def test_the_old_dataset_stays_readable_for_a_scan_that_opened_it_and_expires_later(tmp_path):
    seed(tmp_path)
    rebuild_trade_facts(tmp_path, "f1")
    opened = os.open(tmp_path / "trade_facts", os.O_RDONLY | os.O_DIRECTORY)  # a scan under way
    try:
        rebuild_trade_facts(tmp_path, "f2")
        listed = sorted(str(p) for p in Path(f"/proc/self/fd/{opened}").rglob("*.parquet"))
        assert [Path(p).name for p in listed] == ["part-f1.parquet", "part-f1.parquet"]
        assert sum(pq.read_table(p).num_rows for p in listed) == 2  # the old files, complete
    finally:
        os.close(opened)
    retired = [
        p for p in (tmp_path / ".staging" / "trade_facts").iterdir() if p.name.startswith(RETIRED_PREFIX)
    ]
    assert len(retired) == 2  # the first rebuild retired an empty staging, the second the old dataset
    facts_module.recover_facts_staging(tmp_path)  # within the retention: kept
    assert all(p.exists() for p in retired)
    facts_module.recover_facts_staging(tmp_path, retention_s=0)
    assert list((tmp_path / ".staging" / "trade_facts").iterdir()) == []
    assert read_dataset(tmp_path, "trade_facts").num_rows == 2


def test_a_column_read_keeps_the_order_and_values_of_the_full_read(tmp_path):
    """The rebuild reads only the columns consolidation needs: same rows, same order as a full read."""
    seed(tmp_path)
    columns = ["stat_id", "value", "period_end"]
    assert read_dataset(tmp_path, "trade_stats", columns=columns).to_pylist() == (
        read_dataset(tmp_path, "trade_stats").select(columns).to_pylist()
    )
    assert read_dataset(tmp_path / "nothing", "trade_stats", columns=columns).column_names == columns


def test_facts_consolidated_month_by_month_equal_one_pass(tmp_path, monkeypatch):
    """Months are consolidated apart (bounded memory): the facts are exactly those of one pass over all rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from load.schemas import conform, get_spec
    from transform.consolidate import CONSOLIDATION_COLUMNS, consolidate

    seed(tmp_path)
    write_stats(
        tmp_path, stat_rows(2, 20, JUNE, value=3e9, value_usd=3e9, **APRIL_PERIOD), "s3"
    )  # a conflict
    stats = read_dataset(tmp_path, "trade_stats", columns=CONSOLIDATION_COLUMNS)
    spec = get_spec("trade_facts")
    whole = conform("trade_facts", pa.Table.from_pandas(consolidate(stats), preserve_index=False))
    whole = whole.take(
        pc.sort_indices(whole, sort_keys=[(n, "ascending", "at_end") for n in spec.sort_order])
    )
    monkeypatch.setattr(facts_module, "CONSOLIDATION_CHUNK_ROWS", 1)
    chunked = facts_module.facts_table(stats)
    assert len(facts_module._by_period_month(stats)) == 2
    assert chunked.equals(whole.combine_chunks())
    assert chunked["conflict"].to_pylist() == [False, True]


def test_a_rebuild_streamed_in_chunks_writes_the_files_of_one_pass(tmp_path, monkeypatch):
    """The rebuild reads trade_stats a chunk of period months at a time, from the files holding them:
    a fact whose statistics sit in files of different publication months is still consolidated whole,
    and the dataset is byte for byte the one a single chunk gives."""

    def build(out: Path, chunk_rows: int):
        seed(out)
        write_stats(out, stat_rows(2, 20, JUNE, value=3e9, value_usd=3e9, **APRIL_PERIOD), "s3")  # a conflict
        july = datetime(2023, 7, 3, 9, 0, tzinfo=UTC)
        write_stats(out, stat_rows(1, 30, july, value=1e10, value_usd=1e10), "s4")  # Q1 again, a month later
        write_stats(
            out,
            stat_rows(
                2,
                40,
                july,
                value=5e8,
                value_usd=5e8,
                period_start=date(2023, 6, 1),
                period_end=date(2023, 6, 30),
            ),
            "s5",
        )
        monkeypatch.setattr(facts_module, "CONSOLIDATION_CHUNK_ROWS", chunk_rows)
        return rebuild_trade_facts(out, "f1")

    one_pass = build(tmp_path / "one", 10**9)
    streamed = build(tmp_path / "streamed", 1)
    assert streamed.input_rows == one_pass.input_rows == 10
    assert [p.path for p in streamed.partitions] == [
        "year=2023/month=3",
        "year=2023/month=4",
        "year=2023/month=6",
    ]
    assert files_under(tmp_path / "streamed" / "trade_facts") == files_under(tmp_path / "one" / "trade_facts")
    facts = read_dataset(tmp_path / "streamed", "trade_facts")
    assert facts["n_statistics"].to_pylist() == [4, 4, 2]
    assert facts["conflict"].to_pylist() == [False, True, False]
