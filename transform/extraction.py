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
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from transform.amounts import SCALES, Amount, find_amounts, find_unitless_amounts, parse_number, to_float
from transform.entities import GROUP_PATTERNS, EntityMention, find_entities
from transform.ids import stat_id
from transform.model import ArticleText, TradeStatistic
from transform.patterns import (
    Percent,
    commodity_in,
    cue_after,
    find_percents,
    flow_cues,
    generic_commodity,
    is_base_value,
    is_change_amount,
    is_conversion,
    is_parenthetical_change,
    is_target,
    is_world_trade,
    last_flow_cue,
    non_trade_nearer,
    qualifier_before,
)
from transform.periods import PeriodMention, find_periods, shift_years
from transform.prefilter import finditer, search
from transform.reference import GROUP_MEMBERS, usd_rate
from transform.sentences import Sentence, split_sentences
from transform.version import EXTRACTOR_VERSION

Span = tuple[date, date]

_DATELINE_CAPITALS = {
    "ASTANA": "KZ",
    "NUR-SULTAN": "KZ",
    "ALMATY": "KZ",
    "BISHKEK": "KG",
    "DUSHANBE": "TJ",
    "TASHKENT": "UZ",
    "ASHGABAT": "TM",
    "ASHKHABAD": "TM",
    "BEIJING": "CN",
    "URUMQI": "CN-XJ",
    "MOSCOW": "RU",
    "ANKARA": "TR",
}
_DATA_SOURCE = re.compile(
    r"(?:statistic(?:s|al)?\s+(?:agency|committee|office|bureau|service|department)|customs|ministry\s+of\s+"
    r"(?:economy|trade)|general\s+administration\s+of\s+customs|GACC|national\s+statistics"
    r"|(?:agency|committee|office|bureau|service|department)\s+(?:on|of|for)\s+statistics)",
    re.IGNORECASE,
)
# "in Uzbek data", "Kazakh statistics put ...": an adjective of a country right before its data names the owner.
_NAMED_DATA = re.compile(
    r"^\s+(?:own\s+|official\s+|national\s+)?(?:official\s+|customs\s+|trade\s+)?(?:data|statistics|figures)\b",
    re.IGNORECASE,
)
_SIDE_SAID = re.compile(
    r"^\s+side\s+(?:said|says|reported|reports|noted|stated|announced|informed)\b", re.IGNORECASE
)
_NAMED_DATA_CITED = re.compile(
    r"^\s*(?:,\s*(?:however|though|meanwhile|in\s+turn)\s*,\s*)?(?:puts?|show(?:s|ed)?|indicate[sd]?|suggest(?:s|ed)?)\b",
    re.IGNORECASE,
)
_GACC = re.compile(r"General\s+Administration\s+of\s+Customs|\bGACC\b|\bGAC\b", re.IGNORECASE)
_ANAPHOR_REGION = re.compile(
    r"\b(?:the|this)\s+(?:autonomous\s+)?(?:region|province|municipality)['’]s\b"
    r"|\b(?:foreign\s+trade|trade|exports|imports)\s+of\s+the\s+(?:region|province|municipality)\b",
    re.IGNORECASE,
)
_ANAPHOR_COUNTRY = re.compile(
    r"\b(?:the|this)\s+(?:country|republic|nation)['’]s\b|\bthe\s+country\b", re.IGNORECASE
)
_BILATERAL = re.compile(
    r"\b(?:bilateral|two-way|mutual)\b|\b(?:the|both)\s+(?:two\s+)?(?:countries|sides|nations|states)\b"
    r"|\bbetween\s+them\b",
    re.IGNORECASE,
)
_THESE_PARTNERS = re.compile(
    r"\b(?:these|those|that|this)\s+(?:countries|country|partners|nations|markets)\b", re.IGNORECASE
)
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:while|whereas|and|but)\s+|\s+while\s+|\s+whereas\s+|,\s+with\s+(?=(?:[\w'’]+\s+)?(?:goods|exports|imports))"
)
_COMPARISON_BEFORE_PERIOD = re.compile(
    r"(?:\bthan(?:\s+in)?|\blevels?\s+(?:of|in|for|recorded\s+in)|\bcompared\s+(?:with|to)|\bagainst|\bversus|\bvs\.?|\bon|\bfrom|\bbelow|\babove"
    r"|\bsince|\brelative\s+to|\bshort\s+of|\b(?:record|peak|high|level)\s+of|(?:percent|%|increase|rise|growth|decline|drop)\s+(?:\w+\s+){0,2}?over(?=\s+(?:the\s+)?$))"
    r"\s+(?:the\s+)?(?:figures?\s+(?:for|of|in)\s+)?(?:(?:the|a)\s+)?$",
    re.IGNORECASE,
)
_OFFICIAL = re.compile(
    r"\b(?:Prime\s+Minister|Deputy\s+Prime\s+Minister|Minister|President|Cabinet|Ministry|Government|government"
    r"|Vice[- ]Premier|Premier|Deputy\s+Chairman|Chairman|customs|Customs|Statistics|statistics)\b"
)
_LIST_ITEM = re.compile(
    r"^\W{0,3}(?:the\s+)?(?P<name>[A-Z][\w’'\-\s]{1,40}?)\s*(?:[—–:]|\s-)\s*(?=[$€¥£\dA-Z])"
)
_PORT_POSITION = re.compile(r"(?:through|at|via|in|of)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass
class _Stat:
    """A statistic being assembled (mutable while the sentence is processed)."""

    sentence: Sentence
    amount: Amount
    flow: str
    role: str  # level | base
    reporter: str | None = None
    reporter_name: str | None = None
    partner: str | None = None
    partner_name: str | None = None
    period: Span | None = None
    change_pct: float | None = None
    change_claimed: bool = False
    share_pct: float | None = None
    qualifier: str | None = None
    value_usd: Decimal | None = None
    commodity: str | None = None
    value: Decimal = Decimal(0)
    blocked: bool = False  # the actor has no code (port, city, enterprise type)
    explicit_owner: bool = False  # reporter given as "the country's" next to its own statistics office
    tail_end: int = 0  # end of a partner named right after the amount ("$3.4 billion with Russia")


@dataclass
class _Context:
    published: date
    home: tuple[str | None, str | None] | None = None  # (code, name) of the data owner
    topic: tuple[str | None, str | None] | None = None
    dateline: tuple[str, str] | None = None
    period: Span | None = None
    stats: list[_Stat] = field(default_factory=list)
    country_counts: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    directional_reporter: str | None = None
    official: tuple[str, str] | None = None  # the country of the officials quoted (last resort)
    last_group: tuple[str, str] | None = None  # the group last named ("Central Asia"), for "the region"
    named_partner: tuple[str, str] | None = None  # the country last named as "with/to/from X" in trade talk
    story_pair: tuple[tuple[str, str], tuple[str, str]] | None = None  # the two sides a title is about
    # "The main trading partners (share in total turnover):" opens a list whose items take its flow
    # (None: a header without a trade word, whose items emit nothing); cleared by the first non-item.
    list_header: tuple[str | None] | None = None


# ------------------------------------------------------------------------------------------------ helpers

_GROUP_CODES = frozenset(["WORLD", *(code for code, _ in GROUP_PATTERNS)])


def _is_country(code: str | None) -> bool:
    """A country code (ISO alpha-2), not a region (CN-XJ) or a group (EU, C5, WORLD)."""
    return code is not None and len(code) == 2 and code not in _GROUP_CODES


def _can_be_part_of(country: str | None, whole_partner: str | None) -> bool:
    """Whether trade with `country` can be a part of trade with `whole_partner`: the world, a group whose
    membership is known and includes it, or another group (membership not listed)."""
    if country is None or whole_partner is None:
        return False
    if whole_partner == "WORLD":
        return True
    if whole_partner in GROUP_MEMBERS:
        return country in GROUP_MEMBERS[whole_partner]
    return whole_partner in _GROUP_CODES


def _coded(mentions: list[EntityMention]) -> list[EntityMention]:
    return [m for m in mentions if m.code is not None and not m.descriptive]


def _name(mention: EntityMention) -> str:
    return re.sub(r"['’]s?$", "", mention.text)


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in _CLAUSE_BREAK.finditer(text):
        if m.end() <= position:
            start = m.end()
        elif m.start() >= position:
            end = min(end, m.start())
            break
    return start, end


_CITATION_BEFORE = re.compile(
    r"(?:according\s+to|citing|cited\s+by|from|by|of|data\s+of)\s+(?:the\s+)?[\w'’\s]{0,40}$", re.IGNORECASE
)
_CITATION_AFTER = re.compile(
    r"^(?:[\w\s()]|,\s*(?:however|though|meanwhile|in\s+turn|for\s+(?:its|their)\s+part)\s*,){0,40}?"
    r"\b(?:data|figures|statistics|said|says|reported|reports|showed|show"
    r"|shows|puts|put|announced|released|published)\b",
    re.IGNORECASE,
)


_PARTNER_POSITION = re.compile(r"(?<!according\s)\b(?:with|to|from|and)\s+(?:the\s+)?$", re.IGNORECASE)


def _data_source(
    sentence: str, mentions: list[EntityMention], before: int | None = None
) -> tuple[str, str] | None:
    """The economy whose statistics a sentence cites: "China's customs", "Statistics Agency of Kyrgyzstan".

    Only a citation counts ("according to China's customs", "the agency's data show"), not "Chinese customs
    approved the first producers"; with `before`, only a citation ahead of that position.
    """
    for m in finditer(_DATA_SOURCE, sentence):
        if before is not None and m.start() > before:
            break
        if not (_CITATION_BEFORE.search(sentence[: m.start()]) or _CITATION_AFTER.match(sentence[m.end() :])):
            continue
        if _GACC.search(m.group(0)):
            return "CN", "China"
        if re.match(r"Urumqi\s+Customs", sentence[max(0, m.start() - 7) : m.end()], re.IGNORECASE):
            return "CN-XJ", "Xinjiang"  # the customs district of Xinjiang
        coded = [
            e
            for e in mentions
            if e.code is not None and not e.descriptive and e.kind in ("country", "region")
        ]
        for e in coded:
            gap_before = sentence[e.end : m.start()]
            gap_after = sentence[m.end() : e.start]
            if e.end <= m.start() and re.fullmatch(
                r"\s*(?:national|state|main|own|official|general)?\s*", gap_before, re.IGNORECASE
            ):
                return e.code, _name(e)  # "China's customs", "Kazakh statistics"
            if e.start >= m.end() and re.fullmatch(
                r"\s*(?:under\s+the\s+\w+\s+)?(?:of|in)\s+(?:the\s+)?", gap_after
            ):
                return e.code, _name(e)  # "the Statistics Agency of Tajikistan"
        near = [
            e
            for e in coded
            if max(0, m.start() - 45) <= e.start < m.end() + 25
            and not _PARTNER_POSITION.search(sentence[max(0, e.start - 15) : e.start])
        ]  # "trade with Russia ..., the Statistics Agency said": Russia is a side, not the office's country
        if near:
            best = min(near, key=lambda e: abs(e.start - m.start()))
            return best.code, _name(best)
    for e in mentions:
        if e.code is None or e.descriptive or e.kind != "country" or (before is not None and e.start > before):
            continue
        if e.adjective and _SIDE_SAID.match(sentence[e.end :]) and (before is None or e.start < before):
            return e.code, _name(e)  # "..., the Uzbek side said": the figures are that side's
        data = _NAMED_DATA.match(sentence[e.end :])
        if data is None or not e.text[:1].isupper():
            continue
        cited_before = re.search(r"\b(?:in|according\s+to|citing|by)\s+$", sentence[: e.start], re.IGNORECASE)
        if cited_before or _NAMED_DATA_CITED.match(sentence[e.end + data.end() :]):
            return e.code, _name(e)  # "in Uzbek data", "Kazakh statistics put ..."
    return None


def _update_home(ctx: _Context, sentence: str, mentions: list[EntityMention]) -> None:
    """The economy whose data the article reports: the statistics office or customs it names."""
    source = _data_source(sentence, mentions)
    if source is not None:
        ctx.home = source


_UNNAMED_STATISTICS_OFFICE = re.compile(
    r"\b(?:the\s+)?(?:National\s+|State\s+)?(?:Statistic(?:s|al)\s+(?:Committee|Agency|Office|Bureau|Service)"
    r"|(?:Committee|Agency|Office|Bureau)\s+(?:of|for|on)\s+Statistics)\b",
    re.IGNORECASE,
)


def _home_from_unnamed_office(
    ctx: _Context, sentence: str, mentions: list[EntityMention], stats: list[_Stat]
) -> None:
    """ "Tajikistan's trade with Russia amounted to $X, the Statistics Agency reported": an unnamed statistics
    office cited for the figures of one country named in the sentence is that country's office; its later
    mirror wording ("Russian exports to Tajikistan") is converted to that country's side. Without such a
    figure, in a story filed from a capital ("BISHKEK - ...") that names no other country, the capital's."""
    cited = any(
        not any(e.code is not None and m.start() - 30 <= e.start <= m.end() + 30 for e in mentions)
        and (_CITATION_BEFORE.search(sentence[: m.start()]) or _CITATION_AFTER.match(sentence[m.end() :]))
        for m in finditer(_UNNAMED_STATISTICS_OFFICE, sentence)
    )
    if not cited:
        return
    levels = {s.reporter for s in stats if s.role == "level"}
    countries = [m for m in _coded(mentions) if m.kind == "country"]
    if len(levels) == 1:
        reporter = levels.pop()
        owner = next((m for m in countries if m.code == reporter and not m.adjective), None)
        if owner is not None:
            ctx.home = (owner.code, _name(owner))
            return
    if ctx.dateline is not None and all(m.code == ctx.dateline[0] for m in countries):
        ctx.home = ctx.dateline  # "BISHKEK - ..., the National Statistical Committee said": Kyrgyzstan's


def _update_topic(ctx: _Context, sentence: str, mentions: list[EntityMention]) -> None:
    """The actor a sentence with a trade word is about: a possessive, or the sentence's subject."""
    if not flow_cues(sentence) and not search(_DATA_SOURCE, sentence):
        return
    for m in mentions:
        if m.descriptive or m.kind == "group":
            continue
        after = sentence[m.end : m.end + 60]
        if m.possessive and re.search(
            r"trade|export|import|turnover|partner|deficit|surplus", after, re.IGNORECASE
        ):
            ctx.topic = (m.code, _name(m))
            return
    for m in mentions:
        if m.descriptive or m.kind == "group":
            continue
        before = sentence[: m.start]
        if re.fullmatch(
            r"\W*(?:(?:In|Over|During|From|For|By)\s[^,]{0,40},\s*)?(?:the\s+)?", before, re.IGNORECASE
        ) or (m.code is None and re.search(r"\b(?:by|at|through)\s+(?:the\s+)?$", before)):
            ctx.topic = (m.code, _name(m))
            return


_LEADING_PERIOD = re.compile(r"\W*(?:(?:In|During|For|Over)\s+)?", re.IGNORECASE)


def _period_is_comparison(text: str, period: PeriodMention, ctx_period: Span | None = None) -> bool:
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
    before = text[max(0, period.start - 40) : period.start]
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
    if period.text.lower().startswith("from ") and period.kind == "explicit":
        return False
    return bool(_COMPARISON_BEFORE_PERIOD.search(before))


def _resolve(period: PeriodMention, ctx_period: Span | None) -> Span | None:
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


# ------------------------------------------------------------------------------------------------ roles


@dataclass
class _Roles:
    reporter: EntityMention | None = None
    partner: EntityMention | None = None
    pair: tuple[EntityMention, EntityMention] | None = None
    blocker: EntityMention | None = None
    loose: list[EntityMention] = field(default_factory=list)


_OWNED_SOURCE = re.compile(
    r"^\s*(?:national\s+|state\s+|main\s+|official\s+)?(?:General\s+Administration\s+of\s+Customs|customs"
    r"|statistic(?:s|al)?\s+(?:agency|committee|office|bureau|service|department)|national\s+statistics"
    r"|ministry\s+of\s+(?:economy|trade|commerce))\b",
    re.IGNORECASE,
)


def _cites_owner(text: str, mention: EntityMention) -> bool:
    """ "According to China's General Administration of Customs": the country owns the data source it
    names; it is who reports (see _data_source), never a side of the trade."""
    if not mention.possessive or mention.code is None:
        return False
    source = _OWNED_SOURCE.match(text[mention.end :])
    if source is None:
        return False
    after = text[mention.end + source.end() :]
    return bool(
        _CITATION_BEFORE.search(text[: mention.start]) or _CITATION_AFTER.match(after) or after.startswith(",")
    )


_OWN_TRADE_AFTER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:exports?|imports?|shipments|supplies|deliveries|purchases|sales)\b", re.IGNORECASE
)


def _roles(text: str, lo: int, hi: int, mentions: list[EntityMention], flow: str) -> _Roles:
    """Who trades with whom in text[lo:hi] (the words before an amount, or just after it)."""
    roles = _Roles()
    inside = [m for m in mentions if lo <= m.start < hi and not m.descriptive and not _cites_owner(text, m)]
    for i, m in enumerate(inside):
        pre = text[max(lo, m.start - 45) : m.start]
        post_start = m.end
        if text.startswith("  ", m.end):  # past a blanked appositive: "Kazakhstan, <...>, traded"
            post_start = len(text) - len(text[m.end :].lstrip()) - 1
        post = text[post_start : min(len(text), post_start + 60)]
        nxt = inside[i + 1] if i + 1 < len(inside) else None
        if m.code is None:
            source = re.search(
                r"(?:according\s+to|by|from|of)\s+(?:the\s+)?$", pre, re.IGNORECASE
            ) and re.search(r"customs|statistic", m.text + post[:15], re.IGNORECASE)
            if source:
                continue  # "according to Urumqi Customs": who reports, not whose trade
            if m.kind == "area":
                if re.search(r"\b(?:with|to|from)\s+(?:the\s+)?$", pre, re.IGNORECASE):
                    roles.partner = m  # "trade with CIS countries": a partner with no code
                continue
            if m.kind in ("port", "subnational", "enterprise") and (
                _PORT_POSITION.search(pre)
                or re.match(r"^\s*(?:\w+\s+){0,2}(?:handled|posted|saw|recorded|held|took)", post)
                or re.match(r"^\s*(?:\(|[—–]|-\s)", post)
                or m.kind == "port"
                or m.start - lo < 25
            ):
                roles.blocker = m
            continue
        if (
            nxt is not None
            and nxt.code is not None
            and re.search(
                r"(?:\bbetween|(?:trade|turnover)\s+(?:volume\s+)?of)\s+(?:the\s+)?$", pre, re.IGNORECASE
            )
            and re.fullmatch(r"\s+and\s+(?:the\s+)?", text[m.end : nxt.start])
        ):
            roles.pair = (m, nxt)
            continue
        if (
            nxt is not None
            and nxt.code is not None
            and re.fullmatch(r"\s?[-–—]\s?", text[m.end : nxt.start])
            and re.match(
                r"^\s*(?:\w+\s+){0,3}?(?:trade|turnover|commerce|economic\s+and\s+trade)",
                text[nxt.end : nxt.end + 40],
                re.IGNORECASE,
            )
        ):
            roles.pair = (m, nxt)
            continue
        if roles.pair is not None and m is roles.pair[1]:
            continue
        if re.search(
            r"\bwith\s+(?:the\s+|its\s+|neighbou?ring\s+|countries\s+of\s+the\s+)?$", pre, re.IGNORECASE
        ) and not (m.possessive and _OWN_TRADE_AFTER.match(post)):
            roles.partner = m  # not "..., with China's exports to X at $Y": there China owns the figure
        elif (
            re.search(
                r"\b(?:imports?|imported|purchases)\s+(?:\w+\s+){0,3}?(?:to|into)\s+(?:the\s+)?$",
                pre,
                re.IGNORECASE,
            )
            and flow == "import"
        ):
            roles.reporter = m
        elif re.search(r"\b(?:to|into)\s+(?:the\s+)?$", pre, re.IGNORECASE):
            roles.partner = m
        elif re.search(r"\bfrom\s+(?:the\s+)?$", pre, re.IGNORECASE):
            if flow == "export" and not re.search(r"import|bought|purchas", pre, re.IGNORECASE):
                roles.reporter = m
            else:
                roles.partner = m
        elif re.search(r"\b(?:imports?|purchases)\s+of\s+$", pre, re.IGNORECASE) and m.adjective:
            roles.partner = m
        elif re.search(
            r"(?:trade|turnover)\s+(?:\w+\s+){0,3}?(?:in|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
            pre,
            re.IGNORECASE,
        ) and not re.search(r"(?:share|part|bulk|percent|%)\s+of", pre, re.IGNORECASE):
            roles.reporter = m
        elif m.possessive and re.match(r"^\s*(?:\w+\s+)?share\s+(?:in|of)\b", post, re.IGNORECASE):
            roles.partner = (
                m  # "China's share in the turnover was $X": a partner's part of the reporter's trade
            )
        elif m.possessive:
            if re.match(
                r"^\s*(?:[\w-]+\s+){0,4}?(?:trade|trading|exports?|imports?|turnover|deficit|surplus|partner|goods|"
                r"foreign|shipments|supplies|balance|sold|bought|sales|purchases|figures?|data|statistics)",
                post,
                re.IGNORECASE,
            ):
                roles.reporter = m
        elif (
            m.adjective
            and re.search(r"\b(?:supplies|shipments|deliveries|exports)\s+of\s+$", pre, re.IGNORECASE)
            and re.match(r"^\s+(?:\w+\s+)?(?:goods|products|commodities)\b", post)
            and flow == "export"
        ):
            roles.reporter = m  # "supplies of Russian goods to X": Russia's exports
        elif (
            m.kind == "group"
            and re.match(r"^\s+(?:exports?|imports?|trade|turnover)\b", post)
            and re.search(r"(?:^|[,;:]\s*|\b(?:while|and|whereas|but)\s+|[-–—]\s*)(?:the\s+)?$", pre)
        ):
            roles.reporter = m  # "EU imports from Kazakhstan": a group as the subject of its own trade
        elif m.adjective:
            if re.match(
                r"^\s*(?:[\w-]+\s+){0,2}?(?:exports?|exported|shipments|supplies|deliveries|sales|imports?|trade)\b",
                post,
                re.IGNORECASE,
            ):
                roles.reporter = m
            else:
                roles.loose.append(m)
        elif re.match(
            r"^\s+(?:in\s+(?:(?:north|south|east|west)\w*\s+|central\s+)?China\s+)?(?:\w+\s+){0,1}"
            r"(?:imported|exported|sold|bought|traded|conducted|posted|ran|recorded|registered|reported|saw|logged"
            r"|handled|achieved|shipped|purchased|supplied|delivered|sent)\b",
            post,
            re.IGNORECASE,
        ):
            roles.reporter = m
        else:
            roles.loose.append(m)
    return roles


def _possessive_owner(text: str, mentions: list[EntityMention], hi: int) -> EntityMention | None:
    """ "X is China's largest trading partner": the possessive before 'partner' owns the figure."""
    for m in mentions:
        if (
            m.start < hi
            and m.possessive
            and not m.descriptive
            and m.code is not None
            and re.match(
                r"^\s*(?:[\w-]+\s+){0,3}?(?:trad(?:e|ing)\s+partner|partner|source\s+of\s+imports|export\s+destination)",
                text[m.end : m.end + 60],
                re.IGNORECASE,
            )
        ):
            return m
    return None


# ------------------------------------------------------------------------------------------------ extraction


def extract_candidates(article: ArticleText) -> list[TradeStatistic]:
    """Candidate statistics of one article, in order of appearance, duplicates removed."""
    published = article.published_at.date()
    ctx = _Context(published=published)
    sentences = split_sentences(article.body)
    if article.title:
        _prime_with_title(ctx, article.title)
    skipped = _page_furniture(sentences)
    amounts_by_sentence = [[] if s.paragraph in skipped else find_amounts(s.text) for s in sentences]
    for index, sentence in enumerate(sentences):
        if not amounts_by_sentence[index] and sentence.paragraph not in skipped and ":" in sentence.text:
            amounts_by_sentence[index] = _header_unit_table(sentence.text)
    _add_unitless(sentences, amounts_by_sentence)
    ctx.official = _official_country(sentences)
    results: list[_Stat] = []
    for index in range(len(sentences)):
        results.extend(_process_sentence(ctx, sentences, index, amounts_by_sentence))
    _attach_neighbour_changes(sentences, results, ctx)
    _attach_neighbour_shares(sentences, results, ctx)
    _bulletin_indices(sentences, results)
    return _finalise(article, results)


_PAREN_AFTER_AMOUNT = re.compile(r"^\s*\(\s*(?P<num>\d{1,3}(?:[.,]\d{1,2})?)\s?%\s*\)")


def _bulletin_indices(sentences: list[Sentence], results: list[_Stat]) -> None:
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


# The words that open a block of other stories' headlines.
_FURNITURE_WORDS = (
    r"(?:More\s+news|Related(?:\s+(?:news|articles|stories|posts|links))?|Read\s+(?:more|also)|See\s+also"
    r"|Also\s+read|Recommended|Most\s+(?:read|popular)|Popular|Latest\s+news|Top\s+stories|You\s+may\s+also\s+like)"
)
_FURNITURE_MARKER = re.compile(rf"^\W*{_FURNITURE_WORDS}\W*$", re.IGNORECASE)  # a line of its own


def _is_headline(paragraph: str) -> bool:
    """A line with no closing punctuation in Title Case: a headline, not a sentence of the story."""
    text = paragraph.strip()
    if not text or text[-1] in '.!?"”’)»:;':
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    if len(words) < 4:
        return False  # "Exports to China: $5.2 billion" is a list item, not a headline
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.75


_FURNITURE_LIST = re.compile(rf"^\W*{_FURNITURE_WORDS}\s*:\s*\S", re.IGNORECASE)  # "Related news: a | b"


def _page_furniture(sentences: list[Sentence]) -> set[int]:
    """Paragraphs that are page furniture: headlines, and unpunctuated lines after "More news"-like markers.

    The first paragraph may be the article's own title; it repeats a body figure, so skipping it loses
    nothing, while sidebar headlines ("Trade with X jumps 40% to $5 bln") would be read as statistics.
    """
    paragraphs: dict[int, str] = {}
    for s in sentences:
        paragraphs[s.paragraph] = paragraphs.get(s.paragraph, "") + " " + s.text
    skipped: set[int] = set()
    after_marker = False
    for index in sorted(paragraphs):
        text = paragraphs[index].strip()
        if _FURNITURE_MARKER.match(text):
            after_marker = True
            skipped.add(index)
            continue
        if _FURNITURE_LIST.match(text):
            skipped.add(index)  # "Related news: headline | headline | headline" on one line
            continue
        unpunctuated = bool(text) and text[-1] not in '.!?"”’)»'
        if _is_headline(text) or (after_marker and unpunctuated):
            skipped.add(index)
    return skipped


def _official_country(sentences: list[Sentence]) -> tuple[str, str] | None:
    """The country whose officials or statistics the article quotes first ("Kyrgyz Deputy Prime Minister")."""
    for sentence in sentences:
        for m in _coded(find_entities(sentence.text)):
            if m.kind != "country":
                continue
            if _OFFICIAL.match(sentence.text[m.end :].lstrip()) or (
                m.possessive and _OFFICIAL.search(sentence.text[m.end : m.end + 30])
            ):
                return m.code, _name(m)
    return None


def _prime_with_title(ctx: _Context, title: str) -> None:
    sides: dict[str, str] = {}
    for m in _coded(find_entities(title)):
        if m.kind in ("country", "group") and m.code != "WORLD":
            sides.setdefault(m.code, _name(m))
        if m.kind == "group":
            ctx.last_group = (m.code, _name(m))
        if m.kind == "country":
            ctx.country_counts[m.code] = ctx.country_counts.get(m.code, 0) + 2
            ctx.names.setdefault(m.code, _name(m))
    _set_story_pair(ctx, sides)


_GROUP_ANAPHOR = re.compile(
    r"\b(?:the\s+)?(?:union|bloc|grouping|association|organi[sz]ation|community)['’]s\s+member\s+"
    r"(?:states|countries|nations|economies)\b"
    r"|\b(?:the\s+)?member\s+(?:states|countries|nations|economies)(?:\s+of\s+the\s+(?:union|bloc))?\b"
    r"|\bthe\s+(?:union|bloc)(?:['’]s)?(?!\s+(?:of|between)\b)",
    re.IGNORECASE,
)


def _with_group_anaphors(ctx: _Context, text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """ "the union", "the bloc", "member states": the group named before (EAEU, EU, ASEAN), as a mention.

    Without a group named earlier in the article they stay unresolved (no partner from them).
    """
    if ctx.last_group is None:
        return mentions
    code, name = ctx.last_group
    added = []
    for m in _GROUP_ANAPHOR.finditer(text):
        if any(e.start < m.end() and m.start() < e.end for e in mentions):
            continue
        written = m.group(0)
        added.append(
            EntityMention(m.start(), m.end(), name, code, "group", written.endswith(("'s", "’s")))
        )
    return sorted(mentions + added, key=lambda e: e.start) if added else mentions


def _set_story_pair(ctx: _Context, sides: dict[str, str]) -> None:
    """ "China-Kazakhstan trade grows": a title naming exactly two economies makes a bilateral story."""
    if len(sides) == 2:
        (a, a_name), (b, b_name) = sides.items()
        ctx.story_pair = ((a, a_name), (b, b_name))


def _count_mentions(ctx: _Context, mentions: list[EntityMention]) -> None:
    for m in mentions:
        if m.kind == "group" and m.code is not None:
            ctx.last_group = (m.code, _name(m))
        if m.code is not None and m.kind in ("country", "region"):
            ctx.country_counts[m.code] = ctx.country_counts.get(m.code, 0) + 1
            if not m.adjective:
                ctx.names[m.code] = _name(m)
            else:
                ctx.names.setdefault(m.code, _name(m))


def _dateline(ctx: _Context, sentence: Sentence) -> None:
    """A dateline city ("DUSHANBE, July 1.") names the country the story is filed from: a last resort."""
    if sentence.index > 2 or ctx.dateline is not None:
        return
    m = re.match(r"^([A-Z][A-Z\-]{2,})[,.\s]", sentence.text)
    if m and m.group(1) in _DATELINE_CAPITALS:
        code = _DATELINE_CAPITALS[m.group(1)]
        ctx.dateline = (code, m.group(1).title())


def _add_unitless(sentences: list[Sentence], amounts: list[list[Amount]]) -> None:
    """ "exports reached 48.3 billion yuan, and imports stood at 14.2 billion": the unit the context gives.

    Only where the sentence (else the nearest of the two before it) uses a single currency with a scale.
    """
    for index, sentence in enumerate(sentences):
        if not flow_cues(sentence.text):
            continue
        context = amounts[index]
        for back in (1, 2):
            if context or index - back < 0:
                break
            context = amounts[index - back]
        currencies = {a.currency for a in context if not a.scale_missing and abs(a.value) >= 10**6}
        if len(currencies) != 1:
            continue
        text = sentence.text
        currency = currencies.pop()
        extra = [
            a
            for a in find_unitless_amounts(text, currency)
            if flow_cues(
                re.split(r"[,;]|\b(?:and|while|whereas)\b", text[max(0, a.start - 60) : a.start])[-1]
            )
        ]
        # "(2023: 3.6 billion)" labels the figure just before it: that figure's currency, no trade word needed.
        extra += [
            a
            for a in _year_labelled_amounts(text, currency)
            if any(
                b.currency == currency and 0 <= a.start - b.end <= 30 and not b.scale_missing
                for b in amounts[index]
            )
        ]
        if extra:
            amounts[index] = sorted(amounts[index] + extra, key=lambda a: a.start)


# "Main trading partners, bln USD: Russia – 26,1; China – 24,1": a table whose unit is in its header.
_UNIT_HEADER = re.compile(
    r"^\W{0,3}(?P<header>[A-Z][^:;$€¥£\d]{0,60}?),?\s*(?:\(?\s*(?:in\s+)?(?P<scale>bln|billion|mln|million)\s+"
    r"(?P<currency>USD|US\s+dollars|dollars|EUR|euros|yuan|CNY|tenge|KZT)|(?P<currency2>USD|US\$|\$|EUR|€)\s*"
    r"(?P<scale2>bln|billion|mln|million))\s*\)?\s*:\s*"
)
_HEADER_TABLE_CELL = re.compile(
    r"(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})\s*[—–-]\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?=[;,.]|\s+and\b|\s*\(|$)"
)
_HEADER_CURRENCIES = {"usd": "USD", "us dollars": "USD", "dollars": "USD", "us$": "USD", "$": "USD", "eur": "EUR",
                      "euros": "EUR", "€": "EUR", "yuan": "CNY", "cny": "CNY", "tenge": "KZT", "kzt": "KZT"}


def _header_unit_table(text: str) -> list[Amount]:
    """The cells of a one-line table whose unit is stated once in its header, as amounts in that unit.

    Only when every cell after the header is "Name – number" (at least two of them), so a sentence is
    never read as a table by accident."""
    header = _UNIT_HEADER.match(text)
    if header is None:
        return []
    rest = text[header.end() :]
    cells = list(_HEADER_TABLE_CELL.finditer(rest))
    leftover = _HEADER_TABLE_CELL.sub("", rest)
    if len(cells) < 2 or re.sub(r"[\s;,.]|\band\b", "", leftover):
        return []
    scale = SCALES[(header.group("scale") or header.group("scale2")).lower()]
    currency = _HEADER_CURRENCIES[(header.group("currency") or header.group("currency2")).lower()]
    out = []
    for cell in cells:
        number = parse_number(cell.group("num"))
        if number is None:
            return []
        start, end = header.end() + cell.start("num"), header.end() + cell.end("num")
        out.append(Amount(number * scale, currency, start, end, text[start:end]))
    return out


# "31.2 billion euros (2024: 29.4 billion)": a figure for an earlier year labelled by the year, table-style.
_YEAR_LABELLED = re.compile(
    r"\(\s*(?:19|20)\d\d\s*(?::|\s[–—-])\s*(?P<num>\d+(?:[.,]\d+)?)\s?(?P<scale>trillion|billion|bln|bn|million|mln)\s*\)",
    re.IGNORECASE,
)
_YEAR_LABEL_BEFORE = re.compile(r"\(\s*(?:19|20)\d\d\s*(?::|\s[–—-])\s*$")


def _year_labelled_amounts(text: str, currency: str) -> list[Amount]:
    """The unitless number of a "(2024: 29.4 billion)" label, read in the currency of the sentence."""
    out: list[Amount] = []
    for m in _YEAR_LABELLED.finditer(text):
        number = parse_number(m.group("num"), m.group("scale"))
        if number is not None:
            value = number * SCALES[m.group("scale").lower()]
            out.append(Amount(value, currency, m.start("num"), m.end("scale"), text[m.start("num") : m.end("scale")]))
    return out


# "688.3 billion yuan last year, or 96.1 billion U.S. dollars": any short phrase, then "or"/"equivalent to".
_LOOSE_CONVERSION = re.compile(
    r"^[^$€¥£\d;()]{0,40}?,?\s+(?:(?:which|that)\s+is\s+)?(?:(?:equivalent|equal)\s+to|or)\s+"
    r"(?:(?:about|around|approximately|roughly|some|nearly|almost|over|more\s+than|US|USD)\s+)*$",
    re.IGNORECASE,
)
_CONVERSION_TOLERANCE = Decimal("0.12")


def _rate_checked_conversion(amount: Amount, usd: Amount, between: str, published: date) -> bool:
    """A USD figure after a looser link ("..., or $X") is a conversion only if the implied exchange rate is
    within 12% of the currency's average rate in the publication year or the year before."""
    if usd.scale_missing or usd.value == 0 or not _LOOSE_CONVERSION.match(between):
        return False
    implied = abs(amount.value / usd.value)
    for year in (published.year, published.year - 1):
        rate = usd_rate(amount.currency, date(year, 1, 1), date(year, 12, 31))
        if rate is not None and abs(implied - rate) <= rate * _CONVERSION_TOLERANCE:
            return True
    return False


# The scale words amounts are written with (transform.amounts.SCALES), longest first, plus "$5m"/"$5b".
_SCALE_WORD = re.compile(
    r"\b(?P<word>" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")s?\b|\d\s*(?P<letter>[mb])\b",
    re.IGNORECASE,
)


def _stated_scale(amount: Amount) -> Decimal | None:
    """The scale word an amount was written with ("USD 1,024.6 million" -> 10**6), whatever its digits."""
    m = _SCALE_WORD.search(amount.text)
    if m is None:
        return None
    if m.group("word"):
        return SCALES[m.group("word").lower()]
    return SCALES["million"] if m.group("letter").lower() == "m" else SCALES["billion"]


def _infer_scale(
    amount: Amount, index: int, sentences: list[Sentence], amounts: list[list[Amount]]
) -> Amount | None:
    """ "$153.9" beside "$59.9 million": borrow the scale word of the amounts around it.

    In its own sentence, the nearest scaled amount before it and the nearest after it ("$118.7 and to
    Armenia to $41.2 million" takes the million, although "USD 1,024.6 million" before it has ten digits);
    else the nearest sentence of the paragraph. When those were written with different scale words, or
    without one, the scale is unknown and the amount is dropped.
    """
    paragraph = sentences[index].paragraph
    candidates: list[tuple[int, Decimal | None]] = []
    for j in range(max(0, index - 3), min(len(sentences), index + 4)):
        if sentences[j].paragraph != paragraph and abs(j - index) > 1:
            continue
        usable = [
            other
            for other in amounts[j]
            if not other.scale_missing and other.currency == amount.currency and abs(other.value) >= 1000
        ]
        if j == index:
            before = [o for o in usable if o.end <= amount.start]
            after = [o for o in usable if o.start >= amount.end]
            usable = ([before[-1]] if before else []) + ([after[0]] if after else [])
        candidates.extend((abs(j - index), _stated_scale(other)) for other in usable)
    if not candidates:
        return None
    nearest = min(distance for distance, _ in candidates)
    scales = {scale for distance, scale in candidates if distance == nearest}
    if len(scales) != 1 or None in scales:
        return None
    return amount.with_scale(scales.pop())


# "some $8 billion short of the 2013 peak", "$2 billion more than a year earlier": a difference of two figures.
_DIFFERENCE_AFTER = re.compile(
    r"^\s*(?:short\s+of|below|above|(?:more|less|higher|lower|greater|fewer)\s+than|up\s+on|down\s+on)\b",
    re.IGNORECASE,
)
# "Remittances, which the agency does not count as trade, are estimated at $2.5 billion": said not to be trade.
_NOT_COUNTED_AS_TRADE = re.compile(
    r"\b(?:not|never|n['’]t)\s+(?:\w+\s+){0,2}?(?:counted\s+|count(?:s)?\s+|included\s+|includes?\s+|part\s+of\s+)"
    r"(?:as\s+|in\s+)?(?:the\s+)?(?:foreign\s+|merchandise\s+)?(?:trade|turnover|exports|imports)\b",
    re.IGNORECASE,
)
# "Trade with Mongolia and Russia together accounted for ...": one figure for two partners, neither's alone.
_JOINT_PARTNERS = re.compile(
    r"\b(?:with|to|from)\s+(?:the\s+)?[A-Z][^,;$€¥£]{0,60}?\band\s+(?:the\s+)?[A-Z][^,;$€¥£]{0,40}?"
    r"\b(?:together|combined|jointly|taken\s+together)\b"
)


# "1.52 trillion tenge for the same period, equivalent to $2.95 billion": a period phrase before the conversion.
# "..., which is equivalent to about $10.3 billion", "... in 2023, or roughly $10.8 billion".
_PERIOD_THEN_CONVERSION = re.compile(
    r"^(?:\s+(?:in|for|during|over)\s+[^,;()$€¥£]{2,35}?)?,?\s+(?:(?:which|that)\s+is\s+)?"
    r"(?:(?:equivalent|equal)\s+to|or)\s+"
    r"(?:(?:about|around|approximately|roughly|some|nearly|almost|over|more\s+than|US|USD)\s+)*$",
    re.IGNORECASE,
)


def _process_sentence(
    ctx: _Context, sentences: list[Sentence], index: int, amounts_by_sentence: list[list[Amount]]
) -> list[_Stat]:
    sentence = sentences[index]
    found = _with_group_anaphors(ctx, sentence.text, find_entities(sentence.text))
    # A ranking appositive (", China's largest trading partner in the region,") is blanked out: its words
    # are neither the figure's trade word nor its sides (positions are kept, so amounts stay where they are).
    text, found = _without_appositive_rankings(sentence.text, found)
    mentions = _without_ranking_comparisons(text, found)
    _dateline(ctx, sentence)
    _count_mentions(ctx, mentions)
    _update_home(ctx, text, mentions)
    amounts = amounts_by_sentence[index]
    cues = flow_cues(text)
    header = not amounts and text.rstrip().endswith(":")
    # Most sentences state no figure and no trade word: their periods and percentages are never used
    # (only the context updates above and below apply), so they are not looked for.
    periods = find_periods(text, ctx.published) if amounts or cues or header else []
    percents = find_percents(text) if amounts else []

    # The sentence's own period (used when an amount has none nearer), then the article's running period.
    own_periods = [p for p in periods if not _period_is_comparison(text, p, ctx.period)]
    # "In the same period last year, trade with X stood at $Y": a comparison period leading the sentence is
    # the period of its figures (a level of the year before), not a base for a change.
    lead_periods = [p for p in periods if p not in own_periods and _LEADING_PERIOD.fullmatch(text[: p.start])]

    stats: list[_Stat] = []
    consumed: set[int] = set()
    for i, amount in enumerate(amounts):
        if i in consumed:
            continue
        if amount.scale_missing:
            scaled = _infer_scale(amount, index, sentences, amounts_by_sentence)
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
                or _PERIOD_THEN_CONVERSION.match(between)
                or _rate_checked_conversion(amount, nxt, between, ctx.published)
            ):
                value_usd = nxt.value if not nxt.scale_missing else None
                consumed.add(i + 1)
        if _not_a_level(text, amount, window, i, ctx.published.year):
            continue
        if _DIFFERENCE_AFTER.match(after) or _JOINT_PARTNERS.search(window) or _NOT_COUNTED_AS_TRADE.search(before):
            continue  # "$8 billion short of 2013", "with Mongolia and Russia together": not one stated figure
        role = _role(text, amounts, i, periods, bool(stats))
        cue, cue_offset = last_flow_cue(window), prev_end
        if cue is not None and stats:
            followed = [m.start() for m in _FOLLOWED_BY.finditer(window)]
            if followed and followed[-1] > cue[0]:
                cue = None  # "... goods delivered to X, followed by Russia ($Y)": the ranked figure's flow
        if cue is None and (i == 0 or not stats):
            cue, cue_offset = last_flow_cue(before), 0
        flow, inherited_from = _flow(cue, after, role, text, stats, ctx, len(amounts))
        if cue is None and inherited_from is None and flow is not None and not stats:
            # "China was the main supplier, with $X worth of goods ...": the ranking says which flow.
            flow = _ranked_partner_flow(ctx, sentence, before, mentions) or flow
        leading_product = None
        if flow is None and not stats:
            inherited_from = _figure_anaphor(ctx, sentence, before, mentions)
            if inherited_from is None and periods and not own_periods:
                inherited_from = _pronoun_base_value(ctx, sentence, before, mentions)
            if inherited_from is not None and periods and not own_periods:
                role = "base"  # "In the same period last year, this figure amounted to $X"
            if inherited_from is None:
                leading_product, inherited_from = _leading_product(ctx, sentence, before, mentions)
            flow = inherited_from.flow if inherited_from is not None else None
            if flow is None:
                flow = _ranked_partner_flow(ctx, sentence, before, mentions)
            if flow is None:
                flow = _ranked_list_flow(ctx, sentence, text, mentions)
            if flow is None:
                inherited_from = _goods_part_of_previous(ctx, sentence, before, mentions)
                if inherited_from is None:
                    inherited_from = _share_part_of_previous(ctx, sentence, before, mentions)
                flow = inherited_from.flow if inherited_from is not None else None
        if flow is None:
            continue
        respective = _respectively(text, amounts, i)
        if respective is not None:
            flow = respective
        respective_partner = _respective_partner(text, mentions, amounts, i)
        stat = _Stat(
            sentence=sentence, amount=amount, flow=flow, role=role, value=amount.value, value_usd=value_usd
        )
        stat.qualifier = qualifier_before(before)
        if flow == "balance":
            stat.value = _balance_sign(amount.value, text[: amount.start])
            if stat.value_usd is not None:
                stat.value_usd = abs(stat.value_usd) if stat.value > 0 else -abs(stat.value_usd)
        cue_start = cue[0] + cue_offset if cue is not None else None
        stat.commodity = leading_product or _commodity(text, cue_start, amount.start)
        if (
            stat.commodity is None
            and stats
            and stats[-1].commodity is not None
            and inherited_from is stats[-1]
        ):
            stat.commodity = _list_commodity(window)
            if stat.commodity is None:
                continue  # an item of a product list whose product is not clear: never an aggregate
        if _enterprise_subject(text[prev_end : amount.start]):
            continue  # "private enterprises in Fujian": an enterprise type, not an economy with a code
        _assign_actors(ctx, stat, text, mentions, prev_end, amount, amounts, i, inherited_from, stats)
        if inherited_from is not None and stats and inherited_from is stats[-1]:
            _keep_data_owner_in_ranking(ctx, stat, inherited_from, text[: amount.start])
        if stat.flow == "total" and not _owner_of_bilateral_total(ctx, stat, text, mentions, amount):
            continue
        if _ambiguous_among_many(text, mentions, prev_end, amount):
            continue
        if not _share_subject_is_partner(stat, text, mentions, amount):
            continue
        if stat.commodity is None:
            _product_phrase(stat, text, mentions, amount)
        if stat.flow == "balance":
            _balance_in_favour_of(stat, text, mentions, amount)
        if respective_partner is not None and respective_partner.code != stat.reporter:
            stat.partner, stat.partner_name = respective_partner.code, _name(respective_partner)
        leading = [p for p in lead_periods if _clause_bounds(text, amount.start)[0] <= p.start] if role == "level" else []
        _assign_period(ctx, stat, text, periods, own_periods or leading, amount, stats)
        restated = _restated(ctx, stat, text, mentions, amount) if not stats else None
        if restated is not None:
            _copy_actors(stat, restated)
            if not own_periods:
                stat.period = restated.period
        stats.append(stat)
    if stats:
        _assign_percents(text, stats, percents, amounts)
    # The running period: the period of this sentence's first level figure, or its own explicit period.
    level = [s for s in stats if s.role == "level" and s.period is not None]
    if level:
        _set_context_period(ctx, level[0].period)
    elif cues and own_periods:
        resolved = _resolve(own_periods[0], ctx.period)
        if resolved is not None:
            _set_context_period(ctx, resolved)
    if ctx.home is None:
        _home_from_unnamed_office(ctx, text, mentions, stats)
    if not amounts and text.rstrip().endswith(":"):
        _header_pair(ctx, text, mentions)
    _update_topic(ctx, text, mentions)
    if header:
        ctx.list_header = (_list_header_flow(text),)
        resolved = _resolve(own_periods[0], ctx.period) if len(own_periods) == 1 else None
        if resolved is not None:
            _set_context_period(ctx, resolved)  # "Main partners in 2022:": the items' period
    elif not _LIST_ITEM.match(text):
        ctx.list_header = None
    if cues:
        for m in _coded(mentions):
            if m.kind == "country" and re.search(r"\b(?:with|to|from)\s+(?:the\s+)?$", text[: m.start]):
                ctx.named_partner = (m.code, _name(m))
    for s in stats:
        if s.flow in ("export", "import") and s.reporter is not None and s.role == "level":
            ctx.directional_reporter = s.reporter
    ctx.stats.extend(stats)
    return stats


_RANKING = re.compile(
    r"\b(?:largest|biggest|leading|top|main|major|\w+-(?:largest|biggest)|second|third|fourth|fifth)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:trading|trade|export|import|economic)\s+partners?\b",
    re.IGNORECASE,
)
_COMPARED_WITH = re.compile(r"\b(?:after|behind|following|ahead\s+of|than)\s+(?:the\s+)?$", re.IGNORECASE)
# "trade with China exceeded that with Russia", "more than with Russia": compared with, in any sentence.
_COMPARED_ANYWHERE = re.compile(
    r"(?:\bthan\s+(?:with|to|from)|\b(?:that|those)\s+(?:with|to|from)|\b(?:overt(?:ook|aken|akes|aking|ake)"
    r"|outpac(?:ed|es|ing)|outstr(?:ipped|ips|ipping)|displac(?:ed|es|ing)|edg(?:ed|ing)\s+out))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_COMPARISON_WORD = re.compile(
    r"\b(?:than|that|those)\s+(?:with|to|from)\b|\b(?:overt(?:ook|aken|akes|aking|ake)|outpac(?:ed|es|ing)"
    r"|outstr(?:ipped|ips|ipping)|displac(?:ed|es|ing)|edg(?:ed|ing)\s+out)\b",
    re.IGNORECASE,
)
# "China's largest trading partner in Central Asia": the group after the ranking is its scope, not a side.
_RANKING_SCOPE = re.compile(r"\s+(?:in|among|within)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$", re.IGNORECASE)
_FOLLOWED_BY = re.compile(r"\b(?:followed\s+by|ahead\s+of|trailed\s+by)\s+", re.IGNORECASE)
_CLAUSE_SUBJECT_THOSE = re.compile(
    r"(?:^|[;,]\s*|\b(?:while|whereas|but|and)\s+)(?:those|that)\s+(?:with|to|from)\s+(?:the\s+)?$", re.IGNORECASE
)
_OWN_FIGURE_AFTER = re.compile(r"^\s*(?:\(|with\s+|at\s+|:|[—–-])\s*(?:about\s+|around\s+)?[$€¥£\d]", re.IGNORECASE)
_LIST_JOINER = re.compile(r"(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:the\s+)?", re.IGNORECASE)


# ", China's largest trading partner in the region,", ", the biggest economy in Central Asia,": an appositive
# ranking the name before it (no verb inside).
_RANKING_APPOSITIVE = re.compile(
    r",\s+(?:(?:which|that)\s+(?:is|was|remains|remained)\s+)?"
    r"(?:the\s+|its\s+|their\s+|(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,3}?[A-Z][\w.-]*['’]s\s+)(?:[\w'’-]+\s+){0,2}?"
    r"(?:largest|biggest|leading|top|main|major|principal|key|\w+-(?:largest|biggest)|second|third|fourth|fifth)\s+"
    r"(?:(?!(?:was|were|is|are|has|had|have|said|which|who|that|and|while|with)\b)[^,;.()$€¥£\d]){1,60}?,"
)


def _without_appositive_rankings(
    text: str, mentions: list[EntityMention]
) -> tuple[str, list[EntityMention]]:
    """ "Kazakhstan, China's largest trading partner in the region, traded $X with China": the appositive
    describes the name before it. Its names are no side of the figure and its words ("trading partner",
    "the region's") no trade word or anaphor: the text comes back with the appositive blanked (same length)
    and the mentions without those inside it."""
    spans = [
        (m.end, a.end()) for m in mentions if m.code is not None and (a := _RANKING_APPOSITIVE.match(text, m.end))
    ]
    if not spans:
        return text, mentions
    for lo, hi in spans:
        text = text[:lo] + " " * (hi - lo) + text[hi:]
    return text, [m for m in mentions if not any(lo < m.start < hi for lo, hi in spans)]


def _without_ranking_comparisons(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """ "China was Kazakhstan's second-largest trading partner after Russia": the economies a ranking is
    compared with ("after", "behind", "ahead of", "than") are no side of the figure's trade."""
    if not mentions:
        return mentions
    ranking_phrase = search(_RANKING, text)
    if ranking_phrase is None and not search(_COMPARISON_WORD, text):
        return mentions
    kept: list[EntityMention] = []
    previous_dropped: EntityMention | None = None
    for m in mentions:
        if _OWN_FIGURE_AFTER.match(text[m.end :]):
            previous_dropped = None  # "ahead of Russia ($5.6 billion)": that economy's own figure
            kept.append(m)
            continue
        before = text[max(0, m.start - 25) : m.start]
        ranked = ranking_phrase is not None and m.start > ranking_phrase.start()
        if (
            ranked
            and m.kind == "group"
            and m.start >= ranking_phrase.end()
            and _RANKING_SCOPE.fullmatch(text[ranking_phrase.end() : m.start])
        ):
            continue
        compared = bool((ranked and _COMPARED_WITH.search(before)) or _COMPARED_ANYWHERE.search(before))
        if compared and _CLAUSE_SUBJECT_THOSE.search(text[max(0, m.start - 40) : m.start]):
            compared = False  # "..., while those to Russia rose to $X": the subject of its own figure
        listed = previous_dropped is not None and bool(_LIST_JOINER.fullmatch(text[previous_dropped.end : m.start]))
        if compared or listed:
            previous_dropped = m
            continue
        previous_dropped = None
        kept.append(m)
    return kept


_ENTERPRISE_SUBJECT = re.compile(
    r"\b(?:private(?:ly[- ]owned)?|foreign[- ](?:invested|funded|owned)|state[- ]owned|collective"
    r"|non-state|domestic|local)\s+(?:enterprises|firms|companies|businesses)\s+(?:in|of|from|based\s+in)\b",
    re.IGNORECASE,
)


def _enterprise_subject(window: str) -> bool:
    """ "Private enterprises in Fujian imported and exported ...": the subject is an enterprise type."""
    return bool(_ENTERPRISE_SUBJECT.search(window))


_HEADER_TRADE_WITH = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:trade|turnover|exports?|imports?)\s+(?:\w+\s+)?with\s+(?:the\s+)?", re.IGNORECASE
)


