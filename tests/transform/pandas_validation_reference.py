"""The pandas implementation of validation as it stood before the numpy rewrite (rules-1.3.0): the oracle.

`tests/transform/test_validation_equivalence.py` checks that `transform.validation` gives exactly the
same accepted statistics, rejections (rule and reason) and warnings as this path on a varied set of
candidates. It is a frozen copy of the logic of `transform/rules.py` and `transform/validation.py` at that point
(constants and result types are imported), kept only as a reference: when a rule changes on purpose, change it here too (or retire the test).
One deliberate difference is normalised in the test, not here: this path printed a period's length
as "400.0 days" whenever the batch held a candidate without a period.
"""
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from transform import evidence, reference
from transform.model import Rejection, TradeStatistic, ValidationResult

# The rules' constants, value sets and result types are the live ones: only the pandas logic is frozen here,
# so tuning a threshold is one edit, and the oracle checks the logic at the thresholds in use.
from transform.rules import (  # noqa: F401  (all of them are read by the frozen rule functions below)
    END_GRACE_DAYS,
    FLOWS,
    LONG_AGO_YEARS,
    MAGNITUDE_FACTOR,
    MAX_CHANGE_PCT,
    MAX_PERIOD_DAYS,
    MAX_ROUNDING_PRECISION,
    MIN_WORLD_TRADE_USD,
    PART_WHOLE_TOLERANCE,
    QUALIFIERS,
    START_GRACE_DAYS,
    USD_IDENTITY_TOLERANCE,
    USD_RATE_TOLERANCE,
    WORLD_FLOOR_SHARE,
    Scope,
    Severity,
)
from transform.validation import ValidationReport, ValidationWarning


@dataclass(frozen=True)
class Rule:
    """A validation rule: stable id, what it checks, and whether a failure rejects or only warns."""

    rule_id: str
    description: str
    severity: Severity
    failing: Callable[[pd.DataFrame], pd.Series]
    reason: Callable[[pd.DataFrame], pd.Series]
    scope: Scope = "row"


# --------------------------------------------------------------------------- formatting helpers


def _amount(values: pd.Series) -> pd.Series:
    return values.map(lambda number: f"{number:,.0f}" if abs(number) >= 1 else f"{number:g}")


def _text(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), "").map(str)


def _day(values: pd.Series) -> pd.Series:
    return values.dt.strftime("%Y-%m-%d")


def _side_confidence(values: pd.Series) -> pd.Series:
    """Added with rules-1.6.0 (actors.low_confidence): a side's evidence confidence, 1.0 where none."""
    return values.map(lambda via: evidence.confidence(via) if isinstance(via, str) else None).fillna(1.0)


def _low_confidence(rows: pd.DataFrame) -> pd.Series:
    weaker = np.minimum(
        _side_confidence(rows["reporter_evidence"]), _side_confidence(rows["partner_evidence"])
    )
    return weaker < evidence.CONFIDENCE_BAR


def _low_confidence_reasons(rows: pd.DataFrame) -> pd.Series:
    def one(row: pd.Series) -> str:
        reporter_weak = (
            isinstance(row["reporter_evidence"], str)
            and (evidence.confidence(row["reporter_evidence"]) or 1.0) < evidence.CONFIDENCE_BAR
        )
        role, other = ("reporter", "partner") if reporter_weak else ("partner", "reporter")
        other_via = row[f"{other}_evidence"] if isinstance(row[f"{other}_evidence"], str) else "nothing"
        return (
            f"{role} {row[role]!r} rests on {evidence.describe(row[f'{role}_evidence'])}, below the bar of "
            f"{evidence.CONFIDENCE_BAR:.2f} ({other} by {other_via})"
        )

    return rows.apply(one, axis=1).astype(object)


def _blank(values: pd.Series) -> pd.Series:
    """Missing, or a string of only whitespace."""
    return values.isna() | values.astype(object).where(values.notna(), "").map(str).str.strip().eq("")


def _missing_reasons(rows: pd.DataFrame, field: str, why: str) -> pd.Series:
    column = {"reporter": "reporter_name", "partner": "partner_name"}.get(field)
    names = rows[column] if column in rows else pd.Series(None, index=rows.index, dtype=object)
    return pd.Series(
        [
            f"{field} is missing: {why} could not be determined"
            if name is None or pd.isna(name) or not str(name).strip()
            else f"{field} is missing: the text names {name!r} as {why}, which has no code (no economy, or one "
            "the contract does not list)"
            for name in names
        ],
        index=rows.index,
    )


