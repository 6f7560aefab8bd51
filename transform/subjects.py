"""Whose figure a sentence states when no word right before the amount says it.

The actors stage asks these when the roles around an amount name no reporter: the scene a sentence
opens on ("In neighbouring Gansu Province, ..."), the subject of a reporting verb ("Türkiye reported
..."), a possessive whose noun is elided ("..., while Chongqing's reached ..."), a share clause
("China's share reached 45.3% at $X"), or the whole a part belongs to ("Of this, exports were ...").
"""

from __future__ import annotations

import re

from transform.amounts import Amount
from transform.context import ArticleContext
from transform.draft import Draft, bracket_depth, coded_mentions
from transform.entities import EntityMention

# "In neighbouring Gansu Province, ...", "In Kyrgyzstan, ...": the sentence's scene, whose trade it then states.
_LOCATIVE_OPENING = re.compile(
    r"^\W*(?:Meanwhile,\s+|Elsewhere,\s+)?In\s+(?:the\s+)?(?:(?:neighbou?ring|nearby|adjacent|adjoining|"
    r"(?:north|south|east|west)(?:ern|-?western|-?eastern)?|central)\s+)?"
)


_LOCATIVE_CLOSE = re.compile(
    r"^\s*(?:(?:Uy[gh]ur|Hui|Zhuang)\s+)?(?:Autonomous\s+)?(?:Province|Region|province|region)?\s*,\s"
)


# "Türkiye, for its part, reported exports to ...", "the imports and exports of Shaanxi Province were ...".
_REPORTING_VERB_AFTER = re.compile(
    r"^(?:\s*,[^,]{1,30},)?\s+(?:also\s+)?(?:reported|recorded|registered|posted|logged|saw|declared)\b"
)


_TRADE_OF_BEFORE = re.compile(
    r"\b(?:trade|turnover|imports\s+and\s+exports|exports\s+and\s+imports|exports|imports)\s+of\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west)\w*\s+)?(?:China['’]s\s+)?$",
    re.IGNORECASE,
)


UNCODED_REGION_SUBJECT = re.compile(
    r"(?:^|\bbut\s+|\band\s+|\bwhile\s+|,\s+)(?:the\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+"
    r"(?P<unit>region|oblast|province|krai|district|governorate|Region|Oblast|Province|Krai)\b(?:\s+alone)?\s+"
    r"(?:reported|recorded|registered|posted|saw|had|logged)\b"
)


def reporting_subject(text: str, mentions: list[EntityMention], lo: int, before: int) -> EntityMention | None:
    """The economy that is the subject of a reporting verb, or the owner in "trade of X", before the figure."""
    for m in coded_mentions(mentions):
        if (
            m.start < lo
            or m.end >= before
            or m.kind not in ("country", "region")
            or m.possessive
            or m.adjective
            or m.descriptive
        ):
            continue  # "imports of Russian crude oil" is a product's origin, not whose trade it is
        if _REPORTING_VERB_AFTER.match(text[m.end : before]) and re.fullmatch(
            r"\W*(?:(?:In|During|For|Over|By)\b[^,;]{0,30},\s+)?(?:the\s+)?", text[lo : m.start]
        ):
            return m
        if _TRADE_OF_BEFORE.search(text[lo : m.start]):
            return m
    return None


def locative_frame(text: str, mentions: list[EntityMention], before: int) -> EntityMention | None:
    """The country or Chinese region a sentence opens on ("In neighbouring Gansu Province, ..."), if the
    figure follows that opening; never a group ("In Central Asia, ..." is a scope, not an economy)."""
    opening = _LOCATIVE_OPENING.match(text)
    if opening is None:
        return None
    m = next((m for m in coded_mentions(mentions) if m.start == opening.end()), None)
    if m is None or m.kind not in ("country", "region") or m.end >= before:
        return None
    return m if _LOCATIVE_CLOSE.match(text[m.end : before]) else None


