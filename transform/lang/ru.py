"""The Russian pack: lexicons and grammars of Russian-language trade reports (Kazakh, Uzbek and Kyrgyz
agencies, statistics bureaus, TASS, Xinhua and CRI in Russian).

Text is read with every kind of space folded to a plain one and ё to е (same length). What it knows:
- amounts: "$28,2 млрд", "28,2 млрд долл. США", "3,65 млрд ам. долл.", "13 млрд 910,7 млн долларов",
  "1 234,5 млн юаней", тенге / рублей / евро / сомов / сумов; трлн / млрд / млн / тыс with or without a
  dot and as words; decimal comma or point; thousands in thin or no-break spaces; hedges около / почти
  (about), более / свыше (over), менее (under); a scaled number with no currency takes the article's
  last one ("Импорт — 3,65 млрд"); conversions in "/…/" or "(…)" are the figure's USD value, not a
  second figure;
- trade words товарооборот, внешнеторговый оборот, торговля, экспорт, импорт, сальдо, профицит,
  дефицит, and "экспорт и импорт … соответственно" lists;
- economies in every case form and their abbreviations (`transform/data/lang_ru.json`), with side
  markers from the preposition before them: с (with), между A и B, в / на (to), из (from), a genitive
  subject, pair adjectives ("казахстанско-китайский"), data owners (Бюро национальной статистики ->
  KZ) and datelines ("АСТАНА, 12 июля.");
- periods "в январе–июне 2023 года" (any dash, any case), "за первые три месяца", "в первом квартале",
  "за 11 месяцев", "в первом полугодии", "по итогам 2022 года", "в прошлом году"; comparison periods
  ("по сравнению с аналогичным периодом 2022 года") are not the figure's;
- percentages: "увеличился на 33%", "снизился на", "(+30,6%)", "рост в 2,1 раза" (a multiple: +110%),
  "п. п." (points: no change), "доля … 79,4%" / "79,4 % от" (share), "… соответственно" lists.
Guards: targets and forecasts (довести до, планируется, к 2030 году, составит), non-trade money
(инвестиции, кредиты, соглашения) and change amounts ("вырос на $2 млрд").
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from transform.guards import AmountView, Guard
from transform.lang.base import PRIOR, SOLAR_CALENDAR, Cue, Found, Named, PercentFound, PeriodFound, Span
from transform.lang.numbers import ru_number
from transform.lang.periods import month_span, quarter_span, resolve_year, year_span
from transform.lang.text import split_lines
from transform.patterns import hedge_in
from transform.sentences import Sentence

code = "ru"
_DATA = json.loads((Path(__file__).resolve().parent.parent / "data" / "lang_ru.json").read_text("utf-8"))
_I = re.IGNORECASE

# ------------------------------------------------------------------------------------------- text

_FOLD = (("\u00a0", " "), ("\u2009", " "), ("\u202f", " "), ("\u2007", " "), ("ё", "е"), ("Ё", "Е"))


def normalise(body: str) -> str:
    for old, new in _FOLD:  # str.replace: several times faster than str.translate with a mapping
        if old in body:
            body = body.replace(old, new)
    return body


_ABBREVIATIONS = frozenset(
    [
        "млрд",
        "млн",
        "тыс",
        "трлн",
        "долл",
        "руб",
        "г",
        "гг",
        "ам",
        "т",
        "п",
        "пп",
        "ст",
        "им",
        "ул",
        "др",
        "проц",
        "св",
        "ок",
        "т.е",
        "см",
        "рис",
        "табл",
        "н.э",
    ]
)


_LAST_WORD = re.compile(r"([\w.]+)$")
_WORD_BEFORE = re.compile(r"(\w+)\s*$")


def _ends(line: str, i: int) -> bool:
    """A full stop ends a sentence before a capital, a quote or a digit, not after an abbreviation."""
    if line[i] != ".":
        return True
    if 0 < i < len(line) - 1 and line[i - 1].isdigit() and line[i + 1].isdigit():
        return False  # a decimal point: "$352.4 млн", "на 27.5%"
    rest = line[i + 1 :].lstrip()
    if rest and not (rest[0].isupper() or rest[0] in '«"“0123456789—-'):
        return False
    word = _LAST_WORD.search(line[max(0, i - 24) : i])
    abbreviation = word.group(1).lower().rstrip(".") if word else ""
    if abbreviation in _SCALE_ABBREVIATIONS and _NEW_SENTENCE.match(rest):
        return True  # "составил $41 млрд. При этом…": a scale ends the sentence before a capitalised word
    return abbreviation not in _ABBREVIATIONS


_SCALE_ABBREVIATIONS = frozenset(["млрд", "млн", "тыс", "трлн"])
_NEW_SENTENCE = re.compile(r"[А-ЯЁ][а-яё]")


def split(body: str) -> list[Sentence]:
    return split_lines(body, _ends, ".!?")


# ------------------------------------------------------------------------------------------- amounts

_NUM = r"\d{1,3}(?: \d{3})+(?:[,.]\d+)?|\d+(?:[,.]\d+)?"
_SCALES: list[tuple[str, Decimal]] = [
    (r"трлн\.?|триллион(?:ами|ам|ах|ом|а|ов|е|у)?", Decimal(10) ** 12),
    (r"млрд\.?|миллиард(?:ами|ам|ах|ом|а|ов|е|у)?", Decimal(10) ** 9),
    (r"млн\.?|миллион(?:ами|ам|ах|ом|а|ов|е|у)?", Decimal(10) ** 6),
    (r"тысяч(?:ами|ам|ах|и|а)?|тыс\.?(?![а-я])", Decimal(10) ** 3),  # "11,3 тысячи тонн": the whole word
]
_SCALE = "|".join(f"(?:{p})" for p, _ in _SCALES)
_CURRENCIES: list[tuple[str, str]] = [
    # other dollars first: "(128,86 миллиардов сингапурских долларов)" restates, it is no US dollar figure
    (r"сингапурск\w+ доллар\w*", "SGD"),
    (r"гонконгск\w+ доллар\w*", "HKD"),
    (r"канадск\w+ доллар\w*", "CAD"),
    (r"австралийск\w+ доллар\w*", "AUD"),
    (r"ам\. ?долл\.?|американских долларов|долл(?:ар(?:ами|ам|ах|ов|а|ы)?)?\.?(?: ?США)?|USD", "USD"),
    (r"юан(?:ей|я|ь|ями)|CNY", "CNY"),
    (r"тенге|KZT", "KZT"),
    (r"руб(?:л(?:ей|я|ь))?\.?|RUB", "RUB"),
    (r"евро|EUR", "EUR"),
    (r"сом(?:ов|а)?|KGS", "KGS"),
    (r"сум(?:ов|а)?|UZS", "UZS"),
    (r"сомони|TJS", "TJS"),
    (r"манат(?:ов|а)?", "TMT"),
]
_CUR = "|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_CURRENCIES))
_AMOUNT = re.compile(
    rf"(?:(?P<pre>US\$|\$|USD|€|¥|₸) ?)?(?P<num>{_NUM})(?:-(?:ти|ми|х))?(?: ?(?P<scale>{_SCALE}))?"
    rf"(?: (?P<num2>{_NUM}) ?(?P<scale2>{_SCALE}))?(?: ?(?:{_CUR})(?![а-яa-z]))?"
)
_PREFIX_CODES = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "¥": "CNY", "₸": "KZT"}
_QUAL_ABOUT = re.compile(r"(?:около|порядка|примерно|приблизительно|почти|практически|свыше\s+чем|~)\s*$", _I)
_QUAL_OVER = re.compile(
    r"(?:более|свыше|больше|превысил\w*|превысив|превысит|не\s+менее|боле\s+чем|(?:более|свыше)\s+чем\s+на"
    r"|(?:перешагнул\w*|преодолел\w*|превысил\w*)\s+(?:отметку|рубеж|порог|планку)(?:\s+в)?)\s*$",
    _I,
)
_QUAL_UNDER = re.compile(r"(?:менее|меньше|не\s+более|ниже)\s*$", _I)
_RESTATE_GAP = re.compile(
    r"^\s*[(/]\s*(?:около|порядка|примерно|или|почти|более|~|≈)?\s*$|^,?\s*что\s+эквивалентно\s*$", _I
)


def carried_currency(text: str) -> str | None:
    """Russian copy declares no currency for what follows ("下同"): the stages carry the last one written
    ("Импорт — 3,65 млрд" after "$15,2 млрд" is in dollars)."""
    return None


_DIGIT = re.compile(r"\d")


def amounts(text: str, carried: str | None) -> list[Found]:
    if _DIGIT.search(text) is None:
        return []
    out: list[Found] = []
    last_currency = carried
    for match in _AMOUNT.finditer(text):
        found = _amount(text, match, last_currency, out[-1] if out else None)
        if found is None:
            continue
        out.append(found)
        if found.currency is not None and not found.restates:
            last_currency = found.currency
    return _pairs(text, out) if " до " in text else out


# "вырос с $1,5 до $4,5 миллиона", "с $14,1 млн. в 2000 году до $1 млрд в 2009 г.": a level a change started
# from and the level it reached. The first shares the second's scale and currency when it writes none.
_PAIR_FROM = re.compile(r"(?<!\w)со?\s+(?:уровня\s+|отметки\s+)?$", _I)
_PAIR_GAP = re.compile(
    r"^\s*(?:(?:в|за)\s+(?:[а-я]+\s+){0,2}?\d{4}\s*(?:году|год|года|г\.?)\s*)?до\s+(?:уровня\s+|отметки\s+)?$",
    _I,
)
_BARE_FROM = re.compile(rf"(?<!\w)со?\s+(?:уровня\s+)?(?P<num>{_NUM})\s+до\s+(?:уровня\s+)?", _I)


def _pairs(text: str, out: list[Found]) -> list[Found]:
    bare = {m.end(): m for m in _BARE_FROM.finditer(text)}
    paired: list[Found] = []
    for found in out:
        previous = paired[-1] if paired else None
        if found.start in bare and (previous is None or previous.end <= bare[found.start].start()):
            number = ru_number(bare[found.start].group("num"))
            scale = _scale_of(_AMOUNT.match(text, found.start).group("scale"))
            value = number * scale if number is not None and found.value is not None else None
            m = bare[found.start]
            paired.append(Found(m.start("num"), m.end("num"), value, found.currency, pair="from"))
            paired.append(replace(found, pair="to"))
            continue
        if (
            previous is not None
            and previous.pair is None
            and _PAIR_FROM.search(text, 0, previous.start)
            and _PAIR_GAP.match(text[previous.end : found.start])
        ):
            paired[-1] = replace(previous, pair="from", value=_shared_scale(text, previous, found))
            found = replace(found, pair="to", restates=False)
        paired.append(found)
    return paired


def _shared_scale(text: str, first: Found, second: Found) -> Decimal | None:
    """ "с $26 до $60,2 миллиона": a first level written without a scale takes the second's."""
    own = _AMOUNT.match(text, first.start)
    if first.value is None or own is None or own.group("scale"):
        return first.value
    return first.value * _scale_of(_AMOUNT.match(text, second.start).group("scale"))