def _header_pair(ctx: _Context, text: str, mentions: list[EntityMention]) -> None:
    """ "Kyrgyzstan's trade with Kazakhstan in January-June 2024:" over a list of figures: the list is about
    that pair (as a title naming two economies would make it)."""
    coded = [m for m in _coded(mentions) if m.kind in ("country", "group", "region")]
    if len(coded) != 2 or not coded[0].possessive:
        return
    if not _HEADER_TRADE_WITH.fullmatch(text[coded[0].end : coded[1].start]):
        return
    ctx.story_pair = ((coded[0].code, _name(coded[0])), (coded[1].code, _name(coded[1])))


def _keep_data_owner_in_ranking(ctx: _Context, stat: _Stat, ranked_before: _Stat, before: str) -> None:
    """ "Kazakhstan traded $X with China, followed by Kyrgyzstan at $Y and Uzbekistan at $Z" in China's data:
    down a ranking the ranked side changes and the data owner stays, whichever side the first item named
    first."""
    home = ctx.home[0] if ctx.home is not None else None
    sides = {ranked_before.reporter: ranked_before.reporter_name, ranked_before.partner: ranked_before.partner_name}
    if (
        stat.flow == "total"
        and home in sides
        and _FOLLOWED_BY.search(before)
        and stat.reporter != home
        and stat.partner not in (None, *sides)
    ):
        stat.reporter, stat.reporter_name = home, sides[home]


