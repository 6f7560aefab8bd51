"""Actors: reporter and partner of a figure, from the sentence, then the article context."""

from __future__ import annotations

import re

from transform.amounts import Amount
from transform.context import (
    ArticleContext,
    bilateral_story_partner,
    context_pair,
    context_region,
    context_reporter,
    data_source,
)
from transform.draft import CLAUSE_BREAK, Draft, coded_mentions, is_country, name_of
from transform.entities import EntityMention
from transform.patterns import (
    is_world_trade,
)
from transform.rankings import FOLLOWED_BY
from transform.roles import Roles, possessive_owner, roles_in
from transform.sides import BILATERAL

_ANAPHOR_REGION = re.compile(
    r"\b(?:the|this)\s+(?:autonomous\s+)?(?:region|province|municipality)['’]s\b"
    r"|\b(?:foreign\s+trade|trade|exports|imports)\s+of\s+the\s+(?:region|province|municipality)\b",
    re.IGNORECASE,
)


_ANAPHOR_COUNTRY = re.compile(
    r"\b(?:the|this)\s+(?:country|republic|nation)['’]s\b|\bthe\s+country\b", re.IGNORECASE
)


_THESE_PARTNERS = re.compile(
    r"\b(?:these|those|that|this)\s+(?:countries|country|partners|nations|markets)\b", re.IGNORECASE
)


_PARTNER_ANAPHOR = re.compile(
    r"\s*\b(?:with|to|from|into)\s+(?P<what>the\s+(?:region|country|republic)|its\s+(?:\w+\s+)?neighbou?r)\b"
    r"(?!['’]s|\s+of\b)",
    re.IGNORECASE,
)


def _resolve_partner_anaphor(
    ctx: ArticleContext, stats: list[Draft], reporter: str | None, what: str
) -> tuple[str, str] | None:
    """ "with the region", "to the country", "with its southern neighbour": the partner named before.

    "the region" is the group last named (Central Asia); a country is the other side of the last figure
    that involves the reporter, else the data owner. None when that is not clear (no statistic then).
    """
    if reporter is None:
        return None
    if what.lower().endswith("region"):
        group = ctx.last_group
        return group if group is not None and group[0] != reporter else None
    for previous in reversed(stats + ctx.stats):
        sides = {previous.reporter: previous.reporter_name, previous.partner: previous.partner_name}
        if reporter in sides:
            other = [(c, n) for c, n in sides.items() if c not in (reporter, None, "WORLD")]
            if other and other[0][0] in ctx.country_counts:
                return other[0][0], other[0][1] or other[0][0]
            break
    home_first = what.lower().endswith("republic")  # "the republic": the country whose statistics these are
    if home_first and ctx.home is not None and ctx.home[0] not in (None, reporter) and is_country(ctx.home[0]):
        return ctx.home[0], ctx.home[1] or ctx.home[0]
    if ctx.named_partner is not None and ctx.named_partner[0] != reporter:
        return ctx.named_partner
    if ctx.home is not None and ctx.home[0] not in (None, reporter) and "-" not in ctx.home[0]:
        return ctx.home[0], ctx.home[1] or ctx.home[0]
    return None


_WORLD_AFTER = re.compile(
    r"^\s*(?:overall|worldwide|globally|with\s+(?:the\s+)?(?:rest\s+of\s+the\s+)?world"
    r"|with\s+all\s+(?:its\s+|their\s+)?(?:trading\s+)?(?:partners|countries))\b",
    re.IGNORECASE,
)


# "In neighbouring Gansu Province, ...", "In Kyrgyzstan, ...": the sentence's scene, whose trade it then states.
_LOCATIVE_OPENING = re.compile(
    r"^\W*(?:Meanwhile,\s+|Elsewhere,\s+)?In\s+(?:the\s+)?(?:(?:neighbou?ring|nearby|adjacent|adjoining|"
    r"(?:north|south|east|west)(?:ern|-?western|-?eastern)?|central)\s+)?"
)


_LOCATIVE_CLOSE = re.compile(
    r"^\s*(?:(?:Uy[gh]ur|Hui|Zhuang)\s+)?(?:Autonomous\s+)?(?:Province|Region|province|region)?\s*,\s"
)


