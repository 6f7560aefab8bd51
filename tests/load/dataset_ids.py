"""Shared by the fault tests: the demo site to run against, and what they compare between a clean run
and a failed run plus its rerun (on pythonpath)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from flows.demo import DEMO_SITE, demo_sources_toml
from flows.localsite import directory_source, serve

# How many article pages the demo site has (its answer key lists each once).
DEMO_ARTICLES = len(
    json.loads(
        (Path(__file__).resolve().parents[1] / "fixtures" / "demo_articles.json").read_text(encoding="utf-8")
    )
)


@contextmanager
def demo_sources(folder: Path) -> Iterator[Path]:
    """The demo site served from 127.0.0.1 (with ETags) and a sources file naming it."""
    with serve(directory_source(DEMO_SITE)) as base_url:
        path = folder / "sources.toml"
        path.write_text(demo_sources_toml(base_url))
        yield path


def ids(out: Path) -> dict[str, list[str]]:
    """The article ids and stat ids in the datasets, read with DuckDB (empty where a dataset has no files)."""
    found = {}
    for dataset, column in (("articles", "article_id"), ("trade_stats", "stat_id"), ("rejects", "stat_id")):
        if not any((out / dataset).glob("year=*/month=*/*.parquet")):
            found[dataset] = []
            continue
        rows = duckdb.sql(
            f"SELECT {column} FROM read_parquet('{out}/{dataset}/**/*.parquet', "
            f"hive_partitioning=true) ORDER BY 1"
        ).fetchall()
        found[dataset] = [row[0] for row in rows]
    return found


def leftovers(out: Path) -> list[str]:
    """Temporary files and abandoned (not retired) staging: what a failed write must not leave."""
    temporaries = list(out.rglob("*.tmp"))
    staging = out / ".staging"
    abandoned = (
        [p for p in staging.glob("*/*") if not p.name.startswith("_retired-")] if staging.is_dir() else []
    )
    return sorted(str(p.relative_to(out)) for p in (*temporaries, *abandoned))
