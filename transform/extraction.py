"""Extraction: article text -> candidate trade statistics (rows of `trade_stats`), as a pipeline of stages.

    article context (title, dateline, data owner, topic)   transform.context
    -> amount mentions (furniture left out, scales, USD)    transform.mentions
    -> amount guards (an ordered table with ids)            transform.guards
    -> trade flow (and the figure an amount continues)      transform.flow
    -> actors (reporter, partner; checks on the sides)      transform.actors, roles, sides, products
    -> period and percentages                               transform.figure_periods, percentages
    -> finalise (candidate rows, duplicates removed)        transform.finalise

One pass over the sentences keeps the article context a reader keeps: the period being talked about,
the economy whose data it is, the two countries of a bilateral story. Each amount of a sentence goes
through the stages in turn and either becomes a statistic or is dropped by a guard or a stage, whose
id `trace_amounts` reports. When unsure whether a number is a trade value the amount is left alone:
a wrong number is worse than a missing one. Everything here is pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from transform.actors import copy_actors, place_actors
from transform.amounts import Amount, find_amounts
from transform.balances import sign_balances_by_arithmetic
from transform.context import (
    ArticleContext,
    close_sentence,
    official_country,
    prime_with_title,
    read_sentence,
)
from transform.draft import Draft, Drop, SentenceReading, clause_bounds
from transform.figure_periods import assign_period
from transform.finalise import finalise, finalise_each
from transform.fiscal import find_fiscal_periods, fiscal_start
from transform.flow import NO_FLOW, FlowDecision, balance_sign, decide_flow
from transform.guards import FURNITURE, MIN_TRADE_VALUE, AmountView, Guard, first_guard, solar_calendar
from transform.lang import pack_for
from transform.lang.stages import run_pack
from transform.mentions import (
    CURRENCY_RESTATEMENT,
    SCALE_UNKNOWN,
    USD_CONVERSION,
    AmountMentions,
    find_mentions,
    restated_in_brackets,
    restated_in_third_currency,
    scaled,
    usd_conversion,
)
from transform.model import ArticleText, TradeStatistic
from transform.patterns import qualifier_before
from transform.percentages import (
    assign_percents,
    attach_neighbour_changes,
    attach_neighbour_shares,
    bulletin_indices,
)
from transform.products import UNCLEAR_LIST_ITEM, commodity_of, list_commodity
from transform.restatement import restated_figure
from transform.roles import trade_without_figure
from transform.sentences import Sentence, split_sentences
from transform.world_size import (
    give_large_pair_figures_to_the_world,
    give_small_world_figures_to_the_story_pair,
)

# What became of one amount of a sentence: a statistic, or what dropped it.
Outcome = Draft | Drop | Guard


def extract_candidates(article: ArticleText) -> list[TradeStatistic]:
    """Candidate statistics of one article, in order of appearance, duplicates removed."""
    _, drafts = _stages(
        article, None
    )  # context -> mentions -> guards -> flow -> actors -> period, percentages
    return finalise(article, drafts)


def _stages(
    article: ArticleText, outcomes: list[tuple[Sentence, Amount, Outcome]] | None
) -> tuple[AmountMentions, list[Draft]]:
    """Every stage but the last over one article: its amount mentions and the statistics assembled from
    them (with `outcomes`, what became of every amount is appended to it)."""
    pack = pack_for(article.language)
    if pack is not None:  # Chinese, Russian: the same stages with the language's lexicons and grammars
        return AmountMentions((), frozenset(), ()), run_pack(pack, article, outcomes)
    # Article context: the title names the story's economies; the article, the officials it quotes.
    ctx = ArticleContext(published=article.published_at.date())
    sentences = split_sentences(article.body)
    if article.title:
        prime_with_title(ctx, article.title)
    # Amount mentions, page furniture left out.
    mentions = find_mentions(sentences)
    ctx.official = official_country(sentences)
    ctx.fiscal_start = fiscal_start([article.title or ""] + [s.text for s in sentences])
    ctx.solar_calendar = solar_calendar(article.title or "", [s.text for s in sentences])
    # Sentence by sentence, each amount: guards -> flow -> actors -> period (and the sentence's percentages).
    drafts: list[Draft] = []
    for index in range(len(sentences)):
        drafts.extend(_process_sentence(ctx, mentions, index, outcomes))
    # Percentages stated in a neighbouring sentence ("This is 17.2 percent less"), bulletin indices.
    attach_neighbour_changes(sentences, drafts, ctx)
    attach_neighbour_shares(sentences, drafts, ctx)
    bulletin_indices(sentences, drafts)
    # Balances written without a sign, signed by the article's own exports and imports.
    sign_balances_by_arithmetic(drafts)
    # "Foreign trade turnover came to $336.5 million" in a story about one pair: too small for the world.
    give_small_world_figures_to_the_story_pair(ctx, drafts)
    # ... and one given to the story's pair but larger than the pair's own total: the world's.
    give_large_pair_figures_to_the_world(drafts)
    return mentions, drafts


def _process_sentence(
    ctx: ArticleContext,
    mentions: AmountMentions,
    index: int,
    outcomes: list[tuple[Sentence, Amount, Outcome]] | None,
) -> list[Draft]:
    """The statistics of one sentence, its amounts in order; the article context updated by it."""
    reading = read_sentence(ctx, mentions, index)
    stats: list[Draft] = []
    consumed: dict[int, Drop] = {}  # amounts that restate the one before (its USD conversion, ...)
    for i, written in enumerate(reading.amounts):
        outcome = _figure(ctx, mentions, index, reading, i, stats, consumed)
        if isinstance(outcome, Draft):
            stats.append(outcome)
        if outcomes is not None:
            outcomes.append((reading.sentence, written, outcome))
    if stats:
        assign_percents(reading.text, stats, reading.percents, reading.amounts)
    close_sentence(ctx, reading, stats)
    ctx.trade_talk = trade_without_figure(reading) if not reading.amounts else None
    return stats


def _figure(
    ctx: ArticleContext,
    mentions: AmountMentions,
    index: int,
    reading: SentenceReading,
    i: int,
    stats: list[Draft],
    consumed: dict[int, Drop],
) -> Outcome:
    """One amount through the stages: mention -> guards -> flow -> draft -> actors -> period."""
    if i in consumed:
        return consumed[i]
    amount = scaled(mentions, index, reading.amounts[i])
    if amount is None:
        return SCALE_UNKNOWN
    value_usd: Decimal | None = None
    if (
        abs(amount.value) >= MIN_TRADE_VALUE
    ):  # a figure too small for trade (guard.too_small) claims no conversion
        value_usd, converts_next = usd_conversion(reading.text, reading.amounts, i, amount, ctx.published)
        if converts_next:
            consumed[i + 1] = USD_CONVERSION
            if restated_in_third_currency(reading.text, reading.amounts, i):
                consumed[i + 2] = CURRENCY_RESTATEMENT
        elif restated_in_brackets(reading.text, reading.amounts, i):
            consumed[i + 1] = CURRENCY_RESTATEMENT  # "$206 million (157 million euros)"
    view = _view(ctx, reading, i, amount, stats)
    guard = first_guard(view)
    if guard is not None:
        return guard
    decision = decide_flow(ctx, reading, view, stats)
    if decision is None:
        return NO_FLOW
    stat = _draft(reading, view, decision, value_usd, stats)
    if isinstance(stat, Drop):
        return stat
    dropped = place_actors(ctx, reading, view, stat, decision, stats)
    if dropped is not None:
        return dropped
    _date(ctx, reading, view, stat, decision, stats)
    return stat


def _view(
    ctx: ArticleContext, reading: SentenceReading, i: int, amount: Amount, stats: list[Draft]
) -> AmountView:
    """The amount as the guards see it: its window starts after the previous amount, or after the partner
    named right after the previous figure ("$3.4 billion was with Russia and $2.9 billion with China")."""
    text = reading.text
    prev_end = reading.amounts[i - 1].end if i > 0 else 0
    if stats and stats[-1].amount.end == prev_end and prev_end < stats[-1].tail_end <= amount.start:
        prev_end = stats[-1].tail_end
    return AmountView(
        text,
        amount,
        i,
        text[prev_end : amount.start],
        prev_end,
        ctx.published.year,
        text[: amount.start],
        text[amount.end :],
        fiscal_known=ctx.fiscal_start is not None,
        solar_article=ctx.solar_calendar,
    )


def _draft(
    reading: SentenceReading,
    view: AmountView,
    decision: FlowDecision,
    value_usd: Decimal | None,
    stats: list[Draft],
) -> Draft | Drop:
    """The statistic to assemble: value (signed for a balance), hedge and product group."""
    amount, flow = view.amount, decision.flow
    stat = Draft(
        sentence=reading.sentence,
        amount=amount,
        flow=flow,
        role=decision.role,
        value=amount.value,
        value_usd=value_usd,
    )
    stat.qualifier = qualifier_before(view.before)
    if flow == "balance":
        stat.value = balance_sign(amount.value, view.before)
        if stat.value_usd is not None:
            stat.value_usd = abs(stat.value_usd) if stat.value > 0 else -abs(stat.value_usd)
    stat.commodity = decision.leading_product or commodity_of(reading.text, decision.cue_start, amount.start)
    if (
        stat.commodity is None
        and stats
        and stats[-1].commodity is not None
        and decision.inherited_from is stats[-1]
    ):
        stat.commodity = list_commodity(view.window)
        if stat.commodity is None:
            return UNCLEAR_LIST_ITEM
    return stat


def _date(
    ctx: ArticleContext,
    reading: SentenceReading,
    view: AmountView,
    stat: Draft,
    decision: FlowDecision,
    stats: list[Draft],
) -> None:
    """The figure's period; a restatement in another currency takes the sides (and period) it restates."""
    text, amount = reading.text, view.amount
    leading = (
        [p for p in reading.lead_periods if clause_bounds(text, amount.start)[0] <= p.start]
        if decision.role == "level"
        else []
    )
    assign_period(ctx, stat, text, reading.periods, reading.own_periods or leading, amount, stats)
    if stat.mirrored and _fiscal_period(ctx, text, stat):
        # "Pakistan exported $2.78 billion in fiscal year 2021-22" in an article on China's customs data: a
        # fiscal year is the fiscal-calendar economy's own statistics, not China's mirror of them.
        stat.as_seen_by(stat.partner)
        stat.own_data = True
    restated = restated_figure(ctx, stat, text, reading.mentions, amount) if not stats else None
    if restated is not None:
        copy_actors(stat, restated)
        if not reading.own_periods:
            stat.period = restated.period