# "China's share reached 45.3% at $6.1 billion", "the EU's share was 21%, or $8 billion" (inside a sentence).
_SHARE_CLAUSE = re.compile(
    r"(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})['’]s?\s+share\s+(?:\w+\s+)?"
    r"(?:was|stood\s+at|amounted\s+to|reached|came\s+to|made\s+up|rose\s+to|grew\s+to|fell\s+to)\s+"
    r"(?:about\s+|around\s+|nearly\s+|over\s+)?\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent),?\s+"
    r"(?:or|at|worth|amounting\s+to|equal\s+to)\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$"
)


def share_clause_partner(
    text: str, mentions: list[EntityMention], lo: int, amount_start: int
) -> EntityMention | None:
    """The economy whose share of the reporter's trade the amount right after the clause is."""
    m = _SHARE_CLAUSE.search(text, lo, amount_start)
    if m is None or m.end() != amount_start:
        return None
    named = [e for e in coded_mentions(mentions) if m.start("name") <= e.start < m.end("name")]
    if len(named) != 1 or named[0].kind not in ("country", "group"):
        return None
    return named[0]


# "China accounted for the largest foreign trade turnover, with trade amounting to $X": a country that
# accounts for (a part of) the trade is a partner in it; "foreign trade" there is the whole it is part of.
_PART_SUBJECT = re.compile(
    r"^\W*(?:(?:In|During|Over|For|Last|This|By|According)\b[^,;]{0,40},\s+)?(?:the\s+)?(?P<name>[A-Z][\w.’'-]*"
    r"(?:\s+[A-Z][\w.’'-]*){0,2}(?:\s+(?:countries|states|nations))?)\s+(?:alone\s+)?(?:accounted\s+for|accounts\s+for"
    r"|made\s+up|makes\s+up|make\s+up|account\s+for|represented|represents|represent)\s+(?:(?:the\s+)?(?:largest|biggest|highest|second-largest|third-largest|main"
    r"|a\s+(?:large|major|significant))\s+(?:share\s+(?:of|in)\s+(?:the\s+)?)?(?:\w+\s+){0,3}?"
    r"(?:trade|turnover)\b[^.;$€¥£\d]{0,40}"
    # "... accounted for the largest foreign trade turnover (21.5 percent or $2.13 billion)"
    r"(?:\(\s*\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent)\s*(?:,\s*|\s+or\s+)(?:about\s+|nearly\s+)?)?"
    r"|(?:about|nearly|some|over|almost|around)\s+"
    r"|\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent)\s+of\s+[^.;$€¥£\d]{0,40}?,?\s*or\s+(?:about\s+|nearly\s+|some\s+|almost\s+)?)?$"
)


def part_subject(text: str, mentions: list[EntityMention], amount_start: int) -> EntityMention | None:
    """The country a sentence opens with as the part of the trade the figure measures."""
    m = _PART_SUBJECT.match(text[:amount_start])
    if m is None:
        return None
    named = [e for e in coded_mentions(mentions) if e.start < amount_start]
    area = next((e for e in mentions if e.kind == "area" and e.start <= m.start("name") < e.end), None)
    if area is not None:
        return area  # "CIS countries make up 45.1% of foreign trade turnover, or $X": a partner with no code
    if len(named) != 1 or named[0].kind != "country" or named[0].possessive or named[0].adjective:
        return None
    return named[0] if m.start("name") <= named[0].start < m.end("name") else None


# "China was Kyrgyzstan's main trading partner ..., with turnover of $X", "Among CIS countries, Kazakhstan
# ranks second after Russia by trade volume — turnover rose to $X": the sentence's subject is ranked among
# the partners of the reporter (the owner named with "'s", else the article's), and is the partner.
_RANKED_SUBJECT = re.compile(
    r"^\W*(?:(?:In|During|Over|For|Last|This|By|Among|Notably|Meanwhile)\b[^,;]{0,40},\s+)?(?:the\s+)?"
    r"(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})\s+"
    r"(?:was|is|remained|remains|became|stayed|ranks|ranked|came|comes|placed|stood)\s+(?:also\s+|again\s+|still\s+)?"
    r"(?:as\s+)?(?:(?P<owner>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})['’]s\s+)?(?:the\s+)?"
    r"(?:(?:largest|biggest|main|leading|top|key|principal|major|first|second|third|fourth|fifth"
    r"|\w+-(?:largest|biggest))\b)"
)


