"""Sentence splitting that survives "U.S.", "Jan. 5", "No. 3", decimals, quotes and datelines.

Returns spans into the original body so a statistic's `sentence` is an exact substring of it.
A dateline ("TASHKENT, Uzbekistan, November 23." / "DUSHANBE, July 1. /TASS/.") stays with the
sentence it introduces; list items ("- Kyrgyzstan — $22.7 billion") are sentences of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "nos",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "gen",
    "gov",
    "sen",
    "rep",
    "approx",
    "est",
    "fig",
    "p",
    "pp",
    "vol",
    "jr",
    "sr",
    "mt",
    "dept",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "u.s.a",
}

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9•\-–—])")
_LIST_MARK = re.compile(r"^\s*(?:[-–—•*·]|\d+[.)])\s+")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
_DATELINE = re.compile(
    rf"^[A-Z][A-Z\-’' ]{{2,}}(?:,\s*[A-Z][\w\-]+)*(?:,?\s*(?:{_MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}))?\.?"
    rf"(?:\s*/[^/]{{1,30}}/\.?)*$"
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the body
    end: int
    paragraph: int  # index of the paragraph (blank-line separated)
    index: int  # index of the sentence in the body


# `[^\n]+` in the first branch: the same spans as one character per repetition, in far fewer steps.
_PARAGRAPH = re.compile(r"(?:[^\n]+|\n(?!\s*\n))+")
_LINE = re.compile(r"[^\n]+")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WORD_CHARS = _LETTERS | {"."}
_DIGIT_DOT_END = re.compile(r"\d\.$")
_DIGIT_AFTER = re.compile(r"\s+\d")
_INITIAL = re.compile(r"[a-z]")


def _paragraphs(body: str) -> list[tuple[int, int]]:
    spans = []
    for m in _PARAGRAPH.finditer(body):
        if m.group(0).strip():
            spans.append((m.start(), m.end()))
    return spans


def _word_before_dot(text: str) -> str | None:
    r"""What `re.search(r"([A-Za-z][A-Za-z.]*)\.$", text)` captures, read backwards from the end instead.

    The regex tries every start position (slow on long paragraphs); its leftmost match starts at the first
    letter of the run of letters and dots that ends right before the final dot ("$" may stand before a
    final newline).
    """
    end = len(text) - 1 if text.endswith("\n") else len(text)  # where "$" matches
    if end < 2 or text[end - 1] != ".":
        return None
    run = end - 1
    while run > 0 and text[run - 1] in _WORD_CHARS:
        run -= 1
    for start in range(run, end - 1):
        if text[start] in _LETTERS:
            return text[start : end - 1]
    return None


def _is_abbreviation(text_before: str) -> bool:
    word = _word_before_dot(text_before)
    if not word:
        return False
    token = word.lower()
    if token in ABBREVIATIONS:
        return True
    return bool(_INITIAL.fullmatch(token))  # an initial: "J. Smith"


def _split_paragraph(text: str) -> list[tuple[int, int]]:
    cuts = [0]
    for m in _BOUNDARY.finditer(text):
        before = text[: m.start()]
        if before.endswith(".") and _is_abbreviation(before):
            continue
        # "\d\.$" can only match the last two characters (three with a final newline).
        if _DIGIT_DOT_END.search(before, max(0, len(before) - 3)) and _DIGIT_AFTER.match(text, m.end()):
            continue
        current = text[cuts[-1] : m.end()].strip()
        if _DATELINE.match(current):
            continue  # keep a dateline with its sentence
        cuts.append(m.end())
    cuts.append(len(text))
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            spans.append((a + lead, a + trail))
    return spans


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of a body (paragraphs joined by blank lines), each an exact substring of it."""
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(_paragraphs(body)):
        paragraph = body[p_start:p_end]
        for line_match in _LINE.finditer(paragraph):
            line = line_match.group(0)
            offset = p_start + line_match.start()
            mark = _LIST_MARK.match(line)
            if mark:
                line, offset = line[mark.end() :], offset + mark.end()
            for a, b in _split_paragraph(line):
                out.append(Sentence(body[offset + a : offset + b], offset + a, offset + b, p_index, len(out)))
    return out
