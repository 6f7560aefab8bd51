"""People's Daily Online, English edition (en.people.cn; formerly english.people.com.cn).

Quirks: the origin line "By Name (People's Daily Online) 09:12, March 14, 2025" gives time before
date, Beijing time; a "(Web editor: Name, Name)" line closes the body; photo captions end
"(Photo/Agency)" or "(People's Daily Online/Name)".
"""

from __future__ import annotations

import re

from extract.sites.base import BEIJING, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "div.d2txt_con"
TITLE = "div.d2txt h1"
DATE_LINE = "div.d2txt div.origin"
DROPPED = ("div.editor", "div.paper_num", "table")
DATE = re.compile(r"(?P<when>\d{1,2}:\d{2},\s*[A-Z][a-z]+ \d{1,2}, \d{4})")
WEB_EDITOR = lines_matching(r"\(web editor:.*\)")

PARSER = register(
    LayoutParser(
        name="peoplesdaily",
        hosts=("en.people.cn", "english.people.com.cn"),
        zone=BEIJING,
        layouts=(Layout(name="d2txt", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        is_boilerplate=WEB_EDITOR,
    )
)
