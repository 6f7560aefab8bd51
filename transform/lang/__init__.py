"""Language packs: Chinese and Russian lexicons and grammars plugged into the extraction stages.

`pack_for(language)` gives the pack of an article's language (`zh`, `ru`) or None for English, which
`transform.extraction` keeps reading with its own finders. The stages over a pack are in
`transform.lang.stages`; what a pack provides is `transform.lang.base.LanguagePack`.
"""

from __future__ import annotations

from types import ModuleType

PACKED_LANGUAGES = ("zh", "ru")


def pack_for(language: str | None) -> ModuleType | None:
    """The pack module of a language code ("zh", "zh-CN", "ru-RU"), or None (English and the rest)."""
    primary = (language or "").split("-")[0].split("_")[0].lower()
    if primary == "zh":
        from transform.lang import zh

        return zh
    if primary == "ru":
        from transform.lang import ru

        return ru
    return None
