"""Trade flow and role of an amount: its trade word, else the figure or list it continues.

The stage after the guards (`decide_flow`): an amount with no trade word of its own takes the flow of
the figure it continues (the one before it in the sentence, a list under a header, "the figure", "of
that, goods ..."), and comes back with that figure so the actors stage can take its sides too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from transform.amounts import Amount
from transform.draft import (
    FRONTED_AMOUNT,
    FRONTED_CLAUSE,
    Draft,
    Drop,
    Flow,
    Role,
    SentenceReading,
    can_be_part_of,
    coded_mentions,
)
from transform.entities import EntityMention
from transform.figure_periods import period_is_comparison
from transform.guards import AmountView
from transform.mentions import UNIT_HEADER, YEAR_LABEL_BEFORE
from transform.patterns import (
    commodity_in,
    cue_after,
    cue_after_end,
    excess_balance,
    flow_cues,
    is_base_value,
    last_flow_cue,
)
from transform.periods import PeriodMention
from transform.rankings import FOLLOWED_BY, partner_list
from transform.sentences import Sentence

if TYPE_CHECKING:  # the context module imports this one
    from transform.context import ArticleContext

LIST_ITEM = re.compile(
    r"^\W{0,3}(?:the\s+)?(?P<name>[A-Z][\w’'\-\s]{1,40}?)\s*(?:[—–:]|\s-)\s*(?=[$€¥£\dA-Z])"
)


# A ranked partner or list ("Russia was the leading partner with $X") continues a figure at most this many
# sentences before it.
RANKED_WITHIN_SENTENCES = 3


def role_of(
    text: str, amounts: Sequence[Amount], i: int, periods: list[PeriodMention], has_level: bool
) -> Role:
    """ "base" for a comparison value ("up from $410.9 million", "($1.4 billion in the same period of 2022)")."""
    amount = amounts[i]
    before = text[: amount.start]
    between_prev = text[amounts[i - 1].end : amount.start] if i > 0 else ""
    if is_base_value(before) and not _other_flow_after(text, amounts, i):
        return "base"
    if (
        has_level
        and re.fullmatch(r"\s*\(\s*", between_prev)
        and amounts[i - 1].currency == amount.currency
        and not signed_balance(amount, before)
    ):
        return "base"
    if re.search(r"(?:figures?|level|\b(?:19|20)\d\d)\s*\(\s*$", before) or YEAR_LABEL_BEFORE.search(before):
        return "base"
    if re.search(r"\b(?:than|from|over|on)\s+(?:19|20)\d\d['’]s\s+$", before):
        # "That was 27% more than 2022's $70.2bn": the year before's value of the figure just stated.
        return "base"
    if any(text[p.end : amount.start].strip() == "(" for p in periods if p.end <= amount.start):
        return "base"  # "... compared to the same period of last year ($388.9 million)"
    if has_level and any(
        text[p.end : amount.start].strip() in ("–", "—", "-", ":") and period_is_comparison(text, p)
        for p in periods
        if p.end <= amount.start
    ):
        return "base"  # "46.1 percent more than in the same period last year – $371.8 million"
    if has_level and re.search(r"\(\s*$", before) and any(_labels_bracket(text, amount, p) for p in periods):
        return "base"  # "..., up 16.6 percent ($4.2 billion in January-June 2023)": the year before's value
    return "level"


def _other_flow_after(text: str, amounts: Sequence[Amount], i: int) -> bool:
    """ "$585 million of exports against $1.6 billion of imports": each amount names its own flow, so the
    second is the other flow, not the first's earlier level."""
    own = cue_after(text[amounts[i].end :])
    previous = cue_after(text[amounts[i - 1].end :]) if i > 0 else None
    return own is not None and previous is not None and own != previous


def _labels_bracket(text: str, amount: Amount, period: PeriodMention) -> bool:
    """Whether `period` closes the brackets `amount` opens: "($4.2 billion in January-June 2023)"."""
    return (
        period.start >= amount.end
        and re.fullmatch(r"\s*(?:in|for|during|over)?\s*(?:the\s+)?", text[amount.end : period.start])
        is not None
        and re.match(r"\s*\)", text[period.end :]) is not None
    )