def _sentence_pair(stat: _Stat, mentions: list[EntityMention]) -> bool:
    """ "... between the two countries ..., making China Uzbekistan's largest partner": exactly two economies
    named in the sentence are the pair (the possessive one reports); otherwise False (emit nothing)."""
    countries: dict[str, EntityMention] = {}
    for m in _coded(mentions):
        if m.kind == "country":
            countries.setdefault(m.code, m)
    if len(countries) != 2:
        return False
    first, second = sorted(countries.values(), key=lambda m: (not m.possessive, m.start))
    stat.reporter, stat.reporter_name = first.code, _name(first)
    stat.partner, stat.partner_name = second.code, _name(second)
    return True


def _owner_of_bilateral_total(
    ctx: _Context, stat: _Stat, text: str, mentions: list[EntityMention], amount: Amount
) -> bool:
    """ "Kazakh statistics put the two countries' mutual trade at $X": the named statistics' country reports,
    the other side of the article's pair is the partner. False when that other side is unknown."""
    if not _BILATERAL.search(text[: amount.start]):
        return True
    source = _data_source(text, mentions, amount.start)
    if source is None or source[0] is None or "-" in source[0]:
        # "between the two countries" is never trade with the world: the pair or nothing.
        if stat.partner not in (None, "WORLD") or stat.blocked:
            return True
        if stat.reporter is None:
            return _sentence_pair(stat, mentions)
        story = _bilateral_story_partner(ctx, stat.reporter)
        named = {m.code for m in _coded(mentions) if m.kind == "country" and m.code != stat.reporter}
        if story is None and len(named) == 1:
            code = named.pop()
            story = code, next(_name(m) for m in mentions if m.code == code)
        if story is None:
            return False
        stat.partner, stat.partner_name = story
        return True
    if source[0] in (stat.reporter, stat.partner) and None not in (stat.reporter, stat.partner):
        other = stat.partner if stat.reporter == source[0] else stat.reporter
        other_name = stat.partner_name if stat.reporter == source[0] else stat.reporter_name
    else:
        others = [c for c in ctx.country_counts if c != source[0] and "-" not in c and c != "WORLD"]
        if len(others) != 1:
            return False  # "the two countries" cannot be resolved: emit nothing
        other, other_name = others[0], ctx.names.get(others[0], others[0])
    stat.reporter, stat.reporter_name = source
    stat.partner, stat.partner_name = other, other_name
    return True


