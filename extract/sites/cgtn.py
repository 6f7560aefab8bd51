"""CGTN (news.cgtn.com, www.cgtn.com).

Quirks: the body is div#cmsMainContent; images sit in div.cmsImage blocks whose caption is a <p>
inside them; the time line reads "Updated 10:32, 14-Mar-2025" (Beijing time, day-month-year with
the month abbreviated); a "Source(s): Xinhua" line closes agency copy.
"""

from __future__ import annotations

import re

from extract.sites.base import BEIJING, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "#cmsMainContent"
TITLE = "h1.news-title"
DATE_LINE = "div.news-date, span.date"
DROPPED = ("div.cmsImage", "div.cmsVideo", "div.news-source", ".share-box")
DATE = re.compile(r"(?P<when>\d{1,2}:\d{2},\s*\d{1,2}-[A-Za-z]{3}-\d{4})")
SOURCE_LINE = lines_matching(r"source\(s\):.*")

PARSER = register(
    LayoutParser(
        name="cgtn",
        hosts=("cgtn.com",),
        zone=BEIJING,
        layouts=(Layout(name="cms", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        is_boilerplate=SOURCE_LINE,
    )
)
