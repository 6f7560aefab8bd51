"""Names in a sentence that are no side of its figure: ranking appositives and comparisons."""

from __future__ import annotations

import re
from dataclasses import dataclass

from transform.entities import EntityMention
from transform.prefilter import search

_RANKING = re.compile(
    r"\b(?:largest|biggest|leading|top|main|major|\w+-(?:largest|biggest)|second|third|fourth|fifth)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:trading|trade|export|import|economic)\s+partners?\b",
    re.IGNORECASE,
)


_COMPARED_WITH = re.compile(r"\b(?:after|behind|following|ahead\s+of|than)\s+(?:the\s+)?$", re.IGNORECASE)


# "trade with China exceeded that with Russia", "more than with Russia": compared with, in any sentence.
_COMPARED_ANYWHERE = re.compile(
    r"(?:\bthan\s+(?:with|to|from)|\b(?:that|those)\s+(?:with|to|from)|\b(?:overt(?:ook|aken|akes|aking|ake)"
    r"|outpac(?:ed|es|ing)|outstr(?:ipped|ips|ipping)|displac(?:ed|es|ing)|edg(?:ed|ing)\s+out))\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_COMPARISON_WORD = re.compile(
    r"\b(?:than|that|those)\s+(?:with|to|from)\b|\b(?:overt(?:ook|aken|akes|aking|ake)|outpac(?:ed|es|ing)"
    r"|outstr(?:ipped|ips|ipping)|displac(?:ed|es|ing)|edg(?:ed|ing)\s+out)\b",
    re.IGNORECASE,
)


# "China's largest trading partner in Central Asia": the group after the ranking is its scope, not a side.
_RANKING_SCOPE = re.compile(r"\s+(?:in|among|within)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$", re.IGNORECASE)


FOLLOWED_BY = re.compile(r"\b(?:followed\s+by|ahead\s+of|trailed\s+by)\s+", re.IGNORECASE)


_CLAUSE_SUBJECT_THOSE = re.compile(
    r"(?:^|[;,]\s*|\b(?:while|whereas|but|and)\s+)(?:those|that)\s+(?:with|to|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_OWN_FIGURE_AFTER = re.compile(
    r"^\s*(?:\(|with\s+|at\s+|:|[—–-])\s*(?:about\s+|around\s+)?[$€¥£\d]", re.IGNORECASE
)


_RELATIVE_AFTER = re.compile(r",?\s+with\s+(?:which|whom)\b")


_LIST_JOINER = re.compile(r"(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:the\s+)?", re.IGNORECASE)


# ", China's largest trading partner in the region,", ", the biggest economy in Central Asia,": an appositive
# ranking the name before it (no verb inside).
_RANKING_APPOSITIVE = re.compile(
    r",\s+(?:(?:which|that)\s+(?:is|was|remains|remained)\s+)?"
    r"(?:the\s+|its\s+|their\s+|(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,3}?[A-Z][\w.-]*['’]s\s+)(?:[\w'’-]+\s+){0,2}?"
    r"(?:largest|biggest|leading|top|main|major|principal|key|\w+-(?:largest|biggest)|second|third|fourth|fifth)\s+"
    r"(?:(?!(?:was|were|is|are|has|had|have|said|which|who|that|and|while|with)\b)[^,;.()$€¥£\d]){1,60}?,"
)


# "the vast region, a major gateway for trade between China and Russia and Central Asia, took in $X": an
# appositive describing its subject as a route for others' trade (no verb inside); the names in it are no
# side of the figure.
_GATEWAY_APPOSITIVE = re.compile(
    r",\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:gateway|hub|bridge|corridor|crossroads|transit\s+route|land\s+port|window|link)\s+"
    r"(?:for|of|to|between|linking|connecting|into)\s+"
    r"(?:(?!(?:was|were|is|are|has|had|have|said|which|who|that|while|with)\b)[^,;.()$€¥£\d]){1,80}?,"
)


# How far before a name the words that make it a term of comparison ("after", "ahead of") are looked for.
COMPARED_LOOKBACK = 25


def without_appositive_rankings(text: str, mentions: list[EntityMention]) -> tuple[str, list[EntityMention]]:
    """ "Kazakhstan, China's largest trading partner in the region, traded $X with China": the appositive
    describes the name before it. Its names are no side of the figure and its words ("trading partner",
    "the region's") no trade word or anaphor: the text comes back with the appositive blanked (same length)
    and the mentions without those inside it."""
    spans = [
        (m.end, a.end())
        for m in mentions
        if m.code is not None and (a := _RANKING_APPOSITIVE.match(text, m.end))
    ]
    spans += [(a.start(), a.end()) for a in _GATEWAY_APPOSITIVE.finditer(text)]
    if not spans:
        return text, mentions
    for lo, hi in spans:
        text = text[:lo] + " " * (hi - lo) + text[hi:]
    return text, [m for m in mentions if not any(lo < m.start < hi for lo, hi in spans)]


