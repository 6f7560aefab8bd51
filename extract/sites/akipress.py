"""AKIpress (akipress.com, the English service of the Bishkek agency).

Quirks: the date line is day-first, "14/03/2025 10:32", Bishkek time (UTC+6); stories open
"BISHKEK (AKIpress) -"; a "Photo:" caption may follow the lead image inside the text block.
"""

from __future__ import annotations

import re

from extract.sites.base import BISHKEK, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "div.news-text"
TITLE = "h1.news-title"
DATE_LINE = "div.news-date"
DROPPED = ("div.news-photo", "div.news-tags", "div.share")
DATE = re.compile(r"(?P<when>\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2})")
CAPTIONS = lines_matching(r"photo\s*:.*")

PARSER = register(
    LayoutParser(
        name="akipress",
        hosts=("akipress.com",),
        zone=BISHKEK,
        layouts=(Layout(name="news", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        dayfirst=True,
        is_boilerplate=CAPTIONS,
    )
)
