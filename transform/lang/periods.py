"""Calendar spans for the language packs' periods, and the year of a period written without one.

A period with no year ("前4个月", "за 11 месяцев") takes the year the sentence or the article's running
period gives; failing both, the latest such period that had ended by the publication date (a release
of 22 May 2023 on "the first four months" is about 2023; one of 10 January 2024 on "11 months" is about
2023). Only ever against the publication date, never the fetch time (`transform.undated`).
"""

from __future__ import annotations

import calendar
from datetime import date

Span = tuple[date, date]


def month_span(year: int, first: int, last: int) -> Span | None:
    if not (1 <= first <= last <= 12) or year < 1900:
        return None
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def year_span(year: int) -> Span:
    return date(year, 1, 1), date(year, 12, 31)


def quarter_span(quarter: int) -> tuple[int, int]:
    return 3 * quarter - 2, 3 * quarter


def resolve_year(last_month: int, published: date, running: Span | None) -> int | None:
    """The year of a period ending in `last_month` that the text does not date."""
    if running is not None:
        return running[1].year
    if not 1 <= last_month <= 12:
        return None
    end = date(published.year, last_month, calendar.monthrange(published.year, last_month)[1])
    return published.year if end < published else published.year - 1
