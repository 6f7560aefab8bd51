"""Who trades with whom in a stretch of text: reporter, partner, pair, blocker, loose names.

The actors stage asks this of the words before an amount, right after it, and at the head of the
sentence; each name gets its role from the words next to it ("with X", "X's exports", "between A and B").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from transform.amounts import Amount
from transform.context import CITATION_AFTER, CITATION_BEFORE
from transform.draft import Draft, SentenceReading, name_of
from transform.entities import EntityMention

_PORT_POSITION = re.compile(r"(?:through|at|via|in|of)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass
class Roles:
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
    names; it is who reports (see data_source), never a side of the trade."""
    if not mention.possessive or mention.code is None:
        return False
    source = _OWNED_SOURCE.match(text[mention.end :])
    if source is None:
        return False
    after = text[mention.end + source.end() :]
    return bool(
        CITATION_BEFORE.search(text[: mention.start]) or CITATION_AFTER.match(after) or after.startswith(",")
    )


_OWN_TRADE_AFTER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:exports?|imports?|shipments|supplies|deliveries|purchases|sales)\b",
    re.IGNORECASE,
)


# How many characters before a name, and after it, decide its role.
NAME_PRE_WINDOW = 45
NAME_POST_WINDOW = 60
RoleName = Literal["reporter", "partner", "loose"]


def roles_in(text: str, lo: int, hi: int, mentions: list[EntityMention], flow: str) -> Roles:
    """Who trades with whom in text[lo:hi] (the words before an amount, or just after it)."""
    roles = Roles()
    inside = [m for m in mentions if lo <= m.start < hi and not m.descriptive and not _cites_owner(text, m)]
    for i, m in enumerate(inside):
        pre = text[max(lo, m.start - NAME_PRE_WINDOW) : m.start]
        post_start = m.end
        if text.startswith("  ", m.end):  # past a blanked appositive: "Kazakhstan, <...>, traded"
            post_start = len(text) - len(text[m.end :].lstrip()) - 1
        post = text[post_start : min(len(text), post_start + NAME_POST_WINDOW)]
        if m.code is None:
            _uncoded_role(roles, m, lo, pre, post)
            continue
        pair = _pair(text, m, inside[i + 1] if i + 1 < len(inside) else None, pre)
        if pair is not None:
            roles.pair = pair
            continue
        if roles.pair is not None and m is roles.pair[1]:
            continue
        role = _directional_role(m, pre, post, flow) or _subject_role(m, pre, post, flow)
        if role == "partner":
            roles.partner = m
        elif role == "reporter":
            roles.reporter = m
        elif role == "loose":
            roles.loose.append(m)
    return roles


def _uncoded_role(roles: Roles, m: EntityMention, lo: int, pre: str, post: str) -> None:
    """A name without a code: a data source (skipped), a partner area ("trade with CIS countries"), or a
    port, city or enterprise type that blocks the figure (its actor has no code)."""
    source = re.search(r"(?:according\s+to|by|from|of)\s+(?:the\s+)?$", pre, re.IGNORECASE) and re.search(
        r"customs|statistic", m.text + post[:15], re.IGNORECASE
    )
    if source:
        return  # "according to Urumqi Customs": who reports, not whose trade
    if re.search(r"customs|statistic", m.text, re.IGNORECASE) and CITATION_AFTER.match(post):
        return  # "Urumqi customs said ...", "Horgos customs data show ...": who reports, not whose trade
    if m.kind == "area":
        if re.search(r"\b(?:with|to|from)\s+(?:the\s+)?$", pre, re.IGNORECASE):
            roles.partner = m  # "trade with CIS countries": a partner with no code
        elif re.search(
            r"\b(?:trade|turnover|exports|imports)\s+(?:\w+\s+)?(?:among|between|within)\s+(?:the\s+)?$",
            pre,
            re.IGNORECASE,
        ):
            roles.blocker = m  # "trade turnover among the CIS countries": their trade, which has no code
        return
    if m.kind in ("port", "subnational", "enterprise") and (
        _PORT_POSITION.search(pre)
        or re.match(r"^\s*(?:\w+\s+){0,2}(?:handled|posted|saw|recorded|held|took)", post)
        or re.match(r"^\s*(?:\(|[—–]|-\s)", post)
        or m.kind == "port"
        or m.start - lo < 25
    ):
        roles.blocker = m


