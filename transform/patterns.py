"""Statement patterns around a money amount: is it a trade value, which flow, which change, share
and hedge, and what role an amount plays (level, base-period value, USD conversion, absolute change).

All regexes are compiled once at import; functions take plain strings (the text before or after an
amount inside one sentence) so each rule can be tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from transform.amounts import WORD_NUMBERS, find_amounts
from transform.memo import memoized_list
from transform.prefilter import TableGate, fold, patterns_named_in, scanner_for, table_gate

_PCT_NUM = (
    r"(?P<num>\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty)"
)
_PCT = rf"{_PCT_NUM}(?:\s?|-)(?:percent|per\s+cent|pct|%)(?!age)"
_UP = (
    r"rose|risen|rise|rising|rises|up|increased|increase|increases|increasing|grew|grown|grow|grows|growing|growth"
    r"|gained|gain|gains|jumped|jump|jumps|climbed|climb|climbs|expanded|expand|expands|expansion|higher|more|surged|surge"
    r"|soared|soar|went\s+up|go\s+up|edged\s+up|edging\s+up|advanced|added|above|boosted|rebounded|spiked|picked\s+up"
    r"|climbing|jumping|surging|soaring|expanding|advancing|rebounding"
)
_DOWN = (
    r"fell|fallen|fall|falls|falling|down|decreased|decrease|decreases|decreasing|declined|decline|declines|declining"
    r"|dropped|drop|drops|dropping|lower|less|shrank|shrunk|shrink|shrinking|slipped|slip|slid|contracted|contraction"
    r"|went\s+down|go\s+down|plunged|plunge|below|slumped|slump|edged\s+down|edging\s+down|reduction|reduced|dipped|dip"
    r"|eased|retreated|plummeted|tumbled|sank"
    r"|slipping|sliding|plunging|tumbling|sinking|contracting|easing|dipping"
)
_FILLER = (
    r"(?:\s+(?:by|of|some|about|nearly|almost|around|over|more\s+than|approximately|roughly|just|only|a|an|slightly"
    r"|sharply|strongly|year-on-year|year\s+on\s+year|y/y|y-o-y|yoy|on\s+year|annually))*"
)
_HEDGE = r"(?:about|around|approximately|approx\.|roughly|some|nearly|almost|over|more\s+than|just|only|an\s+estimated)"

_CHANGE_WORD_FIRST = re.compile(rf"\b(?P<dir>{_UP}|{_DOWN}){_FILLER}\s+{_PCT}", re.IGNORECASE)
# "rose last year by 10.9 percent": a short phrase between the verb and "by".
_CHANGE_WORD_BY = re.compile(rf"\b(?P<dir>{_UP}|{_DOWN})(?:\s+[\w-]+){{1,3}}?\s+by\s+{_PCT}", re.IGNORECASE)
_CHANGE_PCT_FIRST = re.compile(
    rf"\b{_PCT},?\s*(?:year-on-year\s+|year\s+on\s+year\s+|y/y\s+|y-o-y\s+|yoy\s+)?(?P<dir>{_UP}|{_DOWN})\b",
    re.IGNORECASE,
)
_CHANGE_OR = re.compile(rf"\b(?P<dir>{_UP}|{_DOWN})\b[^;()%]{{0,70}}?\bor\s+{_PCT}", re.IGNORECASE)
_GROWTH_RATE = re.compile(
    rf"\bgrowth(?:\s+rate)?\s*(?:[-–—:]|was|of|amounted\s+to|stood\s+at|reached|came\s+to|equalled|equaled|made\s+up)\s*{_PCT}",
    re.IGNORECASE,
)
_INDEX_LEVEL = re.compile(
    rf"\b{_PCT}\s+(?:(?:of|compared\s+(?:with|to)|against)\s+(?:the\s+)?(?:level|figure)s?\s+of\s+(?:the\s+)?"
    rf"(?:previous|last|same|corresponding)"
    rf"|of\s+(?:the\s+|its\s+)?levels?\s+(?:of|in|for|recorded\s+in)\s+(?:the\s+)?\w"
    rf"|of\s+(?:the\s+)?[^.;,%$]{{0,30}}?\b(?:19|20)\d\d\s+(?:level|figure)\b"
    rf"|of\s+(?:the\s+)?(?:last|previous)\s+year['’]s\s+(?:level|figure)\b)",
    re.IGNORECASE,
)
_MULTIPLE = re.compile(
    r"\b(?:by\s+)?\d+(?:[.,]\d+)?\s*(?:-fold|fold|times)\b|\b(?:doubled|tripled|quadrupled|twofold|threefold)\b",
    re.IGNORECASE,
)
_PCTU = _PCT.replace("(?P<num>", "(")
_SHARE = re.compile(
    rf"(?:\b(?:accounting\s+for|accounted\s+for|accounts\s+for|account\s+for|made\s+up|making\s+up|makes\s+up"
    rf"|make\s+up|represent(?:ed|ing|s)?|constitut(?:ed|ing|es)|equivalent\s+to|share\s+of[^.;%]{{0,60}}?\b(?:was|at|is|of))"
    rf"\s+(?:about\s+|nearly\s+|almost\s+|around\s+|over\s+|more\s+than\s+|some\s+|roughly\s+)?{_PCTU}"
    rf"|\b{_PCTU}\s+(?:of\s+(?:the|all|its|total|their|China|the\s+country)|share)"
    rf"|\(\s*{_PCTU}\s*(?:or\b|\))|\bat\s+{_PCTU},?\s+or\b|\bor\s+{_PCTU}\s+of\b)",
    re.IGNORECASE,
)
_ELLIPTIC_CHANGE = re.compile(rf"[-–—]\s*by\s+{_PCT}", re.IGNORECASE)
_PP = re.compile(r"percentage\s+points?", re.IGNORECASE)


PercentKind = Literal["change", "share", "multiple"]


@dataclass(frozen=True)
class Percent:
    """A percentage in a sentence: a year-on-year change (value may be None for multiples) or a share."""

    start: int
    end: int
    kind: PercentKind
    value: float | None


def _pct_value(raw: str) -> float:
    raw = raw.lower()
    if raw in WORD_NUMBERS:  # the spelled-out percentages _PCT_NUM admits are all in it
        return float(WORD_NUMBERS[raw])
    return float(raw.replace(",", "."))


def _is_down(word: str) -> bool:
    return re.fullmatch(_DOWN, word.lower()) is not None


_PAREN_PCT = re.compile(
    r"\(\s*(?P<num>\d{1,3}(?:[.,]\d{1,2})?)\s?(?:%|percent|per\s+cent)\s*\)", re.IGNORECASE
)


def _index_in_parentheses(text: str) -> list[tuple[int, int, float]]:
    """ "$9.6 bln (111.7%)": a percentage in parentheses right after an amount, read as an index (+11.7).

    Above 100 it cannot be a share, so it is always an index (also after a period: "$7.9 bln in
    January-July (112.4%)"). Statistical bulletins write every figure
    that way, so a value of 100 or less counts as an index too ("(94.3%)" = -5.7), but only when the same
    sentence has an index above 100 after another amount; on its own it stays a share.
    """
    ends = {a.end for a in find_amounts(text)}
    found = []
    for m in scanner_for(_PAREN_PCT).finditer(text):
        value = _pct_value(m.group("num"))
        gap = text[: m.start()]
        if not (100 < value < 1000) and not any(gap[e:].strip() == "" for e in ends if e <= m.start()):
            continue
        found.append((m.start(), m.end(), value))
    if not any(100 < v < 1000 for _, _, v in found):
        return []
    return [(s, e, round(v - 100.0, 6)) for s, e, v in found if v > 20]


@lru_cache(maxsize=1)
def _percent_gate() -> TableGate:
    """Whether any pattern `find_percents` names can match: one search rules out most sentences."""
    return table_gate(patterns_named_in(find_percents))


@memoized_list
def find_percents(text: str) -> list[Percent]:
    """Changes (signed; index-style 105.3% -> +5.3), shares, and multiples ("93 times") in a sentence."""
    out: list[Percent] = []
    taken: list[tuple[int, int]] = []
    folded = fold(text)
    find_amounts(text)  # read first, as before: a text whose amounts cannot be parsed fails the same way
    if not _percent_gate().admits(text, folded):
        return out  # every answer comes from a module-level pattern named below, and none can match

    def add(start: int, end: int, kind: PercentKind, value: float | None) -> None:
        if any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        out.append(Percent(start, end, kind, value))

    for m in _scan(_MULTIPLE, text, folded):
        add(m.start(), m.end(), "multiple", None)
    for start, end, value in _index_in_parentheses(text):
        add(start, end, "change", value)
    for m in _scan(_INDEX_LEVEL, text, folded):
        add(m.start(), m.end(), "change", round(_pct_value(m.group("num")) - 100.0, 6))
    _shares_and_growth_rates(text, folded, add)
    _changes(text, folded, add)
    # "Exports decreased by 3.6% to $39.6 billion, imports - by 4.8% to $27.5 billion": the verb is implied.
    for m in _scan(_ELLIPTIC_CHANGE, text, folded):
        earlier = [p for p in out if p.kind == "change" and p.end <= m.start() and p.value is not None]
        if earlier:
            value = _pct_value(m.group("num"))
            add(m.start(), m.end(), "change", value if earlier[-1].value >= 0 else -value)
    out.sort(key=lambda p: p.start)
    return [p for p in out if not text[p.end : p.end + 8].lstrip().lower().startswith("point")]


def _scan(pattern: re.Pattern[str], text: str, folded: str):
    return scanner_for(pattern).finditer(text, folded)


def _shares_and_growth_rates(
    text: str, folded: str, add: Callable[[int, int, PercentKind, float | None], None]
) -> None:
    """Shares ("a 36% share"), and growth rates written as a level ("amounted to 105.3%" is +5.3)."""
    for m in _scan(_SHARE, text, folded):
        nums = [g for g in m.groups() if g is not None and re.fullmatch(r"\d+(?:[.,]\d+)?|[a-z]+", g)]
        if nums:
            add(m.start(), m.end(), "share", _pct_value(nums[-1]))
    for m in _scan(_GROWTH_RATE, text, folded):
        value = _pct_value(m.group("num"))
        if value > 100 and re.search(r"amounted|made\s+up|stood|came|equal", m.group(0), re.IGNORECASE):
            value = round(value - 100.0, 6)
        add(m.start(), m.end(), "change", value)


def _changes(text: str, folded: str, add: Callable[[int, int, PercentKind, float | None], None]) -> None:
    """Signed changes ("up 5.3%", "a 4.1 percent decline"), not changes in percentage points."""
    for pattern in (_CHANGE_OR, _CHANGE_WORD_FIRST, _CHANGE_PCT_FIRST, _CHANGE_WORD_BY):
        for m in _scan(pattern, text, folded):
            if (
                _PP.match(text, m.end() - 20 if m.end() >= 20 else 0)
                and "point" in text[m.end() : m.end() + 8]
            ):
                continue
            value = _pct_value(m.group("num"))
            add(m.start(), m.end(), "change", -value if _is_down(m.group("dir")) else value)


# --- hedges -------------------------------------------------------------------------------------

_QUAL_OVER = re.compile(
    r"(?:more\s+than|over|above|exceed(?:ed|ing|s)?|surpass(?:ed|ing|es)?|top(?:ped|s|ping)?|in\s+excess\s+of"
    r"|upwards\s+of|at\s+least|beyond|just\s+over"
    r"|(?:pass(?:ed|es|ing)?|cross(?:ed|es|ing)?|br(?:oke|eaks?|eaking)(?:\s+through)?)(?:\s+the)?)\s*$",
    re.IGNORECASE,
)
_QUAL_UNDER = re.compile(
    r"(?:less\s+than|under|below|just\s+(?:below|under)|up\s+to|not\s+more\s+than|no\s+more\s+than)\s*$",
    re.IGNORECASE,
)
_QUAL_ABOUT = re.compile(
    r"(?:about|around|approximately|approx\.|roughly|some|an\s+estimated|estimated|nearly|almost|close\s+to"
    r"|circa|~|nearly\s+reaching)\s*$",
    re.IGNORECASE,
)


def qualifier_before(text_before: str) -> str | None:
    """The hedge written right before an amount: about | over | under | None."""
    return hedge_in(text_before[-40:], _QUAL_UNDER, _QUAL_OVER, _QUAL_ABOUT)


def hedge_in(tail: str, under: re.Pattern[str], over: re.Pattern[str], about: re.Pattern[str]) -> str | None:
    """The hedge one language's words give right before an amount ("under" first, then "over", "about")."""
    for name, pattern in (("under", under), ("over", over), ("about", about)):
        if pattern.search(tail):
            return name
    return None


# --- trade cues and flows -----------------------------------------------------------------------

_FLOW_CUES = re.compile(
    r"(?P<total>imports?\s+and\s+exports?|exports?\s+and\s+imports?|import\s+and\s+export|export\s+and\s+import"
    r"|(?:foreign|external|overall|total)\s+trade(?!\s+(?:deficit|surplus|balance|gap))|trade\s+turnover|turnover|two-way\s+trade"
    r"|bilateral\s+trade|mutual\s+trade|trade\s+volume|volume\s+of\s+trade|trade\s+value|goods\s+trade"
    r"|trade\s+in\s+goods|merchandise\s+trade|trade\s+operations|trad(?:e|ed|es|ing)\s+partner|trad(?:ed|es|ing)\b"
    r"|trade\b(?!\s+(?:deficit|surplus|balance|gap)))"
    r"|(?P<balance>deficit|surplus|trade\s+balance|balance\s+of\s+trade|trade\s+gap|balance(?=\s+(?:was|stood|of|at|"
    r"amounted|reached|came|totaled|totalled|showed|turned|remained|is)\b))"
    r"|(?P<export>exports?|exported|exporting|shipments?|shipped|sold|supplies|supplied|deliveries|delivered|outbound"
    r"|sent\s+(?:\w+\s+)?goods)"
    r"|(?P<import>imports?|imported|importing|purchases|purchased|bought|inbound)",
    re.IGNORECASE,
)
_WORLD_CUE = re.compile(
    r"\b(?:foreign|external|overall|total|global|international)\s+trade(?!\s+partners?\b)|\btotal\s+(?:imports|exports)"
    r"|\b(?:trade|exports|imports)\s+(?:with|to|from)\s+(?:the\s+)?(?:whole\s+|entire\s+|rest\s+of\s+the\s+)?world\b"
    r"|\bforeign\s+trade\s+turnover|\bimports\s+and\s+exports\s+(?:passing|handled)"
    r"|\btotal\s+(?:value\s+of\s+)?(?:imports\s+and\s+exports|exports\s+and\s+imports|turnover)",
    re.IGNORECASE,
)
_AFTER_CUE = re.compile(
    # "$16.2 billion and $10 billion of trade": the trade word after a list of amounts is each one's
    r"^(?:\s*,?\s*(?:and\s+)?[$€¥£]\s?\d[\d.,]*\s*(?:trillion|billion|million|bn|mln|m|b)\b)?"
    r"\s*(?:in|of|worth\s+of)\s+(?:(?:\w+|two-way)\s+){0,2}?(?P<cue>turnover|trade|exports|imports|goods)\b"
    # "$1.9 billion of this was imports and $61.2 million exports": the flow named as what the amount was
    r"|^\s*(?:of\s+(?:this|that|it|which)\s+)?(?:was|were)\s+(?P<cue2>exports|imports)\b(?![\s,]+(?:of|to|from)\b)"
    r"|^\s+(?P<cue3>exports|imports)\b(?=\s*(?:[,.;)]|$))"
    r"|^\s*(?:were|was|had\s+been|have\s+been)\s+(?P<passive>shipped|exported|sent|supplied|delivered|imported"
    r"|bought|purchased)\b",
    re.IGNORECASE,
)
_NON_TRADE = re.compile(
    r"\b(?:invest\w*|contracts?|contractors?|loans?|credits?|projects?|GDP|budget|grants?|aid|funds?|funding"
    r"|capital|deals?|bonds?|tax(?:es)?|revenues?|profits?|prices?|costs?|salar\w+|wages?|remittances?|tariffs?"
    r"|fines?|reserves?|debts?|assets?|scam|police|stolen|fraud|market\s+capitali[sz]ation|valuation|sales|retail"
    r"|wholesale|stock\s+exchange|exchange\s+rates?|rates?|e-commerce|lenders?|financing|committed)\b",
    re.IGNORECASE,
)
_TARGET = re.compile(
    r"\b(?:expect\w*|forecast\w*|project(?:ed|ion|ions)|predict\w*|anticipat\w*|targets?|targeted|goals?|aims?|aimed"
    r"|aiming|objectives?|plans?|planned|planning|pledg\w*|vow\w*|seek\w*|strive|striving|work\s+towards?"
    r"|intend\w*|hopes?|hoping|ambitio\w*|will|shall|should|must|needs?\s+to|potential|capacity"
    # "at this pace they could hit $4 billion", "may well exceed", "would top": a hypothetical level
    r"|(?:could|may|might|would|can)\s+(?:\w+\s+){0,3}?(?:reach|hit|exceed|top|surpass|pass|cross|rise|grow|climb"
    r"|increase|double|triple|be|amount|total|come|raise|boost|lift|take|bring|push|expand)|might"
    r"|to\s+(?:bring|raise|increase|boost|lift|double|triple|reach|expand|hit|achieve|push|grow))\b",
    re.IGNORECASE,
)
_FUTURE_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:by|in|until|before)\s+(?:the\s+end\s+of\s+)?(?P<y>20\d\d)\b"
    r"|^[^.;]{0,30}?\b(?:in|within)\s+(?:the\s+)?(?:next|coming|five|three|two|ten|several)\s+"
    r"(?:\d+(?:\s*(?:to|-|–)\s*\d+)?\s+|few\s+|several\s+|two\s+|three\s+|five\s+|ten\s+)?years"
    r"|^[^.;]{0,30}?\bin\s+the\s+(?:medium|long|near)\s+term"
    r"|^[^.;]{0,20}?\bby\s+(?:the\s+)?(?:year[- ]end|end\s+of\s+(?:the|this)\s+year)",
    re.IGNORECASE,
)


