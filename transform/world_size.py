"""A figure too small to be a country's trade with the world is its trade with the partner the story is about.

In a story about one pair ("Kyrgyz and Uzbek figures on bilateral trade differ"), agencies often write
"foreign trade turnover came to $336.5 million" or "exports rose to $158.5 million" for the pair's trade.
Read literally that is Kyrgyzstan's trade with the world, which is twenty times larger: the words say
"foreign trade", the size says the pair. When a figure whose partner was only *assumed* to be the world
(`explicit.world` from "foreign trade", or `context.world_default`) is below WORLD_SHARE of the reporter's
annual trade for its period, and the article's story is about a pair the reporter belongs to, the figure
is given to that pair (`context.story_pair_by_size`).

Only countries with their own row in the trade-totals table are judged (a region or a country without a
row has only a generous bound, which says nothing about its size), only USD amounts (or stated USD
conversions) with a known period, and nothing that names a partner of its own.

The converse holds within the article: a figure given to the story's pair only by inference
(`context.story_pair`) that exceeds the pair's own total stated in the same article for the same
period and currency cannot be the pair's ("Uzbekistan's exports came to $20.47 billion" after "trade
between Turkmenistan and Uzbekistan rose to $939.1 million"; "Azerbaijan's trade turnover came to $6.6
billion" after its $1.1 billion with Turkey). It is read as written, with the world
(`context.world_by_size`), and so are the figures of its sentence that took their partner from it.
"""

from __future__ import annotations

from decimal import Decimal

from transform import reference
from transform.context import ArticleContext
from transform.draft import Draft, is_country

# A country's trade with the world for a period is never below this share of its annual-trade ceiling
# pro-rated to the period (the ceilings are peak totals rounded up: the smallest economies judged here,
# Kyrgyzstan and Tajikistan, trade well over 20% of theirs in every year since 2005).
WORLD_SHARE = 0.05
_ASSUMED_WORLD = ("explicit.world", "context.world_default")


def give_small_world_figures_to_the_story_pair(ctx: ArticleContext, drafts: list[Draft]) -> None:
    """Figures assumed to be with the world but too small for it go to the story's pair."""
    if ctx.story_pair is None:
        return
    sides = {ctx.story_pair[0][0]: ctx.story_pair[1], ctx.story_pair[1][0]: ctx.story_pair[0]}
    for draft in drafts:
        other = sides.get(draft.reporter or "")
        if other is None or draft.partner != "WORLD" or draft.partner_via not in _ASSUMED_WORLD:
            continue
        if _too_small_for_the_world(draft):
            draft.set_partner(other, "context.story_pair_by_size")


def give_large_pair_figures_to_the_world(drafts: list[Draft]) -> None:
    """Figures given to the story's pair by inference but larger than the pair's stated total: the world's."""
    totals: dict[tuple, Decimal] = {}
    for draft in drafts:
        if draft.flow == "total" and draft.partner_via != "context.story_pair" and draft.period is not None:
            key = _pair_key(draft)
            totals[key] = max(totals.get(key, draft.value), draft.value)
    for index, draft in enumerate(drafts):
        if draft.partner_via != "context.story_pair" or draft.period is None:
            continue
        total = totals.get(_pair_key(draft))
        if total is None or abs(draft.value) <= total * Decimal("1.005"):
            continue
        partner = draft.partner
        draft.set_partner(("WORLD", "world"), "context.world_by_size")
        for later in drafts[index + 1 :]:
            if later.sentence.index != draft.sentence.index:
                break
            if later.partner == partner and later.partner_via in ("sentence.figure_before", "part.of_whole"):
                later.set_partner(("WORLD", "world"), "context.world_by_size")


def _pair_key(draft: Draft) -> tuple:
    return (frozenset((draft.reporter, draft.partner)), draft.period, draft.amount.currency)


def _too_small_for_the_world(draft: Draft) -> bool:
    if not is_country(draft.reporter) or not reference.has_own_trade_total(draft.reporter or ""):
        return False
    if (
        draft.period is None
        or draft.value_usd is None
        or draft.commodity is not None
        or draft.flow == "balance"
    ):
        return False
    ceiling = reference.annual_trade_usd(draft.reporter or "")
    if ceiling is None:
        return False
    years = Decimal((draft.period[1] - draft.period[0]).days + 1) / Decimal(365)
    return abs(draft.value_usd) < Decimal(str(WORLD_SHARE)) * Decimal(str(ceiling)) * years
