"""The language of an article, identified offline from its text (the `language` column).

py3langid (the langid.py model, shipped inside the wheel: nothing is downloaded at run time) reads the
title and the first paragraphs. It was chosen over lingua-language-detector, whose wheels are several
times larger and whose high-accuracy mode is slower, for a task where the scripts (Latin, Han,
Cyrillic) already separate the three languages the extraction reads; the model tells Russian from
the Kazakh, Kyrgyz and Ukrainian a Central Asian outlet may also publish. The identifier is limited
to the languages the sources publish in, so a short Chinese headline is not taken for Japanese.

The page's own declaration (<html lang>, og:locale) is kept only when there is too little text to
read: templates routinely declare "en" on every page of a site, whatever the article's language.
"""

from __future__ import annotations

from functools import lru_cache

# The languages of the outlets tradewire reads (sources.toml); English, Chinese and Russian are extracted.
CANDIDATES = ("en", "zh", "ru", "kk", "ky", "uz", "tg", "uk", "ja", "ko", "tr", "de", "fr", "es", "ar", "fa")
SAMPLE_CHARS = 2000  # enough to be sure; the cost stays a fraction of parsing the page
MIN_LETTERS = 20  # fewer letters than this: keep the declared language


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # loaded on the first article

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def detect_language(
    title: str | None, paragraphs: tuple[str, ...] | list[str], declared: str | None
) -> str | None:
    """ISO 639-1 code of the article's language; `declared` when the text is too short to tell."""
    sample = "\n".join([title or "", *paragraphs])[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return declared
    language, _ = _identifier().classify(sample)
    return language