_NON_TRADE_MODIFIER = re.compile(
    r"\b(?:retail|wholesale|freight|cargo|passenger|company['’]s|companies['’]|market|stock|e-commerce\s+platform['’]s)\s+$"
    # Customs trade modes are parts of the aggregate, never the aggregate: "border small-scale trade",
    # "processing trade", "general trade", "barter trade" (but "cross-border trade" is all trade).
    r"|(?:\bsmall-scale|\bprocessing|\bbarter|\bbonded|\bmarket[- ]procurement|(?<![-\w])border|\bgeneral)\s+$",
    re.IGNORECASE,
)


@memoized_list
def flow_cues(text: str) -> list[tuple[int, int, str]]:
    """(start, end, flow) of each trade word in `text`: total / export / import / balance."""
    out = []
    for m in scanner_for(_FLOW_CUES).finditer(text):
        out.append((m.start(), m.end(), m.lastgroup or "total"))
    return out


_PART_OF = re.compile(
    r"(?:share|bulk|most|part|half|majority|percent|%|third|quarter)\s+of\s+(?:the\s+|all\s+|its\s+|their\s+"
    r"|[\w-]+['’]s\s+)?(?:total\s+|foreign\s+|overall\s+)?$",
    re.IGNORECASE,
)


_BALANCE_IN_TRADE = re.compile(
    r"\b(?:surplus|deficit|balance|gap)\s+(?:in|of|on)\s+(?:its\s+|their\s+|the\s+)?"
    r"(?:foreign\s+|bilateral\s+|mutual\s+|two-way\s+|merchandise\s+|goods\s+)?$",
    re.IGNORECASE,
)


