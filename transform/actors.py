"""Actors: reporter and partner of a figure, from the sentence, then the article context.

The stage after the flow (`place_actors`). Explicit roles around the amount come first ("trade between
A and B", "exports to B", "A's imports"), then the sentence (its subject, a locative opening, the
figure before), then the article context (the data owner, the topic, the story's pair). Mirror wording
("Kazakh exports to Uzbekistan" in Uzbek data) is turned to the data owner's side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from transform.amounts import Amount
from transform.context import (
    ITEM_LINE,
    ArticleContext,
    bilateral_story_partner,
    context_pair,
    context_region,
    context_reporter_evidence,
    data_source,
)
from transform.draft import (
    CLAUSE_BREAK,
    FRONTED_AMOUNT,
    FRONTED_CLAUSE,
    Draft,
    Drop,
    Flow,
    SentenceReading,
    coded_mentions,
    is_country,
    name_of,
    side_of,
)
from transform.entities import EntityMention
from transform.flow import FlowDecision
from transform.guards import AmountView
from transform.patterns import is_world_trade, last_flow_cue
from transform.products import product_phrase
from transform.rankings import FOLLOWED_BY, partner_list
from transform.roles import Roles, possessive_owner, roles_in
from transform.sides import (
    AMBIGUOUS_SUBJECT,
    BILATERAL,
    BILATERAL_UNRESOLVED,
    SHARE_SUBJECT_CONFLICT,
    ambiguous_among_many,
    balance_in_favour_of,
    keep_data_owner_in_ranking,
    owner_of_bilateral_total,
    respective_partner_of,
    respective_subjects,
    share_subject_is_partner,
)
from transform.subjects import (
    UNCODED_REGION_SUBJECT,
    elided_possessive,
    flow_of_adjective_after,
    goods_owner,
    goods_route,
    locative_frame,
    part_subject,
    partner_goods_flow,
    ranked_subject,
    relative_partner,
    reporting_subject,
    share_clause_partner,
    whole_in_sentence,
    whole_of_part,
)

_ANAPHOR_REGION = re.compile(
    r"\b(?:the|this)\s+(?:autonomous\s+)?(?:region|province|municipality)['’]s\b"
    r"|\b(?:foreign\s+trade|trade|exports|imports|shipments)\s+(?:of|from)\s+the\s+(?:autonomous\s+)?"
    r"(?:region|province|municipality)\b"
    r"|^\W*(?:\w+\s+){0,6}?the\s+(?:remote\s+|autonomous\s+|border\s+)?(?:region|province)\s+"
    r"(?:exported|imported|shipped|sold|bought|traded)\b",
    re.IGNORECASE,
)


_ANAPHOR_COUNTRY = re.compile(
    r"\b(?:the|this)\s+(?:country|republic|nation)['’]s\b|\bthe\s+country\b"
    r"|\binto\s+the\s+(?:republic|nation)\b",  # "imports of goods into the republic": its own imports
    re.IGNORECASE,
)


_THESE_PARTNERS = re.compile(
    r"\b(?:these|those|that|this)\s+(?:countries|country|partners|nations|markets)\b", re.IGNORECASE
)


_PARTNER_ANAPHOR = re.compile(
    r"\s*\b(?:with|to|from)\s+(?P<what>the\s+(?:region|country|republic|neighbou?r(?:ing\s+country)?)"
    r"|that\s+(?:country|nation)"
    r"|its\s+(?:\w+\s+)?neighbou?r)\b"
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
    if (
        home_first
        and ctx.home is not None
        and ctx.home[0] not in (None, reporter)
        and is_country(ctx.home[0])
    ):
        return ctx.home[0], ctx.home[1] or ctx.home[0]
    if ctx.named_partner is not None and ctx.named_partner[0] != reporter:
        return ctx.named_partner
    if ctx.story_pair is not None and reporter in (ctx.story_pair[0][0], ctx.story_pair[1][0]):
        # "Tajik exports to the neighbour" in a story about Tajikistan and Uzbekistan: the other side
        return ctx.story_pair[1] if ctx.story_pair[0][0] == reporter else ctx.story_pair[0]
    if ctx.home is not None and ctx.home[0] not in (None, reporter) and "-" not in ctx.home[0]:
        return ctx.home[0], ctx.home[1] or ctx.home[0]
    return None


_WORLD_AFTER = re.compile(
    r"^\s*(?:overall|worldwide|globally|with\s+(?:the\s+)?(?:rest\s+of\s+the\s+)?world"
    r"|with\s+all\s+(?:its\s+|their\s+)?(?:trading\s+)?(?:partners|countries))\b",
    re.IGNORECASE,
)


# "$4.8 billion in two-way turnover": the trade word after the amount says the figure is bilateral.
_BILATERAL_AFTER = re.compile(r"^\s*(?:in|of|worth\s+of)\s+(?:bilateral|two-way|mutual)\b", re.IGNORECASE)


_PART_OF_WHOLE = re.compile(r"(?:\bof\s+which|\bof\s+this|\bof\s+that|\bincluding)\b", re.IGNORECASE)


# A partner named right after the amount ("$3.4 billion with Russia") counts when introduced like this.
_TAIL_PARTNER = re.compile(
    r"^['’]?\s*(?:in\s+(?:\w+\s+)?(?:trade|turnover|exports|imports)\s+|worth\s+of\s+goods\s+|of\s+goods\s+|worth\s+"
    r"|of\s+(?:two-way\s+|bilateral\s+|foreign\s+)?trade\s+"  # "did 96.38 billion yuan of trade with X"
    r"|goods\s+|(?:was|were)\s+(?:conducted\s+|shipped\s+|exported\s+|sent\s+|supplied\s+|imported\s+)?"
    r"(?:by\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+)?)?"  # "were exported by Uzbekistan to X"
    r"(?:with|from|to)\s",
    re.IGNORECASE,
)
# How far after the amount (or its USD conversion) a partner may be named, and a partner anaphor looked for.
TAIL_WINDOW = 70
TAIL_ANAPHOR_WINDOW = 60


@dataclass(frozen=True)
class _Scope:
    """What the actor rules read around one amount; fixed while they run."""

    ctx: ArticleContext
    text: str
    mentions: list[EntityMention]
    lo: int  # where the names of this figure start (after the figure before, a clause break, "followed by")
    amount: Amount
    i: int
    flow: Flow  # the flow the flow stage decided
    stats: list[Draft]  # the sentence's statistics before this one
    roles: Roles  # roles between `lo` and the amount
    head_roles: Roles  # roles before `lo` (the sentence's head)
    tail_roles: Roles  # roles right after the amount
    tail_text: str
    window: str  # text[lo:amount.start]
    world: bool  # "foreign trade", "with the rest of the world": the partner is the world

    @property
    def lead(self) -> str:
        """The words before the amount that decide a bilateral or "these partners" figure."""
        return self.window if self.i > 0 else self.text[: self.amount.start]


@dataclass
class _Found:
    """The sides found so far in the sentence (working state of `assign_actors`)."""

    reporter: EntityMention | None
    partner: EntityMention | None
    reporter_via: str = "explicit.role"  # `transform.evidence` ids of how each was found
    partner_via: str = "explicit.role"
    loose: list[EntityMention] = field(default_factory=list)
    partner_anaphor: re.Match[str] | None = None


def assign_actors(
    ctx: ArticleContext,
    stat: Draft,
    text: str,
    mentions: list[EntityMention],
    prev_end: int,
    amount: Amount,
    amounts: Sequence[Amount],
    i: int,
    inherited_from: Draft | None,
    stats: list[Draft],
) -> None:
    """Reporter and partner: explicit roles around the amount, then the sentence, then the article context."""
    lo = _own_names_start(text, prev_end, amount, inherited_from)
    roles = roles_in(text, lo, amount.start, mentions, stat.flow)
    if _elided_continuation(stat, text, mentions, lo, amount, stats):
        return
    if _part_of_whole(ctx, stat, text, mentions, amount, stats):
        return
    scope = _scope(ctx, stat, text, mentions, lo, amount, amounts, i, stats, roles)
    found = _explicit_sides(scope, stat)
    if _continued_sides(scope, stat, found, inherited_from):
        return
    _sentence_subject(scope, stat, found)
    _set_reporter(scope, stat, found)
    if _partner_of_part_or_anaphor(scope, stat, found):
        return
    _set_partner(scope, stat, found)
    if stat.reporter is not None and stat.reporter == stat.partner:
        # "the country's trade with X" where the context was X: take the data owner instead.
        if ctx.home and ctx.home[0] not in (None, stat.partner):
            stat.set_reporter(ctx.home, "context.data_owner")
        else:
            stat.set_partner((None, None), None)
    _mirror(ctx, stat, data_source(text, mentions, amount.start) or data_source(text, mentions))


def _own_names_start(text: str, prev_end: int, amount: Amount, inherited_from: Draft | None) -> int:
    """Where the names of this figure start: names before a clause break belong to the figure before; in a
    ranking ("... with China, followed by Kyrgyzstan at $X") the names after "followed by"."""
    breaks = list(CLAUSE_BREAK.finditer(text, prev_end, amount.start)) if prev_end > 0 else []
    if breaks:
        prev_end = breaks[-1].end()
    if prev_end > 0 and inherited_from is not None:
        followed = list(FOLLOWED_BY.finditer(text, prev_end, amount.start))
        if followed:
            prev_end = followed[-1].end()
    return prev_end


def _elided_continuation(
    stat: Draft, text: str, mentions: list[EntityMention], lo: int, amount: Amount, stats: list[Draft]
) -> bool:
    """ "Sichuan's foreign trade came to X, while Chongqing's reached Y": Chongqing's foreign trade."""
    elided = elided_possessive(text, mentions, lo, amount.start) if stats else None
    if elided is None or elided.code == stats[-1].reporter or stats[-1].partner == elided.code:
        return False
    stat.set_reporter(side_of(elided), "sentence.elided")
    stat.set_partner((stats[-1].partner, stats[-1].partner_name), "sentence.figure_before")
    stat.flow = stats[-1].flow
    return True


