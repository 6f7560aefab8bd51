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

import re
from dataclasses import dataclass
from decimal import Decimal

from transform.actors import copy_actors, place_actors
from transform.amounts import Amount, find_amounts
from transform.context import (
    ArticleContext,
    count_mentions,
    header_pair,
    home_from_unnamed_office,
    note_dateline,
    official_country,
    prime_with_title,
    set_context_period,
    update_home,
    update_topic,
    with_group_anaphors,
)
from transform.draft import Draft, Drop, SentenceReading, clause_bounds, coded_mentions, name_of
from transform.entities import find_entities
from transform.figure_periods import LEADING_PERIOD, assign_period, period_is_comparison, resolve_period
from transform.finalise import DUPLICATE, finalise, finalise_each
from transform.flow import LIST_ITEM, NO_FLOW, FlowDecision, balance_sign, decide_flow, list_header_flow
from transform.guards import FURNITURE, MIN_TRADE_VALUE, AmountView, Guard, first_guard
from transform.mentions import (
    SCALE_UNKNOWN,
    USD_CONVERSION,
    AmountMentions,
    find_mentions,
    scaled,
    usd_conversion,
)
from transform.model import ArticleText, TradeStatistic
from transform.patterns import find_percents, flow_cues, qualifier_before
from transform.percentages import (
    assign_percents,
    attach_neighbour_changes,
    attach_neighbour_shares,
    bulletin_indices,
)
from transform.periods import find_periods
from transform.products import UNCLEAR_LIST_ITEM, commodity_of, list_commodity
from transform.rankings import without_appositive_rankings, without_ranking_comparisons
from transform.restatement import restated_figure
from transform.sentences import Sentence, split_sentences

# What became of one amount of a sentence: a statistic, or what dropped it.
Outcome = Draft | Drop | Guard


def extract_candidates(article: ArticleText) -> list[TradeStatistic]:
    """Candidate statistics of one article, in order of appearance, duplicates removed."""
    _, drafts = _run(article, None)
    return finalise(article, drafts)


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
    mentions, drafts = _run(article, outcomes)
    rows = {id(draft): row for draft, row in zip(drafts, finalise_each(article, drafts), strict=True)}
    traces = [_trace(sentence, amount, FURNITURE) for sentence, amount in _furniture_amounts(mentions)]
    for sentence, amount, outcome in outcomes:
        if isinstance(outcome, Draft):
            row = rows[id(outcome)]
            traces.append(_trace(sentence, amount, DUPLICATE) if row is None else _trace(sentence, amount, row))
        else:
            traces.append(_trace(sentence, amount, outcome))
    return sorted(traces, key=lambda t: t.start)


def _trace(sentence: Sentence, amount: Amount, outcome: TradeStatistic | Drop | Guard) -> AmountTrace:
    where = {"text": amount.text, "start": sentence.start + amount.start, "end": sentence.start + amount.end,
             "sentence": sentence.text, "sentence_index": sentence.index}
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


def _run(
    article: ArticleText, outcomes: list[tuple[Sentence, Amount, Outcome]] | None
) -> tuple[AmountMentions, list[Draft]]:
    """The stages over one article: its amount mentions and the statistics assembled from them (with
    `outcomes`, what became of every amount is appended to it)."""
    ctx = ArticleContext(published=article.published_at.date())
    sentences = split_sentences(article.body)
    if article.title:
        prime_with_title(ctx, article.title)
    mentions = find_mentions(sentences)
    ctx.official = official_country(sentences)
    drafts: list[Draft] = []
    for index in range(len(sentences)):
        drafts.extend(_process_sentence(ctx, mentions, index, outcomes))
    attach_neighbour_changes(sentences, drafts, ctx)
    attach_neighbour_shares(sentences, drafts, ctx)
    bulletin_indices(sentences, drafts)
    return mentions, drafts


def _process_sentence(
    ctx: ArticleContext,
    mentions: AmountMentions,
    index: int,
    outcomes: list[tuple[Sentence, Amount, Outcome]] | None,
) -> list[Draft]:
    """The statistics of one sentence, its amounts in order; the article context updated by it."""
    reading = _read_sentence(ctx, mentions, index)
    stats: list[Draft] = []
    consumed: set[int] = set()  # amounts that are the USD conversion of the one before
    for i, written in enumerate(reading.amounts):
        outcome = _figure(ctx, mentions, index, reading, i, stats, consumed)
        if isinstance(outcome, Draft):
            stats.append(outcome)
        if outcomes is not None:
            outcomes.append((reading.sentence, written, outcome))
    if stats:
        assign_percents(reading.text, stats, reading.percents, reading.amounts)
    _close_sentence(ctx, reading, stats)
    return stats


