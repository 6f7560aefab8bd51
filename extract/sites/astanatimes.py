"""The Astana Times (astanatimes.com), a WordPress site.

Quirks: the text is div.entry-content; Jetpack adds share buttons (div.sharedaddy) and related
posts (div.jp-relatedposts) inside it, and images come as div.wp-caption with a p.wp-caption-text
"Photo credit: ..." caption. The publication time is WordPress's <time datetime> / the
article:published_time meta (with offset); where one lacks a zone it is Astana time (UTC+5).
"""

from __future__ import annotations

from extract.sites.base import ASTANA, Layout, LayoutParser, lines_matching
from extract.sites.registry import register

BODY = "article div.entry-content, div.entry-content"
TITLE = "h1.entry-title"
DROPPED = (
    "div.sharedaddy",
    "div.jp-relatedposts",
    "div.wp-caption",
    "p.wp-caption-text",
    "div.addtoany_share_save_container",
    "div.code-block",
)
CAPTIONS = lines_matching(r"photo(?: credit)?\s*:.*")

PARSER = register(
    LayoutParser(
        name="astanatimes",
        hosts=("astanatimes.com",),
        zone=ASTANA,
        layouts=(Layout(name="wordpress", body=BODY, title=TITLE, drop=DROPPED),),
        is_boilerplate=CAPTIONS,
    )
)
