"""A statistic being assembled, and the small helpers on named economies every stage uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from transform.amounts import Amount
from transform.entities import GROUP_PATTERNS, EntityMention
from transform.reference import GROUP_MEMBERS
from transform.sentences import Sentence

Span = tuple[date, date]


CLAUSE_BREAK = re.compile(
    r";|,\s+(?:while|whereas|and|but)\s+|\s+while\s+|\s+whereas\s+|,\s+with\s+(?=(?:[\w'’]+\s+)?(?:goods|exports|imports))"
)


@dataclass
class Draft:
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


_GROUP_CODES = frozenset(["WORLD", *(code for code, _ in GROUP_PATTERNS)])


def is_country(code: str | None) -> bool:
    """A country code (ISO alpha-2), not a region (CN-XJ) or a group (EU, C5, WORLD)."""
    return code is not None and len(code) == 2 and code not in _GROUP_CODES


def can_be_part_of(country: str | None, whole_partner: str | None) -> bool:
    """Whether trade with `country` can be a part of trade with `whole_partner`: the world, a group whose
    membership is known and includes it, or another group (membership not listed)."""
    if country is None or whole_partner is None:
        return False
    if whole_partner == "WORLD":
        return True
    if whole_partner in GROUP_MEMBERS:
        return country in GROUP_MEMBERS[whole_partner]
    return whole_partner in _GROUP_CODES


def coded_mentions(mentions: list[EntityMention]) -> list[EntityMention]:
    return [m for m in mentions if m.code is not None and not m.descriptive]


def name_of(mention: EntityMention) -> str:
    return re.sub(r"['’]s?$", "", mention.text)


def clause_bounds(text: str, position: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in CLAUSE_BREAK.finditer(text):
        if m.end() <= position:
            start = m.end()
        elif m.start() >= position:
            end = min(end, m.start())
            break
    return start, end