# Units of quantity: "150 тыс. тонн", "10 млрд кубометров" are no money, whatever currency is carried.
_QUANTITY_AFTER = re.compile(
    r"^\s?(?:т\b|тонн\w*|баррел\w*|кубометр\w*|куб\.|кубических|м3|голов\w*|штук\w*|шт\.|единиц\w*|автомобил\w*"
    r"|вагон\w*|контейнер\w*|TEU|ДФЭ|человек|пассажир\w*|туристов|км|километр\w*|гектар\w*|га\b|кВт\w*|МВт\w*"
    r"|киловатт\w*|мегаватт\w*|литр\w*|рейс\w*|посылок|отправлен\w*)",
    _I,
)


_BROKEN_TAIL = re.compile(r" \d+(?:[,.]\d+)? ?(?:долл|юан|тенге|руб|евро|сом|сум)")


_FRAGMENT_BEFORE = re.compile(r"\d\s,$")


def _amount(text: str, match: re.Match[str], carried: str | None, previous: Found | None) -> Found | None:
    scale, pre = match.group("scale"), match.group("pre")
    written = _currency(match)
    if not scale and not pre and written is None:
        return None
    if written is None and not pre and _QUANTITY_AFTER.match(text[match.end() :]):
        return None
    if _FRAGMENT_BEFORE.search(text, 0, match.start()):
        return None  # "с $1 ,7 млрд": the decimals of a number broken by a space, no amount of their own
    value = _value(match)
    if scale and not match.group("num2") and written is None and _BROKEN_TAIL.match(text, match.end()):
        value = None  # "2 млрд 351,5 долларов": a number after the scale with no scale of its own
    currency = written or (_PREFIX_CODES[pre] if pre else None)
    start, end = match.start(), match.end()
    if text[end - 1] == "." and not text[end:].strip():
        end -= 1  # "составил $45 млрд.": the full stop ends the sentence
    if currency is None:
        currency = carried
    return Found(
        start=start,
        end=end,
        value=value,
        currency=currency,
        qualifier=_qualifier(text[:start]),
        restates=_restates(text, previous, start, currency),
    )


def _currency(match: re.Match[str]) -> str | None:
    return next((iso for i, (_, iso) in enumerate(_CURRENCIES) if match.group(f"c{i}")), None)


def _scale_of(word: str | None) -> Decimal:
    if not word:
        return Decimal(1)
    return next(scale for pattern, scale in _SCALES if re.fullmatch(pattern, word))


def _value(match: re.Match[str]) -> Decimal | None:
    number = ru_number(match.group("num"))
    if number is None:
        return None
    scale = _scale_of(match.group("scale"))
    value = number * scale
    if match.group("num2") and match.group("scale2"):
        extra, extra_scale = ru_number(match.group("num2")), _scale_of(match.group("scale2"))
        if extra is None or extra_scale >= scale:
            return None  # "13 млрд 910,7 млн" adds a smaller part; anything else is unreadable
        value += extra * extra_scale
    return value


def _qualifier(before: str) -> str | None:
    return hedge_in(before[-24:], _QUAL_UNDER, _QUAL_OVER, _QUAL_ABOUT)


def _restates(text: str, previous: Found | None, start: int, currency: str | None) -> bool:
    """ "2,3 трлн тенге /$5 млрд/", "(около $5 млрд)": a conversion right after the figure before it."""
    if previous is None or currency == previous.currency:
        return False
    return bool(_RESTATE_GAP.match(text[previous.end : start]))


# ------------------------------------------------------------------------------------------- trade words