# "Türkiye, for its part, reported exports to ...", "the imports and exports of Shaanxi Province were ...".
_REPORTING_VERB_AFTER = re.compile(
    r"^(?:\s*,[^,]{1,30},)?\s+(?:also\s+)?(?:reported|recorded|registered|posted|logged|saw|declared)\b"
)


_TRADE_OF_BEFORE = re.compile(
    r"\b(?:trade|turnover|imports\s+and\s+exports|exports\s+and\s+imports|exports|imports)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_UNCODED_REGION_SUBJECT = re.compile(
    r"(?:^|\bbut\s+|\band\s+|\bwhile\s+|,\s+)(?:the\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+"
    r"(?P<unit>region|oblast|province|krai|district|governorate|Region|Oblast|Province|Krai)\b(?:\s+alone)?\s+"
    r"(?:reported|recorded|registered|posted|saw|had|logged)\b"
)


def _reporting_subject(
    text: str, mentions: list[EntityMention], lo: int, before: int
) -> EntityMention | None:
    """The economy that is the subject of a reporting verb, or the owner in "trade of X", before the figure."""
    for m in coded_mentions(mentions):
        if (
            m.start < lo
            or m.end >= before
            or m.kind not in ("country", "region")
            or m.possessive
            or m.adjective
            or m.descriptive
        ):
            continue  # "imports of Russian crude oil" is a product's origin, not whose trade it is
        if _REPORTING_VERB_AFTER.match(text[m.end : before]) and re.fullmatch(
            r"\W*(?:(?:In|During|For|Over|By)\b[^,;]{0,30},\s+)?(?:the\s+)?", text[lo : m.start]
        ):
            return m
        if _TRADE_OF_BEFORE.search(text[lo : m.start]):
            return m
    return None


def _locative_frame(text: str, mentions: list[EntityMention], before: int) -> EntityMention | None:
    """The country or Chinese region a sentence opens on ("In neighbouring Gansu Province, ..."), if the
    figure follows that opening; never a group ("In Central Asia, ..." is a scope, not an economy)."""
    opening = _LOCATIVE_OPENING.match(text)
    if opening is None:
        return None
    m = next((m for m in coded_mentions(mentions) if m.start == opening.end()), None)
    if m is None or m.kind not in ("country", "region") or m.end >= before:
        return None
    return m if _LOCATIVE_CLOSE.match(text[m.end : before]) else None


# "China's share reached 45.3% at $6.1 billion", "the EU's share was 21%, or $8 billion" (inside a sentence).
_SHARE_CLAUSE = re.compile(
    r"(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})['’]s?\s+share\s+(?:\w+\s+)?"
    r"(?:was|stood\s+at|amounted\s+to|reached|came\s+to|made\s+up|rose\s+to|grew\s+to|fell\s+to)\s+"
    r"(?:about\s+|around\s+|nearly\s+|over\s+)?\d+(?:[.,]\d+)?\s*(?:%|percent|per\s+cent),?\s+"
    r"(?:or|at|worth|amounting\s+to|equal\s+to)\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$"
)


def _share_clause_partner(
    text: str, mentions: list[EntityMention], lo: int, amount_start: int
) -> EntityMention | None:
    """The economy whose share of the reporter's trade the amount right after the clause is."""
    m = _SHARE_CLAUSE.search(text, lo, amount_start)
    if m is None or m.end() != amount_start:
        return None
    named = [e for e in coded_mentions(mentions) if m.start("name") <= e.start < m.end("name")]
    if len(named) != 1 or named[0].kind not in ("country", "group"):
        return None
    return named[0]


_ELIDED_NOUN_VERB = re.compile(
    r"^\s+(?:\w+ly\s+)?(?:reached|was|stood|came|totall?ed|amounted|rose|grew|jumped|fell|dropped|increased"
    r"|decreased|hit|climbed|declined|expanded)\b"
)


def _elided_possessive(text: str, mentions: list[EntityMention], lo: int, before: int) -> EntityMention | None:
    """ "..., while Chongqing's reached 70.2 billion yuan": a possessive whose noun is the one just used."""
    for m in coded_mentions(mentions):
        if (
            lo <= m.start
            and m.end < before
            and m.possessive
            and m.kind in ("country", "region")
            and _ELIDED_NOUN_VERB.match(text[m.end : before])
            and re.search(r"(?:\b(?:while|whereas|and|but)|[,;])\s+(?:the\s+)?$", text[: m.start])
        ):
            return m
    return None


