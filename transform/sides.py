"""Checks and fixes on the two sides of a figure once the actors are assigned."""

from __future__ import annotations

import re

from transform.amounts import Amount
from transform.context import ArticleContext, bilateral_story_partner, data_source
from transform.draft import Draft, Drop, can_be_part_of, clause_bounds, coded_mentions, name_of, side_of
from transform.entities import EntityMention
from transform.flow import RANKED_LIST
from transform.rankings import FOLLOWED_BY

BILATERAL_UNRESOLVED = Drop(
    "actors.bilateral_unresolved", 'a total "between the two countries" whose two sides cannot be told'
)
AMBIGUOUS_SUBJECT = Drop(
    "actors.ambiguous_subject",
    "three or more economies as the subject of one figure, no word saying which two trade",
)
SHARE_SUBJECT_CONFLICT = Drop(
    "actors.share_subject_conflict",
    '"X accounts for N% of <whole>, or $Y": X cannot be a side of that whole\'s figure',
)

BILATERAL = re.compile(
    r"\b(?:bilateral|two-way|mutual)\b|\b(?:the|both)\s+(?:two\s+)?(?:countries|sides|nations|states|neighbou?rs)\b"
    r"|\bbetween\s+them\b",
    re.IGNORECASE,
)


# How far after a balance "in favour of X" may follow.
FAVOUR_WINDOW = 40


def keep_data_owner_in_ranking(ctx: ArticleContext, stat: Draft, ranked_before: Draft, before: str) -> None:
    """ "Kazakhstan traded $X with China, followed by Kyrgyzstan at $Y and Uzbekistan at $Z" in China's data:
    down a ranking the ranked side changes and the data owner stays, whichever side the first item named
    first."""
    home = ctx.home[0] if ctx.home is not None else None
    sides = {
        ranked_before.reporter: ranked_before.reporter_name,
        ranked_before.partner: ranked_before.partner_name,
    }
    if (
        stat.flow == "total"
        and home in sides
        and FOLLOWED_BY.search(before)
        and stat.reporter != home
        and stat.partner not in (None, *sides)
    ):
        stat.set_reporter((home, sides[home]), "context.ranking_owner")


def _sentence_pair(stat: Draft, mentions: list[EntityMention]) -> bool:
    """ "... between the two countries ..., making China Uzbekistan's largest partner": exactly two economies
    named in the sentence are the pair (the possessive one reports); otherwise False (emit nothing)."""
    countries: dict[str, EntityMention] = {}
    for m in coded_mentions(mentions):
        if m.kind == "country":
            countries.setdefault(m.code, m)
    if len(countries) != 2:
        return False
    first, second = sorted(countries.values(), key=lambda m: (not m.possessive, m.start))
    stat.set_reporter(side_of(first), "sentence.two_countries")
    stat.set_partner(side_of(second), "sentence.two_countries")
    return True


def _partner_just_named(ctx: ArticleContext, stat: Draft) -> tuple[str, str] | None:
    """ "Imports from Russia have risen notably. Total trade between the two countries was …": the partner
    the sentence right before named in trade talk is the other of the two."""
    partner = ctx.named_partner
    if partner is None or ctx.named_partner_at != stat.sentence.index - 1 or partner[0] == stat.reporter:
        return None
    return partner


