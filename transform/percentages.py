"""Changes and shares: which figure each percentage belongs to, in its sentence or a neighbour."""

from __future__ import annotations

import re

from transform.amounts import Amount, find_amounts
from transform.context import ArticleContext
from transform.draft import Draft, clause_bounds, coded_mentions
from transform.entities import find_entities
from transform.figure_periods import period_is_comparison
from transform.patterns import (
    Percent,
    find_percents,
    last_flow_cue,
    non_trade_nearer,
)
from transform.periods import find_periods
from transform.sentences import Sentence

_PAREN_AFTER_AMOUNT = re.compile(r"^\s*\(\s*(?P<num>\d{1,3}(?:[.,]\d{1,2})?)\s?%\s*\)")


# The words around a change in a neighbouring sentence that say what changed.
CHANGE_CONTEXT = 60
# A share in a later sentence ("Russia's share ... was 20.6%") belongs to a figure at most this many sentences before.
SHARE_LOOKBACK_SENTENCES = 4
SHARE_CUE_AFTER = 30


def bulletin_indices(sentences: list[Sentence], results: list[Draft]) -> None:
    """Statistical bulletins write "$2.2 bln (96.1%)": last year = 100, so 96.1 is a fall of 3.9 percent.

    When an article writes an index above 100 in parentheses right after an amount, its other
    "(N%)" right after a trade value are indices too, for N from 50 to 100 (a partner's share that large
    is rare; a value less than half of last year's is rarer still, so smaller N stays a share).
    """
    if not any(
        (m := _PAREN_AFTER_AMOUNT.match(s.sentence.text[s.amount.end :]))
        and 100 < float(m["num"].replace(",", ".")) < 1000
        for s in results
    ):
        return
    for s in results:
        m = _PAREN_AFTER_AMOUNT.match(s.sentence.text[s.amount.end :])
        if m is None or s.change_pct is not None:
            continue
        value = float(m["num"].replace(",", "."))
        if 50 <= value <= 100 and s.share_pct == value:
            s.change_pct, s.share_pct = round(value - 100.0, 6), None


def assign_percents(text: str, stats: list[Draft], percents: list[Percent], amounts: list[Amount]) -> None:
    """Each change or share goes to the nearest level figure of its clause (base values take none).

    A percent in a clause with no level figure goes to the nearest level elsewhere, unless its own clause
    has an amount that is no trade figure ("GDP grew 5.1 percent to $261 billion, while trade ...").
    """
    levels = [s for s in stats if s.role == "level"]
    if not levels:
        return
    for p in percents:
        lo, hi = clause_bounds(text, p.start)
        same_clause = [s for s in levels if lo <= s.amount.start < hi]
        if not same_clause and any(lo <= a.start < hi for a in amounts):
            continue
        pool = same_clause or levels
        if p.kind == "share":
            target = min(pool, key=lambda s: min(abs(s.amount.start - p.end), abs(p.start - s.amount.end)))
            if target.share_pct is None:
                target.share_pct = p.value
            continue
        target = min(pool, key=lambda s: min(abs(s.amount.start - p.end), abs(p.start - s.amount.end)))
        if not target.change_claimed:
            target.change_claimed = True
            target.change_pct = p.value


def attach_neighbour_changes(sentences: list[Sentence], results: list[Draft], ctx: ArticleContext) -> None:
    """A change stated in the next (or previous) sentence about the same figure: "This is 17.2 percent less"."""
    by_sentence: dict[int, list[Draft]] = {}
    for s in results:
        by_sentence.setdefault(s.sentence.index, []).append(s)
    for idx, sentence in enumerate(sentences):
        percents = [
            p
            for p in find_percents(sentence.text)
            if p.kind == "change"
            and not non_trade_nearer(sentence.text[max(0, p.start - CHANGE_CONTEXT) : p.start])
        ]  # not "..., adding that e-commerce expanded by 30 percent": another quantity's change
        if not percents:
            continue
        own = by_sentence.get(idx, [])
        if any(s.role == "level" for s in own):
            continue
        named = {m.code for m in coded_mentions(find_entities(sentence.text)) if m.kind != "group"}
        cue = last_flow_cue(sentence.text[: percents[0].start + CHANGE_CONTEXT])
        candidates = []
        prev = (
            by_sentence.get(idx - 1, [])
            if idx > 0 and sentences[idx - 1].paragraph >= sentence.paragraph - 1
            else []
        )
        nxt = by_sentence.get(idx + 1, []) if idx + 1 < len(sentences) and not own else []
        candidates = [s for s in prev if s.role == "level"][-1:] + [s for s in nxt if s.role == "level"][:1]
        for target in candidates:
            if target.change_claimed:
                continue
            if cue is not None and cue[1] != target.flow:
                continue
            if named - {target.reporter, target.partner, None}:
                continue
            if target in nxt and not re.search(
                r"year-on-year|year on year|y/y", sentence.text, re.IGNORECASE
            ):
                continue
            first_amount = min((a.start for a in find_amounts(sentence.text)), default=len(sentence.text))
            own_spans = [
                p
                for p in find_periods(sentence.text, ctx.published)
                if p.kind == "explicit"
                and p.start < first_amount
                and not period_is_comparison(sentence.text, p, target.period)
            ]
            if any((p.period_start, p.period_end) != target.period for p in own_spans):
                continue  # "In the first quarter, it grew by 30 percent" is about another period
            target.change_claimed = True
            target.change_pct = percents[0].value
            break


def attach_neighbour_shares(sentences: list[Sentence], results: list[Draft], ctx: ArticleContext) -> None:
    """ "Russia's share of Tajikistan's total trade turnover was 20.6%" after the Russia figure: its share."""
    for idx, sentence in enumerate(sentences):
        text = sentence.text
        shares = [p for p in find_percents(text) if p.kind == "share"]
        if not shares or any(s.sentence.index == idx and s.role == "level" for s in results):
            continue
        mentions = [
            m for m in coded_mentions(find_entities(text)) if m.kind in ("country", "region", "group")
        ]
        periods = [p for p in find_periods(text, ctx.published) if p.kind == "explicit"]
        earlier = [
            s
            for s in results
            if idx - SHARE_LOOKBACK_SENTENCES <= s.sentence.index < idx and s.role == "level"
        ]
        for share in shares:
            before = [m for m in mentions if m.end <= share.start]
            if not before:
                continue
            named = before[-1] if not before[-1].possessive or len(before) == 1 else before[0]
            after_cue = last_flow_cue(text[share.end : share.end + SHARE_CUE_AFTER])
            cue = after_cue or last_flow_cue(text[: share.end])
            if cue is None:
                continue
            flow = cue[1]
            for target in reversed(earlier):
                if target.share_pct is not None or target.flow != flow or target.partner != named.code:
                    continue
                if periods and all((p.period_start, p.period_end) != target.period for p in periods):
                    continue
                target.share_pct = share.value
                break
