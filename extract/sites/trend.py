"""Trend News Agency (en.trend.az; feed items also point at www.trend.az and redirect between hosts).

Quirks: one story answers on several hosts (www.trend.az → en.trend.az redirects; the page's
rel=canonical settles the URL); the time line "14 March 2025 10:32 (UTC +04:00)" is Baku time;
stories open with the dateline "BAKU, Azerbaijan, March 14." and close with a channel promotion
("Stay up-to-date ... WhatsApp channel") and "Follow the author on X" lines.
"""

from __future__ import annotations

import re

from extract.sites.base import BAKU, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "div.article-content"
TITLE = "h1.article-title, div.article-head h1"
DATE_LINE = "div.date-time, span.date-time"
DROPPED = ("div.article-tags", "div.share-buttons", "div.read-also")
DATE = re.compile(r"(?P<when>\d{1,2} [A-Z][a-z]+ \d{4},?\s+\d{1,2}:\d{2})")
PROMOTIONS = lines_matching(r"stay up-to-date with .*", r"follow the author on .*", r"---+")

PARSER = register(
    LayoutParser(
        name="trend",
        hosts=("trend.az",),
        zone=BAKU,
        layouts=(Layout(name="article", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        is_boilerplate=PROMOTIONS,
    )
)