_CUES = re.compile(
    r"(?P<surplus0>сальдо\s+(?:внешн\w+\s+)?торговл\w+)|(?P<foreign>внешн\w+\s+и\s+взаимн\w+\s+торговл\w+|внешнеторгов\w*\s+оборот\w*|внешн\w+\s+торговл\w+|внешнеторгов\w+)"
    r"|(?P<bilateral>(?:двусторонн|взаимн)\w+\s+(?:товарооборот|торгов\w+\s+оборот|торговл|оборот)\w*"
    r"|(?:товарооборот\w*|торговл\w+|объем\w*\s+торговли)\s+(?:двух|обеих)\s+стран\b"
    r"|(?:товарооборот\w*|торговл\w+|объем\w*\s+торговли)\s+между\s+(?:двумя|нашими|обеими)\s+странами)"
    r"|(?P<total>товарооборот\w*|торгов(?:ый|ого|ому|ым|ом)\s+оборот\w*|объем\w*\s+торговли|торговл(?:я|и|е|ю|ей)\b"
    r"|наторговал\w*)"  # "две страны наторговали на 2,6 миллиарда долларов"
    r"|(?P<surplus>(?:профицит\w*|положительн\w+\s+сальдо|сальдо)(?:\s+(?:внешн\w+\s+)?торговл\w+)?)"
    r"|(?P<deficit>(?:дефицит\w*|отрицательн\w+\s+сальдо)(?:\s+(?:внешн\w+\s+)?торговл\w+)?)"
    r"|(?P<partners>торгов\w+\s+партн[её]р\w*)|(?P<buyers>покупател\w+)|(?P<suppliers>поставщик\w+)"
    # "перевес экспорта над импортом": a surplus; "превышение импорта над экспортом": a deficit
    r"|(?P<surplus2>(?:перевес|превышени)\w*\s+экспорт\w*\s+над\s+импорт\w*)"
    r"|(?P<deficit2>(?:перевес|превышени)\w*\s+импорт\w*\s+над\s+экспорт\w*)"
    # "Россия поставила в КНР товаров на $6,86 млрд", "Таджикистан закупил там товаров на сумму…"
    r"|(?P<export>экспорт(?:а|у|ом|е|ирова(?:л\w*|н[аоы]?)|ные|ных|ная|ной)?\b|вывоз\w*|поставк(?:и|ам|ах)\b"
    r"|постав(?:ил|ила|ило|или|ляет|ляют|лял\w*)\b"
    r"|(?:вывез|продал|отгрузил)(?:а|и|о)?\b)"  # "а продал в РФ – на 58,6 млн долларов"
    r"|(?P<import>импорт(?:а|у|ом|е|ирова(?:л\w*|н[аоы]?)|ные|ных|ная|ной)?\b|ввоз\w*|закупи(?:л|ла|ли|ло)\b"
    r"|(?:ввез|приобрел)(?:а|и|о)?\b)",  # "Иран ввез из Таджикистана 13,6 тысячи тонн продукции стоимостью …"
    _I,
)


_CUE_FLOWS = {"foreign": "total", "bilateral": "total", "surplus": "balance", "deficit": "balance",
              "partners": "total", "buyers": "export", "suppliers": "import", "surplus0": "balance",
              "surplus2": "balance", "deficit2": "balance"}  # fmt: skip


def cues(text: str) -> list[Cue]:
    out: list[Cue] = []
    for m in _CUES.finditer(text):
        kind = m.lastgroup or ""
        flow = _CUE_FLOWS.get(kind, kind)
        ranking = kind in ("partners", "buyers", "suppliers")
        if out and _frame(text, out[-1], m):
            continue
        out.append(
            Cue(
                m.start(),
                m.end(),
                flow,
                foreign=kind == "foreign",
                bilateral=kind == "bilateral",
                ranking=ranking,
            )
        )
    return out


# "перевес экспорта над импортом отмечен в торговле с Бельгией": "в торговле" after a flow of its clause says
# where that flow is, it is no second trade word.
_IN_TRADE = re.compile(r"(?<!\w)во?\s+$", _I)


def _frame(text: str, previous: Cue, m: re.Match[str]) -> bool:
    if previous.flow == "total" or not m.group(0).lower().startswith("торговл"):
        return False
    between = text[previous.end : m.start()]
    return bool(_IN_TRADE.search(between)) and not any(ch.isdigit() or ch in ",;:" for ch in between)


_NEGATIVE_WORDS = re.compile(r"дефицит|отрицательн|(?:перевес|превышени)\w*\s+импорт\w*\s+над", _I)
_NEGATIVE_JUST_BEFORE = re.compile(r"(?:отрицательн\w*\s*:?\s*(?:[–−-]\s*)?|:\s*[–−-]\s*)$", _I)


def balance_negative(before: str) -> bool:
    """ "дефицит", "отрицательное сальдо" in the clause, or "оказалось отрицательным: – 413 млн"."""
    clause = before[clause_start(before, len(before)) :]
    if _NEGATIVE_WORDS.search(clause) or _NEGATIVE_JUST_BEFORE.search(before):
        return True
    # "Торговый баланс сложился отрицательным: его сальдо равнялось 2,73 миллиарда": the clause before the colon
    colon = before.rfind(":")
    return colon > 0 and bool(_NEGATIVE_WORDS.search(before[clause_start(before, colon) : colon]))


_LIST = re.compile(
    r"(?P<items>(?:экспорт|импорт|товарооборот)\w*(?:\s*(?:,|и)\s*(?:экспорт|импорт|товарооборот)\w*)+)", _I
)
_RESPECTIVELY = re.compile(r"соответственно", _I)


def list_cues(text: str, position: int) -> tuple[list[Cue], int] | None:
    respectively = _RESPECTIVELY.search(text, position)
    if respectively is None:
        return None
    for m in _LIST.finditer(text[:position]):
        if m.end() <= position < respectively.start():
            items = cues(m.group("items"))
            return [Cue(m.start() + c.start, m.start() + c.end, c.flow) for c in items], m.end()
    return None


# ------------------------------------------------------------------------------------------- clauses

_CLAUSE_BREAK = re.compile(r"[;:]|,\s(?!\d)|\s[—–-]\s(?=[а-я])")


def clause_start(text: str, position: int) -> int:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text[:position])]
    return breaks[-1] if breaks else 0


_INHERITS = re.compile(
    r"^\s*(?:экспорт|импорт|вывоз|ввоз|товарооборот|сальдо|при\s+этом|в\s+том\s+числе|из\s+них|из\s+которых|а\s"
    r"|(?:достигнув|составив|дойдя\s+до)\s+(?:около\s+|почти\s+|более\s+)?(?:[$€]|\d))",  # "прибавил $56 млн, достигнув $772 млн"
    _I,
)
# "Россия поставила в КНР товаров на $6,86 млрд, Китай в Россию — на $6,6 млрд": a gapped clause of names
# and prepositions before a dash and its amount (the verb of the clause before is understood).
_GAPPED = re.compile(r"^\s*(?:(?:[А-ЯЁ][\w-]*|в|из|с|со|во)\s+){0,4}[—–]?\s*на\s+(?:сумму\s+)?(?:[$€]|\d)")


def inherits(clause: str) -> bool:
    return bool(_INHERITS.match(clause) or _GAPPED.match(clause))


# ------------------------------------------------------------------------------------------- economies

