"""Validation rules: a passing and a failing candidate per rule, batch behaviour, and gold calibration."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from transform import evidence, reference
from transform.model import TradeStatistic
from transform.rules import RULES, rounding_precision, rule_by_id
from transform.validation import evaluate, validate


def make(**overrides: object) -> TradeStatistic:
    """A valid candidate (China-Kazakhstan trade in 2023, reported in January 2024), with overrides."""
    fields: dict[str, object] = {
        "stat_id": "s1",
        "article_id": "a1",
        "source": "testwire",
        "url": "https://news.example.org/trade/2024/01/cn-kz",
        "published_at": datetime(2024, 1, 15, 8, 30, tzinfo=UTC),
        "reporter": "CN",
        "reporter_name": "China",
        "partner": "KZ",
        "partner_name": "Kazakhstan",
        "flow": "total",
        "value": 41_000_000_000.0,
        "currency": "USD",
        "value_usd": 41_000_000_000.0,
        "qualifier": None,
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 12, 31),
        "change_pct": 32.0,
        "commodity": None,
        "share_pct": None,
        "sentence": "Customs figures put the trade between the two neighbours at 41 billion dollars last year.",
        "extractor": "test-1",
    }
    fields.update(overrides)
    return TradeStatistic(**fields)  # type: ignore[arg-type]


def only_rejection_rule(candidate: TradeStatistic) -> str | None:
    result = validate([candidate])
    assert len(result.accepted) + len(result.rejected) == 1
    return result.rejected[0].rule if result.rejected else None


CNY_XINJIANG = {
    "reporter": "CN-XJ",
    "reporter_name": "Xinjiang",
    "partner": "WORLD",
    "partner_name": "the world",
    "currency": "CNY",
    "published_at": datetime(2023, 6, 9, tzinfo=UTC),
    "period_start": date(2023, 1, 1),
    "period_end": date(2023, 4, 30),
}

# (rule id, overrides that pass near the rule's boundary, overrides that fail it)
CASES = [
    ("missing.reporter", {"reporter": "KZ", "partner": "CN"}, {"reporter": None}),
    ("missing.partner", {"partner": "WORLD", "value": 5.94e12, "value_usd": 5.94e12}, {"partner": None}),
    ("missing.flow", {"flow": "export"}, {"flow": None}),
    ("missing.value", {"value": 1.5e9, "value_usd": 1.5e9}, {"value": None, "value_usd": None}),
    ("missing.currency", {"currency": "USD"}, {"currency": " "}),
    ("missing.period", {"period_start": date(2023, 7, 1)}, {"period_end": None}),
    ("flow.unknown", {"flow": "balance", "value": -2e9, "value_usd": -2e9}, {"flow": "re-export"}),
    ("currency.unknown", {**CNY_XINJIANG, "value": 9.5e10, "value_usd": 1.33e10}, {"currency": "RMB"}),
    ("reporter.unknown_code", {"reporter": "CN-XJ", "partner": "KZ"}, {"reporter": "Xinjiang"}),
    ("partner.unknown_code", {"partner": "C5"}, {"partner": "CentralAsia"}),
    ("partner.same_as_reporter", {"reporter": "CN-XJ", "partner": "KZ"}, {"partner": "CN"}),
    (
        "actors.low_confidence",
        {"reporter_evidence": "explicit.role", "partner_evidence": "context.topic"},
        {"reporter_evidence": "explicit.role", "partner_evidence": "context.story_pair"},
    ),
    ("qualifier.unknown", {"qualifier": "over"}, {"qualifier": "nearly"}),
    ("value.not_positive", {"flow": "balance", "value": -7.09e9, "value_usd": -7.09e9}, {"value": 0.0}),
    (
        "period.inverted",
        {"period_start": date(2023, 12, 1), "value": 3.9e9, "value_usd": 3.9e9},
        {"period_start": date(2024, 1, 1), "period_end": date(2023, 12, 31)},
    ),
    (
        "period.after_publication",
        {"published_at": datetime(2023, 12, 20, tzinfo=UTC)},  # a year-end article on "this year"
        {"period_start": date(2030, 1, 1), "period_end": date(2030, 12, 31)},
    ),  # a target for 2030
    ("period.too_long", {"period_start": date(2022, 12, 1)}, {"period_start": date(2012, 1, 1)}),
    ("change_pct.implausible", {"change_pct": -99.5}, {"change_pct": -100.0}),
    ("share_pct.out_of_range", {"share_pct": 100.0}, {"share_pct": 146.0}),
    ("value_usd.mismatch", {"value_usd": None}, {"value_usd": 4.1e9}),
    (
        "usd.inconsistent",
        {
            **CNY_XINJIANG,
            "value": 9.495e10,
            "value_usd": 1.33e10,
        },  # converted at June's rate, not the period's
        {**CNY_XINJIANG, "value": 9.495e10, "value_usd": 1.52e10},
    ),  # 6.25 yuan per dollar: 9% off
    (
        "value.implausible_magnitude",
        {"value": 4.1e10, "value_usd": 4.1e10},
        {"value": 4.1e13, "value_usd": 4.1e13},
    ),  # "trillion" read for "billion"
    (
        "value.implausibly_small",
        {"partner": "WORLD", "partner_name": "world", "value": 3.0771e12, "value_usd": 3.0771e12},
        {"partner": "WORLD", "partner_name": "world", "value": 3077.1, "value_usd": 3077.1},
    ),  # "$ 3077,1" with its "million" lost
]


def test_the_factory_candidate_passes_every_rule() -> None:
    report = evaluate([make()])
    assert report.result.accepted == (make(),)
    assert report.result.rejected == ()
    assert report.warnings == ()


def test_every_row_reject_rule_has_a_case() -> None:
    covered = {rule_id for rule_id, _, _ in CASES}
    reject_rows = {rule.rule_id for rule in RULES if rule.severity == "reject" and rule.scope == "row"}
    assert reject_rows == covered


@pytest.mark.parametrize(("rule_id", "passing", "failing"), CASES, ids=[case[0] for case in CASES])
def test_rule_passes_and_fails(
    rule_id: str, passing: dict, failing: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    if rule_id == "actors.low_confidence":
        # No kind of evidence measures below the bar today: make the story's pair one that does.
        weak = dataclasses.replace(evidence.BY_ID["context.story_pair"], right=3, wrong=9)
        monkeypatch.setitem(evidence.BY_ID, "context.story_pair", weak)
    assert only_rejection_rule(make(**passing)) is None
    result = validate([make(**failing)])
    assert [rejection.rule for rejection in result.rejected] == [rule_id]
    assert result.accepted == ()
    assert result.rejected[0].reason.strip()
    assert "\n" not in result.rejected[0].reason


def test_missing_reason_names_the_field() -> None:
    (rejection,) = validate([make(partner=None)]).rejected
    assert rejection.reason.startswith("partner is missing")


def test_balance_may_be_negative_but_exports_may_not() -> None:
    assert only_rejection_rule(make(flow="balance", value=-1.96e9, value_usd=-1.96e9)) is None
    assert only_rejection_rule(make(flow="export", value=-1.96e9, value_usd=-1.96e9)) == "value.not_positive"


def test_period_starting_after_publication_is_rejected_even_within_the_month() -> None:
    published = {"published_at": datetime(2024, 1, 15, tzinfo=UTC), "value": 3.5e9, "value_usd": 3.5e9}
    assert (
        only_rejection_rule(make(**published, period_start=date(2024, 1, 1), period_end=date(2024, 1, 31)))
        is None
    )
    late_start = make(**published, period_start=date(2024, 1, 20), period_end=date(2024, 1, 31))
    assert only_rejection_rule(late_start) == "period.after_publication"


def test_change_pct_upper_bound() -> None:
    assert only_rejection_rule(make(change_pct=1000.0)) is None
    assert only_rejection_rule(make(change_pct=1400.0)) == "change_pct.implausible"


def test_share_pct_must_be_positive() -> None:
    assert only_rejection_rule(make(share_pct=0.8)) is None
    assert only_rejection_rule(make(share_pct=0.0)) == "share_pct.out_of_range"


def test_usd_sign_disagreement_is_inconsistent_even_without_a_rate() -> None:
    candidate = make(currency="TRY", value=3.5e10, value_usd=-1.0e9)
    assert only_rejection_rule(candidate) == "usd.inconsistent"


def test_coarse_rounding_widens_the_usd_tolerance() -> None:
    # "over 1.2 trillion yuan (180 billion dollars)": 6.67 per dollar against about 6.8, both figures rounded.
    rounded = make(
        reporter="CN",
        partner="WORLD",
        flow="balance",
        currency="CNY",
        value=1.2e12,
        value_usd=1.8e11,
        qualifier="over",
        published_at=datetime(2019, 7, 12, tzinfo=UTC),
        period_start=date(2019, 1, 1),
        period_end=date(2019, 6, 30),
    )
    assert only_rejection_rule(rounded) is None
    precise = dataclasses.replace(rounded, value=1.2345e12, value_usd=1.6543e11)  # 7.46 per dollar
    assert only_rejection_rule(precise) == "usd.inconsistent"


def test_missing_rate_warns_and_keeps_the_statistic() -> None:
    candidate = make(reporter="TR", partner="TM", currency="TRY", value=3.5e10, value_usd=None)
    report = evaluate([candidate])
    assert report.result.accepted == (candidate,)
    assert [(warning.rule, warning.statistic) for warning in report.warnings] == [
        ("usd.rate_unavailable", candidate)
    ]


def test_history_warns_and_keeps_the_statistic() -> None:
    candidate = make(
        reporter="TM",
        partner="TR",
        value=4.75e7,
        value_usd=4.75e7,
        change_pct=None,
        period_start=date(1992, 1, 1),
        period_end=date(1992, 12, 31),
    )
    report = evaluate([candidate])
    assert report.result.accepted == (candidate,)
    assert [warning.rule for warning in report.warnings] == ["period.long_ago"]


def test_magnitude_converts_with_the_table_rate_and_bounds_a_province_by_its_country() -> None:
    province = {**CNY_XINJIANG, "value_usd": None, "change_pct": None}
    assert only_rejection_rule(make(**province, value=9.495e10)) is None
    # 94.95 trillion yuan in four months is about 13.8 trillion dollars: more than China trades in two years.
    assert only_rejection_rule(make(**province, value=9.495e13)) == "value.implausible_magnitude"


def test_magnitude_scales_with_the_period() -> None:
    january = {
        "reporter": "KZ",
        "partner": "WORLD",
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 1, 31),
        "published_at": datetime(2023, 2, 20, tzinfo=UTC),
    }
    assert only_rejection_rule(make(**january, value=1.2e10, value_usd=1.2e10)) is None
    # A whole year's trade in one month is no January figure.
    assert (
        only_rejection_rule(make(**january, value=1.4e11, value_usd=1.4e11)) == "value.implausible_magnitude"
    )


def test_magnitude_beyond_the_rate_table_uses_its_latest_year() -> None:
    current = {
        **CNY_XINJIANG,
        "value_usd": None,
        "change_pct": None,
        "published_at": datetime(2031, 6, 9, tzinfo=UTC),
        "period_start": date(2031, 1, 1),
        "period_end": date(2031, 4, 30),
    }
    report = evaluate([make(**current, value=9.495e10)])
    assert len(report.result.accepted) == 1
    assert [warning.rule for warning in report.warnings] == ["usd.rate_unavailable"]
    assert only_rejection_rule(make(**current, value=9.495e13)) == "value.implausible_magnitude"


def test_bilateral_figure_is_bounded_by_the_smaller_party() -> None:
    china_tajikistan = {
        "partner": "TJ",
        "period_start": date(2013, 1, 1),
        "period_end": date(2013, 12, 31),
        "published_at": datetime(2014, 9, 14, tzinfo=UTC),
    }
    assert only_rejection_rule(make(**china_tajikistan, value=1.959e9, value_usd=1.959e9)) is None
    (rejection,) = validate([make(**china_tajikistan, value=1.959e12, value_usd=1.959e12)]).rejected
    assert rejection.rule == "value.implausible_magnitude"
    assert "ceiling of TJ" in rejection.reason


def test_group_reporter_is_bounded_by_world_trade() -> None:
    group = {"reporter": "ASEAN", "partner": "CN"}
    assert only_rejection_rule(make(**group, value=9.1e11, value_usd=9.1e11)) is None
    assert only_rejection_rule(make(**group, value=9.1e14, value_usd=9.1e14)) == "value.implausible_magnitude"


# ------------------------------------------------------------------ part.exceeds_whole (article scope)

UZ_JANUARY = {
    "reporter": "UZ",
    "article_id": "uz-jan",
    "published_at": datetime(2024, 2, 24, tzinfo=UTC),
    "period_start": date(2024, 1, 1),
    "period_end": date(2024, 1, 31),
    "change_pct": None,
}


def uz(stat_id: str, partner: str, flow: str, value: float, **overrides: object) -> TradeStatistic:
    return make(
        **{
            **UZ_JANUARY,
            "stat_id": stat_id,
            "partner": partner,
            "flow": flow,
            "value": value,
            "value_usd": value,
            **overrides,
        }
    )


def rejected_ids(candidates: list[TradeStatistic], rule_id: str) -> list[str]:
    return [
        rejection.statistic.stat_id
        for rejection in validate(candidates).rejected
        if rejection.rule == rule_id
    ]


def test_consistent_article_passes() -> None:
    article = [
        uz("t", "WORLD", "total", 4.2e9),
        uz("x", "WORLD", "export", 1.11e9),
        uz("m", "WORLD", "import", 3.08e9),
        uz("b", "WORLD", "balance", -1.96e9),
        uz("cn", "CN", "total", 1.1e9),
        uz("kz", "KZ", "total", 2.712e8),
        uz("c5", "C5", "total", 4.0e8),
    ]
    result = validate(article)
    assert result.rejected == ()
    assert len(result.accepted) == len(article)


def test_export_above_the_total_with_the_same_partner_is_rejected() -> None:
    article = [uz("t", "KZ", "total", 2.712e8), uz("x", "KZ", "export", 9.1e8)]
    assert rejected_ids(article, "part.exceeds_whole") == ["x"]


def test_balance_magnitude_above_the_total_is_rejected() -> None:
    article = [uz("t", "WORLD", "total", 4.2e9), uz("b", "WORLD", "balance", -4.96e9)]
    assert rejected_ids(article, "part.exceeds_whole") == ["b"]


def test_partner_above_the_world_total_is_rejected() -> None:
    article = [uz("t", "WORLD", "total", 4.2e9), uz("cn", "CN", "total", 11.0e9)]
    (rejection,) = validate(article).rejected
    assert (rejection.statistic.stat_id, rejection.rule) == ("cn", "part.exceeds_whole")
    assert "WORLD" in rejection.reason


def test_member_above_its_group_is_rejected() -> None:
    article = [
        uz("c5", "C5", "total", 4.0e8),
        uz("kz", "KZ", "total", 2.712e9),
        uz("cn", "CN", "total", 1.1e9),
    ]
    assert rejected_ids(article, "part.exceeds_whole") == ["kz"]


def test_rounding_allows_a_part_slightly_above_a_rounded_total() -> None:
    # a total "1.5 billion" (1.45-1.55) and an import stated as 1.52 billion
    article = [uz("t", "KZ", "total", 1.5e9), uz("m", "KZ", "import", 1.52e9)]
    assert validate(article).rejected == ()


def test_wholes_compare_only_within_article_period_and_currency() -> None:
    last_year = {"period_start": date(2023, 1, 1), "period_end": date(2023, 12, 31)}
    article = [
        uz("t", "KZ", "total", 2.712e8),
        uz("x", "KZ", "export", 4.56e8, **last_year),
        uz("y", "KZ", "export", 4.56e8, article_id="other-article"),
    ]
    assert validate(article).rejected == ()


def test_a_rejected_whole_does_not_condemn_its_parts() -> None:
    article = [uz("t", "KZ", "total", 2.712e8, share_pct=650.0), uz("x", "KZ", "export", 9.1e8)]
    result = validate(article)
    assert [(rejection.statistic.stat_id, rejection.rule) for rejection in result.rejected] == [
        ("t", "share_pct.out_of_range")
    ]


# ------------------------------------------------------------------ batch behaviour


def test_first_failing_rule_in_table_order_and_the_others_named() -> None:
    candidate = make(currency="XYZ", share_pct=250.0, change_pct=-120.0)
    (rejection,) = validate([candidate]).rejected
    assert rejection.rule == "currency.unknown"
    assert rejection.reason.endswith("(also fails: change_pct.implausible, share_pct.out_of_range)")


def test_nothing_dropped_and_input_order_kept() -> None:
    batch = [
        make(stat_id="ok1"),
        make(stat_id="bad1", flow="transit"),
        make(stat_id="ok2", value=3.9e10, value_usd=3.9e10),
        make(stat_id="bad2", reporter=None),
        make(stat_id="ok3", partner="WORLD", value=6.0e12, value_usd=6.0e12),
    ]
    result = validate(batch)
    assert [statistic.stat_id for statistic in result.accepted] == ["ok1", "ok2", "ok3"]
    assert [(rejection.statistic.stat_id, rejection.rule) for rejection in result.rejected] == [
        ("bad1", "flow.unknown"),
        ("bad2", "missing.reporter"),
    ]
    assert result.rejected[0].statistic is batch[1]


def test_empty_batch() -> None:
    result = validate([])
    assert (result.accepted, result.rejected) == ((), ())


def test_naive_and_non_utc_publication_times() -> None:
    from datetime import timedelta, timezone

    beijing = timezone(timedelta(hours=8))
    # 00:30 on 1 January in Beijing is still 31 December in UTC: a figure for the year just ended passes.
    candidate = make(published_at=datetime(2024, 1, 1, 0, 30, tzinfo=beijing))
    assert only_rejection_rule(candidate) is None


def test_rule_table_is_declared_data() -> None:
    ids = [rule.rule_id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.severity in ("reject", "warn") and rule.scope in ("row", "article") for rule in RULES)
    assert all("." in rule_id and rule_id == rule_id.lower() for rule_id in ids)
    assert rule_by_id("usd.inconsistent").severity == "reject"
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES[0].severity = "warn"  # type: ignore[misc]
    with pytest.raises(KeyError):
        rule_by_id("no.such_rule")


def test_docs_list_every_rule() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "validation.md").read_text(encoding="utf-8")
    assert [rule.rule_id for rule in RULES if f"| `{rule.rule_id}` | {rule.severity} |" not in docs] == []


def test_rounding_precision_reads_trailing_zeros() -> None:
    values = pd.Series(
        [13_300_000_000.0, 94_950_000_000.0, 20_000_000_000.0, 654_800.0, 1234.5, float("nan")]
    )
    precision = rounding_precision(values)
    assert precision.iloc[0] == pytest.approx(0.5e8 / 1.33e10)
    assert precision.iloc[1] == pytest.approx(0.5e7 / 9.495e10)
    assert precision.iloc[2] == pytest.approx(0.05)  # capped at two significant digits
    assert precision.iloc[3] == pytest.approx(50 / 654_800)
    assert precision.iloc[4] == pytest.approx(0.5 / 1234.5)
    assert precision.iloc[5] == 0.0


# ------------------------------------------------------------------ reference tables


def test_usd_rate_averages_the_months_of_the_period() -> None:
    january_to_april = reference.usd_rate("CNY", date(2023, 1, 1), date(2023, 4, 30))
    months = [reference.month_rate("CNY", 2023, month) for month in range(1, 5)]
    assert january_to_april == sum(months, Decimal(0)) / 4
    assert Decimal("6.7") < january_to_april < Decimal("7.0")
    assert reference.usd_rate("USD", date(2019, 1, 1), date(2019, 12, 31)) == Decimal(1)


def test_usd_rate_falls_back_to_the_year_and_gives_up_on_gaps() -> None:
    assert reference.usd_rate("KZT", date(2023, 3, 1), date(2023, 3, 31)) == reference.month_rate(
        "KZT", 2023, 12
    )
    assert reference.usd_rate("KZT", date(2023, 3, 1), date(2023, 3, 31)) is not None
    assert reference.usd_rate("RUB", date(2022, 1, 1), date(2022, 6, 30)) is None  # a volatile year left out
    assert reference.usd_rate("TRY", date(2023, 1, 1), date(2023, 12, 31)) is None
    assert reference.usd_rate("CNY", date(2023, 5, 1), date(2023, 4, 1)) is None


def test_exchange_rate_table_is_sane() -> None:
    for year in range(2005, 2025):
        assert Decimal("6") < reference.usd_rate("CNY", date(year, 1, 1), date(year, 12, 31)) < Decimal("8.3")
    assert Decimal("0.6") < reference.month_rate("EUR", 2024, 6) < Decimal("1")
    assert reference.month_rate("TMT", 2020, 5) == Decimal("3.50")


def test_annual_trade_ceilings() -> None:
    china = reference.annual_trade_usd("CN")
    assert china is not None and 6.0e12 < china < 8.0e12
    assert reference.annual_trade_usd("CN-XJ") == china
    assert reference.annual_trade_usd("C5") == reference.annual_trade_usd("WORLD")
    assert reference.annual_trade_usd("FR") == 7.0e12
    assert reference.annual_trade_usd("KZ") < reference.annual_trade_usd("RU") < china
    assert reference.annual_trade_usd("Xinjiang") is None


def test_latest_annual_rate() -> None:
    year, rate = reference.latest_annual_rate("CNY")
    assert year >= 2024 and Decimal("6.5") < rate < Decimal("7.5")
    assert reference.latest_annual_rate("TRY") is None
    assert reference.latest_annual_rate("USD") is None


# ------------------------------------------------------------------ calibration on the devset gold

# Gold names every record; the contract's codes for them. Ports, cities and enterprise groups have
# no code of their own yet: they are validated under the region or country containing them, which
# holds them to that region's ceilings.
GOLD_CODES = {
    "world": "WORLD",
    "China": "CN",
    "Kazakhstan": "KZ",
    "Kyrgyzstan": "KG",
    "Tajikistan": "TJ",
    "Turkmenistan": "TM",
    "Uzbekistan": "UZ",
    "Russia": "RU",
    "Turkey": "TR",
    "South Korea": "KR",
    "Armenia": "AM",
    "Moldova": "MD",
    "Azerbaijan": "AZ",
    "Belarus": "BY",
    "United States": "US",
    "Central Asia": "C5",
    "Central Asia (5 countries)": "C5",
    "EAEU": "EAEU",
    "EU": "EU",
    "ASEAN": "ASEAN",
    "Belt and Road countries": "BRI",
    "Xinjiang": "CN-XJ",
    "Uzbekistan/Tashkent city": "UZ-TK",
    "Uzbekistan/Tashkent": "UZ-TK",
    "Uzbekistan/Tashkent region": "UZ-TO",
    "Uzbekistan/Andijan region": "UZ-AN",
    "Uzbekistan/Surkhandarya region": "UZ-SU",
    "Horgos Port": "CN-XJ",
    "Alataw Pass (China-Europe freight trains)": "CN-XJ",
    "China (private enterprises)": "CN",
}
# Gold keeps the article's hedge word; the contract's qualifier values.
GOLD_QUALIFIERS = {"around": "about", "exceeded": "over"}
# Articles without a known publication date: the pipeline dates them by fetch time, later than any period.
UNDATED_PUBLICATION = datetime(2026, 11, 1, tzinfo=UTC)


def gold_statistics(devset_dir: Path) -> list[TradeStatistic]:
    statistics = []
    for gold_path in sorted((devset_dir / "gold").glob("*.json")):
        if gold_path.name.endswith(".other.json"):
            continue
        article = json.loads((devset_dir / "articles" / gold_path.name).read_text(encoding="utf-8"))
        published = (
            datetime.combine(date.fromisoformat(article["published"]), datetime.min.time(), tzinfo=UTC)
            if article.get("published")
            else UNDATED_PUBLICATION
        )
        for number, record in enumerate(json.loads(gold_path.read_text(encoding="utf-8"))):
            for name in (record["reporter"], record["partner"]):
                assert name in GOLD_CODES, f"{gold_path.name}: add a code for {name!r} to GOLD_CODES"
            statistics.append(
                TradeStatistic(
                    stat_id=f"{article['id']}-{number}",
                    article_id=article["id"],
                    source=str(article.get("source")),
                    url=article["url"],
                    published_at=published,
                    reporter=GOLD_CODES[record["reporter"]],
                    reporter_name=record["reporter"],
                    partner=GOLD_CODES[record["partner"]],
                    partner_name=record["partner"],
                    flow=record["flow"],
                    value=float(record["value"]),
                    currency=record["currency"],
                    value_usd=None if record.get("value_usd") is None else float(record["value_usd"]),
                    qualifier=GOLD_QUALIFIERS.get(record.get("qualifier"), record.get("qualifier")),
                    period_start=date.fromisoformat(record["period_start"]),
                    period_end=date.fromisoformat(record["period_end"]),
                    change_pct=record.get("change_pct"),
                    commodity=record.get("commodity"),
                    share_pct=record.get("share_pct"),
                    sentence=record["sentence"],
                    extractor="gold",
                )
            )
    return statistics


@pytest.mark.devset
def test_every_gold_statistic_passes_validation(devset_dir: Path) -> None:
    statistics = gold_statistics(devset_dir)
    assert len(statistics) > 50
    result = validate(statistics)
    assert [(r.statistic.stat_id, r.rule, r.reason) for r in result.rejected] == []
    assert result.accepted == tuple(statistics)


@pytest.mark.devset
def test_gold_statistics_with_a_unit_error_fail(devset_dir: Path) -> None:
    """The same records read a thousand times too large ("billion" as "trillion") are caught."""
    inflated = [
        dataclasses.replace(
            statistic,
            value=statistic.value * 1000,
            value_usd=None if statistic.value_usd is None else statistic.value_usd * 1000,
        )
        for statistic in gold_statistics(devset_dir)
    ]
    result = validate(inflated)
    caught = {rejection.statistic.stat_id for rejection in result.rejected}
    assert len(caught) / len(inflated) > 0.9


def test_a_small_bilateral_or_product_figure_is_not_implausibly_small() -> None:
    # "The two neighbours' trade came to 79 000 U.S. dollars" in a month: small pairs trade little.
    assert (
        evaluate(
            [make(partner="UZ", partner_name="Uzbekistan", value=79000.0, value_usd=79000.0)]
        ).result.rejected
        == ()
    )
    honey = make(partner="WORLD", partner_name="world", value=212300.0, value_usd=212300.0, commodity="honey")
    assert evaluate([honey]).result.rejected == ()


def test_a_region_with_its_own_country_is_one_economy() -> None:
    """ "the province that lies farthest north in China" once made China Heilongjiang's partner."""
    region = make(reporter="CN-HL", reporter_name="Heilongjiang", partner="CN", partner_name="China")
    result = validate([region])
    assert [r.rule for r in result.rejected] == ["partner.same_as_reporter"]
    assert result.rejected[0].reason == "reporter 'CN-HL' and partner 'CN' are one economy"
    assert only_rejection_rule(make(reporter="CN-HL", reporter_name="Heilongjiang", partner="RU")) is None
    assert only_rejection_rule(make(reporter="CN-XJ", reporter_name="Xinjiang", partner="KZ")) is None


def test_a_countrys_world_trade_below_a_hundredth_of_its_ceiling_is_a_lost_unit() -> None:
    georgia = {
        "reporter": "GE",
        "reporter_name": "Georgia",
        "partner": "WORLD",
        "partner_name": "world",
        "period_start": date(2011, 1, 1),
        "period_end": date(2011, 7, 31),
        "published_at": datetime(2011, 8, 20, tzinfo=UTC),
        "change_pct": None,
    }
    # "USD 4.832 million" for January-July: a thousands separator written as a point
    lost = make(**georgia, value=4.832e6, value_usd=4.832e6)
    assert only_rejection_rule(lost) == "value.implausibly_small"
    assert only_rejection_rule(make(**georgia, value=4.832e9, value_usd=4.832e9)) is None
    # a balance can be small; a region or a country without its own row keeps the fixed floor
    assert only_rejection_rule(make(**georgia, flow="balance", value=-4.8e6, value_usd=-4.8e6)) is None
    without_row = {**georgia, "reporter": "ME", "reporter_name": "Montenegro"}
    assert only_rejection_rule(make(**without_row, value=4.832e6, value_usd=4.832e6)) is None
