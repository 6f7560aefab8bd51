"""Main-content extraction in one pass over the page's own lxml tree: no copy, no pruning.

Why: trafilatura copies and prunes the whole tree several times per call (≈6 ms on a 120 KB page,
twice per page in the generic parser). Most news pages hold the story in one container of <p>s
that a readability-style score finds in a fraction of a millisecond. The result says whether it can
be trusted (`confident`); the caller keeps trafilatura for the pages where it cannot: little text,
prose spread over several places of the page, link-heavy text.

How: every <p> (and every run of text between <br><br>) outside boilerplate (scripts, navigation,
asides, footers, elements whose class or id says comments/share/related/...) is scored as
readability scores it (1 + commas + length/100, capped at 3), the score going to its parent and half
of it to its grandparent. The best container, scaled by its own link density, wins, and its siblings
that score well are joined to it (stories split over several <div>s). Its text blocks are then read
in document order: paragraphs, headings, list items, quotes; link lists and boilerplate subtrees left out.
A furniture word on an element holding at least half of the page's prose ("page-hero-ad-hidden" on
the page wrapper, "post-share-container" around the story) marks a wrapper, not furniture: it is
read like any other element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

# Subtrees that never hold article prose.
_SKIPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "nav",
        "aside",
        "footer",
        "header",
        "form",
        "button",
        "select",
        "textarea",
        "figure",
        "figcaption",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "canvas",
        "picture",
        "dialog",
        "menu",
        "head",
        "title",
    }
)
# class/id words of page furniture, matched as whole words of the attribute ("comment-list", "share_bar").
_NEGATIVE_HINT = re.compile(
    r"(?:^|[\s_-])(?:comments?|disqus|share|sharing|sharebar|social|related|recommend(?:ed|ations?)?|"
    r"promo(?:tion)?s?|sidebar|rail|cookies?|consent|gdpr|newsletter|subscribe|subscription|signup|"
    r"ad|ads|advert(?:isement)?s?|adslot|sponsor(?:ed)?|outbrain|taboola|breadcrumbs?|caption|credits?|"
    r"byline|author|authors|bio|tag|tags|popular|trending|most-read|mostread|read-more|readmore|more-stories|"
    r"toolbar|widget|modal|popup|overlay|footer|nav|navbar|navigation|menu|masthead|disclaimer|"
    r"skip-link|sr-only|visually-hidden|print-only|teaser|card|tools|tweet|instagram|tiktok|embed|embedded|"
    r"eyebrow|kicker|dateline|date|timestamp|meta|info|source|pagination|pager)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Containers a negative word does not disqualify ("article-body has-share-bar").
_POSITIVE_HINT = re.compile(
    r"(?:article|story|post|entry|main|news)[-_]?(?:body|content|text)|body[-_]?text|main[-_]?content",
    re.IGNORECASE,
)
# Invisible text: display:none, visibility:hidden, and the "visually hidden" clip of screen-reader
# labels (", opens new tab") on inline elements.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|clip\s*:\s*rect\(0")
_NEVER_EXCLUDED = frozenset(
    {"html", "body", "main"}
)  # not <article>: comments are often <article class="comment">
# The HTML elements that end a run of text, shared by the main-content extractor, the article parser
# and the site parsers (each adds the few more it also treats as blocks).
BLOCK_ELEMENTS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "center",
        "main",
        "nav",
    }
)
_BLOCK_TAGS = BLOCK_ELEMENTS | {"address", "details", "figure", "summary"}

_LINK_LIST_TAGS = frozenset({"div", "section", "ul", "ol", "dl", "table"})

_MIN_SIBLING_SCORE = 3.0  # about one paragraph of prose (readability's 10 drops halves of short stories)
MIN_SCORED_CHARS = 25  # a <p> shorter than this is not evidence of prose (readability's threshold)
PROSE_CHARS = 80  # a paragraph of at least this many characters with few links reads like prose
MAX_PROSE_LINK_DENSITY = 0.3
MAX_BLOCK_LINK_DENSITY = 0.65  # a block mostly made of link text is a link list or a "read more" line
# When the result is trusted: enough text, in at least two paragraphs, holding most of the page's
# prose (no competing body of text elsewhere), and not made of links.
CONFIDENT_MIN_CHARS = 500
CONFIDENT_MIN_PARAGRAPHS = 2
CONFIDENT_MIN_SHARE = 0.8
CONFIDENT_MAX_LINK_DENSITY = 0.15


@dataclass(frozen=True)
class MainContent:
    """The text blocks of the page's main container and whether they can be trusted.

    `prose_share` is the part of the page's prose (paragraphs of 80+ characters with few links,
    anywhere in the page) that the result holds; `reason` says why the result is not confident.
    """

    paragraphs: tuple[str, ...]
    confident: bool
    reason: str
    prose_share: float
    link_density: float
    page_prose_chars: int = 0  # characters of prose on the whole page, as counted for `prose_share`


@dataclass(frozen=True)
class _Block:
    text: str
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


_NOTHING = MainContent(paragraphs=(), confident=False, reason="no prose", prose_share=0.0, link_density=0.0)
_WRAPPER_SHARE = (
    0.5  # an element named like furniture that holds this share of the page's prose wraps the story
)
_MAX_WRAPPER_ROUNDS = 3


def extract_main_content(tree: lxml.html.HtmlElement) -> MainContent:
    """The page's main text, read from `tree` without changing it."""
    body = tree.find("body")
    root = body if body is not None else tree
    paragraphs = list(_scored_paragraphs(root))
    page_prose = sum(_weight(text) for _, _, text, links in paragraphs if _is_prose(text, links))
    wrappers: set[lxml.html.HtmlElement] = set()
    for _ in range(_MAX_WRAPPER_ROUNDS):
        furniture = _Furniture(wrappers)
        scores, hidden_prose = _scores(paragraphs, furniture)
        # "page-hero-ad-hidden", "post-share-container": a class word of furniture on the story's wrapper
        found = {
            node
            for node, chars in hidden_prose.items()
            if chars >= _WRAPPER_SHARE * page_prose and _furniture_kind(node) == "hint"
        }
        if not found:
            break
        wrappers |= found
    if not scores:
        return MainContent(
            (),
            confident=False,
            reason="no prose",
            prose_share=0.0,
            link_density=0.0,
            page_prose_chars=page_prose,
        )
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:5]
    scaled = {element: score * (1 - _link_density(element)) for element, score in ranked}
    best = max(scaled, key=scaled.__getitem__)
    try:
        blocks = [
            block
            for element in _with_siblings(best, scaled[best], scores, furniture)
            for block in _blocks(element, furniture)
        ]
    except RecursionError:  # absurdly deep markup: let the caller's extractor deal with it
        return _NOTHING
    kept = [b for b in blocks if b.link_chars <= MAX_BLOCK_LINK_DENSITY * len(b.text)]
    return _judged(kept, page_prose)


