"""What a language pack hands the shared stages, and the stages themselves for packed languages.

A language is a pack (`transform.lang.zh`, `transform.lang.ru`): lexicons and small grammars that
find, in one sentence, the amount mentions, the trade words, the named economies (with the function
word that says which side they are: "对哈萨克斯坦", "с Китаем"), the periods and the percentages. The
stages are the ones English goes through, in the same order and with the same hand-offs and drop
ids (`transform.draft.Draft`, `transform.guards.Guard` rows, `transform.finalise`):

    amount mentions -> amount guards (the pack's table) -> trade flow -> actors -> period, percentages
    -> finalise

This module holds what the packs share: the data types and the stage functions over them. Nothing
here knows a word of any language; a pack knows nothing of the stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol

from transform.amounts import Amount
from transform.draft import Draft, Drop
from transform.guards import AmountView, Guard
from transform.model import Flow
from transform.sentences import Sentence

Span = tuple[date, date]
# Which side a named economy is, by the function word before it: the subject ("新疆", "Казахстана"),
# the partner of trade "with" it ("与哈萨克斯坦", "с Китаем"), a destination ("对", "в") or an origin
# ("自", "из"), one of a pair ("中哈", "казахстанско-китайский"), or a place that is no reporter (a
# port, a city, an enterprise: code None).
# An "item" is a partner in a ranking, its figure right after it: "Россия ($5,6 млрд)", "Казахстан — $30 млрд".
# "home" is the writer's or speaker's own economy ("отечественный экспорт"), which the text does not name;
# "ranked" an economy after a place in a ranking ("на втором месте находится Китай"): someone's partner, never
# whose trade it is; "whose" a relative "чьи поставки" after one.
Marker = Literal["subject", "with", "to", "from", "pair", "blocked", "item", "home", "ranked", "whose"]
# The code of "с этой страной": the one economy the sentence before names as a side, resolved by the stages.
PRIOR = "@prior"
PercentKind = Literal["change", "share", "points", "multiple"]


@dataclass(frozen=True)
class Found:
    """An amount mention as a pack finds it (positions in the sentence)."""

    start: int
    end: int
    value: Decimal | None  # None: a number the pack could not read
    currency: str | None  # None: no currency written and none carried
    qualifier: str | None = None  # about | over | under
    restates: bool = False  # a conversion of the amount before it ("（折合173.6亿美元）", "/$5 млрд/")
    compared: bool = (
        False  # what the figure before is compared with ("比2011年的228.2亿美元", "比上年增加20亿元")
    )
    # one of a pair of levels "с $1,5 до $4,5 миллиона", "从100亿美元增长到200亿美元": "from" is the level the
    # change started from (an earlier period's), "to" the level it reached
    pair: Literal["from", "to"] | None = None


@dataclass(frozen=True)
class Cue:
    """A trade word: its flow; `foreign` when it means trade with the whole world ("外贸", "внешнеторговый")."""

    start: int
    end: int
    flow: Flow
    foreign: bool = False
    bilateral: bool = False  # "双边", "двусторонний": trade between the two economies of the story
    ranking: bool = False  # "торговых партнеров", "покупателей": governs only a ranking's items


@dataclass(frozen=True)
class Named:
    """A named economy in a sentence, with its side marker; a pair carries both codes."""

    start: int
    end: int
    code: str | None
    name: str
    marker: Marker
    partner: str | None = None  # second code of a pair
    partner_name: str | None = None
    listed: bool = False  # one of a list of names under one marker ("对哈萨克斯坦、吉尔吉斯斯坦")


@dataclass(frozen=True)
class PeriodFound:
    start: int
    end: int
    span: Span | None  # None: a period that needs a year no text or date gives


@dataclass(frozen=True)
class PercentFound:
    start: int
    end: int
    value: Decimal | None  # None: a multiplier whose meaning is ambiguous ("增长24倍")
    kind: PercentKind
    listed: bool = False  # part of a "分别 / соответственно" list of percentages


class LanguagePack(Protocol):
    """What a pack provides; `transform.lang.stages` runs the stages with it."""

    code: str
    guards: tuple[Guard, ...]

    def normalise(self, body: str) -> str: ...  # same length as `body` (positions hold)
    def split(self, body: str) -> list[Sentence]: ...  # over the normalised body
    def amounts(self, text: str, carried: str | None) -> list[Found]: ...
    def carried_currency(self, text: str) -> str | None: ...
    def cues(self, text: str) -> list[Cue]: ...
    def named(self, text: str) -> list[Named]: ...
    def periods(self, text: str, published: date, running: Span | None) -> list[PeriodFound]: ...
    def percents(self, text: str) -> list[PercentFound]: ...
    def clause_start(self, text: str, position: int) -> int: ...
    def list_cues(self, text: str, position: int) -> tuple[list[Cue], int] | None: ...
    def inherits(self, clause: str) -> bool: ...
    def balance_negative(self, before: str) -> bool: ...
    def commodity(self, subject: str) -> str | None: ...
    def unexplained(self, before: str, after: str) -> bool: ...  # words before / after the trade word
    def respectively(self, text: str) -> bool: ...  # "分别", "соответственно": items in the order named
    def topic(self, title: str | None, sentences: list[str]) -> Named | None: ...
    def data_owner(self, title: str | None, sentences: list[str]) -> str | None: ...  # 海关总署 -> CN
    def anaphor(self, clause: str) -> bool: ...  # "этот показатель", "ее объем", "这一数字" before the amount
    def joins(self, gap: str) -> bool: ...  # only a conjunction between amounts and a trade word after them


@dataclass
class PackContext:
    """What a reader keeps across sentences: the period and currency being talked about, whose data it
    is (the topic: headline, dateline, data owner) and the last statistic (sub-items inherit its sides)."""

    published: date
    topic: Named | None = None
    period: Span | None = None
    currency: str | None = None
    last: Draft | None = None
    story: list[Named] = field(default_factory=list)  # the economies the headline names
    last_blocked: bool = False  # the last figure was a port's, a city's or an enterprise's (no reporter)
    story_cues: list[Cue] = field(default_factory=list)  # the headline's trade words (for ranking items)
    header: tuple[list[Cue], list[Named]] | None = None  # a line ending with ":" that introduces items
    prior: tuple[int, str, bool] | None = None  # the sentence before: index, text, whether it had amounts
    retrospective: list[PeriodFound] = field(default_factory=list)  # periods of this sentence's anaphors
    texts: list[str] = field(default_factory=list)  # the sentences read so far (normalised)
    earlier_codes: set[str] = field(default_factory=set)  # economies they name (read when one is ambiguous)
    earlier_read: int = 0  # how many of `texts` are in `earlier_codes`
    drafts: list[Draft] = field(default_factory=list)
    home: str | None = None  # the outlet's own economy, by its national domain (turanews.kz -> KZ)
    owner: str | None = None  # whose statistics the article cites (海关总署 -> CN): mirror wording converts
    # the last ranking's trade word ("среди торговых партнеров") and its sentence: the flow of the items
    # ranked after it ("Второе место у России ($5,6 млрд)")
    ranking: tuple[Cue, int] | None = None
    solar: bool = False  # the article counts by Iran's or Afghanistan's solar year somewhere (SOLAR_CALENDAR)


# Drops of the packed stages (ids in the families English uses).
CURRENCY_UNKNOWN = Drop("mention.currency_unknown", "a scaled number with no currency written or carried")
NUMBER_UNREADABLE = Drop("mention.unreadable", "a number the language pack could not read exactly")
RESTATEMENT = Drop("mention.restatement", "a conversion of the amount before it, not a second figure")
NO_FLOW = Drop("flow.none", "no trade word (trade, exports, imports, balance) governs the amount")
REPORTER_UNRESOLVED = Drop(
    "actors.reporter_unresolved", "no economy named, inherited or given by the article is whose trade it is"
)
NOT_A_REPORTER = Drop(
    "actors.not_a_reporter",
    "the subject is a port, a city or an enterprise (no reporter code), or a name that may mean several "
    "economies (中乌) none of which the headline or topic names",
)
BILATERAL_UNRESOLVED = Drop(
    "actors.bilateral_unresolved", "bilateral trade, but the two economies are not both known"
)
PARTNER_UNCODED = Drop(
    "actors.partner_uncoded",
    "the partner is an area with no code (the CIS countries, 'the republic'), not the world or an economy",
)
PARTNER_UNCLEAR = Drop(
    "actors.partner_unclear",
    "the subject of an earlier clause deals there with another economy ('Китай инвестировал в Казахстан …, а "
    "товарооборот составил …'): trade with it or with the world, the sentence does not say",
)
PARTNER_LIST = Drop(
    "actors.partner_list",
    "several partners are listed and the sentence does not give each amount to one of them (分别, соответственно)",
)
HOME_UNRESOLVED = Drop(
    "actors.home_unresolved",
    "the trade is the writer's or speaker's own ('отечественный экспорт', 'наш товарооборот'): whose, the text "
    "does not say (the outlet's country, or a quoted foreign envoy's)",
)
WHOSE_UNRESOLVED = Drop(
    "actors.whose_unresolved",
    "a ranked partner's own trade ('Второе место заняла Россия, чьи поставки…'): its exports to the ranking's "
    "owner or to the world, the sentence does not say",
)
REPORTER_LIST = Drop(
    "actors.reporter_list",
    "several economies are listed as whose trade it is and the sentence does not give each amount to one of "
    "them (分别)",
)
UNKNOWN_SUBJECT = Drop(
    "actors.unknown_subject",
    "words before the trade word name something not in the lexicons (a product or a trade mode?)",
)


def qualify(found: Found, sentence: Sentence, body: str) -> Amount:
    """The mention as a `transform.amounts.Amount` whose text is the original (not normalised) one."""
    return Amount(
        found.value if found.value is not None else Decimal(0),
        found.currency or "",
        found.start,
        found.end,
        body[sentence.start + found.start : sentence.start + found.end],
    )


def view_of(
    text: str, amounts: list[Found], i: int, published: date, amount: Amount, solar: bool = False
) -> AmountView:
    prev_end = amounts[i - 1].end if i > 0 else 0
    return AmountView(
        text,
        amount,
        i,
        text[prev_end : amount.start],
        prev_end,
        published.year,
        text[: amount.start],
        text[amount.end :],
        solar_article=solar,
    )


# Iran's and Afghanistan's solar calendars named anywhere in an article ("нынешнего иранского года", "по
# иранскому календарю", "伊历"): its parts of a year written without a calendar are that calendar's.
SOLAR_CALENDAR = re.compile(
    r"иранск\w+\s+(?:календарн\w+\s+)?год\w*|по\s+иранскому\s+календарю|афганск\w+\s+(?:календарн\w+\s+)?год\w*"
    r"|солнечн\w+\s+(?:хиджр\w+\s+)?год\w*|(?<!\d)1[34]\d\d\s+(?:г\.|год\w*)|伊历|波斯历|阿富汗历",
    re.IGNORECASE,
)


def first_guard(guards: tuple[Guard, ...], view: AmountView) -> Guard | None:
    return next((g for g in guards if g.drops(view)), None)
