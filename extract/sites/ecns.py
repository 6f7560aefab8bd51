"""ECNS, China News Service in English (www.ecns.cn).

Quirks: the headline, the info line ("2025-03-14 10:32 ECNS App Download") and the text share one
div.content, so the first two are dropped from the body; the time is Beijing time; stories start
"(ECNS) --" and close with an "Editor:" line.
"""

from __future__ import annotations

import re

from extract.sites.base import BEIJING, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "div.content"
TITLE = "div.content h1"
DATE_LINE = "div.content div.info"
DROPPED = ("h1", "div.info", "div.fenxiang", "div.editor", "div.related")
DATE = re.compile(r"(?P<when>\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}(?::\d{2})?)")
APP_PROMO = lines_matching(r"ecns app download", r"\[?editor:.*")

PARSER = register(
    LayoutParser(
        name="ecns",
        hosts=("ecns.cn",),
        zone=BEIJING,
        layouts=(Layout(name="content", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        is_boilerplate=APP_PROMO,
    )
)
