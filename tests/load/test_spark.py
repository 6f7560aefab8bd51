"""pyspark reads trade_stats and trade_facts as written, with the contract's types.

Marked `spark`: starting a local JVM takes several seconds. Skipped where pyspark or Java is missing.
Spark runs as `local[1]` bound to 127.0.0.1 with its web UI off: no packet leaves the machine.
"""

from __future__ import annotations

import os
import shutil
import warnings
from datetime import UTC, date, datetime

import pytest
from load_rows import stat_rows

from load.facts import rebuild_trade_facts
from load.readers import read_dataset
from load.schemas import to_table
from load.writer import write_dataset

pytestmark = pytest.mark.spark

MAY = datetime(2023, 5, 22, 8, 30, 15, 123456, tzinfo=UTC)
OCTOBER = datetime(2023, 10, 3, 23, 59, tzinfo=UTC)


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Java is not installed (pyspark needs a JVM)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyspark's notice about the pandas version; pandas is not used here
        sql = pytest.importorskip("pyspark.sql")
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        session = (
            sql.SparkSession.builder.master("local[1]")
            .appName("tradewire-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "1")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_reads_trade_stats_and_trade_facts_with_the_contract_types(tmp_path, spark):
    from pyspark.sql import types as T

    rows = stat_rows(3, 0, MAY) + stat_rows(
        2, 10, OCTOBER, warnings="period.long_ago", commodity="natural gas"
    )
    write_dataset(tmp_path, "trade_stats", to_table("trade_stats", rows), "r1")
    rebuild_trade_facts(tmp_path, "r1")

    stats = spark.read.parquet(str(tmp_path / "trade_stats"))
    types = {field.name: field.dataType for field in stats.schema.fields}
    assert types["published_at"] == T.TimestampType()
    assert types["period_start"] == T.DateType() and types["period_end"] == T.DateType()
    assert types["value"] == T.DoubleType() and types["value_usd"] == T.DoubleType()
    assert types["warnings"] == T.StringType()
    assert types["year"] == T.IntegerType() and types["month"] == T.IntegerType()
    collected = sorted(
        stats.select("stat_id", "published_at", "period_end", "value", "warnings", "month").collect()
    )
    assert [tuple(row) for row in collected] == [
        (row["stat_id"], row["published_at"].replace(tzinfo=None), row["period_end"], row["value"],
         row["warnings"], row["published_at"].month)
        for row in sorted(rows, key=lambda row: row["stat_id"])
    ]  # fmt: skip
    assert collected[0]["published_at"] == datetime(2023, 5, 22, 8, 30, 15, 123456)  # microseconds kept

    facts = spark.read.parquet(str(tmp_path / "trade_facts"))
    types = {field.name: field.dataType for field in facts.schema.fields}
    assert types["stat_ids"] == T.ArrayType(T.StringType(), True)
    assert types["first_published_at"] == T.TimestampType()
    assert types["period_end"] == T.DateType()
    assert types["conflict"] == T.BooleanType()
    assert types["n_statistics"] == T.IntegerType()
    expected = read_dataset(tmp_path, "trade_facts")
    got = sorted(facts.select("fact_id", "n_statistics", "stat_ids", "period_end").collect())
    assert [(r["fact_id"], r["n_statistics"], r["stat_ids"], r["period_end"]) for r in got] == sorted(
        zip(expected["fact_id"].to_pylist(), expected["n_statistics"].to_pylist(),
            expected["stat_ids"].to_pylist(), expected["period_end"].to_pylist(), strict=True)
    )  # fmt: skip
    assert {r["period_end"] for r in got} == {date(2023, 3, 31)}