_NAME_PATTERNS = [(c, p) for c, patterns in _DATA["names"].items() for p in patterns]
# Names are tried only where one can start (a capital, or "стран"/"государств" of a group): one
# alternation of sixty patterns tried at every position costs a third of a millisecond per sentence.
_NAMES = re.compile("|".join(f"(?P<n{i}>{p}(?![\\w-]))" for i, (_, p) in enumerate(_NAME_PATTERNS)))
_NAME_STARTS = re.compile(r"(?<![\w-])(?:[A-ZА-ЯЁ]|стран|государств)")
_ADJ = "|".join(f"(?P<a{i}>{stem})" for i, stem in enumerate(_DATA["adjectives"].values()))
_ADJ_CODES = list(_DATA["adjectives"])
_PAIR = re.compile(
    rf"(?<!\w)(?P<first>{'|'.join(_DATA['adjectives'].values())})о-(?P<second>{'|'.join(_DATA['adjectives'].values())})\w*",
    _I,
)
_ADJ_SUBJECT = re.compile(
    rf"(?<!\w)(?:{_ADJ})(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)\s+(?=(?:экспорт|импорт|товарооборот|внешнеторгов|поставк))",
    _I,
)
_ADJ_ANY = re.compile(rf"(?:{'|'.join(_DATA['adjectives'].values())})\w*", _I)
# "экспорт казахстанских товаров", "импорт китайской продукции": where the goods come from (the reporter
# of exports, the partner of imports).
_ADJ_ORIGIN = re.compile(rf"(?<!\w)(?:{_ADJ})(?:их|ой|ую)\s+(?=(?:товар\w*|продукци\w*|продукт\w*)\b)", _I)
_BLOCKED = re.compile(
    r"(?<!\w)(?:пункт\w*\s+пропуска\s+\S+|Хоргос\w*|Достык\w*|Алашанькоу|компани\w+|предприяти\w+)"
)
# Partner areas without a code: the CIS, "the republic" named by its common noun. Trade with them is
# no economy's trade with the world.
_UNCODED = re.compile(
    r"(?<!\w)(?:(?:стран\w*|государств\w*)[\s-]+(?:участни\w+\s+)?)?(?:СНГ|Содружеств\w*(?:\s+Независимых\s+Государств)?)(?![\w-])"
    r"|(?<=\sс\s)республикой\b"
)
# "отечественный экспорт", "наш товарооборот": the home economy of whoever writes or speaks (the outlet's
# country, or a quoted foreign envoy's); the sentence does not say which.
_HOME = re.compile(
    r"(?<!\w)(?:отечествен\w+|наш(?:его|ему|им|ем|а|ей|у|и|их)?)\s+(?=(?:экспорт|импорт|товарооборот|торгов|внешнеторгов|поставк))",
    _I,
)
_MARKERS = (("между", "subject"), ("со", "with"), ("с", "with"), ("во", "to"), ("в", "to"), ("на", "to"),
            ("из", "from"), ("от", "from"), ("и", "with"), ("для", "to"))  # fmt: skip
_TRANSIT = ("через",)
_ITEM_PO = re.compile(r"(?:^|[;:])[\s\-–—•*]*по\s+$", _I)


# A figure that stands for the statistic just named: "этот показатель", "эта цифра", "ее объем".
_ANAPHOR = re.compile(
    r"(?<!\w)(?:(?:эт|данн|указанн)\w+|т(?:от|ого|ом)\s+же)\s+(?:показател|объем)\w*"
    r"|(?<!\w)эт(?:а|у|ой)\s+цифр\w*|(?<!\w)(?:ее|его|их)\s+(?:объем|размер|величин|сумм)\w*"
    # "Объем этой торговли в 2017 году составил…": the trade the sentence before named
    r"|(?<!\w)(?:эт|данн)(?:ой|ая|ую|от|ого)\s+(?:торговл|товарооборот|взаимн\w+\s+торговл)\w*"
    # "В денежном выражении … он составил около 94 млн": a pronoun as the subject of a verb of level
    r"|(?<!\w)(?:он|она|оно)\s+(?:\w+\s+){0,2}?(?:составил|достиг|равнял|превысил|перешагнул)\w*\s+(?:\w+\s+)?$",
    _I,
)


def anaphor(clause: str) -> bool:
    return _ANAPHOR.search(clause) is not None


# Between amounts and the trade word after them: "$903,2 млн и $829,0 млн товарооборота".
_JOIN = re.compile(r"^\s*(?:,|и)?\s*$")


def joins(gap: str) -> bool:
    return _JOIN.match(gap) is not None


def respectively(text: str) -> bool:
    return "соответственно" in text.lower()


def _no_side(text: str, start: int) -> bool:
    """ "через Хоргос": a route; "долларов США": a currency; "санкции США против Ирана": who imposes
    sanctions. None of them is a side of the trade."""
    return (
        _word_before(text, start) in _TRANSIT
        or bool(_CURRENCY_BEFORE.search(text, 0, start))
        or bool(_SANCTIONS_BEFORE.search(text, 0, start))
    )


_SANCTIONS_BEFORE = re.compile(r"(?<!\w)(?:санкци\w*|эмбарго|пошлин\w*)\s+$", _I)
_CURRENCY_BEFORE = re.compile(r"(?:долл\.?|доллар\w*|ам\.)\s*$", _I)  # "долл США", "долл. США"


def named(text: str) -> list[Named]:
    out: list[Named] = []
    taken: list[tuple[int, int]] = []
    for m in _PAIR.finditer(text):
        first, second = _adj_code(m.group("first")), _adj_code(m.group("second"))
        out.append(Named(m.start(), m.end(), first, m.group(0), "pair", second, m.group(0)))
        taken.append((m.start(), m.end()))
    for m in _ADJ_SUBJECT.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            out.append(Named(m.start(), m.end(), _adj_code(m.group(0)), m.group(0).strip(), "subject"))
    for m in _ADJ_ORIGIN.finditer(text):
        out.append(Named(m.start(), m.end(), _adj_code(m.group(0)), m.group(0).strip(), "from"))
    for m in _BLOCKED.finditer(text):
        if _word_before(text, m.start()) not in _TRANSIT:
            out.append(Named(m.start(), m.end(), None, m.group(0), "blocked"))
    for m in _HOME.finditer(text):
        out.append(Named(m.start(), m.end(), None, m.group(0).strip(), "home"))
    for m in _WHOSE.finditer(text):
        out.append(Named(m.start(), m.end(), None, m.group(0).strip(), "whose"))
    for m in _UNCODED.finditer(text):
        out.append(Named(m.start(), m.end(), None, m.group(0), _marker(text, m.start(), out)))
    last_end = 0
    for start in _NAME_STARTS.finditer(text):
        m = _NAMES.match(text, start.start()) if start.start() >= last_end else None
        if m is None:
            continue
        last_end = m.end()
        if _no_side(text, m.start()):
            continue
        code_ = _NAME_PATTERNS[int((m.lastgroup or "n0")[1:])][0]
        marker = "item" if _is_item(text, m.start(), m.end()) else _marker(text, m.start(), out)
        if marker == "subject" and _RANKED.search(text, max(0, m.start() - RANK_LOOKBACK), m.start()):
            marker = "ranked"  # "на втором месте находится Китай", "Второе место заняла Россия"
            if text.startswith(":", m.end()) or _ITEM_AFTER.match(text, m.end()):
                marker = "item"  # "Первое место … занял Китай: оборот — $6 млрд", "Второе место у России ($5,6 млрд)"
        out.append(Named(m.start(), m.end(), code_, m.group(0), marker))
    out.extend(_pronouns(text, out))
    return _lists(text, sorted(out, key=lambda n: n.start))