def flow_of(
    cue: tuple[int, str] | None,
    after: str,
    role: str,
    text: str,
    stats: list[Draft],
    ctx: ArticleContext,
    n_amounts: int,
) -> tuple[str | None, Draft | None]:
    """The trade word before the amount, else right after it, else inherited from the figure it continues."""
    if cue is not None:
        return cue[1], None
    header = UNIT_HEADER.match(text) if ":" in text else None
    if header is not None:  # "Main partners, bln USD: Russia – 26,1; ...": the header says what the cells are
        flow = list_header_flow(header.group("header"))
        return (flow, ctx.stats[-1] if ctx.stats else None) if flow is not None else (None, None)
    flow = cue_after(after)
    if flow is not None:
        return flow, None
    if stats:
        return stats[-1].flow, stats[-1]
    if role == "base" and ctx.stats:
        return ctx.stats[-1].flow, ctx.stats[-1]
    if (
        LIST_ITEM.match(text)
        and ctx.stats
        and ((len(text) < 120 and n_amounts <= 2) or _TABLE_OF_PARTNERS.match(text))
    ):
        if ctx.list_header is not None:
            # Items under "The main trading partners:" take the header's flow, never the figure stated
            # before the header (a trade balance, say); a header without a trade word: emit nothing.
            return (ctx.list_header[0], ctx.stats[-1]) if ctx.list_header[0] is not None else (None, None)
        return ctx.stats[-1].flow, ctx.stats[-1]  # "- Kyrgyzstan — $22.7 billion (24%)" under a breakdown
    return None, None


# What the items of a list are, from its header's nouns when it has no trade word of its own.
# What a list or ranking of partners measures, from its noun: "export markets", "suppliers", "trading partners".
_PARTNER_NOUN = re.compile(
    r"\b(?:(?P<kind>trading|trade|export|import)\s+)?(?P<noun>partner|destination|market|supplier|buyer|source)s?\b"
    r"|\b(?P<turnover>turnover)\b",
    re.IGNORECASE,
)


def _partner_noun_flow(kind: str, noun: str) -> str | None:
    """Exports for a destination, market or buyer; imports for a supplier or an import source; the
    turnover for a (trading) partner; None for a bare "source" (of what is not said)."""
    kind, noun = kind.lower(), noun.lower()
    if kind == "export" or noun in ("destination", "buyer", "market"):
        return "export"
    if kind == "import" or noun == "supplier":
        return "import"
    return "total" if noun == "partner" else None


def list_header_flow(text: str) -> str | None:
    """ "The main trading partners (share in total turnover):" -> total; "Main export destinations:" -> export.

    The nouns decide first (a partner list measured against the turnover is a list of turnovers); then a
    single trade word; None when the header says nothing about trade or mixes flows."""
    for m in _PARTNER_NOUN.finditer(text):
        flow = "total" if m.group("turnover") else _partner_noun_flow(m.group("kind") or "", m.group("noun"))
        if flow is not None:
            return flow
    flows = {flow for _, _, flow in flow_cues(text)}
    return flows.pop() if len(flows) == 1 else None


# "Main destinations: Kazakhstan – $24.7 billion; Kyrgyzstan – $19.4 billion; ...": a table of partners as text.
_TABLE_ROW = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}\s*[—–-]\s*[$€¥£]?\s?\d[\d.,]*\s*(?:[a-z]+\s*){0,3}"


_TABLE_OF_PARTNERS = re.compile(
    r"^\W{0,3}(?:[A-Z]\w*\s+){0,2}(?:trading\s+|trade\s+|export\s+|import\s+)?"
    r"(?:partners|destinations|markets|buyers|suppliers|sources)(?:\s+in\s+\d{4})?\s*:\s*"
    rf"{_TABLE_ROW}(?:(?:[;,]|\s+and)\s+{_TABLE_ROW})+\.?$",
    re.IGNORECASE,
)


_FIGURE_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:same\s+)?(?:figure|indicator)\b", re.IGNORECASE)


