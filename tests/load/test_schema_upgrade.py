"""A partition written under trade_stats schema version 1 (no `warnings`) merges with version-2 rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
from load_rows import stat_rows

from load.readers import read_dataset
from load.schemas import DATASETS, SCHEMA_VERSION_KEY, to_table
from load.writer import PARQUET_WRITE_OPTIONS, write_dataset

MAY = datetime(2023, 5, 22, 8, 30, tzinfo=UTC)


def version_1_table(rows: list[dict]) -> pa.Table:
    """The rows as the version-1 writer stored them: every column but `warnings`, version 1 metadata."""
    table = to_table("trade_stats", rows).drop_columns(["warnings", "reporter_evidence", "partner_evidence"])
    metadata = {**table.schema.metadata, SCHEMA_VERSION_KEY: b"1"}
    return table.replace_schema_metadata(metadata)


def test_old_partition_without_warnings_merges_with_new_rows(tmp_path):
    partition = tmp_path / "trade_stats" / "year=2023" / "month=5"
    partition.mkdir(parents=True)
    pq.write_table(
        version_1_table(stat_rows(3, 0, MAY)), partition / "part-old.parquet", **PARQUET_WRITE_OPTIONS
    )

    new_rows = stat_rows(2, 2, MAY, warnings="period.long_ago")  # stat-0002 is replaced, stat-0003 is new
    write_dataset(tmp_path, "trade_stats", to_table("trade_stats", new_rows), "r2")

    files = sorted(partition.iterdir())
    assert [path.name for path in files] == ["part-r2.parquet"]
    stored = pq.read_table(files[0])
    assert stored.schema.equals(DATASETS["trade_stats"].schema, check_metadata=True)
    assert stored.schema.metadata[SCHEMA_VERSION_KEY] == b"3"
    table = read_dataset(tmp_path, "trade_stats")
    assert list(zip(table["stat_id"].to_pylist(), table["warnings"].to_pylist(), strict=True)) == [
        ("stat-0000", None),
        ("stat-0001", None),
        ("stat-0002", "period.long_ago"),
        ("stat-0003", "period.long_ago"),
    ]


def test_old_files_read_with_the_current_schema_give_null_warnings(tmp_path):
    partition = tmp_path / "trade_stats" / "year=2023" / "month=5"
    partition.mkdir(parents=True)
    pq.write_table(
        version_1_table(stat_rows(2, 0, MAY)), partition / "part-old.parquet", **PARQUET_WRITE_OPTIONS
    )
    table = read_dataset(tmp_path, "trade_stats")
    assert table["warnings"].to_pylist() == [None, None]
    assert table.schema.field("warnings").type == pa.string()
    assert table["reporter_evidence"].to_pylist() == [None, None]
    assert table["partner_evidence"].to_pylist() == [None, None]
