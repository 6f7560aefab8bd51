"""Gazeta.uz, English edition (www.gazeta.uz/en/YYYY/MM/DD/slug/).

Quirks: the text is div.js-mediator-article; "Photo: Gazeta.uz" / "Photo: press service of ..."
captions and "Read also" link boxes sit inside it; the date line "14 March 2025, 10:32" is Tashkent
time (UTC+5).
"""

from __future__ import annotations

import re

from extract.sites.base import TASHKENT, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "div.js-mediator-article"
TITLE = "h1#article_title, h1"
DATE_LINE = "div.articleDateTime"
DROPPED = ("div.articleImage", "div.readAlso", "div.articleTags")
DATE = re.compile(r"(?P<when>\d{1,2} [A-Z][a-z]+ \d{4},\s*\d{1,2}:\d{2})")
CAPTIONS = lines_matching(r"photos?\s*:.*", r"read also\s*:?.*")

PARSER = register(
    LayoutParser(
        name="gazetauz",
        hosts=("gazeta.uz",),
        zone=TASHKENT,
        layouts=(Layout(name="article", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        is_boilerplate=CAPTIONS,
    )
)
