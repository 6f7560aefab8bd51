"""Amount guards: amounts that are no trade level (changes, targets, prices, deals, differences)."""

from __future__ import annotations

import re

from transform.amounts import Amount
from transform.patterns import (
    flow_cues,
    is_change_amount,
    is_parenthetical_change,
    is_target,
    non_trade_nearer,
)

# "some $8 billion short of the 2013 peak", "$2 billion more than a year earlier": a difference of two figures.
DIFFERENCE_AFTER = re.compile(
    r"^\s*(?:short\s+of|below|above|(?:more|less|higher|lower|greater|fewer)\s+than|up\s+on|down\s+on)\b",
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
    r"|non-state|domestic|local)\s+(?:enterprises|firms|companies|businesses)\s+(?:in|of|from|based\s+in)\b",
    re.IGNORECASE,
)


def enterprise_subject(window: str) -> bool:
    """ "Private enterprises in Fujian imported and exported ...": the subject is an enterprise type."""
    return bool(_ENTERPRISE_SUBJECT.search(window))


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


def not_a_level(text: str, amount: Amount, window: str, i: int, published_year: int) -> bool:
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