# A place in a ranking: the name after it is one of some economy's partners, never whose trade it is.
RANK_LOOKBACK = 90  # characters before a name where its place is looked for
_RANKED = re.compile(
    r"(?:(?:на\s+)?(?:перв|втор|трет|четверт|пят|шест|последн)\w*\s+(?:мест|строчк|строк|позици)\w*"
    r"(?:\s*(?:,\s*)?(?:наход\w*|оказал\w*|расположил\w*|располага\w*|занял\w*|занима\w*|идет|следует|стоит|был\w*|у))?"
    # "Первое место среди торговых партнеров РУз занял Китай": the ranking's owner in between
    r"|(?:перв|втор|трет|четверт|пят|шест|последн)\w*\s+(?:мест|строчк|строк|позици)\w*\s+среди\s+[^,.:;()]{0,50}?\s"
    r"(?:занял\w*|занима\w*|принадлежит|остается\s+за)"
    r"|(?:мест|строчк|позици)\w*\s+(?:занял\w*|занима\w*))\s*$",
    _I,
)
# "торговля с ним", "товарооборот с этой страной": the economy named just before (in the sentence, else the
# one economy a side of the sentence before); `PRIOR` is resolved by the stages from the sentence before.
_PRONOUN = re.compile(
    r"(?<!\w)(?P<prep>с|со|в|из|на)\s+(?:(?P<pron>ним|нее|ней|нею|него|нему)|(?:эт|т|данн)(?:ой|у|ого|ом)\s+стран(?:ой|у|ы|е))(?!\w)",
    _I,
)
# "Второе место заняла Россия, чьи поставки…": the ranked item's own trade (or the ranking owner's from it).
_WHOSE = re.compile(
    r"(?<!\w)ч(?:ей|ья|ье|ьи)\s+(?=(?:экспорт|импорт|товарооборот|поставк|торгов|продаж))", _I
)


def _pronouns(text: str, found: list[Named]) -> list[Named]:
    out = []
    for m in _PRONOUN.finditer(text):
        marker = next((mk for w, mk in _MARKERS if w == m.group("prep").lower()), "with")
        if m.group("pron"):
            before = [n for n in found if n.end <= m.start() and n.code and n.marker not in ("home", "whose")]
            if not before:
                continue
            out.append(Named(m.start(), m.end(), before[-1].code, before[-1].name, marker))
        else:
            out.append(Named(m.start(), m.end(), PRIOR, m.group(0), marker))
    return out


_LIST_GAP = re.compile(r"^\s*(?:,|и)\s*$")


def _lists(text: str, found: list[Named]) -> list[Named]:
    """Names joined by "," or "и" after one preposition share it: "на Кыргызстан и Германию", "с Китаем,
    Россией и Казахстаном" are partners, each `listed`."""
    out = list(found)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if prev.code is None or cur.code is None or prev.marker not in ("with", "to", "from"):
            continue
        if cur.marker in ("with", "subject", prev.marker) and _LIST_GAP.match(text[prev.end : cur.start]):
            out[i - 1] = replace(prev, listed=True)
            out[i] = replace(cur, marker=prev.marker, listed=True)
    return out


# A ranking's item: a name in the nominative opening a list slot, its figure right after it in brackets
# or after a dash ("Россия ($5,6 млрд)", "- Казахстан - 910,8 млн", "Узбекистан — $18 миллиардов").
_ITEM_AFTER = re.compile(r"\s*(?:\(\s*|[—–-]\s*)(?:\$\s?)?\d")
_ITEM_BEFORE = re.compile(
    r"(?:^|[,;:(•—–-]|\s(?:и|составили|названы|заняли|занимают|лидируют|следуют|вошли|стали|соседний|соседняя))\s*$",
    _I,
)


# "- Казахстан: товарооборот составил $4,6 млрд…": a list line opening on a name and a colon.
_LINE_ITEM_BEFORE = re.compile(r"\s*(?:[-–—•*·]\s*)?")


def _is_item(text: str, start: int, end: int) -> bool:
    if text.startswith(":", end) and _LINE_ITEM_BEFORE.fullmatch(text[:start]):
        return True
    after = _ITEM_AFTER.match(text, end)
    if after is None:
        return False
    if _ITEM_BEFORE.search(text[max(0, start - 16) : start]):
        return True
    # "вошли Россия ($1,4 млрд)": a bracket is an item's figure unless the name is a trade word's or a
    # preposition's complement ("экспорт Казахстана ($5 млрд)", "с Китаем ($2 млрд)")
    word = _word_before(text, start)
    return "(" in after.group(0) and not any(word == w for w, _ in _MARKERS) and not _CUES.fullmatch(word)


def _adj_code(word: str) -> str | None:
    lowered = word.lower()
    return next((c for c, stems in _DATA["adjectives"].items() if re.match(stems, lowered)), None)


def _word_before(text: str, position: int) -> str:
    match = _WORD_BEFORE.search(text[max(0, position - 24) : position])
    return match.group(1).lower() if match else ""


# Words between a side marker and a group's name: "со странами ШОС", "с остальными членами ЕАЭС".
_GROUP_NOUNS = re.compile(
    r"(?:(?:со|с|в|из|на|для)\s+)(?:(?:остальными|другими|прочими|остальные|другие)\s+)?"
    r"(?:стран\w*|государств\w*|член\w*)(?:\s+\w+)?\s*$",
    _I,
)


# "Доля Китая во внешнеторговом обороте Казахстана … $19 млрд", "на долю России пришлось …": the economy whose
# share it is, of another's trade, is that trade's partner, never whose trade it is.
_SHARE_OF = re.compile(r"(?<!\w)(?:дол(?:я|и|ю|е|ей)|на\s+долю)\s+$", _I)


def _marker(text: str, position: int, earlier: list[Named]):
    if _SHARE_OF.search(text, max(0, position - 16), position):
        return "with"
    group = _GROUP_NOUNS.search(text[max(0, position - 48) : position])
    word = group.group(0).split()[0].lower() if group else _word_before(text, position)
    marker = next((mk for w, mk in _MARKERS if word == w), "subject")
    if word == "по" and _ITEM_PO.search(text, 0, position):
        marker = "with"  # "- по Польше рост товарооборота…": a list item about trade with Poland
    if word == "и" and not any(n.end <= position and position - n.end < 40 for n in earlier if n.code):
        return "subject"
    return marker


_OWNERS = [(re.compile(p), c) for p, c in _DATA["owners"].items()]
_DATELINES = {
    "АСТАНА": "KZ",
    "АЛМАТЫ": "KZ",
    "НУР-СУЛТАН": "KZ",
    "ТАШКЕНТ": "UZ",
    "БИШКЕК": "KG",
    "ДУШАНБЕ": "TJ",
    "АШХАБАД": "TM",
    "ПЕКИН": "CN",
    "УРУМЧИ": "CN-XJ",
    "МОСКВА": "RU",
}
_DATELINE = re.compile(rf"^\s*(?P<city>{'|'.join(_DATELINES)})\b")


def data_owner(title: str | None, sentences: list[str]) -> str | None:
    """The economy whose statistics the headline or the opening sentences cite (ГТУ КНР -> CN)."""
    for text in ([title] if title else []) + sentences:
        for pattern, owner in _OWNERS:
            if pattern.search(text):
                return owner
    return None


