"""conflicts_stated: per month partition, the conflicting facts one of its statistics states."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.parquet as pq
from load_rows import stat_rows

from flows.stages import BatchSummary, MonthResult
from load.facts import conflicts_stated, rebuild_trade_facts
from load.readers import read_dataset
from load.schemas import to_table
from load.writer import write_dataset

MAY = datetime(2023, 5, 22, 8, 30, tzinfo=UTC)
APRIL = {"period_start": date(2023, 4, 1), "period_end": date(2023, 4, 30)}
JUNE = {"period_start": date(2023, 6, 1), "period_end": date(2023, 6, 30)}


def month(tmp_path: Path, partition: str, rows: list[dict]) -> MonthResult:
    """A committed month whose one batch file holds `rows` (no batch file when there are none)."""
    paths = {}
    if rows:
        path = tmp_path / f"{partition}-stats.parquet"
        pq.write_table(to_table("trade_stats", rows), path)
        paths["trade_stats"] = str(path)
    summary = BatchSummary(
        source="silkroad_daily",
        pages_fetched=0,
        pages_failed=0,
        articles=0,
        statistics=len(rows),
        rejects=0,
        out_of_window=0,
        rejects_by_rule={},
        failures={},
        paths=paths,
        ingested=[],
        failed=[],
        succeeded=[],
    )
    return MonthResult(
        partition=partition,
        articles=0,
        statistics=len(rows),
        rejects=0,
        failures=0,
        pages_fetched=0,
        rows_written={},
        summaries=(summary,),
    )


def test_each_partition_counts_the_conflicting_facts_its_statistics_state(tmp_path):
    def usd(value: float) -> dict:
        return {"value": value, "value_usd": value}

    q1_disputed = stat_rows(2, 0, MAY, **usd(12.5e9)) + stat_rows(
        1, 2, MAY, **usd(14.1e9)
    )  # same fact, 2 figures
    april_agreed = stat_rows(2, 10, MAY, **usd(2e9), **APRIL)
    june_disputed = stat_rows(1, 20, MAY, **usd(3.2e9), **JUNE) + stat_rows(1, 21, MAY, **usd(3.6e9), **JUNE)
    out = tmp_path / "out"
    write_dataset(
        out, "trade_stats", to_table("trade_stats", q1_disputed + april_agreed + june_disputed), "s1"
    )
    results = [
        month(tmp_path, "2023-05", [q1_disputed[0], q1_disputed[1], april_agreed[0]]),
        month(tmp_path, "2023-06", [june_disputed[0], q1_disputed[2]]),
        month(tmp_path, "2023-07", [april_agreed[1]]),
        month(tmp_path, "undated", []),
    ]
    rebuild_trade_facts(out, "backfill-test-facts")
    counts = conflicts_stated(out, {result.partition: result.stat_files for result in results})
    assert counts == {"2023-05": 1, "2023-06": 2, "2023-07": 0, "undated": 0}
    facts = read_dataset(out, "trade_facts")
    assert sorted(facts["conflict"].to_pylist()) == [False, True, True]
