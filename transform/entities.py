"""Names -> codes: countries (ISO 3166-1 alpha-2 via pycountry, plus demonyms), Chinese provinces
(ISO 3166-2:CN, transform/data/cn_provinces.json) and the contract's group codes
(transform/data/groups.json). Places with no code (border ports, cities, sub-national regions of
other countries, enterprise types) are recognised too, with code None, so that they are never
mistaken for the country named next to them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pycountry

from transform.memo import memoized_list
from transform.prefilter import Scanner, fold, scanner_for

DATA_DIR = Path(__file__).with_name("data")

# Demonyms, short names and spellings news use (case-sensitive as written).
COUNTRY_ALIASES: dict[str, list[str]] = {
    "CN": [
        "People's Republic of China",
        "PRC",
        "Chinese mainland",
        "mainland China",
        "China",
        "Chinese",
        "Sino",
        "Celestial Empire",  # Central Asian agencies' translations ("exported to the Celestial Empire")
        "Middle Kingdom",
    ],
    "KZ": ["Republic of Kazakhstan", "Kazakh Republic", "Kazakhstan", "Kazakhstani", "Kazakh", "Qazaqstan"],
    "KG": ["Kyrgyz Republic", "Kyrgyzstan", "Kyrgyzstani", "Kyrgyz", "Kirghizia"],
    "TJ": ["Republic of Tajikistan", "Tajik Republic", "Tajikistan", "Tajikistani", "Tajik"],
    "TM": ["Turkmenistan", "Turkmenistani", "Turkmen"],
    "UZ": ["Republic of Uzbekistan", "Uzbek Republic", "Uzbekistan", "Uzbekistani", "Uzbek"],
    "RU": ["Russian Federation", "Russia", "Russian"],
    "TR": ["Türkiye", "Turkiye", "Turkey", "Turkish"],
    "KR": ["Republic of Korea", "South Korea", "South Korean", "Korea", "Korean"],
    "KP": ["North Korea", "North Korean", "DPRK"],
    "US": ["United States of America", "United States", "U.S.A.", "U.S.", "USA", "US", "America", "American"],
    "GB": ["United Kingdom", "Britain", "British", "UK", "U.K."],
    "DE": ["Germany", "German"],
    "FR": ["France", "French"],
    "IT": ["Italy", "Italian"],
    "ES": ["Spain", "Spanish"],
    "PL": ["Poland", "Polish"],
    "NL": ["Netherlands", "Dutch"],
    "BE": ["Belgium", "Belgian"],
    "CH": ["Switzerland", "Swiss"],
    "AT": ["Austria", "Austrian"],
    "CZ": ["Czech Republic", "Czechia", "Czech"],
    "SK": ["Slovakia", "Slovak"],
    "HU": ["Hungary", "Hungarian"],
    "BG": ["Bulgaria", "Bulgarian"],
    "RO": ["Romania", "Romanian"],
    "GR": ["Greece", "Greek"],
    "JP": ["Japan", "Japanese"],
    "IN": ["India", "Indian"],
    "PK": ["Pakistan", "Pakistani"],
    "IR": ["Iran", "Iranian"],
    "AF": ["Afghanistan", "Afghan"],
    "AZ": ["Azerbaijan", "Azerbaijani"],
    "AM": ["Armenia", "Armenian"],
    "BY": ["Belarus", "Belarusian", "Belarussian"],
    "MD": ["Moldova", "Moldovan"],
    "GE": ["Georgia", "Georgian"],
    "MN": ["Mongolia", "Mongolian"],
    "UA": ["Ukraine", "Ukrainian"],
    "VN": ["Vietnam", "Viet Nam", "Vietnamese"],
    "LA": ["Laos", "Lao"],
    "AE": ["United Arab Emirates", "UAE", "Emirati"],
    "SA": ["Saudi Arabia", "Saudi"],
    "HK": ["Hong Kong"],
    "MO": ["Macao", "Macau"],
    "TW": ["Taiwan"],
    "ID": ["Indonesia", "Indonesian"],
    "MY": ["Malaysia", "Malaysian"],
    "TH": ["Thailand", "Thai"],
    "PH": ["Philippines", "Philippine"],
    "SG": ["Singapore", "Singaporean"],
    "AU": ["Australia", "Australian"],
    "BR": ["Brazil", "Brazilian"],
    "EG": ["Egypt", "Egyptian"],
    "ZA": ["South Africa", "South African"],
    "IL": ["Israel", "Israeli"],
    "IQ": ["Iraq", "Iraqi"],
    "LT": ["Lithuania", "Lithuanian"],
    "LV": ["Latvia", "Latvian"],
    "EE": ["Estonia", "Estonian"],
    "FI": ["Finland", "Finnish"],
    "CA": ["Canada", "Canadian"],
    "MX": ["Mexico", "Mexican"],
    "NZ": ["New Zealand"],
}
# Names pycountry gives that would match ordinary words or people.
_SKIP_PYCOUNTRY = {"Jordan", "Chad", "Niger", "Guinea", "Georgia", "Turkey", "Mali", "Oman", "Peru", "Togo"}

# Group phrases (case-insensitive regexes) -> code; longest/most specific first.
GROUP_PATTERNS: list[tuple[str, str]] = [
    (
        "C5",
        r"(?:the\s+)?(?:five\s+|5\s+)?Central\s+Asian\s+(?:countries|states|nations|republics|region)"
        r"|(?:the\s+)?(?:five\s+)?countries\s+of\s+Central\s+Asia|Central\s+Asia(?!n)",
    ),
    ("LATAM", r"Latin\s+America(?:n)?(?:\s+and\s+(?:the\s+)?Caribbean)?(?:\s+(?:countries|nations|region))?"),
    ("CEEC", r"Central\s+and\s+Eastern\s+European\s+countries|CEEC?s?\b|CEE\s+countries"),
    (
        "BRI",
        r"(?:countries|economies|nations|partners|partner\s+countries|markets)\s+(?:along|involved\s+in|"
        r"participating\s+in|of|under|in)\s+the\s+(?:Belt\s+and\s+Road|B&R)(?:\s+Initiative)?(?:\s*\((?:B&R|BRI)\))?"
        r"|(?:Belt\s+and\s+Road|B&R|BRI)(?:\s+Initiative)?\s+(?:partner\s+)?(?:countries|economies|nations|partners"
        r"|markets)",
    ),
    (
        "ASEAN",
        r"ASEAN(?:\s+(?:countries|member\s+states|members|nations|economies))?"
        r"|Association\s+of\s+Southeast\s+Asian\s+Nations",
    ),
    ("EU", r"(?:the\s+)?European\s+Union(?:\s+countries)?|\bEU(?:\s+countries|\s+member\s+states)?\b"),
    (
        "EAEU",
        r"(?:(?:member\s+(?:countries|states)|members|countries)\s+of\s+the\s+|the\s+)?Eurasian\s+Economic\s+Union"
        r"(?:\s+countries)?"
        r"|\b(?:EAEU|EEU|EAEC)(?:\s+(?:countries|member\s+states|members|states))?\b",
    ),
    (
        "SCO",
        r"(?:(?:member\s+(?:countries|states)|members|countries)\s+of\s+the\s+)?"
        r"Shanghai\s+Cooperation\s+Organi[sz]ation(?:\s*\(SCO\))?(?:\s+(?:countries|member\s+states|members))?"
        r"|\bSCO\s+(?:countries|member\s+states|members)",
    ),
    ("BRICS", r"\bBRICS(?:\s+(?:countries|members|nations))?"),
    (
        "RCEP",
        r"(?:(?:member\s+(?:countries|states|economies)|members|countries)\s+of\s+the\s+)?"
        r"Regional\s+Comprehensive\s+Economic\s+Partnership(?:\s*\(RCEP\))?"
        r"(?:\s+(?:members|countries|partners))?|\bRCEP(?:\s+(?:members|countries|partners|economies))?",
    ),
    (
        "GCC",
        r"Gulf\s+Cooperation\s+Council(?:\s+countries)?|\bGCC(?:\s+countries)?|Gulf\s+(?:states|countries)",
    ),
    ("AFRICA", r"African\s+countries|\bAfrica\b(?!n)"),
]

# Places and actors that have no code yet: they block the country beside them from being taken.
NO_CODE_PATTERNS: list[tuple[str, str]] = [
    (
        "port",
        r"\b(?:Horgos|Khorgos|Khorgas|Alataw|Alashankou|Erenhot|Manzhouli|Torugart|Irkeshtam|Kulma|Dostyk"
        r"|Altynkol|Bakhty|Zhetygen|Kashgar|Urumqi|Ili)\b(?:\s+(?:Port|Pass|port|railway\s+port|land\s+port|"
        r"checkpoint|Customs|customs|International\s+Border\s+Cooperation\s+Center))*",
    ),
    (
        "port",
        r"\b(?:[Tt]his|[Tt]he|[Tt]hat|[Ii]ts)\s+(?:key\s+)?(?:land\s+|border\s+|rail(?:way)?\s+|dry\s+)?port\b",
    ),
    ("port", r"\b[A-Z][a-z]+\s+(?:Port|Pass|checkpoint|border\s+crossing)\b"),
    (
        "subnational",
        r"\b(?:Tashkent|Andijan|Surkhandarya|Samarkand|Fergana|Namangan|Bukhara|Kashkadarya|Khorezm"
        r"|Navoi|Jizzakh|Syrdarya|Karakalpakstan|Almaty|Astana|Bishkek|Osh|Dushanbe|Khujand|Ashgabat"
        r"|Moscow|Shymkent|Nur-Sultan)\b(?:\s+(?:city|region|oblast|province))?",
    ),
    (
        "subnational",
        r"\b(?!(?:The|This|That|Its|Each|Every|Our|Their|Whole|Entire)\b)[A-Z][a-z]+\s+"
        r"(?:region|oblast|[Cc]ity|[Pp]refecture|[Cc]ounty|[Dd]istrict)\b",
    ),
    (
        "subnational",
        r"\b(?:Xi['’]an|Lanzhou|Yiwu|Lianyungang|Chengdu|Zhengzhou|Harbin|Kunming|Nanning|Guangzhou|Shenzhen"
        r"|Hangzhou|Ningbo|Qingdao|Xiamen|Dalian|Wuhan|Changsha|Hefei|Jinan|Karaganda|Aktobe|Atyrau|Samarkand"
        r"|Termez|Khorog|Naryn)\b",
    ),
    (
        "enterprise",
        r"\b(?i:private(?:ly[- ]owned)?|state-owned|foreign-invested|foreign-funded|foreign-owned)\s+"
        r"(?i:enterprises|firms|companies|businesses|sector)['’]?",
    ),
    # Groupings the contract has no code for: a figure with them as partner must not fall back to WORLD.
    (
        "area",
        r"\b(?:(?:(?:member\s+)?(?:countries|states)\s+of\s+)?(?:the\s+)?(?:non-)?CIS(?:\s+(?:countries|states|nations"
        r"|member\s+states))?(?:\s*\(Commonwealth\s+of\s+Independent\s+States\))?"
        r"|(?:(?:member\s+)?(?:countries|states)\s+of\s+(?:the\s+)?)?Commonwealth\s+of\s+"
        r"Independent\s+States(?:\s*\(CIS\))?|far[- ]abroad\s+countries|(?<![-–])Europe(?!an)|(?<!Eastern\s)European\s+countries"
        r"|(?<!Central\s)Asian\s+countries"
        r"|(?:the\s+)?Middle\s+East|South(?:east|ern)?\s+Asia|(?:the\s+)?(?:South\s+)?Caucasus"
        r"|Organi[sz]ation\s+of\s+Turkic\s+States|Turkic\s+states|Nordic\s+countries)\b",
    ),
]


# What a named thing is: an economy with a code (country, Chinese region, group of countries), or a place or
# actor without one (a border port, a city or province, a type of enterprise, an area such as "CIS countries").
EntityKind = Literal["country", "region", "group", "port", "subnational", "enterprise", "area"]


@dataclass(frozen=True)
class EntityMention:
    """A name in a text. code None: a place or actor with no code (port, city, enterprise type)."""

    start: int
    end: int
    text: str
    code: str | None
    kind: EntityKind
    possessive: bool = False  # "Kazakhstan's"
    adjective: bool = False  # "Kazakh", "Chinese"
    descriptive: bool = False  # "northwest China", "the Kazakhstan border": a setting, not an actor


@lru_cache(maxsize=1)
def _groups() -> dict:
    return json.loads((DATA_DIR / "groups.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _provinces() -> dict[str, list[str]]:
    data = json.loads((DATA_DIR / "cn_provinces.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def group_members(code: str) -> list[str] | None:
    """Documented membership of a group code (None where the group is defined, not listed)."""
    entry = _groups().get(code)
    return None if entry is None else entry.get("members")


def group_codes() -> list[str]:
    return [k for k in _groups() if not k.startswith("_")]


@lru_cache(maxsize=1)
def _name_table() -> list[tuple[str, str, str, bool]]:
    """(written name, code, kind, is_adjective), longest name first."""
    table: dict[str, tuple[str, str, bool]] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(country, attr, None)
            if name and name not in _SKIP_PYCOUNTRY and "," not in name and "(" not in name:
                table.setdefault(name, (country.alpha_2, "country", False))
    adjectives = {
        "Chinese",
        "Sino",
        "Kazakhstani",
        "Kazakh",
        "Kyrgyzstani",
        "Kyrgyz",
        "Tajikistani",
        "Tajik",
        "Turkmenistani",
        "Turkmen",
        "Uzbekistani",
        "Uzbek",
        "Russian",
        "Turkish",
        "South Korean",
        "Korean",
        "North Korean",
        "American",
        "British",
        "Emirati",
        "Saudi",
    }
    for code, names in COUNTRY_ALIASES.items():
        for name in names:
            is_adj = name in adjectives or (
                name.endswith(("an", "ese", "ish", "ic", "i"))
                and name
                not in (
                    "Iran",
                    "Afghanistan",
                    "Pakistan",
                    "Azerbaijan",
                    "Japan",
                    "Oman",
                    "Taiwan",
                    "Lao",
                    "Thai",
                    "Kazakhstan",
                    "Kyrgyzstan",
                    "Tajikistan",
                    "Turkmenistan",
                    "Uzbekistan",
                    "Kyrgyz Republic",
                    "Uzbek Republic",
                    "Kazakh Republic",
                    "Tajik Republic",
                    "Czech Republic",
                    "Dominican Republic",
                    "America",
                    "Russian Federation",
                    "Viet Nam",
                    "Chinese mainland",
                )
            )
            table[name] = (code, "country", is_adj)
    for code, names in _provinces().items():
        for name in names:
            table[name] = (code, "region", False)
            if "Region" not in name and "Municipality" not in name:
                for suffix in (
                    " Province",
                    " province",
                    " Autonomous Region",
                    " Municipality",
                    " municipality",
                ):
                    table[name + suffix] = (code, "region", False)
    return sorted(((n, c, k, a) for n, (c, k, a) in table.items()), key=lambda t: -len(t[0]))


@lru_cache(maxsize=1)
def _name_regex() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n, _, _, _ in _name_table())
    return re.compile(rf"(?<![\w.])(?:{names})(?![\w])(?:['’]s)?")


@lru_cache(maxsize=1)
def _name_lookup() -> dict[str, tuple[str, str, bool]]:
    return {n: (c, k, a) for n, c, k, a in _name_table()}


_GROUP_RES = [
    (code, re.compile(p, re.IGNORECASE if code not in ("AFRICA",) else 0)) for code, p in GROUP_PATTERNS
]
_NO_CODE_RES = [(kind, re.compile(p)) for kind, p in NO_CODE_PATTERNS]
_POSSESSIVE = re.compile(r"['’]s$")
# "northwest China", "on the Kazakhstan border", "China-Europe freight trains": descriptive, not actors.
_DESCRIPTIVE_AFTER = re.compile(
    r"^[\s-]*(?:border|side\s+of\s+the\s+border|Europe\s+freight|Europe\s+Railway|railway|Friendship|Production"
    r"|medicines?|herbs|herbal|cuisine)\b"  # "traditional Chinese herbs": a product, not China
)
_DESCRIPTIVE_BEFORE = re.compile(
    r"(?:(?:north|south|east|west|northwest|northeast|southwest|southeast|northern|southern|eastern|western|central)"
    r"(?:ern)?\s+|ambassador\s+to\s+|envoy\s+to\s+|embassy\s+in\s+"
    # "Heilongjiang, the province that lies farthest north in China": where the place is, not a side
    r"|\b(?:that|which)\s+(?:lies|is\s+located|sits|is\s+situated)\s+(?:\w+\s+){0,3}?in\s+)$",
    re.IGNORECASE,
)


def _ends_descriptively(before: str, folded_before: str) -> bool:
    """`_DESCRIPTIVE_BEFORE.search(before)`, tried only where one of its words starts."""
    for _ in scanner_for(_DESCRIPTIVE_BEFORE).finditer(before, folded_before):
        return True
    return False


@lru_cache(maxsize=1)
def _scanners() -> tuple[tuple[tuple[str, Scanner], ...], tuple[tuple[str, Scanner], ...], Scanner, Scanner]:
    """Scanners of the no-code and group tables, the names and unknown subjects (planned once, on first use)."""
    return (
        tuple((kind, scanner_for(pattern)) for kind, pattern in _NO_CODE_RES),
        tuple((code, scanner_for(pattern)) for code, pattern in _GROUP_RES),
        scanner_for(_name_regex()),
        scanner_for(_UNKNOWN_SUBJECT),
    )


@memoized_list
def find_entities(text: str) -> list[EntityMention]:
    """Entity mentions in `text`, non-overlapping (groups and no-code places take precedence)."""
    found: list[EntityMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    folded = fold(text)
    no_code, groups, names, unknown_subjects = _scanners()
    for kind, scanner in no_code:
        for m in scanner.finditer(text, folded):
            if free(m.start(), m.end()):
                found.append(EntityMention(m.start(), m.end(), m.group(0), None, kind))
                taken.append((m.start(), m.end()))
    for code, scanner in groups:
        for m in scanner.finditer(text, folded):
            if free(m.start(), m.end()):
                end = m.end()
                possessive = bool(re.match(r"['’](?:s\b|(?=\s))", text[end : end + 3]))
                if possessive:
                    end += 2 if text[end : end + 2] in ("'s", "’s") else 1
                found.append(EntityMention(m.start(), end, text[m.start() : end], code, "group", possessive))
                taken.append((m.start(), end))
    lookup = _name_lookup()
    for m in names.finditer(text, folded):
        if not free(m.start(), m.end()):
            continue
        written = m.group(0)
        after = text[m.end() : m.end() + 20]
        if _CURRENCY_AFTER.match(after) or (written in _DOLLAR_PREFIXES and after.startswith(" $")):
            taken.append((m.start(), m.end()))  # "U.S. dollars", "Chinese yuan": a currency, not an economy
            continue
        possessive = bool(_POSSESSIVE.search(written))
        bare = _POSSESSIVE.sub("", written)
        code, kind, adjective = lookup[bare]
        descriptive = bool(
            _DESCRIPTIVE_AFTER.match(text[m.end() : m.end() + 30])
            or _ends_descriptively(text[: m.start()], folded[: m.start()])
        )
        found.append(
            EntityMention(m.start(), m.end(), written, code, kind, possessive, adjective, descriptive)
        )
        taken.append((m.start(), m.end()))
    for m in unknown_subjects.finditer(text, folded):
        if free(m.start(), m.end()) and m.group("name") not in _NOT_A_PLACE:
            found.append(EntityMention(m.start(), m.end(), m.group(0), None, "subnational", True))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda e: e.start)
    return _as_actors(text, found)


# "US $ 630 million": the dollar sign written apart from its US prefix is still a currency (a list item
# "trade with Turkey $80.2 million" is not, so only these names).
_DOLLAR_PREFIXES = frozenset(["US", "U.S.", "U.S"])
_CURRENCY_AFTER = re.compile(
    r"^(?:\$|[\s-]*(?:dollars?|yuan|renminbi|rubles?|roubles?|tenge|soms?|sums?|somoni|manats?|euros?|rupees?"
    r"|won)\b)",
    re.IGNORECASE,
)


# "Beijing's data show", "Beijing's imports from the region", "a balance that favoured Beijing": the capital
# standing for China, as a side of trade with another economy (not the municipality's own trade).
_CAPITAL_AS_STATE_AFTER = re.compile(
    r"^\s*(?:(?:own\s+|official\s+)?(?:data|figures|statistics)\b|(?:imports|exports|purchases|sales)\s+(?:from|to)\b"
    r"|(?:trade\s+)?(?:surplus|deficit)\b|trade\s+with\b)"
)
_CAPITAL_AS_STATE_BEFORE = re.compile(r"\b(?:favou?r(?:ed|ing|s)?|to|from|with|and)\s+$")


def _as_actors(text: str, found: list[EntityMention]) -> list[EntityMention]:
    """Names that stand for another actor in trade talk: "China's Xinjiang" (China describes the region,
    the region is the actor) and "Beijing" for China beside a foreign economy."""
    foreign = any(m.code is not None and not m.code.startswith("CN") and m.kind != "area" for m in found)
    out = []
    for i, m in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            m.code == "CN"
            and m.possessive
            and nxt is not None
            and nxt.code is not None
            and nxt.code.startswith("CN-")
            and not text[m.end : nxt.start].strip()
        ):
            m = replace(m, descriptive=True)  # "China's Xinjiang Uygur Autonomous Region"
        elif m.code == "CN-BJ" and m.text.rstrip("'’s") == "Beijing" and _capital_as_state(text, m, foreign):
            m = replace(m, code="CN", kind="country")
        out.append(m)
    return out


# Without a foreign economy in the sentence, only wording no municipality's report uses: "Beijing's data
# show", "Beijing's imports from the region".
_CAPITAL_AS_STATE_ALONE = re.compile(
    r"^\s*(?:(?:own\s+|official\s+)?(?:data|figures|statistics)\b|(?:imports|exports)\s+(?:from|to)\s+the\s+region\b)"
)


def _capital_as_state(text: str, m: EntityMention, foreign: bool) -> bool:
    after = text[m.end :]
    if m.possessive and _CAPITAL_AS_STATE_AFTER.match(after):
        return foreign or bool(_CAPITAL_AS_STATE_ALONE.match(after))
    return foreign and bool(_CAPITAL_AS_STATE_BEFORE.search(text[: m.start]))


# "Haikou's imports and exports": a capitalised possessive that names no known economy, as the subject of
# trade, is a place or actor with no code (a city, a district, a company); it must never inherit a reporter.
_UNKNOWN_SUBJECT = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:[-\s][A-Z][a-z]+)?)['’]s(?=\s+(?:total\s+|foreign\s+|overall\s+)?"
    r"(?:imports\s+and\s+exports|exports\s+and\s+imports|exports|imports|trade|turnover)\b)"
)
_NOT_A_PLACE = {
    "The",
    "This",
    "That",
    "Its",
    "Their",
    "Last",
    "Next",
    "Year",
    "Today",
    "Region",
    "Province",
    "Country",
    "Republic",
    "Municipality",
    "City",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}


_GOLD_EXTRA = {
    "world": "WORLD",
    "central asia": "C5",
    "central asia (5 countries)": "C5",
    "belt and road countries": "BRI",
    "eaeu": "EAEU",
    "eu": "EU",
    "asean": "ASEAN",
    "rcep": "RCEP",
    "sco": "SCO",
    "brics": "BRICS",
    "gcc": "GCC",
    "africa": "AFRICA",
    "latin america": "LATAM",
    "ceec": "CEEC",
}


def code_for_name(name: str | None) -> str | None:
    """A whole name as written (gold files, user input) -> code, or None when it has no code."""
    if not name:
        return None
    key = name.strip()
    if key.lower() in _GOLD_EXTRA:
        return _GOLD_EXTRA[key.lower()]
    if key.upper() in group_codes():
        return key.upper()
    mentions = find_entities(key)
    if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(key):
        return mentions[0].code
    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return None