# "between A and B"; "between the Xinjiang Uygur Autonomous Region in northwest China and B": a locative
# descriptor of A may stand before "and" (the descriptive name in it is no side).
_PAIR_JOINER = re.compile(
    r"(?:\s+Uygur|\s+Uyghur|\s+Hui|\s+Zhuang)?(?i:\s+(?:autonomous\s+region|province|region|municipality))?"
    r"(?:\s*,?\s+in\s+(?:[\w-]+\s+){0,2}?[A-Z][\w-]+,?)?\s+and\s+(?:the\s+)?"
)


def _pair(
    text: str, m: EntityMention, nxt: EntityMention | None, pre: str
) -> tuple[EntityMention, EntityMention] | None:
    """ "trade between A and B", "the turnover of A and B", "A-B trade": the two sides named together
    ("between Northwest China's Gansu Province and B": the country of a province describes it)."""
    if nxt is None or nxt.code is None:
        return None
    if re.search(
        r"(?:\bbetween|(?:trade|turnover)\s+(?:volume\s+)?of)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:China|Russia)['’]s\s+$"
        r"|(?:\bbetween|(?:trade|turnover)\s+(?:volume\s+)?of)\s+(?:the\s+)?$",
        pre,
        re.IGNORECASE,
    ) and _PAIR_JOINER.fullmatch(text[m.end : nxt.start]):
        return m, nxt
    if re.fullmatch(r"\s?[-–—]\s?", text[m.end : nxt.start]) and re.match(
        r"^\s*(?:\w+\s+){0,3}?(?:trade|turnover|commerce|economic\s+and\s+trade)",
        text[nxt.end : nxt.end + 40],
        re.IGNORECASE,
    ):
        return m, nxt
    return None


def _directional_role(m: EntityMention, pre: str, post: str, flow: str) -> RoleName | None:
    """A role the preposition before the name gives: "with X", "imports to X", "to X", "from X"."""
    if re.search(
        r"\bwith\s+(?:the\s+|its\s+|neighbou?ring\s+|countries\s+of\s+the\s+)?$", pre, re.IGNORECASE
    ) and not (m.possessive and _OWN_TRADE_AFTER.match(post)):
        return "partner"  # not "..., with China's exports to X at $Y": there China owns the figure
    if (
        re.search(
            r"\b(?:imports?|imported|purchases)\s+(?:\w+\s+){0,3}?(?:to|into)\s+(?:the\s+)?$",
            pre,
            re.IGNORECASE,
        )
        and flow == "import"
    ):
        return "reporter"
    if re.search(r"\b(?:to|into)\s+(?:the\s+)?$", pre, re.IGNORECASE):
        return "partner"
    if re.search(r"\bfrom\s+(?:the\s+)?$", pre, re.IGNORECASE):
        if flow == "export" and not re.search(r"import|bought|purchas", pre, re.IGNORECASE):
            return "reporter"
        return "partner"
    if re.search(r"\b(?:imports?|purchases)\s+of\s+$", pre, re.IGNORECASE) and m.adjective:
        return "partner"
    return None


# "the United States, whose trade turnover with Georgia came to …": the name owns the trade (not "In sixth
# place was Georgia, whose trade turnover came to …" in a ranking of another economy's partners).
_WHOSE_TRADE = re.compile(
    r",\s+whose\s+(?:[\w-]+\s+){0,2}?(?:trade|turnover|exports?|imports?)\s+(?:with|to|from)\b", re.IGNORECASE
)


