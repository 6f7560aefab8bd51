"""The validation rules, declared as data: one `Rule` per check, in the order they are applied.

Every rule is a vector function over the batch (`Columns`: one numpy array per field, one row per
candidate, built in `transform.validation`, derived columns added by `derive_row_columns` /
`derive_article_columns`): `failing(columns)` is a boolean mask of the rows that break the rule,
`reason(rows)` one line per failing row that a person can act on. Rules of scope "row" look at a
candidate alone; rules of scope "article" compare candidates of one article and only see the rows
that passed every row rule, so a broken figure never condemns its neighbours. The tolerances are
module constants, documented with their calibration in docs/validation.md.

Columns are plain numpy arrays rather than a pandas DataFrame because a batch is a few dozen
candidates: pandas' fixed cost per operation (tens of microseconds) was 98% of validation's time.
Text is an object array with None where missing, numbers float64 with NaN, dates datetime64[D]
with NaT; a comparison with a missing value is False, as in pandas.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:  # pandas (~40 MiB) is loaded by transform.consolidate, not by validation
    import pandas as pd

from transform import evidence, reference

FLOWS = ("total", "export", "import", "balance")
QUALIFIERS = ("about", "over", "under")

# period.after_publication: a period may start at most this many days after the publication date
# (a UTC timestamp can fall on the day before the local date) and end at most this many days after it
# (a year-end article on "this year", a month-end article on "this month").
START_GRACE_DAYS = 1
END_GRACE_DAYS = 31
# period.too_long: a stated value covers at most eleven years and a month. Cumulative totals over a stated
# span ("from January 2019 through December 2023", "2013年至2017年", the Belt and Road's "past decade"
# written "from 2013 to 2023": eleven calendar years) are figures the articles give; a longer period
# comes from a mis-resolved start, not from a span any article states.
MAX_PERIOD_DAYS = 11 * 366 + 31
# period.long_ago (warn): figures about periods this far before publication are history, kept but noted.
LONG_AGO_YEARS = 10
# change_pct.implausible: a year-on-year change must lie in (-100, MAX_CHANGE_PCT].
MAX_CHANGE_PCT = 1000.0
# usd.inconsistent: allowed relative gap between a stated conversion and the table rate, on top of the
# rounding of the two stated figures (a "1.2 trillion" can be off by 4% by itself).
USD_RATE_TOLERANCE = 0.03
# value_usd.mismatch: a USD value's value_usd is the amount itself (float noise only).
USD_IDENTITY_TOLERANCE = 1e-9
# value.implausibly_small: an economy's aggregate trade with the world under this many USD is a lost unit
# ("the trade balance was negative at $ 3077,1" for millions); the smallest such gold figure is 20.8 million.
MIN_WORLD_TRADE_USD = 1e6
# ... and, for a country with its own row in transform/data/trade_totals.csv, under this share of its annual
# ceiling pro-rated to the period ("Georgia's foreign trade turnover at USD 4.832 million" for January-July:
# a thousands separator written as a point). The ceilings are peak totals rounded up; every economy judged
# traded well over 10% of its ceiling in every year since 2005, so 1% leaves a tenfold margin. Balances are
# exempt (a balance can be small).
WORLD_FLOOR_SHARE = 0.01
# value.implausible_magnitude: ceiling = annual trade x period length in years x this factor.
MAGNITUDE_FACTOR = 1.5
# part.exceeds_whole: allowed excess of a part over its whole, on top of the figures' rounding.
PART_WHOLE_TOLERANCE = 0.005
# Rounding read from trailing zeros is capped here: "20 billion" is taken as two significant digits
# (20 +- 0.5 billion), not as one (20 +- 5 billion).
MAX_ROUNDING_PRECISION = 0.05

Severity = Literal["reject", "warn"]
Scope = Literal["row", "article"]


@dataclass(frozen=True)
class Columns:
    """A batch of candidates as named numpy columns of one length (the frame every rule reads)."""

    arrays: Mapping[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def __len__(self) -> int:
        return len(next(iter(self.arrays.values()))) if self.arrays else 0

    def values(self, name: str) -> list:
        """A column as Python objects (float, str, date; None for a missing text or date), for reasons."""
        return self.arrays[name].tolist()

    def with_columns(self, **arrays: np.ndarray) -> Columns:
        return Columns({**self.arrays, **arrays})

    def take(self, rows: np.ndarray) -> Columns:
        """The rows at these positions (or where this mask is True), in that order."""
        return Columns({name: array[rows] for name, array in self.arrays.items()})


@dataclass(frozen=True)
class Rule:
    """A validation rule: stable id, what it checks, and whether a failure rejects or only warns."""

    rule_id: str
    description: str
    severity: Severity
    failing: Callable[[Columns], np.ndarray]
    reason: Callable[[Columns], list[str]]
    scope: Scope = "row"


# --------------------------------------------------------------------------- column helpers


def present(values: np.ndarray) -> np.ndarray:
    """Not missing (None in a text column, NaN in a number column, NaT in a date column)."""
    if values.dtype == object:
        return np.fromiter((value is not None for value in values), dtype=bool, count=len(values))
    return ~np.isnat(values) if values.dtype.kind == "M" else ~np.isnan(values)


def isin(values: np.ndarray, allowed: Iterable[str]) -> np.ndarray:
    """Text values in `allowed` (a missing value never is)."""
    allowed = allowed if isinstance(allowed, frozenset | set) else frozenset(allowed)
    return np.fromiter((value in allowed for value in values), dtype=bool, count=len(values))


def equals(values: np.ndarray, other: np.ndarray | str) -> np.ndarray:
    """Row-wise equality of text; False wherever either side is missing."""
    if isinstance(other, str):
        return np.fromiter((value == other for value in values), dtype=bool, count=len(values))
    return np.fromiter(
        (value is not None and value == that for value, that in zip(values, other, strict=True)),
        dtype=bool,
        count=len(values),
    )


def years(dates: np.ndarray) -> np.ndarray:
    """Calendar year of each date as float (NaN for NaT)."""
    result = dates.astype("datetime64[Y]").astype("int64").astype("float64") + 1970
    result[np.isnat(dates)] = np.nan
    return result


def _greater(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """left > right for numbers, False where either is NaN (no warning)."""
    with np.errstate(invalid="ignore"):
        return np.greater(left, right)


# --------------------------------------------------------------------------- formatting helpers


def _amount(number: float) -> str:
    return f"{number:,.0f}" if abs(number) >= 1 else f"{number:g}"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _day(value: date | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d")


def _days(number: float) -> str:
    return str(int(number))


def _blank(values: np.ndarray) -> np.ndarray:
    """Missing, or a string of only whitespace."""
    return np.fromiter(
        (value is None or not str(value).strip() for value in values), dtype=bool, count=len(values)
    )


def _constant(text: str) -> Callable[[Columns], list[str]]:
    return lambda rows: [text] * len(rows)


def _missing(field: str, why: str) -> Rule:
    return Rule(
        rule_id=f"missing.{field}",
        description=f"`{field}` is present ({why})",
        severity="reject",
        failing=lambda frame: _blank(frame[field]),
        reason=_missing_reason(field, why),
    )


def _missing_reason(field: str, why: str) -> Callable[[Columns], list[str]]:
    """Why a side is missing: a name was found that has no code (a port, a city, an enterprise type, a
    grouping such as "CIS countries"), or no name at all was found for it."""
    named = {"reporter": "reporter_name", "partner": "partner_name"}.get(field)

    def reasons(rows: Columns) -> list[str]:
        names = rows.values(named) if named is not None and named in rows.arrays else [None] * len(rows)
        return [
            f"{field} is missing: {why} could not be determined"
            if name is None or not str(name).strip()
            else f"{field} is missing: the text names {name!r} as {why}, which has no code (no economy, or one "
            "the contract does not list)"
            for name in names
        ]

    return reasons


def _precision(magnitude: np.ndarray) -> np.ndarray:
    exponents = np.arange(16, dtype="float64")
    units = 10.0**exponents
    with np.errstate(invalid="ignore"):
        divisible = (magnitude[:, None] >= units) & (np.fmod(magnitude[:, None], units) == 0)
    trailing = np.maximum(divisible.sum(axis=1) - 1, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = 0.5 * 10.0**trailing / magnitude
    precision[~np.isfinite(precision)] = 0.0
    return np.minimum(precision, MAX_ROUNDING_PRECISION)


def rounding_precision(values: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """Relative half-unit of the last significant digit: 13300000000 -> 0.5e8 / 1.33e10 (0.38%).

    A stated figure is a rounded one; its trailing zeros say how coarsely. Non-integral values
    count as precise to the unit; at most MAX_ROUNDING_PRECISION (two significant digits).
    A Series gives a Series on its index (transform.consolidate), an array an array.
    """
    pandas = sys.modules.get("pandas")  # a Series implies pandas is loaded; validation never loads it
    if pandas is not None and isinstance(values, pandas.Series):
        magnitude = values.abs().to_numpy(dtype="float64", na_value=np.nan)
        return pandas.Series(_precision(magnitude), index=values.index)
    return _precision(np.abs(np.asarray(values, dtype="float64")))


# --------------------------------------------------------------------------- derived columns


def _lookup(keys: Iterable[tuple], function: Callable[..., float]) -> np.ndarray:
    """Apply a reference lookup once per distinct key and map it back onto the rows (NaN where a key part
    is missing)."""
    found: dict[tuple, float] = {}
    results = []
    for key in keys:
        if key not in found:
            found[key] = np.nan if any(part is None for part in key) else function(*key)
        results.append(found[key])
    return np.array(results, dtype="float64")


def _period_rate(currency: str, start: date, end: date) -> float:
    rate = reference.usd_rate(currency, start, end)
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


def derive_row_columns(frame: Columns) -> Columns:
    """Add what row rules compare against: period length, table rates, USD amount, ceiling, rounding."""
    starts, ends, published = (
        frame.values("period_start"),
        frame.values("period_end"),
        frame.values("published"),
    )
    currencies, reporters, partners = (
        frame.values("currency"),
        frame.values("reporter"),
        frame.values("partner"),
    )
    period_days = (frame["period_end"] - frame["period_start"]).astype("float64") + 1
    period_days[np.isnat(frame["period_end"]) | np.isnat(frame["period_start"])] = np.nan
    publication_months = [(None, None) if day is None else (day.year, day.month) for day in published]
    rate_period = _lookup(zip(currencies, starts, ends, strict=True), _period_rate)
    rate_published = _lookup(
        ((currency, *month) for currency, month in zip(currencies, publication_months, strict=True)),
        _publication_rate,
    )
    # For the magnitude ceiling only (generous by a factor), a period after the table's last year is
    # converted at that year's rate, so current news in a currency the table has stays checked.
    latest_year = _lookup(((currency,) for currency in currencies), lambda currency: _latest(currency)[0])
    latest_rate = _lookup(((currency,) for currency in currencies), lambda currency: _latest(currency)[1])
    beyond_table = np.isnan(rate_period) & _greater(years(frame["period_start"]), latest_year)
    rate_magnitude = np.where(beyond_table, latest_rate, rate_period)
    value, value_usd = frame["value"], frame["value_usd"]
    with np.errstate(divide="ignore", invalid="ignore"):
        amount_usd = np.where(np.isnan(value_usd), np.abs(value) / rate_magnitude, np.abs(value_usd))
    reporter_cap = _lookup(((reporter,) for reporter in reporters), _annual_trade)
    partner_cap = _lookup(((partner,) for partner in partners), _annual_trade)
    partner_cap[isin(frame["partner"], reference.GROUP_CODES)] = np.nan
    with np.errstate(invalid="ignore"):
        partner_binds = partner_cap < reporter_cap
    annual_cap_usd = np.where(partner_binds, partner_cap, reporter_cap)
    with np.errstate(invalid="ignore"):
        counted_days = np.where(period_days >= 1, period_days, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        implied_rate = value / value_usd
    return frame.with_columns(
        period_days=period_days,
        rate_period=rate_period,
        rate_published=rate_published,
        rate_magnitude=rate_magnitude,
        amount_usd=amount_usd,
        annual_cap_usd=annual_cap_usd,
        cap_holder=np.where(partner_binds, frame["partner"], frame["reporter"]),
        period_cap_usd=annual_cap_usd * counted_days / 365.25 * MAGNITUDE_FACTOR,
        world_floor_usd=_world_floor(frame, reporter_cap, counted_days),
        value_precision=rounding_precision(value),
        value_usd_precision=rounding_precision(value_usd),
        implied_rate=implied_rate,
    )


def _world_floor(frame: Columns, reporter_cap: np.ndarray, counted_days: np.ndarray) -> np.ndarray:
    """The least a country's aggregate trade with the world can be over the period (MIN_WORLD_TRADE_USD,
    or WORLD_FLOOR_SHARE of its own ceiling pro-rated, whichever is larger; balances: the fixed floor)."""
    own = np.array([reference.has_own_trade_total(str(r)) for r in frame.values("reporter")], dtype=bool)
    scaled = np.where(own, reporter_cap * counted_days / 365.25 * WORLD_FLOOR_SHARE, np.nan)
    scaled = np.where(equals(frame["flow"], "balance"), np.nan, scaled)
    return np.fmax(scaled, MIN_WORLD_TRADE_USD)


def _containers(partner: str) -> list[str]:
    """The wholes a partner's figure is compared with: WORLD, then each group containing it (table order)."""
    groups = [group for group, members in reference.GROUP_MEMBERS.items() if partner in members]
    return (["WORLD"] if partner != "WORLD" else []) + groups


