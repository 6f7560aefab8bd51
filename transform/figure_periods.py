"""Which period a figure is for: its own period phrase, a comparison period, or the running one."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from transform.amounts import Amount, find_amounts, find_unitless_amounts
from transform.draft import Draft, Span, bracket_depth, clause_bounds
from transform.mentions import YEAR_LABEL_BEFORE
from transform.periods import PeriodMention, shift_years

if TYPE_CHECKING:  # the context module imports this one
    from transform.context import ArticleContext

_COMPARISON_BEFORE_PERIOD = re.compile(
    r"(?:\bthan(?:\s+in)?|\bas\s+(?:\w+\s+){1,2}?as(?:\s+in)?|\blevels?\s+(?:of|in|for|recorded\s+in)|\bcompared\s+(?:with|to)|\bagainst|\bversus|\bvs\.?|\bon|\bfrom|\bbelow|\babove"
    r"|\bsince|\brelative\s+to|\bshort\s+of|\b(?:record|peak|high|level)\s+of|(?:percent|%|increase|rise|growth|decline|drop)\s+(?:\w+\s+){0,2}?over(?=\s+(?:the\s+)?$))"
    r"\s+(?:the\s+)?(?:figures?\s+(?:for|of|in)\s+)?(?:(?:the|a)\s+)?$",
    re.IGNORECASE,
)


LEADING_PERIOD = re.compile(r"\W*(?:(?:In|During|For|Over)\s+)?", re.IGNORECASE)


# How far before a period phrase the words that make it a comparison period are looked for.
COMPARISON_LOOKBACK = 40
# A period phrase this close after (before) a base value is that value's period.
BASE_PERIOD_AFTER = 60
BASE_PERIOD_BEFORE = 40


_NAMED_BASE_AFTER = re.compile(r"\s+(?:figure|level|total|volume|result|value|mark)s?\b", re.IGNORECASE)


def period_is_comparison(text: str, period: PeriodMention, ctx_period: Span | None = None) -> bool:
    if period.kind == "previous_year":
        return True
    if re.search(r"\(\s*$", text[: period.start]) and re.match(r"\s*:|\s[–—-]\s", text[period.end :]):
        return True  # "(2024: 29.4 billion)": the label of a comparison figure
    if (
        period.kind == "same_period"
        and period.year is not None
        and ctx_period is not None
        and (period.year != ctx_period[1].year)
    ):
        return True
    before = text[max(0, period.start - COMPARISON_LOOKBACK) : period.start]
    if re.search(r"\bover\s+(?:the\s+)?$", before, re.IGNORECASE) and not re.fullmatch(
        r"(?:19|20)\d\d", period.text
    ):
        return False
    if re.search(
        r"\(\s*(?:against|compared\s+with|vs\.?)?\s*[$€¥]?\s?[\d.,]+\s*(?:\w+\s+){0,3}(?:in|for|during|over)?\s*(?:the\s+)?$",
        before,
        re.IGNORECASE,
    ):
        return True
    if re.match(r"['’]s?\s+(?:level|figure|volume|total|result|value)s?\b", text[period.end :]):
        return True  # "stayed at last year's level": the base compared with, not the figure's period
    if re.search(r"\bthe\s+$", before, re.IGNORECASE) and _NAMED_BASE_AFTER.match(text[period.end :]):
        return True  # "more than triple the 2014 figure": the year labels the base compared with
    if period.text.lower().startswith("from ") and period.kind == "explicit":
        return False
    return bool(_COMPARISON_BEFORE_PERIOD.search(before))


def resolve_period(period: PeriodMention, ctx_period: Span | None) -> Span | None:
    if period.kind == "explicit" and period.period_start and period.period_end:
        return period.period_start, period.period_end
    if ctx_period is None:
        return None
    if period.kind == "same_period":
        if period.year is None or period.year == ctx_period[1].year:
            return ctx_period
        return shift_years(ctx_period, period.year - ctx_period[1].year)
    if period.kind == "previous_year":
        return shift_years(ctx_period, -1)
    return None


def assign_period(
    ctx: ArticleContext,
    stat: Draft,
    text: str,
    periods: list[PeriodMention],
    own_periods: list[PeriodMention],
    amount: Amount,
    stats: list[Draft],
) -> None:
    main_period = (
        next((s.period for s in reversed(stats) if s.role == "level" and s.period), None) or ctx.period
    )
    paired = _pair_of_levels_period(ctx, stat, text, periods, own_periods, amount)
    if paired is not None:
        stat.period = paired
        return
    if stat.role == "base":
        # The comparison period written next to the base value, else the main period a year earlier.
        near = [
            p
            for p in periods
            if abs(p.start - amount.end) < BASE_PERIOD_AFTER or abs(amount.start - p.end) < BASE_PERIOD_BEFORE
        ]
        chosen = min(near, key=lambda p: abs(p.start - amount.end)) if near else None
        if chosen is not None:
            resolved = resolve_period(chosen, main_period)
            if (
                resolved is not None
                and main_period is not None
                and re.fullmatch(r"(?:19|20)\d\d", chosen.text)
                and YEAR_LABEL_BEFORE.search(text[: amount.start])
                and main_period[0].year == main_period[1].year
            ):
                # "$380 million (2023: $350 million)" under January-June 2024: the same months of 2023.
                resolved = shift_years(main_period, int(chosen.text) - main_period[1].year)
            if resolved is not None and resolved != main_period:
                stat.period = resolved
                return
        stat.period = shift_years(main_period, -1) if main_period else None
        return
    # "(up 16.6 percent ($4.2 billion in January-June 2023))": a period right after an amount in brackets is
    # that amount's, even a comparison period.
    bracketed = _bracketed_period(text, periods, amount)
    if bracketed is not None:
        stat.period = resolve_period(bracketed, ctx.period)
        if stat.period is not None:
            return
    lo, hi = clause_bounds(text, amount.start)
    # "from $1.2 billion in 2022 to $1.5 billion in 2023": a period right after an amount is that amount's.
    others = [
        a
        for a in find_amounts(text) + find_unitless_amounts(text, amount.currency)
        if a.start != amount.start
    ]
    free = [
        p
        for p in own_periods
        if not any(
            a.end <= p.start
            # "$206 million (157 million euros) in 2009": a bracketed restatement in between changes nothing
            and re.fullmatch(
                r"\s*(?:\([^()]{0,40}\))?\s*(?:in|for|during|over)?\s*(?:the\s+)?", text[a.end : p.start]
            )
            for a in others
        )
    ]
    # "in January-April of 2012 turnover stood at USD 3,182 million, in 2013 at USD 3,055 million": a period
    # written right before another amount is that amount's.
    free = [
        p
        for p in free
        if not any(a.start >= p.end and _PERIOD_TO_AMOUNT.fullmatch(text[p.end : a.start]) for a in others)
    ]
    # "$952 million in 2021 (in 2020 - $907.2 million), of which exports ...": a period inside brackets the
    # amount is outside of belongs to the bracketed figure.
    depth = bracket_depth(text, amount.start)
    own_periods = [p for p in own_periods if bracket_depth(text, p.start) <= depth]
    free = [p for p in free if bracket_depth(text, p.start) <= depth]
    in_clause = [p for p in free if lo <= p.start < hi]
    if not free and stat.role == "level":
        after_base = _after_its_base(ctx, text, own_periods, others)
        if after_base is not None:
            stat.period = after_base
            return
    pool = in_clause or free or own_periods
    running = next((s.period for s in reversed(stats) if s.period), None) or ctx.period
    # "... adding that it could double by 2030": a period that has not begun is no stated figure's.
    pool = [p for p in pool if (r := resolve_period(p, running)) is None or r[0] <= ctx.published]
    if pool:
        chosen = min(pool, key=lambda p: abs(p.start - amount.start))
        stat.period = _list_year(text, chosen, periods) or _anchored_by_comparison(
            chosen, periods, resolve_period(chosen, running)
        )
        if stat.period is not None:
            return
    running = next((s.period for s in reversed(stats) if s.role == "level" and s.period), None)
    stat.period = running or ctx.period


_PERIOD_TO_AMOUNT = re.compile(
    r"\s*(?:at|was|were|stood\s+at|came\s+to|reached|totall?ed|amounted\s+to|:|[-–—])?\s*"
    r"(?:about\s+|nearly\s+|some\s+|over\s+|almost\s+|just\s+)?"
)
_LIST_YEAR_BEFORE = re.compile(r"(?:[,;]\s*(?:and\s+)?|\s+and\s+)in\s+$")


def _list_year(text: str, chosen: PeriodMention, periods: list[PeriodMention]) -> Span | None:
    """ "in January-April of 2012 turnover stood at USD 3,182 million, in 2013 at USD 3,055 million, ...": a
    bare year in a list after a part of a year stands for the same months of that year."""
    if not re.fullmatch(r"(?:19|20)\d\d", chosen.text) or not _LIST_YEAR_BEFORE.search(text[: chosen.start]):
        return None
    first = next(
        (p for p in periods if p.end <= chosen.start and p.kind == "explicit" and p.period_start), None
    )
    if first is None or first.period_end is None or first.period_start is None:
        return None
    span = (first.period_start, first.period_end)
    if span[0].year != span[1].year or (span[0].month, span[1].month) == (1, 12) or chosen.year is None:
        return None
    return shift_years(span, chosen.year - span[0].year)


_BASE_OPENER = re.compile(
    r"\b(?:from|against|compared\s+(?:with|to)|versus|vs\.?)\s+(?:the\s+|a\s+)?(?:about\s+|around\s+)?$",
    re.IGNORECASE,
)
_AMOUNT_TO_PERIOD = re.compile(r"\s*(?:in|for|during|over)?\s*(?:the\s+)?")
_PERCENT_CHANGE = re.compile(r"%|\bper\s*cent\b", re.IGNORECASE)


def _after_its_base(
    ctx: ArticleContext, text: str, own_periods: list[PeriodMention], others: list[Amount]
) -> Span | None:
    """ "Exports grew 19.7 percent to $760.6 million from $635.678 million in January–April 2023": the only
    period written is the base's, so the level is for the same months a year later (a percentage change
    says the two are a year apart); never a period after publication."""
    if not own_periods or not _PERCENT_CHANGE.search(text):
        return None
    for period in own_periods:
        base = next(
            (
                a
                for a in others
                if a.end <= period.start and _AMOUNT_TO_PERIOD.fullmatch(text[a.end : period.start])
            ),
            None,
        )
        if base is None or not _BASE_OPENER.search(text[: base.start]):
            return None
    span = resolve_period(own_periods[0], ctx.period)
    if span is None or len({(p.period_start, p.period_end) for p in own_periods}) != 1:
        return None
    later = shift_years(span, 1)
    return later if later[1] <= ctx.published else None


# "between 2017 and 2024", "from 2017 to 2024": the two years a pair of levels spans.
_YEAR_PAIR_GAP = re.compile(r"\s*(?:and|to|through|till|until|[-–—])\s*")
_YEAR_PAIR_BEFORE = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_LEVEL_PAIR_GAP = re.compile(r"\s*to\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+)?")
_LEVEL_PAIR_FROM = re.compile(r"\bfrom\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+)?$", re.IGNORECASE)


def _pair_of_levels_period(
    ctx: ArticleContext,
    stat: Draft,
    text: str,
    periods: list[PeriodMention],
    own_periods: list[PeriodMention],
    amount: Amount,
) -> Span | None:
    """ "Trade rose from $24 billion to $47 billion between 2017 and 2024": the first level is the first
    year's, the second the second's; the next sentence's pairs ("Exports climbed from $7 billion to $14.8
    billion") without years of their own span the same two. A single amount under "from 2013 to 2023" (a
    cumulative total) spans both years whole (validation rejects a span over eleven years)."""
    side = _level_pair_side(text, amount)
    years = _year_pair(text, periods)
    if years is not None:
        spans = ((years[0].period_start, years[0].period_end), (years[1].period_start, years[1].period_end))
        if side is None:
            only_these = len(periods) == 2 and stat.role == "level"
            if not only_these:
                return None
            # "from 2013 to 2023 cumulative trade came to ...; yearly trade climbed to $B from $A": the
            # next sentence's pair spans the same two years.
            ctx.pair_years = (*spans, stat.sentence.index)
            return (spans[0][0], spans[1][1])
        ctx.pair_years = (*spans, stat.sentence.index)
        return spans[side]
    if side is not None and not own_periods and ctx.pair_years is not None:
        return ctx.pair_years[side] if ctx.pair_years[2] == stat.sentence.index - 1 else None
    return None


def _level_pair_side(text: str, amount: Amount) -> int | None:
    """0 for the first level of "from $A to $B", 1 for the second, None for an amount in no such pair."""
    amounts = find_amounts(text)
    j = next((k for k, a in enumerate(amounts) if a.start == amount.start), None)
    if j is None:
        return None
    if j + 1 < len(amounts) and _is_level_pair(text, amounts[j], amounts[j + 1]):
        return 0
    if j > 0 and _is_level_pair(text, amounts[j - 1], amounts[j]):
        return 1
    # "climbed to $209.86 billion from $41.66 billion": the later level first.
    if j + 1 < len(amounts) and _is_reversed_level_pair(text, amounts[j], amounts[j + 1]):
        return 1
    if j > 0 and _is_reversed_level_pair(text, amounts[j - 1], amounts[j]):
        return 0
    return None


def _year_pair(text: str, periods: list[PeriodMention]) -> tuple[PeriodMention, PeriodMention] | None:
    """ "between 2017 and 2024", "from 2013 to 2023": two written years joined as the ends of a stretch."""
    years = [p for p in periods if p.kind == "explicit" and re.fullmatch(r"(?:19|20)\d\d", p.text)]
    for first, second in zip(years, years[1:], strict=False):
        joined = _YEAR_PAIR_GAP.fullmatch(text[first.end : second.start])
        if joined and _YEAR_PAIR_BEFORE.search(text[: first.start]) and first.year < second.year:
            return first, second
    return None


def _is_level_pair(text: str, first: Amount, second: Amount) -> bool:
    return bool(
        _LEVEL_PAIR_GAP.fullmatch(text[first.end : second.start])
        and _LEVEL_PAIR_FROM.search(text[: first.start])
    )


_REVERSED_PAIR_GAP = re.compile(
    r"\s*,?\s*(?:up\s+|down\s+)?from\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?"
)
_REVERSED_PAIR_TO = re.compile(
    r"\b(?:rose|grew|climbed|increased|jumped|soared|expanded|fell|dropped|declined|decreased|shrank)\s+to\s+$",
    re.IGNORECASE,
)


def _is_reversed_level_pair(text: str, later: Amount, earlier: Amount) -> bool:
    return bool(
        _REVERSED_PAIR_GAP.fullmatch(text[later.end : earlier.start])
        and _REVERSED_PAIR_TO.search(text[: later.start])
    )


_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _anchored_by_comparison(
    chosen: PeriodMention, periods: list[PeriodMention], span: Span | None
) -> Span | None:
    """ "rose 9% on the same period of 2022 to 716 billion rubles over the first four months of this year":
    a period written without its year ("this year", "January-April") is the year after the one it is
    compared with, whatever the publication date says (and whether it is known at all)."""
    if span is None or span[0].year != span[1].year or _WRITTEN_YEAR.search(chosen.text):
        return span
    compared = {p.year for p in periods if p.kind == "same_period" and p.year is not None}
    if len(compared) != 1:
        return span
    year = compared.pop() + 1
    return span if year == span[1].year else shift_years(span, year - span[1].year)


def _bracketed_period(text: str, periods: list[PeriodMention], amount: Amount) -> PeriodMention | None:
    if not re.search(r"\(\s*(?:against|compared\s+with|vs\.?)?\s*$", text[: amount.start]):
        return None
    for p in periods:
        if p.start >= amount.end and re.fullmatch(
            r"\s*(?:in|for|during|over)?\s*(?:the\s+)?", text[amount.end : p.start]
        ):
            return p if re.match(r"\s*\)", text[p.end :]) else None
    return None
