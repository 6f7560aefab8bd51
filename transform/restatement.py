"""A figure restated in another currency ("In yuan terms, ...") takes the sides of the one before."""

from __future__ import annotations

import re
from decimal import Decimal

from transform.amounts import Amount
from transform.context import ArticleContext
from transform.draft import Draft
from transform.entities import EntityMention
from transform.reference import usd_rate

_CURRENCY_WORD = r"(?:yuan|renminbi|RMB|CNY|USD|EUR|KZT|dollars?|rubles?|roubles?|tenge|euros?|soms?|sums?)"


_RESTATEMENT = re.compile(
    rf"\bin\s+(?:U\.?S\.?[\s-]+)?{_CURRENCY_WORD}\s+terms\b"
    rf"|\b(?:denominated|measured|calculated|expressed|counted|converted)\s+in(?:to)?\s+(?:U\.?S\.?[\s-]+)?"
    rf"{_CURRENCY_WORD}\b",
    re.IGNORECASE,
)


def restated_figure(
    ctx: ArticleContext, stat: Draft, text: str, mentions: list[EntityMention], amount: Amount
) -> Draft | None:
    """ "In yuan terms, the trade reached 243.5 billion yuan": the figure before, in another currency.

    A separate statistic with its own currency, but the same reporter, partner (and period, unless the
    sentence gives one) as the latest aggregate figure of that flow in another currency. Only when the
    sentence names no one before the amount.
    """
    if not _RESTATEMENT.search(text[: amount.start]):
        return None
    if any(m.code is not None and m.start < amount.start for m in mentions):
        return None
    earlier = [
        s
        for s in reversed(ctx.stats)
        if s.commodity is None and s.role == "level" and s.flow == stat.flow and s.reporter is not None
    ]
    if not earlier or earlier[0].amount.currency == amount.currency:
        return None
    # Several figures of that flow before ("trade with the EU ..., with ASEAN ..."): the one whose value
    # this amount converts, at the period's exchange rate, is the one restated.
    converted = [s for s in earlier if _same_value_in_usd(s, amount) is not None]
    if converted:
        matching = [s for s in converted if _same_value_in_usd(s, amount)]
        return matching[0] if matching else None
    return earlier[0]


_RESTATED_TOLERANCE = 0.1


def _same_value_in_usd(previous: Draft, amount: Amount) -> bool | None:
    """Whether `amount` is `previous` in another currency (10% at the period's table rate); None: no rate."""
    if previous.period is None or previous.amount.currency == amount.currency:
        return None
    start, end = previous.period
    rates = [usd_rate(a.currency, start, end) for a in (previous.amount, amount)]
    if None in rates or not rates[0] or not rates[1]:
        return None
    mine = abs(amount.value) / rates[1]
    theirs = abs(previous.amount.value) / rates[0]
    return abs(mine - theirs) <= Decimal(str(_RESTATED_TOLERANCE)) * theirs