def _part_of_whole(
    ctx: ArticleContext,
    stat: Draft,
    text: str,
    mentions: list[EntityMention],
    amount: Amount,
    stats: list[Draft],
) -> bool:
    """ "Of this, exports were 143.8 billion yuan": the whole's reporter and partner."""
    whole = whole_of_part(ctx, stat, text, mentions, amount) if not stats else None
    if whole is None:
        whole = whole_in_sentence(stats, text, mentions, stat, amount)
    if whole is None:
        return False
    stat.set_reporter((whole.reporter, whole.reporter_name), "part.of_whole")
    stat.set_partner((whole.partner, whole.partner_name), "part.of_whole")
    stat.flow = partner_goods_flow(text, mentions, whole, amount) or stat.flow
    return True


def _scope(
    ctx: ArticleContext,
    stat: Draft,
    text: str,
    mentions: list[EntityMention],
    lo: int,
    amount: Amount,
    amounts: Sequence[Amount],
    i: int,
    stats: list[Draft],
    roles: Roles,
) -> _Scope:
    flow = stat.flow
    tail_from = amount.end
    if stat.value_usd is not None and stat.amount.currency != "USD" and i + 1 < len(amounts):
        tail_from = amounts[i + 1].end  # past the USD conversion, and its closing bracket
        close = text.find(")", tail_from, tail_from + 3)
        if close != -1:
            tail_from = close + 1
    nxt_start = next((a.start for a in amounts if a.start >= tail_from), len(text))
    tail_break = CLAUSE_BREAK.search(text, tail_from)
    tail_end = min(nxt_start, tail_from + TAIL_WINDOW, tail_break.start() if tail_break else len(text))
    tail_roles = roles_in(text, tail_from, tail_end, mentions, flow)  # never past "..., while B's exports"
    head_flow = stats[-1].flow if stats else flow
    head_roles = roles_in(text, 0, lo, mentions, head_flow) if lo > 0 else Roles()
    window = text[lo : amount.start]
    world = is_world_trade(window if i > 0 else text[: amount.start]) or bool(
        _WORLD_AFTER.match(text[amount.end :])
    )
    return _Scope(
        ctx,
        text,
        mentions,
        lo,
        amount,
        i,
        flow,
        stats,
        roles,
        head_roles,
        tail_roles,
        text[tail_from:],
        window,
        world,
    )


