"""Write and read N synthetic trade_stats rows (1M by default) through load.writer; time every step.

    python -m bench.write_read [--rows N] [--json OUT] [--keep DIR]

Steps, each timed on the same Arrow table in one run:
- `writer_first_write`: `load.writer.write_dataset` into an empty output (sort, one fsynced file per
  month partition, atomic swap, manifest);
- `writer_merge_rewrite`: the same rows again into the now-full dataset (read each partition, merge,
  de-duplicate by stat_id, sort, write, swap) — what a rerun over the same inputs costs;
- `plain_write_to_dataset`: `pyarrow.parquet.write_to_dataset` of the same table with year/month
  columns, zstd, no sort/merge/fsync/swap — the floor the writer's guarantees are measured against;
- reads of the whole dataset back: DuckDB (`read_parquet(..., hive_partitioning = true)` to Arrow),
  Polars (`scan_parquet(glob).collect()`), pyarrow (`load.readers.read_dataset`), and one DuckDB
  aggregate (USD trade by reporter, partner and year);
- `trade_facts_rebuild`: `load.facts.rebuild_trade_facts` over all rows.

The "ratio in one run" lines divide the writer's times by the plain write's, measured minutes apart
on the same machine, which is what makes them comparable between machines.
Rows are synthetic but shaped like real ones: ISO codes, month/quarter/year periods, values rounded
to three significant digits, sentences of about 100 characters, a few percent with warnings.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from load.facts import rebuild_trade_facts
from load.readers import read_dataset
from load.schemas import DATASETS, conform, partition_values
from load.writer import write_dataset

REPORTERS = ["CN", "CN-XJ", "KZ", "UZ", "KG", "TJ", "TM", "RU", "TR", "CN-GD", "CN-SN", "EU"]
REPORTER_NAMES = ["China", "Xinjiang", "Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan",
                  "Russia", "Turkey", "Guangdong", "Shaanxi", "the European Union"]  # fmt: skip
PARTNERS = ["WORLD", "KZ", "UZ", "KG", "TJ", "TM", "RU", "C5", "ASEAN", "EU", "DE", "US"]
PARTNER_NAMES = ["the world", "Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Russia",
                 "Central Asia", "ASEAN", "the EU", "Germany", "the United States"]  # fmt: skip
SOURCES = [
    "xinhua",
    "kazinform",
    "trend_az",
    "akipress",
    "uzdaily",
    "silkroad_daily",
    "steppe_news",
    "caravan_wire",
]
FLOWS = ["total", "export", "import", "balance"]
CURRENCIES = ["USD", "CNY", "KZT", "RUB", "EUR"]
USD_PER_UNIT = [1.0, 0.14, 0.0022, 0.011, 1.08]
COMMODITIES = ["natural gas", "crude oil", "cotton", "gold", "copper", "machinery", "vehicles", "grain"]
WARNINGS = ["period.long_ago", "usd.rate_unavailable", "period.long_ago,usd.rate_unavailable"]
MICROS_PER_DAY = 86_400_000_000
EPOCH_2023 = 19_358  # days from 1970-01-01 to 2023-01-01


def synthetic_stats(rows: int, seed: int = 7) -> pa.Table:
    """`rows` trade_stats rows over 24 publication months (2023-2024), ~1.5 statistics per article."""
    rng = np.random.default_rng(seed)
    index = np.arange(rows)
    article = index * 2 // 3
    reporter = rng.integers(0, len(REPORTERS), rows)
    partner = rng.integers(0, len(PARTNERS), rows)
    flow = rng.choice(len(FLOWS), rows, p=[0.55, 0.2, 0.2, 0.05])
    currency = rng.choice(len(CURRENCIES), rows, p=[0.5, 0.3, 0.1, 0.05, 0.05])
    published_day = rng.integers(0, 730, rows)
    published = (EPOCH_2023 + published_day) * MICROS_PER_DAY + rng.integers(
        0, MICROS_PER_DAY // 1_000_000, rows
    ) * 1_000_000
    # Periods end before publication: the previous month, quarter-to-date or year-to-date.
    published_dates = (EPOCH_2023 + published_day).astype("datetime64[D]")
    month_start = published_dates.astype("datetime64[M]")
    period_end = month_start.astype("datetime64[D]") - np.timedelta64(1, "D")
    months_back = rng.choice([1, 3, 12], rows, p=[0.5, 0.3, 0.2])
    period_start = (period_end.astype("datetime64[M]") - (months_back - 1)).astype("datetime64[D]")
    magnitude = 10.0 ** rng.integers(6, 12, rows)
    value = np.round(rng.uniform(1.0, 9.99, rows), 2) * magnitude
    value = np.where(np.asarray(FLOWS)[flow] == "balance", value * rng.choice([-1.0, 1.0], rows), value)
    usd = value * np.asarray(USD_PER_UNIT)[currency]
    stated_usd = np.where((currency == 0) | (rng.random(rows) < 0.4), usd, np.nan)
    change = np.round(rng.normal(5.0, 15.0, rows), 1)
    commodity_pick = rng.integers(0, len(COMMODITIES), rows)
    has_commodity = rng.random(rows) < 0.15
    warning_pick = rng.integers(0, len(WARNINGS), rows)
    has_warning = rng.random(rows) < 0.03

    def strings(values: list[str], picks: np.ndarray) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(picks, pa.int32()), pa.array(values)).cast(pa.string())

    def numbered(prefix: str, numbers: np.ndarray) -> pa.Array:
        return pc.binary_join_element_wise(prefix, pc.cast(pa.array(numbers), pa.string()), "")

    source = strings(SOURCES, article % len(SOURCES))
    article_ids = numbered("a", article * 7919 % 10_000_019)
    value_text = pc.cast(pa.array(np.round(value / magnitude, 2)), pa.string())
    sentence = pc.binary_join_element_wise(
        strings(REPORTER_NAMES, reporter), "'s trade with ", strings(PARTNER_NAMES, partner),
        " reached ", value_text, " ", strings(["million", "billion", "billion", "billion", "trillion"],
                                               np.clip(np.log10(magnitude).astype(int) - 7, 0, 4)),
        " ", strings(CURRENCIES, currency), " in the period, up ", pc.cast(pa.array(np.abs(change)), pa.string()),
        " percent year on year, customs data showed.", "",
    )  # fmt: skip
    table = pa.table({
        "stat_id": numbered("s", index * 2654435761 % 4_294_967_311),
        "article_id": article_ids,
        "source": source,
        "url": pc.binary_join_element_wise("https://", source, ".example.org/news/", article_ids, ".html", ""),
        "published_at": pa.array(published, pa.timestamp("us", tz="UTC")),
        "reporter": strings(REPORTERS, reporter),
        "reporter_name": strings(REPORTER_NAMES, reporter),
        "partner": strings(PARTNERS, partner),
        "partner_name": strings(PARTNER_NAMES, partner),
        "flow": strings(FLOWS, flow),
        "value": pa.array(value),
        "currency": strings(CURRENCIES, currency),
        "value_usd": pa.array(stated_usd, from_pandas=True),
        "qualifier": pa.array(np.where(rng.random(rows) < 0.2, "about", None)),
        "period_start": pa.array(period_start, pa.date32()),
        "period_end": pa.array(period_end, pa.date32()),
        "change_pct": pa.array(np.where(rng.random(rows) < 0.7, change, np.nan), from_pandas=True),
        "commodity": pa.array(np.where(has_commodity, np.asarray(COMMODITIES)[commodity_pick], None)),
        "share_pct": pa.array(np.where(rng.random(rows) < 0.1, np.round(rng.uniform(0.5, 60, rows), 1), np.nan),
                              from_pandas=True),
        "sentence": sentence,
        "extractor": pa.array(["rules-3"] * rows),
        "warnings": pa.array(np.where(has_warning, np.asarray(WARNINGS)[warning_pick], None)),
    })  # fmt: skip
    return conform("trade_stats", table)


def timed(function, *arguments, **keywords) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*arguments, **keywords)
    return time.perf_counter() - started, result


def run(rows: int, work_dir: Path) -> dict:
    import duckdb
    import polars as pl

    figures: dict[str, float | int | str] = {"rows": rows, "pyarrow": pa.__version__}
    seconds, table = timed(synthetic_stats, rows)
    figures["generate_s"] = seconds
    writer_out, plain_out = work_dir / "writer", work_dir / "plain"

    figures["writer_first_write_s"], summary = timed(
        write_dataset, writer_out, "trade_stats", table, "bench-1"
    )
    figures["partitions"] = len(summary.partitions)
    figures["writer_merge_rewrite_s"], _ = timed(write_dataset, writer_out, "trade_stats", table, "bench-2")

    years, months = partition_values(DATASETS["trade_stats"], table)
    with_partitions = table.append_column("year", years).append_column("month", months)
    figures["plain_write_to_dataset_s"], _ = timed(
        pq.write_to_dataset, with_partitions, plain_out, partition_cols=["year", "month"], compression="zstd"
    )

    glob = f"{writer_out.absolute()}/trade_stats/**/*.parquet"
    with duckdb.connect() as connection:
        figures["read_duckdb_s"], read = timed(
            lambda: connection.sql(
                f"SELECT * FROM read_parquet('{glob}', hive_partitioning = true)"
            ).to_arrow_table()
        )
        assert read.num_rows == rows, read.num_rows
        figures["query_duckdb_aggregate_s"], _ = timed(lambda: connection.execute(
            "SELECT reporter, partner, year, sum(value_usd) FROM read_parquet(?, hive_partitioning = true) "
            "GROUP BY ALL", [glob]).fetchall())  # fmt: skip
    figures["read_polars_s"], frame = timed(lambda: pl.scan_parquet(glob, hive_partitioning=True).collect())
    assert frame.height == rows, frame.height
    figures["read_pyarrow_s"], read = timed(read_dataset, writer_out, "trade_stats")
    assert read.num_rows == rows, read.num_rows
    figures["trade_facts_rebuild_s"], facts = timed(rebuild_trade_facts, writer_out, "bench-facts")
    figures["trade_facts_rows"] = sum(partition.rows for partition in facts.partitions)

    def size(root: Path) -> int:
        return sum(path.stat().st_size for path in root.rglob("*.parquet"))

    figures["writer_mb"] = round(size(writer_out / "trade_stats") / 1e6, 1)
    figures["plain_mb"] = round(size(plain_out) / 1e6, 1)
    figures["ratio_first_write_to_plain"] = (
        figures["writer_first_write_s"] / figures["plain_write_to_dataset_s"]
    )
    figures["ratio_merge_rewrite_to_plain"] = (
        figures["writer_merge_rewrite_s"] / figures["plain_write_to_dataset_s"]
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="write under this directory and keep the datasets")
    args = parser.parse_args(argv)
    work_dir = args.keep or Path(tempfile.mkdtemp(prefix="tradewire-bench-"))
    try:
        figures = run(args.rows, work_dir)
    finally:
        if args.keep is None:
            shutil.rmtree(work_dir, ignore_errors=True)
    width = max(len(name) for name in figures)
    for name, value in figures.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{name:<{width}}  {shown}")
    print(f"ratio in one run: writer first write = {figures['ratio_first_write_to_plain']:.2f} x plain "
          f"write_to_dataset; merge rewrite = {figures['ratio_merge_rewrite_to_plain']:.2f} x")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
