"""Period expressions -> (period_start, period_end), resolved against the publication date.

Explicit periods ("January-September 2024", "the first four months of the year", "9M24", "Q1",
"in 2023", "last year", "this year's first 10 months", "in November") resolve directly. Anaphoric
ones ("in the same period", "the same period of 2022", "a year earlier") need the period of the
statement they refer to; they come back with a `kind` the caller resolves with `shift_years`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from transform.amounts import WORD_NUMBERS
from transform.memo import memoized_list
from transform.prefilter import Scanner, TableGate, fold, scanner_for, table_gate

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
COUNT_WORDS: dict[str, int] = {word: n for word, n in WORD_NUMBERS.items() if n <= 12}  # "first ten months"

MONTH_NAMES = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_M = MONTH_NAMES
_Y = r"(?:19[5-9]\d|20[0-4]\d)"
_YEAR_REF = (
    rf"(?:{_Y}|this\s+year|last\s+year|the\s+year|the\s+current\s+year|the\s+(?:previous|preceding|prior)\s+year"
    r"|the\s+same\s+year)"
)
_N = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# Calendar dates are not periods: "Nov. 29", "November 23", "22 May 2023", "12.03.2021", "Jul 06, 2024".
_DATE_RE = re.compile(
    rf"\b{_M}\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?(?!\d)(?:st|nd|rd|th)?(?:,\s*{_Y})?"
    rf"|\b\d{{1,2}}\s+{_M}(?:,?\s+{_Y})?"
    rf"|\b\d{{1,2}}\.\d{{1,2}}\.{_Y}\b",
    re.IGNORECASE,
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "same_period",
        re.compile(
            rf"(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|months?|timeframe|time|quarter)"
            rf"(?:\s+(?:of|in)\s+(?P<y>{_Y}|the\s+previous\s+year|last\s+year)|\s+(?P<ago>last\s+year|a\s+year\s+(?:earlier|ago|before)))?",
            re.IGNORECASE,
        ),
    ),
    (
        "reporting_period",
        re.compile(rf"(?:the\s+)?reporting\s+period(?:\s+(?:of|in)\s+(?P<y>{_Y}))?", re.IGNORECASE),
    ),
    (
        # "From January 2019 through December 2023": a span across years, each end with its own year.
        "month_span",
        re.compile(
            rf"(?:(?:from|between)\s+)?(?P<m1>{_M})\s+(?P<y1>{_Y})\s*(?:-|–|—|to|through|till|until|and)\s*"
            rf"(?P<m2>{_M})\s+(?P<y2>{_Y})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "range",
        re.compile(
            rf"(?:(?P<pre>from|between)\s+)?(?P<m1>{_M})\s*(?P<sep>-|–|—|to|through|till|until|and)\s*(?P<m2>{_M})(?:\s+period)?"
            rf"(?:,?\s*(?:of\s+|in\s+)?(?P<y>{_YEAR_REF}))?",  # "from January to June in 2020" too
            re.IGNORECASE,
        ),
    ),
    (
        "first_months",
        re.compile(
            rf"(?:(?P<ypre>{_Y}|this\s+year|last\s+year|the\s+year)['’]s\s+)?(?:the\s+)?first\s+(?P<n>{_N})\s+months"
            rf"(?:\s+(?:of|in)\s+(?P<y>{_YEAR_REF}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "n_months",
        re.compile(rf"(?P<n>{_N})\s+months\s+of\s+(?P<y>{_YEAR_REF})", re.IGNORECASE),
    ),
    (
        "n_months",  # "in 11 months", "over the nine months": the year's first months, latest ended
        re.compile(
            rf"\b(?:in|over|for|during)\s+(?:the\s+)?(?P<n>{_N})\s+months\b(?!\s+(?:of|ago|earlier|before|later))",
            re.IGNORECASE,
        ),
    ),
    (
        "part",
        re.compile(
            rf"(?:(?P<ypre>{_Y}|this\s+year|last\s+year|the\s+year)['’]s\s+)?(?:the\s+)?"
            rf"(?P<part>first\s+half|second\s+half|first\s+quarter|second\s+quarter|third\s+quarter|fourth\s+quarter"
            rf"|first\s+three\s+quarters|first\s+two\s+quarters)"
            rf"(?:\s+(?:of\s+)?(?P<y>{_YEAR_REF}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "code",
        re.compile(
            r"(?<![\d.,$€£¥])\b(?P<code>[1-4]Q|Q[1-4]|[12]H|H[12]|9M|6M|3M|(?:1[01]|[124578])M(?=\s?['’]?(?:19|20)?\d{2}\b)|1-3Q"
            r"|Q1-Q3)\s?['’]?(?P<y>(?:19|20)?\d{2})?\b(?!\.\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "month_year",
        re.compile(rf"(?P<m1>{_M})\s+(?:of\s+)?(?P<y>{_Y}|this\s+year|last\s+year)\b", re.IGNORECASE),
    ),
    (
        "bare_month",
        re.compile(rf"\b(?:in|for|during|over|of)\s+(?P<m1>{_M})(?![\w.]*\s*\d)", re.IGNORECASE),
    ),
    (
        # "June's exports set a monthly record": that month's
        "bare_month",
        re.compile(
            rf"\b(?P<m1>{_M})(?:['’]s)?\s+(?=(?:\w+\s+)?(?:exports|imports|trade|turnover|surplus|deficit|figures?)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        # "October on its own accounted for $19.8 billion", "June alone saw ...": that month by itself.
        "bare_month",
        re.compile(rf"\b(?P<m1>{_M})\s+(?:alone|on\s+its\s+own|by\s+itself)\b", re.IGNORECASE),
    ),
    (
        "previous_year",
        re.compile(
            r"(?:the\s+)?(?:previous|prior|preceding)\s+year|(?:a|the)\s+year\s+(?:earlier|before|ago)",
            re.IGNORECASE,
        ),
    ),
    (
        "year_end",
        re.compile(rf"(?:by\s+|at\s+)?the\s+end\s+of\s+(?P<y>{_Y}|last\s+year)", re.IGNORECASE),
    ),
    ("last_month", re.compile(r"\b(?:(?:in|during|for|over)\s+)?last\s+month\b", re.IGNORECASE)),
    ("relative_year", re.compile(r"\b(?:over\s+)?(?:the\s+)?(?P<rel>last|past)\s+year\b", re.IGNORECASE)),
    ("this_year", re.compile(r"\bthis\s+year\b", re.IGNORECASE)),
    # a year, not a number of billions ("came to 1975 billion dollars")
    (
        "year",
        re.compile(
            rf"(?<![\d.,$/])(?P<y>{_Y})(?![\d%]|\.\d|,\d|\s*(?:billion|million|thousand|trillion|bn|mln|mn)\b)(?:['’]s)?",
            re.IGNORECASE,
        ),
    ),
    ("context", re.compile(r"\b(?:this|that|the)\s+period\b", re.IGNORECASE)),
]


PeriodKind = Literal["explicit", "context", "same_period", "previous_year"]


@dataclass(frozen=True)
class PeriodMention:
    """A period phrase found in a sentence.

    kind: "explicit" (start/end set), "context" (the period being talked about), "same_period"
    (the context period moved to `year`), "previous_year" (the context period a year earlier).
    """

    start: int
    end: int
    text: str
    kind: PeriodKind
    period_start: date | None = None
    period_end: date | None = None
    year: int | None = None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_years(span: tuple[date, date], years: int) -> tuple[date, date]:
    """The same months `years` later (negative: earlier); keeps month ends (Feb 29 -> Feb 28)."""
    start, end = span
    return date(start.year + years, start.month, 1), month_end(end.year + years, end.month)


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return COUNT_WORDS.get(word)


def _year_of(ref: str | None, published: date) -> int | None:
    if ref is None:
        return None
    ref = " ".join(ref.lower().split())
    if ref.isdigit():
        return int(ref)
    if ref in ("this year", "the year", "the current year", "the same year"):
        return published.year
    if ref in ("last year", "the previous year", "the preceding year", "the prior year"):
        return published.year - 1
    return None


def _latest_year_ending_by(month_last: int, published: date) -> int:
    """The year for a month span given without one: this year unless it has not ended yet."""
    return published.year if month_last < published.month else published.year - 1


def _explicit(start: int, end: int, text: str, first: date, last: date) -> PeriodMention:
    return PeriodMention(start, end, text, "explicit", first, last, first.year)


def _span(m1: int, m2: int, year: int | None, published: date) -> tuple[date, date]:
    if year is None:
        year = _latest_year_ending_by(m2, published) if m2 != published.month else published.year
    return date(year, m1, 1), month_end(year, m2)


@dataclass(frozen=True)
class _Phrase:
    """A matched period phrase as the resolvers read it."""

    start: int
    end: int
    text: str
    groups: dict[str, str | None]

    def explicit(self, first: date, last: date) -> PeriodMention:
        return _explicit(self.start, self.end, self.text, first, last)

    def relative(self, kind: PeriodKind, year: int | None = None) -> PeriodMention:
        return PeriodMention(self.start, self.end, self.text, kind, year=year)

    def month(self) -> int:
        return MONTHS[self.groups["m1"].lower().rstrip(".")]


_PART_MONTHS = {
    "first half": (1, 6),
    "second half": (7, 12),
    "first quarter": (1, 3),
    "second quarter": (4, 6),
    "third quarter": (7, 9),
    "fourth quarter": (10, 12),
    "first three quarters": (1, 9),
    "first two quarters": (1, 6),
}
_CODE_MONTHS = {
    "1Q": (1, 3),
    "Q1": (1, 3),
    "2Q": (4, 6),
    "Q2": (4, 6),
    "3Q": (7, 9),
    "Q3": (7, 9),
    "4Q": (10, 12),
    "Q4": (10, 12),
    "1H": (1, 6),
    "H1": (1, 6),
    "2H": (7, 12),
    "H2": (7, 12),
    "9M": (1, 9),
    "6M": (1, 6),
    "3M": (1, 3),
    "1M": (1, 1),
    "2M": (1, 2),
    "4M": (1, 4),
    "5M": (1, 5),
    "7M": (1, 7),
    "8M": (1, 8),
    "10M": (1, 10),
    "11M": (1, 11),
    "1-3Q": (1, 9),
    "Q1-Q3": (1, 9),
}


def _same_period(p: _Phrase, published: date) -> PeriodMention | None:
    if p.groups.get("ago"):
        return p.relative("previous_year")
    y = p.groups.get("y")
    if y and not y[0].isdigit():
        return p.relative("previous_year")
    return p.relative("same_period", int(y) if y else None)


def _reporting_period(p: _Phrase, published: date) -> PeriodMention | None:
    y = p.groups.get("y")
    return p.relative("same_period", int(y) if y else None)


def _range(p: _Phrase, published: date) -> PeriodMention | None:
    groups = p.groups
    m1 = MONTHS[groups["m1"].lower().rstrip(".")]
    m2 = MONTHS[groups["m2"].lower().rstrip(".")]
    between = (groups.get("pre") or "").lower() == "between"
    if m2 < m1 or (groups.get("sep", "").lower() == "and" and m2 != m1 + 1 and not between):
        return None  # "January and March" is two months, not a span
    return p.explicit(*_span(m1, m2, _year_of(groups.get("y"), published), published))


def _month_span(p: _Phrase, published: date) -> PeriodMention | None:
    groups = p.groups
    first_year, last_year = int(groups["y1"]), int(groups["y2"])
    m1 = MONTHS[groups["m1"].lower().rstrip(".")]
    m2 = MONTHS[groups["m2"].lower().rstrip(".")]
    if (last_year, m2) <= (first_year, m1):
        return None  # "December 2023 to January 2023" is no span
    return p.explicit(date(first_year, m1, 1), month_end(last_year, m2))


def _first_months(p: _Phrase, published: date) -> PeriodMention | None:
    n = _number(p.groups["n"])
    if n is None or not 1 <= n <= 12:
        return None
    year = _year_of(p.groups.get("y") or p.groups.get("ypre"), published)
    return p.explicit(*_span(1, n, year, published))


def _part(p: _Phrase, published: date) -> PeriodMention | None:
    months = _PART_MONTHS[" ".join(p.groups["part"].lower().split())]
    year = _year_of(p.groups.get("y") or p.groups.get("ypre"), published)
    return p.explicit(*_span(*months, year, published))


def _code(p: _Phrase, published: date) -> PeriodMention | None:
    months = _CODE_MONTHS[p.groups["code"].upper()]
    y = p.groups.get("y")
    year = None
    if y:
        year = int(y) if len(y) == 4 else 2000 + int(y)
    return p.explicit(*_span(*months, year, published))


def _month_year(p: _Phrase, published: date) -> PeriodMention | None:
    month = p.month()
    year = _year_of(p.groups["y"], published)
    if year is None:
        return None
    return p.explicit(date(year, month, 1), month_end(year, month))


def _bare_month(p: _Phrase, published: date) -> PeriodMention | None:
    month = p.month()
    if p.groups["m1"] == "may" or p.groups["m1"] == "MAY":
        return None  # the modal verb ("in may"): the month is written "In May", "in May"
    year = published.year if month < published.month else published.year - 1
    return p.explicit(date(year, month, 1), month_end(year, month))


def _year_end(p: _Phrase, published: date) -> PeriodMention | None:
    year = _year_of(p.groups["y"], published)
    if year is None:
        return None
    return p.explicit(date(year, 1, 1), date(year, 12, 31))


def _last_month(p: _Phrase, published: date) -> PeriodMention | None:
    year, month = (published.year, published.month - 1) if published.month > 1 else (published.year - 1, 12)
    return p.explicit(date(year, month, 1), month_end(year, month))


def _relative_year(p: _Phrase, published: date) -> PeriodMention | None:
    year = published.year - 1
    return p.explicit(date(year, 1, 1), date(year, 12, 31))


def _this_year(p: _Phrase, published: date) -> PeriodMention | None:
    # A year-end article about "this year" means the year; earlier in the year it is ambiguous.
    if published.month == 12 and published.day >= 15:
        return p.explicit(date(published.year, 1, 1), date(published.year, 12, 31))
    return None


def _year(p: _Phrase, published: date) -> PeriodMention | None:
    year = int(p.groups["y"])
    return p.explicit(date(year, 1, 1), date(year, 12, 31))


# How each kind of pattern (`_PATTERNS`) resolves against the publication date.
_RESOLVERS: dict[str, Callable[[_Phrase, date], PeriodMention | None]] = {
    "same_period": _same_period,
    "reporting_period": _reporting_period,
    "context": lambda p, published: p.relative("same_period"),
    "previous_year": lambda p, published: p.relative("previous_year"),
    "month_span": _month_span,
    "range": _range,
    "first_months": _first_months,
    "n_months": _first_months,
    "part": _part,
    "code": _code,
    "month_year": _month_year,
    "bare_month": _bare_month,
    "year_end": _year_end,
    "last_month": _last_month,
    "relative_year": _relative_year,
    "this_year": _this_year,
    "year": _year,
}


def _resolve(kind: str, m: re.Match[str], published: date) -> PeriodMention | None:
    resolver = _RESOLVERS.get(kind)
    if resolver is None:
        return None
    return resolver(_Phrase(m.start(), m.end(), m.group(0), m.groupdict()), published)


@lru_cache(maxsize=1)
def _scanners() -> tuple[TableGate, Scanner, tuple[tuple[str, Scanner], ...]]:
    """The period table's gate, the date pattern's and every period pattern's scanner (planned once)."""
    return (
        table_gate(pattern for _, pattern in _PATTERNS),
        scanner_for(_DATE_RE),
        tuple((kind, scanner_for(pattern)) for kind, pattern in _PATTERNS),
    )


_EDITORIAL_BRACKET = re.compile(r"\[((?:of|in)\s+(?:19|20)\d\d)\]")


@memoized_list
def find_periods(text: str, published: date) -> list[PeriodMention]:
    """Period mentions in `text`, non-overlapping, in order; calendar dates are skipped."""
    # "In January-April [of 2023]": an editor's brackets inside a quote are read as if absent (same length,
    # so positions hold).
    text = _EDITORIAL_BRACKET.sub(lambda m: " " + m.group(1) + " ", text)
    folded = fold(text)
    any_period, dates, scanners = _scanners()
    if not any_period.admits(text, folded):
        return []  # every mention comes from a table pattern, and none can match
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in dates.finditer(text, folded)]
    found: list[PeriodMention] = []
    for kind, scanner in scanners:
        for match in scanner.finditer(text, folded):
            if match.end() == match.start():
                continue
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            mention = _resolve(kind, match, published)
            if mention is None:
                continue
            found.append(mention)
            taken.append((match.start(), match.end()))
    found.sort(key=lambda p: p.start)
    return found