def topic(title: str | None, sentences: list[str]) -> Named | None:
    """Whose trade the article is about: a data owner it cites, the dateline's country, a subject in
    the headline."""
    texts = ([title] if title else []) + sentences
    for text in texts:
        for pattern, owner in _OWNERS:
            found = pattern.search(text)
            if found:
                return Named(0, 0, owner, found.group(0), "subject")
    for text in sentences[:1]:
        dateline = _DATELINE.match(text)
        if dateline:
            city = dateline.group("city")
            return Named(0, 0, _DATELINES[city], city, "subject")
    if title:
        subjects = [
            n for n in named(title) if n.marker in ("subject", "pair") and n.code not in (None, "WORLD")
        ]
        # "Россия — главный партнер Таджикистана": the story is the trade of the economy whose partner it is
        owner = next((n for n in subjects if _PARTNER_OF.search(title, 0, n.start)), None)
        if owner is not None or subjects:
            return owner or subjects[0]
    return None


_PARTNER_OF = re.compile(r"партн[её]р\w*\s+$", _I)


# ------------------------------------------------------------------------------------------- products

_COMMODITY_NAMES = list(_DATA["commodities"].values())
_COMMODITIES = re.compile(
    "|".join(rf"(?P<c{i}>(?<!\w)(?:{p})(?!\w))" for i, p in enumerate(_DATA["commodities"])), _I
)


def commodity(words: str) -> str | None:
    match = _COMMODITIES.search(words)
    return _COMMODITY_NAMES[int(match.lastgroup[1:])] if match and match.lastgroup else None


# What may follow a trade word directly: a preposition, a verb of level or change, a known adjective
# ("казахстанских"), a name (capitalised), a period, a number. A lower-case noun outside this list
# ("экспорт цветов", "импорт услуг") names a product or a service: not the economy's merchandise trade.
_AFTER_CUE_OK = re.compile(
    r"(?:в|во|из|с|со|на|за|по|и|между|от|до|к|для|через|двух|обеих|стран\w*|товар\w*|продукци\w*|республики"
    r"|региона|составил\w*|составля\w*|оказал\w*|держал\w*|достиг\w*|дости\w*|вырос\w*|увелич\w*|сократ\w*|сниз\w*|уменьш\w*|превы\w*|оцен\w*"
    r"|был\w*|прибл\w*|отечествен\w*|перешагн\w*|преодоле\w*|прибав\w*|стал\w*|подня\w*|опусти\w*|упа\w*"
    r"|равнял\w*|отмеч\w*|зафиксирова\w*|— |-|–|—|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяею]|июн\w*|июл\w*"
    r"|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*|перв\w*|втор\w*|трет\w*|последн\w*|текущ\w*|прошл\w*"
    r"|год\w*|квартал\w*|полугоди\w*|месяц\w*|итогам|минувш\w*|этом|также|уже|почти|около|более|свыше|порядка"
    r"|всего|общ\w*|совокупн\w*|суммарн\w*|взаимн\w*|двусторонн\w*|туда|оттуда|сюда|отсюда"
    r"|провинци\w*|автономн\w*)$",
    _I,
)
_FIRST_WORD = re.compile(r"[\w-]+|[—–]")
# A coordinated clause right after the trade word goes on about it; it names no product.
_NEXT_CLAUSE = re.compile(r"^\s*[,;]\s*(?:а|и|но|однако)\s", _I)


def unexplained(before: str, after: str) -> bool:
    """A lower-case word right after the trade word that is neither a known word of the construction nor
    an adjective of a known economy: Russian puts the product after the trade word, in the genitive."""
    first = _FIRST_WORD.search(after)
    if first is None or _NEXT_CLAUSE.match(after):  # "…товарооборота, а в прошлом году он поднялся до…"
        return False
    word = first.group(0)
    if word[0].isupper() or word[0].isdigit() or _AFTER_CUE_OK.match(word):
        return False
    return _ADJ_ANY.match(word) is None


# ------------------------------------------------------------------------------------------- periods

_MONTHS = [
    r"январ\w*",
    r"феврал\w*",
    r"март\w*",
    r"апрел\w*",
    r"(?:май|мая|мае|маю|маем)",
    r"июн\w*",
    r"июл\w*",
    r"август\w*",
    r"сентябр\w*",
    r"октябр\w*",
    r"ноябр\w*",
    r"декабр\w*",
]
_MONTH = "|".join(f"(?:{m})" for m in _MONTHS)
_COUNT_WORDS = {
    "два": 2,
    "двух": 2,
    "три": 3,
    "трех": 3,
    "четыре": 4,
    "четырех": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "семь": 7,
    "семи": 7,
    "восемь": 8,
    "восьми": 8,
    "девять": 9,
    "девяти": 9,
    "десять": 10,
    "десяти": 10,
    "одиннадцать": 11,
    "одиннадцати": 11,
}
_ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}


def _year_tail(name: str) -> str:
    """ "2023 года" or "текущего / прошлого года" after a month, quarter, half or count of months."""
    return (
        rf"(?:\s+(?P<{name}>\d{{4}})\s*(?:года|году|год|г\.?)?"
        rf"|\s+(?P<{name}_rel>текущ\w+|этого|нынешн\w+|прошл\w+|минувш\w+)\s+год(?:а|у)\b)?"
    )


_PERIOD = re.compile(
    rf"(?<!\w)(?<!\d )(?P<m1>{_MONTH})(?:(?:\s*[-–—]\s*|\s+по\s+)(?P<m2>{_MONTH}))?{_year_tail('year_m')}"
    # "за первые три квартала 2021 года": January to September (before "3 квартал", the third alone)
    rf"|(?<!\w)(?:первые\s+)?(?P<nq>два|три|2|3)\s+квартал(?:а|ов)\b{_year_tail('year_nq')}"
    rf"|(?<!\w)(?P<q>перв|втор|трет|четверт|IV|III|II|I|[1-4])\w*(?:-?м)?\s+квартал\w*{_year_tail('year_q')}"
    rf"|(?<!\w)(?P<half>перв|втор|I|II)\w*\s+(?:полугоди\w*|половин\w+(?=\s+(?:\d{{4}}|текущ|этого|нынешн|прошл|минувш|года)))"
    rf"{_year_tail('year_h')}"
    rf"|(?<!\w)(?:первые\s+)?(?P<n>\d{{1,2}}|{'|'.join(_COUNT_WORDS)})\s+месяц\w*{_year_tail('year_n')}"
    # "за 2019–2024 годы", "с 2019 по 2024 год": a range of years, one period (no figure's own: validation
    # rejects it as too long), whose ends the levels of a pair "с $1,5 до $4,5 млн" take
    r"|(?<!\w)(?:(?:в|за)\s+)?(?:с\s+)?(?P<ry1>(?:19|20)\d{2})\s*(?:[-–—]|по)\s*(?P<ry2>(?:19|20)\d{2})\s*(?:год\w*|гг\.?)"
    # "с начала года": from January to the end of the period the text is about (its sentence's, else the running one)
    r"|(?<!\w)(?P<ytd>с\s+начала\s+(?:(?:текущего|этого|нынешнего)\s+)?года)(?!\w)"
    r"|(?<![\w])(?P<rel>прошл\w+|минувш\w+|текущ\w+|этом|этот|нынешн\w+)\s+год\w*"
    r"|(?<!\w)(?:(?:в|за|по\s+итогам|на\s+конец)\s+)?(?P<y>\d{4})\s*(?:год(?:а|у)?\b|г\.|-м\b)"
    # "…, а в 2011 – 50 млрд": a gapped clause's year, written without "году" before its dash
    r"|(?<!\w)(?:в|за)\s+(?P<y2>(?:19|20)\d{2})(?=\s*[—–-]\s)"
    # "за прошедший период этого года": some months of the year, which ones the text does not say
    r"|(?<!\w)(?<!чем\s)(?P<earlier>годом\s+(?:ранее|раньше)|год\s+назад)(?!\w)"
    r"|(?<!\w)(?P<undated>(?:прошедш|истекш|минувш)\w+\s+период\w*(?:\s+(?:этого|текущего|нынешнего|\d{4})\s+года)?)",
    _I,
)
_COMPARISON = re.compile(
    r"(?<!\w)(?:по\s+сравнению\s+с|в\s+сравнении\s+с|относительно|против|чем\s+в|к)\s+"
    rf"(?:аналогичн\w+\s+(?:период|показател)\w*\s*)?(?:(?:{_MONTH})(?:\s*[-–—]\s*(?:{_MONTH}))?\s+)?"
    r"(?:(?:прошл\w+|предыдущ\w+|\d{4})\s*(?:год\w*|г\.))?"
    r"|(?:аналогичн\w+|(?:того|тот|тем|тому|том)\s+же)\s+период\w*\s+(?:прошл\w+|предыдущ\w+|\d{4})\s*(?:год\w*|г\.)"
    r"|(?:(?:того|тот|тем|тому|том)\s+же|аналогичн\w+)\s+период\w*\s+годом\s+ранее"
    r"|(?:(?:те|тех|тем)\s+же|аналогичн\w+)\s+месяц\w*\s+(?:прошл\w+|предыдущ\w+|\d{4})\s*(?:год\w*|г\.)",
    _I,
)
_TARGET_YEAR = re.compile(r"(?:к|до)\s+\d{4}\s*(?:год\w*|г\.)", _I)