def _explicit_sides(scope: _Scope, stat: Draft) -> _Found:
    """The sides the words around the amount name: roles, a partner right after it, a possessive owner
    ("China's largest partner"), a share clause, an explicit pair ("between A and B", "A-B trade")."""
    roles, text, amount = scope.roles, scope.text, scope.amount
    found = _Found(roles.reporter, roles.partner)
    tail = scope.tail_roles.partner if _TAIL_PARTNER.match(scope.tail_text) else None
    if found.partner is None and tail is not None:
        found.partner, found.partner_via = tail, "explicit.after_amount"
        stat.tail_end = tail.end
    elif tail is not None and found.partner is not None and found.partner.code == tail.code:
        # "traded most with Türkiye, Russia and China: 2 billion dollars with Türkiye, 1.71 billion dollars
        # with Russia": the partner after the amount is the next amount's boundary either way
        stat.tail_end = tail.end
    owner = possessive_owner(text, scope.mentions, amount.start)
    share_partner = share_clause_partner(text, scope.mentions, scope.lo, amount.start)
    if share_partner is not None:
        # "..., while China's share reached 45.3% at $6.1 billion": China's part of the reporter's trade.
        found.partner, found.partner_via = share_partner, "sentence.share_clause"
        owner = None if owner is not None and owner.code == share_partner.code else owner
        if found.reporter is not None and found.reporter.code == share_partner.code:
            found.reporter = None
    if owner is not None and found.reporter is None:
        found.reporter, found.reporter_via = owner, "explicit.possessive_owner"
    route = goods_route(text, scope.mentions, scope.lo, amount.start) if found.reporter is None else None
    if route is not None and found.partner is None and stat.flow in ("export", "import"):
        # "Demand for Chinese goods in Kazakhstan ..., with imports at $X": Kazakhstan's imports from China.
        origin, destination = route if stat.flow == "export" else route[::-1]
        found.reporter, found.partner = origin, destination
        found.reporter_via = found.partner_via = "explicit.goods_route"
    if found.reporter is None and stat.flow in ("export", "import"):
        # "Tajik goods worth $X were shipped"
        found.reporter, found.reporter_via = (
            goods_owner(text, scope.mentions, amount.start),
            "explicit.goods_owner",
        )
    if roles.blocker is not None and found.reporter is None:
        stat.blocked = True
        stat.reporter_name = name_of(roles.blocker)
    if roles.pair is not None:
        found.reporter, found.partner = _paired(roles.pair, found.reporter, found.partner)
        found.reporter_via = found.partner_via = "explicit.pair"
    construction = _sentence_construction(scope) if scope.i == 0 else None
    if construction is not None:
        return construction
    _loose_names(scope, found)
    if found.partner is None and found.reporter is None and scope.i == 0:
        found.partner, found.partner_via = (
            part_subject(text, scope.mentions, amount.start),
            "sentence.part_subject",
        )
    return found