def _subject_role(m: EntityMention, pre: str, post: str, flow: str) -> RoleName | None:
    """A role the words around the name give when no preposition does: "trade of X", "X's exports",
    "Russian goods", "EU imports", "X exported"; else a loose name (None: no role at all)."""
    if re.search(
        r"(?:trade|turnover)\s+(?:\w+\s+){0,3}?(?:in|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
        pre,
        re.IGNORECASE,
    ) and not re.search(r"(?:share|part|bulk|percent|%)\s+of", pre, re.IGNORECASE):
        return "reporter"
    if m.possessive:
        return _possessive_role(post)
    if _WHOSE_TRADE.match(post):
        return "reporter"  # "the United States, whose trade turnover with Georgia came to $1.4 bln"
    if (
        m.adjective
        and re.search(r"\b(?:supplies|shipments|deliveries|exports)\s+of\s+$", pre, re.IGNORECASE)
        and re.match(r"^\s+(?:\w+\s+)?(?:goods|products|commodities)\b", post)
        and flow == "export"
    ):
        return "reporter"  # "supplies of Russian goods to X": Russia's exports
    if (
        m.kind == "group"
        and re.match(r"^\s+(?:exports?|imports?|trade|turnover)\b", post)
        and re.search(r"(?:^|[,;:]\s*|\b(?:while|and|whereas|but)\s+|[-–—]\s*)(?:the\s+)?$", pre)
    ):
        return "reporter"  # "EU imports from Kazakhstan": a group as the subject of its own trade
    if m.adjective:
        if re.match(
            r"^\s*(?:[\w-]+\s+){0,2}?(?:exports?|exported|shipments|supplies|deliveries|sales|imports?|trade)\b",
            post,
            re.IGNORECASE,
        ):
            return "reporter"
        return "loose"
    if _SUBJECT_VERB.match(post):
        return "reporter"
    return "loose"


def _possessive_role(post: str) -> RoleName | None:
    """ "China's share in the turnover was $X": a partner's part of the reporter's trade; "X's exports": X
    reports; a possessive before other words: no role."""
    if re.match(r"^\s*(?:\w+\s+)?share\s+(?:in|of)\b", post, re.IGNORECASE):
        return "partner"
    if re.match(
        r"^\s*(?:[\w-]+\s+){0,4}?(?:trade|trading|exports?|imports?|turnover|deficit|surplus|partner|goods|"
        r"foreign|shipments|supplies|balance|sold|bought|sales|purchases|figures?|data|statistics)",
        post,
        re.IGNORECASE,
    ):
        return "reporter"
    return None


_SUBJECT_VERB = re.compile(
    r"^\s+(?:in\s+(?:(?:north|south|east|west)\w*\s+|central\s+)?China\s+)?(?:\w+\s+){0,1}"
    r"(?:imported|exported|sold|bought|traded|conducted|posted|ran|recorded|registered|reported|saw|logged"
    r"|handled|achieved|shipped|purchased|supplied|delivered|sent)\b",
    re.IGNORECASE,
)


def possessive_owner(text: str, mentions: list[EntityMention], hi: int) -> EntityMention | None:
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


def trade_without_figure(reading: SentenceReading) -> Draft | None:
    """The statistic a sentence without amounts names by both its sides ("China's trade with Ukraine also
    grew"), as a draft without a figure; None unless one trade word and both sides are written."""
    flows = {flow for _, _, flow in reading.cues}
    if len(flows) != 1:
        return None
    flow = flows.pop()
    roles = roles_in(reading.text, 0, len(reading.text), reading.mentions, flow)
    if roles.pair is not None:
        sides = roles.pair
    elif roles.reporter is not None and roles.partner is not None:
        sides = (roles.reporter, roles.partner)
    else:
        return None
    if None in (sides[0].code, sides[1].code):
        return None
    draft = Draft(reading.sentence, Amount(Decimal(0), "", 0, 0, ""), flow, "level")
    draft.set_reporter((sides[0].code, name_of(sides[0])), "explicit.role")
    draft.set_partner((sides[1].code, name_of(sides[1])), "explicit.role")
    return draft