def derive_article_columns(frame: Columns) -> Columns:
    """Add, per row, the whole it exceeds within its article (`whole_value`, `whole_label`), if any.

    Wholes are compared within one article, reporter, period, currency and commodity: an export,
    import or |balance| against the total with the same partner; a partner's figure against the
    same flow with WORLD or with a group the partner belongs to (reference.GROUP_MEMBERS). A row
    exceeding several wholes names the first: the total, then WORLD, then the groups.
    """
    flows, partners, values = frame.values("flow"), frame.values("partner"), frame.values("value")
    reporters = frame.values("reporter")
    keys = list(
        zip(
            frame.values("article_id"),
            reporters,
            frame.values("period_start"),
            frame.values("period_end"),
            frame.values("currency"),
            [_text(commodity) for commodity in frame.values("commodity")],
            strict=True,
        )
    )
    totals: dict[tuple, float] = {}  # (pair key, partner) -> largest total, for both sides of the pair
    by_flow: dict[tuple, float] = {}  # (key, flow, partner) -> largest figure, for every flow but balance
    for key, reporter, flow, partner, value in zip(keys, reporters, flows, partners, values, strict=True):
        if flow == "total":
            for side in {_pair_key(key, reporter, partner), _pair_key(key, partner, reporter)}:
                totals[side] = max(totals.get(side, value), value)
        if flow != "balance":
            by_flow[(key, flow, partner)] = max(by_flow.get((key, flow, partner), value), value)

    comparisons: list[tuple[int, float, float, str]] = []  # (row, part, whole, label), in priority order
    for row, (key, reporter, flow, partner, value) in enumerate(
        zip(keys, reporters, flows, partners, values, strict=True)
    ):
        total = totals.get(_pair_key(key, reporter, partner))
        if flow != "total" and total is not None:
            comparisons.append((row, abs(value), total, f"the total with {partner} in this article"))
        if flow != "balance":
            comparisons.extend(
                (row, value, by_flow[(key, flow, container)], f"the {flow} with {container} in this article")
                for container in _containers(partner)
                if (key, flow, container) in by_flow
            )

    whole_value = np.full(len(frame), np.nan)
    whole_label = np.full(len(frame), None, dtype=object)
    if comparisons:
        rows, parts, wholes, labels = zip(*comparisons, strict=True)
        parts_array, wholes_array = np.array(parts, dtype="float64"), np.array(wholes, dtype="float64")
        tolerance = PART_WHOLE_TOLERANCE + rounding_precision(parts_array) + rounding_precision(wholes_array)
        exceeds = parts_array > wholes_array * (1 + tolerance)
        for index in np.flatnonzero(exceeds)[::-1]:  # backwards: the first conflict of a row is written last
            whole_value[rows[index]] = wholes[index]
            whole_label[rows[index]] = labels[index]
    return frame.with_columns(whole_value=whole_value, whole_label=whole_label)


