"""What the extraction stages hand each other, and the small helpers on named economies they all use.

A sentence is read once (`SentenceReading`, frozen); each of its amounts is then either dropped, with
the id of the guard or stage that dropped it (`Drop`), or assembled into a `Draft`, the one mutable
hand-off: later stages (actors, period, percentages) fill in its fields until `transform.finalise`
turns it into a `TradeStatistic`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from transform.amounts import Amount
from transform.entities import GROUP_PATTERNS, EntityMention
from transform.model import Flow
from transform.patterns import Percent
from transform.periods import PeriodMention
from transform.reference import GROUP_MEMBERS
from transform.sentences import Sentence

Span = tuple[date, date]
Role = Literal["level", "base"]  # a trade level, or the base value of a comparison ("up from $X")


@dataclass(frozen=True)
class Drop:
    """Why an amount mention became no statistic: the stable id of the guard or stage, and a one-line reason."""

    id: str
    reason: str


@dataclass(frozen=True)
class SentenceReading:
    """One sentence as the amount stages read it (the article context already updated by it)."""

    sentence: Sentence
    text: str  # the sentence with ranking appositives blanked (same length, so positions hold)
    mentions: list[EntityMention]  # named economies that can be a side of its figures
    amounts: tuple[Amount, ...]
    cues: list[tuple[int, int, str]]  # its trade words: (start, end, flow), `transform.patterns.flow_cues`
    periods: list[PeriodMention]
    own_periods: list[PeriodMention]  # those that are not a comparison period
    lead_periods: list[PeriodMention]  # comparison periods leading the sentence: the period of its figures
    percents: list[Percent]
    header: bool  # a line ending in ":" with no amount, over a list


# "At $41bn, Kazakhstan's bilateral turnover with China was 32% higher": an amount fronted before the clause
# it belongs to; the clause after the comma names its trade word and its sides.
FRONTED_AMOUNT = re.compile(
    r"^\W*(?:At|With)\s+(?:about\s+|nearly\s+|some\s+|around\s+|just\s+|only\s+|almost\s+)?$", re.IGNORECASE
)
FRONTED_CLAUSE = re.compile(r"^\s*,\s+(?P<clause>[^,;.]{5,90})")


CLAUSE_BREAK = re.compile(
    r";|,\s+(?:while|whereas|and|but)\s+|\s+while\s+|\s+whereas\s+|,\s+with\s+(?=(?:[\w'’]+\s+)?(?:goods|exports|imports))"
)


@dataclass
class Draft:
    """A statistic being assembled (mutable while the sentence is processed)."""

    sentence: Sentence
    amount: Amount
    flow: Flow
    role: Role
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
    mirrored: bool = False  # its sides were swapped as another economy's statistics read them (`as_seen_by`)
    # a figure of its reporter's own statistics in an article on another's (a fiscal year): it does not
    # make its reporter the one whose data the article's later mirror wording is read in
    own_data: bool = False
    # How each side was resolved: an id of `transform.evidence.EVIDENCE`, set with the side.
    reporter_via: str | None = None
    partner_via: str | None = None

    def set_reporter(self, side: tuple[str | None, str | None], via: str | None) -> None:
        """Set the reporter (code, name as written) and the evidence it was resolved by."""
        self.reporter, self.reporter_name = side
        self.reporter_via = via if side[0] is not None else None

    def set_partner(self, side: tuple[str | None, str | None], via: str | None) -> None:
        """Set the partner (code, name as written) and the evidence it was resolved by."""
        self.partner, self.partner_name = side
        self.partner_via = via if side[0] is not None else None

    def swap_sides(self) -> None:
        """Reporter and partner change places (mirror wording), each keeping its evidence."""
        self.reporter, self.partner = self.partner, self.reporter
        self.reporter_name, self.partner_name = self.partner_name, self.reporter_name
        self.reporter_via, self.partner_via = self.partner_via, self.reporter_via

    def as_seen_by(self, owner: str | None) -> None:
        """Mirror wording in `owner`'s statistics: "Kazakh exports to Uzbekistan" in Uzbek data is an Uzbek
        import, Russia's surplus with China China's deficit. Nothing changes unless the owner is the partner."""
        if owner is None or self.flow == "total" or self.partner != owner or self.reporter in (None, owner):
            return
        self.mirrored = not self.mirrored
        self.swap_sides()
        if self.flow == "balance":
            self.value = -self.value
            if self.value_usd is not None:
                self.value_usd = -self.value_usd
        else:
            self.flow = "import" if self.flow == "export" else "export"


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


def side_of(mention: EntityMention) -> tuple[str | None, str]:
    """A named economy as a side: (code, name as written)."""
    return mention.code, name_of(mention)


def bracket_depth(text: str, position: int) -> int:
    """How many brackets are open at `position` ("(in 2020 - $907.2 million)": 1 inside, 0 after)."""
    return max(0, text.count("(", 0, position) - text.count(")", 0, position))


def clause_bounds(text: str, position: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in CLAUSE_BREAK.finditer(text):
        if m.end() <= position:
            start = m.end()
        elif m.start() >= position:
            end = min(end, m.start())
            break
    return start, end
