"""Money amounts in text: number + scale word + currency, parsed exactly with Decimal.

"75.11 billion yuan" -> 75110000000 CNY, "$19.7 billion" -> USD, "USD 2058.3 million",
"12,571.1 million dollars", "$654,800", "$2 billion 150 million", "two billion yuan",
"$ 1,481 billion" (decimal comma), "-$1.96 billion" (negative). A figure written without its scale
("$153.9" beside "$59.9 million") is returned with `scale_missing=True`; the caller decides from
context. Amounts with no currency at all ("47.5 million") are not money and are not returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from transform.memo import memoized_list
from transform.prefilter import fold, scanner_for

SHORT_SCALES: dict[str, Decimal] = {"m": Decimal(10) ** 6, "b": Decimal(10) ** 9, "k": Decimal(10) ** 3}
SCALES: dict[str, Decimal] = {
    "trillion": Decimal(10) ** 12,
    "trln": Decimal(10) ** 12,
    "tln": Decimal(10) ** 12,
    "trn": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "bln": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "mln": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
}

WORD_NUMBERS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "one hundred": 100,
    "hundred": 100,
}

# Prefix symbols/codes -> ISO 4217. Longest first so "US$" wins over "$".
PREFIX_CURRENCIES: dict[str, str] = {
    "US$": "USD",
    "U.S.$": "USD",
    "US $": "USD",  # "US $ 614.2 million" (Central Asian agencies' spacing)
    "U.S. $": "USD",
    "USD": "USD",
    "$": "USD",
    "€": "EUR",
    "EUR": "EUR",
    "RMB": "CNY",
    "CNY": "CNY",
    "¥": "CNY",
    "RUB": "RUB",
    "KZT": "KZT",
    "₸": "KZT",
    "₽": "RUB",
    "KGS": "KGS",
    "UZS": "UZS",
    "TJS": "TJS",
    "TMT": "TMT",
    "HK$": "HKD",
    "A$": "AUD",
    "C$": "CAD",
    "S$": "SGD",
    "£": "GBP",
}

# Suffix words -> ISO 4217 (matched case-insensitively).
SUFFIX_CURRENCIES: list[tuple[str, str]] = [
    (r"(?:U\.S\.|US|United\s+States|American)\s+dollars?", "USD"),
    (r"dollars?", "USD"),
    (r"USD", "USD"),
    (r"(?:Chinese\s+)?yuan(?:\s+renminbi)?", "CNY"),
    (r"renminbi|RMB|CNY", "CNY"),
    (r"euros?|EUR", "EUR"),
    (r"(?:Russian\s+)?ro?ubles?|RUB", "RUB"),
    (r"(?:Kazakh(?:stani)?\s+)?tenges?|KZT", "KZT"),
    (r"(?:Kyrgyz\s+)?soms?|KGS", "KGS"),
    (r"(?:Uzbek\s+)?(?:s[uo]ums?|sums?)|UZS", "UZS"),
    (r"(?:Tajik\s+)?somonis?|TJS", "TJS"),
    (r"Azerbaijani\s+manats?|AZN", "AZN"),
    (r"(?:Turkmen\s+)?manats?|TMT", "TMT"),
    (r"(?:Turkish\s+)?liras?|TRY", "TRY"),
    (r"yen|JPY", "JPY"),
    (r"(?:Georgian\s+)?lari|GEL", "GEL"),
    (r"drams?|AMD", "AMD"),
]

# The last form may not stop inside a longer number: "$1192,559 million" (a decimal comma after four digits)
# is no "$1192".
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?(?!\d)(?![.,]\d))"
_WORDNUM = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten)"
_SCALE = r"(?:trillion|trln|tln|trn|billion|bln|bn|million|mln|mn|thousand)\b"
# "$500m", "$1.2b", "€300k": one-letter scales only written directly after the number.
_SHORT_SCALE = r"(?:m|b|k)\b(?![.,]\d)"
_PREFIX = "|".join(re.escape(p) for p in sorted(PREFIX_CURRENCIES, key=len, reverse=True))
_SUFFIX = "|".join(f"(?P<suf{i}>{pat})" for i, (pat, _) in enumerate(SUFFIX_CURRENCIES))

# "$1 billion 200 million": a second number with a smaller scale adds to the first; without a scale after
# the first number, a number and a scale after it are no part of it ("May 17 300 million yuan").
_QUANTITY = (
    rf"(?P<num>{_NUM}|{_WORDNUM})(?:\s?(?P<scale>{_SCALE})(?:\s(?P<num2>{_NUM})\s(?P<scale2>{_SCALE}))?"
    rf"|(?P<short>{_SHORT_SCALE})|(?!\s{_NUM}\s?{_SCALE}))"
)
# "$10 202.4 million": thousands separated by a space (plain, no-break or thin), only right after a currency
# sign or code (after a bare number a space may part a day from an amount: "May 17 300 million yuan").
_SPACED_NUM = r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:\.\d+)?(?![\d,])"

_PREFIX_RE = re.compile(
    rf"(?P<neg>(?<![\w$])[-−](?=\s?(?:{_PREFIX})))?(?<![A-Za-z])(?P<cur>{_PREFIX})\s?"
    + _QUANTITY.replace("(?P<num>", f"(?P<num>{_SPACED_NUM}|", 1),
    re.IGNORECASE,
)
_SUFFIX_RE = re.compile(
    rf"(?<![\w.,$])(?P<neg>[-−])?{_QUANTITY}\s?(?:{_SUFFIX})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """One money amount found in a text; `value` in whole currency units (negative if written so)."""

    value: Decimal
    currency: str
    start: int
    end: int
    text: str
    scale_missing: bool = False  # e.g. "$153.9": a decimal figure with no scale word

    def with_scale(self, scale: Decimal) -> Amount:
        return Amount(self.value * scale, self.currency, self.start, self.end, self.text, False)


def parse_number(text: str, scale_word: str | None = None) -> Decimal | None:
    """Digits or a number word -> Decimal. A comma is a thousands separator unless it is a decimal comma.

    "3,5" and "3,25" have a decimal comma. "1,481 billion" (one comma group, no decimal point, before
    billion/trillion) is read as 1.481 billion: nobody writes a thousand billions that way.
    """
    raw = text.strip().lower()
    if raw in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[raw])
    if "-" in raw:
        tens, _, unit = raw.partition("-")
        if tens in WORD_NUMBERS and unit in WORD_NUMBERS:
            return Decimal(WORD_NUMBERS[tens] + WORD_NUMBERS[unit])
        return None
    raw = re.sub(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3})", "", raw)  # "10 202.4"
    if re.fullmatch(r"\d+,\d{1,2}", raw) or (
        re.fullmatch(r"\d{1,3},\d{3}", raw)
        and scale_word is not None
        and SCALES.get(scale_word.lower(), Decimal(0)) >= SCALES["billion"]
    ):
        raw = raw.replace(",", ".")
    else:
        raw = raw.replace(",", "")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _value_of(match: re.Match[str]) -> tuple[Decimal, bool] | None:
    scale_word = match.group("scale")
    number = parse_number(match.group("num"), scale_word)
    if number is None:
        return None
    scale = SCALES[scale_word.lower()] if scale_word else Decimal(1)
    if match.group("short"):
        scale = SHORT_SCALES[match.group("short").lower()]
    value = number * scale
    if match.group("num2") and match.group("scale2"):
        extra = parse_number(match.group("num2"), match.group("scale2"))
        extra_scale = SCALES[match.group("scale2").lower()]
        if extra is not None and extra_scale < scale:
            value += extra * extra_scale
    is_word = not match.group("num")[0].isdigit()
    has_scale = scale_word is not None or match.group("short") is not None
    scale_missing = not has_scale and ("." in match.group("num")) and number < 1000
    if is_word and not has_scale:
        return None  # "two dollars" is not a trade figure
    return value, scale_missing


@memoized_list
def find_amounts(text: str) -> list[Amount]:
    """All money amounts in `text`, in order of position, non-overlapping."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    folded = fold(text)
    for match in scanner_for(_PREFIX_RE).finditer(text, folded):
        parsed = _value_of(match)
        if parsed is None:
            continue
        value, scale_missing = parsed
        # A prefix code followed by a suffix word ("USD 5 million dollars") stays one amount.
        end = match.end()
        if match.group("neg"):
            value = -value
        cur_token = match.group("cur")
        currency = PREFIX_CURRENCIES.get(cur_token) or PREFIX_CURRENCIES.get(cur_token.upper(), "USD")
        found.append(Amount(value, currency, match.start(), end, text[match.start() : end], scale_missing))
        taken.append((match.start(), end))
    for match in scanner_for(_SUFFIX_RE).finditer(text, folded):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        parsed = _value_of(match)
        if parsed is None:
            continue
        value, scale_missing = parsed
        if match.group("neg"):
            value = -value
        currency = next(
            iso for i, (_, iso) in enumerate(SUFFIX_CURRENCIES) if match.group(f"suf{i}") is not None
        )
        found.append(
            Amount(
                value, currency, match.start(), match.end(), text[match.start() : match.end()], scale_missing
            )
        )
    found.sort(key=lambda a: a.start)
    return found