# A Han character carries about what three Latin letters do (a Chinese word is one to two characters):
# the thresholds above are in Latin characters, so Chinese text is weighed at three per character, or
# every Chinese page would read "short" and go to trafilatura (three times the cost, issue 14).
HAN_WEIGHT = 3
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _weight(text: str) -> int:
    """The text's length in Latin-character equivalents (its length, for text without Han characters)."""
    if text.isascii():
        return len(text)
    return len(text) + (HAN_WEIGHT - 1) * len(_HAN.findall(text))


def _is_prose(text: str, link_chars: int) -> bool:
    return _weight(text) >= PROSE_CHARS and link_chars <= MAX_PROSE_LINK_DENSITY * len(text)


def _scores(
    paragraphs: list[tuple[lxml.html.HtmlElement, lxml.html.HtmlElement, str, int]], furniture: _Furniture
) -> tuple[dict[lxml.html.HtmlElement, float], dict[lxml.html.HtmlElement, int]]:
    """(readability score per container, prose characters left out per furniture element)."""
    scores: dict[lxml.html.HtmlElement, float] = {}
    hidden_prose: dict[lxml.html.HtmlElement, int] = {}
    for paragraph, parent, text, link_chars in paragraphs:
        cause = furniture.cause(paragraph)
        if cause is not None:
            if _is_prose(text, link_chars):
                hidden_prose[cause] = hidden_prose.get(cause, 0) + _weight(text)
            continue
        weight = _weight(text)
        if weight < MIN_SCORED_CHARS:
            continue
        score = 1 + text.count(",") + text.count("\uff0c") + min(weight / 100, 3)  # "，" in CJK text
        scores[parent] = scores.get(parent, 0.0) + score
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + score / 2
    return scores, hidden_prose