_COMPARISON_WORDS = ("сравн", "относительно", "против", "чем ", "аналогичн", "к ", " же период", " же месяц")


def periods(text: str, published: date, running: Span | None) -> list[PeriodFound]:
    lowered = text.lower()
    excluded = (
        [(m.start(), m.end()) for m in _COMPARISON.finditer(text) if m.group(0).strip()]
        if any(word in lowered for word in _COMPARISON_WORDS)
        else []
    )
    excluded += [(m.start(), m.end()) for m in _TARGET_YEAR.finditer(text)]
    out: list[PeriodFound] = []
    found = [m for m in _PERIOD.finditer(text) if not any(s < m.end() and m.start() < e for s, e in excluded)]
    sentence_year = next((_year(m, published) for m in found if _year(m, published)), None)
    for m in found:
        # "В 2008 году … 7 млрд, а в этом году за семь месяцев — 5 млрд": the nearest year before
        if _months(m) is None and _year(m, published):
            sentence_year = _year(m, published)
        # "в 2024 году …, а годом ранее …": a year before the sentence's own period, else the running one;
        # "в сентябре …, а с начала года …": from January to the end of that period
        base = running
        if m.group("earlier") or m.group("ytd"):
            current = (
                running if m.group("earlier") or (running and running[1].year == published.year) else None
            )
            base = next((p.span for p in reversed(out) if p.span), current)
        out.append(PeriodFound(m.start(), m.end(), _span(m, published, base, sentence_year)))
    return out


def _year(m: re.Match[str], published: date) -> int | None:
    groups = m.groupdict()
    year = next((v for k, v in groups.items() if k.startswith("year") and v and v.isdigit()), None)
    if year or m.group("y") or m.group("y2"):
        return int(year or m.group("y") or m.group("y2"))
    tail = next((v for k, v in groups.items() if k.endswith("_rel") and v), None)
    rel = (tail or m.group("rel") or "").lower()
    if rel.startswith(("прошл", "минувш")):
        return published.year - 1
    if rel:
        return published.year
    return None


def _span(m: re.Match[str], published: date, running: Span | None, sentence_year: int | None) -> Span | None:
    if m.group("undated"):
        return None
    if m.group("ytd"):
        return (date(running[1].year, 1, 1), running[1]) if running else None
    if m.group("ry1"):
        first, last = int(m.group("ry1")), int(m.group("ry2"))
        return (year_span(first)[0], year_span(last)[1]) if first < last else None
    if m.group("earlier"):  # "годом ранее этот показатель равнялся…": the running period, a year before
        return (_year_before(running[0]), _year_before(running[1])) if running else None
    months = _months(m)
    year = _year(m, published)
    if months is None:
        return year_span(year) if year else None
    if year is None:
        year = sentence_year or resolve_year(months[1], published, running)
    return month_span(year, *months) if year else None


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def _months(m: re.Match[str]) -> tuple[int, int] | None:
    if m.group("m1"):
        first = _month_index(m.group("m1"))
        return first, _month_index(m.group("m2")) if m.group("m2") else first
    if m.group("q"):
        token = m.group("q").lower()
        quarter = int(token) if token.isdigit() else _ORDINALS[token]
        return quarter_span(quarter)
    if m.group("nq"):
        return 1, 3 * (
            int(m.group("nq")) if m.group("nq").isdigit() else {"два": 2, "три": 3}[m.group("nq").lower()]
        )
    if m.group("half"):
        return (1, 6) if _ORDINALS[m.group("half").lower()] == 1 else (7, 12)
    if m.group("n"):
        token = m.group("n").lower()
        return 1, int(token) if token.isdigit() else _COUNT_WORDS[token]
    return None


def _month_index(word: str) -> int:
    lowered = word.lower()
    return next(i + 1 for i, pattern in enumerate(_MONTHS) if re.fullmatch(pattern, lowered))


# ------------------------------------------------------------------------------------------- percentages

_PNUM = r"\d+(?:[,.]\d+)?"
_UP = r"увеличи\w*|увеличени\w*|вырос\w*|возрос\w*|рост\w*|прирост\w*|повыси\w*|прибави\w*"
_DOWN = r"снизи\w*|снижени\w*|сократи\w*|сокращени\w*|уменьши\w*|уменьшени\w*|упа\w*|падени\w*"
_PERCENTS = re.compile(
    rf"(?P<listed>(?P<lverb>{_UP}|{_DOWN})\s+(?:\w+\s+){{0,3}}?на\s+{_PNUM}\s?%(?:\s*(?:,|и)\s*(?:на\s+)?{_PNUM}\s?%)+\s*,?\s*соответственно)"
    rf"|(?P<mverb>{_UP}|{_DOWN})\s+(?:\w+\s+){{0,3}}?в\s+(?P<times>{_PNUM})\s+раза?\b"
    rf"|(?P<verb>{_UP}|{_DOWN})\s+(?:\w+\s+){{0,3}}?на\s+(?P<value>{_PNUM})\s?(?P<unit>%|п\.\s?п\.|процентн\w+\s+пункт\w*)"
    rf"|\(\s*(?P<sign>[+\-−–])\s?(?P<paren>{_PNUM})\s?%\s*\)"
    rf"|на\s+(?P<more>{_PNUM})\s?%\s+(?P<moreword>больше|выше|меньше|ниже)"
    rf"|(?P<share>{_PNUM})\s?%\s+(?:от|всего|общего|в\s+общем)"
    rf"|(?:дол[яиюе]\w*)[^;]{{0,60}}?(?P<share2>{_PNUM})\s?%"
    rf"|(?P<points>{_PNUM})\s?(?:п\.\s?п\.|процентн\w+\s+пункт\w*)",
    _I,
)
_LISTED_ITEM = re.compile(rf"(?P<value>{_PNUM})\s?%")