# "Russia accounts for 91.5% of Kazakhstan's trade with the union, or $25.8 billion": the subject's part.
_SHARE_THEN_VALUE = re.compile(
    r"(?:accounts?|accounted|accounting)\s+for\s+(?:about\s+|around\s+|nearly\s+|over\s+|almost\s+)?"
    r"\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent)\s+of\s+(?P<whole>[^;()]{0,80}?),?\s+"
    r"(?:or|with\s+(?:a\s+)?(?:turnover|trade)\s+of|worth)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|roughly\s+)?$",
    re.IGNORECASE,
)


def _share_subject_is_partner(stat: _Stat, text: str, mentions: list[EntityMention], amount: Amount) -> bool:
    """The value after "X accounts for N% of <whole>, or" is X's part: X is the partner, the owner of the
    whole ("Kazakhstan's trade") the reporter. False (emit nothing) when the whole's partner is another
    country than X."""
    m = _SHARE_THEN_VALUE.search(text, 0, amount.start)
    if m is None or m.end() != amount.start:
        return True
    subject = next(
        (
            e
            for e in reversed(_coded(mentions))
            if e.end <= m.start() and re.fullmatch(r"\s*(?:alone\s+)?", text[e.end : m.start()])
        ),
        None,
    )
    if subject is None or subject.possessive:
        return True
    if stat.partner not in (None, subject.code) and not _can_be_part_of(subject.code, stat.partner):
        return False  # trade with another country (or a group without it): the subject's side cannot be told
    owner = next(
        (e for e in _coded(mentions) if m.start("whole") <= e.start < m.end("whole") and e.possessive), None
    )
    if owner is not None:
        stat.reporter, stat.reporter_name = owner.code, _name(owner)
    if stat.reporter == subject.code:
        return False
    stat.partner, stat.partner_name = subject.code, _name(subject)
    return True