def _pair_key(key: tuple, reporter: object, partner: object) -> tuple:
    """The comparison key of a pair's total seen from `reporter`: trade between A and B is one sum.

    "Trade between Turkmenistan and Uzbekistan rose to $939.1 million" is the total of both sides,
    so Uzbekistan's imports from Turkmenistan in the same article and period cannot exceed it even
    when the sentence that stated the total named Turkmenistan first (reporter TM, partner UZ).
    """
    return ((key[0], reporter, *key[2:]), partner)


# --------------------------------------------------------------------------- rule functions


def _flow_unknown(frame: Columns) -> np.ndarray:
    return present(frame["flow"]) & ~isin(frame["flow"], FLOWS)


def _currency_unknown(frame: Columns) -> np.ndarray:
    return present(frame["currency"]) & ~isin(frame["currency"], reference.currency_codes())


def _unknown_code(field: str) -> Callable[[Columns], np.ndarray]:
    def failing(frame: Columns) -> np.ndarray:
        return present(frame[field]) & ~isin(frame[field], reference.known_codes())

    return failing


def _same_partner(frame: Columns) -> np.ndarray:
    """The same code on both sides, or a region with its own country ("CN-HL" with "CN": domestic trade)."""
    own_country = np.array(
        [
            isinstance(r, str) and isinstance(p, str) and r.startswith(p + "-")
            for r, p in zip(frame["reporter"].tolist(), frame["partner"].tolist(), strict=True)
        ],
        dtype=bool,
    )
    return equals(frame["reporter"], frame["partner"]) | own_country


