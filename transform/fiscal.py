"""Fiscal-year periods of the economies whose trade statistics are published by fiscal year.

Pakistan's statistics bureau and commerce ministry, India's and Bangladesh's report trade by fiscal
year ("Q1 of FY23", "the first quarter (July-September) of the current fiscal year (2022-23)", "in the
fiscal year 2021-22"). Its months depend on the country, so a fiscal phrase is read only when the article
is about exactly one economy with a known fiscal calendar; otherwise the amount stays dropped by
`guard.fiscal_year` (nothing is guessed). Iran's and Afghanistan's solar years are not converted here.

A fiscal year is labelled by the calendar year it ends in: Pakistan's FY23 and "2022-23" run from
July 2022 to June 2023; India's from April 2022 to March 2023.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from transform.periods import COUNT_WORDS, MONTH_NAMES, MONTHS, PeriodMention, month_end

# The month each economy's fiscal year starts in (its trade statistics' year).
FISCAL_YEAR_START: dict[str, int] = {
    "PK": 7,  # Pakistan Bureau of Statistics, Ministry of Commerce: July-June
    "BD": 7,  # Bangladesh Export Promotion Bureau: July-June
    "IN": 4,  # India's Ministry of Commerce: April-March
}

_NAMES = {
    "PK": r"Pakistan\w*",
    "BD": r"Bangladesh\w*",
    "IN": r"India(?:n|'s|’s)?\b",
}
_FISCAL_WORDING = re.compile(
    r"\b(?:fiscal|financial)\s+year\b|\bFY\s?['’]?\d{2}(?:\d{2})?\b|\b(?:current|ongoing|previous|last|this)\s+fiscal\b",
    re.IGNORECASE,
)


def fiscal_start(texts: Iterable[str]) -> int | None:
    """The month the article's fiscal years start in: it uses fiscal wording and names exactly one
    economy with a known fiscal calendar; else None (its fiscal phrases stay unread)."""
    body = " ".join(texts)
    if not _FISCAL_WORDING.search(body):
        return None
    named = {code for code, pattern in _NAMES.items() if re.search(pattern, body)}
    return FISCAL_YEAR_START[named.pop()] if len(named) == 1 else None


_FY_REF = (
    r"(?:(?P<rel>(?:the\s+)?(?:current|this|ongoing|last|previous|past|preceding)\s+(?:fiscal|financial)(?:\s+year)?)"
    r"(?:\s*\(\s*(?P<ry1>(?:19|20)\d\d)\s*[-/–]\s*(?P<ry2>\d{2}(?:\d{2})?)\s*\))?"
    r"|(?:the\s+)?(?:fiscal|financial)\s+year\s+(?:of\s+)?(?P<y1>(?:19|20)\d\d)\s*[-/–]\s*(?P<y2>\d{2}(?:\d{2})?)"
    r"|FY\s?['’]?(?P<fy>\d{2}(?:\d{2})?)(?:\s*[-/–]\s*(?P<fy2>\d{2}))?\b"
    r"|(?P<b1>(?:19|20)\d\d)\s*[-/–]\s*(?P<b2>\d{2})\s+(?:fiscal|financial)\s+year)"
)
_PART = (
    r"(?:(?P<q>first|second|third|fourth)\s+quarter|Q(?P<qn>[1-4])|(?P<h>first|second)\s+half|H(?P<hn>[12])"
    r"|first\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+months|(?P<one>first\s+month))"
    # "the first quarter (July-September) of", "the first quarter (Q1) of"
    r"(?:\s*\([^()]{1,25}\))?\s+(?:of\s+)?(?:the\s+)?"
)
_FISCAL_PERIOD = re.compile(rf"(?:the\s+)?(?:{_PART})?{_FY_REF}", re.IGNORECASE)
# "in the same quarter of last fiscal year", "the same period of FY22": the running period a year earlier.
_SAME_PERIOD = re.compile(
    r"(?:the\s+)?(?:same|corresponding)\s+(?:period|quarter|months?)\s+(?:of|in)\s+(?:the\s+)?(?:(?:last|previous|preceding)"
    r"\s+(?:fiscal|financial)(?:\s+year)?|FY\s?['’]?\d{2}(?:\d{2})?)",
    re.IGNORECASE,
)
# "July-March 2018-19", "during July-February (2018-19)", "July FY24": months of a fiscal year.
_MONTHS_OF_FY = re.compile(
    rf"(?P<m1>{MONTH_NAMES})(?:\s*[-–]\s*(?P<m2>{MONTH_NAMES}))?\s*,?\s*\(?\s*(?:of\s+)?"
    r"(?:FY\s?['’]?(?P<fy>\d{2}(?:\d{2})?)|(?P<b1>(?:19|20)\d\d)\s*[-/–]\s*(?P<b2>\d{2})\b(?![-/–]\d))\s*\)?",
    re.IGNORECASE,
)
# "in eight months", "over the first nine months" in an article reading fiscal years: the current fiscal year's.
_N_MONTHS = re.compile(
    r"(?:in|over|during|for)\s+(?:the\s+)?(?:first\s+)?(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven)"
    r"\s+months\b(?!\s+(?:of|in)\s+(?:(?:19|20)\d\d|the|this|last|calendar))",
    re.IGNORECASE,
)
# "in 2021-22" in an article reading fiscal years: that fiscal year.
_BARE = re.compile(
    r"(?:(?<=\bin\s)|(?<=\bfor\s)|(?<=\bduring\s))(?P<b1>(?:19|20)\d\d)\s*[-/–]\s*(?P<b2>\d{2})\b(?![-/–]\d)"
)

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


# Fiscal wording (as `guard.fiscal_year` drops it): what a fiscal reading must cover to be trusted.
FISCAL_WORDING = re.compile(
    r"\b(?:fiscal|financial)\s+year\b|\bfiscal\s+(?:19|20)\d\d|\bcurrent\s+fiscal\b|\bFY\s?['’]?\d{2}(?:\d{2})?\b"
    r"|\b(?:19|20)\d\d\s?[-/–]\s?\d{2}(?:\d{2})?\b(?![-/–]\d)",
    re.IGNORECASE,
)


def unread_fiscal_wording(text: str) -> list[tuple[int, int]]:
    """Where the sentence writes a fiscal year that no fiscal phrase here reads ("stayed over $2bn a year
    in 2011-12 and 2012-13"): an amount near it keeps being dropped."""
    read = [
        (m.start(), m.end())
        for p in (_SAME_PERIOD, _MONTHS_OF_FY, _FISCAL_PERIOD, _BARE)
        for m in p.finditer(text)
        if p is _SAME_PERIOD or _end_year(m.groupdict(), date(2000, 1, 1), 7) is not None
    ]  # "during 2003-07" is no fiscal year (four of them): unread
    return [
        (m.start(), m.end())
        for m in FISCAL_WORDING.finditer(text)
        if not any(start <= m.start() and m.end() <= end for start, end in read)
    ]


def find_fiscal_periods(text: str, published: date, start_month: int) -> list[PeriodMention]:
    """The fiscal periods a sentence writes, resolved for fiscal years starting in `start_month`."""
    found: list[PeriodMention] = []
    for m in _SAME_PERIOD.finditer(text):
        found.append(PeriodMention(m.start(), m.end(), m.group(0), "previous_year"))
    for pattern in (_MONTHS_OF_FY, _FISCAL_PERIOD, _BARE, _N_MONTHS):
        for m in pattern.finditer(text):
            if any(p.start < m.end() and m.start() < p.end for p in found):
                continue
            span = (
                _months_span(m, start_month) if pattern is _MONTHS_OF_FY else _span(m, published, start_month)
            )
            if span is not None:
                found.append(PeriodMention(m.start(), m.end(), m.group(0), "explicit", *span, span[0].year))
    return sorted(found, key=lambda p: p.start)


def _span(m: re.Match[str], published: date, start_month: int) -> tuple[date, date] | None:
    groups = m.groupdict()
    end_year = _end_year(groups, published, start_month)
    if end_year is None:
        return None
    first, months = _months(groups)
    if first is None:
        return None
    start = _add_months(date(end_year - 1 if start_month > 1 else end_year, start_month, 1), first)
    last = _add_months(start, months - 1)
    return start, month_end(last.year, last.month)


def _months_span(m: re.Match[str], start_month: int) -> tuple[date, date] | None:
    """ "July-March 2018-19": the months of the fiscal year, each in its calendar year."""
    end_year = _end_year(m.groupdict(), date.min, start_month)
    if end_year is None:
        return None
    first = MONTHS[m.group("m1").lower().rstrip(".")]
    last = MONTHS[(m.group("m2") or m.group("m1")).lower().rstrip(".")]
    start = date(end_year - 1 if first >= start_month > 1 else end_year, first, 1)
    last_year = end_year - 1 if last >= start_month > 1 else end_year
    if (last_year, last) < (start.year, first):
        return None
    return start, month_end(last_year, last)


def _end_year(groups: dict[str, str | None], published: date, start_month: int) -> int | None:
    """The calendar year the fiscal year ends in."""
    for first, second in (("ry1", "ry2"), ("y1", "y2"), ("b1", "b2")):
        if groups.get(first):
            y1, y2 = int(groups[first] or 0), int(groups[second] or 0)
            end = y2 if y2 > 99 else (y1 // 100) * 100 + y2
            return end if end == y1 + 1 else None  # "2022-23"; "2022-24" is no fiscal year
    if groups.get("fy"):
        fy = groups["fy"] or ""
        if groups.get("fy2"):  # "FY2022-23", "FY22-23"
            return _end_year(
                {"y1": fy if len(fy) == 4 else f"20{fy}", "y2": groups["fy2"]}, published, start_month
            )
        return int(fy) if len(fy) == 4 else 2000 + int(fy)
    rel = " ".join((groups.get("rel") or "").lower().split())
    current = published.year + 1 if published.month >= start_month and start_month > 1 else published.year
    if groups.get("n") and not rel:  # "in eight months": of the current fiscal year
        return current
    if re.search(r"\b(?:current|this|ongoing)\b", rel):
        return current
    if re.search(r"\b(?:last|previous|past|preceding)\b", rel):
        return current - 1
    return None


def _months(groups: dict[str, str | None]) -> tuple[int | None, int]:
    """(months from the fiscal year's start to the part's start, the part's length in months)."""
    if groups.get("q") or groups.get("qn"):
        quarter = int(groups["qn"]) if groups.get("qn") else _ORDINALS[(groups["q"] or "").lower()]
        return 3 * (quarter - 1), 3
    if groups.get("h") or groups.get("hn"):
        half = int(groups["hn"]) if groups.get("hn") else _ORDINALS[(groups["h"] or "").lower()]
        return 6 * (half - 1), 6
    if groups.get("one"):
        return 0, 1
    if groups.get("n"):
        word = (groups["n"] or "").lower()
        count = int(word) if word.isdigit() else COUNT_WORDS.get(word, 0)
        return (0, count) if 1 <= count <= 11 else (None, 0)
    return 0, 12


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