_OF_THIS_OPENING = re.compile(
    r"^\W*(?:Of\s+(?:this|that|these|which|it|the\s+total|this\s+(?:amount|sum|figure|total))|Within\s+(?:this|that)"
    r"|Including)\s*,?\s+",
    re.IGNORECASE,
)


def _whole_of_part(
    ctx: ArticleContext, stat: Draft, text: str, mentions: list[EntityMention], amount: Amount
) -> Draft | None:
    """ "Of this, exports were $X" right after an aggregate figure of the sentence before: its part, whose
    reporter and partner are the whole's. None when a name before the amount says otherwise."""
    opening = _OF_THIS_OPENING.match(text)
    if opening is None or not ctx.stats or stat.flow not in ("export", "import", "balance"):
        return None
    if any(m.start < amount.start for m in coded_mentions(mentions)):
        return None
    last = ctx.stats[-1]
    if (
        last.role != "level"
        or last.commodity is not None
        or last.reporter is None
        or last.partner is None
        or last.flow != "total"
        or last.sentence.index != stat.sentence.index - 1
    ):
        return None
    return last


_PART_OF_WHOLE = re.compile(r"(?:\bof\s+which|\bof\s+this|\bof\s+that|\bincluding)\b", re.IGNORECASE)


def assign_actors(
    ctx: ArticleContext,
    stat: Draft,
    text: str,
    mentions: list[EntityMention],
    prev_end: int,
    amount: Amount,
    amounts: list[Amount],
    i: int,
    inherited_from: Draft | None,
    stats: list[Draft],
) -> None:
    """Reporter and partner: explicit roles around the amount, then the sentence, then the article context."""
    flow = stat.flow
    breaks = list(CLAUSE_BREAK.finditer(text, prev_end, amount.start)) if prev_end > 0 else []
    if breaks:
        prev_end = breaks[-1].end()  # names before the clause break belong to the figure before
    if prev_end > 0 and inherited_from is not None:
        followed = list(FOLLOWED_BY.finditer(text, prev_end, amount.start))
        if followed:
            prev_end = followed[-1].end()  # "... with China, followed by Kyrgyzstan at $X": names after it
    roles = roles_in(text, prev_end, amount.start, mentions, flow)
    elided = _elided_possessive(text, mentions, prev_end, amount.start) if stats else None
    if elided is not None and elided.code != stats[-1].reporter and stats[-1].partner != elided.code:
        # "Sichuan's foreign trade came to X, while Chongqing's reached Y": Chongqing's foreign trade.
        stat.reporter, stat.reporter_name = elided.code, name_of(elided)
        stat.partner, stat.partner_name = stats[-1].partner, stats[-1].partner_name
        stat.flow = stats[-1].flow
        return
    whole = _whole_of_part(ctx, stat, text, mentions, amount) if not stats else None
    if whole is not None:  # "Of this, exports were 143.8 billion yuan": the whole's reporter and partner
        stat.reporter, stat.reporter_name = whole.reporter, whole.reporter_name
        stat.partner, stat.partner_name = whole.partner, whole.partner_name
        return
    tail_from = amount.end
    if stat.value_usd is not None and stat.amount.currency != "USD" and i + 1 < len(amounts):
        tail_from = amounts[i + 1].end
        close = text.find(")", tail_from, tail_from + 3)
        if close != -1:
            tail_from = close + 1
    nxt_start = next((a.start for a in amounts if a.start >= tail_from), len(text))
    tail_break = CLAUSE_BREAK.search(text, tail_from)
    tail_end = min(nxt_start, tail_from + 70, tail_break.start() if tail_break else len(text))
    tail_roles = roles_in(text, tail_from, tail_end, mentions, flow)  # never past "..., while B's exports"
    tail_text = text[tail_from:]
    head_flow = stats[-1].flow if stats else flow
    head_roles = roles_in(text, 0, prev_end, mentions, head_flow) if prev_end > 0 else Roles()
    reporter = roles.reporter
    partner = roles.partner
    if (
        partner is None
        and tail_roles.partner is not None
        and re.match(
            r"^\s*(?:in\s+(?:\w+\s+)?(?:trade|turnover)\s+|worth\s+of\s+goods\s+|of\s+goods\s+|worth\s+|goods\s+"
            r"|(?:was|were)\s+(?:conducted\s+)?)?(?:with|from|to)\s",
            tail_text,
            re.IGNORECASE,
        )
    ):
        partner = tail_roles.partner
        stat.tail_end = partner.end
    pair = roles.pair
    owner = possessive_owner(text, mentions, amount.start)
    share_partner = _share_clause_partner(text, mentions, prev_end, amount.start)
    if share_partner is not None:
        # "..., while China's share reached 45.3% at $6.1 billion": China's part of the reporter's trade.
        partner = share_partner
        owner = None if owner is not None and owner.code == share_partner.code else owner
        reporter = None if reporter is not None and reporter.code == share_partner.code else reporter
    if owner is not None and reporter is None:
        reporter = owner
    if roles.blocker is not None and reporter is None:
        stat.blocked = True
        stat.reporter_name = name_of(roles.blocker)
    window = text[prev_end : amount.start]
    world = is_world_trade(window if i > 0 else text[: amount.start]) or bool(_WORLD_AFTER.match(text[amount.end :]))
    # Explicit pair ("between A and B", "A-B trade").
    if pair is not None:
        a, b = pair
        if reporter is None or reporter.code == a.code:
            reporter, partner = a, b
        elif reporter.code == b.code:
            partner = a
    # Loose names: a list ("China (27.2 percent or $1.1 billion)", "Kazakhstan is China's ... partner").
    loose = [m for m in roles.loose if m.code is not None and (reporter is None or m.code != reporter.code)]
    partner_anaphor = _PARTNER_ANAPHOR.search(text[prev_end : amount.start]) or _PARTNER_ANAPHOR.match(
        re.sub(r"^\s*(?:in\s+(?:\w+\s+)?(?:trade|turnover)\s+)?", " ", tail_text[:60])
    )
    if (
        partner is None
        and partner_anaphor is not None
        and not partner_anaphor.group("what").lower().endswith("region")
        and len(loose) == 1
        and loose[0].kind == "country"
        and re.match(
            r"\s+(?:\w+\s+)?(?:had|has|ran|runs|posted|recorded|registered|enjoyed)\b", text[loose[0].end :]
        )
    ):
        # "Thus Kazakhstan had a surplus of $X with the republic": the one name is the subject.
        reporter = reporter or loose[0]
        loose = []
    if partner is None and loose and not world:
        candidate = loose[-1] if reporter is not None or owner is not None else loose[-1]
        if reporter is None and len(loose) >= 2 and flow != "total":
            reporter = loose[0]
            candidate = loose[-1]
        partner = candidate
    if stat.role == "base" and reporter is None and roles.partner is None and roles.pair is None:
        source = stats[-1] if stats else inherited_from or (ctx.stats[-1] if ctx.stats else None)
        if source is not None:
            copy_actors(stat, source)
            return
    if inherited_from is not None and reporter is None and partner is None:
        # List item or continuation: same reporter as the figure before; the named entity is the partner.
        named = [m for m in coded_mentions(mentions) if m.start < amount.start and m.start >= prev_end]
        stat.reporter, stat.reporter_name = inherited_from.reporter, inherited_from.reporter_name
        stat.blocked = inherited_from.blocked
        if named:
            stat.partner, stat.partner_name = named[-1].code, name_of(named[-1])
        elif roles.blocker is not None:
            stat.blocked = True
            stat.reporter, stat.reporter_name = None, name_of(roles.blocker)
            stat.partner, stat.partner_name = "WORLD", "world"
        else:
            stat.partner, stat.partner_name = inherited_from.partner, inherited_from.partner_name
        return
    if reporter is None and head_roles.reporter is not None and not stat.blocked:
        reporter = head_roles.reporter
    if reporter is None and not stat.blocked and not stats:
        framed = _locative_frame(text, mentions, amount.start)
        subject = _reporting_subject(text, mentions, prev_end, amount.start) if framed is None else None
        if framed is not None and (partner is None or partner.code != framed.code):
            reporter = framed  # "In neighbouring Gansu Province, foreign trade stood at ...": Gansu's trade
        elif subject is not None:
            reporter = subject  # "Türkiye reported exports to ...", "imports and exports of Gansu Province"
            if partner is not None and partner.code == subject.code:
                partner = None
            roles.loose[:] = [m for m in roles.loose if m.code != subject.code]
        else:
            uncoded = _UNCODED_REGION_SUBJECT.search(text, prev_end, amount.start)
            if uncoded is not None and not any(
                uncoded.start("name") <= m.start < uncoded.end("name") for m in coded_mentions(mentions)
            ):
                # "the Astrakhan region alone reported turnover with ...": a region without a code owns it.
                stat.blocked = True
                stat.reporter_name = uncoded.group("name") + " " + uncoded.group("unit")
    # Reporter.
    anaphor = bool(_ANAPHOR_COUNTRY.search(_PARTNER_ANAPHOR.sub(" ", text[: amount.start])))
    if reporter is not None:
        stat.reporter, stat.reporter_name = reporter.code, name_of(reporter)
    elif stat.blocked:
        stat.reporter = None
    elif _ANAPHOR_REGION.search(text[prev_end : amount.start]) and context_region(ctx) is not None:
        stat.reporter, stat.reporter_name = context_region(ctx)
    elif _ANAPHOR_REGION.search(text[prev_end : amount.start]) and ctx.last_group is not None:
        stat.reporter, stat.reporter_name = ctx.last_group  # "the region's exports" after "Central Asia"
    elif stats and stats[-1].role == "level" and not anaphor:
        stat.reporter, stat.reporter_name = stats[-1].reporter, stats[-1].reporter_name
        stat.blocked = stats[-1].blocked
    elif flow in ("export", "import") and ctx.home is not None and ctx.home[0] is not None and not anaphor:
        stat.reporter, stat.reporter_name = ctx.home
    else:
        code, name, _ = context_reporter(ctx, anaphor)
        stat.explicit_owner = anaphor and ctx.home is not None and ctx.home[0] == code
        if partner is not None and code == partner.code:
            # "Kazakhstan accounted for ..." in an article whose last figure was Kazakhstan's: the
            # reporter is the other side.
            code, name = ctx.home if ctx.home and ctx.home[0] != code else (None, None)
        stat.reporter, stat.reporter_name = code, name
    # Partner.
    if (
        partner is None
        and not world
        and partner_anaphor is None
        and stats
        and stats[-1].partner is not None
        and stats[-1].reporter == stat.reporter
        and _PART_OF_WHOLE.search(text[prev_end : amount.start])
    ):
        # "... turnover stood at $38.9 billion, of which exports accounted for $21.2 billion": the part's
        # partner is the whole's, however many partners the article named before.
        stat.partner, stat.partner_name = stats[-1].partner, stats[-1].partner_name
        return
    if partner is None and partner_anaphor is not None:
        resolved = _resolve_partner_anaphor(ctx, stats, stat.reporter, partner_anaphor.group("what"))
        stat.partner, stat.partner_name = resolved if resolved is not None else (None, None)
        if resolved is not None and stat.reporter is not None:
            _mirror(ctx, stat, data_source(text, mentions, amount.start))
        return
    if partner is not None:
        stat.partner, stat.partner_name = partner.code, name_of(partner)
    elif world:
        stat.partner, stat.partner_name = "WORLD", "world"
    elif BILATERAL.search(window if i > 0 else text[: amount.start]) or (head_roles.pair is not None):
        if head_roles.pair is not None:
            a, b = head_roles.pair
            stat.reporter, stat.reporter_name = a.code, name_of(a)
            stat.partner, stat.partner_name = b.code, name_of(b)
        else:
            other = context_pair(ctx, stat.reporter)
            if stat.reporter is None and other is not None:
                code, name, _ = context_reporter(ctx, True)
                if code is None:
                    code, name = other, ctx.names.get(other, other)
                stat.reporter, stat.reporter_name = code, name
                other = context_pair(ctx, stat.reporter)
            stat.partner, stat.partner_name = other, ctx.names.get(other or "", other)
    elif _THESE_PARTNERS.search(window if i > 0 else text[: amount.start]) and (stats or ctx.stats):
        source = stats[-1] if stats else ctx.stats[-1]
        stat.partner, stat.partner_name = source.partner, source.partner_name
    elif stats and stats[-1].partner not in (None, "WORLD") and stats[-1].reporter in (stat.reporter,):
        stat.partner, stat.partner_name = stats[-1].partner, stats[-1].partner_name
    elif head_roles.partner is not None:
        stat.partner, stat.partner_name = head_roles.partner.code, name_of(head_roles.partner)
    else:
        last = ctx.stats[-1] if ctx.stats else None
        if (
            (
                last is not None
                and last.sentence.paragraph == stat.sentence.paragraph
                and last.partner not in (None, "WORLD")
                and last.reporter == stat.reporter
            )
            or (
                last is not None
                and last.sentence.index == stat.sentence.index - 1
                and last.sentence.paragraph == stat.sentence.paragraph
                and last.partner not in (None, "WORLD")
                and stat.reporter in (last.reporter, last.partner)
                and stat.flow != "total"
            )
            or (
                # A product-level figure in a purely bilateral story ("Agricultural trade turnover came to ...").
                last is not None
                and stat.commodity is not None
                and last.partner not in (None, "WORLD")
                and stat.reporter in (last.reporter, last.partner)
                and len({frozenset((s.reporter, s.partner)) for s in ctx.stats}) == 1
            )
        ):
            stat.partner, stat.partner_name = last.partner, last.partner_name
            if stat.reporter == last.partner:
                stat.partner, stat.partner_name = last.reporter, last.reporter_name
        elif (story := bilateral_story_partner(ctx, stat.reporter)) is not None:
            stat.partner, stat.partner_name = story
        elif ctx.story_pair is not None and not any(s.partner == "WORLD" for s in ctx.stats):
            # A bilateral story whose pair this figure's reporter is not part of: no guess at the world.
            stat.partner, stat.partner_name = None, None
        else:
            stat.partner, stat.partner_name = "WORLD", "world"
    if stat.reporter is not None and stat.reporter == stat.partner:
        # "the country's trade with X" where the context was X: take the data owner instead.
        if ctx.home and ctx.home[0] not in (None, stat.partner):
            stat.reporter, stat.reporter_name = ctx.home
        else:
            stat.partner, stat.partner_name = None, None
    _mirror(ctx, stat, data_source(text, mentions, amount.start) or data_source(text, mentions))