# "exports exceeded imports by $80 million", "imports outstripped exports by $1.2 billion": a balance.
EXCESS_BALANCE = re.compile(
    r"\b(?P<more>exports?|imports?)\s+(?:\w+\s+){0,3}?(?:exceeded|exceed|exceeds|outstripped|outpaced|surpassed"
    r"|were\s+(?:higher|greater|larger)\s+than|was\s+(?:higher|greater|larger)\s+than)\s+(?:the\s+)?"
    r"(?P<less>imports?|exports?)\b[^.;$€¥£\d]{0,40}?\bby\s+(?:about\s+|some\s+|nearly\s+|almost\s+|over\s+)?$",
    re.IGNORECASE,
)


# "The large excess of exports over imports in the trade with Switzerland stands at $217.1 million",
# "перевес экспорта над импортом" in English: a balance too.
_EXCESS_OF = re.compile(
    r"\bexcess\s+of\s+(?P<more>exports?|imports?)\s+over\s+(?P<less>imports?|exports?)\b[^.;$€¥£\d]{0,60}?"
    r"(?:stands?|stood|was|is|amounted\s+to|came\s+to|reached|totall?ed|at|of|to|[—–-])\s+"
    r"(?:about\s+|some\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)


def excess_balance(window: str) -> re.Match[str] | None:
    """ "exports exceeded imports by", "the excess of exports over imports stands at": a balance, its sign
    given by which flow is the greater (`more`)."""
    return EXCESS_BALANCE.search(window) or _EXCESS_OF.search(window)


def last_flow_cue(window: str) -> tuple[int, str] | None:
    """The trade word nearest the end of `window` (the text before an amount), or None.

    "Imports from China made up the bulk of the turnover at $2 billion": the whole that a part is
    measured against is not the figure's flow.
    """
    excess = excess_balance(window)
    if excess is not None and excess.group("more")[:3].lower() != excess.group("less")[:3].lower():
        return excess.start(), "balance"
    every = flow_cues(window)
    cues = [c for c in every if not _PART_OF.search(window[: c[0]])] or every
    if not cues:
        return None
    start, _, flow = cues[-1]
    if flow == "total" and _BALANCE_IN_TRADE.search(window[:start]):
        flow = "balance"  # "Russia's surplus in trade with China": a balance, not the trade itself
    return start, flow


def cue_after_end(text_after: str) -> int | None:
    """Where a trade word right after an amount ends ("$9.6 billion in exports"), or None."""
    m = _AFTER_CUE.match(text_after)
    return m.end() if m else None


def cue_after(text_after: str) -> str | None:
    """A trade word right after an amount: "$9.6 billion in turnover", "$1.58 bln worth of goods"."""
    m = _AFTER_CUE.match(text_after)
    if not m:
        return None
    if m.group("passive") is not None:  # "goods worth $170 million were shipped to Turkey"
        return "import" if m.group("passive").lower() in ("imported", "bought", "purchased") else "export"
    word = (m.group("cue") or m.group("cue2") or m.group("cue3")).lower()
    return {"exports": "export", "imports": "import"}.get(word, "total")


_SHARE_OF = re.compile(
    r"(?:share\s+of|percent\s+of|%\s+of|of\s+all|of\s+(?:its|the\s+country['’]s|their))\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# "Overall, Tajikistan's exports in the first half totaled $1.2 billion": a sentence opening on "Overall"
# sums up the owner's flow with everyone, even in a story about one partner. Not "Overall, bilateral
# trade ..." nor "Overall, exports to China ...": a partner or pair word after the flow keeps its own.
_OVERALL_OPENING = re.compile(
    r"^\W*(?:Overall|In\s+total|Altogether|All\s+told),\s+(?:the\s+)?(?:(?:[A-Z][\w-]*\s+){0,2}?[A-Z][\w-]*['’]s\s+"
    r"|(?:Tajik|Kazakh|Uzbek|Kyrgyz|Turkmen|Chinese|Russian)\s+)?(?:(?:19|20)\d\d\s+)?(?:total\s+)?(?:exports|imports|foreign\s+trade)\b"
    r"(?!\s+(?:to|from|with)\b)(?![^,;]*\b(?:bilateral|two-way|mutual)\b)"
)


def is_world_trade(window: str) -> bool:
    """ "foreign trade", "total trade": the partner is the world (not "a share of foreign trade")."""
    if _OVERALL_OPENING.match(window):
        return True
    return any(not _SHARE_OF.search(window[: m.start()]) for m in _WORLD_CUE.finditer(window))


_INCLUDING_BEFORE = re.compile(r"\b(?:including|excluding|except)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)


def non_trade_nearer(window: str) -> bool:
    """True when a non-trade money word (investment, contract, loan...) is nearer the amount than any trade word."""
    trade = [m.start() for m in _FLOW_CUES.finditer(window)]
    # "foreign trade, including border trade, reached": a part named in passing is not the figure's trade
    named = [t for t in trade if not _INCLUDING_BEFORE.search(window[:t])] or trade
    if named and _NON_TRADE_MODIFIER.search(window[: named[-1]]):
        return True  # "retail turnover", "freight turnover", "the company's sales"
    other = [m.start() for m in _NON_TRADE.finditer(window)]
    if not other:
        return False
    return not trade or max(other) > max(trade)


def nearest_non_trade_word(window: str) -> str | None:
    """The non-trade money word nearer the amount than any trade word, when there is one (the words
    `non_trade_nearer` finds nearer; not its "retail turnover" case)."""
    other = list(_NON_TRADE.finditer(window))
    if not other:
        return None
    trade = [m.start() for m in _FLOW_CUES.finditer(window)]
    if trade and not other[-1].start() > max(trade):
        return None
    return other[-1].group(0)


# "$80 billion is an achievable goal", "... $10 billion as a target": the amount is named as a goal.
_GOAL_AFTER = re.compile(
    r"^[^.;]{0,25}?\b(?:is|was|as|remains|became)\s+(?:an?\s+|the\s+|our\s+|a\s+new\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:goal|target|aim|objective|task|benchmark)\b",
    re.IGNORECASE,
)
_MILESTONE = re.compile(
    r"\bfirst\s+time\b[^.;]*\b(?:exceed|surpass|top|pass|cross|break"
    r"|(?:gone|went|go|goes|risen|rose|climbed)\s+(?:above|beyond|past|over))",
    re.IGNORECASE,
)


def is_target(window: str, text_after: str, published_year: int) -> bool:
    """Targets, forecasts, plans: "aim to raise trade to $5 billion", "will reach $35 billion by 2030".

    A milestone ("the first time trade exceeded 300 billion yuan") restates a figure; it is no value either.
    """
    if _TARGET.search(window) or _MILESTONE.search(window) or _GOAL_AFTER.match(text_after):
        return True
    m = _FUTURE_AFTER.match(text_after)
    if m:
        year = m.group("y")
        return year is None or int(year) > published_year
    return False


# --- amount roles -------------------------------------------------------------------------------

_CHANGE_VERBS = (
    r"rose|rising|risen|rises|fell|fallen|falling|falls|grew|grown|growing|increased|increasing"
    r"|decreased|decreasing|declined|declining|dropped|dropping|jumped|climbed|expanded|shrank|added|gained|lost"
    r"|went\s+up|went\s+down"
)
_CHANGE_BEFORE = re.compile(
    rf"(?:(?<!made\s)(?<!make\s)(?<!makes\s)(?<!making\s)\b(?:up|down)(?:\s+by)?|\b(?:{_CHANGE_VERBS})(?:\s+by)?"
    rf"|\b(?:increase|decrease|rise|fall|drop|decline|growth|gain|reduction|jump)\s+of)"
    rf"\s+(?:{_HEDGE}\s+)*$"
    # "imports climbed 41%, or $2.0 billion, ... to $6.7 billion": the same change as an amount
    rf"|\b(?:{_CHANGE_VERBS}|up|down|(?:increase|rise|growth|decline|drop|fall|jump|decrease)\s+of)(?:\s+by)?\s+[\d.,]+\s*"
    r"(?:%|percent|per\s+cent)\s*,?\s*or\s+(?:by\s+)?$"
    # "rose 27.7% (+$6.9 billion)": a level is never written with a plus
    r"|\+\s*$"
    # "exceeding the same period of last year by $28.2 million": the margin, not a level
    r"|\b(?:exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|outstripp(?:ed|ing)|outpac(?:ed|ing)|(?:higher|lower|more|less)\s+than)"
    r"\b(?!\s+(?:its\s+|the\s+)?(?:imports|exports|purchases|sales)\b)"  # "exports exceeded imports by": a balance
    r"[^.;$€¥£\d]{0,60}\bby\s+(?:about\s+|some\s+|nearly\s+|almost\s+|over\s+)?$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(
    r"^\s*(?:,?\s*or\s+[\d.,]+\s*(?:percent|per\s+cent|%)\s*,?)?\s*(?:more|less|fewer|lower|higher|up|down)\s+"
    r"(?:than|from|on|compared|year|against)"
    r"|^\s*(?:more|less|fewer)\s*(?:[.;)]|$)",  # "..., 370 million U.S. dollars fewer."
    re.IGNORECASE,
)
_BASE_BEFORE = re.compile(
    r"(?:(?<!set\s)\bagainst(?!\s+(?:imports|exports|purchases|sales|shipments)\b)|\bcompared\s+(?:with|to)|\bversus|\bvs\.?|\bup\s+from|\bdown\s+from|\bthan(?=\s+the\b)"
    r"|(?<!more\s)(?<!less\s)(?<!fewer\s)\bthan|\bfrom|\bon(?=\s+the\b)|\bfrom\s+a\s+year\s+earlier)\s+(?:(?:the|a|an)\s+)?(?:(?:trade\s+)?(?:surplus|deficit|turnover|figure)\s+of\s+)?"
    r"(?:[\w\s]{0,20}?\s)?$",
    re.IGNORECASE,
)
# "... 8.1 percent lower than in the same period of 2023, when imports stood at $X": the base period's value
# (also "..., when Kyrgyzstan bought $2.203 billion worth from Russia").
_BASE_WHEN = re.compile(
    r"\b(?:than|compared\s+(?:with|to)|against|from)\s+(?:in\s+|during\s+)?(?:the\s+)?[^.;,]{0,50},?\s+"
    r"when\s+(?:it|they|the\s+\w+|\w+)\s+(?:\w+\s+){0,3}?"
    r"(?:stood|was|were|amounted|totaled|totalled|reached|came|equalled|equaled"
    r"|bought|sold|imported|exported|purchased|shipped|traded)\b[^,;()]{0,20}$",
    re.IGNORECASE,
)
_COMPARISON_OPENERS = re.compile(
    r"\b(?:against|compared\s+(?:with|to)|versus|vs\.?|up\s+from|down\s+from|than|from|on|over)\b",
    re.IGNORECASE,
)
_CHANGE_VERB = re.compile(
    r"\b(?:grew|went\s+down|went\s+up|declined|fell|decreased|increased|rose|dropped|shrank|expanded)\b",
    re.IGNORECASE,
)
_LEVEL_WORDS = re.compile(
    r"\b(?:to|at|reach\w*|total\w*|amount\w*|stood|came|worth|was|were|hit|exceed\w*|surpass\w*|of|with|valued)\s*$",
    re.IGNORECASE,
)
_CONVERSION_BETWEEN = re.compile(
    rf"^\s*(?:,?\s*\(\s*|,?\s*or\s+|,?\s*(?:equivalent|equal)\s+to\s+|,\s*)(?:(?:{_HEDGE}|just\s+(?:below|under|over|above)"
    rf"|less\s+than|US|USD)\s+)*$",
    re.IGNORECASE,
)


def is_change_amount(before: str, after: str) -> bool:
    """ "up $5.4 billion", "an increase of $12 billion", "$870.1 million, or 17.2 percent, less than"."""
    return bool(_CHANGE_BEFORE.search(before[-60:]) or _CHANGE_AFTER.match(after[:60]))


def is_parenthetical_change(sentence: str, before: str, after: str) -> bool:
    """ "trade grew with Kyrgyzstan ($2.9 billion)": amounts in brackets after a name in a change-only clause."""
    if not (before.rstrip().endswith("(") and after.lstrip().startswith(")")):
        return False
    if not _CHANGE_VERB.search(sentence):
        return False
    head = before.rstrip()[:-1]
    if not re.search(r"\b[A-Z][\w’'-]+\s*$", head):
        return False  # brackets after a name only: "grew with Kyrgyzstan ($2.9 billion)"
    return not _LEVEL_WORDS.search(head)


def is_base_value(before: str) -> bool:
    """A comparison value: "(against $50.9 billion ...)", "up from $410.9 million", "than the $1.181 billion"."""
    tail = before[-70:]
    if re.search(r"\(\s*$", tail):
        return False
    if _BASE_WHEN.search(before[-140:]):
        return True
    m = _BASE_BEFORE.search(tail)
    if not m:
        return False
    if re.search(r"\w\s+to\s+$", m.group(0)) and not re.search(
        r"\bcompared\s+to\s+$", m.group(0), re.IGNORECASE
    ):
        return False  # "rose 28.3% against 2006 to $677 million": the level the change led to
    opener = re.match(r"\s*\w+", m.group(0))
    word = opener.group(0).strip().lower() if opener else ""
    if word in ("from", "on"):
        # "from $X" / "on the $X recorded" are comparisons; "on exports of $X" is not.
        # "down 10.2% from the record of €39.9bn a year earlier": a base named by what it was.
        return bool(
            re.search(
                r"\b(?:from|on)\s+(?:the\s+|a\s+|its\s+)?(?:(?:all-time\s+|previous\s+)?(?:record|peak|high|level)"
                r"(?:\s+high)?\s+of\s+)?$",
                tail,
                re.IGNORECASE,
            )
        )
    return True


def is_conversion(between: str) -> bool:
    """Text between a non-USD amount and a USD amount that makes the latter its conversion."""
    return _CONVERSION_BETWEEN.match(between) is not None


# --- commodities --------------------------------------------------------------------------------

# The commodity lexicon (product words that make a figure a product row, never an aggregate).
COMMODITY_WORDS = (
    r"natural\s+gas|liquefied\s+natural\s+gas|LNG|gas|crude\s+oil|oil\s+products|oil|petroleum|coal|gold|copper"
    r"|uranium|cotton|grain|wheat|flour|barley|rice|soybeans?|meat|beef|mutton|fruits?|vegetables|dried\s+fruit"
    r"|agricultural(?:\s+and\s+food)?(?:\s+products)?|agri-food(?:\s+products)?|farm\s+(?:products|produce|goods)"
    r"|food(?:stuffs?)?|textiles?|garments|clothing|machinery|mechanical\s+and\s+electrical\s+products|electronics"
    r"|vehicles|cars|automobiles|auto\s+parts|steel|metals?|ores?|fertili[sz]ers?|chemicals?|electricity|timber"
    r"|wood|high-tech\s+products|labou?r-intensive\s+(?:products|goods)"
)
_COMMODITY = re.compile(
    rf"\b(?P<c>{COMMODITY_WORDS}|product\s+categor(?:y|ies)"
    r"|(?:these|those|the)\s+(?:two|three|four)\s+(?:product\s+)?categories)\b",
    re.IGNORECASE,
)


_LAST_WORD = re.compile(r"(?:^|\s)(?P<c>[a-z][a-z\-]{2,})\s*$")
_PLAIN_FLOW_WORD = re.compile(
    r"^(?:exports?|imports?|shipments|supplies|sales|sold|deliveries)$", re.IGNORECASE
)
_NOT_PRODUCT = {
    "total",
    "foreign",
    "overall",
    "annual",
    "monthly",
    "its",
    "their",
    "the",
    "his",
    "her",
    "our",
    "bilateral",
    "mutual",
    "combined",
    "net",
    "overseas",
    "external",
    "goods",
    "merchandise",
    "and",
    "of",
    "to",
    "from",
    "with",
    "non-oil",
    "direct",
    "own",
    "whose",
    "record",
    "global",
    "world",
    "domestic",
    "regional",
    "cumulative",
    "quarterly",
    "while",
    "but",
    "that",
    "which",
    "as",
    "by",
    "in",
    "on",
    "for",
    "at",
    "were",
    "was",
    "had",
    "have",
    "also",
    "only",
    "main",
    "key",
    "major",
    "largest",
    "whereas",
    "trade",
    "two-way",
    "country",
    "region",
    "year",
    "period",
    "month",
    "months",
    "all",
    "these",
    "those",
    "such",
    "this",
    "first",
    "where",
    "when",
    "since",
    "after",
    "before",
    "than",
    "said",
    "or",
    "nation",
    "republic",
    "province",
    "top",
    "biggest",
    "leading",
    "principal",
    "second",
    "third",
    "terms",
    "show",
    "shows",
    "showed",
    "put",
    "puts",
    "saw",
    "sees",
    "recorded",
    "reported",
    "registered",
    # verbs whose object is the trade itself ("Horgos Port handled imports and exports worth ...")
    "handled",
    "posted",
    "logged",
    "against",
}


def generic_commodity(text_before_cue: str, cue_word: str) -> str | None:
    """A lowercase product noun right before a plain trade word ("honey exports", "wheat sales"), else None."""
    if not _PLAIN_FLOW_WORD.match(cue_word):
        return None
    m = _LAST_WORD.search(text_before_cue)
    if m is None:
        return None
    word = m.group("c")
    return None if word in _NOT_PRODUCT or word.endswith("'s") else word


def commodity_in(window: str) -> str | None:
    """The product group a figure is about ("gas exports", "exports of natural gas"), else None."""
    found = list(_COMMODITY.finditer(window))
    if not found:
        return None
    m = found[-1]
    name = " ".join(m.group("c").lower().split())
    if name == "gas":
        name = "natural gas"
    if name.startswith("agricultural") or name.startswith("farm") or name.startswith("agri-food"):
        name = "agricultural products"
    return name
