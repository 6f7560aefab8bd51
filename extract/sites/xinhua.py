"""Xinhua English (english.news.cn; before it www.news.cn/english and www.xinhuanet.com/english).

Quirks: photo captions are ordinary <p>s inside the body ending "(Xinhua/Name)"; an "Editor: name"
line follows the story; many stories end with a "■" mark; older wire copy ends with "Enditem".
The header's time has no zone: it is Beijing time.
"""

from __future__ import annotations

import re

from extract.sites.base import BEIJING, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "#detail"  # holds span#detailContent with the <p>s, plus the editor line
TITLE = "div.conTop h1, div.head-line h1"
DATE_LINE = "div.conTop .time, div.header-time"
DROPPED = (".pageShare", ".bottom-tools", "#articleEdit", ".videoArea")
DATE = re.compile(r"(?P<when>\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}(?::\d{2})?)")
# End marks and sign-offs that stand alone as a block.
SIGN_OFFS = lines_matching(r"enditem", r"[■□]", r"\[?editor:.*\]?")

PARSER = register(
    LayoutParser(
        name="xinhua",
        hosts=("english.news.cn", "news.cn/english", "xinhuanet.com/english"),
        zone=BEIJING,
        layouts=(Layout(name="news.cn", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        is_boilerplate=SIGN_OFFS,
    )
)
