"""Global Times (www.globaltimes.cn). Two layouts, tried in order.

- "page" (2020 redesign, URLs /page/YYYYMM/NNNNNNN.shtml): div.article_content holds the text as one
  run split by <br><br>, not <p>s; "Published: Mar 14, 2025 10:32 PM" in span.pub_time.
- "content" (archived pages, URLs /content/NNNNNNN.shtml): div.row-content, the same <br> style;
  "Source:Global Times Published: 2018/5/14 19:43:01" in div.text-left.
Times are Beijing time. Captions are separate blocks starting "Photo: VCG", "Photo: Courtesy of ...".
"""

from __future__ import annotations

import re

from extract.sites.base import BEIJING, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

CURRENT = Layout(
    name="page",
    body="div.article_content",
    title="div.article_title",
    date_line="span.pub_time",
    drop=("div.picture", "center", "div.article_footer", "div.share"),
)
ARCHIVED = Layout(
    name="content",
    body="div.row-content",
    title="div.article-title h3",
    date_line="div.text-left",
    drop=("div.picture", "center", "div.article-source"),
)
DATE = re.compile(
    r"Published:\s*(?P<when>[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}(?:\s*[AP]M)?|"
    r"\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?)"
)
CAPTIONS = lines_matching(r"photos?\s*:.*", r"graphic\s*:.*")

PARSER = register(
    LayoutParser(
        name="globaltimes",
        hosts=("globaltimes.cn",),
        zone=BEIJING,
        layouts=(CURRENT, ARCHIVED),
        date_pattern=DATE,
        is_boilerplate=CAPTIONS,
    )
)
