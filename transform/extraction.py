"""Assembly: article text -> candidate trade statistics (rows of `trade_stats`).

One pass over the sentences keeps the article context a reader keeps: the period being talked about,
the economy whose data it is (the named statistics office, the subject of earlier figures), the two
countries of a bilateral story. For every money amount in a sentence the rules decide its role
(trade level, base-period value, USD conversion, absolute change, target, non-trade) and, for levels
and base values, its flow, reporter, partner, period, change, share, hedge and product group.
When unsure whether a number is a trade value the amount is left alone: a wrong number is worse than
a missing one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from transform.actors import assign_actors, copy_actors
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
from transform.draft import Draft, clause_bounds, coded_mentions, name_of
from transform.entities import find_entities
from transform.figure_periods import LEADING_PERIOD, assign_period, period_is_comparison, resolve_period
from transform.finalise import finalise
from transform.flow import (
    LIST_ITEM,
    balance_sign,
    figure_anaphor,
    flow_of,
    goods_part_of_previous,
    leading_product_of,
    list_header_flow,
    pronoun_base_value,
    ranked_list_flow,
    ranked_partner_flow,
    respectively,
    role_of,
    share_part_of_previous,
)
from transform.guards import (
    DIFFERENCE_AFTER,
    JOINT_PARTNERS,
    NOT_COUNTED_AS_TRADE,
    enterprise_subject,
    not_a_level,
)
from transform.mentions import (
    PERIOD_THEN_CONVERSION,
    add_unitless,
    header_unit_table,
    infer_scale,
    page_furniture,
    rate_checked_conversion,
)
from transform.model import ArticleText, TradeStatistic
from transform.patterns import (
    find_percents,
    flow_cues,
    is_conversion,
    last_flow_cue,
    qualifier_before,
)
from transform.percentages import (
    assign_percents,
    attach_neighbour_changes,
    attach_neighbour_shares,
    bulletin_indices,
)
from transform.periods import find_periods
from transform.products import commodity_of, list_commodity, product_phrase
from transform.rankings import FOLLOWED_BY, without_appositive_rankings, without_ranking_comparisons
from transform.restatement import restated_figure
from transform.sentences import Sentence, split_sentences
from transform.sides import (
    ambiguous_among_many,
    balance_in_favour_of,
    keep_data_owner_in_ranking,
    owner_of_bilateral_total,
    respective_partner_of,
    share_subject_is_partner,
)


def extract_candidates(article: ArticleText) -> list[TradeStatistic]:
    """Candidate statistics of one article, in order of appearance, duplicates removed."""
    published = article.published_at.date()
    ctx = ArticleContext(published=published)
    sentences = split_sentences(article.body)
    if article.title:
        prime_with_title(ctx, article.title)
    skipped = page_furniture(sentences)
    amounts_by_sentence = [[] if s.paragraph in skipped else find_amounts(s.text) for s in sentences]
    for index, sentence in enumerate(sentences):
        if not amounts_by_sentence[index] and sentence.paragraph not in skipped and ":" in sentence.text:
            amounts_by_sentence[index] = header_unit_table(sentence.text)
    add_unitless(sentences, amounts_by_sentence)
    ctx.official = official_country(sentences)
    results: list[Draft] = []
    for index in range(len(sentences)):
        results.extend(_process_sentence(ctx, sentences, index, amounts_by_sentence))
    attach_neighbour_changes(sentences, results, ctx)
    attach_neighbour_shares(sentences, results, ctx)
    bulletin_indices(sentences, results)
    return finalise(article, results)


def _process_sentence(
    ctx: ArticleContext, sentences: list[Sentence], index: int, amounts_by_sentence: list[list[Amount]]
) -> list[Draft]:
    sentence = sentences[index]
    found = with_group_anaphors(ctx, sentence.text, find_entities(sentence.text))
    # A ranking appositive (", China's largest trading partner in the region,") is blanked out: its words
    # are neither the figure's trade word nor its sides (positions are kept, so amounts stay where they are).
    text, found = without_appositive_rankings(sentence.text, found)
    mentions = without_ranking_comparisons(text, found)
    note_dateline(ctx, sentence)
    count_mentions(ctx, mentions)
    update_home(ctx, text, mentions)
    amounts = amounts_by_sentence[index]
    cues = flow_cues(text)
    header = not amounts and text.rstrip().endswith(":")
    # Most sentences state no figure and no trade word: their periods and percentages are never used
    # (only the context updates above and below apply), so they are not looked for.
    periods = find_periods(text, ctx.published) if amounts or cues or header else []
    percents = find_percents(text) if amounts else []

    # The sentence's own period (used when an amount has none nearer), then the article's running period.
    own_periods = [p for p in periods if not period_is_comparison(text, p, ctx.period)]
    # "In the same period last year, trade with X stood at $Y": a comparison period leading the sentence is
    # the period of its figures (a level of the year before), not a base for a change.
    lead_periods = [p for p in periods if p not in own_periods and LEADING_PERIOD.fullmatch(text[: p.start])]

    stats: list[Draft] = []
    consumed: set[int] = set()
    for i, amount in enumerate(amounts):
        if i in consumed:
            continue
        if amount.scale_missing:
            scaled = infer_scale(amount, index, sentences, amounts_by_sentence)
            if scaled is None:
                continue
            amount = scaled
        if abs(amount.value) < 1000:
            continue  # "$500": no trade figure is that small; a price or a typo
        before = text[: amount.start]
        after = text[amount.end :]
        prev_end = amounts[i - 1].end if i > 0 else 0
        if stats and stats[-1].amount.end == prev_end and prev_end < stats[-1].tail_end <= amount.start:
            prev_end = stats[-1].tail_end  # "$3.4 billion was with Russia and $2.9 billion with China"
        window = text[prev_end : amount.start]
        # USD conversion of this (non-USD) amount right after it.
        value_usd: Decimal | None = amount.value if amount.currency == "USD" else None
        if amount.currency != "USD" and i + 1 < len(amounts):
            nxt = amounts[i + 1]
            between = text[amount.end : nxt.start]
            if nxt.currency == "USD" and (
                is_conversion(between)
                or PERIOD_THEN_CONVERSION.match(between)
                or rate_checked_conversion(amount, nxt, between, ctx.published)
            ):
                value_usd = nxt.value if not nxt.scale_missing else None
                consumed.add(i + 1)
        if not_a_level(text, amount, window, i, ctx.published.year):
            continue
        if DIFFERENCE_AFTER.match(after) or JOINT_PARTNERS.search(window) or NOT_COUNTED_AS_TRADE.search(before):
            continue  # "$8 billion short of 2013", "with Mongolia and Russia together": not one stated figure
        role = role_of(text, amounts, i, periods, bool(stats))
        cue, cue_offset = last_flow_cue(window), prev_end
        if cue is not None and stats:
            followed = [m.start() for m in FOLLOWED_BY.finditer(window)]
            if followed and followed[-1] > cue[0]:
                cue = None  # "... goods delivered to X, followed by Russia ($Y)": the ranked figure's flow
        if cue is None and (i == 0 or not stats):
            cue, cue_offset = last_flow_cue(before), 0
        flow, inherited_from = flow_of(cue, after, role, text, stats, ctx, len(amounts))
        if cue is None and inherited_from is None and flow is not None and not stats:
            # "China was the main supplier, with $X worth of goods ...": the ranking says which flow.
            flow = ranked_partner_flow(ctx, sentence, before, mentions) or flow
        leading_product = None
        if flow is None and not stats:
            inherited_from = figure_anaphor(ctx, sentence, before, mentions)
            if inherited_from is None and periods and not own_periods:
                inherited_from = pronoun_base_value(ctx, sentence, before, mentions)
            if inherited_from is not None and periods and not own_periods:
                role = "base"  # "In the same period last year, this figure amounted to $X"
            if inherited_from is None:
                leading_product, inherited_from = leading_product_of(ctx, sentence, before, mentions)
            flow = inherited_from.flow if inherited_from is not None else None
            if flow is None:
                flow = ranked_partner_flow(ctx, sentence, before, mentions)
            if flow is None:
                flow = ranked_list_flow(ctx, sentence, text, mentions)
            if flow is None:
                inherited_from = goods_part_of_previous(ctx, sentence, before, mentions)
                if inherited_from is None:
                    inherited_from = share_part_of_previous(ctx, sentence, before, mentions)
                flow = inherited_from.flow if inherited_from is not None else None
        if flow is None:
            continue
        respective = respectively(text, amounts, i)
        if respective is not None:
            flow = respective
        respective_partner = respective_partner_of(text, mentions, amounts, i)
        stat = Draft(
            sentence=sentence, amount=amount, flow=flow, role=role, value=amount.value, value_usd=value_usd
        )
        stat.qualifier = qualifier_before(before)
        if flow == "balance":
            stat.value = balance_sign(amount.value, text[: amount.start])
            if stat.value_usd is not None:
                stat.value_usd = abs(stat.value_usd) if stat.value > 0 else -abs(stat.value_usd)
        cue_start = cue[0] + cue_offset if cue is not None else None
        stat.commodity = leading_product or commodity_of(text, cue_start, amount.start)
        if (
            stat.commodity is None
            and stats
            and stats[-1].commodity is not None
            and inherited_from is stats[-1]
        ):
            stat.commodity = list_commodity(window)
            if stat.commodity is None:
                continue  # an item of a product list whose product is not clear: never an aggregate
        if enterprise_subject(text[prev_end : amount.start]):
            continue  # "private enterprises in Fujian": an enterprise type, not an economy with a code
        assign_actors(ctx, stat, text, mentions, prev_end, amount, amounts, i, inherited_from, stats)
        if inherited_from is not None and stats and inherited_from is stats[-1]:
            keep_data_owner_in_ranking(ctx, stat, inherited_from, text[: amount.start])
        if stat.flow == "total" and not owner_of_bilateral_total(ctx, stat, text, mentions, amount):
            continue
        if ambiguous_among_many(text, mentions, prev_end, amount):
            continue
        if not share_subject_is_partner(stat, text, mentions, amount):
            continue
        if stat.commodity is None:
            product_phrase(stat, text, mentions, amount)
        if stat.flow == "balance":
            balance_in_favour_of(stat, text, mentions, amount)
        if respective_partner is not None and respective_partner.code != stat.reporter:
            stat.partner, stat.partner_name = respective_partner.code, name_of(respective_partner)
        leading = [p for p in lead_periods if clause_bounds(text, amount.start)[0] <= p.start] if role == "level" else []
        assign_period(ctx, stat, text, periods, own_periods or leading, amount, stats)
        restated = restated_figure(ctx, stat, text, mentions, amount) if not stats else None
        if restated is not None:
            copy_actors(stat, restated)
            if not own_periods:
                stat.period = restated.period
        stats.append(stat)
    if stats:
        assign_percents(text, stats, percents, amounts)
    # The running period: the period of this sentence's first level figure, or its own explicit period.
    level = [s for s in stats if s.role == "level" and s.period is not None]
    if level:
        set_context_period(ctx, level[0].period)
    elif cues and own_periods:
        resolved = resolve_period(own_periods[0], ctx.period)
        if resolved is not None:
            set_context_period(ctx, resolved)
    if ctx.home is None:
        home_from_unnamed_office(ctx, text, mentions, stats)
    if not amounts and text.rstrip().endswith(":"):
        header_pair(ctx, text, mentions)
    update_topic(ctx, text, mentions)
    if header:
        ctx.list_header = (list_header_flow(text),)
        resolved = resolve_period(own_periods[0], ctx.period) if len(own_periods) == 1 else None
        if resolved is not None:
            set_context_period(ctx, resolved)  # "Main partners in 2022:": the items' period
    elif not LIST_ITEM.match(text):
        ctx.list_header = None
    if cues:
        for m in coded_mentions(mentions):
            if m.kind == "country" and re.search(r"\b(?:with|to|from)\s+(?:the\s+)?$", text[: m.start]):
                ctx.named_partner = (m.code, name_of(m))
    for s in stats:
        if s.flow in ("export", "import") and s.reporter is not None and s.role == "level":
            ctx.directional_reporter = s.reporter
    ctx.stats.extend(stats)
    return stats
