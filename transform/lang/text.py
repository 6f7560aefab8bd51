"""Sentence splitting for the language packs: spans into the body, so `sentence` stays verbatim.

Paragraphs are blank-line separated and every line is split on its own; a language gives the test
that ends a sentence at a given punctuation mark (Chinese: 。！？；, Russian: . ! ? ; before a capital,
not after an abbreviation such as "млрд." or "долл.").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from transform.sentences import Sentence

_PARAGRAPH = re.compile(r"(?:[^\n]+|\n(?!\s*\n))+")
_LINE = re.compile(r"[^\n]+")
CLOSERS = "”’\"'」』）)】"


def split_lines(body: str, ends: Callable[[str, int], bool], marks: str) -> list[Sentence]:
    """Sentences of `body`: each line of each paragraph cut after a mark in `marks` where `ends(line, i)`."""
    out: list[Sentence] = []
    for p_index, paragraph in enumerate(_PARAGRAPH.finditer(body)):
        for line in _LINE.finditer(paragraph.group(0)):
            offset = paragraph.start() + line.start()
            for a, b in _cuts(line.group(0), ends, marks):
                if body[offset + a : offset + b].strip():
                    out.append(
                        Sentence(body[offset + a : offset + b], offset + a, offset + b, p_index, len(out))
                    )
    return out


def _cuts(line: str, ends: Callable[[str, int], bool], marks: str) -> list[tuple[int, int]]:
    cuts: list[tuple[int, int]] = []
    start = 0
    i = 0
    while i < len(line):
        if line[i] in marks and ends(line, i):
            end = i + 1
            while end < len(line) and line[end] in CLOSERS:
                end += 1
            cuts.append(_trimmed(line, start, end))
            start = i = end
            continue
        i += 1
    if start < len(line):
        cuts.append(_trimmed(line, start, len(line)))
    return [c for c in cuts if c[0] < c[1]]


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end