def _judged(blocks: list[_Block], page_prose: int) -> MainContent:
    length = sum(len(b.text) for b in blocks)
    link_density = sum(b.link_chars for b in blocks) / length if length else 0.0
    chars = sum(_weight(b.text) for b in blocks)
    prose = [b for b in blocks if _weight(b.text) >= PROSE_CHARS and b.link_density <= MAX_PROSE_LINK_DENSITY]
    share = sum(_weight(b.text) for b in prose) / page_prose if page_prose else 0.0
    if chars < CONFIDENT_MIN_CHARS:
        reason = "short"
    elif len(prose) < CONFIDENT_MIN_PARAGRAPHS:
        reason = "few paragraphs"
    elif share < CONFIDENT_MIN_SHARE:
        reason = "prose elsewhere on the page"
    elif link_density > CONFIDENT_MAX_LINK_DENSITY:
        reason = "link-heavy"
    else:
        reason = ""
    return MainContent(
        paragraphs=tuple(b.text for b in blocks),
        confident=not reason,
        reason=reason,
        prose_share=min(share, 1.0),
        link_density=link_density,
        page_prose_chars=page_prose,
    )


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _scored_paragraphs(root: lxml.html.HtmlElement):
    """(element, the container it scores for, its text, characters of link text) for every <p>, and for
    every run of text between <br><br> (whose container is the element holding the run)."""
    split_parents: dict[lxml.html.HtmlElement, None] = {}
    for br in root.iter("br"):
        parent = br.getparent()
        if parent is not None and parent not in split_parents and _starts_break_run(br):
            split_parents[parent] = None
    for paragraph in root.iter("p"):
        if paragraph in split_parents:
            continue
        parent = paragraph.getparent()
        if parent is None:
            continue
        text = _clean(paragraph.text_content())
        if text:
            yield paragraph, parent, text, _link_chars(paragraph)
    for parent in split_parents:
        for block in _own_runs(parent):
            yield parent, parent, block.text, block.link_chars


def _starts_break_run(br: lxml.html.HtmlElement) -> bool:
    following = br.getnext()
    return following is not None and following.tag == "br" and not (br.tail or "").strip()


def _link_chars(element: lxml.html.HtmlElement) -> int:
    return sum(len(_clean(a.text_content())) for a in element.iter("a"))


def _link_density(element: lxml.html.HtmlElement) -> float:
    """Share of the element's text inside links (raw lengths: a candidate may be the whole <body>, whose
    text includes every inline script, too long to normalise just to measure it)."""
    text = len(element.text_content()) - sum(len(s.text or "") for s in element.iter("script", "style"))
    links = sum(len(a.text_content()) for a in element.iter("a"))
    return min(links / text, 1.0) if text > 0 else 1.0


