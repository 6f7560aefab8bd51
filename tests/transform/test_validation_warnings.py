"""validate_with_warnings: the warn rules' ids land in each statistic's `warnings` field."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from load.schemas import to_table
from transform.model import TradeStatistic
from transform.validation import evaluate, validate, validate_with_warnings


def make(**overrides: object) -> TradeStatistic:
    """A valid candidate: Turkmenistan-Turkey trade in 2023 in dollars, reported in January 2024."""
    fields: dict[str, object] = {
        "stat_id": "s1",
        "article_id": "a1",
        "source": "testwire",
        "url": "https://news.example.org/trade/2024/01/tm-tr",
        "published_at": datetime(2024, 1, 15, 8, 30, tzinfo=UTC),
        "reporter": "TM",
        "reporter_name": "Turkmenistan",
        "partner": "TR",
        "partner_name": "Turkey",
        "flow": "total",
        "value": 2_100_000_000.0,
        "currency": "USD",
        "value_usd": 2_100_000_000.0,
        "qualifier": None,
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 12, 31),
        "change_pct": None,
        "commodity": None,
        "share_pct": None,
        "sentence": "Trade between Turkmenistan and Turkey came to 2.1 billion dollars last year.",
        "extractor": "test-1",
    }
    fields.update(overrides)
    return TradeStatistic(**fields)  # type: ignore[arg-type]


CLEAN = make(stat_id="clean")
HISTORY = make(stat_id="history", value=47_500_000.0, value_usd=47_500_000.0,
               period_start=date(1992, 1, 1), period_end=date(1992, 12, 31))  # fmt: skip
# Lira figures are never checked against a rate (the table leaves TRY out) and this one is history too.
TWO_WARNINGS = make(stat_id="two", currency="TRY", value=350_000_000.0, value_usd=None,
                    period_start=date(1995, 1, 1), period_end=date(1995, 12, 31))  # fmt: skip
REJECTED_HISTORY = make(stat_id="rejected", partner=None, period_start=date(1992, 1, 1),
                        period_end=date(1992, 12, 31))  # fmt: skip


def test_accepted_statistics_carry_sorted_comma_separated_rule_ids() -> None:
    result = validate_with_warnings([CLEAN, HISTORY, TWO_WARNINGS])
    assert [(s.stat_id, s.warnings) for s in result.accepted] == [
        ("clean", None),
        ("history", "period.long_ago"),
        ("two", "period.long_ago,usd.rate_unavailable"),
    ]
    assert result.rejected == ()
    # Apart from `warnings` the statistics are the candidates as given.
    assert [dataclasses.replace(s, warnings=None) for s in result.accepted] == [CLEAN, HISTORY, TWO_WARNINGS]


def test_warnings_agree_with_evaluate_and_validate_is_unchanged() -> None:
    batch = [CLEAN, HISTORY, TWO_WARNINGS, REJECTED_HISTORY]
    report = evaluate(batch)
    from_report: dict[str, list[str]] = {}
    for warning in report.warnings:
        from_report.setdefault(warning.statistic.stat_id, []).append(warning.rule)
    annotated = validate_with_warnings(batch)
    from_field = {s.stat_id: s.warnings.split(",") for s in annotated.accepted if s.warnings}
    assert from_field == {stat_id: sorted(rules) for stat_id, rules in from_report.items()}
    assert validate(batch).accepted == (CLEAN, HISTORY, TWO_WARNINGS)  # no warnings filled in


def test_rejected_candidates_keep_their_warnings_too() -> None:
    (rejection,) = validate_with_warnings([REJECTED_HISTORY]).rejected
    assert rejection.rule == "missing.partner"
    assert rejection.statistic.warnings == "period.long_ago"


def test_annotated_rows_fill_the_warnings_columns_of_both_datasets() -> None:
    result = validate_with_warnings([CLEAN, TWO_WARNINGS, REJECTED_HISTORY])
    stats = to_table("trade_stats", [dataclasses.asdict(s) for s in result.accepted])
    assert stats.column_names[-3] == "warnings"  # then the two sides' evidence (schema version 3)
    assert stats["warnings"].to_pylist() == [None, "period.long_ago,usd.rate_unavailable"]
    rejects = to_table("rejects", [dataclasses.asdict(r) for r in result.rejected])
    assert rejects.column_names[-5:-2] == ["rule", "reason", "warnings"]
    assert rejects["warnings"].to_pylist() == ["period.long_ago"]


def test_a_stale_warnings_value_is_replaced_and_an_empty_batch_is_empty() -> None:
    stale = dataclasses.replace(CLEAN, warnings="period.long_ago")
    (accepted,) = validate_with_warnings([stale]).accepted
    assert accepted.warnings is None
    assert validate_with_warnings([]).accepted == ()