def _evidence_confidence(values: np.ndarray) -> np.ndarray:
    """The confidence of each side's evidence id; 1.0 where there is none (a missing side is another rule's)."""
    known = [evidence.confidence(v) if v is not None else None for v in values.tolist()]
    return np.array([1.0 if c is None else c for c in known], dtype="float64")


def _low_confidence(frame: Columns) -> np.ndarray:
    weaker = np.minimum(
        _evidence_confidence(frame["reporter_evidence"]), _evidence_confidence(frame["partner_evidence"])
    )
    return weaker < evidence.CONFIDENCE_BAR


def _low_confidence_reason(rows: Columns) -> list[str]:
    """Which side rests on weak evidence, what that evidence was, and how the other side was resolved."""
    reasons = []
    sides = zip(
        rows.values("reporter"),
        rows.values("reporter_evidence"),
        rows.values("partner"),
        rows.values("partner_evidence"),
        strict=True,
    )
    for reporter, reporter_via, partner, partner_via in sides:
        weak = [
            (role, code, via)
            for role, code, via in (("reporter", reporter, reporter_via), ("partner", partner, partner_via))
            if via is not None and (evidence.confidence(via) or 1.0) < evidence.CONFIDENCE_BAR
        ]
        role, code, via = weak[0]
        other_role, other_via = ("partner", partner_via) if role == "reporter" else ("reporter", reporter_via)
        reasons.append(
            f"{role} {code!r} rests on {evidence.describe(via)}, below the bar of {evidence.CONFIDENCE_BAR:.2f} "
            f"({other_role} by {other_via or 'nothing'})"
        )
    return reasons