def figure_anaphor(
    ctx: ArticleContext, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> Draft | None:
    """ "In the first ten months of last year, the figure stood at $X": the previous statistic, its own period.

    Only when the sentence names no one before the amount and the statistic of the sentence just before
    is an aggregate level.
    """
    if not ctx.stats or not _FIGURE_ANAPHOR.search(before):
        return None
    if any(m.start < len(before) for m in mentions):
        return None
    last = ctx.stats[-1]
    if last.role != "level" or last.commodity is not None or last.reporter is None:
        return None
    if last.sentence.index != sentence.index - 1:
        return None  # "the figure" is the one just stated, not one from paragraphs ago
    return last


# "Russia was the leading partner with $178.3 million", "The largest buyer was Kazakhstan with $310 million",
# "Russia ranked first with $610 million": a partner ranked by its figure, no trade word needed.
_RANK_WORD = (
    r"(?:largest|biggest|leading|top|main|principal|major|first|second|third|\w+-(?:largest|biggest))"
)


_RANK_NOUN = (
    r"(?:(?P<kind>trading|trade|export|import)\s+)?(?P<noun>partner|destination|market|supplier|buyer)\b"
)


_RANK_NAME = r"(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})"


_RANK_TAIL = (
    r"[^.;()$€¥£\d]{0,25}?\s+(?:with|at|on)\s+(?:a\s+share\s+of\s+\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent),?\s+or\s+)?"
    r"(?:about\s+|around\s+|nearly\s+|over\s+|some\s+)?$"
)


_LEAD = r"(?:(?:In|During|Over|For|Last|This|By)\b[^,;]{0,30},\s+)?"  # "In 2023, ...", "Last year, ..."


_RANKED_PARTNER = (
    re.compile(
        rf"^\W*{_LEAD}(?:the\s+)?{_RANK_NAME}\s+(?:was|remained|is|ranked|came\s+in|stayed)\s+(?:as\s+)?(?:the\s+)?"
        rf"{_RANK_WORD}\s+{_RANK_NOUN}{_RANK_TAIL}"
    ),
    re.compile(
        rf"^\W*{_LEAD}(?:The|Its|Their|the|its|their)\s+{_RANK_WORD}\s+{_RANK_NOUN}\s+(?:was|remained|is)\s+{_RANK_NAME}\s*,?{_RANK_TAIL}"
    ),
    re.compile(
        rf"^\W*{_LEAD}(?:Among\s+(?:(?P<kind>trading|trade|export|import)\s+)?(?P<noun>partner|destination|market|supplier|buyer)s"
        rf"\s*,\s+)?(?:the\s+)?{_RANK_NAME}\s+(?:led|topped\s+the\s+(?:list|ranking))(?:\s+(?:again|once\s+again))?"
        rf"{_RANK_TAIL}"
    ),
    re.compile(
        rf"^\W*{_LEAD}(?:the\s+)?{_RANK_NAME}\s+(?:ranked|came|was|placed|stood)\s+(?:first|second|third|fourth|fifth)"
        rf"(?:\s+among\s+(?:(?P<kind>trading|trade|export|import)\s+)?(?P<noun>partner|destination|market|supplier|buyer)s)?"
        rf"{_RANK_TAIL}"
    ),
)


# A place in a ranking, with no partner noun: "Russia comes second with $X", "Kazakhstan is in third place
# ($X)", "Next came the Kyrgyz Republic with $X", "Second place went to Kyrgyzstan, at $X". The ranked
# economy is the partner of the figure ranked before it (the whole, or the place before).
_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|\d{1,2}(?:st|nd|rd|th))"


_PLACE_TAIL = (
    r"[^.;()$€¥£\d]{0,25}?(?:\s+(?:with|at|on)\s+|\s*\(\s*|\s*,\s*(?:at\s+|with\s+)?|\s*[—–:]\s*)"
    r"(?:about\s+|around\s+|approximately\s+|nearly\s+|almost\s+|over\s+|some\s+)?$"
)


_RANKED_PLACE = (
    re.compile(
        rf"^\W*{_LEAD}(?:the\s+)?{_RANK_NAME}\s+(?:comes|came|is|was|ranks|ranked|placed|stood|sits|finished)"
        rf"\s+(?:in\s+)?(?:the\s+)?{_ORDINAL}(?:\s+(?:place|position|spot))?{_PLACE_TAIL}"
    ),
    re.compile(
        rf"^\W*(?:Next|Then|Behind\s+(?:it|them))\s*,?\s+(?:came|comes|was|is|were)\s+(?:the\s+)?{_RANK_NAME}"
        rf"{_PLACE_TAIL}"
    ),
    re.compile(
        rf"^\W*{_LEAD}(?:The\s+)?{_ORDINAL}\s+(?:place|position|spot)\s+(?:went\s+to|was\s+taken\s+by"
        rf"|belonged\s+to|is\s+held\s+by|was\s+held\s+by)\s+(?:the\s+)?{_RANK_NAME}{_PLACE_TAIL}",
        re.IGNORECASE,
    ),
)