def _sentence_construction(scope: _Scope) -> _Found | None:
    """The first figure of a sentence built around it: a bracketed partner list, a fronted amount, "with
    which", a ranked subject. None when the sentence is none of these."""
    text, amount = scope.text, scope.amount
    listed = _listed_partner(scope)
    if listed is not None:
        return listed
    fronted = _fronted_sides(scope)
    if fronted is not None:
        return fronted
    related = relative_partner(text, scope.mentions, amount.start)
    if related is not None:
        # "Russia was Uzbekistan's second-largest partner, behind China, with which trade jumped to $X"
        ranked = ranked_subject(text, scope.mentions, amount.start)
        owner = ranked[1] if ranked is not None else possessive_owner(text, scope.mentions, amount.start)
        reporter = owner if owner is not None and owner.code != related.code else None
        return _Found(reporter, related, "explicit.possessive_owner", "sentence.with_which")
    ranked = ranked_subject(text, scope.mentions, amount.start)
    if ranked is not None:
        # "China was Kyrgyzstan's main trading partner, with turnover of $X": the ranked one is the partner.
        return _Found(ranked[1], ranked[0], "sentence.ranked_subject", "sentence.ranked_subject")
    return None


def _fronted_sides(scope: _Scope) -> _Found | None:
    """ "At $41bn, Kazakhstan's bilateral turnover with China was ...": the sides the clause after names."""
    text, amount = scope.text, scope.amount
    if not FRONTED_AMOUNT.match(text[: amount.start]):
        return None
    clause = FRONTED_CLAUSE.match(text[amount.end :])
    if clause is None:
        return None
    lo, hi = amount.end + clause.start("clause"), amount.end + clause.end("clause")
    roles = roles_in(text, lo, hi, scope.mentions, scope.flow)
    if roles.pair is not None:
        return _Found(roles.pair[0], roles.pair[1], "explicit.pair", "explicit.pair")
    if roles.reporter is None and roles.partner is None:
        return None
    return _Found(roles.reporter, roles.partner, "explicit.fronted_clause", "explicit.fronted_clause")


def _listed_partner(scope: _Scope) -> _Found | None:
    """ "Russia (about $750 million), ... were Tajikistan's main trading partners": the name before the
    bracket is the partner, the clause's owner (else the article's) the reporter."""
    listed = partner_list(scope.text, scope.mentions, scope.amount.start, scope.amount.end)
    if listed is None:
        return None
    named = [m for m in coded_mentions(scope.mentions) if m.end <= scope.amount.start]
    if not named or named[-1].kind not in ("country", "group"):
        return None
    partner = named[-1]
    if listed.owner is not None and listed.owner.code == partner.code:
        return None
    return _Found(listed.owner, partner, "sentence.list_owner", "sentence.partner_list")


def _paired(
    pair: tuple[EntityMention, EntityMention], reporter: EntityMention | None, partner: EntityMention | None
) -> tuple[EntityMention | None, EntityMention | None]:
    a, b = pair
    if reporter is None or reporter.code == a.code:
        return a, b
    if reporter.code == b.code:
        return reporter, a
    return reporter, partner