def _qualifier_unknown(frame: Columns) -> np.ndarray:
    return present(frame["qualifier"]) & ~isin(frame["qualifier"], QUALIFIERS)


def _not_positive(frame: Columns) -> np.ndarray:
    value = frame["value"]
    with np.errstate(invalid="ignore"):
        signed = isin(frame["flow"], ("total", "export", "import")) & (value <= 0)
        zero_balance = equals(frame["flow"], "balance") & (value == 0)
    return ~np.isnan(value) & (signed | zero_balance | np.isinf(value))


def _not_positive_reason(rows: Columns) -> list[str]:
    return [
        f"value {_amount(value)} for flow {_text(flow)}: a total, export or import is a finite positive amount, "
        "a balance a finite non-zero one"
        for value, flow in zip(rows.values("value"), rows.values("flow"), strict=True)
    ]


def _inverted(frame: Columns) -> np.ndarray:
    return frame["period_start"] > frame["period_end"]


def _after_publication(frame: Columns) -> np.ndarray:
    starts_late = frame["period_start"] > frame["published"] + np.timedelta64(START_GRACE_DAYS, "D")
    ends_late = frame["period_end"] > frame["published"] + np.timedelta64(END_GRACE_DAYS, "D")
    return starts_late | ends_late


def _too_long(frame: Columns) -> np.ndarray:
    return _greater(frame["period_days"], MAX_PERIOD_DAYS)