def _ranked(before: str) -> re.Match[str] | None:
    for pattern in (*_RANKED_PARTNER, *_RANKED_PLACE):
        found = pattern.match(before)
        if found is not None:
            return found
    return None


def _ranked_before(ctx: ArticleContext, s: Draft, sentence: Sentence) -> bool:
    """Whether `s` is a ranked partner's figure (the first figure of a sentence that names a place in a
    ranking): a ranking continues from it to the next place. A later figure of that sentence ("and remains
    its biggest export market ($Y)") is an aside of another ranking."""
    return (
        s.partner not in (None, "WORLD")
        and s.reporter is not None
        and sentence.index - s.sentence.index <= RANKED_WITHIN_SENTENCES
        and _RANK_CUE.search(s.sentence.text) is not None
        and next(t for t in ctx.stats if t.sentence.index == s.sentence.index) is s
    )


_RANK_CUE = re.compile(
    rf"\b(?:{_RANK_WORD}|{_ORDINAL}\s+(?:place|position|spot)|followed\s+by)\b", re.IGNORECASE
)


def listed_partner_flow(reading: SentenceReading, before: str) -> str | None:
    """ "Russia ($750 million), China ($670 million) ... were Tajikistan's main trading partners": what the
    listed partners' figures measure, from the clause's noun."""
    amount = next((a for a in reading.amounts if a.start == len(before)), None)
    listed = partner_list(reading.text, reading.mentions, amount.start, amount.end) if amount else None
    if listed is None:
        return None
    return _partner_noun_flow(listed.kind, listed.noun.rstrip("s"))