def _loose_names(scope: _Scope, found: _Found) -> None:
    """Loose names: a list ("China (27.2 percent or $1.1 billion)", "Kazakhstan is China's ... partner"),
    and a partner anaphor ("with the republic") whose subject is the one name."""
    reporter = found.reporter
    loose = [
        m for m in scope.roles.loose if m.code is not None and (reporter is None or m.code != reporter.code)
    ]
    found.partner_anaphor = _PARTNER_ANAPHOR.search(scope.window) or _PARTNER_ANAPHOR.match(
        re.sub(r"^\s*(?:in\s+(?:\w+\s+)?(?:trade|turnover)\s+)?", " ", scope.tail_text[:TAIL_ANAPHOR_WINDOW])
    )
    if (
        found.partner is None
        and found.partner_anaphor is not None
        and not found.partner_anaphor.group("what").lower().endswith("region")
        and len(loose) == 1
        and loose[0].kind == "country"
        and _SUBJECT_VERB_AFTER.match(scope.text[loose[0].end :])
    ):
        # "Thus Kazakhstan had a surplus of $X with the republic": the one name is the subject.
        if found.reporter is None:
            found.reporter, found.reporter_via = loose[0], "sentence.subject"
        loose = []
    if found.partner is None and loose and not scope.world:
        if found.reporter is None and len(loose) >= 2 and scope.flow != "total":
            found.reporter, found.reporter_via = loose[0], "sentence.loose_name"
        found.partner, found.partner_via = loose[-1], "sentence.loose_name"
    found.loose = loose


_SUBJECT_VERB_AFTER = re.compile(r"\s+(?:\w+\s+)?(?:had|has|ran|runs|posted|recorded|registered|enjoyed)\b")


def _continued_sides(scope: _Scope, stat: Draft, found: _Found, inherited_from: Draft | None) -> bool:
    """A base value, list item or continuation that names no sides of its own takes those of the figure
    it continues. True when that settled the sides."""
    roles, ctx, stats = scope.roles, scope.ctx, scope.stats
    if stat.role == "base" and found.reporter is None and roles.partner is None and roles.pair is None:
        source = stats[-1] if stats else inherited_from or (ctx.stats[-1] if ctx.stats else None)
        if source is not None:
            copy_actors(stat, source, "continuation.base")
            if last_flow_cue(scope.lead) is not None:
                stat.flow = scope.flow  # "…, while imports rose from $16.9 billion": its own trade word
            return True
    if inherited_from is None or found.reporter is not None or found.partner is not None:
        return False
    # List item or continuation: same reporter as the figure before; the named entity is the partner.
    named = [
        m for m in coded_mentions(scope.mentions) if m.start < scope.amount.start and m.start >= scope.lo
    ]
    stat.set_reporter((inherited_from.reporter, inherited_from.reporter_name), "continuation.item")
    stat.blocked = inherited_from.blocked
    if named:
        stat.set_partner(side_of(named[-1]), "continuation.item_name")
    elif roles.blocker is not None:
        stat.blocked = True
        stat.set_reporter((None, name_of(roles.blocker)), None)
        stat.set_partner(("WORLD", "world"), "continuation.item")
    else:
        stat.set_partner((inherited_from.partner, inherited_from.partner_name), "continuation.item")
    return True


def _sentence_subject(scope: _Scope, stat: Draft, found: _Found) -> None:
    """No reporter around the amount: the sentence's head, a locative opening ("In neighbouring Gansu
    Province, ..."), the subject of a reporting verb, or a region without a code."""
    if found.reporter is None and scope.head_roles.reporter is not None and not stat.blocked:
        found.reporter, found.reporter_via = scope.head_roles.reporter, "sentence.head"
    if found.reporter is not None or stat.blocked or scope.stats:
        return
    text, mentions, amount = scope.text, scope.mentions, scope.amount
    framed = locative_frame(text, mentions, amount.start)
    subject = reporting_subject(text, mentions, scope.lo, amount.start) if framed is None else None
    if framed is not None and (found.partner is None or found.partner.code != framed.code):
        # "In neighbouring Gansu Province, foreign trade stood at ...": Gansu's trade
        found.reporter, found.reporter_via = framed, "sentence.locative"
    elif subject is not None:
        # "Türkiye reported exports to ...", "imports and exports of Gansu Province"
        found.reporter, found.reporter_via = subject, "sentence.reporting_subject"
        if found.partner is not None and found.partner.code == subject.code:
            found.partner = None
        scope.roles.loose[:] = [m for m in scope.roles.loose if m.code != subject.code]
    else:
        uncoded = UNCODED_REGION_SUBJECT.search(text, scope.lo, amount.start)
        if uncoded is not None and not any(
            uncoded.start("name") <= m.start < uncoded.end("name") for m in coded_mentions(mentions)
        ):
            # "the Astrakhan region alone reported turnover with ...": a region without a code owns it.
            stat.blocked = True
            stat.reporter_name = uncoded.group("name") + " " + uncoded.group("unit")