def _years_before(day: date | None, count: int) -> date | None:
    """The same calendar day `count` years earlier (29 February becomes the 28th)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year - count)
    except ValueError:
        return day.replace(year=day.year - count, day=28)


def _long_ago(frame: Columns) -> np.ndarray:
    limits = np.array(
        [_years_before(day, LONG_AGO_YEARS) for day in frame.values("published")], dtype="datetime64[D]"
    )
    return frame["period_end"] < limits


def _change_implausible(frame: Columns) -> np.ndarray:
    change = frame["change_pct"]
    with np.errstate(invalid="ignore"):
        return ~np.isnan(change) & ((change <= -100) | (change > MAX_CHANGE_PCT) | np.isinf(change))


def _share_out_of_range(frame: Columns) -> np.ndarray:
    share = frame["share_pct"]
    with np.errstate(invalid="ignore"):
        return ~np.isnan(share) & ((share <= 0) | (share > 100))


def _usd_identity_broken(frame: Columns) -> np.ndarray:
    gap = np.abs(frame["value_usd"] - frame["value"])
    return (
        equals(frame["currency"], "USD")
        & ~np.isnan(frame["value_usd"])
        & _greater(gap, np.abs(frame["value"]) * USD_IDENTITY_TOLERANCE)
    )


def usd_tolerance(frame: Columns) -> np.ndarray:
    """Allowed relative gap of a stated conversion: the base tolerance plus both figures' rounding."""
    return USD_RATE_TOLERANCE + frame["value_precision"] + frame["value_usd_precision"]