def ranked_partner_flow(
    ctx: ArticleContext, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> str | None:
    """ "Russia was the leading partner with $X" after the reporter's figure with the world: that figure's
    flow (exports for a destination or buyer, imports for a supplier), the ranked economy the partner.

    Only right after (within three sentences of) an aggregate figure of one reporter with the world,
    and only when the ranked name is the one economy named before the amount.
    """
    m = _ranked(before)
    if m is None:
        return None
    named = [e for e in coded_mentions(mentions) if e.start < len(before)]
    if (
        len(named) != 1
        or named[0].possessive
        or not (m.start("name") <= named[0].start < m.end("name"))
        or named[0].kind not in ("country", "group")
    ):
        return None
    groups = m.groupdict()
    noun = (groups.get("noun") or "").lower()
    # "ranked first" names no noun: the flow of the figure ranked.
    flow = _partner_noun_flow(groups.get("kind") or "", noun) if noun else None
    whole = next(
        (
            s
            for s in reversed(ctx.stats)
            if s.role == "level"
            and s.commodity is None
            and (can_be_part_of(named[0].code, s.partner) or _ranked_before(ctx, s, sentence))
            and (
                flow is None
                or s.flow == flow
                or (s.flow == "total" and noun in ("supplier", "buyer", "destination"))
            )
            and s.flow != "balance"
        ),
        None,
    )
    if (
        whole is None
        or whole.reporter in (None, named[0].code)
        or sentence.index - whole.sentence.index > RANKED_WITHIN_SENTENCES
    ):
        return None
    # "China was the main supplier" after the turnover: imports from China, a part of that turnover.
    return flow if flow is not None and whole.flow == "total" else whole.flow


# "Of that, goods accounted for $14.9 billion": the goods part of the figure just stated (goods and services).
_GOODS_PART = re.compile(
    r"^\W*Of\s+(?:that|this|which|it|the\s+total|this\s+(?:amount|sum|figure|total))\s*,?\s+"
    r"(?:(?P<goods>merchandise|goods|trade\s+in\s+goods|goods\s+trade|commodities|physical\s+goods)"
    r"|(?P<partner>(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}))\s+"
    r"(?:alone\s+)?(?:accounted\s+for|made\s+up|amounted\s+to|came\s+to|totall?ed|were\s+worth|represented)\s+"
    r"(?:about\s+|around\s+|nearly\s+|over\s+|some\s+|almost\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)


def goods_part_of_previous(
    ctx: ArticleContext, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> Draft | None:
    """ "Of that, goods accounted for $X" right after a level figure: that figure's reporter, partner, flow
    and period, for the goods part (the whole may include services). "Of that, Russia accounted for $X"
    after a figure with the world or a group: Russia's part (the partner), when Russia is the one name."""
    m = _GOODS_PART.match(before)
    if not ctx.stats or m is None:
        return None
    last = ctx.stats[-1]
    if last.role != "level" or last.commodity is not None or last.reporter is None:
        return None
    if last.sentence.index != sentence.index - 1:
        return None
    if m.group("partner") is not None:
        named = [e for e in coded_mentions(mentions) if e.start < len(before)]
        if (
            len(named) != 1
            or named[0].possessive
            or named[0].kind not in ("country", "group")
            or named[0].code == last.partner
            or named[0].code == last.reporter
            or not can_be_part_of(named[0].code, last.partner)
            or not (m.start("partner") <= named[0].start < m.end("partner"))
        ):
            return None
    return last


# "Russia's share was 72 percent, or $3.2 billion": a country's part of the group or world figure just stated.
_SHARE_PART = re.compile(
    r"^\W*(?:The\s+)?(?P<partner>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})['’]s?\s+share\s+"
    r"(?:was|stood\s+at|amounted\s+to|reached|came\s+to|made\s+up)\s+(?:about\s+|around\s+|nearly\s+|over\s+)?"
    r"\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent),?\s+or\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$"
)


def share_part_of_previous(
    ctx: ArticleContext, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> Draft | None:
    """ "Russia's share was 72 percent, or $3.2 billion" right after a figure with the world or a group:
    Russia's part of it (the partner), same reporter, flow and period."""
    m = _SHARE_PART.match(before)
    if m is None or not ctx.stats:
        return None
    last = ctx.stats[-1]
    if (
        last.role != "level"
        or last.commodity is not None
        or last.reporter is None
        or last.sentence.index != sentence.index - 1
    ):
        return None
    named = [e for e in coded_mentions(mentions) if e.start < len(before)]
    if (
        len(named) != 1
        or named[0].kind != "country"
        or named[0].code == last.reporter
        or not can_be_part_of(named[0].code, last.partner)
        or not (m.start("partner") <= named[0].start < m.end("partner"))
    ):
        return None
    return last


# "In the previous year, it stood at $1.9 billion": "it" is the figure just stated, for a comparison period.
_PRONOUN_LEVEL = re.compile(
    r"^\W*[A-Z][^,;]{2,40},\s+(?:it|this|that)\s+(?:had\s+)?(?:stood\s+at|was|amounted\s+to|totall?ed|came\s+to"
    r"|reached|been)\s+(?:about\s+|around\s+|nearly\s+|some\s+|just\s+)?$"
)


def pronoun_base_value(
    ctx: ArticleContext, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> Draft | None:
    """ "A year earlier, it was $X" right after a level figure: that figure's value in the comparison period.

    Only called when every period the sentence names is a comparison (the value becomes a base value);
    the rest as for "the figure" (nothing named before the amount, an aggregate just before).
    """
    if not ctx.stats or not _PRONOUN_LEVEL.match(before) or any(m.start < len(before) for m in mentions):
        return None
    last = ctx.stats[-1]
    if last.role != "level" or last.commodity is not None or last.reporter is None:
        return None
    return last if last.sentence.index == sentence.index - 1 else None


# "Trade turnover rose 21%, to $1.65 billion, in 2018. In the first eight months of this year it grew 15%, to
# over $1.1 billion": "it" opening the clause is the statistic the sentence before stated, in its own period.
_IT_LEVEL = re.compile(
    r"^\W*(?:(?:In|During|Over|For|By|Last|This|So\s+far)\b[^,;$€¥£]{0,50}?,?\s+)?it\s+(?:has\s+|had\s+)?"
    r"(?:reached|came\s+to|grew|rose|stood\s+at|was|amounted\s+to|totall?ed|increased|climbed|jumped|hit"
    r"|exceeded|topped|surpassed)\b[^$€¥£;]{0,30}$",
    re.IGNORECASE,
)


def pronoun_level(
    ctx: ArticleContext, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> Draft | None:
    """ "In the first eight months of this year it grew 15%, to over $1.1 billion": the aggregate level the
    sentence just before stated is what "it" is; nothing may be named before the amount."""
    if not _IT_LEVEL.match(before) or any(m.start < len(before) for m in mentions):
        return None
    talk = ctx.trade_talk
    if talk is not None and talk.sentence.index == sentence.index - 1:
        return talk  # "China's trade with Ukraine also grew in the first quarter. It reached about …"
    if not ctx.stats or not _YEAR_NAMED.search(sentence.text):
        return None  # "In January, it was $150 million" after a year's figure: which January, not said
    last = ctx.stats[-1]
    if last.role != "level" or last.commodity is not None or last.reporter is None:
        return None
    return last if last.sentence.index == sentence.index - 1 else None


_YEAR_NAMED = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:this|last|the\s+current|the\s+previous)\s+year\b", re.IGNORECASE
)
_LEADING_PRODUCT = re.compile(
    r"^\W*(?P<c>[A-Za-z][a-z]+(?:\s+[a-z]+){0,2}?)\s+(?:(?:led|topped|headed)\s+(?:the\s+(?:list|way|ranking)\s+)?"
    r"(?:with|at|worth)|accounted\s+for|made\s+up)\s+(?:about\s+|nearly\s+|over\s+|some\s+)?$"
)


def leading_product_of(
    ctx: ArticleContext, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> tuple[str | None, Draft | None]:
    """ "Crude oil led the list with $1.9 billion" right after an export figure: that figure's product line."""
    m = _LEADING_PRODUCT.match(before)
    if m is None or not ctx.stats or any(e.start < len(before) for e in mentions):
        return None, None
    last = ctx.stats[-1]
    if last.sentence.index != sentence.index - 1 or last.flow not in ("export", "import") or last.commodity:
        return None, None
    product = commodity_in(m.group("c"))
    if product is None or product != " ".join(m.group("c").lower().split()):
        return None, None
    return product, last


_RESPECTIVELY = re.compile(
    r"\b(?P<a>exports?|imports?)\s+and\s+(?P<b>exports?|imports?)\b(?=.*\brespectively\b)", re.IGNORECASE
)


def respectively(text: str, amounts: Sequence[Amount], i: int) -> Flow | None:
    """ "exports and imports amounted to $3.4 billion and $12.1 billion, respectively": flows in order."""
    m = _RESPECTIVELY.search(text)
    if m is None:
        return None
    following = [a for a in amounts if a.start > m.end()]
    if amounts[i] not in following[:2] or len(following) < 2:
        return None
    word = (m.group("a") if amounts[i] is following[0] else m.group("b")).lower()
    return "export" if word.startswith("export") else "import"


# "Russia, China and Kazakhstan were the top three partners, with $A, $B and $C respectively".
RANKED_LIST = re.compile(
    rf"\b{_RANK_WORD}\s+(?:two|three|four|five|\d)?\s*(?:(?:trading|trade|export|import)\s+)?"
    r"(?:partners|destinations|markets|suppliers|buyers)\b",
    re.IGNORECASE,
)


# "Turkey ($1.42 bln), Russia ($1.18 bln) and China ($1.09 bln) were again the country's leading trade
# partners": partners each with its figure in brackets, then what they are ("headed the list of export
# destinations", "were the largest sources of imports").
_BRACKETED_ITEM = re.compile(
    r"\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}\s*\(\s*(?:more\s+than\s+|about\s+|over\s+|some\s+)?[$€¥£]"
)
_LIST_PREDICATE = re.compile(
    r"^\)?\s*(?:were|was|are|is|remain(?:ed)?|stayed|headed|topped|led|rounded\s+out)\b[^.;:]{0,80}?"
    r"\b(?P<what>(?:(?:trading|trade|export|import)\s+)?(?:partners?|destinations?|markets?|suppliers?|buyers?)"
    r"|sources?\s+of\s+(?:imports|exports|supplies))\b",
    re.IGNORECASE,
)


def bracketed_list_flow(text: str, amount: Amount) -> str | None:
    """The flow of partners listed with their figures in brackets, from what the sentence says they are after
    the list; None when the sentence lists fewer than two or does not say."""
    if len(_BRACKETED_ITEM.findall(text)) < 2:
        return None
    last_bracket = text.rfind(")", amount.end)
    if last_bracket < 0:
        return None
    m = _LIST_PREDICATE.match(text[last_bracket:])
    if m is None:
        return None
    what = m.group("what").lower()
    if what.startswith("source"):
        return "import" if "import" in what or "suppl" in what else "export"
    kind = what.split()[0] if " " in what else ""
    return _partner_noun_flow(kind, what.split()[-1].rstrip("s"))


# "Behind them in the ranking were China (more than $1.2 bln), Azerbaijan (more than $1 bln) and …": the
# ranking the sentences before began goes on, its items with their figures in brackets.
_RANKING_GOES_ON = re.compile(
    r"\b(?:behind\s+(?:them|it|these)|in\s+the\s+ranking|further\s+down(?:\s+the\s+(?:list|ranking))?"
    r"|next\s+(?:came|were)|then\s+came|after\s+(?:them|these))\b[^.;$€¥£]{0,40}$",
    re.IGNORECASE,
)


def ranking_goes_on_flow(ctx: ArticleContext, reading: SentenceReading) -> str | None:
    """The flow of the ranking a list of bracketed partners continues: that of the figure just before, in
    this sentence's paragraph, when the list opens on words that say the ranking goes on."""
    text = reading.text
    first = _BRACKETED_ITEM.search(text)
    if (
        first is None
        or len(_BRACKETED_ITEM.findall(text)) < 2
        or not _RANKING_GOES_ON.search(text[: first.start()])
    ):
        return None
    last = ctx.stats[-1] if ctx.stats else None
    if last is None or last.role != "level" or last.commodity is not None:
        return None
    near = (
        reading.sentence.index - last.sentence.index <= 2
        and last.sentence.paragraph == reading.sentence.paragraph
    )
    return last.flow if near else None


def ranked_list_flow(
    ctx: ArticleContext, sentence: Sentence, text: str, mentions: list[EntityMention]
) -> str | None:
    """The flow of a ranked list of partners given "respectively" with their values: that of the figure with
    the world (or a group of them all) stated within the three sentences before."""
    if not re.search(r"\brespectively\b", text) or RANKED_LIST.search(text) is None:
        return None
    names = [m.code for m in coded_mentions(mentions) if m.kind == "country"]
    for s in reversed(ctx.stats):
        if sentence.index - s.sentence.index > RANKED_WITHIN_SENTENCES:
            break
        if (
            s.role == "level"
            and s.commodity is None
            and s.flow != "balance"
            and names
            and all(can_be_part_of(code, s.partner) for code in names)
            and s.reporter not in names
        ):
            return s.flow
    return None


def balance_sign(value: Decimal, window: str) -> Decimal:
    excess = excess_balance(window)
    if excess is not None:
        return abs(value) if excess.group("more").lower().startswith("export") else -abs(value)
    words = re.findall(r"deficit|surplus|negative|positive", window, re.IGNORECASE)
    last = words[-1].lower() if words else ""
    if last in ("deficit", "negative"):
        return -abs(value)
    if last in ("surplus", "positive"):
        return abs(value)
    return value


def signed_balance(amount: Amount, before: str) -> bool:
    """ "(-$2.1 billion)" after an export and an import figure: a negative amount in brackets is the balance
    of the two (no export, import or turnover is below zero)."""
    return amount.value < 0 and re.search(r"\(\s*$", before) is not None


NO_FLOW = Drop("flow.none", "no trade word before or after it, and no figure or list it continues")


@dataclass(frozen=True)
class FlowDecision:
    """What the flow stage hands the actors stage: the amount's flow and role, where its trade word is,
    and the figure it continues (a list item, "the figure", "of that, goods ...")."""

    flow: Flow
    role: Role
    cue_start: int | None  # where the trade word starts in the sentence
    inherited_from: Draft | None
    leading_product: str | None  # "Crude oil led the list with $X": the product of a continued figure


def decide_flow(
    ctx: ArticleContext, reading: SentenceReading, view: AmountView, stats: list[Draft]
) -> FlowDecision | None:
    """The flow of an amount the guards kept: its trade word, else the figure it continues; None: no flow."""
    text, amounts, i = reading.text, reading.amounts, view.index
    role = role_of(text, amounts, i, reading.periods, bool(stats))
    cue = _cue(view, stats)
    if cue is None and i == 0 and FRONTED_AMOUNT.match(view.before):
        fronted = FRONTED_CLAUSE.match(view.after)
        found = flow_cues(fronted.group("clause")) if fronted else []
        if found:  # "At $41bn, Kazakhstan's bilateral turnover with China was ...": the clause's trade word
            cue = (view.amount.end + fronted.start("clause") + found[0][0], found[0][2])
    flow, inherited_from = flow_of(cue, view.after, role, text, stats, ctx, len(amounts))
    if cue is None and inherited_from is None and flow is not None and not stats:
        # "China was the main supplier, with $X worth of goods ...": the ranking says which flow.
        flow = ranked_partner_flow(ctx, reading.sentence, view.before, reading.mentions) or flow
    leading_product = None
    if flow is None and not stats:
        flow, role, inherited_from, leading_product = _continued(ctx, reading, view, role)
    if flow is None:
        return None
    respective = respectively(text, amounts, i)
    if respective is not None:
        flow = respective
    if signed_balance(view.amount, view.before):
        flow, role = "balance", "level"  # "imports $2.5 billion (-$2.1 billion)": exports less imports
    cue_start = cue[0] if cue is not None else None
    return FlowDecision(flow, role, cue_start, inherited_from, leading_product)


def _cue(view: AmountView, stats: list[Draft]) -> tuple[int, str] | None:
    """The trade word of the amount (its position in the sentence): the last one in its window, unless a
    ranking continues after it; else, for the sentence's first figure, the last one before the amount."""
    cue = last_flow_cue(view.window)
    if cue is not None and stats:
        followed = [m.start() for m in FOLLOWED_BY.finditer(view.window)]
        if followed and followed[-1] > cue[0]:
            cue = None  # "... goods delivered to X, followed by Russia ($Y)": the ranked figure's flow
        led = cue_after_end(view.window)
        if cue is not None and led is not None and cue[0] < led and cue_after(view.after) is not None:
            cue = (
                None  # "$Y in exports to X and $Z in imports": the window's trade word is the figure before's
            )
    if cue is not None and not _cue_behind_a_colon(view, view.window, cue):
        return view.window_start + cue[0], cue[1]
    if view.index == 0 or not stats:
        before = last_flow_cue(view.before)
        return None if before is not None and _cue_behind_a_colon(view, view.before, before) else before
    return None


def _cue_behind_a_colon(view: AmountView, text: str, cue: tuple[int, str]) -> bool:
    """ "That trade was lopsided: Beijing's data show $4.2 billion in Chinese exports": a trade word before a
    colon or semicolon gives way to the one right after the amount."""
    return cue_after(view.after) is not None and re.search(r"[:;]", text[cue[0] :]) is not None


def _continued(
    ctx: ArticleContext, reading: SentenceReading, view: AmountView, role: Role
) -> tuple[Flow | None, Role, Draft | None, str | None]:
    """A first figure without a trade word that continues one stated before: (flow, role, that figure,
    product). "the figure", "it was", "Crude oil led the list with", a ranked partner or list,
    "Of that, goods ...", "Russia's share was 72 percent, or ..."."""
    sentence, mentions, before = reading.sentence, reading.mentions, view.before
    comparison_only = bool(reading.periods) and not reading.own_periods
    leading_product = None
    inherited_from = figure_anaphor(ctx, sentence, before, mentions)
    if inherited_from is None and comparison_only:
        inherited_from = pronoun_base_value(ctx, sentence, before, mentions)
    if inherited_from is None and not comparison_only:
        inherited_from = pronoun_level(ctx, sentence, before, mentions)
    if inherited_from is not None and comparison_only:
        role = "base"  # "In the same period last year, this figure amounted to $X"
    if inherited_from is None:
        leading_product, inherited_from = leading_product_of(ctx, sentence, before, mentions)
    flow = inherited_from.flow if inherited_from is not None else None
    if flow is None:
        flow = listed_partner_flow(reading, before)
    if flow is None:
        flow = ranked_partner_flow(ctx, sentence, before, mentions)
    if flow is None:
        flow = ranked_list_flow(ctx, sentence, reading.text, mentions)
    if flow is None:
        flow = bracketed_list_flow(reading.text, view.amount) or ranking_goes_on_flow(ctx, reading)
    if flow is None:
        inherited_from = goods_part_of_previous(ctx, sentence, before, mentions)
        if inherited_from is None:
            inherited_from = share_part_of_previous(ctx, sentence, before, mentions)
        flow = inherited_from.flow if inherited_from is not None else None
    return flow, role, inherited_from, leading_product