def owner_of_bilateral_total(
    ctx: ArticleContext, stat: Draft, text: str, mentions: list[EntityMention], amount: Amount
) -> bool:
    """ "Kazakh statistics put the two countries' mutual trade at $X": the named statistics' country reports,
    the other side of the article's pair is the partner. False when that other side is unknown."""
    if not BILATERAL.search(text[: amount.start]):
        return True
    source = data_source(text, mentions, amount.start)
    if source is None or source[0] is None or "-" in source[0]:
        # "between the two countries" is never trade with the world: the pair or nothing.
        if stat.partner not in (None, "WORLD") or stat.blocked:
            return True
        if stat.reporter is None:
            return _sentence_pair(stat, mentions)
        story = bilateral_story_partner(ctx, stat.reporter)
        named = {m.code for m in coded_mentions(mentions) if m.kind == "country" and m.code != stat.reporter}
        if story is None and len(named) == 1:
            code = named.pop()
            story = code, next(name_of(m) for m in mentions if m.code == code)
        elif story is None and not named:
            story = _partner_just_named(ctx, stat)
        if story is None:
            return False
        stat.set_partner(story, "context.story_pair")
        return True
    if source[0] in (stat.reporter, stat.partner) and None not in (stat.reporter, stat.partner):
        other = stat.partner if stat.reporter == source[0] else stat.reporter
        other_name = stat.partner_name if stat.reporter == source[0] else stat.reporter_name
    else:
        others = [c for c in ctx.country_counts if c != source[0] and "-" not in c and c != "WORLD"]
        if len(others) != 1:
            return False  # "the two countries" cannot be resolved: emit nothing
        other, other_name = others[0], ctx.names.get(others[0], others[0])
    stat.set_reporter(source, "sentence.data_source")
    stat.set_partner((other, other_name), "context.pair")
    return True


# "Russia accounts for 91.5% of Kazakhstan's trade with the union, or $25.8 billion": the subject's part.
_SHARE_THEN_VALUE = re.compile(
    r"(?:accounts?|accounted|accounting)\s+for\s+(?:about\s+|around\s+|nearly\s+|over\s+|almost\s+)?"
    r"\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent)\s+of\s+(?P<whole>[^;()]{0,80}?),?\s+"
    r"(?:or|with\s+(?:a\s+)?(?:turnover|trade)\s+of|worth)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|roughly\s+)?$",
    re.IGNORECASE,
)


def share_subject_is_partner(stat: Draft, text: str, mentions: list[EntityMention], amount: Amount) -> bool:
    """The value after "X accounts for N% of <whole>, or" is X's part: X is the partner, the owner of the
    whole ("Kazakhstan's trade") the reporter. False (emit nothing) when the whole's partner is another
    country than X."""
    m = _SHARE_THEN_VALUE.search(text, 0, amount.start)
    if m is None or m.end() != amount.start:
        return True
    subject = next(
        (
            e
            for e in reversed(coded_mentions(mentions))
            if e.end <= m.start() and re.fullmatch(r"\s*(?:alone\s+)?", text[e.end : m.start()])
        ),
        None,
    )
    if subject is None or subject.possessive:
        return True
    if stat.partner not in (None, subject.code) and not can_be_part_of(subject.code, stat.partner):
        return False  # trade with another country (or a group without it): the subject's side cannot be told
    owner = next(
        (
            e
            for e in coded_mentions(mentions)
            if m.start("whole") <= e.start < m.end("whole") and e.possessive
        ),
        None,
    )
    if owner is not None:
        stat.set_reporter(side_of(owner), "explicit.possessive_owner")
    if stat.reporter == subject.code:
        return False
    stat.set_partner(side_of(subject), "sentence.share_subject")
    return True


_EXPLICIT_PAIR = re.compile(r"\bbetween\b|\bwith\b|\bto\b|\bfrom\b|['’]s\b|-", re.IGNORECASE)


def ambiguous_among_many(text: str, mentions: list[EntityMention], prev_end: int, amount: Amount) -> bool:
    """ "Uzbekistan, Kazakhstan and Russia traded goods worth $X": three or more economies as the subject of
    one figure and no word saying which two trade (between, with, to, from, a possessive): emit nothing."""
    start, _ = clause_bounds(text, amount.start)
    start = max(start, prev_end)
    window = text[start : amount.start]
    countries = {
        m.code for m in coded_mentions(mentions) if start <= m.start < amount.start and m.kind == "country"
    }
    return len(countries) >= 3 and not _EXPLICIT_PAIR.search(window)