def _usd_gap(frame: Columns) -> np.ndarray:
    """The smaller relative gap between the implied rate and the period's or the publication month's rate.

    Articles convert with the period's average or with the rate current when they are written.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        gap_period = np.abs(frame["implied_rate"] / frame["rate_period"] - 1)
        gap_published = np.abs(frame["implied_rate"] / frame["rate_published"] - 1)
    return np.fmin(gap_period, gap_published)


def _usd_inconsistent(frame: Columns) -> np.ndarray:
    currency = frame["currency"]
    converted = present(currency) & ~equals(currency, "USD") & ~np.isnan(frame["value_usd"])
    sign_broken = (
        converted & ~np.isnan(frame["value"]) & ~(np.sign(frame["value"]) == np.sign(frame["value_usd"]))
    )
    return sign_broken | (converted & _greater(_usd_gap(frame), usd_tolerance(frame)))


def _rate(number: float) -> str:
    return "none" if np.isnan(number) else f"{number:.4f}"


def _usd_inconsistent_reason(rows: Columns) -> list[str]:
    return [
        f"{_amount(value)} {_text(currency)} stated as {_amount(value_usd)} USD implies {_rate(implied)} per USD; "
        f"the table has {_rate(period)} for the period and {_rate(published)} for the publication month "
        f"({tolerance * 100:.1f}% allowed)"
        for value, currency, value_usd, implied, period, published, tolerance in zip(
            rows.values("value"),
            rows.values("currency"),
            rows.values("value_usd"),
            rows.values("implied_rate"),
            rows.values("rate_period"),
            rows.values("rate_published"),
            usd_tolerance(rows).tolist(),
            strict=True,
        )
    ]


def _rate_unavailable(frame: Columns) -> np.ndarray:
    return (
        isin(frame["currency"], reference.currency_codes())
        & ~equals(frame["currency"], "USD")
        & ~np.isnat(frame["period_start"])
        & ~np.isnat(frame["period_end"])
        & np.isnan(frame["rate_period"])
    )


def _implausibly_small(frame: Columns) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        small = np.less(np.abs(frame["amount_usd"]), frame["world_floor_usd"])
    return (
        small & equals(frame["partner"], "WORLD") & present(frame["reporter"]) & ~present(frame["commodity"])
    )


def _implausible_magnitude(frame: Columns) -> np.ndarray:
    return _greater(frame["amount_usd"], frame["period_cap_usd"])


def _implausible_magnitude_reason(rows: Columns) -> list[str]:
    return [
        f"about {_amount(amount)} USD over {_days(days)} days exceeds {_amount(cap)} USD, "
        f"{MAGNITUDE_FACTOR:g}x the annual trade ceiling of {_text(holder)} ({_amount(annual)} USD) for that length: "
        "a unit error?"
        for amount, days, cap, holder, annual in zip(
            rows.values("amount_usd"),
            rows.values("period_days"),
            rows.values("period_cap_usd"),
            rows.values("cap_holder"),
            rows.values("annual_cap_usd"),
            strict=True,
        )
    ]


def _exceeds_whole(frame: Columns) -> np.ndarray:
    return ~np.isnan(frame["whole_value"])


def _exceeds_whole_reason(rows: Columns) -> list[str]:
    return [
        f"{_text(flow)} {_amount(value)} {_text(currency)} with {_text(partner)} exceeds {_text(label)} "
        f"({_amount(whole)}): a mis-assigned flow, partner or unit?"
        for flow, value, currency, partner, label, whole in zip(
            rows.values("flow"),
            rows.values("value"),
            rows.values("currency"),
            rows.values("partner"),
            rows.values("whole_label"),
            rows.values("whole_value"),
            strict=True,
        )
    ]


def _per_row(
    template: str, *fields: str, formats: Mapping[str, Callable[[object], str]] | None = None
) -> Callable[[Columns], list[str]]:
    """A reason that fills `template` ({field} placeholders) from each row, text fields via `_text`."""
    formats = formats or {}

    def reason(rows: Columns) -> list[str]:
        columns = [[formats.get(field, _text)(value) for value in rows.values(field)] for field in fields]
        return [template.format(**dict(zip(fields, row, strict=True))) for row in zip(*columns, strict=True)]

    return reason


def _pct(number: float) -> str:
    return f"{number:g}"


# --------------------------------------------------------------------------- the table

RULES: tuple[Rule, ...] = (
    _missing("reporter", "whose trade it is"),
    _missing("partner", "the trading partner"),
    _missing("flow", "total, export, import or balance"),
    Rule(
        "missing.value",
        "`value` is present (the amount)",
        "reject",
        lambda frame: np.isnan(frame["value"]),
        _constant("value is missing: the amount could not be determined"),
    ),
    _missing("currency", "the currency of the amount"),
    Rule(
        "missing.period",
        "`period_start` and `period_end` are present",
        "reject",
        lambda frame: np.isnat(frame["period_start"]) | np.isnat(frame["period_end"]),
        _constant("period is missing: the period the figure covers could not be resolved"),
    ),
    Rule(
        "flow.unknown",
        "flow is one of total, export, import, balance",
        "reject",
        _flow_unknown,
        _per_row("flow '{flow}' is not one of " + ", ".join(FLOWS), "flow"),
    ),
    Rule(
        "currency.unknown",
        "currency is an ISO 4217 code",
        "reject",
        _currency_unknown,
        _per_row("currency '{currency}' is not an ISO 4217 code", "currency"),
    ),
    Rule(
        "reporter.unknown_code",
        "reporter is an ISO 3166-1 alpha-2, ISO 3166-2 or contract group code",
        "reject",
        _unknown_code("reporter"),
        _per_row("reporter '{reporter}' is not an ISO 3166 or group code", "reporter"),
    ),
    Rule(
        "partner.unknown_code",
        "partner is an ISO 3166-1 alpha-2, ISO 3166-2 or contract group code",
        "reject",
        _unknown_code("partner"),
        _per_row("partner '{partner}' is not an ISO 3166 or group code", "partner"),
    ),
    Rule(
        "partner.same_as_reporter",
        "reporter and partner differ, and a region's partner is not its own country (trade is between two parties)",
        "reject",
        _same_partner,
        _per_row("reporter '{reporter}' and partner '{partner}' are one economy", "reporter", "partner"),
    ),
    Rule(
        "actors.low_confidence",
        "each side rests on evidence measured to be right often enough (transform.evidence, CONFIDENCE_BAR)",
        "reject",
        _low_confidence,
        _low_confidence_reason,
    ),
    Rule(
        "qualifier.unknown",
        "qualifier is null or one of about, over, under",
        "reject",
        _qualifier_unknown,
        _per_row("qualifier '{qualifier}' is not one of " + ", ".join(QUALIFIERS), "qualifier"),
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
        _per_row(
            "period starts {period_start}, after it ends {period_end}",
            "period_start",
            "period_end",
            formats={"period_start": _day, "period_end": _day},
        ),
    ),
    Rule(
        "period.after_publication",
        f"the period starts by the publication date (+{START_GRACE_DAYS} day) and ends within "
        f"{END_GRACE_DAYS} days of it: a later period is a target or forecast, or a mis-resolved date",
        "reject",
        _after_publication,
        _per_row(
            "period {period_start} to {period_end} lies after publication on {published}: a target or a "
            "mis-resolved date?",
            "period_start",
            "period_end",
            "published",
            formats={"period_start": _day, "period_end": _day, "published": _day},
        ),
    ),
    Rule(
        "period.too_long",
        f"the period covers at most {MAX_PERIOD_DAYS} days (eleven years and a month)",
        "reject",
        _too_long,
        _per_row(
            "period {period_start} to {period_end} covers {period_days} days, more than "
            f"{MAX_PERIOD_DAYS}: a cumulative or mis-resolved period",
            "period_start",
            "period_end",
            "period_days",
            formats={"period_start": _day, "period_end": _day, "period_days": _days},
        ),
    ),
    Rule(
        "change_pct.implausible",
        f"change_pct is null or in (-100, {MAX_CHANGE_PCT:g}]",
        "reject",
        _change_implausible,
        _per_row(
            "change_pct {change_pct}" + f" is outside (-100, {MAX_CHANGE_PCT:g}]: a level, a multiple or an "
            "index read as a change?",
            "change_pct",
            formats={"change_pct": _pct},
        ),
    ),
    Rule(
        "share_pct.out_of_range",
        "share_pct is null or in (0, 100]",
        "reject",
        _share_out_of_range,
        _per_row("share_pct {share_pct} is outside (0, 100]", "share_pct", formats={"share_pct": _pct}),
    ),
    Rule(
        "value_usd.mismatch",
        "for a USD value, value_usd is the value itself",
        "reject",
        _usd_identity_broken,
        _per_row(
            "value {value} USD but value_usd {value_usd}",
            "value",
            "value_usd",
            formats={"value": _amount, "value_usd": _amount},
        ),
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
        _per_row(
            "no {currency} rate for {period_start} to {period_end} in the table: a stated USD conversion is "
            "not checked, the magnitude only at the table's latest rate where the period is newer than the "
            "table",
            "currency",
            "period_start",
            "period_end",
            formats={"period_start": _day, "period_end": _day},
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
        _per_row(
            "about {amount_usd} USD of {reporter}'s trade with the world: a unit (million, billion) lost?",
            "amount_usd",
            "reporter",
            formats={"amount_usd": _amount},
        ),
    ),
    Rule(
        "period.long_ago",
        f"the period ends within {LONG_AGO_YEARS} years before publication (history is kept)",
        "warn",
        _long_ago,
        _per_row(
            "period ends {period_end}"
            + f", over {LONG_AGO_YEARS} years before publication on "
            + "{published}",
            "period_end",
            "published",
            formats={"period_end": _day, "published": _day},
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


def rule_by_id(rule_id: str) -> Rule:
    """The rule with this id (KeyError for an unknown id)."""
    for rule in RULES:
        if rule.rule_id == rule_id:
            return rule
    raise KeyError(rule_id)
