"""A reader process for the reader-loop test: scans trade_stats in a loop until told to stop.

    python scan_loop.py ENGINE OUT STOP_FILE EXPECTED_JSON

ENGINE is duckdb or pyarrow. EXPECTED_JSON maps each month partition to its stat_ids. Every scan
must give, per partition, exactly those ids, once each, all from one version (the writer gives every
row of a partition the same value in one rewrite). A file that vanished between listing and opening
(FileNotFoundError; DuckDB's IOException "No such file or directory") is the one tolerated error: the
scan is simply repeated. Prints "ready", then at the end one JSON line: scans, retries, versions
seen, violations, unexpected errors.
"""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet  # noqa: F401 - loaded before the loop so the first scan is not an import

PARTITIONING = ds.partitioning(flavor="hive")


def scan_duckdb(out_dir: str) -> list[tuple]:
    glob = f"{out_dir}/trade_stats/**/*.parquet"
    with duckdb.connect() as connection:
        return connection.execute(
            "SELECT stat_id, value, month FROM read_parquet(?, hive_partitioning = true)", [glob]
        ).fetchall()


def scan_pyarrow(out_dir: str) -> list[tuple]:
    """The recipe of docs/storage.md: list the files, then hand pyarrow the list (not the directory)."""
    root = f"{out_dir}/trade_stats"
    files = sorted(glob.glob(f"{glob.escape(root)}/year=*/month=*/*.parquet"))
    table = ds.dataset(files, format="parquet", partitioning=PARTITIONING, partition_base_dir=root).to_table(
        columns=["stat_id", "value", "month"]
    )
    return list(zip(*(table[name].to_pylist() for name in table.column_names), strict=True))


def vanished_file(error: BaseException) -> bool:
    if isinstance(error, FileNotFoundError):
        return True
    return isinstance(error, duckdb.IOException) and "No such file or directory" in str(error)


def judge(rows: list[tuple], expected: dict[int, set[str]]) -> tuple[list[str], set[float]]:
    """Violations of one scan (mixed, duplicate, missing or extra rows) and the versions it saw."""
    problems = []
    by_month: dict[int, list[tuple]] = {}
    for stat_id, value, month in rows:
        by_month.setdefault(int(month), []).append((stat_id, value))
    if set(by_month) != set(expected):
        problems.append(f"partitions {sorted(by_month)} instead of {sorted(expected)}")
    versions = set()
    for month, month_rows in by_month.items():
        ids = [stat_id for stat_id, _ in month_rows]
        values = {value for _, value in month_rows}
        if len(ids) != len(set(ids)):
            problems.append(f"month {month}: duplicate rows")
        if set(ids) != expected.get(month, set()):
            problems.append(
                f"month {month}: {len(set(ids))} distinct ids, expected {len(expected.get(month, ()))}"
            )
        if len(values) != 1:
            problems.append(f"month {month}: rows of {len(values)} versions mixed")
        versions |= values
    return problems, versions


def main(engine: str, out_dir: str, stop_file: str, expected_json: str) -> None:
    scan = {"duckdb": scan_duckdb, "pyarrow": scan_pyarrow}[engine]
    expected = {int(month): set(ids) for month, ids in json.loads(Path(expected_json).read_text()).items()}
    report = {"engine": engine, "scans": 0, "retries": 0, "versions": [], "violations": [], "errors": []}
    versions: set[float] = set()
    print("ready", flush=True)
    stop = Path(stop_file)
    while not stop.exists():
        try:
            rows = scan(out_dir)
        except Exception as error:  # noqa: BLE001 - classified and reported
            if vanished_file(error):
                report["retries"] += 1
                continue
            report["errors"].append(f"{type(error).__name__}: {error}"[:300])
            if len(report["errors"]) >= 5:
                break
            continue
        report["scans"] += 1
        problems, seen = judge(rows, expected)
        versions |= seen
        if problems and len(report["violations"]) < 10:
            report["violations"].append(problems)
    report["versions"] = sorted(versions)
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