def _fiscal_period(ctx: ArticleContext, text: str, stat: Draft) -> bool:
    if ctx.fiscal_start is None or stat.period is None:
        return False
    fiscal = find_fiscal_periods(text, ctx.published, ctx.fiscal_start)
    return any((p.period_start, p.period_end) == stat.period for p in fiscal if p.kind == "explicit")


# ------------------------------------------------------------------------------------------------ trace


@dataclass(frozen=True)
class AmountTrace:
    """What became of one amount mention: the candidate it became, or the id of the guard or stage that
    dropped it and why."""

    text: str  # the amount as written
    start: int  # offsets in the article body
    end: int
    sentence: str
    sentence_index: int
    candidates: tuple[TradeStatistic, ...] = ()
    dropped_by: str | None = None  # a guard id ("guard.forecast") or a stage's ("flow.none")
    reason: str | None = None


def trace_amounts(article: ArticleText) -> list[AmountTrace]:
    """Every amount mention of the article in body order, with its outcome (the same run as
    `extract_candidates`: the candidates here are exactly its candidates)."""
    outcomes: list[tuple[Sentence, Amount, Outcome]] = []
    mentions, drafts = _stages(article, outcomes)
    rows = {id(draft): row for draft, row in zip(drafts, finalise_each(article, drafts), strict=True)}
    traces = [_trace(sentence, amount, FURNITURE) for sentence, amount in _furniture_amounts(mentions)]
    for sentence, amount, outcome in outcomes:
        if isinstance(outcome, Draft):
            row = rows[id(outcome)]
            traces.append(_trace(sentence, amount, row))
        else:
            traces.append(_trace(sentence, amount, outcome))
    return sorted(traces, key=lambda t: t.start)


def _trace(sentence: Sentence, amount: Amount, outcome: TradeStatistic | Drop | Guard) -> AmountTrace:
    where = {
        "text": amount.text,
        "start": sentence.start + amount.start,
        "end": sentence.start + amount.end,
        "sentence": sentence.text,
        "sentence_index": sentence.index,
    }
    if isinstance(outcome, TradeStatistic):
        return AmountTrace(**where, candidates=(outcome,))
    return AmountTrace(**where, dropped_by=outcome.id, reason=outcome.reason)


def _furniture_amounts(mentions: AmountMentions) -> list[tuple[Sentence, Amount]]:
    """The amounts of page furniture, which the mention stage never looks for."""
    return [
        (sentence, amount)
        for sentence in mentions.sentences
        if sentence.paragraph in mentions.furniture
        for amount in find_amounts(sentence.text)
    ]
