"""24.kg, English edition (24.kg/english/...). Parser "24kg" in kg24.py: the naming rule of
`extract.sites.registry` moves leading digits to the end (a module name cannot start with one).

Quirks: the time line puts time first, "14:32, 14 March 2025", Bishkek time (UTC+6); the lead
image's caption reads "Photo 24.kg" or "Illustrative photo"; a "Link: https://24.kg/..." line
follows the text for readers copying it.
"""

from __future__ import annotations

import re

from extract.sites.base import BISHKEK, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "div.cont"
TITLE = "div.newsTitle h1, h1"
DATE_LINE = "div.time"
DROPPED = ("div.newsPhoto", "div.tags", "div.share")
DATE = re.compile(r"(?P<when>\d{1,2}:\d{2},\s*\d{1,2} [A-Z][a-z]+ \d{4})")
SITE_LINES = lines_matching(
    r"link:\s*https?://\S+",
    r"(?:illustrative )?photo(?: archive)?(?: of)? 24\.kg\.?",
    r"illustrative photo\.?",
)

PARSER = register(
    LayoutParser(
        name="24kg",
        hosts=("24.kg",),
        zone=BISHKEK,
        layouts=(Layout(name="cont", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        is_boilerplate=SITE_LINES,
    )
)
