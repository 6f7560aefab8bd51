"""End to end through a local HTTP server: the demo site → the nightly flow → Parquet read back.

The demo's expected statistics (tests/fixtures/demo_expected.json) are exact: one too many or one
too few fails. Output is read back with DuckDB and Polars, not only pyarrow.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import polars as pl
import pytest

from flows.demo import DEMO_SITE, demo_sources_toml
from flows.localsite import directory_source, serve

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STAT_FIELDS = (
    "reporter",
    "partner",
    "flow",
    "value",
    "currency",
    "value_usd",
    "qualifier",
    "period_start",
    "period_end",
    "change_pct",
    "commodity",
    "share_pct",
    "sentence",
)

pytestmark = pytest.mark.slow


def glob(out: Path, dataset: str) -> str:
    return f"{out}/{dataset}/**/*.parquet"


def rows_of(out: Path, dataset: str) -> list[tuple]:
    """All rows of a dataset in a total order; a dataset that never received a row has no files."""
    if not any((out / dataset).glob("year=*/month=*/*.parquet")):
        return []
    return duckdb.sql(
        f"SELECT * FROM read_parquet('{glob(out, dataset)}', hive_partitioning=true) ORDER BY ALL"
    ).fetchall()


def stat_key(path: str, row: dict) -> tuple:
    """A statistic as comparable values; a `total` is the same whichever partner is named first."""
    values = {name: row[name] for name in STAT_FIELDS}
    for name in ("period_start", "period_end"):
        values[name] = str(values[name])
    for name in ("value", "value_usd", "change_pct", "share_pct"):
        values[name] = None if values[name] is None else round(float(values[name]), 6)
    if values["flow"] == "total":
        values["reporter"], values["partner"] = sorted([values["reporter"], values["partner"]])
    return (path, *(values[name] for name in STAT_FIELDS))


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, prefect_harness):
    """The nightly flow over the demo site, run twice into the same folder (the second is the rerun)."""
    from flows.nightly import nightly

    out = tmp_path_factory.mktemp("demo-out")
    with serve(directory_source(DEMO_SITE)) as base_url:
        sources = out.parent / "demo-sources.toml"
        sources.write_text(demo_sources_toml(base_url))
        first = nightly(str(sources), str(out))
        snapshot = {name: rows_of(out, name) for name in ("articles", "trade_stats", "rejects")}
        second = nightly(str(sources), str(out))
    return out, base_url, first, second, snapshot


def test_demo_statistics_are_exactly_the_expected_ones(demo_run):
    out, base_url, *_ = demo_run
    expected = json.loads((FIXTURES / "demo_expected.json").read_text())
    rows = duckdb.sql(f"SELECT * FROM read_parquet('{glob(out, 'trade_stats')}', hive_partitioning=true)")
    found = [dict(zip(rows.columns, values, strict=True)) for values in rows.fetchall()]
    got = sorted(stat_key(urlsplit(r["url"]).path.lstrip("/"), r) for r in found)
    want = sorted(stat_key(e["path"], e) for e in expected)
    missing = [w for w in want if w not in got]
    extra = [g for g in got if g not in want]
    assert not missing and not extra, f"missing={missing}\nextra={extra}"


def test_demo_articles_parsed_with_dates_and_no_boilerplate(demo_run):
    out, *_ = demo_run
    expected = {a["path"]: a for a in json.loads((FIXTURES / "demo_articles.json").read_text())}
    frame = pl.scan_parquet(glob(out, "articles"), hive_partitioning=True).collect()
    by_path = {
        urlsplit(url).path.lstrip("/"): row
        for url, row in zip(frame["url"], frame.iter_rows(named=True), strict=True)
    }
    assert set(by_path) == set(expected)
    for path, article in expected.items():
        row = by_path[path]
        assert row["published_at"].isoformat() == article["published_at"].replace("Z", "+00:00"), path
        assert row["n_stats"] == article["n_stats"], path
        assert row["title"], path
        for boilerplate in ("Editor:", "Today's Recommendations", "Related stories", "Share this"):
            assert boilerplate not in row["body"], (path, boilerplate)


def test_contract_types_and_partitions(demo_run):
    out, *_ = demo_run
    described = duckdb.sql(
        f"DESCRIBE SELECT * FROM read_parquet('{glob(out, 'trade_stats')}', hive_partitioning=true)"
    ).fetchall()
    schema = {row[0]: row[1] for row in described}
    assert schema["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert schema["value"] == "DOUBLE" and schema["period_start"] == "DATE"
    assert schema["year"] in ("BIGINT", "INTEGER") and schema["month"] in ("BIGINT", "INTEGER")
    polars_schema = pl.scan_parquet(glob(out, "trade_stats"), hive_partitioning=True).collect_schema()
    assert polars_schema["published_at"] == pl.Datetime("us", "UTC")
    months = sorted(
        p.relative_to(out / "trade_stats").as_posix() for p in (out / "trade_stats").glob("year=*/month=*")
    )
    assert months and all(
        part.split("=")[1].isdigit() and not part.split("=")[1].startswith("0")
        for m in months
        for part in m.split("/")
    )
    # every statistic's partition is its article's publication month (UTC)
    mismatched = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{glob(out, 'trade_stats')}', hive_partitioning=true) "
        "WHERE year <> year(published_at AT TIME ZONE 'UTC') OR month <> month(published_at AT TIME ZONE 'UTC')"
    ).fetchall()[0][0]
    assert mismatched == 0


def test_rerun_leaves_the_same_rows_and_fetches_nothing_new(demo_run):
    out, _, first, second, snapshot = demo_run
    assert first["articles"] > 0
    assert second["articles"] == 0  # every feed entry was ingested by the first run
    for name, rows in snapshot.items():
        assert rows_of(out, name) == rows, name


def test_every_statistic_traces_to_a_sentence_of_its_article(demo_run):
    out, *_ = demo_run
    orphans = duckdb.sql(f"""
        SELECT s.stat_id FROM read_parquet('{glob(out, "trade_stats")}', hive_partitioning=true) s
        LEFT JOIN read_parquet('{glob(out, "articles")}', hive_partitioning=true) a USING (article_id)
        WHERE a.article_id IS NULL OR strpos(a.body, s.sentence) = 0
    """).fetchall()
    assert orphans == []
    duplicates = duckdb.sql(
        f"SELECT stat_id, count(*) c FROM read_parquet('{glob(out, 'trade_stats')}') "
        "GROUP BY stat_id HAVING c > 1"
    ).fetchall()
    assert duplicates == []


def test_run_publishes_summary_and_statistics_artifacts(demo_run):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    _, _, first, *_ = demo_run
    keys = ["tradewire-nightly-summary", "tradewire-nightly-statistics"]
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=keys)))
    mine = {a.key: a for a in artifacts if first["run_id"] in (a.description or "")}
    assert set(mine) == set(keys)
    summary = mine["tradewire-nightly-summary"].data
    assert f"**{first['statistics']}** statistics" in summary and "| herald |" in summary
    table = json.loads(mine["tradewire-nightly-statistics"].data)
    assert len(table) == first["statistics"]
    assert {"reporter", "partner", "flow", "value", "currency", "url"} <= set(table[0])


def test_demo_misprint_lands_in_rejects_with_its_rule(demo_run):
    """The demo's one absurd figure is not in trade_stats and not dropped: it is a reject with a reason."""
    out, *_ = demo_run
    expected = json.loads((FIXTURES / "demo_rejects.json").read_text())
    rows = pl.read_parquet(glob(out, "rejects"), hive_partitioning=True)
    got = sorted(
        (urlsplit(r["url"]).path.lstrip("/"), r["rule"], r["sentence"]) for r in rows.iter_rows(named=True)
    )
    assert got == sorted((e["path"], e["rule"], e["sentence"]) for e in expected)
    assert all(reason and "\n" not in reason for reason in rows["reason"])