def _read_sentence(ctx: ArticleContext, mentions: AmountMentions, index: int) -> SentenceReading:
    """The sentence's names, trade words, periods and percentages; the context updated by its names."""
    sentence = mentions.sentences[index]
    found = with_group_anaphors(ctx, sentence.text, find_entities(sentence.text))
    # A ranking appositive (", China's largest trading partner in the region,") is blanked out: its words
    # are neither the figure's trade word nor its sides (positions are kept, so amounts stay where they are).
    text, found = without_appositive_rankings(sentence.text, found)
    named = without_ranking_comparisons(text, found)
    note_dateline(ctx, sentence)
    count_mentions(ctx, named)
    update_home(ctx, text, named)
    amounts = mentions.by_sentence[index]
    cues = flow_cues(text)
    header = not amounts and text.rstrip().endswith(":")
    # Most sentences state no figure and no trade word: their periods and percentages are never used
    # (only the context updates apply), so they are not looked for.
    periods = find_periods(text, ctx.published) if amounts or cues or header else []
    percents = find_percents(text) if amounts else []
    # The sentence's own period (used when an amount has none nearer), then the article's running period.
    own_periods = [p for p in periods if not period_is_comparison(text, p, ctx.period)]
    # "In the same period last year, trade with X stood at $Y": a comparison period leading the sentence is
    # the period of its figures (a level of the year before), not a base for a change.
    lead_periods = [p for p in periods if p not in own_periods and LEADING_PERIOD.fullmatch(text[: p.start])]
    return SentenceReading(sentence, text, named, amounts, cues, periods, own_periods, lead_periods, percents, header)


def _figure(
    ctx: ArticleContext,
    mentions: AmountMentions,
    index: int,
    reading: SentenceReading,
    i: int,
    stats: list[Draft],
    consumed: set[int],
) -> Outcome:
    """One amount through the stages: mention -> guards -> flow -> draft -> actors -> period."""
    if i in consumed:
        return USD_CONVERSION
    amount = scaled(mentions, index, reading.amounts[i])
    if amount is None:
        return SCALE_UNKNOWN
    value_usd: Decimal | None = None
    if abs(amount.value) >= MIN_TRADE_VALUE:  # a figure too small for trade (guard.too_small) claims no conversion
        value_usd, converts_next = usd_conversion(reading.text, reading.amounts, i, amount, ctx.published)
        if converts_next:
            consumed.add(i + 1)
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


def _view(ctx: ArticleContext, reading: SentenceReading, i: int, amount: Amount, stats: list[Draft]) -> AmountView:
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
    )


def _draft(
    reading: SentenceReading, view: AmountView, decision: FlowDecision, value_usd: Decimal | None, stats: list[Draft]
) -> Draft | Drop:
    """The statistic to assemble: value (signed for a balance), hedge and product group."""
    amount, flow = view.amount, decision.flow
    stat = Draft(
        sentence=reading.sentence, amount=amount, flow=flow, role=decision.role, value=amount.value, value_usd=value_usd
    )
    stat.qualifier = qualifier_before(view.before)
    if flow == "balance":
        stat.value = balance_sign(amount.value, view.before)
        if stat.value_usd is not None:
            stat.value_usd = abs(stat.value_usd) if stat.value > 0 else -abs(stat.value_usd)
    stat.commodity = decision.leading_product or commodity_of(reading.text, decision.cue_start, amount.start)
    if stat.commodity is None and stats and stats[-1].commodity is not None and decision.inherited_from is stats[-1]:
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
    restated = restated_figure(ctx, stat, text, reading.mentions, amount) if not stats else None
    if restated is not None:
        copy_actors(stat, restated)
        if not reading.own_periods:
            stat.period = restated.period


def _close_sentence(ctx: ArticleContext, reading: SentenceReading, stats: list[Draft]) -> None:
    """What the sentence leaves in the article context: running period, data owner, topic, list header,
    the partner last named, the reporter of directional figures, its statistics."""
    text, mentions, own_periods = reading.text, reading.mentions, reading.own_periods
    # The running period: the period of this sentence's first level figure, or its own explicit period.
    level = [s for s in stats if s.role == "level" and s.period is not None]
    if level:
        set_context_period(ctx, level[0].period)
    elif reading.cues and own_periods:
        resolved = resolve_period(own_periods[0], ctx.period)
        if resolved is not None:
            set_context_period(ctx, resolved)
    if ctx.home is None:
        home_from_unnamed_office(ctx, text, mentions, stats)
    if reading.header:
        header_pair(ctx, text, mentions)
    update_topic(ctx, text, mentions)
    _close_list(ctx, reading)
    if reading.cues:
        for m in coded_mentions(mentions):
            if m.kind == "country" and re.search(r"\b(?:with|to|from)\s+(?:the\s+)?$", text[: m.start]):
                ctx.named_partner = (m.code, name_of(m))
    for s in stats:
        if s.flow in ("export", "import") and s.reporter is not None and s.role == "level":
            ctx.directional_reporter = s.reporter
    ctx.stats.extend(stats)


def _close_list(ctx: ArticleContext, reading: SentenceReading) -> None:
    """A header line ("Main partners in 2022:") opens a list whose items take its flow and period; any
    line that is no list item closes it."""
    if reading.header:
        ctx.list_header = (list_header_flow(reading.text),)
        own = reading.own_periods
        resolved = resolve_period(own[0], ctx.period) if len(own) == 1 else None
        if resolved is not None:
            set_context_period(ctx, resolved)  # "Main partners in 2022:": the items' period
    elif not LIST_ITEM.match(reading.text):
        ctx.list_header = None