def relative_partner(text: str, mentions: list[EntityMention], amount_start: int) -> EntityMention | None:
    """ "..., behind China, with which trade jumped 52.2 percent to $13.7 billion": the name the relative
    clause attaches to is the partner of its figure."""
    for m in coded_mentions(mentions):
        if (
            m.end < amount_start
            and re.match(r",?\s+with\s+(?:which|whom)\b", text[m.end :])
            and not re.search(r";|\.(?!\d)", text[m.end : amount_start])
            and m.kind in ("country", "group")
        ):
            return m
    return None


def ranked_subject(
    text: str, mentions: list[EntityMention], amount_start: int
) -> tuple[EntityMention, EntityMention | None] | None:
    """(partner, owner or None) when the sentence opens with a partner ranked among the owner's partners."""
    m = _RANKED_SUBJECT.match(text[:amount_start])
    if m is None:
        return None
    coded = [e for e in coded_mentions(mentions) if e.start < amount_start]
    subject = next((e for e in coded if m.start("name") <= e.start < m.end("name")), None)
    if subject is None or subject.kind != "country" or subject.possessive or subject.adjective:
        return None
    owner = None
    if m.group("owner") is not None:
        owner = next((e for e in coded if m.start("owner") <= e.start < m.end("owner")), None)
        if owner is None or owner.code == subject.code:
            return None
    return subject, owner


# "Tajik goods worth almost $170 million were shipped to Turkey": the goods' country is the exporter.
_GOODS_OF_BEFORE = re.compile(
    r"(?P<adj>\S+)\s+(?:goods|products|produce)\s+(?:worth\s+)?(?:about\s+|almost\s+|nearly\s+|some\s+|over\s+"
    r"|more\s+than\s+)?$"
)
# "$22 million in Kyrgyz exports": an adjective on the trade word after the amount names whose exports.
_ADJECTIVE_FLOW_AFTER = re.compile(r"^\s*in\s+(?P<adj>\S+)\s+(?P<flow>exports|imports)\b")


def goods_owner(text: str, mentions: list[EntityMention], amount_start: int) -> EntityMention | None:
    m = _GOODS_OF_BEFORE.search(text[:amount_start])
    if m is None:
        return None
    return next((e for e in coded_mentions(mentions) if e.adjective and e.start == m.start("adj")), None)


# "Demand for Chinese goods in Kazakhstan is rising, with imports up 33.5% at $11 billion": the goods' country
# is the origin, the country they are in the destination.
_GOODS_IN = re.compile(
    r"(?P<adj>\S+)\s+(?:goods|products|produce|merchandise)\s+(?:in|into|on\s+the\s+market\s+of)\s+"
    r"(?:the\s+)?(?P<where>\S)"
)


def goods_route(
    text: str, mentions: list[EntityMention], lo: int, before: int
) -> tuple[EntityMention, EntityMention] | None:
    """(origin, destination) of "<demonym> goods in <country>" between `lo` and `before`; None otherwise."""
    coded = coded_mentions(mentions)
    for m in _GOODS_IN.finditer(text, lo, before):
        origin = next((e for e in coded if e.adjective and e.start == m.start("adj")), None)
        where = next((e for e in coded if e.start == m.start("where") and not e.adjective), None)
        if origin is not None and where is not None and origin.code != where.code:
            return origin, where
    return None


def flow_of_adjective_after(
    text: str, mentions: list[EntityMention], amount_end: int, reporter: str | None, partner: str | None
) -> str | None:
    """ "$22 million in Kyrgyz exports" in China's trade with Kyrgyzstan: China's imports; None otherwise."""
    m = _ADJECTIVE_FLOW_AFTER.match(text[amount_end:])
    if m is None or reporter is None or partner is None:
        return None
    adjective = next(
        (e for e in coded_mentions(mentions) if e.adjective and e.start == amount_end + m.start("adj")), None
    )
    if adjective is None or adjective.code != partner:
        return None
    return "import" if m.group("flow") == "exports" else "export"