class _Furniture:
    """Which elements are page furniture (by tag, hidden, or by a class/id word), each answer remembered:
    the same ancestors are asked about for every paragraph. `wrappers` are elements named like furniture
    that were found to hold the story; they are read like any other element."""

    def __init__(self, wrappers: set[lxml.html.HtmlElement]) -> None:
        self._wrappers = wrappers
        self._cause: dict[lxml.html.HtmlElement, lxml.html.HtmlElement | None] = {}

    def cause(self, element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
        """The outermost furniture element among the element and its ancestors, or None."""
        chain = []
        node, cause = element, None
        while node is not None:
            if node in self._cause:
                cause = self._cause[node]
                break
            chain.append(node)
            node = node.getparent()
        for node in reversed(chain):
            if cause is None and node not in self._wrappers and _furniture_kind(node):
                cause = node
            self._cause[node] = cause
        return cause

    def __contains__(self, element: lxml.html.HtmlElement) -> bool:
        return self.cause(element) is not None


def _furniture_kind(element: lxml.html.HtmlElement) -> str | None:
    """ "tag", "hidden" or "hint" when the element is not article text, else None."""
    tag = element.tag
    if not isinstance(tag, str) or tag in _SKIPPED_TAGS:
        return "tag"
    if tag in _NEVER_EXCLUDED:
        return None
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return "hidden"
    style = element.get("style")
    if style and _HIDDEN_STYLE.search(style if tag in _BLOCK_TAGS else style.replace("overflow", "")):
        return "hidden"
    hints = f"{element.get('class') or ''} {element.get('id') or ''}"
    if len(hints) > 2 and _NEGATIVE_HINT.search(hints) and not _POSITIVE_HINT.search(hints):
        return "hint"
    return None


def _with_siblings(
    best: lxml.html.HtmlElement,
    best_score: float,
    scores: dict[lxml.html.HtmlElement, float],
    furniture: _Furniture,
) -> list[lxml.html.HtmlElement]:
    """The best container and the siblings that belong to the same story (readability's rule)."""
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(_MIN_SIBLING_SCORE, 0.2 * best_score)
    chosen = []
    for sibling in parent:
        if sibling is best:
            chosen.append(sibling)
            continue
        if not isinstance(sibling.tag, str) or sibling in furniture:
            continue
        if scores.get(sibling, 0.0) * (1 - _link_density(sibling)) >= threshold:
            chosen.append(sibling)
        elif sibling.tag == "p":
            text = _clean(sibling.text_content())
            density = _link_chars(sibling) / len(text) if text else 1.0
            if (len(text) >= PROSE_CHARS and density < 0.25) or (
                text and density == 0 and text.endswith((".", "!", "?", "\u3002", "\u201d", '"'))
            ):
                chosen.append(sibling)
    return chosen


def _blocks(container: lxml.html.HtmlElement, furniture: _Furniture) -> list[_Block]:
    """The container's text split at block elements and at <br><br>; one <br> joins words with a space.
    Furniture subtrees inside it are skipped; inline markup stays inside its block."""
    blocks: list[_Block] = []
    parts: list[str] = []
    link_chars = 0
    pending_break = False  # a <br> was seen with only whitespace after it

    def flush() -> None:
        nonlocal link_chars, pending_break
        text = _clean("".join(parts))
        if text:
            blocks.append(_Block(text, min(link_chars, len(text))))
        parts.clear()
        link_chars = 0
        pending_break = False

    def add(text: str | None, in_link: bool) -> None:
        nonlocal link_chars, pending_break
        if text:
            parts.append(text)
            if in_link:
                link_chars += len(_clean(text))
            if text.strip():
                pending_break = False

    def walk(element: lxml.html.HtmlElement, in_link: bool) -> None:
        nonlocal pending_break
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or child in furniture:
                add(child.tail, in_link)
                continue
            if tag == "br":
                if pending_break:
                    flush()
                else:
                    parts.append(" ")
                    pending_break = True
            elif tag in _LINK_LIST_TAGS and _link_density(child) > MAX_BLOCK_LINK_DENSITY:
                flush()  # a box of links inside the story: "Trending: ...", "More on this"
            elif tag in _BLOCK_TAGS:
                flush()
                add(child.text, in_link)
                walk(child, in_link)
                flush()
            else:
                child_in_link = in_link or tag == "a"
                add(child.text, child_in_link)
                walk(child, child_in_link)
            add(child.tail, in_link)

    if container not in furniture:
        add(container.text, container.tag == "a")
        walk(container, container.tag == "a")
        flush()
    return blocks


def _own_runs(parent: lxml.html.HtmlElement) -> list[_Block]:
    """The runs of text <br><br> separates in this element's own content (block children end a run
    and are not read: their <p>s are scored on their own)."""
    runs: list[_Block] = []
    parts: list[str] = [parent.text or ""]
    link_chars = 0

    def flush() -> None:
        nonlocal link_chars
        text = _clean("".join(parts))
        if text:
            runs.append(_Block(text, min(link_chars, len(text))))
        parts.clear()
        link_chars = 0

    for child in parent:
        tag = child.tag
        if isinstance(tag, str) and tag == "br":
            if _starts_break_run(child):
                flush()
        elif not isinstance(tag, str) or tag in _BLOCK_TAGS or tag in _SKIPPED_TAGS:
            flush()
        else:
            text = child.text_content()
            parts.append(text)
            if tag == "a":
                link_chars += len(_clean(text))
            else:
                link_chars += _link_chars(child)
        parts.append(child.tail or "")
    flush()
    return runs