def copy_actors(stat: Draft, source: Draft) -> None:
    stat.reporter, stat.reporter_name = source.reporter, source.reporter_name
    stat.partner, stat.partner_name = source.partner, source.partner_name
    stat.blocked = source.blocked
    if stat.flow != source.flow and not re.search(
        r"surplus|deficit|balance", stat.sentence.text, re.IGNORECASE
    ):
        stat.flow = source.flow
    if stat.commodity is None:
        stat.commodity = source.commodity


def _mirror(ctx: ArticleContext, stat: Draft, source: tuple[str, str] | None) -> None:
    """Mirror wording: "Kazakh exports to Uzbekistan" in an article reporting Uzbek data is an Uzbek import.

    The data owner is the statistics office the sentence cites, else the reporter of the article's
    earlier explicit exports or imports.
    """
    if stat.flow == "total" or stat.reporter is None or stat.partner in (None, "WORLD"):
        return
    owner = source[0] if source is not None else ctx.directional_reporter
    if owner is None and ctx.home is not None:
        owner = ctx.home[0]  # the article attributes its figures to this economy's statistics
    if stat.explicit_owner:
        return  # "the country's exports" after naming Kazakhstan's statistics office: its own data
    if owner is not None and owner == stat.partner and owner != stat.reporter:
        stat.reporter, stat.partner = stat.partner, stat.reporter
        stat.reporter_name, stat.partner_name = stat.partner_name, stat.reporter_name
        if stat.flow == "balance":
            # Russia's surplus with China is, in China's data, China's deficit with Russia.
            stat.value = -stat.value
            if stat.value_usd is not None:
                stat.value_usd = -stat.value_usd
        else:
            stat.flow = "import" if stat.flow == "export" else "export"