_EXPLICIT_PAIR = re.compile(r"\bbetween\b|\bwith\b|\bto\b|\bfrom\b|['’]s\b|-", re.IGNORECASE)


def _ambiguous_among_many(
    text: str, mentions: list[EntityMention], prev_end: int, amount: Amount
) -> bool:
    """ "Uzbekistan, Kazakhstan and Russia traded goods worth $X": three or more economies as the subject of
    one figure and no word saying which two trade (between, with, to, from, a possessive): emit nothing."""
    start, _ = _clause_bounds(text, amount.start)
    start = max(start, prev_end)
    window = text[start : amount.start]
    countries = {m.code for m in _coded(mentions) if start <= m.start < amount.start and m.kind == "country"}
    return len(countries) >= 3 and not _EXPLICIT_PAIR.search(window)


_PRICE_AFTER = re.compile(
    r"^\s*(?:per|a|for\s+each)\s+(?:ton|tonne|kilo|kg|barrel|unit|head|thousand\s+cubic|cubic|litre|liter)",
    re.IGNORECASE,
)


_SIGNED_AFTER = re.compile(
    r"^[^.;,]{0,40}?\b(?:were|was|have\s+been|has\s+been|had\s+been|being|to\s+be)\s+"
    r"(?:signed|clinched|inked|concluded|agreed|sealed|struck|reached\s+at)\b",
    re.IGNORECASE,
)
_DEAL_ON_TRADE = re.compile(
    r"\b(?:agreements?|deals?|contracts?|memorand\w+|MoUs?|orders)\s+(?:on|for|to|covering|in)\s+[^.;,]{0,40}$",
    re.IGNORECASE,
)


# "increased by 31% to reach $1.2 billion": "to reach" after a past change says where it ended, not a goal.
_PAST_CHANGE_TO_REACH = re.compile(
    r"\b(?P<head>(?:rose|grew|increased|jumped|climbed|surged|soared|expanded|fell|dropped|declined|decreased"
    r"|edged\s+(?:up|down)|went\s+(?:up|down))(?:\s+by)?(?:\s+(?:about|nearly|some|over|almost|roughly))?"
    r"(?:\s+[\d.,]+\s*(?:%|percent|per\s+cent))?\s*,?)\s+to\s+(?:reach|hit)\b",
    re.IGNORECASE,
)


def _not_a_level(text: str, amount: Amount, window: str, i: int, published_year: int) -> bool:
    """Amounts that are no trade level: absolute changes, targets, prices, non-trade money."""
    before, after = text[: amount.start], text[amount.end :]
    if is_change_amount(before, after) or is_parenthetical_change(text, before, after):
        return True
    if is_target(_PAST_CHANGE_TO_REACH.sub(r"\g<head> reaching", window), after, published_year):
        return True
    if _PRICE_AFTER.match(after):
        return True
    if _SIGNED_AFTER.match(after) or _DEAL_ON_TRADE.search(window):
        return True  # agreements and deals are promises, not trade that took place
    return non_trade_nearer(window if flow_cues(window) or i == 0 else before)


def _role(text: str, amounts: list[Amount], i: int, periods: list[PeriodMention], has_level: bool) -> str:
    """ "base" for a comparison value ("up from $410.9 million", "($1.4 billion in the same period of 2022)")."""
    amount = amounts[i]
    before = text[: amount.start]
    between_prev = text[amounts[i - 1].end : amount.start] if i > 0 else ""
    if is_base_value(before):
        return "base"
    if has_level and re.fullmatch(r"\s*\(\s*", between_prev) and amounts[i - 1].currency == amount.currency:
        return "base"
    if re.search(r"(?:figures?|level|\b(?:19|20)\d\d)\s*\(\s*$", before) or _YEAR_LABEL_BEFORE.search(before):
        return "base"
    if any(text[p.end : amount.start].strip() == "(" for p in periods if p.end <= amount.start):
        return "base"  # "... compared to the same period of last year ($388.9 million)"
    return "level"


def _flow(
    cue: tuple[int, str] | None,
    after: str,
    role: str,
    text: str,
    stats: list[_Stat],
    ctx: _Context,
    n_amounts: int,
) -> tuple[str | None, _Stat | None]:
    """The trade word before the amount, else right after it, else inherited from the figure it continues."""
    if cue is not None:
        return cue[1], None
    header = _UNIT_HEADER.match(text) if ":" in text else None
    if header is not None:  # "Main partners, bln USD: Russia – 26,1; ...": the header says what the cells are
        flow = _list_header_flow(header.group("header"))
        return (flow, ctx.stats[-1] if ctx.stats else None) if flow is not None else (None, None)
    flow = cue_after(after)
    if flow is not None:
        return flow, None
    if stats:
        return stats[-1].flow, stats[-1]
    if role == "base" and ctx.stats:
        return ctx.stats[-1].flow, ctx.stats[-1]
    if _LIST_ITEM.match(text) and ctx.stats and ((len(text) < 120 and n_amounts <= 2) or _TABLE_OF_PARTNERS.match(text)):
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


def _list_header_flow(text: str) -> str | None:
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