_ELIDED_NOUN_VERB = re.compile(
    r"^\s+(?:\w+ly\s+)?(?:reached|was|stood|came|totall?ed|amounted|rose|grew|jumped|fell|dropped|increased"
    r"|decreased|hit|climbed|declined|expanded)\b"
)


def elided_possessive(text: str, mentions: list[EntityMention], lo: int, before: int) -> EntityMention | None:
    """ "..., while Chongqing's reached 70.2 billion yuan": a possessive whose noun is the one just used."""
    for m in coded_mentions(mentions):
        if (
            lo <= m.start
            and m.end < before
            and m.possessive
            and m.kind in ("country", "region")
            and _ELIDED_NOUN_VERB.match(text[m.end : before])
            and re.search(r"(?:\b(?:while|whereas|and|but)|[,;])\s+(?:the\s+)?$", text[: m.start])
        ):
            return m
    return None


_OF_THIS_OPENING = re.compile(
    r"^\W*(?:Of\s+(?:this|that|these|which|it|the\s+total|this\s+(?:amount|sum|figure|total))|Within\s+(?:this|that)"
    r"|Including)\s*,?\s+",
    re.IGNORECASE,
)


def whole_of_part(
    ctx: ArticleContext, stat: Draft, text: str, mentions: list[EntityMention], amount: Amount
) -> Draft | None:
    """ "Of this, exports were $X" right after an aggregate figure of the sentence before: its part, whose
    reporter and partner are the whole's. None when a name before the amount says otherwise."""
    opening = _OF_THIS_OPENING.match(text)
    if opening is None or not ctx.stats or stat.flow not in ("export", "import", "balance"):
        return None
    last = ctx.stats[-1]
    # "Of this, Chinese imports made up $X" after Uzbekistan's trade with China: an adjective of one of
    # the whole's sides says whose goods they are, not another pair.
    if any(
        m.start < amount.start and not (m.adjective and m.code in (last.reporter, last.partner))
        for m in coded_mentions(mentions)
    ):
        return None
    if (
        last.role != "level"
        or last.commodity is not None
        or last.reporter is None
        or last.partner is None
        or last.flow != "total"
        or last.sentence.index != stat.sentence.index - 1
    ):
        return None
    return last


def whole_in_sentence(
    stats: list[Draft], text: str, mentions: list[EntityMention], stat: Draft, amount: Amount
) -> Draft | None:
    """ "... at $4.54bn, of which Chinese exports made up $3.71bn": a part of the sentence's bilateral total
    just before it, named by "of which" and at most an adjective of one of its sides."""
    if not stats or stat.flow not in ("export", "import"):
        return None
    # "$952 million in 2021 (in 2020 - $907.2 million), of which exports ...": not the bracketed comparison.
    outside = [s for s in stats if bracket_depth(text, s.amount.start) <= bracket_depth(text, amount.start)]
    if not outside:
        return None
    whole = outside[-1]
    if (
        whole.flow != "total"
        or whole.role != "level"
        or whole.partner in (None, "WORLD")
        or whole.reporter is None
    ):
        return None
    between = text[whole.amount.end : amount.start]
    if not re.search(r"\bof\s+which\b", between, re.IGNORECASE):
        return None
    inside = [m for m in coded_mentions(mentions) if whole.amount.end <= m.start < amount.start]
    if any(not (m.adjective and m.code in (whole.reporter, whole.partner)) for m in inside):
        return None
    return whole


def partner_goods_flow(text: str, mentions: list[EntityMention], whole: Draft, amount: Amount) -> str | None:
    """ "Of this, Chinese exports made up $X" in a part of Uzbekistan's trade with China: China's exports
    to Uzbekistan are Uzbekistan's imports; "Chinese imports" (imports of Chinese goods) are imports too."""
    for m in coded_mentions(mentions):
        if (
            m.start < amount.start
            and m.adjective
            and m.code == whole.partner
            and re.match(r"\s+(?:exports|imports|goods|supplies|deliveries)\b", text[m.end :], re.IGNORECASE)
        ):
            return "import"
    return None
