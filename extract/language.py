"""The language of an article, identified offline from its text (the `language` column).

py3langid (the langid.py model, shipped inside the wheel: nothing is downloaded at run time) reads the
title and the first paragraphs. It was chosen over lingua-language-detector, whose wheels are several
times larger and whose high-accuracy mode is slower, for a task where the scripts (Latin, Han,
Cyrillic) already separate the three languages the extraction reads; the model tells Russian from
the Kazakh, Kyrgyz and Ukrainian a Central Asian outlet may also publish. The identifier is limited
to the languages the sources publish in, so a short Chinese headline is not taken for Japanese.

The page's own declaration (<html lang>, og:locale) is kept when the text's script agrees with it
(Latin letters under "en", Han characters under "zh", Cyrillic under "ru"), which costs a regex over
the sample instead of the model, and when there is too little text to read. Otherwise the model
decides: templates routinely declare "en" on every page of a site, whatever the article's language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

# The languages of the outlets tradewire reads (sources.toml); English, Chinese and Russian are extracted.
CANDIDATES = ("en", "zh", "ru", "kk", "ky", "uz", "tg", "uk", "ja", "ko", "tr", "de", "fr", "es", "ar", "fa")
SAMPLE_CHARS = 600  # a headline and a paragraph or two: enough to be sure, ~0.5 ms to classify
MIN_LETTERS = 20  # fewer letters than this: keep the declared language
_LETTER = re.compile(r"[^\W\d_]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# The script each declared language is written in; a declaration outside this table is always checked.
_SCRIPTS = {
    "en": "latin",
    "de": "latin",
    "fr": "latin",
    "es": "latin",
    "tr": "latin",
    "zh": "han",
    "ru": "cyrillic",
}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # loaded on the first article

    full = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE)
    full.set_languages(list(CANDIDATES))
    # set_languages keeps the whole model (all 97 languages' feature weights, ~27 MiB) beside the
    # restricted copy, to allow a reset this never does: a new identifier over the restricted arrays
    # (the very same arrays, so the scores are the same) lets the full ones go.
    return LanguageIdentifier(
        full.nb_ptc, full.nb_pc, full.nb_classes, full.tk_nextmove, full.tk_output, tk_row=full.tk_row
    )


def detect_language(
    title: str | None, paragraphs: tuple[str, ...] | list[str], declared: str | None
) -> str | None:
    """ISO 639-1 code of the article's language; `declared` when the text is too short to tell."""
    sample = "\n".join([title or "", *paragraphs])[:SAMPLE_CHARS]
    if sum(1 for _ in islice(_LETTER.finditer(sample), MIN_LETTERS)) < MIN_LETTERS:
        return declared
    if declared is not None and _SCRIPTS.get(declared) == _script(sample):
        return declared
    language, _ = _identifier().classify(sample)
    return language


def _script(sample: str) -> str:
    """The script most of the sample's letters are in: han, cyrillic or latin (the rest)."""
    letters = max(1, len(_LETTER.findall(sample)))
    if len(_HAN.findall(sample)) > letters / 2:
        return "han"
    if len(_CYRILLIC.findall(sample)) > letters / 2:
        return "cyrillic"
    return "latin"
