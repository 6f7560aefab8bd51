"""TASS, English (tass.com). Two layouts, tried in order.

- "text-content" (the current design): div.text-content.
- "text-block" (archived pages of the older design): div.text-block.
Quirks: the visible date "14 MAR, 10:32" has no year, so the time comes from the article metadata
(JSON-LD datePublished / article:published_time, with a +03:00 offset; without one it is Moscow
time); stories open "MOSCOW, March 14. /TASS/."; "More news" and tag boxes follow the text.
"""

from __future__ import annotations

from extract.sites.base import MOSCOW, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

CURRENT = Layout(
    name="text-content",
    body="div.text-content",
    title="h1.news-header__title, h1",
    drop=("div.tags", "div.news-more", "div.image-with-caption"),
)
ARCHIVED = Layout(
    name="text-block",
    body="div.text-block",
    title="h1.news-header__title, h1",
    drop=("div.tags", "div.b-gallery-widget", "div.image-with-caption"),
)
SIGN_OFFS = lines_matching(r"more news.*", r"\(?photo\s*:.*")

PARSER = register(
    LayoutParser(
        name="tass",
        hosts=("tass.com",),
        zone=MOSCOW,
        layouts=(CURRENT, ARCHIVED),
        is_boilerplate=SIGN_OFFS,
    )
)
