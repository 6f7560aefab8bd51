"""Amount guards: the amounts of a sentence that are no trade level, as an ordered table.

Like the validation rules of `transform.rules`, each guard has a stable id and a one-line reason, so
an amount that does not become a statistic can say which guard dropped it (`transform.extraction.
trace_amounts`). The guards run in table order on every amount the mention stage keeps, before its
flow is decided; the first that applies drops the amount. When unsure whether a number is a trade
value the amount is dropped: a wrong number is worse than a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from transform.amounts import Amount
from transform.fiscal import unread_fiscal_wording
from transform.patterns import (
    excess_balance,
    flow_cues,
    is_change_amount,
    is_parenthetical_change,
    is_target,
    nearest_non_trade_word,
    non_trade_nearer,
)

# No trade figure is smaller than this many currency units: "$500" is a price or a typo.
MIN_TRADE_VALUE = 1000


@dataclass(frozen=True)
class AmountView:
    """What a guard sees of one amount: its sentence and the words since the figure before it."""

    text: str  # the sentence (ranking appositives blanked)
    amount: Amount
    index: int  # the amount's position among the sentence's amounts
    window: str  # the text between the previous figure (or the partner named after it) and the amount
    window_start: int  # where the window starts in the sentence
    published_year: int
    before: str  # text[: amount.start]
    after: str  # text[amount.end :]
    fiscal_known: bool = False  # the article's fiscal years are read (`transform.fiscal`)
    solar_article: bool = False  # the article dates by Iran's or Afghanistan's solar calendar somewhere


@dataclass(frozen=True)
class Guard:
    """One row of the guard table: `drops(view)` is True when the amount is no trade level."""

    id: str
    reason: str
    drops: Callable[[AmountView], bool]


# "some $8 billion short of the 2013 peak", "$2 billion more than a year earlier": a difference of two figures.
DIFFERENCE_AFTER = re.compile(
    # "$1.7 billion (an increase of 13.2%) above the level of …", "1.8 billion USD (27.5 percent) higher than"
    r"^\s*(?:\([^()]{0,40}\)\s*)?"
    r"(?:short\s+of|below|above|(?:more|less|higher|lower|greater|fewer)\s+than|up\s+on|down\s+on)\b",
    re.IGNORECASE,
)
# "Remittances, which the agency does not count as trade, are estimated at $2.5 billion": said not to be trade.
NOT_COUNTED_AS_TRADE = re.compile(
    r"\b(?:not|never|n['’]t)\s+(?:\w+\s+){0,2}?(?:counted\s+|count(?:s)?\s+|included\s+|includes?\s+|part\s+of\s+)"
    r"(?:as\s+|in\s+)?(?:the\s+)?(?:foreign\s+|merchandise\s+)?(?:trade|turnover|exports|imports)\b",
    re.IGNORECASE,
)
# "Trade with Mongolia and Russia together accounted for ...": one figure for two partners, neither's alone.
JOINT_PARTNERS = re.compile(
    r"\b(?:with|to|from)\s+(?:the\s+)?[A-Z][^,;$€¥£]{0,60}?\band\s+(?:the\s+)?[A-Z][^,;$€¥£]{0,40}?"
    r"\b(?:together|combined|jointly|taken\s+together)\b"
)
_ENTERPRISE_SUBJECT = re.compile(
    r"\b(?:private(?:ly[- ]owned)?|foreign[- ](?:invested|funded|owned)|state[- ]owned|collective"
    r"|non-state|domestic|local)\s+(?:enterprises|firms|companies|businesses)\s+(?:in|of|from|based\s+in)\b"
    # "Xinjiang's private companies carried out foreign trade of ...": the possessive owner's firms
    r"|['’]s\s+(?:private(?:ly[- ]owned)?|foreign[- ](?:invested|funded|owned)|state[- ]owned)\s+"
    r"(?:enterprises|firms|companies|businesses)\b",
    re.IGNORECASE,
)
# A part of an economy's trade by zone or trade mode as the figure's subject: "Imports and exports of the
# FTZ ...", "Barter trade accounted for 77 percent ..., or $9 billion". Not after "including"/"excluding",
# which name a part of the whole.
_ZONE_OR_MODE_SUBJECT = re.compile(
    r"(?<!including\s)(?<!excluding\s)\b(?:(?:the\s+)?FTZ\b|(?:pilot\s+)?free\s+trade\s+(?:zone|area|port)\b"
    r"|(?:comprehensive\s+)?bonded\s+(?:zone|area)\b|economic\s+(?:and\s+technological\s+)?development\s+zone\b"
    r"|(?:barter|processing|border\s+(?:small-scale\s+)?|small-scale\s+border|general)\s+trade\b"
    r"|cross-border\s+e-commerce\b)",
    re.IGNORECASE,
)
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


# "16.9 percent, or $33.3 million, more than a year earlier": the change restated as an amount.
_PERCENT_OR_BEFORE = re.compile(
    r"\d\s*(?:%|percent|per\s+cent)(?:\s+of\s+[^.;,$€¥£]{0,40}?)?\s*,?\s*or\s+(?:about\s+|some\s+|nearly\s+|almost\s+)?$",
    re.IGNORECASE,
)
_COMPARATIVE_AFTER = re.compile(r"^\s*,?\s*(?:more|less|higher|lower|above|below)\b", re.IGNORECASE)
# "a year-on-year rise of 184.13% (or US $ 407.9 million)", "were 154.36% (or $226.3 million) higher": the
# bracketed "or" amount after a change in percent is that change in money (not "a share of 21.5% (or $2.1bn)":
# a change word before the percent, or a comparative after the bracket).
_PERCENT_BRACKET_OR = re.compile(
    r"(?P<change>\b(?:rise|rises|rose|risen|increase[sd]?|growth|grew|grown|up|down|climb(?:s|ed)?|jump(?:s|ed)?"
    r"|surge[sd]?|fall|falls|fell|fallen|decline[sd]?|drop(?:s|ped)?|decrease[sd]?)\b[^;$€¥£]{0,30}?)?"
    r"\d\s*(?:%|percent|per\s+cent)\s*\(\s*or\s+(?:about\s+|some\s+|nearly\s+|almost\s+)?(?:US\s*)?$",
    re.IGNORECASE,
)
_BRACKET_COMPARATIVE_AFTER = re.compile(r"^\s*\)\s*(?:more|less|higher|lower|above|below)\b", re.IGNORECASE)
# "the figures differ by $25.7 million", "a higher value of exports to China, by $8.9 million": a gap
# between two counts. ("Exports exceeded imports by $X" is a balance and is not here.)
# "On imports the gap really did reach 70%, or 5.7 billion USD": the gap between two figures.
_GAP_BEFORE = re.compile(
    r"\b(?:gap|difference|discrepancy|divergence)\b[^.;$€¥£]{0,50}?(?:%|percent)?\s*,?\s*(?:or\s+)?(?:about\s+|some\s+)?$",
    re.IGNORECASE,
)
_DIFFERENCE_BY = re.compile(
    r"\b(?:differ(?:s|ed)?|diverge(?:s|d)?|discrepancy|higher|lower|greater|smaller)\b[^.;$€¥£\d]{0,60}?"
    r"\bby\s+(?:about\s+|some\s+|nearly\s+|almost\s+|only\s+|just\s+)?$",
    re.IGNORECASE,
)
# A round threshold crossed: "passed 350 billion yuan for the first time, reaching 357 billion", "topped
# 50 billion yuan a month", "the $100 billion mark". The figure is the line crossed, not the level (the
# figure after it). Alone ("exports exceeded $2 billion for the first time") it is the level, hedged "over".
_CROSSING_BEFORE = re.compile(
    r"\b(?:pass(?:es|ed|ing)?|top(?:s|ped|ping)?|cross(?:es|ed|ing)?|surpass(?:es|ed|ing)?|exceed(?:s|ed|ing)?"
    r"|br(?:oke|eaks?|eaking)(?:\s+through)?|(?:gone|went|goes|going|risen|rose)\s+(?:above|beyond|past|over))"
    r"\s+(?:the\s+)?(?:level\s+of\s+)?$",
    re.IGNORECASE,
)
_THRESHOLD_AFTER = re.compile(
    r"^\s*(?:mark|threshold|line|barrier|milestone|level)\b"
    r"|^\s*(?:a|per|each)\s+month\b"
    r"|^[^.;$€¥£]{0,40}?,?\s*(?:reaching|to\s+reach|to\s+stand\s+at|at|hitting)\s+(?:about\s+|nearly\s+|some\s+)?"
    r"[$€¥£]?\s?\d",
    re.IGNORECASE,
)


def _too_small(view: AmountView) -> bool:
    return abs(view.amount.value) < MIN_TRADE_VALUE


# "exports came to $20.47 billion, or 29.1% up year-on-year": a level verb, then the level's growth rate
# ("up"/"down" is the rate's direction); "were $870.1 million, or 17.2 percent, less than" stays a change.
_LEVEL_THEN_RATE = re.compile(
    r"\b(?:came\s+to|reached|totall?ed|amounted\s+to|stood\s+at|was|were)\s+(?:about\s+|nearly\s+|some\s+)?$",
    re.IGNORECASE,
)
_RATE_AFTER = re.compile(
    r"^\s*,\s*or\s+[\d.,]+\s*(?:%|percent|per\s+cent)\s*,?\s*(?:up|down)\b", re.IGNORECASE
)


def _change(view: AmountView) -> bool:
    before, after = view.before, view.after
    if _LEVEL_THEN_RATE.search(before) and _RATE_AFTER.match(after):
        return False
    if _PERCENT_OR_BEFORE.search(before) and _COMPARATIVE_AFTER.match(after):
        return True
    bracketed = _PERCENT_BRACKET_OR.search(before)
    if bracketed and (bracketed.group("change") or _BRACKET_COMPARATIVE_AFTER.match(after)):
        return True
    if re.search(r"(?:%|percent|per\s+cent)\s*\(\s*by\s+$", before, re.IGNORECASE):
        return True  # "grew by 3 percent (by $987,000)"
    return is_change_amount(before, after) or is_parenthetical_change(view.text, before, after)


def _threshold(view: AmountView) -> bool:
    return bool(_CROSSING_BEFORE.search(view.before) and _THRESHOLD_AFTER.match(view.after))


# "set the goal of doubling trade from $100 billion a year in 2018 to $200 billion": the end of a range whose
# start is the figure before shares that figure's words (a goal for both, or a level for both).
_RANGE_END_BEFORE = re.compile(
    r"^[^.;$€¥£\d]{0,40}?(?:\b(?:in|of)\s+(?:19|20)\d\d\s+)?\bto\s+$", re.IGNORECASE
)
_RANGE_START_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|some\s+|nearly\s+|almost\s+)?$", re.IGNORECASE)


# "The 27.8-billion-dollar goal for this year is made up of $24 billion of exports and $3.8 billion of
# imports": the parts a goal is made of are goals too.
_GOAL_MADE_OF = re.compile(
    r"\b(?:goal|target|plan|forecast|projection|objective)s?\b[^.;:!?]{0,60}?"
    r"\b(?:(?:is|are|was|were|will\s+be)\s+(?:made\s+up|composed|comprised)\s+of|consists?\s+of|comprises?"
    r"|(?:is|are|was|were)\s+(?:split|divided|broken\s+down)\s+into)\b",
    re.IGNORECASE,
)


def _forecast(view: AmountView) -> bool:
    window = view.window
    if _GOAL_MADE_OF.search(view.before):
        return True
    if view.index > 0 and _RANGE_END_BEFORE.match(window):
        start = view.text.rfind(window, 0, view.amount.start)
        earlier = view.text[:start].rstrip()
        figure = re.search(r"[$€¥£]?\s?\d[\d.,]*(?:\s*[A-Za-z]+){0,3}$", earlier)
        if figure is not None and _RANGE_START_BEFORE.search(earlier[: figure.start()]):
            window = earlier[: figure.start()] + window  # the words of the range's start count for its end
    if view.index > 0 and _RESTATED_AS.match(window):
        # "estimated at $600 billion, which means 60 billion dollars a year": the restatement of a figure
        # shares its words (a capacity for both, or a level for both).
        window = view.before[: view.window_start] + window
    return is_target(_PAST_CHANGE_TO_REACH.sub(r"\g<head> reaching", window), view.after, view.published_year)


_RESTATED_AS = re.compile(
    r"^\s*,?\s*(?:which\s+(?:means|is|amounts\s+to|works\s+out\s+(?:at|to))|meaning|i\.e\.,?|that\s+is(?:\s+to\s+say)?,?)"
    r"\s+(?:about\s+|some\s+|nearly\s+|roughly\s+|around\s+)?$",
    re.IGNORECASE,
)


_PER_PERIOD_AFTER = re.compile(
    r"^\s*(?:(?:a|per|each)\s+(?:year|month|day|week|quarter)|annually|monthly|daily)\b", re.IGNORECASE
)


def _average(view: AmountView) -> bool:
    """ "$9 billion in 2020, which means $750 million a month": a figure restated as a rate."""
    return view.index > 0 and bool(_RESTATED_AS.match(view.window) and _PER_PERIOD_AFTER.match(view.after))


def _price(view: AmountView) -> bool:
    return bool(_PRICE_AFTER.match(view.after))


def _deal(view: AmountView) -> bool:
    return bool(_SIGNED_AFTER.match(view.after) or _DEAL_ON_TRADE.search(view.window))


def _non_trade_window(view: AmountView) -> str:
    """The words a non-trade money word is looked for in: the window, else the whole text before."""
    window = view.window
    return window if flow_cues(window) or view.index == 0 else view.before


# "have drawn $3 billion of investment", "paid $250 million in tax": the money word right after the amount.
_NON_TRADE_AFTER = re.compile(
    r"^\s*(?:of|in)\s+(?:[\w-]+\s+){0,2}?(?:investments?|loans?|credits?|funding|financing|aid|grants?"
    r"|tax(?:es)?|revenues?|capital)\b",
    re.IGNORECASE,
)


def _not_trade_value(view: AmountView) -> bool:
    return bool(_NON_TRADE_AFTER.match(view.after)) or non_trade_nearer(_non_trade_window(view))


# Lending and financing words: "the bank committed $500 million", "loans worth $2 billion".
_LENDING = re.compile(r"lenders?|financing|committed|loans?|credits?", re.IGNORECASE)


def _lender_commitment(view: AmountView) -> bool:
    """`guard.not_trade_value` where the nearest non-trade word is about lending: the same amounts, named
    more precisely (this row only ever drops what the next one would)."""
    if not _not_trade_value(view):
        return False
    word = nearest_non_trade_word(_non_trade_window(view))
    return word is not None and _LENDING.fullmatch(word) is not None


def _difference(view: AmountView) -> bool:
    if excess_balance(view.window):
        return False  # "exports were higher than imports by $X": the balance
    return bool(
        DIFFERENCE_AFTER.match(view.after)
        or _DIFFERENCE_BY.search(view.window)
        or _GAP_BEFORE.search(view.window)
    )


def _joint_partners(view: AmountView) -> bool:
    return bool(JOINT_PARTNERS.search(view.window))


def _not_counted(view: AmountView) -> bool:
    return bool(NOT_COUNTED_AS_TRADE.search(view.before))


def _enterprise_subject(view: AmountView) -> bool:
    return bool(_ENTERPRISE_SUBJECT.search(view.window))


def _zone_or_mode_subject(view: AmountView) -> bool:
    return bool(_ZONE_OR_MODE_SUBJECT.search(view.window))


# "Services exports grew 31% to $557.3 million", "trade in services": not merchandise (the datasets' scope),
# when the services word governs the amount (no other trade word after it; "goods and services" stays).
_SERVICES = re.compile(
    r"(?<!goods\sand\s)(?<!goods\s&\s)\bservices?\s+(?:exports?|imports?|trade|turnover)\b"
    r"|\b(?:exports?|imports?|trade|turnover)\s+(?:in|of)\s+services\b",
    re.IGNORECASE,
)


def _services(view: AmountView) -> bool:
    found = list(_SERVICES.finditer(view.window))
    if not found:
        return False
    return not re.search(
        r"\b(?:exports?|imports?|trade|turnover)\b", view.window[found[-1].end() :], re.IGNORECASE
    )


# "in the twelve months of fiscal year 2021-22", "FY2023", "the 2021/22 financial year": a fiscal year's months
# depend on the country (July-June in Pakistan, April-March in India) and are not written: unsure, dropped.
_FISCAL_YEAR = re.compile(
    r"\b(?:fiscal|financial)\s+year\b|\bfiscal\s+(?:19|20)\d\d|\bcurrent\s+fiscal\b|\bFY\s?['’]?\d{2}(?:\d{2})?\b"
    # "in 2015-16", "2010/11": a year written across two calendar years is a fiscal (or season) year
    r"|\b(?:19|20)\d\d\s?[-/–]\s?\d{2}\b(?![-/–]\d)"
    r"|\bIranian\s+(?:calendar\s+|fiscal\s+)?year\b",
    re.IGNORECASE,
)
# Gregorian month names or years: what lets a sentence of an article counting the Iranian year be dated.
_GREGORIAN = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:19|20)\d\d\b"
    r"|\bFY\s?['’]?\d{2}"  # a fiscal year read by transform.fiscal is a calendar too
)
# Iran's and Afghanistan's solar years ("the current Iranian calendar year", "the year 1403", "the current
# solar year", "from March 21 to June 21"): months no Gregorian phrase gives; not converted.
_SOLAR_YEAR = re.compile(
    r"\b(?:Iranian|Persian|Afghan|solar|Hijri(?:\s+solar)?)\s+(?:calendar\s+|fiscal\s+)?year\b"
    r"|\b(?:the\s+)?year\s+1[34]\d\d\b|\b1[34]\d\d\s+(?:solar|Hijri)\b"
    r"|\bMarch\s+2[01]\s*(?:to|-|–|through|until)\s*\w+\s+2[0-3]\b",
    re.IGNORECASE,
)


# "in 2010-2011": two consecutive years joined, a fiscal year or a season as often as a two-year total.
_CONSECUTIVE_YEARS = re.compile(r"\b((?:19|20)\d\d)\s?[-–/]\s?((?:19|20)\d\d)\b")


# The sentences that frame an article: its solar calendar, named there, is the article's calendar.
FRAME_SENTENCES = 3


def solar_calendar(title: str, sentences: list[str]) -> bool:
    """Whether the article counts by Iran's or Afghanistan's solar calendar: named in its headline or its
    first sentences (an aside later on, "in the Iranian year to March 2024", does not make it so)."""
    return any(_SOLAR_YEAR.search(text) for text in [title, *sentences[:FRAME_SENTENCES]])


def _fiscal_year(view: AmountView) -> bool:
    after = re.split(r"[.;]|,\s+(?:compared|against|while|and|but|up|down)\b", view.after, maxsplit=1)[0]
    near = view.window[-80:] + " " + after[:80]
    if _SOLAR_YEAR.search(near) or view.solar_article and _SOLAR_YEAR.search(view.text):
        return True
    if view.solar_article and not _GREGORIAN.search(view.text):
        # "the nine-month period", "Exports accounted for around $60 million" in an article counting the
        # Iranian or Afghan year: nothing in the sentence says the figure is of Gregorian months
        return True
    if view.fiscal_known:
        # "Q1 of FY23" in a Pakistani report is July-September 2022 (`transform.fiscal`); fiscal wording no
        # fiscal phrase reads ("in the two following years — 2011-12 and 2012-13") still drops the amount.
        low, high = view.amount.start - len(view.window[-80:]), view.amount.end + len(after[:80])
        return any(start < high and low < end for start, end in unread_fiscal_wording(view.text))
    consecutive = any(int(m.group(2)) == int(m.group(1)) + 1 for m in _CONSECUTIVE_YEARS.finditer(near))
    return consecutive or bool(_FISCAL_YEAR.search(near))


# Page furniture is guarded per paragraph, before amounts are looked for (`transform.mentions.page_furniture`):
# its row is here so that a trace can name it; its test never runs on an amount.
FURNITURE = Guard(
    "guard.furniture",
    "page furniture (a headline, a list of other stories), not the story's text",
    lambda view: False,
)

# The table, in the order the guards run.
GUARDS: tuple[Guard, ...] = (
    Guard(
        "guard.too_small",
        f"under {MIN_TRADE_VALUE} currency units: a price or a typo, no trade figure",
        _too_small,
    ),
    Guard(
        "guard.change_amount", 'an absolute change ("up $5.4 billion", "an increase of $12 billion")', _change
    ),
    Guard("guard.forecast", "a target, forecast, plan or milestone, not trade that took place", _forecast),
    Guard(
        "guard.average", "a figure before restated as a rate ('which means $750 million a month')", _average
    ),
    Guard(
        "guard.threshold",
        'a round line crossed ("passed 350 billion yuan for the first time, reaching ..."), not the level',
        _threshold,
    ),
    Guard("guard.price", 'a unit price ("$300 per tonne")', _price),
    Guard("guard.deal", "the value of an agreement, deal, contract or order: a promise, not trade", _deal),
    Guard(
        "guard.lender_commitment",
        "money lent, financed or committed (a loan, a credit line, a lender's commitment), not trade",
        _lender_commitment,
    ),
    Guard(
        "guard.not_trade_value",
        "a non-trade money word (investment, budget, contract, sales...) is nearer than any trade word",
        _not_trade_value,
    ),
    Guard(
        "guard.difference", 'a difference of two figures ("$8 billion short of the 2013 peak")', _difference
    ),
    Guard("guard.services", "trade in services, not merchandise trade", _services),
    Guard(
        "guard.fiscal_year",
        "for a fiscal year whose months the text does not give (they depend on the country)",
        _fiscal_year,
    ),
    Guard("guard.joint_partners", "one figure for two partners together, neither's alone", _joint_partners),
    Guard("guard.not_counted_as_trade", "the sentence says this money is not counted as trade", _not_counted),
    Guard(
        "guard.enterprise_subject",
        'the subject is a type of enterprise ("private enterprises in Fujian"), not an economy',
        _enterprise_subject,
    ),
    Guard(
        "guard.zone_or_trade_mode",
        'the subject is a zone or a trade mode ("the FTZ", "barter trade", "cross-border e-commerce"), a part '
        "of an economy's trade with no code",
        _zone_or_mode_subject,
    ),
)
ALL_GUARDS: tuple[Guard, ...] = (FURNITURE, *GUARDS)


def first_guard(view: AmountView) -> Guard | None:
    """The first guard of the table that drops the amount, or None when it may be a trade level."""
    for guard in GUARDS:
        if guard.drops(view):
            return guard
    return None