def _set_reporter(scope: _Scope, stat: Draft, found: _Found) -> None:
    """The reporter: the one found, else "the region's" / the figure before / the data owner / the context."""
    ctx, stats = scope.ctx, scope.stats
    anaphor = bool(_ANAPHOR_COUNTRY.search(_PARTNER_ANAPHOR.sub(" ", scope.text[: scope.amount.start])))
    if found.reporter is not None:
        stat.set_reporter(side_of(found.reporter), found.reporter_via)
    elif stat.blocked:
        stat.set_reporter((None, stat.reporter_name), None)
    elif _ANAPHOR_REGION.search(scope.window) and (uncoded := _uncoded_region_before(ctx)) is not None:
        # "The Kashgar region's trade stood at X. The region's trade in 2022 ...": Kashgar's, no code.
        stat.blocked = True
        stat.set_reporter((None, uncoded), None)
    elif _ANAPHOR_REGION.search(scope.window) and context_region(ctx) is not None:
        stat.set_reporter(context_region(ctx), "anaphor.region")
    elif _ANAPHOR_REGION.search(scope.window) and ctx.last_group is not None:
        stat.set_reporter(ctx.last_group, "anaphor.group")  # "the region's exports" after "Central Asia"
    elif stats and stats[-1].role == "level" and not anaphor:
        stat.set_reporter((stats[-1].reporter, stats[-1].reporter_name), "sentence.figure_before")
        stat.blocked = stats[-1].blocked
    elif ctx.list_owner is not None and ITEM_LINE.match(scope.text):
        stat.set_reporter(ctx.list_owner, "context.list_owner")  # an item under "China's trade with ...:"
    elif (owner := _cited_owner(scope, found)) is not None:
        # "The Uzbek State Statistics Agency reports that China held ... (worth $X)": the statistics the
        # sentence itself cites are that economy's, whatever the article's figure before was.
        stat.set_reporter(owner, "sentence.data_source")
    elif (
        scope.flow in ("export", "import")
        and ctx.home is not None
        and ctx.home[0] is not None
        and not anaphor
    ):
        stat.set_reporter(ctx.home, "context.data_owner")
    else:
        code, name, via = context_reporter_evidence(ctx, anaphor)
        stat.explicit_owner = anaphor and ctx.home is not None and ctx.home[0] == code
        if found.partner is not None and code == found.partner.code:
            # "Kazakhstan accounted for ..." in an article whose last figure was Kazakhstan's: the
            # reporter is the other side.
            code, name = ctx.home if ctx.home and ctx.home[0] != code else (None, None)
            via = "context.data_owner"
        stat.set_reporter((code, name), via)


def _cited_owner(scope: _Scope, found: _Found) -> tuple[str, str] | None:
    """The economy whose statistics the sentence cites ahead of the amount, unless it is the partner."""
    source = data_source(scope.text, scope.mentions, scope.amount.start)
    if source is None or source[0] is None:
        return None
    if found.partner is not None and found.partner.code == source[0]:
        return None
    return source


def _uncoded_region_before(ctx: ArticleContext) -> str | None:
    """The owner of the article's last figure when it is a region without a code ("the Kashgar region",
    "Ili Prefecture"): "the region's" then means it, not the province the article is in."""
    last = ctx.stats[-1] if ctx.stats else None
    if last is None or not last.blocked or not last.reporter_name:
        return None
    named = re.escape(last.reporter_name)
    if re.search(rf"{named}\s+(?:region|prefecture|county|city|oblast|district)\b", last.sentence.text, re.I):
        return last.reporter_name
    return None


def _partner_of_part_or_anaphor(scope: _Scope, stat: Draft, found: _Found) -> bool:
    """The partner of a part ("..., of which exports accounted for $X") or of a partner anaphor ("with the
    region"). True when that settled the partner."""
    stats = scope.stats
    if (
        found.partner is None
        and not scope.world
        and found.partner_anaphor is None
        and stats
        and stats[-1].partner is not None
        and stats[-1].reporter == stat.reporter
        and _PART_OF_WHOLE.search(scope.window)
    ):
        # "... turnover stood at $38.9 billion, of which exports accounted for $21.2 billion": the part's
        # partner is the whole's, however many partners the article named before.
        stat.set_partner((stats[-1].partner, stats[-1].partner_name), "part.of_whole")
        return True
    if found.partner is None and found.partner_anaphor is not None:
        ctx = scope.ctx
        resolved = _resolve_partner_anaphor(ctx, stats, stat.reporter, found.partner_anaphor.group("what"))
        stat.set_partner(resolved if resolved is not None else (None, None), "anaphor.partner")
        if resolved is not None and stat.reporter is not None:
            _mirror(ctx, stat, data_source(scope.text, scope.mentions, scope.amount.start))
        return True
    return False


