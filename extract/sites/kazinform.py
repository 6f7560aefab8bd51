"""Kazinform International News Agency, English (qazinform.com since 2023; before, inform.kz/en).

Quirks: the English site moved to its own domain, qazinform.com; old inform.kz/en links still
circulate in feeds and archives (served by this parser too: their pages fall back to the generic
parser where the old markup does not match). The date line "14 March 2025 10:32" is Astana time
(UTC+5); captions start "Photo credit:" or "Photo:".
"""

from __future__ import annotations

import re

from extract.sites.base import ASTANA, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "div.article__body-text"
TITLE = "h1.article__title"
DATE_LINE = "div.article__date"
DROPPED = ("div.article__photo", "div.article__tags", "div.article__share", "div.read-also")
DATE = re.compile(r"(?P<when>\d{1,2} [A-Z][a-z]+ \d{4},?\s+\d{1,2}:\d{2})")
CAPTIONS = lines_matching(r"photo(?: credit)?\s*:.*", r"read also\s*:?.*")

PARSER = register(
    LayoutParser(
        name="kazinform",
        hosts=("qazinform.com", "inform.kz"),
        zone=ASTANA,
        layouts=(Layout(name="qazinform", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        is_boilerplate=CAPTIONS,
    )
)