def to_float(value: Decimal) -> float:
    """The one place amounts become floats (exactly as the Decimal rounds)."""
    return float(value)


# "imports stood at 180.5 billion" after "... 279.8 billion yuan": a scaled number with no currency,
# right after a verb of level or a comparison ("against 159 million in 2017"), and followed by nothing that
# could be a unit of quantity.
_UNITLESS_RE = re.compile(
    r"\b(?:at|to|reached|totaled|totalled|totaling|totalling|hit|was|were|against|versus|vs\.|from)\s"
    rf"(?P<num>{_NUM})\s?(?P<scale>trillion|billion|bln|bn|million|mln)\b"
    r"(?=\s*(?:[,.;)]|$|\s(?:in|during|for|over|up|down|while|and|a|an|from|year)\b))",
    re.IGNORECASE,
)


def find_unitless_amounts(text: str, currency: str) -> list[Amount]:
    """Scaled numbers written without a currency, read in `currency` (the one the context gives)."""
    taken = [(a.start, a.end) for a in find_amounts(text)]
    out: list[Amount] = []
    for match in _UNITLESS_RE.finditer(text):
        start, end = match.start("num"), match.end("scale")
        if any(s < end and start < e for s, e in taken):
            continue
        number = parse_number(match.group("num"), match.group("scale"))
        if number is None:
            continue
        value = number * SCALES[match.group("scale").lower()]
        out.append(Amount(value, currency, start, end, text[start:end]))
    return out