def without_ranking_comparisons(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """ "China was Kazakhstan's second-largest trading partner after Russia": the economies a ranking is
    compared with ("after", "behind", "ahead of", "than") are no side of the figure's trade."""
    if not mentions:
        return mentions
    ranking_phrase = search(_RANKING, text)
    if ranking_phrase is None and not search(_COMPARISON_WORD, text):
        return mentions
    kept: list[EntityMention] = []
    previous_dropped: EntityMention | None = None
    for m in mentions:
        if _OWN_FIGURE_AFTER.match(text[m.end :]) or _RELATIVE_AFTER.match(text[m.end :]):
            # "ahead of Russia ($5.6 billion)": that economy's own figure; "behind China, with which trade
            # jumped to $X": the head of a relative clause whose figure it is
            previous_dropped = None
            kept.append(m)
            continue
        before = text[max(0, m.start - COMPARED_LOOKBACK) : m.start]
        ranked = ranking_phrase is not None and m.start > ranking_phrase.start()
        if (
            ranked
            and m.kind == "group"
            and m.start >= ranking_phrase.end()
            and _RANKING_SCOPE.fullmatch(text[ranking_phrase.end() : m.start])
        ):
            continue
        compared = bool((ranked and _COMPARED_WITH.search(before)) or _COMPARED_ANYWHERE.search(before))
        if compared and _CLAUSE_SUBJECT_THOSE.search(text[max(0, m.start - 40) : m.start]):
            compared = False  # "..., while those to Russia rose to $X": the subject of its own figure
        listed = previous_dropped is not None and bool(
            _LIST_JOINER.fullmatch(text[previous_dropped.end : m.start])
        )
        if compared or listed:
            previous_dropped = m
            continue
        previous_dropped = None
        kept.append(m)
    return kept


# "Russia (about $750 million), China (about $670 million) and Kazakhstan (more than $642 million) were
# Tajikistan's main trading partners": a list of partners with their figures in brackets, named as the
# owner's partners after the list. Each bracketed figure is the owner's trade with the name before it.
_LISTED_ITEM_BEFORE = re.compile(
    r"[A-Z][\w.’'-]*\s*\(\s*(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|some\s+|just\s+over\s+"
    r"|roughly\s+)?$"
)
_PARTNER_LIST_CLAUSE = re.compile(
    r"\)\s*,?\s+(?:were|are|remained|remain|became|stood\s+out\s+as|ranked\s+as)\s+(?:also\s+)?"
    r"(?:(?P<owner>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})['’]s\s+|the\s+)?"
    r"(?:(?:two|three|four|five)\s+)?(?:largest|biggest|main|leading|top|key|principal|major)\s+"
    r"(?:(?P<kind>trading|trade|export|import)\s+)?(?P<noun>partners|markets|destinations|suppliers|buyers)\b"
)
# How far after a bracketed figure the clause naming the list may come (more "Name (figure)" items between).
LIST_CLAUSE_WITHIN = 280


@dataclass(frozen=True)
class PartnerList:
    """The clause that names a list of partners: whose partners (None: not said), and what they measure."""

    owner: EntityMention | None
    kind: str  # "trading", "export", "import" or ""
    noun: str  # "partners", "markets", ...


def partner_list(
    text: str, mentions: list[EntityMention], amount_start: int, amount_end: int
) -> PartnerList | None:
    """The partner-list clause a bracketed figure belongs to, or None."""
    if not _LISTED_ITEM_BEFORE.search(text[:amount_start]):
        return None
    clause = _PARTNER_LIST_CLAUSE.search(text, amount_end, amount_end + LIST_CLAUSE_WITHIN)
    if clause is None or re.search(r"[.;:!?](?!\d)", text[amount_end : clause.start()]):
        return None
    owner = None
    if clause.group("owner") is not None:
        owner = next(
            (
                m
                for m in mentions
                if m.code is not None and clause.start("owner") <= m.start < clause.end("owner")
            ),
            None,
        )
        if owner is None:
            return None  # an owner named but not one with a code: whose partners is not known
    return PartnerList(owner, (clause.group("kind") or "").lower(), clause.group("noun").lower())
