"""Amount mentions: the money amounts of each sentence, page furniture left out, units and scales filled in.

The second stage of extraction. It finds every money amount once (`find_mentions`), including the cells
of a one-line table whose unit is in its header and the unitless figures whose unit the context gives;
per amount it then borrows a missing scale word from its neighbours (`scaled`) and pairs a non-USD
figure with the US-dollar conversion written right after it (`usd_conversion`). What it cannot read
carries the id of this stage (`SCALE_UNKNOWN`, `USD_CONVERSION`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from transform.amounts import SCALES, Amount, find_amounts, find_unitless_amounts, parse_number
from transform.draft import Drop
from transform.patterns import flow_cues, is_conversion
from transform.reference import usd_rate
from transform.sentences import Sentence

SCALE_UNKNOWN = Drop(
    "mention.scale_unknown",
    'written without a scale word ("$153.9") and the amounts around it do not agree on one',
)
USD_CONVERSION = Drop(
    "mention.usd_conversion",
    "the US-dollar conversion of the figure just before it (that figure's value_usd), no figure of its own",
)
CURRENCY_RESTATEMENT = Drop(
    "mention.currency_restatement",
    "the figure before it restated in a third currency ('2 trillion rubles ($24.3 billion) or 13 trillion tenge')",
)
# "2 trillion rubles ($24.3 billion) or 13 trillion tenge": after a figure and its USD conversion.
_THIRD_CURRENCY_BETWEEN = re.compile(
    r"^\s*\)?\s*,?\s*or\s+(?:about\s+|almost\s+|nearly\s+|some\s+|roughly\s+|around\s+)?$", re.IGNORECASE
)
# Sentences around an amount without a scale word whose amounts may lend it theirs (same paragraph).
SCALE_NEIGHBOURS = 3


@dataclass(frozen=True)
class AmountMentions:
    """The amounts of every sentence of an article; none in page furniture (`furniture`: paragraph indices)."""

    sentences: tuple[Sentence, ...]
    furniture: frozenset[int]
    by_sentence: tuple[tuple[Amount, ...], ...]


def find_mentions(sentences: list[Sentence]) -> AmountMentions:
    """Every money amount of the article, sentence by sentence, outside page furniture."""
    skipped = page_furniture(sentences)
    by_sentence = [[] if s.paragraph in skipped else find_amounts(s.text) for s in sentences]
    for index, sentence in enumerate(sentences):
        if not by_sentence[index] and sentence.paragraph not in skipped and ":" in sentence.text:
            by_sentence[index] = header_unit_table(sentence.text)
    add_unitless(sentences, by_sentence)
    return AmountMentions(tuple(sentences), frozenset(skipped), tuple(tuple(a) for a in by_sentence))


def scaled(mentions: AmountMentions, index: int, amount: Amount) -> Amount | None:
    """The amount with its scale: as written, else borrowed from its neighbours; None when unknown."""
    if not amount.scale_missing:
        return amount
    return infer_scale(amount, index, mentions.sentences, mentions.by_sentence)


def usd_conversion(
    text: str, amounts: tuple[Amount, ...], i: int, amount: Amount, published: date
) -> tuple[Decimal | None, bool]:
    """The amount's value in US dollars, and whether the next amount is that conversion written out
    ("1.52 trillion tenge, equivalent to $2.95 billion"), which then states no figure of its own."""
    if amount.currency == "USD":
        return amount.value, False
    if i + 1 >= len(amounts):
        return None, False
    nxt = amounts[i + 1]
    between = text[amount.end : nxt.start]
    if nxt.currency == "USD" and (
        is_conversion(between)
        or PERIOD_THEN_CONVERSION.match(between)
        or rate_checked_conversion(amount, nxt, between, published)
    ):
        return (nxt.value if not nxt.scale_missing else None), True
    return None, False


def restated_in_brackets(text: str, amounts: tuple[Amount, ...], i: int) -> bool:
    """Whether the next amount restates this one in another currency in brackets right after it ("$206 million
    (157 million euros)"): a conversion, no figure of its own (a USD figure's is not its value_usd either)."""
    if i + 1 >= len(amounts):
        return False
    first, nxt = amounts[i], amounts[i + 1]
    return (
        nxt.currency != first.currency
        and bool(_BRACKET_OPEN.fullmatch(text[first.end : nxt.start]))
        and text[nxt.end :].lstrip().startswith(")")
    )


_BRACKET_OPEN = re.compile(
    r"\s*\(\s*(?:about\s+|some\s+|nearly\s+|around\s+|approximately\s+|or\s+|i\.e\.\s+)?"
)


def restated_in_third_currency(text: str, amounts: tuple[Amount, ...], i: int) -> bool:
    """Whether the amount two after `i` restates it in a third currency, after its USD conversion."""
    if i + 2 >= len(amounts):
        return False
    first, third = amounts[i], amounts[i + 2]
    between = text[amounts[i + 1].end : third.start]
    return third.currency not in ("USD", first.currency) and bool(_THIRD_CURRENCY_BETWEEN.match(between))


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


def page_furniture(sentences: list[Sentence]) -> set[int]:
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


_COMPARED_BEFORE = re.compile(r"\b(?:against|versus|vs\.|compared\s+(?:with|to))\s+$", re.IGNORECASE)


def add_unitless(sentences: list[Sentence], amounts: list[list[Amount]]) -> None:
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
        # "$274 million, against 159 million in 2017": the earlier level of the figure just before it.
        extra += [
            a
            for a in find_unitless_amounts(text, currency)
            if a not in extra
            and _COMPARED_BEFORE.search(text[: a.start])
            and any(b.currency == currency and 0 <= a.start - b.end <= 40 for b in amounts[index])
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
UNIT_HEADER = re.compile(
    r"^\W{0,3}(?P<header>[A-Z][^:;$€¥£\d]{0,60}?),?\s*(?:\(?\s*(?:in\s+)?(?P<scale>bln|billion|mln|million)\s+"
    r"(?P<currency>USD|US\s+dollars|dollars|EUR|euros|yuan|CNY|tenge|KZT)|(?P<currency2>USD|US\$|\$|EUR|€)\s*"
    r"(?P<scale2>bln|billion|mln|million))\s*\)?\s*:\s*"
)


_HEADER_TABLE_CELL = re.compile(
    r"(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})\s*[—–-]\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?=[;,.]|\s+and\b|\s*\(|$)"
)


_HEADER_CURRENCIES = {
    "usd": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "us$": "USD",
    "$": "USD",
    "eur": "EUR",
    "euros": "EUR",
    "€": "EUR",
    "yuan": "CNY",
    "cny": "CNY",
    "tenge": "KZT",
    "kzt": "KZT",
}


def header_unit_table(text: str) -> list[Amount]:
    """The cells of a one-line table whose unit is stated once in its header, as amounts in that unit.

    Only when every cell after the header is "Name – number" (at least two of them), so a sentence is
    never read as a table by accident."""
    header = UNIT_HEADER.match(text)
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


YEAR_LABEL_BEFORE = re.compile(r"\(\s*(?:19|20)\d\d\s*(?::|\s[–—-])\s*$")


def _year_labelled_amounts(text: str, currency: str) -> list[Amount]:
    """The unitless number of a "(2024: 29.4 billion)" label, read in the currency of the sentence."""
    out: list[Amount] = []
    for m in _YEAR_LABELLED.finditer(text):
        number = parse_number(m.group("num"), m.group("scale"))
        if number is not None:
            value = number * SCALES[m.group("scale").lower()]
            out.append(
                Amount(value, currency, m.start("num"), m.end("scale"), text[m.start("num") : m.end("scale")])
            )
    return out


# "688.3 billion yuan last year, or 96.1 billion U.S. dollars": any short phrase, then "or"/"equivalent to".
_LOOSE_CONVERSION = re.compile(
    r"^[^$€¥£\d;()]{0,40}?,?\s+(?:(?:which|that)\s+is\s+)?(?:(?:equivalent|equal)\s+to|or)\s+"
    r"(?:(?:about|around|approximately|roughly|some|nearly|almost|over|more\s+than|US|USD)\s+)*$",
    re.IGNORECASE,
)


_CONVERSION_TOLERANCE = Decimal("0.12")


def rate_checked_conversion(amount: Amount, usd: Amount, between: str, published: date) -> bool:
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


def infer_scale(
    amount: Amount, index: int, sentences: Sequence[Sentence], amounts: Sequence[Sequence[Amount]]
) -> Amount | None:
    """ "$153.9" beside "$59.9 million": borrow the scale word of the amounts around it.

    In its own sentence, the nearest scaled amount before it and the nearest after it ("$118.7 and to
    Armenia to $41.2 million" takes the million, although "USD 1,024.6 million" before it has ten digits);
    else the nearest sentence of the paragraph. When those were written with different scale words, or
    without one, the scale is unknown and the amount is dropped.
    """
    paragraph = sentences[index].paragraph
    candidates: list[tuple[int, Decimal | None]] = []
    for j in range(max(0, index - SCALE_NEIGHBOURS), min(len(sentences), index + SCALE_NEIGHBOURS + 1)):
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


# "1.52 trillion tenge for the same period, equivalent to $2.95 billion": a period phrase before the conversion.
# "..., which is equivalent to about $10.3 billion", "... in 2023, or roughly $10.8 billion".
PERIOD_THEN_CONVERSION = re.compile(
    r"^(?:\s+(?:in|for|during|over)\s+[^,;()$€¥£]{2,35}?)?,?\s+(?:(?:which|that)\s+is\s+)?"
    r"(?:(?:equivalent|equal)\s+to|or)\s+"
    r"(?:(?:about|around|approximately|roughly|some|nearly|almost|over|more\s+than|US|USD)\s+)*$",
    re.IGNORECASE,
)