def _missing(field: str, why: str) -> Rule:
    return Rule(
        rule_id=f"missing.{field}",
        description=f"`{field}` is present ({why})",
        severity="reject",
        failing=lambda frame: _blank(frame[field]),
        reason=lambda rows: _missing_reasons(rows, field, why),
    )


def rounding_precision(values: pd.Series) -> pd.Series:
    """Relative half-unit of the last significant digit: 13300000000 -> 0.5e8 / 1.33e10 (0.38%).

    A stated figure is a rounded one; its trailing zeros say how coarsely. Non-integral values
    count as precise to the unit; at most MAX_ROUNDING_PRECISION (two significant digits).
    """
    magnitude = values.abs().to_numpy(dtype="float64", na_value=np.nan)
    exponents = np.arange(16, dtype="float64")
    units = 10.0**exponents
    with np.errstate(invalid="ignore"):
        divisible = (magnitude[:, None] >= units) & (np.fmod(magnitude[:, None], units) == 0)
    trailing = np.maximum(divisible.sum(axis=1) - 1, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = 0.5 * 10.0**trailing / magnitude
    precision[~np.isfinite(precision)] = 0.0
    return pd.Series(np.minimum(precision, MAX_ROUNDING_PRECISION), index=values.index)


# --------------------------------------------------------------------------- derived columns


def _lookup(frame: pd.DataFrame, keys: list[str], function: Callable[..., float]) -> pd.Series:
    """Apply a reference lookup once per distinct key combination and map it back onto the rows.

    NaN where a key is missing. The distinct combinations come in order of first appearance, which
    is the numbering `ngroup` gives with sort=False.
    """
    group_numbers = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    distinct = frame[keys].drop_duplicates().itertuples(index=False, name=None)
    results = np.array(
        [np.nan if any(pd.isna(part) for part in key) else function(*key) for key in distinct],
        dtype="float64",
    )
    return pd.Series(results[group_numbers] if len(results) else np.nan, index=frame.index, dtype="float64")


def _period_rate(currency: str, start: pd.Timestamp, end: pd.Timestamp) -> float:
    rate = reference.usd_rate(currency, start.date(), end.date())
    return np.nan if rate is None else float(rate)


def _publication_rate(currency: str, year: int, month: int) -> float:
    rate = reference.month_rate(currency, int(year), int(month))
    return np.nan if rate is None else float(rate)


def _latest(currency: str) -> tuple[float, float]:
    latest = reference.latest_annual_rate(currency)
    return (np.nan, np.nan) if latest is None else (float(latest[0]), float(latest[1]))


def _annual_trade(reporter: str) -> float:
    total = reference.annual_trade_usd(reporter)
    return np.nan if total is None else total


def derive_row_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add what row rules compare against: period length, table rates, USD amount, ceiling, rounding."""
    derived = frame.copy()
    derived["period_days"] = (derived["period_end"] - derived["period_start"]).dt.days + 1
    derived["publication_year"] = derived["published"].dt.year
    derived["publication_month"] = derived["published"].dt.month
    derived["rate_period"] = _lookup(derived, ["currency", "period_start", "period_end"], _period_rate)
    derived["rate_published"] = _lookup(
        derived, ["currency", "publication_year", "publication_month"], _publication_rate
    )
    # For the magnitude ceiling only (generous by a factor), a period after the table's last year is
    # converted at that year's rate, so current news in a currency the table has stays checked.
    latest_year = _lookup(derived, ["currency"], lambda currency: _latest(currency)[0])
    latest_rate = _lookup(derived, ["currency"], lambda currency: _latest(currency)[1])
    beyond_table = derived["rate_period"].isna() & (derived["period_start"].dt.year > latest_year)
    derived["rate_magnitude"] = derived["rate_period"].where(~beyond_table, latest_rate)
    derived["amount_usd"] = (
        derived["value_usd"].abs().fillna(derived["value"].abs() / derived["rate_magnitude"])
    )
    reporter_cap = _lookup(derived, ["reporter"], _annual_trade)
    partner_cap = _lookup(derived, ["partner"], _annual_trade)
    partner_cap = partner_cap.where(~derived["partner"].isin(reference.GROUP_CODES))
    partner_binds = partner_cap < reporter_cap
    derived["annual_cap_usd"] = reporter_cap.where(~partner_binds, partner_cap)
    derived["cap_holder"] = derived["reporter"].where(~partner_binds, derived["partner"])
    derived["period_cap_usd"] = (
        derived["annual_cap_usd"]
        * derived["period_days"].where(derived["period_days"] >= 1)
        / 365.25
        * MAGNITUDE_FACTOR
    )
    own = derived["reporter"].map(lambda r: reference.has_own_trade_total(str(r)))
    scaled = (
        reporter_cap * derived["period_days"].where(derived["period_days"] >= 1) / 365.25 * WORLD_FLOOR_SHARE
    ).where(own & (derived["flow"] != "balance"))
    derived["world_floor_usd"] = scaled.where(scaled > MIN_WORLD_TRADE_USD, MIN_WORLD_TRADE_USD)
    derived["value_precision"] = rounding_precision(derived["value"])
    derived["value_usd_precision"] = rounding_precision(derived["value_usd"])
    with np.errstate(divide="ignore", invalid="ignore"):
        derived["implied_rate"] = derived["value"] / derived["value_usd"]
    return derived


def _max_value_by(rows: pd.DataFrame, keys: list[str], value_name: str) -> pd.DataFrame:
    return (
        rows.groupby(keys, as_index=False, dropna=False)["value"].max().rename(columns={"value": value_name})
    )


def derive_article_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add, per row, the whole it exceeds within its article (`whole_value`, `whole_label`), if any.

    Wholes are compared within one article, reporter, period, currency and commodity: an export,
    import or |balance| against the total with the same partner (stated from either side); a partner's figure against the
    same flow with WORLD or with a group the partner belongs to (reference.GROUP_MEMBERS).
    """
    derived = frame.copy()
    derived["commodity_key"] = _text(derived["commodity"])
    derived["row"] = np.arange(len(derived))
    key = ["article_id", "reporter", "period_start", "period_end", "currency", "commodity_key"]

    # a pair's total bounds both sides' flows: each total counts as seen from either side
    stated = derived[derived["flow"] == "total"]
    mirrored = stated.assign(reporter=stated["partner"], partner=stated["reporter"])
    totals = _max_value_by(pd.concat([stated, mirrored], ignore_index=True), [*key, "partner"], "whole")
    parts = derived[derived["flow"] != "total"].merge(totals, on=[*key, "partner"])
    parts = parts.assign(
        label="the total with " + parts["partner"] + " in this article", part=parts["value"].abs()
    )

    partners = derived.loc[derived["partner"] != "WORLD", "partner"].drop_duplicates()
    containment = pd.concat(
        [
            pd.DataFrame({"partner": partners, "container": "WORLD"}),
            pd.DataFrame(
                [(member, group) for group, members in reference.GROUP_MEMBERS.items() for member in members],
                columns=["partner", "container"],
            ),
        ]
    )
    groups = _max_value_by(
        derived[derived["flow"] != "balance"].rename(columns={"partner": "container"}),
        [*key, "flow", "container"],
        "whole",
    )
    members = (
        derived[derived["flow"] != "balance"]
        .merge(containment, on="partner")
        .merge(groups, on=[*key, "flow", "container"])
    )
    members = members.assign(
        label="the " + members["flow"] + " with " + members["container"] + " in this article",
        part=members["value"],
    )

    comparisons = pd.concat([parts, members], ignore_index=True)
    tolerance = (
        PART_WHOLE_TOLERANCE
        + rounding_precision(comparisons["part"])
        + rounding_precision(comparisons["whole"])
    )
    conflicts = comparisons[comparisons["part"] > comparisons["whole"] * (1 + tolerance)]
    first_conflict = conflicts.sort_values("row", kind="stable").drop_duplicates("row")
    by_row = first_conflict.set_index("row")
    derived["whole_value"] = by_row["whole"].reindex(derived["row"]).to_numpy()
    derived["whole_label"] = by_row["label"].reindex(derived["row"]).to_numpy()
    return derived


# --------------------------------------------------------------------------- rule functions


def _flow_unknown(frame: pd.DataFrame) -> pd.Series:
    return frame["flow"].notna() & ~frame["flow"].isin(FLOWS)


def _currency_unknown(frame: pd.DataFrame) -> pd.Series:
    return frame["currency"].notna() & ~frame["currency"].isin(reference.currency_codes())


def _unknown_code(field: str) -> Callable[[pd.DataFrame], pd.Series]:
    def failing(frame: pd.DataFrame) -> pd.Series:
        # Thousands of known codes: test the batch's few distinct codes against the set instead.
        known = reference.known_codes()
        unknown = [code for code in frame[field].dropna().unique() if code not in known]
        return frame[field].isin(unknown)

    return failing


def _same_partner(frame: pd.DataFrame) -> pd.Series:
    """Added to with rules-1.11.0: a region with its own country ("CN-HL" with "CN") is one economy too."""
    same = frame["reporter"].notna() & (frame["reporter"] == frame["partner"])
    own_country = frame.apply(
        lambda row: (
            isinstance(row["reporter"], str)
            and isinstance(row["partner"], str)
            and row["reporter"].startswith(row["partner"] + "-")
        ),
        axis=1,
    )
    return same | own_country.astype(bool)


def _qualifier_unknown(frame: pd.DataFrame) -> pd.Series:
    return frame["qualifier"].notna() & ~frame["qualifier"].isin(QUALIFIERS)


def _not_positive(frame: pd.DataFrame) -> pd.Series:
    value = frame["value"]
    signed = frame["flow"].isin(("total", "export", "import")) & (value <= 0)
    zero_balance = (frame["flow"] == "balance") & (value == 0)
    return value.notna() & (signed | zero_balance | ~np.isfinite(value.fillna(0)))


def _not_positive_reason(rows: pd.DataFrame) -> pd.Series:
    return (
        "value "
        + _amount(rows["value"])
        + " for flow "
        + _text(rows["flow"])
        + ": a total, export or import is a finite positive amount, a balance a finite non-zero one"
    )


def _inverted(frame: pd.DataFrame) -> pd.Series:
    return frame["period_start"] > frame["period_end"]


def _after_publication(frame: pd.DataFrame) -> pd.Series:
    starts_late = frame["period_start"] > frame["published"] + pd.Timedelta(days=START_GRACE_DAYS)
    ends_late = frame["period_end"] > frame["published"] + pd.Timedelta(days=END_GRACE_DAYS)
    return starts_late | ends_late


def _too_long(frame: pd.DataFrame) -> pd.Series:
    return frame["period_days"] > MAX_PERIOD_DAYS


def _long_ago(frame: pd.DataFrame) -> pd.Series:
    return frame["period_end"] < frame["published"] - pd.DateOffset(years=LONG_AGO_YEARS)


def _change_implausible(frame: pd.DataFrame) -> pd.Series:
    change = frame["change_pct"]
    return change.notna() & ((change <= -100) | (change > MAX_CHANGE_PCT) | ~np.isfinite(change.fillna(0)))


def _share_out_of_range(frame: pd.DataFrame) -> pd.Series:
    share = frame["share_pct"]
    return share.notna() & ((share <= 0) | (share > 100))


def _usd_identity_broken(frame: pd.DataFrame) -> pd.Series:
    gap = (frame["value_usd"] - frame["value"]).abs()
    return (
        (frame["currency"] == "USD")
        & frame["value_usd"].notna()
        & (gap > frame["value"].abs() * USD_IDENTITY_TOLERANCE)
    )


def usd_tolerance(frame: pd.DataFrame) -> pd.Series:
    """Allowed relative gap of a stated conversion: the base tolerance plus both figures' rounding."""
    return USD_RATE_TOLERANCE + frame["value_precision"] + frame["value_usd_precision"]


def _usd_gap(frame: pd.DataFrame) -> pd.Series:
    """The smaller relative gap between the implied rate and the period's or the publication month's rate.

    Articles convert with the period's average or with the rate current when they are written.
    """
    gap_period = (frame["implied_rate"] / frame["rate_period"] - 1).abs()
    gap_published = (frame["implied_rate"] / frame["rate_published"] - 1).abs()
    return pd.concat([gap_period, gap_published], axis=1).min(axis=1, skipna=True)


def _usd_inconsistent(frame: pd.DataFrame) -> pd.Series:
    converted = frame["currency"].notna() & (frame["currency"] != "USD") & frame["value_usd"].notna()
    sign_broken = (
        converted & frame["value"].notna() & ~(np.sign(frame["value"]) == np.sign(frame["value_usd"]))
    )
    gap = _usd_gap(frame)
    return sign_broken | (converted & gap.notna() & (gap > usd_tolerance(frame)))


def _usd_inconsistent_reason(rows: pd.DataFrame) -> pd.Series:
    def rate(values: pd.Series) -> pd.Series:
        return values.map(lambda number: "none" if pd.isna(number) else f"{number:.4f}")

    return (
        _amount(rows["value"])
        + " "
        + _text(rows["currency"])
        + " stated as "
        + _amount(rows["value_usd"])
        + " USD implies "
        + rate(rows["implied_rate"])
        + " per USD; the table has "
        + rate(rows["rate_period"])
        + " for the period and "
        + rate(rows["rate_published"])
        + " for the publication month ("
        + (usd_tolerance(rows) * 100).map("{:.1f}".format)
        + "% allowed)"
    )


def _rate_unavailable(frame: pd.DataFrame) -> pd.Series:
    return (
        frame["currency"].isin(reference.currency_codes())
        & (frame["currency"] != "USD")
        & frame["period_start"].notna()
        & frame["period_end"].notna()
        & frame["rate_period"].isna()
    )


def _implausibly_small(frame: pd.DataFrame) -> pd.Series:
    """Added with rules-1.7.0: an economy's aggregate trade with the world under the floor."""
    return (
        frame["amount_usd"].notna()
        & (frame["amount_usd"].abs() < frame["world_floor_usd"])
        & (frame["partner"] == "WORLD")
        & frame["reporter"].notna()
        & frame["commodity"].isna()
    )


def _implausible_magnitude(frame: pd.DataFrame) -> pd.Series:
    return (
        frame["amount_usd"].notna()
        & frame["period_cap_usd"].notna()
        & (frame["amount_usd"] > frame["period_cap_usd"])
    )


def _implausible_magnitude_reason(rows: pd.DataFrame) -> pd.Series:
    return (
        "about "
        + _amount(rows["amount_usd"])
        + " USD over "
        + rows["period_days"].map(str)
        + " days exceeds "
        + _amount(rows["period_cap_usd"])
        + " USD, "
        + f"{MAGNITUDE_FACTOR:g}x the annual trade ceiling of "
        + _text(rows["cap_holder"])
        + " ("
        + _amount(rows["annual_cap_usd"])
        + " USD) for that length: a unit error?"
    )


def _exceeds_whole(frame: pd.DataFrame) -> pd.Series:
    return frame["whole_value"].notna()


def _exceeds_whole_reason(rows: pd.DataFrame) -> pd.Series:
    return (
        _text(rows["flow"])
        + " "
        + _amount(rows["value"])
        + " "
        + _text(rows["currency"])
        + " with "
        + _text(rows["partner"])
        + " exceeds "
        + _text(rows["whole_label"])
        + " ("
        + _amount(rows["whole_value"])
        + "): a mis-assigned flow, partner or unit?"
    )


# --------------------------------------------------------------------------- the table

RULES: tuple[Rule, ...] = (
    _missing("reporter", "whose trade it is"),
    _missing("partner", "the trading partner"),
    _missing("flow", "total, export, import or balance"),
    Rule(
        "missing.value",
        "`value` is present (the amount)",
        "reject",
        lambda frame: frame["value"].isna(),
        lambda rows: pd.Series("value is missing: the amount could not be determined", index=rows.index),
    ),
    _missing("currency", "the currency of the amount"),
    Rule(
        "missing.period",
        "`period_start` and `period_end` are present",
        "reject",
        lambda frame: frame["period_start"].isna() | frame["period_end"].isna(),
        lambda rows: pd.Series(
            "period is missing: the period the figure covers could not be resolved", index=rows.index
        ),
    ),
    Rule(
        "flow.unknown",
        "flow is one of total, export, import, balance",
        "reject",
        _flow_unknown,
        lambda rows: "flow '" + _text(rows["flow"]) + "' is not one of " + ", ".join(FLOWS),
    ),
    Rule(
        "currency.unknown",
        "currency is an ISO 4217 code",
        "reject",
        _currency_unknown,
        lambda rows: "currency '" + _text(rows["currency"]) + "' is not an ISO 4217 code",
    ),
    Rule(
        "reporter.unknown_code",
        "reporter is an ISO 3166-1 alpha-2, ISO 3166-2 or contract group code",
        "reject",
        _unknown_code("reporter"),
        lambda rows: "reporter '" + _text(rows["reporter"]) + "' is not an ISO 3166 or group code",
    ),
    Rule(
        "partner.unknown_code",
        "partner is an ISO 3166-1 alpha-2, ISO 3166-2 or contract group code",
        "reject",
        _unknown_code("partner"),
        lambda rows: "partner '" + _text(rows["partner"]) + "' is not an ISO 3166 or group code",
    ),
    Rule(
        "partner.same_as_reporter",
        "reporter and partner differ, and a region's partner is not its own country (trade is between two parties)",
        "reject",
        _same_partner,
        lambda rows: (
            "reporter '"
            + _text(rows["reporter"])
            + "' and partner '"
            + _text(rows["partner"])
            + "' are one economy"
        ),
    ),
    Rule(
        "actors.low_confidence",
        "each side rests on evidence measured to be right often enough (transform.evidence, CONFIDENCE_BAR)",
        "reject",
        _low_confidence,
        _low_confidence_reasons,
    ),
    Rule(
        "qualifier.unknown",
        "qualifier is null or one of about, over, under",
        "reject",
        _qualifier_unknown,
        lambda rows: "qualifier '" + _text(rows["qualifier"]) + "' is not one of " + ", ".join(QUALIFIERS),
    ),
    Rule(
        "value.not_positive",
        "a total, export or import is > 0; a balance is non-zero; both finite",
        "reject",
        _not_positive,
        _not_positive_reason,
    ),
    Rule(
        "period.inverted",
        "period_start is not after period_end",
        "reject",
        _inverted,
        lambda rows: (
            "period starts " + _day(rows["period_start"]) + ", after it ends " + _day(rows["period_end"])
        ),
    ),
    Rule(
        "period.after_publication",
        f"the period starts by the publication date (+{START_GRACE_DAYS} day) and ends within "
        f"{END_GRACE_DAYS} days of it: a later period is a target or forecast, or a mis-resolved date",
        "reject",
        _after_publication,
        lambda rows: (
            "period "
            + _day(rows["period_start"])
            + " to "
            + _day(rows["period_end"])
            + " lies after publication on "
            + _day(rows["published"])
            + ": a target or a mis-resolved date?"
        ),
    ),
    Rule(
        "period.too_long",
        f"the period covers at most {MAX_PERIOD_DAYS} days (eleven years and a month)",
        "reject",
        _too_long,
        lambda rows: (
            "period "
            + _day(rows["period_start"])
            + " to "
            + _day(rows["period_end"])
            + " covers "
            + rows["period_days"].map(str)
            + f" days, more than {MAX_PERIOD_DAYS}: a cumulative or mis-resolved period"
        ),
    ),
    Rule(
        "change_pct.implausible",
        f"change_pct is null or in (-100, {MAX_CHANGE_PCT:g}]",
        "reject",
        _change_implausible,
        lambda rows: (
            "change_pct "
            + rows["change_pct"].map("{:g}".format)
            + f" is outside (-100, {MAX_CHANGE_PCT:g}]: a level, a multiple or an index read as a change?"
        ),
    ),
    Rule(
        "share_pct.out_of_range",
        "share_pct is null or in (0, 100]",
        "reject",
        _share_out_of_range,
        lambda rows: "share_pct " + rows["share_pct"].map("{:g}".format) + " is outside (0, 100]",
    ),
    Rule(
        "value_usd.mismatch",
        "for a USD value, value_usd is the value itself",
        "reject",
        _usd_identity_broken,
        lambda rows: "value " + _amount(rows["value"]) + " USD but value_usd " + _amount(rows["value_usd"]),
    ),
    Rule(
        "usd.inconsistent",
        f"a stated USD conversion matches the period's or the publication month's average rate within "
        f"{USD_RATE_TOLERANCE:.0%} plus the rounding of both figures",
        "reject",
        _usd_inconsistent,
        _usd_inconsistent_reason,
    ),
    Rule(
        "usd.rate_unavailable",
        "the exchange-rate table covers a non-USD value's period (else the USD "
        "and magnitude checks are skipped)",
        "warn",
        _rate_unavailable,
        lambda rows: (
            "no "
            + _text(rows["currency"])
            + " rate for "
            + _day(rows["period_start"])
            + " to "
            + _day(rows["period_end"])
            + " in the table: a stated USD conversion is not checked, the magnitude "
            "only at the table's latest rate where the period is newer than the table"
        ),
    ),
    Rule(
        "value.implausible_magnitude",
        f"the USD amount is at most the lower annual trade ceiling of reporter and partner (a group partner "
        f"does not bound) x period/year x {MAGNITUDE_FACTOR:g}",
        "reject",
        _implausible_magnitude,
        _implausible_magnitude_reason,
    ),
    Rule(
        "value.implausibly_small",
        f"an economy's aggregate trade with the world is at least {MIN_WORLD_TRADE_USD:,.0f} USD, and for a "
        f"country with its own trade-totals row at least {WORLD_FLOOR_SHARE:.0%} of its annual ceiling over the "
        "period (balances: the fixed floor)",
        "reject",
        _implausibly_small,
        lambda rows: (
            "about "
            + _amount(rows["amount_usd"])
            + " USD of "
            + _text(rows["reporter"])
            + "'s trade with the world: a unit (million, billion) lost?"
        ),
    ),
    Rule(
        "period.long_ago",
        f"the period ends within {LONG_AGO_YEARS} years before publication (history is kept)",
        "warn",
        _long_ago,
        lambda rows: (
            "period ends " + _day(rows["period_end"]) + f", over {LONG_AGO_YEARS} years before "
            "publication on " + _day(rows["published"])
        ),
    ),
    Rule(
        "part.exceeds_whole",
        "within an article, for one reporter, period, currency and commodity: an export, import or "
        "|balance| is at most the total with the same partner (stated from either side), and a partner's figure at most the same "
        "flow with WORLD or a group containing the partner (0.5% plus rounding)",
        "reject",
        _exceeds_whole,
        _exceeds_whole_reason,
        scope="article",
    ),
)


_TEXT_FIELDS = (
    "article_id",
    "reporter",
    "partner",
    "flow",
    "currency",
    "qualifier",
    "commodity",
    "reporter_name",
    "partner_name",
    "reporter_evidence",
    "partner_evidence",
)
_NUMBER_FIELDS = ("value", "value_usd", "change_pct", "share_pct")
_DATE_FIELDS = ("period_start", "period_end")


def validate(candidates: Sequence[TradeStatistic]) -> ValidationResult:
    """Split candidates into accepted statistics and one Rejection per failing candidate, in input order."""
    return evaluate(candidates).result


def validate_with_warnings(candidates: Sequence[TradeStatistic]) -> ValidationResult:
    """`validate`, with every statistic's `warnings` set to the warn rules that flagged it.

    Accepted statistics and the statistics inside rejections both carry it: the ids of the "warn"
    rules failing on the candidate, sorted and comma-separated ("period.long_ago,usd.rate_unavailable"),
    or None when none did. These are the rows for trade_stats and rejects as they are written.
    """
    return _evaluate(candidates, annotate=True).result


def candidate_frame(candidates: Sequence[TradeStatistic]) -> pd.DataFrame:
    """The batch as one DataFrame: the fields rules read, typed (NaN/NaT where a candidate has None).

    `published` is the publication date in UTC (midnight), the reference for period rules.
    """
    columns = {name: [getattr(candidate, name) for candidate in candidates] for name in _TEXT_FIELDS}
    frame = pd.DataFrame({name: pd.Series(values, dtype="str") for name, values in columns.items()})
    for name in _NUMBER_FIELDS:
        frame[name] = pd.Series([getattr(candidate, name) for candidate in candidates], dtype="float64")
    for name in _DATE_FIELDS:
        dates = pd.Series([getattr(candidate, name) for candidate in candidates], dtype="object")
        frame[name] = pd.to_datetime(dates).astype("datetime64[us]")
    published = pd.to_datetime(pd.Series([candidate.published_at for candidate in candidates]), utc=True)
    frame["published"] = published.dt.tz_convert(None).dt.normalize().astype("datetime64[us]")
    return frame


def _rule_masks(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Failure masks of every rule (columns in table order), and the frame each rule was evaluated on."""
    row_frame = derive_row_columns(frame)
    masks: dict[str, pd.Series] = {}
    evaluated_on: dict[str, pd.DataFrame] = {}
    for rule in (rule for rule in RULES if rule.scope == "row"):
        masks[rule.rule_id] = rule.failing(row_frame).fillna(False).astype(bool)
        evaluated_on[rule.rule_id] = row_frame
    row_rejects = [rule.rule_id for rule in RULES if rule.scope == "row" and rule.severity == "reject"]
    survivors = ~pd.DataFrame(masks)[row_rejects].any(axis=1)
    article_frame = derive_article_columns(row_frame[survivors])
    for rule in (rule for rule in RULES if rule.scope == "article"):
        failing = rule.failing(article_frame).fillna(False).astype(bool)
        masks[rule.rule_id] = failing.reindex(frame.index, fill_value=False)
        evaluated_on[rule.rule_id] = article_frame
    return pd.DataFrame(
        {rule.rule_id: masks[rule.rule_id] for rule in RULES}, index=frame.index
    ), evaluated_on


def _reasons(rules: Sequence[Rule], masks: pd.DataFrame, chosen: pd.Series, evaluated_on: dict) -> pd.Series:
    """For each row with a chosen rule: that rule's reason, plus the ids of the other failing rules."""
    reasons = pd.Series(pd.NA, index=masks.index, dtype="object")
    others = pd.Series("", index=masks.index, dtype="object")
    rejected = chosen.notna()
    for rule in rules:
        rows = chosen.index[chosen == rule.rule_id]
        if len(rows):
            reasons.loc[rows] = rule.reason(evaluated_on[rule.rule_id].loc[rows]).astype(str).to_numpy()
        also = masks[rule.rule_id] & rejected & (chosen != rule.rule_id)
        if also.any():
            others = others.where(~also, others + np.where(others == "", "", ", ") + rule.rule_id)
    return reasons.where(others == "", reasons + " (also fails: " + others + ")")


def _first_failing(masks: pd.DataFrame) -> pd.Series:
    """The id of the first failing rule in table order per row, NA where none fails."""
    any_failing = masks.any(axis=1)
    return masks.idxmax(axis=1).where(any_failing, pd.NA)


def warning_ids(warn_masks: pd.DataFrame) -> pd.Series:
    """Per row, the ids of the failing rules (the mask columns), sorted and comma-separated; None if none."""
    joined = pd.Series("", index=warn_masks.index, dtype="object")
    for rule_id in sorted(warn_masks.columns):
        failing = warn_masks[rule_id].to_numpy(dtype=bool)
        joined = joined.where(~failing, joined + np.where(joined == "", "", ",") + rule_id)
    return joined.where(joined != "", None)


def evaluate(candidates: Sequence[TradeStatistic]) -> ValidationReport:
    """Validate a batch and also report the warn rules' findings on the accepted statistics."""
    return _evaluate(candidates, annotate=False)


def _evaluate(candidates: Sequence[TradeStatistic], annotate: bool) -> ValidationReport:
    """The one pass behind `evaluate` and `validate_with_warnings`; `annotate` fills `warnings`."""
    if not candidates:
        return ValidationReport(ValidationResult(accepted=(), rejected=()), warnings=())
    frame = candidate_frame(candidates)
    masks, evaluated_on = _rule_masks(frame)
    reject_rules = [rule for rule in RULES if rule.severity == "reject"]
    warn_rules = [rule for rule in RULES if rule.severity == "warn"]
    if annotate:
        flagged_by = warning_ids(masks[[rule.rule_id for rule in warn_rules]]).tolist()
        candidates = [
            replace(candidate, warnings=ids) if candidate.warnings != ids else candidate
            for candidate, ids in zip(candidates, flagged_by, strict=True)
        ]

    rejecting = _first_failing(masks[[rule.rule_id for rule in reject_rules]])
    reject_reasons = _reasons(reject_rules, masks, rejecting, evaluated_on)
    accepted_rows = rejecting.isna()

    accepted = tuple(candidates[i] for i in np.flatnonzero(accepted_rows.to_numpy()))
    rejected = tuple(
        Rejection(statistic=candidates[i], rule=str(rejecting.iloc[i]), reason=str(reject_reasons.iloc[i]))
        for i in np.flatnonzero(~accepted_rows.to_numpy())
    )

    warnings: list[ValidationWarning] = []
    warn_masks = masks[[rule.rule_id for rule in warn_rules]] & accepted_rows.to_numpy()[:, None]
    warn_reasons = {
        rule.rule_id: rule.reason(evaluated_on[rule.rule_id][warn_masks[rule.rule_id]]) for rule in warn_rules
    }
    for i in np.flatnonzero(warn_masks.any(axis=1).to_numpy()):
        label = frame.index[i]
        warnings.extend(
            ValidationWarning(candidates[i], rule.rule_id, str(warn_reasons[rule.rule_id].loc[label]))
            for rule in warn_rules
            if warn_masks.at[label, rule.rule_id]
        )
    return ValidationReport(ValidationResult(accepted=accepted, rejected=rejected), warnings=tuple(warnings))
