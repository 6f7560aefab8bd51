"""Numbers as Chinese and Russian texts write them, parsed exactly (Decimal), never through floats.

Chinese: Arabic digits with Chinese scales ("1234.5亿", "3.2万亿"), Chinese numerals ("八十八亿",
"一点零四亿", "一百五十二", "两千三百"), percentages written out ("百分之一百五十二", "七成" = 70%).
A small table does this instead of cn2an: cn2an returns floats (75.11亿 would not be exact), rejects
forms such as "一点零四亿" in its "smart" mode, and costs 0.2 s to import; the grammar is thirty lines.

Russian: decimal comma or point, thousands separated by spaces of any kind (space, no-break space,
thin space U+2009, narrow no-break space U+202F), as Russian typography writes them ("13 910,7").
Babel's `parse_decimal(locale="ru")` refuses the thin space and the decimal point, both common in
agency copy, so the parser here is our own.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

ZH_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
ZH_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# Scales of amounts: 万 10^4, 亿 10^8, 万亿 10^12 (a trillion); "391十亿美元" (十亿 10^9, a billion, as
# translated from English sources), 百亿 10^10, 千亿 10^11 after Arabic digits.
ZH_SCALES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "百亿": Decimal(10) ** 10,
    "十亿": Decimal(10) ** 9,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
}

ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(ZH_SMALL_UNITS) + "点"
# A run of Chinese numerals (with 点 for the decimal point), as a regex character class body.
ZH_NUMERAL_CLASS = re.escape(ZH_NUMERAL_CHARS)


def _zh_below_10000(text: str) -> int | None:
    """ "两千三百零五" -> 2305, "十一" -> 11, "五" -> 5; None when it is not a well-formed numeral."""
    if not text:
        return None
    total, digit, last_unit = 0, None, 10**5
    for ch in text:
        if ch in ZH_DIGITS:
            if digit is not None and ZH_DIGITS[ch] != 0 and digit != 0:
                return None  # "三五" is two numbers, not one
            digit = ZH_DIGITS[ch]
        elif ch in ZH_SMALL_UNITS:
            unit = ZH_SMALL_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit  # "十一": an implicit one before 十
            digit, last_unit = None, unit
        else:
            return None
    return total + (digit or 0)


def zh_integer(text: str) -> int | None:
    """A Chinese integer numeral up to the 亿 range: "八十八" -> 88, "一万二千" -> 12000."""
    total = 0
    rest = text
    for scale_char, scale in (("亿", 10**8), ("万", 10**4)):
        if scale_char in rest:
            head, _, rest = rest.partition(scale_char)
            part = _zh_below_10000(head)
            if part is None:
                return None
            total += part * scale
    if rest:
        part = _zh_below_10000(rest.lstrip("零"))
        if part is None:
            return None
        total += part
    return total


def zh_number(text: str) -> Decimal | None:
    """Digits or a Chinese numeral, with an optional decimal part: "1,234.5", "一点零四", "八十八"."""
    raw = text.replace(",", "").replace("，", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return Decimal(raw)
    whole, dot, frac = raw.partition("点")
    integer = zh_integer(whole) if whole else None
    if integer is None:
        return None
    if not dot:
        return Decimal(integer)
    if not frac or any(ch not in ZH_DIGITS for ch in frac):
        return None
    return Decimal(f"{integer}.{''.join(str(ZH_DIGITS[ch]) for ch in frac)}")


def zh_scaled(number: str, scale: str | None) -> Decimal | None:
    """A number with its Chinese scale word ("88", "亿") in units."""
    value = zh_number(number)
    if value is None:
        return None
    return value * ZH_SCALES[scale] if scale else value


# Spaces Russian typography puts between groups of thousands.
RU_GROUP_SPACES = " \u00a0\u2009\u202f"
RU_NUMBER = r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:[,.]\d+)?|\d+(?:[,.]\d+)?"


def ru_number(text: str) -> Decimal | None:
    """ "13 910,7" -> 13910.7, "28,2" -> 28.2, "3.65" -> 3.65 (a point is decimal too: no Russian text
    writes thousands with a point before млрд/млн). None when it is no number."""
    raw = text.strip()
    for space in RU_GROUP_SPACES:
        raw = raw.replace(space, "")
    raw = raw.replace(",", ".")
    if raw.count(".") > 1:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None
