"""Evidence: how each side of a statistic (its reporter, its partner) was resolved, and how far to trust it.

Every rule of the actors stage that sets a side names itself with one of these ids; the id travels with
the statistic (`reporter_evidence`, `partner_evidence` in `trade_stats` and `rejects`), so a user can see
for every figure whether its sides were written around the amount or carried in from the article context.

Each kind of evidence has a confidence measured, not guessed: `right` and `wrong` count the sides
resolved that way on the development sets (`python -m bench.evidence_precision`: the devset and every set
in bench/evalsets, after validation, each side judged against the gold record of the same figure), and
the confidence is that share shrunk towards PRIOR with the weight of PRIOR_WEIGHT sides, so that a kind
seen twice is not trusted as 1.00. The counts come from sets the rules were developed on; on unseen
articles every kind is less reliable, and the counts are updated from the bench when sets are added.

A statistic whose weaker side falls below CONFIDENCE_BAR is rejected by the validation rule
`actors.low_confidence`, its reason naming the evidence that was considered. A wrong number is worse than
a missing one, but "the region's exports" in an article about Xinjiang is not ambiguous: the bar removes
only kinds measured to be wrong often. Recounted with rules-1.18.0 on the devset and 39 sets, one kind is
below it: a group named by an anaphor ("these countries"), right once of twice; the weakest others are the
pair of a bilateral story (40 of 47) and the pair of the figure before (21 of 25). A kind never seen gets
the prior, above the bar.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PRIOR = 0.8  # what a kind of evidence is assumed to be worth before it is seen ...
PRIOR_WEIGHT = 5  # ... with the weight of this many statistics
CONFIDENCE_BAR = 0.75


def measured_confidence(right: int, wrong: int) -> float:
    """(right + PRIOR x PRIOR_WEIGHT) / (right + wrong + PRIOR_WEIGHT), rounded down to two places."""
    return math.floor(100 * (right + PRIOR * PRIOR_WEIGHT) / (right + wrong + PRIOR_WEIGHT)) / 100


@dataclass(frozen=True)
class Evidence:
    """One way a side gets resolved: a stable id, how often it was right and wrong, what it means."""

    id: str
    right: int
    wrong: int
    says: str

    @property
    def confidence(self) -> float:
        return measured_confidence(self.right, self.wrong)


EVIDENCE: tuple[Evidence, ...] = (
    # Named in the words that govern the amount.
    Evidence("explicit.role", 1039, 21, "a role around the figure ('X's exports', 'trade with Y')"),
    Evidence("explicit.after_amount", 48, 1, "named right after the figure ('$3.4 billion with Russia')"),
    Evidence("explicit.possessive_owner", 24, 0, "the owner in 'X's largest trading partner'"),
    Evidence("explicit.goods_owner", 1, 0, "the origin of the goods ('Tajik goods worth $X')"),
    Evidence("explicit.pair", 334, 4, "an explicit pair ('trade between A and B', 'A-B trade')"),
    Evidence(
        "explicit.fronted_clause", 2, 0, "the clause after a fronted amount ('At $41bn, A's trade ...')"
    ),
    Evidence("explicit.world", 180, 1, "trade with the world ('foreign trade', 'with all partners')"),
    # Named elsewhere in the same sentence.
    Evidence(
        "explicit.goods_route", 2, 0, "the origin and destination of goods ('Chinese goods in Kazakhstan')"
    ),
    Evidence("sentence.share_clause", 1, 0, "a share clause ('China's share reached 45% at $X')"),
    Evidence("sentence.partner_list", 1, 0, "a partner listed with its figure in brackets"),
    Evidence("sentence.list_owner", 1, 0, "the owner of a listed ranking ('were T's main trading partners')"),
    Evidence("sentence.with_which", 1, 0, "the head of 'with which' ('behind China, with which ...')"),
    Evidence("sentence.ranked_subject", 55, 0, "a ranked subject ('China was K's main partner, with ...')"),
    Evidence("sentence.loose_name", 189, 3, "the one economy named in the sentence without a role"),
    Evidence("sentence.subject", 0, 0, "the subject of 'had a surplus with the republic'"),
    Evidence("sentence.part_subject", 3, 0, "the subject of 'X accounted for the largest turnover'"),
    Evidence("sentence.head", 118, 2, "named at the head of the sentence, before the figure's clause"),
    Evidence("sentence.locative", 1, 0, "a locative opening ('In neighbouring Gansu, ...')"),
    Evidence("sentence.reporting_subject", 8, 0, "a reporting verb's subject ('Turkiye reported exports')"),
    Evidence("sentence.figure_before", 320, 2, "the side of the figure before it in the same sentence"),
    Evidence("sentence.elided", 1, 0, "an elided noun ('..., while Chongqing's reached $Y')"),
    Evidence("sentence.respectively", 14, 0, "the partner paired by 'respectively'"),
    Evidence("sentence.two_countries", 0, 0, "the two economies the sentence names, for 'the two countries'"),
    Evidence("sentence.share_subject", 2, 0, "the subject of 'X accounts for N% of Y's trade, or $Z'"),
    Evidence("sentence.product_origin", 0, 0, "the origin and destination of a product"),
    Evidence(
        "sentence.data_source", 21, 0, "the statistics the sentence cites ('Kazakh statistics put ...')"
    ),
    # Carried from the figures before.
    Evidence("part.of_whole", 46, 0, "the sides of the whole it is a part of ('Of this, exports were ...')"),
    Evidence("continuation.base", 185, 3, "the sides of the figure it is the comparison base of"),
    Evidence("continuation.item", 110, 12, "the sides of the figure whose list it continues"),
    Evidence("continuation.item_name", 0, 0, "the economy named in a list item"),
    Evidence("continuation.copied", 6, 0, "the sides of the figure it restates"),
    # Anaphors resolved against the article.
    Evidence("anaphor.region", 34, 0, "'the region's' resolved to the region the article is about"),
    Evidence("anaphor.group", 1, 1, "'the region' resolved to the group last named (Central Asia)"),
    Evidence("anaphor.partner", 24, 0, "'with the country' resolved to the partner named before"),
    Evidence("anaphor.figure", 22, 2, "the sides of the figure 'этот показатель', '这一数字' refers to"),
    Evidence("anaphor.these_partners", 3, 0, "'these countries': the partner of the figure before"),
    # The article context: no side is written in the sentence.
    Evidence("context.list_owner", 4, 0, "the header over a list of items ('China's trade with ...:')"),
    Evidence("context.data_owner", 123, 3, "the economy whose statistics the article reports"),
    Evidence("context.topic", 70, 1, "the economy the article is about (headline, dateline, data owner)"),
    Evidence("context.last_reporter", 294, 3, "the reporter of the article's figure before"),
    Evidence("context.most_named", 4, 0, "the economy the article names most"),
    Evidence("context.official", 5, 0, "the economy of the official quoted"),
    Evidence("context.pair", 66, 0, "the other side of the pair the article is about"),
    Evidence("context.last_pair", 21, 4, "the pair of the article's figure before"),
    Evidence("context.story_pair", 40, 7, "the pair of a purely bilateral story"),
    Evidence("context.story_pair_by_size", 3, 1, "the story's pair: a figure far too small for the world"),
    Evidence("context.world_by_size", 7, 0, "the world: a figure larger than the story pair's stated total"),
    Evidence("context.ranking_owner", 0, 0, "the data owner kept as reporter in a ranking of its partners"),
    Evidence("context.world_default", 558, 20, "no partner named anywhere: trade with the world"),
    # Chinese and Russian language packs.
    Evidence("lang.clause", 791, 36, "named in the clause of the figure (language pack)"),
    Evidence("lang.context", 474, 13, "carried from the article context (language pack)"),
    Evidence("lang.list", 82, 1, "a partner of a 分别 / соответственно list (language pack)"),
)

BY_ID: dict[str, Evidence] = {e.id: e for e in EVIDENCE}


def confidence(evidence_id: str | None) -> float | None:
    """The confidence of a kind of evidence; None for a side that was not resolved (or an unknown id)."""
    found = BY_ID.get(evidence_id) if evidence_id else None
    return found.confidence if found is not None else None


def describe(evidence_id: str | None) -> str:
    """ "explicit.role (named in a role around the figure ..., confidence 0.90)", for `tradewire explain`."""
    if not evidence_id:
        return "unresolved"
    found = BY_ID.get(evidence_id)
    if found is None:
        return evidence_id
    return f"{found.id}: {found.says} (confidence {found.confidence:.2f})"