def _figure_anaphor(
    ctx: _Context, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> _Stat | None:
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
_RANK_WORD = r"(?:largest|biggest|leading|top|main|principal|major|first|second|third|\w+-(?:largest|biggest))"
_RANK_NOUN = r"(?:(?P<kind>trading|trade|export|import)\s+)?(?P<noun>partner|destination|market|supplier|buyer)\b"
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


def _ranked_partner_flow(
    ctx: _Context, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> str | None:
    """ "Russia was the leading partner with $X" after the reporter's figure with the world: that figure's
    flow (exports for a destination or buyer, imports for a supplier), the ranked economy the partner.

    Only right after (within three sentences of) an aggregate figure of one reporter with the world,
    and only when the ranked name is the one economy named before the amount.
    """
    m = next((found for pattern in _RANKED_PARTNER if (found := pattern.match(before))), None)
    if m is None:
        return None
    named = [e for e in _coded(mentions) if e.start < len(before)]
    if (
        len(named) != 1
        or named[0].possessive
        or not (m.start("name") <= named[0].start < m.end("name"))
        or named[0].kind not in ("country", "group")
    ):
        return None
    noun = (m.group("noun") or "").lower()
    # "ranked first" names no noun: the flow of the figure ranked.
    flow = _partner_noun_flow(m.group("kind") or "", noun) if noun else None
    whole = next(
        (
            s
            for s in reversed(ctx.stats)
            if s.role == "level"
            and s.commodity is None
            and _can_be_part_of(named[0].code, s.partner)
            and (flow is None or s.flow == flow or (s.flow == "total" and noun in ("supplier", "buyer", "destination")))
            and s.flow != "balance"
        ),
        None,
    )
    if whole is None or whole.reporter in (None, named[0].code) or sentence.index - whole.sentence.index > 3:
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


def _goods_part_of_previous(
    ctx: _Context, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> _Stat | None:
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
        named = [e for e in _coded(mentions) if e.start < len(before)]
        if (
            len(named) != 1
            or named[0].possessive
            or named[0].kind not in ("country", "group")
            or named[0].code == last.partner
            or named[0].code == last.reporter
            or not _can_be_part_of(named[0].code, last.partner)
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


def _share_part_of_previous(
    ctx: _Context, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> _Stat | None:
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
    named = [e for e in _coded(mentions) if e.start < len(before)]
    if (
        len(named) != 1
        or named[0].kind != "country"
        or named[0].code == last.reporter
        or not _can_be_part_of(named[0].code, last.partner)
        or not (m.start("partner") <= named[0].start < m.end("partner"))
    ):
        return None
    return last


# "In the previous year, it stood at $1.9 billion": "it" is the figure just stated, for a comparison period.
_PRONOUN_LEVEL = re.compile(
    r"^\W*[A-Z][^,;]{2,40},\s+(?:it|this|that)\s+(?:had\s+)?(?:stood\s+at|was|amounted\s+to|totall?ed|came\s+to"
    r"|reached|been)\s+(?:about\s+|around\s+|nearly\s+|some\s+|just\s+)?$"
)


def _pronoun_base_value(
    ctx: _Context, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> _Stat | None:
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


_LEADING_PRODUCT = re.compile(
    r"^\W*(?P<c>[A-Za-z][a-z]+(?:\s+[a-z]+){0,2}?)\s+(?:(?:led|topped|headed)\s+(?:the\s+(?:list|way|ranking)\s+)?"
    r"(?:with|at|worth)|accounted\s+for|made\s+up)\s+(?:about\s+|nearly\s+|over\s+|some\s+)?$"
)


def _leading_product(
    ctx: _Context, sentence: Sentence, before: str, mentions: list[EntityMention]
) -> tuple[str | None, _Stat | None]:
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


def _respectively(text: str, amounts: list[Amount], i: int) -> str | None:
    """ "exports and imports amounted to $3.4 billion and $12.1 billion, respectively": flows in order."""
    m = _RESPECTIVELY.search(text)
    if m is None:
        return None
    following = [a for a in amounts if a.start > m.end()]
    if amounts[i] not in following[:2] or len(following) < 2:
        return None
    word = (m.group("a") if amounts[i] is following[0] else m.group("b")).lower()
    return "export" if word.startswith("export") else "import"


def _respective_partner(
    text: str, mentions: list[EntityMention], amounts: list[Amount], i: int
) -> EntityMention | None:
    """ "trade with Kazakhstan and Uzbekistan reached $X and $Y, respectively": partners in order."""
    if not re.search(r"\brespectively\b", text) or not amounts:
        return None
    first = amounts[0].start
    names = [m for m in _coded(mentions) if m.end <= first]
    run: list[EntityMention] = []
    for m in names:
        if run and re.fullmatch(
            r"\s*(?:,|,?\s+and|,?\s+as\s+well\s+as)\s+(?:the\s+)?", text[run[-1].end : m.start]
        ):
            run.append(m)
        else:
            run = [m]
    if (
        len(run) < 2
        or len(run) != len(amounts)
        or not (
            re.search(r"\b(?:with|to|from)\s+(?:the\s+)?$", text[: run[0].start])
            or _RANKED_LIST.search(text, 0, first)  # "Russia, China and Kazakhstan were the top partners"
        )
    ):
        return None
    return run[i]


# "Russia, China and Kazakhstan were the top three partners, with $A, $B and $C respectively".
_RANKED_LIST = re.compile(
    rf"\b{_RANK_WORD}\s+(?:two|three|four|five|\d)?\s*(?:(?:trading|trade|export|import)\s+)?"
    r"(?:partners|destinations|markets|suppliers|buyers)\b",
    re.IGNORECASE,
)


def _ranked_list_flow(ctx: _Context, sentence: Sentence, text: str, mentions: list[EntityMention]) -> str | None:
    """The flow of a ranked list of partners given "respectively" with their values: that of the figure with
    the world (or a group of them all) stated within the three sentences before."""
    if not re.search(r"\brespectively\b", text) or _RANKED_LIST.search(text) is None:
        return None
    names = [m.code for m in _coded(mentions) if m.kind == "country"]
    for s in reversed(ctx.stats):
        if sentence.index - s.sentence.index > 3:
            break
        if (
            s.role == "level"
            and s.commodity is None
            and s.flow != "balance"
            and names
            and all(_can_be_part_of(code, s.partner) for code in names)
            and s.reporter not in names
        ):
            return s.flow
    return None


def _set_context_period(ctx: _Context, period: Span) -> None:
    """A figure for the same months a year earlier is a comparison: it does not move the context."""
    if ctx.period is not None and shift_years(ctx.period, -1) == period:
        return
    ctx.period = period


def _balance_in_favour_of(stat: _Stat, text: str, mentions: list[EntityMention], amount: Amount) -> None:
    """ "a balance of $5 billion in China's favour" / "in favour of China": positive for the reporter when the
    balance favours it, negative when it favours the partner."""
    for m in _coded(mentions):
        if m.start < amount.end or m.start > amount.end + 40:
            continue
        gap = text[amount.end : m.start]
        favoured = (
            re.fullmatch(r"\s+in\s+(?:the\s+)?favou?r\s+of\s+(?:the\s+)?", gap, re.IGNORECASE)
            or (m.possessive and re.fullmatch(r"\s+in\s+", gap) and re.match(r"\s*favou?r\b", text[m.end :]))
        )
        if not favoured or m.code not in (stat.reporter, stat.partner):
            continue
        sign = 1 if m.code == stat.reporter else -1
        stat.value = sign * abs(stat.value)
        if stat.value_usd is not None:
            stat.value_usd = sign * abs(stat.value_usd)
        return


def _balance_sign(value: Decimal, window: str) -> Decimal:
    words = re.findall(r"deficit|surplus|negative|positive", window, re.IGNORECASE)
    last = words[-1].lower() if words else ""
    if last in ("deficit", "negative"):
        return -abs(value)
    if last in ("surplus", "positive"):
        return abs(value)
    return value


_CUE_WORD = re.compile(r"\S+")
# "exported 1.2 million tonnes of wheat worth $X", "imported cotton worth $X"
_GOODS_WORTH = re.compile(
    r"^(?:exported|imported|sold|bought|shipped|supplied|purchased|exports|imports|shipments|supplies)\s+"
    r"(?:(?:about|some|nearly|over|more\s+than\s+)?[\d.,]+\s+(?:(?:million|thousand|billion)\s+)?"
    r"(?:tons?|tonnes?|barrels|cubic\s+met(?:er|re)s|heads)\s+of\s+)?([a-z][a-z\s-]{2,30}?)\s+"
    r"(?:worth|valued\s+at|amounting\s+to|totaling|totalling)\s+$",
    re.IGNORECASE,
)
_OF_PHRASE = re.compile(
    r"^\s+(?:of|in)\s+((?:[\w-]+\s+){0,4}?[\w-]+)(?=\s+(?:to|from|with|into|amounted|reached|came|were|was"
    r"|totaled|totalled|stood|rose|fell|grew|increased|decreased|fetched|earned|brought|generated|hit|exceeded"
    r"|surged|jumped|dropped|declined|climbed|soared|topped|surpassed|added|,))",
    re.IGNORECASE,
)


_KIND_OF_PRODUCTS = re.compile(
    r"^(?!(?:other|various|all|many|such|these|those|its|their|the|our|finished|domestic|local|foreign|chinese"
    r"|more|most|some|different|key|main|major|manufactured|industrial|consumer)\s)[a-z-]{4,}\s+"
    r"(?:products|goods)$",
    re.IGNORECASE,
)
_TIME_WORD = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar"
    r"|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|quarter|half|year|month|months|period|week)\b",
    re.IGNORECASE,
)


def _commodity(text: str, cue_start: int | None, amount_start: int) -> str | None:
    """The product group: words right before the trade word, or "exports of X"; not an appositive list."""
    if cue_start is None:
        return None
    lo = max(0, cue_start - 40)
    word = _CUE_WORD.match(text, cue_start)
    cue_end = word.end() if word else cue_start
    before = text[lo:cue_start]
    cut = max(before.rfind(","), before.rfind(";"), before.rfind(" - "), before.rfind("("))
    if cut != -1:
        before = before[cut + 1 :]
    units = _GOODS_WORTH.match(text[cue_start:amount_start])
    if units:
        product = " ".join(units.group(1).split())
        if _KIND_OF_PRODUCTS.match(product) and not find_entities(product):
            return product.lower()  # "textile products worth $3.2 billion"
        if not re.search(
            r"\b(?:goods|products|merchandise|commodities|cargo|items|the|between|with|to|from|its|their"
            r"|were|was|are|is|been|have|has|had|reportedly|also|only)\b",
            product,
        ):
            return product
    of_phrase = _OF_PHRASE.match(text[cue_end:amount_start])
    if of_phrase and re.match(
        r"^(?:exports?|imports?|shipments|supplies|sales)$", text[cue_start:cue_end], re.IGNORECASE
    ):
        product = " ".join(of_phrase.group(1).split())
        if (
            not find_entities(product)
            and not re.search(
                r"\b(?:goods|merchandise|commodities|the|all|its|their|this|that|these|those|about|some|over|nearly)\b",
                product,
                re.IGNORECASE,
            )
            and not re.search(r"\d", product)
            and not _TIME_WORD.search(product)
        ):
            return product.lower()
    segment = before + text[cue_start:cue_end] + (" of " + of_phrase.group(1) if of_phrase else "")
    if re.search(r"\bgoods\b", segment, re.IGNORECASE) and not re.search(
        r"product|categor", segment, re.IGNORECASE
    ):
        return None
    return commodity_in(segment) or generic_commodity(text[lo:cue_start], text[cue_start:cue_end])


_NOT_A_PRODUCT = re.compile(
    r"^(?:goods|products|merchandise|commodities|cargo|items|trade|exports|imports|it|them|this|these|those"
    r"|the\s+goods|all\s+goods|various\s+goods)"
    r"(?:\s+(?:\w+ed|sold|sent|shipped|bought|brought|made|supplied|delivered|exported|imported))?$",  # "goods delivered"
    re.IGNORECASE,
)
_WORTH_OF_AFTER = re.compile(
    r"^\s*(?:worth|in\s+value)\s+of\s+(?P<p>(?:[A-Z][a-z]+\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)"
    r"(?=\s*(?:[,.;)]|$|\s(?:to|from|in|into|and|was|were|last|this|during|over)\b))"
)
_PURCHASES_OF = re.compile(
    r"\b(?:purchases|procurement|sales|deliveries)\s+of\s+(?P<p>(?:[A-Z][a-z]+\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)"
    r"(?=\s+(?:from|to|by|in|rose|fell|grew|reached|amounted|totaled|totalled|stood|were|was|worth|valued)\b|\s*,)"
)
_BUYER_OF = re.compile(
    r"\b(?P<role>buyers?|importers?|purchasers?|consumers?|customers?|suppliers?|exporters?|sellers?)\s+of\s+"
    r"(?P<p>(?:[A-Z][a-z]+\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)(?=\s+(?:was|were|is|are|remained|became)\b|\s*,)"
)


def _product_name(phrase: str) -> tuple[str | None, EntityMention | None]:
    """ "Uzbek yarn" -> ("yarn", the Uzbek mention); a generic word ("goods", "it") -> (None, ...)."""
    origin = next((m for m in find_entities(phrase) if m.code is not None and m.start == 0), None)
    product = phrase[origin.end :] if origin is not None else phrase
    product = " ".join(product.split()).lower()
    if not product or _NOT_A_PRODUCT.match(product) or find_entities(product) or _TIME_WORD.search(product):
        return None, origin
    return product, origin


def _product_phrase(stat: _Stat, text: str, mentions: list[EntityMention], amount: Amount) -> None:
    """Product-level wording the trade-word rules miss: never an aggregate figure.

    "$386 million worth of yarn", "purchases of cotton from ...", and "The largest buyer of Uzbek yarn was
    China, which purchased $386 million worth of it" (Uzbek exports of yarn to China: the buyer is the
    partner, the product's origin the reporter).
    """
    worth = _WORTH_OF_AFTER.match(text[amount.end :])
    product: str | None = None
    if worth is not None:
        product, _ = _product_name(worth.group("p"))
    if product is None:
        purchases = [m for m in _PURCHASES_OF.finditer(text) if m.start() < amount.start]
        if purchases:
            product, _ = _product_name(purchases[-1].group("p"))
    buyer = next((m for m in _BUYER_OF.finditer(text) if m.start() < amount.start), None)
    if product is None and buyer is not None:
        product, origin = _product_name(buyer.group("p"))
        if product is not None:
            named = [
                m for m in _coded(mentions)
                if m.start >= buyer.end() and m.start < amount.start and not m.adjective
            ]
            if origin is not None and named and named[0].code != origin.code:
                selling = buyer.group("role").lower().startswith(("supplier", "exporter", "seller"))
                stat.reporter, stat.reporter_name = origin.code, _name(origin)
                stat.partner, stat.partner_name = named[0].code, _name(named[0])
                stat.flow = "import" if selling else "export"
    if product is not None:
        stat.commodity = product


_LIST_PRODUCT = re.compile(
    r"(?:followed\s+by|,|\band|\bwhile|\bthen)\s+(?:by\s+)?(?:(?:exports|imports|shipments|supplies|sales)\s+of\s+)?"
    r"(?P<c>[a-z][a-z\s-]{2,30}?)\s*(?:at|worth|with|valued\s+at|totaling|totalling|of|\(|[-–—:])\s*$",
)


def _list_commodity(window: str) -> str | None:
    """ "..., followed by barley at $61.3 million and sunflower oil at $57.9 million": the item's product."""
    m = _LIST_PRODUCT.search(window)
    if m is None:
        return None
    product = re.sub(r"^(?:followed\s+by|then|and)\s+", "", " ".join(m.group("c").split()))
    if re.search(r"\b(?:the|its|their|total|trade|exports?|imports?|goods|which|this|that)\b", product):
        return None
    return product


def _context_reporter(ctx: _Context, anaphor: bool) -> tuple[str | None, str | None, bool]:
    """(code, name, known) of the economy a sentence means when it names none."""
    if anaphor:
        for candidate in (ctx.home, ctx.topic):
            if candidate is not None and candidate[0] is not None and "-" not in candidate[0]:
                return candidate[0], candidate[1], True
        if ctx.dateline is not None:
            return ctx.dateline[0], ctx.dateline[1], True
        ranked = sorted(ctx.country_counts.items(), key=lambda kv: -kv[1])
        if ranked:
            code = ranked[0][0]  # "the country's": the country the article (and its title) is about
            return code, ctx.names.get(code, code), True
    if ctx.stats:
        last = ctx.stats[-1]
        return last.reporter, last.reporter_name, True
    for candidate in (ctx.home, ctx.topic):
        if candidate is not None:
            return candidate[0], candidate[1], True
    if ctx.dateline is not None:
        return ctx.dateline[0], ctx.dateline[1], True
    if ctx.official is not None:
        return ctx.official[0], ctx.official[1], True
    return None, None, False


def _context_region(ctx: _Context) -> tuple[str, str] | None:
    """ "The region's foreign trade": the province the article is about (data owner, topic, most named)."""
    for candidate in (ctx.home, ctx.topic):
        if candidate is not None and candidate[0] is not None and "-" in candidate[0]:
            return candidate[0], candidate[1] or candidate[0]
    regions = sorted(((c, n) for c, n in ctx.country_counts.items() if "-" in c), key=lambda kv: -kv[1])
    if regions:
        return regions[0][0], ctx.names.get(regions[0][0], regions[0][0])
    return None


def _context_pair(ctx: _Context, reporter: str | None) -> str | None:
    """The other side of a bilateral story: the most-mentioned country that is not the reporter."""
    ranked = sorted(ctx.country_counts.items(), key=lambda kv: -kv[1])
    for code, _ in ranked:
        if (
            code != reporter
            and not (reporter and code.startswith(reporter + "-"))
            and not (reporter and reporter.startswith(code + "-"))
        ):
            return code
    return None


_PARTNER_ANAPHOR = re.compile(
    r"\s*\b(?:with|to|from|into)\s+(?P<what>the\s+(?:region|country|republic)|its\s+(?:\w+\s+)?neighbou?r)\b"
    r"(?!['’]s|\s+of\b)",
    re.IGNORECASE,
)


def _resolve_partner_anaphor(
    ctx: _Context, stats: list[_Stat], reporter: str | None, what: str
) -> tuple[str, str] | None:
    """ "with the region", "to the country", "with its southern neighbour": the partner named before.

    "the region" is the group last named (Central Asia); a country is the other side of the last figure
    that involves the reporter, else the data owner. None when that is not clear (no statistic then).
    """
    if reporter is None:
        return None
    if what.lower().endswith("region"):
        group = ctx.last_group
        return group if group is not None and group[0] != reporter else None
    for previous in reversed(stats + ctx.stats):
        sides = {previous.reporter: previous.reporter_name, previous.partner: previous.partner_name}
        if reporter in sides:
            other = [(c, n) for c, n in sides.items() if c not in (reporter, None, "WORLD")]
            if other and other[0][0] in ctx.country_counts:
                return other[0][0], other[0][1] or other[0][0]
            break
    home_first = what.lower().endswith("republic")  # "the republic": the country whose statistics these are
    if home_first and ctx.home is not None and ctx.home[0] not in (None, reporter) and _is_country(ctx.home[0]):
        return ctx.home[0], ctx.home[1] or ctx.home[0]
    if ctx.named_partner is not None and ctx.named_partner[0] != reporter:
        return ctx.named_partner
    if ctx.home is not None and ctx.home[0] not in (None, reporter) and "-" not in ctx.home[0]:
        return ctx.home[0], ctx.home[1] or ctx.home[0]
    return None


_WORLD_AFTER = re.compile(
    r"^\s*(?:overall|worldwide|globally|with\s+(?:the\s+)?(?:rest\s+of\s+the\s+)?world"
    r"|with\s+all\s+(?:its\s+|their\s+)?(?:trading\s+)?(?:partners|countries))\b",
    re.IGNORECASE,
)


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
    r"\b(?:trade|turnover|imports\s+and\s+exports|exports\s+and\s+imports|exports|imports)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_UNCODED_REGION_SUBJECT = re.compile(
    r"(?:^|\bbut\s+|\band\s+|\bwhile\s+|,\s+)(?:the\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+"
    r"(?P<unit>region|oblast|province|krai|district|governorate|Region|Oblast|Province|Krai)\b(?:\s+alone)?\s+"
    r"(?:reported|recorded|registered|posted|saw|had|logged)\b"
)


def _reporting_subject(
    text: str, mentions: list[EntityMention], lo: int, before: int
) -> EntityMention | None:
    """The economy that is the subject of a reporting verb, or the owner in "trade of X", before the figure."""
    for m in _coded(mentions):
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


def _locative_frame(text: str, mentions: list[EntityMention], before: int) -> EntityMention | None:
    """The country or Chinese region a sentence opens on ("In neighbouring Gansu Province, ..."), if the
    figure follows that opening; never a group ("In Central Asia, ..." is a scope, not an economy)."""
    opening = _LOCATIVE_OPENING.match(text)
    if opening is None:
        return None
    m = next((m for m in _coded(mentions) if m.start == opening.end()), None)
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


def _share_clause_partner(
    text: str, mentions: list[EntityMention], lo: int, amount_start: int
) -> EntityMention | None:
    """The economy whose share of the reporter's trade the amount right after the clause is."""
    m = _SHARE_CLAUSE.search(text, lo, amount_start)
    if m is None or m.end() != amount_start:
        return None
    named = [e for e in _coded(mentions) if m.start("name") <= e.start < m.end("name")]
    if len(named) != 1 or named[0].kind not in ("country", "group"):
        return None
    return named[0]


_ELIDED_NOUN_VERB = re.compile(
    r"^\s+(?:\w+ly\s+)?(?:reached|was|stood|came|totall?ed|amounted|rose|grew|jumped|fell|dropped|increased"
    r"|decreased|hit|climbed|declined|expanded)\b"
)


def _elided_possessive(text: str, mentions: list[EntityMention], lo: int, before: int) -> EntityMention | None:
    """ "..., while Chongqing's reached 70.2 billion yuan": a possessive whose noun is the one just used."""
    for m in _coded(mentions):
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


def _whole_of_part(
    ctx: _Context, stat: _Stat, text: str, mentions: list[EntityMention], amount: Amount
) -> _Stat | None:
    """ "Of this, exports were $X" right after an aggregate figure of the sentence before: its part, whose
    reporter and partner are the whole's. None when a name before the amount says otherwise."""
    opening = _OF_THIS_OPENING.match(text)
    if opening is None or not ctx.stats or stat.flow not in ("export", "import", "balance"):
        return None
    if any(m.start < amount.start for m in _coded(mentions)):
        return None
    last = ctx.stats[-1]
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


_PART_OF_WHOLE = re.compile(r"(?:\bof\s+which|\bof\s+this|\bof\s+that|\bincluding)\b", re.IGNORECASE)


def _assign_actors(
    ctx: _Context,
    stat: _Stat,
    text: str,
    mentions: list[EntityMention],
    prev_end: int,
    amount: Amount,
    amounts: list[Amount],
    i: int,
    inherited_from: _Stat | None,
    stats: list[_Stat],
) -> None:
    """Reporter and partner: explicit roles around the amount, then the sentence, then the article context."""
    flow = stat.flow
    breaks = list(_CLAUSE_BREAK.finditer(text, prev_end, amount.start)) if prev_end > 0 else []
    if breaks:
        prev_end = breaks[-1].end()  # names before the clause break belong to the figure before
    if prev_end > 0 and inherited_from is not None:
        followed = list(_FOLLOWED_BY.finditer(text, prev_end, amount.start))
        if followed:
            prev_end = followed[-1].end()  # "... with China, followed by Kyrgyzstan at $X": names after it
    roles = _roles(text, prev_end, amount.start, mentions, flow)
    elided = _elided_possessive(text, mentions, prev_end, amount.start) if stats else None
    if elided is not None and elided.code != stats[-1].reporter and stats[-1].partner != elided.code:
        # "Sichuan's foreign trade came to X, while Chongqing's reached Y": Chongqing's foreign trade.
        stat.reporter, stat.reporter_name = elided.code, _name(elided)
        stat.partner, stat.partner_name = stats[-1].partner, stats[-1].partner_name
        stat.flow = stats[-1].flow
        return
    whole = _whole_of_part(ctx, stat, text, mentions, amount) if not stats else None
    if whole is not None:  # "Of this, exports were 143.8 billion yuan": the whole's reporter and partner
        stat.reporter, stat.reporter_name = whole.reporter, whole.reporter_name
        stat.partner, stat.partner_name = whole.partner, whole.partner_name
        return
    tail_from = amount.end
    if stat.value_usd is not None and stat.amount.currency != "USD" and i + 1 < len(amounts):
        tail_from = amounts[i + 1].end
        close = text.find(")", tail_from, tail_from + 3)
        if close != -1:
            tail_from = close + 1
    nxt_start = next((a.start for a in amounts if a.start >= tail_from), len(text))
    tail_break = _CLAUSE_BREAK.search(text, tail_from)
    tail_end = min(nxt_start, tail_from + 70, tail_break.start() if tail_break else len(text))
    tail_roles = _roles(text, tail_from, tail_end, mentions, flow)  # never past "..., while B's exports"
    tail_text = text[tail_from:]
    head_flow = stats[-1].flow if stats else flow
    head_roles = _roles(text, 0, prev_end, mentions, head_flow) if prev_end > 0 else _Roles()
    reporter = roles.reporter
    partner = roles.partner
    if (
        partner is None
        and tail_roles.partner is not None
        and re.match(
            r"^\s*(?:in\s+(?:\w+\s+)?(?:trade|turnover)\s+|worth\s+of\s+goods\s+|of\s+goods\s+|worth\s+|goods\s+"
            r"|(?:was|were)\s+(?:conducted\s+)?)?(?:with|from|to)\s",
            tail_text,
            re.IGNORECASE,
        )
    ):
        partner = tail_roles.partner
        stat.tail_end = partner.end
    pair = roles.pair
    owner = _possessive_owner(text, mentions, amount.start)
    share_partner = _share_clause_partner(text, mentions, prev_end, amount.start)
    if share_partner is not None:
        # "..., while China's share reached 45.3% at $6.1 billion": China's part of the reporter's trade.
        partner = share_partner
        owner = None if owner is not None and owner.code == share_partner.code else owner
        reporter = None if reporter is not None and reporter.code == share_partner.code else reporter
    if owner is not None and reporter is None:
        reporter = owner
    if roles.blocker is not None and reporter is None:
        stat.blocked = True
        stat.reporter_name = _name(roles.blocker)
    window = text[prev_end : amount.start]
    world = is_world_trade(window if i > 0 else text[: amount.start]) or bool(_WORLD_AFTER.match(text[amount.end :]))
    # Explicit pair ("between A and B", "A-B trade").
    if pair is not None:
        a, b = pair
        if reporter is None or reporter.code == a.code:
            reporter, partner = a, b
        elif reporter.code == b.code:
            partner = a
    # Loose names: a list ("China (27.2 percent or $1.1 billion)", "Kazakhstan is China's ... partner").
    loose = [m for m in roles.loose if m.code is not None and (reporter is None or m.code != reporter.code)]
    partner_anaphor = _PARTNER_ANAPHOR.search(text[prev_end : amount.start]) or _PARTNER_ANAPHOR.match(
        re.sub(r"^\s*(?:in\s+(?:\w+\s+)?(?:trade|turnover)\s+)?", " ", tail_text[:60])
    )
    if (
        partner is None
        and partner_anaphor is not None
        and not partner_anaphor.group("what").lower().endswith("region")
        and len(loose) == 1
        and loose[0].kind == "country"
        and re.match(
            r"\s+(?:\w+\s+)?(?:had|has|ran|runs|posted|recorded|registered|enjoyed)\b", text[loose[0].end :]
        )
    ):
        # "Thus Kazakhstan had a surplus of $X with the republic": the one name is the subject.
        reporter = reporter or loose[0]
        loose = []
    if partner is None and loose and not world:
        candidate = loose[-1] if reporter is not None or owner is not None else loose[-1]
        if reporter is None and len(loose) >= 2 and flow != "total":
            reporter = loose[0]
            candidate = loose[-1]
        partner = candidate
    if stat.role == "base" and reporter is None and roles.partner is None and roles.pair is None:
        source = stats[-1] if stats else inherited_from or (ctx.stats[-1] if ctx.stats else None)
        if source is not None:
            _copy_actors(stat, source)
            return
    if inherited_from is not None and reporter is None and partner is None:
        # List item or continuation: same reporter as the figure before; the named entity is the partner.
        named = [m for m in _coded(mentions) if m.start < amount.start and m.start >= prev_end]
        stat.reporter, stat.reporter_name = inherited_from.reporter, inherited_from.reporter_name
        stat.blocked = inherited_from.blocked
        if named:
            stat.partner, stat.partner_name = named[-1].code, _name(named[-1])
        elif roles.blocker is not None:
            stat.blocked = True
            stat.reporter, stat.reporter_name = None, _name(roles.blocker)
            stat.partner, stat.partner_name = "WORLD", "world"
        else:
            stat.partner, stat.partner_name = inherited_from.partner, inherited_from.partner_name
        return
    if reporter is None and head_roles.reporter is not None and not stat.blocked:
        reporter = head_roles.reporter
    if reporter is None and not stat.blocked and not stats:
        framed = _locative_frame(text, mentions, amount.start)
        subject = _reporting_subject(text, mentions, prev_end, amount.start) if framed is None else None
        if framed is not None and (partner is None or partner.code != framed.code):
            reporter = framed  # "In neighbouring Gansu Province, foreign trade stood at ...": Gansu's trade
        elif subject is not None:
            reporter = subject  # "Türkiye reported exports to ...", "imports and exports of Gansu Province"
            if partner is not None and partner.code == subject.code:
                partner = None
            roles.loose[:] = [m for m in roles.loose if m.code != subject.code]
        else:
            uncoded = _UNCODED_REGION_SUBJECT.search(text, prev_end, amount.start)
            if uncoded is not None and not any(
                uncoded.start("name") <= m.start < uncoded.end("name") for m in _coded(mentions)
            ):
                # "the Astrakhan region alone reported turnover with ...": a region without a code owns it.
                stat.blocked = True
                stat.reporter_name = uncoded.group("name") + " " + uncoded.group("unit")
    # Reporter.
    anaphor = bool(_ANAPHOR_COUNTRY.search(_PARTNER_ANAPHOR.sub(" ", text[: amount.start])))
    if reporter is not None:
        stat.reporter, stat.reporter_name = reporter.code, _name(reporter)
    elif stat.blocked:
        stat.reporter = None
    elif _ANAPHOR_REGION.search(text[prev_end : amount.start]) and _context_region(ctx) is not None:
        stat.reporter, stat.reporter_name = _context_region(ctx)
    elif _ANAPHOR_REGION.search(text[prev_end : amount.start]) and ctx.last_group is not None:
        stat.reporter, stat.reporter_name = ctx.last_group  # "the region's exports" after "Central Asia"
    elif stats and stats[-1].role == "level" and not anaphor:
        stat.reporter, stat.reporter_name = stats[-1].reporter, stats[-1].reporter_name
        stat.blocked = stats[-1].blocked
    elif flow in ("export", "import") and ctx.home is not None and ctx.home[0] is not None and not anaphor:
        stat.reporter, stat.reporter_name = ctx.home
    else:
        code, name, _ = _context_reporter(ctx, anaphor)
        stat.explicit_owner = anaphor and ctx.home is not None and ctx.home[0] == code
        if partner is not None and code == partner.code:
            # "Kazakhstan accounted for ..." in an article whose last figure was Kazakhstan's: the
            # reporter is the other side.
            code, name = ctx.home if ctx.home and ctx.home[0] != code else (None, None)
        stat.reporter, stat.reporter_name = code, name
    # Partner.
    if (
        partner is None
        and not world
        and partner_anaphor is None
        and stats
        and stats[-1].partner is not None
        and stats[-1].reporter == stat.reporter
        and _PART_OF_WHOLE.search(text[prev_end : amount.start])
    ):
        # "... turnover stood at $38.9 billion, of which exports accounted for $21.2 billion": the part's
        # partner is the whole's, however many partners the article named before.
        stat.partner, stat.partner_name = stats[-1].partner, stats[-1].partner_name
        return
    if partner is None and partner_anaphor is not None:
        resolved = _resolve_partner_anaphor(ctx, stats, stat.reporter, partner_anaphor.group("what"))
        stat.partner, stat.partner_name = resolved if resolved is not None else (None, None)
        if resolved is not None and stat.reporter is not None:
            _mirror(ctx, stat, _data_source(text, mentions, amount.start))
        return
    if partner is not None:
        stat.partner, stat.partner_name = partner.code, _name(partner)
    elif world:
        stat.partner, stat.partner_name = "WORLD", "world"
    elif _BILATERAL.search(window if i > 0 else text[: amount.start]) or (head_roles.pair is not None):
        if head_roles.pair is not None:
            a, b = head_roles.pair
            stat.reporter, stat.reporter_name = a.code, _name(a)
            stat.partner, stat.partner_name = b.code, _name(b)
        else:
            other = _context_pair(ctx, stat.reporter)
            if stat.reporter is None and other is not None:
                code, name, _ = _context_reporter(ctx, True)
                if code is None:
                    code, name = other, ctx.names.get(other, other)
                stat.reporter, stat.reporter_name = code, name
                other = _context_pair(ctx, stat.reporter)
            stat.partner, stat.partner_name = other, ctx.names.get(other or "", other)
    elif _THESE_PARTNERS.search(window if i > 0 else text[: amount.start]) and (stats or ctx.stats):
        source = stats[-1] if stats else ctx.stats[-1]
        stat.partner, stat.partner_name = source.partner, source.partner_name
    elif stats and stats[-1].partner not in (None, "WORLD") and stats[-1].reporter in (stat.reporter,):
        stat.partner, stat.partner_name = stats[-1].partner, stats[-1].partner_name
    elif head_roles.partner is not None:
        stat.partner, stat.partner_name = head_roles.partner.code, _name(head_roles.partner)
    else:
        last = ctx.stats[-1] if ctx.stats else None
        if (
            (
                last is not None
                and last.sentence.paragraph == stat.sentence.paragraph
                and last.partner not in (None, "WORLD")
                and last.reporter == stat.reporter
            )
            or (
                last is not None
                and last.sentence.index == stat.sentence.index - 1
                and last.sentence.paragraph == stat.sentence.paragraph
                and last.partner not in (None, "WORLD")
                and stat.reporter in (last.reporter, last.partner)
                and stat.flow != "total"
            )
            or (
                # A product-level figure in a purely bilateral story ("Agricultural trade turnover came to ...").
                last is not None
                and stat.commodity is not None
                and last.partner not in (None, "WORLD")
                and stat.reporter in (last.reporter, last.partner)
                and len({frozenset((s.reporter, s.partner)) for s in ctx.stats}) == 1
            )
        ):
            stat.partner, stat.partner_name = last.partner, last.partner_name
            if stat.reporter == last.partner:
                stat.partner, stat.partner_name = last.reporter, last.reporter_name
        elif (story := _bilateral_story_partner(ctx, stat.reporter)) is not None:
            stat.partner, stat.partner_name = story
        elif ctx.story_pair is not None and not any(s.partner == "WORLD" for s in ctx.stats):
            # A bilateral story whose pair this figure's reporter is not part of: no guess at the world.
            stat.partner, stat.partner_name = None, None
        else:
            stat.partner, stat.partner_name = "WORLD", "world"
    if stat.reporter is not None and stat.reporter == stat.partner:
        # "the country's trade with X" where the context was X: take the data owner instead.
        if ctx.home and ctx.home[0] not in (None, stat.partner):
            stat.reporter, stat.reporter_name = ctx.home
        else:
            stat.partner, stat.partner_name = None, None
    _mirror(ctx, stat, _data_source(text, mentions, amount.start) or _data_source(text, mentions))


def _bilateral_story_partner(ctx: _Context, reporter: str | None) -> tuple[str, str] | None:
    """The other side of a purely bilateral story, for a figure that names no partner.

    "In November, trade turnover amounted to $10.2 billion" after China–Russia figures is China–Russia,
    not China's trade with the world: when every earlier aggregate of the article is between the
    reporter and one partner, that partner.
    """
    if reporter is None:
        return None
    aggregates = [s for s in ctx.stats if s.commodity is None and s.partner is not None]
    if not aggregates and ctx.story_pair is not None:
        (a, a_name), (b, b_name) = ctx.story_pair
        return (b, b_name) if reporter == a else (a, a_name) if reporter == b else None
    if not aggregates or any(s.partner == "WORLD" or s.reporter is None for s in aggregates):
        return None
    pairs = {frozenset((s.reporter, s.partner)) for s in aggregates}
    if len(pairs) != 1:
        return None
    last = aggregates[-1]
    if reporter == last.reporter:
        return last.partner, last.partner_name or last.partner
    if reporter == last.partner:
        return last.reporter, last.reporter_name or last.reporter
    return None


_CURRENCY_WORD = r"(?:yuan|renminbi|RMB|CNY|USD|EUR|KZT|dollars?|rubles?|roubles?|tenge|euros?|soms?|sums?)"
_RESTATEMENT = re.compile(
    rf"\bin\s+(?:U\.?S\.?[\s-]+)?{_CURRENCY_WORD}\s+terms\b"
    rf"|\b(?:denominated|measured|calculated|expressed|counted|converted)\s+in(?:to)?\s+(?:U\.?S\.?[\s-]+)?"
    rf"{_CURRENCY_WORD}\b",
    re.IGNORECASE,
)


def _restated(
    ctx: _Context, stat: _Stat, text: str, mentions: list[EntityMention], amount: Amount
) -> _Stat | None:
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


def _same_value_in_usd(previous: _Stat, amount: Amount) -> bool | None:
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


def _copy_actors(stat: _Stat, source: _Stat) -> None:
    stat.reporter, stat.reporter_name = source.reporter, source.reporter_name
    stat.partner, stat.partner_name = source.partner, source.partner_name
    stat.blocked = source.blocked
    if stat.flow != source.flow and not re.search(
        r"surplus|deficit|balance", stat.sentence.text, re.IGNORECASE
    ):
        stat.flow = source.flow
    if stat.commodity is None:
        stat.commodity = source.commodity


def _mirror(ctx: _Context, stat: _Stat, source: tuple[str, str] | None) -> None:
    """Mirror wording: "Kazakh exports to Uzbekistan" in an article reporting Uzbek data is an Uzbek import.

    The data owner is the statistics office the sentence cites, else the reporter of the article's
    earlier explicit exports or imports.
    """
    if stat.flow == "total" or stat.reporter is None or stat.partner in (None, "WORLD"):
        return
    owner = source[0] if source is not None else ctx.directional_reporter
    if owner is None and ctx.home is not None:
        owner = ctx.home[0]  # the article attributes its figures to this economy's statistics
    if stat.explicit_owner:
        return  # "the country's exports" after naming Kazakhstan's statistics office: its own data
    if owner is not None and owner == stat.partner and owner != stat.reporter:
        stat.reporter, stat.partner = stat.partner, stat.reporter
        stat.reporter_name, stat.partner_name = stat.partner_name, stat.reporter_name
        if stat.flow == "balance":
            # Russia's surplus with China is, in China's data, China's deficit with Russia.
            stat.value = -stat.value
            if stat.value_usd is not None:
                stat.value_usd = -stat.value_usd
        else:
            stat.flow = "import" if stat.flow == "export" else "export"


def _assign_period(
    ctx: _Context,
    stat: _Stat,
    text: str,
    periods: list[PeriodMention],
    own_periods: list[PeriodMention],
    amount: Amount,
    stats: list[_Stat],
) -> None:
    main_period = (
        next((s.period for s in reversed(stats) if s.role == "level" and s.period), None) or ctx.period
    )
    if stat.role == "base":
        # The comparison period written next to the base value, else the main period a year earlier.
        near = [p for p in periods if abs(p.start - amount.end) < 60 or abs(amount.start - p.end) < 40]
        chosen = min(near, key=lambda p: abs(p.start - amount.end)) if near else None
        if chosen is not None:
            resolved = _resolve(chosen, main_period)
            if (
                resolved is not None
                and main_period is not None
                and re.fullmatch(r"(?:19|20)\d\d", chosen.text)
                and _YEAR_LABEL_BEFORE.search(text[: amount.start])
                and main_period[0].year == main_period[1].year
            ):
                # "$380 million (2023: $350 million)" under January-June 2024: the same months of 2023.
                resolved = shift_years(main_period, int(chosen.text) - main_period[1].year)
            if resolved is not None and resolved != main_period:
                stat.period = resolved
                return
        stat.period = shift_years(main_period, -1) if main_period else None
        return
    lo, hi = _clause_bounds(text, amount.start)
    # "from $1.2 billion in 2022 to $1.5 billion in 2023": a period right after an amount is that amount's.
    others = [a for a in find_amounts(text) if a.start != amount.start]
    free = [
        p
        for p in own_periods
        if not any(
            a.end <= p.start
            and re.fullmatch(r"\s*(?:in|for|during|over)?\s*(?:the\s+)?", text[a.end : p.start])
            for a in others
        )
    ]
    in_clause = [p for p in free if lo <= p.start < hi]
    pool = in_clause or free or own_periods
    running = next((s.period for s in reversed(stats) if s.period), None) or ctx.period
    # "... adding that it could double by 2030": a period that has not begun is no stated figure's.
    pool = [p for p in pool if (r := _resolve(p, running)) is None or r[0] <= ctx.published]
    if pool:
        chosen = min(pool, key=lambda p: abs(p.start - amount.start))
        stat.period = _resolve(chosen, running)
        if stat.period is not None:
            return
    running = next((s.period for s in reversed(stats) if s.role == "level" and s.period), None)
    stat.period = running or ctx.period


def _assign_percents(text: str, stats: list[_Stat], percents: list[Percent], amounts: list[Amount]) -> None:
    """Each change or share goes to the nearest level figure of its clause (base values take none).

    A percent in a clause with no level figure goes to the nearest level elsewhere, unless its own clause
    has an amount that is no trade figure ("GDP grew 5.1 percent to $261 billion, while trade ...").
    """
    levels = [s for s in stats if s.role == "level"]
    if not levels:
        return
    for p in percents:
        lo, hi = _clause_bounds(text, p.start)
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


def _attach_neighbour_changes(sentences: list[Sentence], results: list[_Stat], ctx: _Context) -> None:
    """A change stated in the next (or previous) sentence about the same figure: "This is 17.2 percent less"."""
    by_sentence: dict[int, list[_Stat]] = {}
    for s in results:
        by_sentence.setdefault(s.sentence.index, []).append(s)
    for idx, sentence in enumerate(sentences):
        percents = [
            p
            for p in find_percents(sentence.text)
            if p.kind == "change" and not non_trade_nearer(sentence.text[max(0, p.start - 60) : p.start])
        ]  # not "..., adding that e-commerce expanded by 30 percent": another quantity's change
        if not percents:
            continue
        own = by_sentence.get(idx, [])
        if any(s.role == "level" for s in own):
            continue
        named = {m.code for m in _coded(find_entities(sentence.text)) if m.kind != "group"}
        cue = last_flow_cue(sentence.text[: percents[0].start + 60])
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
                and not _period_is_comparison(sentence.text, p, target.period)
            ]
            if any((p.period_start, p.period_end) != target.period for p in own_spans):
                continue  # "In the first quarter, it grew by 30 percent" is about another period
            target.change_claimed = True
            target.change_pct = percents[0].value
            break


def _attach_neighbour_shares(sentences: list[Sentence], results: list[_Stat], ctx: _Context) -> None:
    """ "Russia's share of Tajikistan's total trade turnover was 20.6%" after the Russia figure: its share."""
    for idx, sentence in enumerate(sentences):
        text = sentence.text
        shares = [p for p in find_percents(text) if p.kind == "share"]
        if not shares or any(s.sentence.index == idx and s.role == "level" for s in results):
            continue
        mentions = [m for m in _coded(find_entities(text)) if m.kind in ("country", "region", "group")]
        periods = [p for p in find_periods(text, ctx.published) if p.kind == "explicit"]
        earlier = [s for s in results if idx - 4 <= s.sentence.index < idx and s.role == "level"]
        for share in shares:
            before = [m for m in mentions if m.end <= share.start]
            if not before:
                continue
            named = before[-1] if not before[-1].possessive or len(before) == 1 else before[0]
            after_cue = last_flow_cue(text[share.end : share.end + 30])
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


def _finalise(article: ArticleText, results: list[_Stat]) -> list[TradeStatistic]:
    out: list[TradeStatistic] = []
    seen: set[tuple] = set()
    for s in results:
        if s.blocked:
            s.reporter = None
        if s.flow is None:
            continue
        start, end = s.period if s.period else (None, None)
        sides = (s.reporter or "", s.partner or "")
        if s.flow == "total":
            sides = tuple(sorted(sides))
        identity = (sides, s.flow, s.amount.currency, start, end, s.value, s.commodity)
        if identity in seen:
            continue
        seen.add(identity)
        value = to_float(s.value)
        value_usd = to_float(s.value_usd) if s.value_usd is not None else None
        out.append(
            TradeStatistic(
                stat_id=stat_id(
                    article.article_id,
                    reporter=s.reporter,
                    partner=s.partner,
                    flow=s.flow,
                    currency=s.amount.currency,
                    period_start=start,
                    period_end=end,
                    commodity=s.commodity,
                    value=value,
                    sentence=s.sentence.text,
                ),
                article_id=article.article_id,
                source=article.source,
                url=article.url,
                published_at=article.published_at,
                reporter=s.reporter,
                reporter_name=s.reporter_name,
                partner=s.partner,
                partner_name=s.partner_name,
                flow=s.flow,
                value=value,
                currency=s.amount.currency,
                value_usd=value_usd,
                qualifier=s.qualifier,
                period_start=start,
                period_end=end,
                change_pct=s.change_pct,
                commodity=s.commodity,
                share_pct=s.share_pct,
                sentence=s.sentence.text,
                extractor=EXTRACTOR_VERSION,
            )
        )
    return out
