"""Bundled reference tables validation measures candidates against: exchange rates, trade ceilings.

The tables live in `transform/data/*.csv` (sources named in their header comments), are read once
on first use and never touch the network. Rates are units of a currency per one US dollar.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent / "data"
EXCHANGE_RATES_CSV = DATA_DIR / "exchange_rates.csv"
TRADE_TOTALS_CSV = DATA_DIR / "trade_totals.csv"

# The contract's group codes (docs/datasets.md); a group reporter is bounded by world trade.
GROUP_CODES: frozenset[str] = frozenset(
    {"WORLD", "C5", "ASEAN", "EU", "BRI", "SCO", "BRICS", "RCEP", "EAEU", "GCC", "AFRICA", "LATAM", "CEEC"}
)

# Members of the groups whose membership is small and settled enough to compare a member's figure
# with the group's (a member's trade cannot exceed the group's). Other groups are not compared.
GROUP_MEMBERS: dict[str, frozenset[str]] = {
    "C5": frozenset({"KZ", "KG", "TJ", "TM", "UZ"}),
    "EAEU": frozenset({"AM", "BY", "KZ", "KG", "RU"}),
    "ASEAN": frozenset({"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"}),
    "EU": frozenset(
        {
            "AT",
            "BE",
            "BG",
            "HR",
            "CY",
            "CZ",
            "DK",
            "EE",
            "FI",
            "FR",
            "DE",
            "GR",
            "HU",
            "IE",
            "IT",
            "LV",
            "LT",
            "LU",
            "MT",
            "NL",
            "PL",
            "PT",
            "RO",
            "SK",
            "SI",
            "ES",
            "SE",
        }
    ),
}

_WORLD_ROW = "WORLD"
_OTHER_COUNTRY_ROW = "*"


def _data_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a bundled CSV, skipping its `#` comment header."""
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


@functools.cache
def _rate_table() -> tuple[dict[tuple[str, int], Decimal], dict[tuple[str, int, int], Decimal]]:
    yearly: dict[tuple[str, int], Decimal] = {}
    monthly: dict[tuple[str, int, int], Decimal] = {}
    for row in _data_rows(EXCHANGE_RATES_CSV):
        rate = Decimal(row["units_per_usd"])
        if row["month"]:
            monthly[(row["currency"], int(row["year"]), int(row["month"]))] = rate
        else:
            yearly[(row["currency"], int(row["year"]))] = rate
    return yearly, monthly


@functools.cache
def _trade_totals() -> dict[str, float]:
    return {row["reporter"]: float(row["annual_total_usd"]) for row in _data_rows(TRADE_TOTALS_CSV)}


@functools.cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


@functools.cache
def subdivision_codes() -> frozenset[str]:
    """ISO 3166-2 codes of regions (provinces, oblasts, cities with regional status)."""
    return frozenset(subdivision.code for subdivision in pycountry.subdivisions)


@functools.cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 alphabetic codes."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def month_rate(currency: str, year: int, month: int) -> Decimal | None:
    """Units of `currency` per USD in one month: the month's average, else its year's, else None."""
    if currency == "USD":
        return Decimal(1)
    yearly, monthly = _rate_table()
    return monthly.get((currency, year, month), yearly.get((currency, year)))


def latest_annual_rate(currency: str) -> tuple[int, Decimal] | None:
    """The last year the table has an annual average for, and that average; None for an absent currency."""
    if currency == "USD":
        return None
    yearly, _ = _rate_table()
    years = [year for code, year in yearly if code == currency]
    return (max(years), yearly[(currency, max(years))]) if years else None


def usd_rate(currency: str, period_start: date, period_end: date) -> Decimal | None:
    """Units of `currency` per USD averaged over the calendar months the period overlaps.

    Each month counts once, with its monthly average where the table has one, else its year's
    average. None where any overlapped month has neither (the caller then cannot check), or for
    an inverted period.
    """
    if period_start > period_end:
        return None
    rates: list[Decimal] = []
    year, month = period_start.year, period_start.month
    while (year, month) <= (period_end.year, period_end.month):
        rate = month_rate(currency, year, month)
        if rate is None:
            return None
        rates.append(rate)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sum(rates, Decimal(0)) / len(rates)


def has_own_trade_total(reporter: str) -> bool:
    """Whether the trade-totals table has a row of the reporter's own (not the bound for any country)."""
    return reporter in _trade_totals() and reporter not in (_OTHER_COUNTRY_ROW, _WORLD_ROW)


def annual_trade_usd(reporter: str) -> float | None:
    """Ceiling of a reporter's annual merchandise trade in USD (exports + imports); None if unknown code.

    A region is bounded by its country, a group by world trade, a country without its own row by
    the generous bound for any single economy.
    """
    totals = _trade_totals()
    if reporter in totals and reporter != _OTHER_COUNTRY_ROW:
        return totals[reporter]
    if reporter in GROUP_CODES:
        return totals[_WORLD_ROW]
    if reporter in subdivision_codes():
        return annual_trade_usd(reporter.split("-", 1)[0])
    if reporter in country_codes():
        return totals[_OTHER_COUNTRY_ROW]
    return None


@functools.cache
def known_codes() -> frozenset[str]:
    """Every reporter/partner code of the contract's system: ISO 3166-1 alpha-2, ISO 3166-2, groups."""
    return GROUP_CODES | country_codes() | subdivision_codes()
