"""China Daily (www.chinadaily.com.cn and its regional editions: global., usa., europe., ...).

Quirks: the byline line "By Name | China Daily | Updated: YYYY-MM-DD HH:MM" is Beijing time without a
zone; captions are <p>s ending "[Photo/Agency]" (square brackets, unlike Xinhua); long stories are
split over pages "<id>.html", "<id>_2.html", ... linked from div#div_currpage ("Next" link), each
page repeating the header: fetch `next_page_url` in turn and `join_pages` the articles in order.
The RSS feeds stopped in 2017: discovery uses the section listings (see sources.toml).
"""

from __future__ import annotations

import re

from extract.sites.base import BEIJING, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "#Content"
TITLE = "div.lft_art h1, div.main_art h1"
DATE_LINE = "span.info_l, div.info"
DROPPED = ("#div_currpage", ".sharebox", "div.selectpage")
DATE = re.compile(r"Updated:\s*(?P<when>\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2})")
NEXT_PAGE = "#div_currpage a"
NEXT_PAGE_TEXT = "next"
CAPTIONS = lines_matching(r".*\[(?:photo|video)(?:/[^\]]{1,60})?\]", r"\[?editor:.*")

PARSER = register(
    LayoutParser(
        name="chinadaily",
        hosts=("chinadaily.com.cn",),
        zone=BEIJING,
        layouts=(Layout(name="2017-", body=BODY, title=TITLE, date_line=DATE_LINE, drop=DROPPED),),
        date_pattern=DATE,
        is_boilerplate=CAPTIONS,
        next_page=NEXT_PAGE,
        next_page_text=NEXT_PAGE_TEXT,
    )
)