def _set_partner(scope: _Scope, stat: Draft, found: _Found) -> None:
    """The partner: the one found, the world, the pair of a bilateral figure, the partner of the figure
    before, else the article context."""
    ctx, stats, head_roles = scope.ctx, scope.stats, scope.head_roles
    if found.partner is not None:
        stat.set_partner(side_of(found.partner), found.partner_via)
    elif scope.world:
        stat.set_partner(("WORLD", "world"), "explicit.world")
    elif (
        BILATERAL.search(scope.lead)
        or _BILATERAL_AFTER.match(scope.text[scope.amount.end :])
        or head_roles.pair is not None
    ):
        _bilateral_sides(scope, stat)
    elif (these := _THESE_PARTNERS.search(scope.lead)) and (stats or ctx.stats):
        source = stats[-1] if stats else ctx.stats[-1]
        partner = (source.partner, source.partner_name)
        if these.group(0).lower().endswith(("countries", "partners", "nations", "markets")) and (
            source.partner in (None, "WORLD")
            and ctx.last_group is not None
            and ctx.last_group[0] != stat.reporter
        ):
            # "exports to these countries" after "Trade between Inner Mongolia and BRI countries keeps rising"
            # (no figure): a plural is the group last named, never the world of the figure before.
            partner = ctx.last_group
        stat.set_partner(partner, "anaphor.these_partners")
    elif stats and _partner_written_before(stats[-1]) and stats[-1].reporter in (stat.reporter,):
        # "Overall, Türkiye's 2022 exports are put at $X, while Turkish imports came to $Y": the figure just
        # before names the partner of the sentence's parallel clause, the world included.
        stat.set_partner((stats[-1].partner, stats[-1].partner_name), "sentence.figure_before")
    elif head_roles.partner is not None:
        stat.set_partner(side_of(head_roles.partner), "sentence.head")
    else:
        _partner_from_context(ctx, stat)


# How many sentences back a pair's figure still stands for "the two countries".
PAIR_REACH = 3


def _recent_pair_figure(ctx: ArticleContext, stat: Draft) -> Draft | None:
    """The last figure of a pair of two economies within PAIR_REACH sentences, when the article's figures
    name more than one pair (with one pair, the article's pair is the same) and it includes the reporter."""
    pairs = {
        frozenset((s.reporter, s.partner))
        for s in ctx.stats
        if is_country(s.reporter) and is_country(s.partner)
    }
    if len(pairs) < 2:
        return None
    last = next((s for s in reversed(ctx.stats) if is_country(s.reporter) and is_country(s.partner)), None)
    if last is None or stat.sentence.index - last.sentence.index > PAIR_REACH:
        return None
    return last if stat.reporter in (None, last.reporter, last.partner) else None


def _partner_written_before(before: Draft) -> bool:
    """Whether the sentence's figure before has a partner its parallel clause shares: an economy, or the
    world when the sentence says so ("Overall, …'s exports"), not the world by default."""
    if before.partner is None:
        return False
    return before.partner != "WORLD" or (before.partner_via or "").startswith("explicit.")


def _bilateral_sides(scope: _Scope, stat: Draft) -> None:
    """ "bilateral trade", "between the two countries": the pair named at the head, else the article's."""
    ctx = scope.ctx
    if scope.head_roles.pair is not None:
        a, b = scope.head_roles.pair
        stat.set_reporter(side_of(a), "explicit.pair")
        stat.set_partner(side_of(b), "explicit.pair")
        return
    recent = _recent_pair_figure(ctx, stat)
    if recent is not None:
        # "Azerbaijan-Russia turnover came to $2.6 billion. … In the first 11 months of 2020 trade between the
        # two countries had totalled $2.4 billion": the pair just written, not the article's most named
        stat.set_reporter((recent.reporter, recent.reporter_name), "context.last_pair")
        stat.set_partner((recent.partner, recent.partner_name), "context.last_pair")
        return
    other = context_pair(ctx, stat.reporter)
    if stat.reporter is None and other is not None:
        code, name, via = context_reporter_evidence(ctx, True)
        if code is None:
            code, name, via = other, ctx.names.get(other, other), "context.pair"
        stat.set_reporter((code, name), via)
        other = context_pair(ctx, stat.reporter)
    stat.set_partner((other, ctx.names.get(other or "", other)), "context.pair")


_PART_OF_THAT = re.compile(
    r"(?:[$€¥£]\s?[\d.,]+\s*(?:billion|million|bn|mn|m)?|\d)\s+of\s+(?:that|it|this|the\s+total)\b|^\W*Of\s+(?:that|this|it)\b",
    re.IGNORECASE,
)


