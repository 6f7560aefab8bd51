"""transform.prefilter: the claims its gates and start anchors rest on, and scanners equal to finditer.

The finders' own equivalence (on real sentences) is in test_finder_equivalence.py; here the
case-folding claims are checked over every Unicode code point, and the planner over regex constructs
the finders' tables do not use yet (inline flags, back-references, empty matches).
"""

from __future__ import annotations

import random
import re

import pytest

from transform import amounts, entities, patterns, periods, prefilter
from transform.prefilter import CASE_VARIANTS, fold, scanner_for

ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_fold_keeps_one_character_per_character() -> None:
    assert len(fold(ALL_CHARS)) == len(ALL_CHARS)
    assert fold("Kazakhstan’s İzmir ſ") == "kazakhstan’s izmir s"


def test_every_character_ignorecase_takes_for_an_ascii_letter_folds_to_it() -> None:
    for hit in re.finditer("[a-z]", ALL_CHARS, re.IGNORECASE):
        char = hit.group(0)
        letters = [
            letter for letter in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(letter, char, re.IGNORECASE)
        ]
        assert letters == [fold(char)], (hex(ord(char)), letters)
    assert {variant for variant, _ in CASE_VARIANTS} <= {
        c for c in ALL_CHARS[128:] if re.fullmatch("[a-z]", c, re.I)
    }


def test_digits_fold_to_themselves() -> None:
    digits = "".join(re.findall(r"\d", ALL_CHARS))
    assert fold(digits) == digits


def test_the_finders_non_ascii_literals_match_only_themselves_ignoring_case() -> None:
    """Symbols such as ’ – € ₸ in case-insensitive patterns are compared as they are: no case variants."""
    sources = [p.pattern for _, p in periods._PATTERNS + entities._NO_CODE_RES + entities._GROUP_RES]
    sources += [
        v.pattern
        for m in (periods, patterns, entities, amounts)
        for v in vars(m).values()
        if isinstance(v, re.Pattern)
    ]
    sources.append(entities._name_regex().pattern)
    caseless = sorted({c for s in sources for c in s if not c.isascii() and c.lower() == c == c.upper()})
    assert "€" in caseless and "’" in caseless
    hits = {
        m.group(0) for m in re.finditer("[" + re.escape("".join(caseless)) + "]", ALL_CHARS, re.IGNORECASE)
    }
    assert hits == set(caseless)


PATTERNS = [
    re.compile(r"(?:the\s+)?same\s+(?:period|months?)(?:\s+of\s+(?P<y>20\d\d))?", re.IGNORECASE),
    re.compile(r"\b(?:in|over)\s+(?P<m>Jan|Feb|March)\b(?![\w.]*\s*\d)", re.IGNORECASE),
    re.compile(r"(?<![\w.])(?:South Korea|South|Korea|Kazakhstan)(?![\w])(?:['’]s)?"),
    re.compile(r"\b(?i:private|state-owned)\s+(?i:firms|companies)['’]?"),  # case-insensitive inside only
    re.compile(r"(?-i:Port)\s+\w+", re.IGNORECASE),  # case-sensitive inside only
    re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:19|20)\d\d\b|\b[1-4]Q\s?\d{2}\b"),
    re.compile(r"(?P<neg>[-−])?\$\s?\d+(?:[.,]\d+)?\s?(?:bn|billion|m)\b", re.IGNORECASE),
    re.compile(r"(?P<w>a|b)c\1"),  # back-reference: no start literal can be trusted beyond it
    re.compile(r"x*"),  # matches "": scanned as before
    re.compile(r"(?:ab)?c?"),
    re.compile(r"(?>sk|s)kip|(?:k|s)+?i", re.IGNORECASE),  # atomic group, lazy repeat
    re.compile(r"[^a]bc|[A-Z][a-z]+\s+(?:Pass|Port)"),
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
def test_scanner_finds_exactly_what_finditer_finds(pattern: re.Pattern[str]) -> None:
    pieces = [
        "the ",
        "THE ",
        "same ",
        "ſame ",
        "SAME",
        "period",
        "month",
        "months",
        " of 2023",
        "in ",
        "ın ",
        "İN ",
        "Jan",
        "jan.",
        "March ",
        "5",
        "12.03.2021",
        "3Q24",
        "South Korea",
        "Korea’s",
        "Kazakhstan",
        "private ",
        "PRIVATE ",
        "State-owned ",
        "firms",
        "companies’",
        "Port ",
        "port ",
        "PORT ",
        "x",
        "ab",
        "c",
        "aca",
        "bcb",
        "skip",
        "SKIP",
        "ſkip",
        "Kip",
        "ki",
        "−",
        "-",
        "$",
        "$ 1.5 bn",
        "billion",
        " ",
        "\n",
        ".",
        ",",
        "Horgos Pass",
        "the ",
        "Kelvin",
    ]
    rng = random.Random(8)
    scanner = scanner_for(pattern)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in scanner.finditer(text)] == expected, text
        assert [(m.span(), m.groups()) for m in scanner.finditer(text, fold(text))] == expected, text
        assert [(m.span(), m.groups()) for m in prefilter.finditer(pattern, text)] == expected, text
        first = prefilter.search(pattern, text)
        assert (first and (first.span(), first.groups())) == (expected[0] if expected else None), text


