"""The declared schemas match the user contract (docs/datasets.md) and to_table enforces it."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import UTC, date, datetime, timedelta, timezone

import pyarrow as pa
import pytest
from load_rows import article_row, fetch_row, make_rejection, make_stat, stat_rows

from load.schemas import (
    DATASETS,
    REJECT_KEY_COLUMN,
    SCHEMA_VERSION_KEY,
    conform,
    get_spec,
    to_table,
)
from transform.model import TradeStatistic

TS = pa.timestamp("us", tz="UTC")
S = pa.string()
F = pa.float64()
D = pa.date32()

# The contract's table, in the contract's order: (column, type, nullable).
CONTRACT_TRADE_STATS = [
    ("stat_id", S, False),
    ("article_id", S, False),
    ("source", S, False),
    ("url", S, False),
    ("published_at", TS, True),  # null for an undated article's statistics: never the fetch time
    ("reporter", S, False),
    ("reporter_name", S, True),
    ("partner", S, False),
    ("partner_name", S, True),
    ("flow", S, False),
    ("value", F, False),
    ("currency", S, False),
    ("value_usd", F, True),
    ("qualifier", S, True),
    ("period_start", D, False),
    ("period_end", D, False),
    ("change_pct", F, True),
    ("commodity", S, True),
    ("share_pct", F, True),
    ("sentence", S, False),
    ("extractor", S, False),
]


# Columns added after the contract, in the order they were appended (nullable, never moved).
ADDED_TRADE_STATS = [("warnings", S, True), ("reporter_evidence", S, True), ("partner_evidence", S, True)]


def test_trade_stats_schema_is_the_contract_in_order():
    schema = DATASETS["trade_stats"].schema
    assert [(f.name, f.type, f.nullable) for f in schema] == CONTRACT_TRADE_STATS + ADDED_TRADE_STATS
    assert DATASETS["trade_stats"].version == 3


def test_trade_stats_columns_are_the_model_fields():
    assert DATASETS["trade_stats"].schema.names == [f.name for f in fields(TradeStatistic)]


def test_rejects_are_trade_stats_all_nullable_plus_rule_and_reason():
    schema = DATASETS["rejects"].schema
    columns = [(f.name, f.type, f.nullable) for f in schema]
    assert [(name, t) for name, t, _ in columns[:-5]] == [(name, t) for name, t, _ in CONTRACT_TRADE_STATS]
    assert all(f.nullable for f in schema if f.name not in ("rule", "reason"))
    # rule and reason follow the contract columns; warnings (version 2) and the two sides' evidence
    # (version 3) were appended after them.
    assert columns[-5:] == [
        ("rule", S, False),
        ("reason", S, False),
        ("warnings", S, True),
        ("reporter_evidence", S, True),
        ("partner_evidence", S, True),
    ]
    assert DATASETS["rejects"].version == 3


def test_articles_schema_starts_with_the_contract_columns():
    schema = DATASETS["articles"].schema
    assert schema.names[:9] == [
        "article_id", "source", "url", "title", "published_at", "fetched_at", "language", "body", "n_stats",
    ]  # fmt: skip
    assert schema.field("published_at").type == TS
    assert schema.field("fetched_at").type == TS
    assert schema.field("n_stats").type == pa.int32()
    assert schema.field("http_status").type == pa.int32()
    assert {"published_at_source", "final_url", "http_status", "encoding", "feed_url"} <= set(schema.names)


def test_fetch_log_schema():
    schema = DATASETS["fetch_log"].schema
    assert [(f.name, f.type) for f in schema] == [
        ("url", S), ("source", S), ("kind", S), ("status", pa.int32()), ("error_class", S),
        ("error_message", S), ("attempts", pa.int32()), ("bytes", pa.int64()), ("elapsed_s", F),
        ("fetched_at", TS), ("from_archive", pa.bool_()),
    ]  # fmt: skip
    assert schema.field("status").nullable
    assert not schema.field("fetched_at").nullable


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_spec_is_consistent(name):
    spec = DATASETS[name]
    assert spec.name == name
    assert spec.schema.metadata[SCHEMA_VERSION_KEY] == str(spec.version).encode()
    assert spec.schema.field(spec.partition_column).type in (TS, D)
    for column in (*spec.key, *spec.sort_order):
        assert column == REJECT_KEY_COLUMN or column in spec.schema.names
    assert set(spec.key) <= set(spec.sort_order), "the sort order must be total over the row key"


def test_asdict_of_trade_statistic_builds_a_conforming_table():
    table = to_table("trade_stats", stat_rows(3))
    assert table.schema.equals(DATASETS["trade_stats"].schema, check_metadata=True)
    row = table.to_pylist()[0]
    assert row["published_at"] == datetime(2023, 5, 22, 8, 30, tzinfo=UTC)
    assert row["period_end"] == date(2023, 3, 31)
    assert row["value"] == 12_500_000_000.0


def test_aware_datetimes_are_converted_to_utc():
    plus_eight = timezone(timedelta(hours=8))
    table = to_table("trade_stats", stat_rows(1, published_at=datetime(2023, 6, 1, 2, 0, tzinfo=plus_eight)))
    assert table["published_at"][0].as_py() == datetime(2023, 5, 31, 18, 0, tzinfo=UTC)


def test_naive_datetime_is_refused_with_the_column_named():
    rows = stat_rows(1, published_at=datetime(2023, 5, 22, 8, 30))
    with pytest.raises(ValueError, match=r"trade_stats\.published_at.*naive"):
        to_table("trade_stats", rows)


def test_datetime_in_a_date_column_is_refused():
    rows = stat_rows(1, period_start=datetime(2023, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="period_start"):
        to_table("trade_stats", rows)


def test_unknown_and_missing_required_columns_are_refused():
    with pytest.raises(ValueError, match="unknown column.*valeu"):
        to_table("trade_stats", [{**stat_rows(1)[0], "valeu": 1.0}])
    row = stat_rows(1)[0]
    del row["currency"]
    with pytest.raises(ValueError, match=r"trade_stats\.currency.*null"):
        to_table("trade_stats", [row])


def test_missing_nullable_columns_are_null():
    row = article_row(1)
    del row["feed_url"], row["encoding"]
    table = to_table("articles", [row])
    assert table["feed_url"].null_count == 1


def test_rejection_asdict_is_flattened_and_candidate_nulls_allowed():
    rejection = make_rejection(7, rule="entity.unknown_partner", partner=None, value=None)
    table = to_table("rejects", [asdict(rejection)])
    row = table.to_pylist()[0]
    assert row["rule"] == "entity.unknown_partner"
    assert row["partner"] is None and row["value"] is None
    assert row["stat_id"] == make_stat(7).stat_id


def test_wrong_type_is_a_value_error_naming_the_column():
    with pytest.raises(ValueError, match=r"fetch_log\.attempts"):
        to_table("fetch_log", [{**fetch_row("https://x.example/", datetime.now(UTC)), "attempts": "two"}])


def test_unknown_dataset():
    with pytest.raises(ValueError, match="unknown dataset 'trade_stat'"):
        get_spec("trade_stat")


def test_conform_reorders_and_refuses_tz_naive_timestamps():
    table = to_table("fetch_log", [fetch_row("https://x.example/", datetime(2026, 1, 2, tzinfo=UTC))])
    shuffled = table.select(list(reversed(table.column_names)))
    assert conform("fetch_log", shuffled).equals(table)
    naive = table.set_column(
        table.schema.get_field_index("fetched_at"), "fetched_at", table["fetched_at"].cast(pa.timestamp("us"))
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        conform("fetch_log", naive)
