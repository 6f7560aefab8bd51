"""Writers of one dataset are serialised by the lock; readers never see a partial partition."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from load_rows import make_rejection, stat_rows

from load.locks import DatasetLockTimeout, dataset_lock, lock_path
from load.readers import read_dataset
from load.schemas import to_table
from load.writer import write_dataset

REPO_ROOT = Path(__file__).resolve().parents[2]
MAY = datetime(2023, 5, 22, 8, 30, tzinfo=UTC)


def test_lock_lives_outside_the_dataset_root(tmp_path):
    assert lock_path(tmp_path, "trade_stats") == tmp_path / "_locks" / "trade_stats.lock"


def test_second_writer_times_out_naming_the_lock(tmp_path):
    with dataset_lock(tmp_path, "trade_stats"):
        started = time.monotonic()
        with pytest.raises(DatasetLockTimeout, match=r"_locks/trade_stats\.lock"):
            write_dataset(tmp_path, "trade_stats", to_table("trade_stats", stat_rows(1, 0, MAY)), "r1",
                          lock_timeout_s=0.3)  # fmt: skip
        assert time.monotonic() - started >= 0.3
    assert not (tmp_path / "trade_stats").exists()
    # Another dataset has its own lock and is not blocked.
    with dataset_lock(tmp_path, "trade_stats"):
        rejects = to_table("rejects", [asdict(make_rejection(1))])
        assert write_dataset(tmp_path, "rejects", rejects, "r1", lock_timeout_s=0.1).partitions


def test_writer_waits_for_the_lock_then_proceeds(tmp_path):
    released = threading.Event()

    def hold():
        with dataset_lock(tmp_path, "trade_stats"):
            holding.set()
            time.sleep(0.3)
        released.set()

    holding = threading.Event()
    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait()
    write_dataset(
        tmp_path, "trade_stats", to_table("trade_stats", stat_rows(1, 0, MAY)), "r1", lock_timeout_s=5
    )
    assert released.is_set(), "the write finished before the lock holder let go"
    holder.join()


def test_concurrent_thread_writers_into_one_month_lose_nothing(tmp_path):
    errors: list[BaseException] = []

    def write(batch: int):
        try:
            rows = stat_rows(5, batch * 100, MAY)
            write_dataset(
                tmp_path, "trade_stats", to_table("trade_stats", rows), f"run{batch}", lock_timeout_s=30
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(batch,)) for batch in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert read_dataset(tmp_path, "trade_stats").num_rows == 30
    assert len(list((tmp_path / "trade_stats").rglob("*.parquet"))) == 1


WRITER_SCRIPT = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    sys.path[:0] = [{tests!r}, {repo!r}]
    from load_rows import make_rejection, stat_rows
    from load.schemas import to_table
    from load.writer import write_dataset
    batch = int(sys.argv[1])
    for step in range(3):
        rows = stat_rows(2, batch * 100 + step * 10, datetime(2023, 5, 22, tzinfo=UTC))
        write_dataset({out!r}, "trade_stats", to_table("trade_stats", rows), f"p{{batch}}-{{step}}", lock_timeout_s=60)
    """
)


def test_concurrent_process_writers_lose_nothing(tmp_path):
    script = WRITER_SCRIPT.format(tests=str(Path(__file__).parent), repo=str(REPO_ROOT), out=str(tmp_path))
    processes = [subprocess.Popen([sys.executable, "-c", script, str(batch)]) for batch in range(3)]
    assert [process.wait(timeout=60) for process in processes] == [0, 0, 0]
    assert read_dataset(tmp_path, "trade_stats").num_rows == 3 * 3 * 2


def test_readers_see_the_old_or_the_new_partition_never_a_partial_one(tmp_path):
    batch = 50
    write_dataset(tmp_path, "trade_stats", to_table("trade_stats", stat_rows(batch, 0, MAY)), "w0")
    rounds = 12
    valid_counts = {batch * n for n in range(1, rounds + 2)}
    seen: list[int] = []
    done = threading.Event()
    reader_errors: list[BaseException] = []

    def read_continuously():
        try:
            while not done.is_set():
                seen.append(read_dataset(tmp_path, "trade_stats").num_rows)
        except BaseException as exc:  # noqa: BLE001 - reported below
            reader_errors.append(exc)

    reader = threading.Thread(target=read_continuously)
    reader.start()
    try:
        for n in range(1, rounds + 1):
            rows = stat_rows(batch, n * batch, MAY)
            write_dataset(tmp_path, "trade_stats", to_table("trade_stats", rows), f"w{n}")
    finally:
        done.set()
        reader.join()
    assert reader_errors == []
    assert seen, "the reader never completed a scan"
    assert set(seen) <= valid_counts
    assert seen == sorted(seen), "a reader saw rows disappear"