def _continues_last_pair(ctx: ArticleContext, stat: Draft, last: Draft | None) -> bool:
    """Whether a figure naming no partner is about the pair of the article's last figure: in its paragraph
    with the same reporter, right after it for a part, or a product in a purely bilateral story."""
    if last is None or last.partner in (None, "WORLD"):
        return False
    if last.sentence.index == stat.sentence.index - 1 and _PART_OF_THAT.search(stat.sentence.text):
        return (
            True  # "Azerbaijan-Russia turnover came to $2.6 billion. Exports made up $802.2 million of that"
        )
    same_paragraph = last.sentence.paragraph == stat.sentence.paragraph
    if same_paragraph and last.reporter == stat.reporter:
        return True
    sides = (last.reporter, last.partner)
    if (
        last.sentence.index == stat.sentence.index - 1
        and same_paragraph
        and stat.reporter in sides
        and stat.flow != "total"
    ):
        return True
    # A product-level figure in a purely bilateral story ("Agricultural trade turnover came to ...").
    return (
        stat.commodity is not None
        and stat.reporter in sides
        and len({frozenset((s.reporter, s.partner)) for s in ctx.stats}) == 1
    )


def _partner_from_context(ctx: ArticleContext, stat: Draft) -> None:
    """No partner in the sentence: the last figure's pair, the story's pair, else the world."""
    last = ctx.stats[-1] if ctx.stats else None
    if _continues_last_pair(ctx, stat, last):
        stat.set_partner((last.partner, last.partner_name), "context.last_pair")
        if stat.reporter == last.partner:
            stat.set_partner((last.reporter, last.reporter_name), "context.last_pair")
    elif (story := bilateral_story_partner(ctx, stat.reporter)) is not None:
        stat.set_partner(story, "context.story_pair")
    elif ctx.story_pair is not None and not any(s.partner == "WORLD" for s in ctx.stats):
        # A bilateral story whose pair this figure's reporter is not part of: no guess at the world.
        stat.set_partner((None, None), None)
    else:
        stat.set_partner(("WORLD", "world"), "context.world_default")


def copy_actors(stat: Draft, source: Draft, via: str = "continuation.copied") -> None:
    """The sides of the figure this one continues or restates, with `via` as their evidence."""
    stat.set_reporter((source.reporter, source.reporter_name), via)
    stat.set_partner((source.partner, source.partner_name), via)
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
    stat.as_seen_by(owner)


def place_actors(
    ctx: ArticleContext,
    reading: SentenceReading,
    view: AmountView,
    stat: Draft,
    decision: FlowDecision,
    stats: list[Draft],
) -> Drop | None:
    """The actors stage for one figure: reporter and partner, then the checks that need them, then the
    product and balance wording that can still change them. A Drop when the sides cannot be told."""
    text, mentions, amount = reading.text, reading.mentions, view.amount
    inherited_from = decision.inherited_from
    assign_actors(
        ctx,
        stat,
        text,
        mentions,
        view.window_start,
        amount,
        reading.amounts,
        view.index,
        inherited_from,
        stats,
    )
    if inherited_from is not None and stats and inherited_from is stats[-1]:
        keep_data_owner_in_ranking(ctx, stat, inherited_from, view.before)
    if stat.flow == "total" and not owner_of_bilateral_total(ctx, stat, text, mentions, amount):
        return BILATERAL_UNRESOLVED
    if ambiguous_among_many(text, mentions, view.window_start, amount):
        return AMBIGUOUS_SUBJECT
    if not share_subject_is_partner(stat, text, mentions, amount):
        return SHARE_SUBJECT_CONFLICT
    if stat.commodity is None:
        product_phrase(stat, text, mentions, amount)
    if stat.flow == "balance":
        balance_in_favour_of(stat, text, mentions, amount)
    partners_flow = flow_of_adjective_after(text, mentions, amount.end, stat.reporter, stat.partner)
    if partners_flow is not None:
        stat.flow = partners_flow  # "$22 million in Kyrgyz exports" in China's trade with Kyrgyzstan
    respective_partner = respective_partner_of(text, mentions, reading.amounts, view.index)
    if respective_partner is not None and respective_partner.code != stat.reporter:
        stat.set_partner(side_of(respective_partner), "sentence.respectively")
    subjects = respective_subjects(text, mentions, reading.amounts, view.index)
    if subjects is not None:
        stat.set_reporter(side_of(subjects[0]), "sentence.respectively")
        stat.set_partner(side_of(subjects[1]), "explicit.role")
        stat.blocked = False
    return None