def respective_partner_of(
    text: str, mentions: list[EntityMention], amounts: list[Amount], i: int
) -> EntityMention | None:
    """ "trade with Kazakhstan and Uzbekistan reached $X and $Y, respectively": partners in order."""
    if not re.search(r"\brespectively\b", text) or not amounts:
        return None
    first = amounts[0].start
    # "the EU (European Union), ASEAN (the Association of Southeast Asian Nations) and the US": a bracketed
    # expansion is the name before it, not another item.
    brackets = [b.span() for b in re.finditer(r"\([^()]*\)", text[:first])]
    names = [
        m
        for m in coded_mentions(mentions)
        if m.end <= first and not any(lo < m.start < hi for lo, hi in brackets)
    ]
    run: list[EntityMention] = []
    for m in names:
        if run and re.fullmatch(
            r"\s*(?:\([^()]*\)\s*)?(?:,|,?\s+and|,?\s+as\s+well\s+as)\s+(?:the\s+)?",
            text[run[-1].end : m.start],
        ):
            run.append(m)
        else:
            run = [m]
    if (
        len(run) < 2
        or len(run) != len(amounts)
        or not (
            re.search(r"\b(?:with|to|from)\s+(?:the\s+)?$", text[: run[0].start])
            or RANKED_LIST.search(text, 0, first)  # "Russia, China and Kazakhstan were the top partners"
        )
    ):
        return None
    return run[i]


def respective_subjects(
    text: str, mentions: list[EntityMention], amounts: list[Amount], i: int
) -> tuple[EntityMention, EntityMention] | None:
    """ "Uzbekistan and Turkmenistan posted $16.2 billion and $10 billion of trade with China respectively":
    (reporter, partner) of amount `i`: the subjects in order, the one partner named after the amounts."""
    marker = re.search(r"\brespectively\b", text)
    if marker is None or i >= len(amounts):
        return None
    listed = [a for a in amounts if a.end <= marker.start()]
    names = coded_mentions(mentions)
    run = _subject_run(text, [m for m in names if listed and m.end <= listed[0].start])
    if len(run) < 2 or len(run) != len(listed) or i >= len(listed):
        return None
    if re.search(r"\b(?:with|to|from|and)\s+(?:the\s+)?$", text[: run[0].start]):
        return None  # "trade with A and B ...": partners, `respective_partner_of` reads them
    after = [m for m in names if listed[-1].end <= m.start < marker.start()]
    if len(after) != 1 or not re.search(
        r"\b(?:with|to|from)\s+(?:the\s+)?$", text[listed[-1].end : after[0].start]
    ):
        return None
    return run[i], after[0]


def _subject_run(text: str, names: list[EntityMention]) -> list[EntityMention]:
    """The last run of names joined by commas and "and" (the list right before the amounts)."""
    run: list[EntityMention] = []
    for m in names:
        if run and re.fullmatch(r"\s*(?:,|,?\s+and)\s+(?:the\s+)?", text[run[-1].end : m.start]):
            run.append(m)
        else:
            run = [m]
    return run if all(m.kind == "country" for m in run) else []


def balance_in_favour_of(stat: Draft, text: str, mentions: list[EntityMention], amount: Amount) -> None:
    """ "a balance of $5 billion in China's favour" / "in favour of China": positive for the reporter when the
    balance favours it, negative when it favours the partner."""
    for m in coded_mentions(mentions):
        if m.start < amount.end or m.start > amount.end + FAVOUR_WINDOW:
            continue
        gap = text[amount.end : m.start]
        favoured = re.fullmatch(r"\s+in\s+(?:the\s+)?favou?r\s+of\s+(?:the\s+)?", gap, re.IGNORECASE) or (
            m.possessive and re.fullmatch(r"\s+in\s+", gap) and re.match(r"\s*favou?r\b", text[m.end :])
        )
        if not favoured or m.code not in (stat.reporter, stat.partner):
            continue
        sign = 1 if m.code == stat.reporter else -1
        stat.value = sign * abs(stat.value)
        if stat.value_usd is not None:
            stat.value_usd = sign * abs(stat.value_usd)
        return