def test_plans_read_the_literals_a_match_needs_and_starts_with() -> None:
    same_period = scanner_for(PATTERNS[0])
    assert ("same",) in same_period.gate.required
    assert (
        same_period.anchors is not None
        and same_period.anchors.match("the ")
        and same_period.anchors.match("same")
    )
    assert not same_period.anchors.match("t")  # a "t" alone starts nothing
    names = scanner_for(PATTERNS[2])
    assert not names.gate.folded and names.anchors is not None and names.anchors.match("Kazakhstan")
    assert scanner_for(PATTERNS[3]).gate.folded  # an inline (?i:...) group: read folded
    assert (
        scanner_for(PATTERNS[8]).anchors is None and scanner_for(PATTERNS[9]).anchors is None
    )  # can match ""


def test_a_gate_skips_text_without_its_literals() -> None:
    scanner = scanner_for(PATTERNS[0])
    assert list(scanner.finditer("Exports rose by 5% in the period.")) == []
    assert [m.group(0) for m in scanner.finditer("in THE SAME PERIOD of 2023")] == ["THE SAME PERIOD of 2023"]


def test_a_table_gate_admits_whatever_any_of_its_patterns_can_match() -> None:
    gate = prefilter.table_gate(PATTERNS[:3] + PATTERNS[5:7])
    assert not gate.always
    for text in ("the same period", "over jan", "South Korea", "12.03.2021", "$5 bn", "-$ 1.5 billion"):
        assert gate.admits(text), text
    assert not gate.admits("Nothing to see here.")
    assert prefilter.table_gate(PATTERNS).always  # a pattern with no literal of its own (x*) opens it


def test_patterns_named_in_a_function_are_found_through_its_helpers() -> None:
    found = {id(p) for p in prefilter.patterns_named_in(patterns.find_percents)}
    assert {id(patterns._MULTIPLE), id(patterns._PAREN_PCT), id(patterns._ELLIPTIC_CHANGE)} <= found
    assert id(patterns._FLOW_CUES) not in found


def _random_regex(rng: random.Random, depth: int = 0) -> str:
    """A small random regex over the letters case folding makes tricky (k/K/Kelvin, i/ı/İ, s/ſ)."""
    atoms = [
        "a",
        "b",
        "k",
        "s",
        "i",
        "ab",
        "ski",
        "K",
        "S",
        "[ab]",
        "[a-c]",
        "[A-Z]",
        r"\d",
        r"\s",
        r"\w",
        ".",
        r"\b",
        "^",
        "$",
        "(?<!a)",
        "(?=b)",
        "€",
        "’",
    ]
    parts = []
    for _ in range(rng.randint(1, 4)):
        if depth < 2 and rng.random() < 0.3:
            inner = "|".join(_random_regex(rng, depth + 1) for _ in range(rng.randint(1, 3)))
            opener = rng.choice(["(?:", "(", "(?i:", "(?-i:"])
            part = f"{opener}{inner})"
        else:
            part = rng.choice(atoms)
        if rng.random() < 0.3:
            part = f"(?:{part})" + rng.choice(["?", "*", "+", "{1,2}", "??", "{2}"])
        parts.append(part)
    return "".join(parts)


def test_random_regexes_scan_exactly_like_finditer() -> None:
    rng = random.Random(13)
    alphabet = "abcksiABKS \u212a\u0131\u0130\u017f1 2.\n€’"
    for _ in range(400):
        source = _random_regex(rng)
        pattern = re.compile(source, re.IGNORECASE if rng.random() < 0.5 else 0)
        scanner = scanner_for(pattern)
        for _ in range(150):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in scanner.finditer(text)] == expected, (source, text)
