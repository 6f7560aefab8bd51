"""Swapped-out partitions are retired, not deleted at once: a scan that opened one still reads it whole.

Without this, a reader that opened `year=Y/month=M` just before the swap and listed it just after the
old copy was deleted would see an empty partition: rows missing without any error.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
from load_rows import stat_rows

from load.readers import read_dataset
from load.schemas import to_table
from load.writer import RETIRED_PREFIX, recover_staging, retired_expired, staging_root, write_dataset

MAY = datetime(2023, 5, 22, 8, 30, tzinfo=UTC)


def write(out: Path, count: int, start: int, run_id: str) -> None:
    write_dataset(out, "trade_stats", to_table("trade_stats", stat_rows(count, start, MAY)), run_id)


def retired(out: Path) -> list[Path]:
    return sorted(p for p in staging_root(out, "trade_stats").iterdir() if p.name.startswith(RETIRED_PREFIX))


def test_a_partition_opened_before_the_swap_still_lists_its_complete_old_file(tmp_path):
    write(tmp_path, 3, 0, "r1")
    partition = tmp_path / "trade_stats" / "year=2023" / "month=5"
    opened = os.open(partition, os.O_RDONLY | os.O_DIRECTORY)  # a scan has resolved the directory
    try:
        write(tmp_path, 2, 3, "r2")
        assert os.listdir(opened) == ["part-r1.parquet"]
        old = pq.read_table(f"/proc/self/fd/{opened}/part-r1.parquet")
        assert old["stat_id"].to_pylist() == ["stat-0000", "stat-0001", "stat-0002"]
    finally:
        os.close(opened)
    assert os.listdir(partition) == ["part-r2.parquet"]
    assert read_dataset(tmp_path, "trade_stats").num_rows == 5


def test_retired_copies_are_deleted_by_a_later_write_once_expired(tmp_path):
    write(tmp_path, 3, 0, "r1")
    write(tmp_path, 2, 3, "r2")
    kept = retired(tmp_path)
    assert [p.name.rsplit("-", 1)[-1] for p in kept] == ["r1", "r2"]
    assert list(kept[1].rglob("*.parquet")) == [kept[1] / "year=2023/month=5/part-r1.parquet"]
    write(tmp_path, 1, 5, "r3")  # within the retention: nothing deleted
    assert all(p.exists() for p in kept)
    recover_staging(tmp_path, "trade_stats", retention_s=0)
    assert list(staging_root(tmp_path, "trade_stats").iterdir()) == []
    assert read_dataset(tmp_path, "trade_stats").num_rows == 6


def test_expiry_reads_the_time_from_the_name():
    name = Path(f"{RETIRED_PREFIX}1000000000000-run1")
    assert not retired_expired(name, retention_s=60, now_ns=1_000_000_000_000 + 59 * 10**9)
    assert retired_expired(name, retention_s=60, now_ns=1_000_000_000_000 + 60 * 10**9)
    assert retired_expired(Path(f"{RETIRED_PREFIX}garbled"), retention_s=60)
