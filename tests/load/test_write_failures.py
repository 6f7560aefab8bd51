"""A write that fails part-way leaves the dataset as before it, and nothing of itself behind.

Every partition is staged before the first swap; an error among the swaps or in the manifest swaps
the ones already done back. Checked on both swap paths (renameat2 exchange and two renames).
"""

from __future__ import annotations

import errno
import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from load_rows import stat_rows

from load import fsutil, manifest, writer
from load.facts import rebuild_trade_facts
from load.housekeeping import clear_failed_writes
from load.schemas import to_table
from load.writer import write_dataset

MAY = datetime(2023, 5, 22, 8, 30, tzinfo=UTC)
JUNE = datetime(2023, 6, 3, 12, 0, tzinfo=UTC)
OCTOBER = datetime(2023, 10, 9, 7, 0, tzinfo=UTC)


def snapshot(out: Path, dataset: str) -> dict[str, str]:
    """Every file of the dataset (manifest included) by path, with a digest of its bytes."""
    root = out / dataset
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def leftovers(out: Path) -> list[str]:
    staged = [p for p in (out / ".staging").glob("*/*") if not p.name.startswith("_retired-")]
    return sorted(str(p) for p in (*staged, *out.rglob("*.tmp")))


@pytest.fixture
def existing(tmp_path):
    """trade_stats with three partitions already written by an earlier run."""
    table = to_table("trade_stats", stat_rows(2, 0, MAY) + stat_rows(2, 10, JUNE) + stat_rows(1, 20, OCTOBER))
    write_dataset(tmp_path, "trade_stats", table, "r1")
    return tmp_path, snapshot(tmp_path, "trade_stats")


def new_rows():
    """Rows for the same three months (new keys) and one month that has no partition yet."""
    return to_table(
        "trade_stats",
        stat_rows(1, 30, MAY)
        + stat_rows(1, 40, JUNE)
        + stat_rows(1, 50, OCTOBER)
        + stat_rows(1, 60, datetime(2023, 11, 2, tzinfo=UTC)),
    )


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_failed_swap_puts_every_partition_back(existing, monkeypatch, exchange):
    out, before = existing
    if not exchange:
        monkeypatch.setattr(
            fsutil, "exchange", lambda a, b: (_ for _ in ()).throw(fsutil.ExchangeUnsupported())
        )
    real_swap, calls = writer._swap_in, []

    def third_swap_fails(staged, target, displaced):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(errno.EIO, "injected I/O error")
        return real_swap(staged, target, displaced)

    monkeypatch.setattr(writer, "_swap_in", third_swap_fails)
    with pytest.raises(OSError, match="injected"):
        write_dataset(out, "trade_stats", new_rows(), "r2")
    assert snapshot(out, "trade_stats") == before
    assert leftovers(out) == []


def test_a_failed_manifest_undoes_the_swaps_and_leaves_no_temporary(existing, monkeypatch):
    out, before = existing

    def disk_full(path, data):
        path.with_name(f".{path.name}.999.tmp").write_text("{")
        raise OSError(errno.ENOSPC, "No space left on device")

    real = manifest._write_json_atomically
    monkeypatch.setattr(manifest, "_write_json_atomically", disk_full)
    with pytest.raises(OSError):
        write_dataset(out, "trade_stats", new_rows(), "r2")
    monkeypatch.setattr(manifest, "_write_json_atomically", real)
    after = snapshot(out, "trade_stats")
    assert {name: after[name] for name in before} == before and set(after) - set(before) == {
        "._manifest.json.999.tmp"
    }
    assert clear_failed_writes(out) == ["trade_stats/._manifest.json.999.tmp"]  # a killed writer's temporary
    assert snapshot(out, "trade_stats") == before and leftovers(out) == []


def test_the_real_manifest_writer_removes_its_temporary_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "trade_stats" / manifest.MANIFEST_NAME
    target.parent.mkdir()
    monkeypatch.setattr(manifest.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(OSError):
        manifest._write_json_atomically(target, {"partitions": {}})
    assert list(target.parent.iterdir()) == []


def test_a_failed_staging_write_leaves_the_dataset_and_no_staging(existing, monkeypatch):
    out, before = existing
    real_write, calls = writer.write_parquet_file, []

    def full_on_second(table, path):
        calls.append(path)
        if len(calls) == 2:
            path.write_bytes(b"PAR1 half")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(table, path)

    monkeypatch.setattr(writer, "write_parquet_file", full_on_second)
    with pytest.raises(OSError):
        write_dataset(out, "trade_stats", new_rows(), "r2")
    assert snapshot(out, "trade_stats") == before
    assert leftovers(out) == []


def test_a_failed_facts_rebuild_keeps_the_old_facts_and_no_staging(existing, monkeypatch):
    out, _ = existing
    rebuild_trade_facts(out, "f1")
    before = snapshot(out, "trade_facts")
    write_dataset(out, "trade_stats", new_rows(), "r2")
    monkeypatch.setattr(
        "load.facts.write_fresh_manifest",
        lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")),
    )
    with pytest.raises(OSError):
        rebuild_trade_facts(out, "f2")
    assert snapshot(out, "trade_facts") == before
    assert leftovers(out) == []
