"""Readers in other processes scan in a loop while a writer rewrites every partition again and again.

They must never see a partition mixing two versions, a duplicate or a missing row. The one tolerated
error is a file that vanished between the scan's listing and its opening (the writer swapped the
partition in between); the reader repeats the scan (docs/storage.md, "The one tolerated reader error").
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
from load_rows import stat_rows

from load.schemas import to_table
from load.writer import write_dataset

SCANNER = Path(__file__).with_name("scan_loop.py")
MONTHS = (3, 4, 5)
ROWS_PER_MONTH = 80
WRITE_SECONDS = 3.0
MIN_ROUNDS = 15


def base_table() -> pa.Table:
    rows = []
    for month in MONTHS:
        rows += stat_rows(ROWS_PER_MONTH, month * 1000, datetime(2024, month, 15, 12, 0, tzinfo=UTC))
    return to_table("trade_stats", rows)


def version(table: pa.Table, number: int) -> pa.Table:
    """Every row of this rewrite carries the value 1e9 + number: a partition's rows share one version."""
    values = pa.array([1e9 + number] * table.num_rows, type=pa.float64())
    table = table.set_column(table.schema.get_field_index("value"), "value", values)
    return table.set_column(table.schema.get_field_index("value_usd"), "value_usd", values)


def test_readers_never_see_mixed_duplicate_or_missing_rows(tmp_path):
    out_dir = tmp_path / "out"
    table = base_table()
    write_dataset(out_dir, "trade_stats", version(table, 0), "w0")
    expected = {
        month: [row["stat_id"] for row in table.to_pylist() if row["published_at"].month == month]
        for month in MONTHS
    }
    expected_file = tmp_path / "expected.json"
    expected_file.write_text(json.dumps(expected))
    stop_file = tmp_path / "stop"

    readers = [
        subprocess.Popen(
            [sys.executable, str(SCANNER), engine, str(out_dir), str(stop_file), str(expected_file)],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for engine in ("duckdb", "pyarrow")
    ]
    try:
        for reader in readers:
            assert reader.stdout.readline().strip() == "ready"
        started = time.monotonic()
        rounds = 0
        while rounds < MIN_ROUNDS or time.monotonic() - started < WRITE_SECONDS:
            rounds += 1
            write_dataset(out_dir, "trade_stats", version(table, rounds), f"w{rounds}")
        stop_file.touch()
        reports = [
            json.loads(reader.communicate(timeout=60)[0].strip().splitlines()[-1]) for reader in readers
        ]
    finally:
        stop_file.touch()
        for reader in readers:
            if reader.poll() is None:
                reader.kill()
                reader.communicate()

    for report in reports:
        engine = report["engine"]
        assert report["errors"] == [], f"{engine}: errors other than a vanished file: {report['errors']}"
        assert report["violations"] == [], f"{engine}: inconsistent scans: {report['violations']}"
        assert report["scans"] >= 5, f"{engine}: only {report['scans']} complete scans in {rounds} rewrites"
        assert len(report["versions"]) >= 2, f"{engine}: never saw a rewrite, the test proved nothing"
    print({report["engine"]: (report["scans"], report["retries"], len(report["versions"])) for report in reports},
          f"{rounds} rewrites")  # fmt: skip