def percents(text: str) -> list[PercentFound]:
    if "%" not in text and "раз" not in text and "п." not in text and "пункт" not in text:
        return []
    out: list[PercentFound] = []
    for m in _PERCENTS.finditer(text):
        out.extend(_percent(m))
    return out


def _down(verb: str | None) -> bool:
    return bool(verb) and re.fullmatch(_DOWN, verb, _I) is not None


def _percent(m: re.Match[str]) -> list[PercentFound]:
    start, end = m.start(), m.end()
    if m.group("listed"):
        sign = -1 if _down(m.group("lverb")) else 1
        verb_end = m.end("lverb")
        return [
            PercentFound(
                start + i.start(), start + i.end(), sign * ru_number(i.group("value")), "change", True
            )
            for i in _LISTED_ITEM.finditer(m.group(0), verb_end - start)
        ]
    if m.group("times"):
        return [
            PercentFound(
                start, end, _multiple(ru_number(m.group("times")), _down(m.group("mverb"))), "change"
            )
        ]
    if m.group("verb"):
        if not m.group("unit").startswith("%"):
            return [PercentFound(start, end, None, "points")]
        value = ru_number(m.group("value"))
        return [PercentFound(start, end, -value if _down(m.group("verb")) else value, "change")]
    if m.group("more"):
        value = ru_number(m.group("more"))
        return [
            PercentFound(
                start, end, -value if m.group("moreword").lower() in ("меньше", "ниже") else value, "change"
            )
        ]
    if m.group("paren"):
        value = ru_number(m.group("paren"))
        return [PercentFound(start, end, value if m.group("sign") == "+" else -value, "change")]
    if m.group("share") or m.group("share2"):
        return [PercentFound(start, end, ru_number(m.group("share") or m.group("share2")), "share")]
    return [PercentFound(start, end, None, "points")]


def _multiple(times: Decimal | None, down: bool) -> Decimal | None:
    """ "рост в 2,1 раза" = ×2.1 = +110%; "снизился в 2 раза" = ÷2 = −50% (to one decimal)."""
    if times is None or times <= 1:
        return None
    if down:
        return -((1 - 1 / times) * 100).quantize(Decimal("0.1"))
    return (times - 1) * 100


# ------------------------------------------------------------------------------------------- guards

_FORECAST = re.compile(
    r"довести|доведени|планиру\w*|план(?:е|ы|ах)?\b|прогноз\w*|ожида\w*|намерен\w*|цел(?:ь|и|ью)\b|(?:может|могут|способ\w+)\s+(?:достичь|составить|вырасти|превысить|превзойти|увеличиться|перешагнуть)"
    r"|в\s+перспективе|потенциал\w*|поставлен\w*\s+задач\w*"
    r"|(?:чтобы|с\s+целью|позволит|призван\w*)\s+(?:\w+\s+){0,2}?(?:увеличить|нарастить|повысить|удвоить)"
    # "в состоянии вывести товарооборот на уровень 1 млрд", "выйти на отметку": an infinitive of raising to a
    # level is what someone means to reach (a past level is "вышел на уровень")
    r"|(?<!\w)(?:вывести|выйти|поднять|нарастить|увеличить|довести)\s+(?:\w+\s+){0,5}?(?:на(?:\s+(?:уровень|отметку|рубеж))?|до)\s*(?:\w+\s+)?$",
    _I,
)
# A verb in the future tense: a forecast, unless the year it is about had ended when the article was
# published ("в 2025 году товарооборот … достигнет 106,3 млрд", January 2026: a translated report).
_FUTURE = re.compile(r"(?<!\w)(?:достигнет|составит|вырастет|превысит|увеличится|сократится)(?!\w)", _I)
_YEAR_OF_FIGURE = re.compile(
    r"(?<!\w)(?:в|за|по\s+итогам)\s+(?P<year>\d{4})\s*(?:году|год|года|г\.|-м\b)", _I
)
# "к 2030 году", "до 2030 года": a target year only when it is still to come ("увеличившись на 32% к 2022
# году" compares with a past year).
_TARGET_BY = re.compile(r"(?:к|до)\s+(?P<year>\d{4})\s*(?:году|года|г\.)", _I)


def _forecast(view: AmountView) -> bool:
    if _FORECAST.search(view.before):
        return True
    if _FUTURE.search(view.before):
        years = [int(m.group("year")) for m in _YEAR_OF_FIGURE.finditer(view.before)]
        if not years or years[-1] >= view.published_year:
            return True
    return any(int(m.group("year")) >= view.published_year for m in _TARGET_BY.finditer(view.before))


_NOT_TRADE = re.compile(
    r"инвестиц\w*|кредит\w*|займ\w*|заем|соглашени(?!\w*\s+о\s+Регионал)\w*|контракт\w*|проект\w*|ВВП|бюджет\w*|договор\w*|финансир\w*|грант\w*",
    _I,
)
_CHANGE_BEFORE = re.compile(
    rf"(?:{_UP}|{_DOWN}|больше|меньше|превыша\w*|превыси\w*|опереди\w*)\s+(?:[\w-]+\s+){{0,4}}?на\s*(?:около\s+|почти\s+)?$"
    r"|(?:прибави|добави)\w*\s*(?:около\s+|почти\s+|более\s+)?$"  # "зато импорт прибавил $56 млн, достигнув $772 млн"
    r"|\+\s*$",  # "вырос на 27,7% (+$6,9 млрд)": a level is never written with a plus
    _I,
)
_CHANGE_AFTER = re.compile(r"^\s*(?:больше|меньше)\b", _I)


def _clause_before(view: AmountView) -> str:
    return view.before[clause_start(view.before, len(view.before)) :]


# A part of a year written without its calendar ("за четыре месяца", "за этот период", "нынешнего года").
_RELATIVE_MONTHS = re.compile(
    r"(?:перв\w+\s+)?\w+\s+месяц\w*|за\s+(?:этот|тот\s+же|указанный|отчетный)\s+период|(?:нынешн|текущ|этого|прошл)\w*\s+года",
    _I,
)
_GREGORIAN = re.compile(
    r"январ|феврал|март|апрел|ма[йяе]\b|июн|июл|август|сентябр|октябр|ноябр|декабр|(?<!\d)(?:19|20)\d\d(?!\d)",
    _I,
)


def _solar_year(view: AmountView) -> bool:
    """ "за первые четыре месяца нынешнего иранского года", and in such an article "за четыре месяца": the
    Iranian year's months, which no Gregorian reading gives."""
    if SOLAR_CALENDAR.search(view.text):
        return True
    return (
        view.solar_article and bool(_RELATIVE_MONTHS.search(view.text)) and not _GREGORIAN.search(view.text)
    )


guards: tuple[Guard, ...] = (
    Guard(
        "guard.fiscal_year",
        "for a part of Iran's or Afghanistan's solar year, whose months no Gregorian reading gives",
        _solar_year,
    ),
    Guard(
        "guard.change_amount",
        "the amount is a change (вырос на $2 млрд), not a level",
        lambda v: bool(_CHANGE_BEFORE.search(v.before) or _CHANGE_AFTER.match(v.after)),
    ),
    Guard(
        "guard.forecast",
        "a target, plan or forecast (довести до, планируется, к 2030 году), not a statistic",
        _forecast,
    ),
    Guard(
        "guard.not_trade_value",
        "money that is not trade (investment, loans, agreements, projects)",
        lambda v: bool(_NOT_TRADE.search(_clause_before(v))),
    ),
)
