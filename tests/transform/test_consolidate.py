"""consolidate(): one fact per statistic stated by several articles, agreement judged by rounding."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pandas as pd
import pyarrow as pa
import pytest

from load.schemas import to_table
from transform.consolidate import FACT_COLUMNS, canonical_pair, consolidate, fact_id
from transform.model import TradeStatistic

MAY = datetime(2023, 5, 22, 8, 30, tzinfo=UTC)


def stat(stat_id: str, value: float, **overrides: object) -> TradeStatistic:
    """China-Kazakhstan trade in January-April 2023, in dollars, as one article states it."""
    fields: dict[str, object] = {
        "stat_id": stat_id,
        "article_id": f"article-{stat_id}",
        "source": "steppe_news",
        "url": f"https://news.example.org/{stat_id}",
        "published_at": MAY,
        "reporter": "CN",
        "reporter_name": "China",
        "partner": "KZ",
        "partner_name": "Kazakhstan",
        "flow": "total",
        "value": value,
        "currency": "USD",
        "value_usd": value,
        "qualifier": None,
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 4, 30),
        "change_pct": None,
        "commodity": None,
        "share_pct": None,
        "sentence": "Bilateral trade rose in the first four months, customs data showed.",
        "extractor": "rules-3",
    }
    fields.update(overrides)
    return TradeStatistic(**fields)  # type: ignore[arg-type]


def table(*stats: TradeStatistic) -> pa.Table:
    return to_table("trade_stats", [dataclasses.asdict(s) for s in stats])


def test_statements_that_agree_within_rounding_give_the_most_precise_value() -> None:
    facts = consolidate(
        table(stat("a", 19_700_000_000.0), stat("b", 19_680_000_000.0), stat("c", 20_000_000_000.0))
    )
    assert len(facts) == 1
    fact = facts.iloc[0]
    assert not fact["conflict"]
    assert fact["value"] == 19_680_000_000.0
    assert fact["value_usd"] == 19_680_000_000.0
    assert fact["spread_pct"] == pytest.approx((20.0 - 19.68) / 19.68 * 100)
    assert list(fact["stat_ids"]) == ["a", "b", "c"]


def test_statements_beyond_rounding_are_a_conflict_valued_at_the_median() -> None:
    # 19.7 is 19.65-19.75 billion; 19.8 is 19.75-19.85: they touch, so they still agree.
    touching = consolidate(table(stat("a", 19_700_000_000.0), stat("b", 19_800_000_000.0))).iloc[0]
    assert not touching["conflict"]
    assert touching["value"] == 19_700_000_000.0  # equally precise: the lower middle one
    # A third figure of 21.3 billion is beyond anybody's rounding.
    facts = consolidate(
        table(stat("a", 19_700_000_000.0), stat("b", 19_700_000_000.0), stat("c", 21_300_000_000.0))
    )
    fact = facts.iloc[0]
    assert fact["conflict"]
    assert fact["value"] == 19_700_000_000.0
    assert fact["spread_pct"] == pytest.approx(1.6 / 19.7 * 100)


def test_precise_figures_one_unit_apart_conflict() -> None:
    fact = consolidate(table(stat("a", 12_500_000_001.0), stat("b", 12_500_000_003.0))).iloc[0]
    assert fact["conflict"]
    assert fact["value"] == 12_500_000_002.0  # the median of two


def test_total_is_one_fact_whichever_side_is_named_first_but_exports_keep_direction() -> None:
    facts = consolidate(table(
        stat("a", 1e10),
        stat("b", 1e10, reporter="KZ", partner="CN", source="astana_wire"),
        stat("c", 4e9, flow="export"),
        stat("d", 4e9, flow="export", reporter="KZ", partner="CN"),
        stat("e", 3e10, partner="C5"),
        stat("f", 3e10, reporter="C5", partner="CN"),
    ))  # fmt: skip
    summary = {(f.reporter, f.partner, f.flow): list(f.stat_ids) for f in facts.itertuples()}
    assert summary == {
        ("CN", "KZ", "total"): ["a", "b"],
        ("CN", "KZ", "export"): ["c"],
        ("KZ", "CN", "export"): ["d"],
        ("CN", "C5", "total"): ["e", "f"],  # a country before a group
    }
    cn_kz = facts[(facts.flow == "total") & (facts.partner == "KZ")].iloc[0]
    assert (cn_kz["n_statistics"], cn_kz["n_articles"], cn_kz["n_sources"]) == (2, 2, 2)


def test_canonical_pair_orders_countries_before_groups_then_alphabetically() -> None:
    reporter = pd.Series(["KZ", "WORLD", "CN-XJ", "UZ"])
    partner = pd.Series(["CN", "CN", "KZ", "CN"])
    flow = pd.Series(["total", "total", "total", "import"])
    first, second = canonical_pair(reporter, partner, flow)
    assert list(zip(first, second, strict=True)) == [
        ("CN", "KZ"),
        ("CN", "WORLD"),
        ("CN-XJ", "KZ"),
        ("UZ", "CN"),
    ]


def test_the_key_separates_period_currency_and_commodity() -> None:
    facts = consolidate(table(
        stat("a", 1e10),
        stat("b", 1e10, period_start=date(2023, 1, 1), period_end=date(2023, 3, 31)),
        stat("c", 7e10, currency="CNY", value_usd=1e10),
        stat("d", 2e9, commodity="natural gas"),
        stat("e", 2e9, commodity="gold"),
    ))  # fmt: skip
    assert len(facts) == 5
    assert facts["fact_id"].is_unique
    assert facts["fact_id"].str.fullmatch(r"[0-9a-f]{32}").all()


def test_counts_ids_and_publication_range() -> None:
    later = datetime(2023, 6, 3, 1, 0, tzinfo=UTC)
    facts = consolidate(table(
        stat("s2", 1e10, article_id="x", source="one"),
        stat("s1", 1e10, article_id="x", source="one", published_at=later),
        stat("s3", 1e10, article_id="y", source="two", extractor="rules-4"),
    ))  # fmt: skip
    fact = facts.iloc[0]
    assert (fact["n_statistics"], fact["n_articles"], fact["n_sources"]) == (3, 2, 2)
    assert list(fact["stat_ids"]) == ["s1", "s2", "s3"]
    assert (fact["first_published_at"], fact["last_published_at"]) == (pd.Timestamp(MAY), pd.Timestamp(later))
    assert fact["extractor"] == "rules-3,rules-4"
    assert facts.columns.tolist() == list(FACT_COLUMNS)
    assert fact["period_start"] == date(2023, 1, 1)


def test_a_stat_id_present_twice_counts_once_as_its_latest_row() -> None:
    later = datetime(2023, 7, 1, tzinfo=UTC)
    facts = consolidate(table(stat("a", 1e10), stat("a", 1.1e10, published_at=later), stat("b", 1.1e10)))
    fact = facts.iloc[0]
    assert list(fact["stat_ids"]) == ["a", "b"]
    assert not fact["conflict"]
    assert fact["value"] == 1.1e10


def test_non_dollar_facts_take_the_median_stated_conversion() -> None:
    facts = consolidate(table(
        stat("a", 7e10, currency="CNY", value_usd=1.0e10),
        stat("b", 7e10, currency="CNY", value_usd=1.02e10),
        stat("c", 7e10, currency="CNY", value_usd=None),
        stat("d", 5e9, currency="EUR", value_usd=None),
    ))  # fmt: skip
    by_currency = facts.set_index("currency")
    assert by_currency.loc["CNY", "value"] == 7e10
    assert by_currency.loc["CNY", "value_usd"] == pytest.approx(1.01e10)
    assert pd.isna(by_currency.loc["EUR", "value_usd"])


def test_a_negative_balance_is_judged_on_its_magnitude() -> None:
    fact = consolidate(table(stat("a", -2.5e9, flow="balance"), stat("b", -2.54e9, flow="balance"))).iloc[0]
    assert not fact["conflict"]
    assert fact["value"] == -2.54e9
    assert fact["spread_pct"] == pytest.approx(0.04 / 2.54 * 100)


def test_output_does_not_depend_on_input_order_or_type() -> None:
    stats = [
        stat("a", 1e10), stat("b", 1.02e10, reporter="KZ", partner="CN"), stat("c", 4e9, flow="export"),
        stat("d", 2e9, commodity="gold"), stat("e", 3e9, period_end=date(2023, 3, 31)),
        stat("f", 3.3e9, period_end=date(2023, 3, 31), source="other"),
    ]  # fmt: skip
    forward = consolidate(table(*stats))
    backward = consolidate(table(*reversed(stats)))
    from_pandas = consolidate(table(*stats).to_pandas())
    pd.testing.assert_frame_equal(forward, backward)
    pd.testing.assert_frame_equal(forward, from_pandas)
    assert list(forward["period_end"]) == sorted(forward["period_end"])


def test_fact_id_is_a_stable_hash_of_the_key() -> None:
    one = consolidate(table(stat("a", 1e10))).iloc[0]["fact_id"]
    other_batch = consolidate(table(stat("zz", 2e10, reporter="KZ", partner="CN"))).iloc[0]["fact_id"]
    assert one == other_batch
    assert one == fact_id("CN\x1fKZ\x1ftotal\x1f2023-01-01\x1f2023-04-30\x1fUSD\x1f\x1e")


def test_empty_input_gives_an_empty_frame_with_the_columns() -> None:
    facts = consolidate(to_table("trade_stats", []))
    assert facts.empty
    assert facts.columns.tolist() == list(FACT_COLUMNS)


def test_missing_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="value"):
        consolidate(table(stat("a", 1e10)).drop_columns(["value"]))
