"""The article context a reader keeps: title, dateline, data owner, topic, running period.

The first stage of extraction, and the memory of the others. A figure rarely names everything it is
about: "exports rose to $X" means the exports of the economy whose statistics the article cites, for
the period it is talking about. `ArticleContext` keeps that, primed by the title and updated by every
sentence: `read_sentence` reads a sentence once for the amount stages (`draft.SentenceReading`),
`close_sentence` records what its figures and names leave behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from transform.draft import Draft, SentenceReading, Span, coded_mentions, name_of
from transform.entities import EntityMention, find_entities
from transform.figure_periods import LEADING_PERIOD, period_is_comparison, resolve_period
from transform.fiscal import find_fiscal_periods
from transform.flow import LIST_ITEM, list_header_flow
from transform.mentions import AmountMentions
from transform.patterns import find_percents, flow_cues
from transform.periods import PeriodMention, find_periods, shift_years
from transform.prefilter import finditer, search
from transform.rankings import without_appositive_rankings, without_ranking_comparisons
from transform.sentences import Sentence

_DATELINE_CAPITALS = {
    "ASTANA": "KZ",
    "NUR-SULTAN": "KZ",
    "ALMATY": "KZ",
    "BISHKEK": "KG",
    "DUSHANBE": "TJ",
    "TASHKENT": "UZ",
    "ASHGABAT": "TM",
    "ASHKHABAD": "TM",
    "BEIJING": "CN",
    "URUMQI": "CN-XJ",
    "MOSCOW": "RU",
    "ANKARA": "TR",
}


_DATA_SOURCE = re.compile(
    r"(?:statistic(?:s|al)?\s+(?:agency|committee|office|bureau|service|department)|customs|ministry\s+of\s+"
    r"(?:economy|trade)|general\s+administration\s+of\s+customs|GACC|national\s+statistics"
    r"|(?:agency|committee|office|bureau|service|department)\s+(?:on|of|for)\s+statistics)",
    re.IGNORECASE,
)


# "in Uzbek data", "Kazakh statistics put ...": an adjective of a country right before its data names the owner.
_NAMED_DATA = re.compile(
    r"^\s+(?:own\s+|official\s+|national\s+)?(?:official\s+|customs\s+|trade\s+)?(?:data|statistics|figures)\b",
    re.IGNORECASE,
)


_SIDE_SAID = re.compile(
    r"^\s+side\s+(?:said|says|reported|reports|noted|stated|announced|informed)\b", re.IGNORECASE
)


_NAMED_DATA_CITED = re.compile(
    r"^\s*(?:,\s*(?:however|though|meanwhile|in\s+turn)\s*,\s*)?(?:puts?|show(?:s|ed)?|indicate[sd]?|suggest(?:s|ed)?)\b",
    re.IGNORECASE,
)


_GACC = re.compile(
    r"General\s+Administration\s+of\s+Customs|General\s+Customs\s+Administration|\bGACC\b|\bGAC\b",
    re.IGNORECASE,
)


_OFFICIAL = re.compile(
    r"\b(?:Prime\s+Minister|Deputy\s+Prime\s+Minister|Minister|President|Cabinet|Ministry|Government|government"
    r"|Vice[- ]Premier|Premier|Deputy\s+Chairman|Chairman|customs|Customs|Statistics|statistics)\b"
)


@dataclass
class ArticleContext:
    published: date
    home: tuple[str | None, str | None] | None = None  # (code, name) of the data owner
    topic: tuple[str | None, str | None] | None = None
    dateline: tuple[str, str] | None = None
    period: Span | None = None
    stats: list[Draft] = field(default_factory=list)
    country_counts: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    directional_reporter: str | None = None
    official: tuple[str, str] | None = None  # the country of the officials quoted (last resort)
    last_group: tuple[str, str] | None = None  # the group last named ("Central Asia"), for "the region"
    named_partner: tuple[str, str] | None = None  # the country last named as "with/to/from X" in trade talk
    named_partner_at: int | None = None  # the index of the sentence that named it
    # "rose from $24 billion to $47 billion between 2017 and 2024": the two years of a pair of levels and
    # the sentence they were written in (the next sentence's pairs without years of their own take them).
    pair_years: tuple[Span, Span, int] | None = None
    # "China's trade with Ukraine also grew in the first quarter.": a statistic a sentence names, its sides
    # written, without a figure ("It reached about 29.59 billion yuan" right after gives it).
    trade_talk: Draft | None = None
    story_pair: tuple[tuple[str, str], tuple[str, str]] | None = None  # the two sides a title is about
    # "The main trading partners (share in total turnover):" opens a list whose items take its flow
    # (None: a header without a trade word, whose items emit nothing); cleared by the first non-item.
    list_header: tuple[str | None] | None = None
    # "... the GTU data show China's H1 trade with the remaining Central Asian states growing sharply:" over
    # "• Kazakhstan: turnover of $X ...": whose trade the item lines are (kept while item lines follow).
    list_owner: tuple[str, str] | None = None
    # The month the article's fiscal years start in, when it reads fiscal years of one economy with a known
    # fiscal calendar ("Q1 of FY23" in a Pakistani report: July-September 2022; `transform.fiscal`).
    fiscal_start: int | None = None
    # The article dates something by Iran's or Afghanistan's solar calendar: its parts of a year written
    # without a calendar ("the nine-month period") are that calendar's, never read as Gregorian months.
    solar_calendar: bool = False


CITATION_BEFORE = re.compile(
    r"(?:according\s+to|citing|cited\s+by|from|by|of|data\s+of)\s+(?:the\s+)?[\w'’\s]{0,40}$", re.IGNORECASE
)


CITATION_AFTER = re.compile(
    r"^(?:[\w\s()]|,\s*(?:however|though|meanwhile|in\s+turn|for\s+(?:its|their)\s+part|for\s+example"
    r"|for\s+instance|too|also)\s*,){0,40}?"
    r"\b(?:data|figures|statistics|said|says|reported|reports|showed|show"
    r"|shows|puts|put|announced|released|published)\b",
    re.IGNORECASE,
)


_PARTNER_POSITION = re.compile(r"(?<!according\s)\b(?:with|to|from|and)\s+(?:the\s+)?$", re.IGNORECASE)


# A name this close before (after) a statistics office it does not own by grammar is still its country.
SOURCE_NAME_BEFORE = 45
SOURCE_NAME_AFTER = 25
# The words after a possessive that make it the topic ("China's trade ...").
TOPIC_WORDS_AFTER = 60
# A dateline is looked for in the first sentences only (their index at most this).
DATELINE_SENTENCES = 2


# "the country's State Statistics Committee": an office whose country the sentence does not name.
_UNNAMED_OWNER_BEFORE = re.compile(
    r"\b(?:the\s+(?:country|republic|nation)['’]s|its)\s+(?:(?:national|state|main|official|general)\s+)?$",
    re.IGNORECASE,
)


def _office_owner(sentence: str, mentions: list[EntityMention], m: re.Match[str]) -> tuple[str, str] | None:
    """The country of the statistics office or customs cited at `m`: named right before or after it, else
    the coded name nearest to it (not a side after "with", nor anything after "the country's")."""
    coded = [
        e for e in mentions if e.code is not None and not e.descriptive and e.kind in ("country", "region")
    ]
    for e in coded:
        gap_before = sentence[e.end : m.start()]
        gap_after = sentence[m.end() : e.start]
        if e.end <= m.start() and re.fullmatch(
            r"\s*(?:national|state|main|own|official|general)?\s*", gap_before, re.IGNORECASE
        ):
            return e.code, name_of(e)  # "China's customs", "Kazakh statistics"
        if e.start >= m.end() and re.fullmatch(
            r"\s*(?:under\s+the\s+\w+\s+(?:of\s+the\s+)?(?:Republic\s+)?)?(?:of|in)\s+(?:the\s+)?",
            gap_after,
        ):
            # "the Statistics Agency of Tajikistan", "the Agency on Statistics under the President of
            # the Republic of Uzbekistan"
            return e.code, name_of(e)
    if _UNNAMED_OWNER_BEFORE.search(sentence[: m.start()]):
        return None  # "data from the country's State Statistics Committee, China once more …": not China's
    near = [
        e
        for e in coded
        if max(0, m.start() - SOURCE_NAME_BEFORE) <= e.start < m.end() + SOURCE_NAME_AFTER
        and not _PARTNER_POSITION.search(sentence[max(0, e.start - 15) : e.start])
    ]  # "trade with Russia ..., the Statistics Agency said": Russia is a side, not the office's country
    if near:
        best = min(near, key=lambda e: abs(e.start - m.start()))
        return best.code, name_of(best)
    return None


def data_source(
    sentence: str, mentions: list[EntityMention], before: int | None = None
) -> tuple[str, str] | None:
    """The economy whose statistics a sentence cites: "China's customs", "Statistics Agency of Kyrgyzstan".

    Only a citation counts ("according to China's customs", "the agency's data show"), not "Chinese customs
    approved the first producers"; with `before`, only a citation ahead of that position.
    """
    for m in finditer(_DATA_SOURCE, sentence):
        if before is not None and m.start() > before:
            break
        if not (CITATION_BEFORE.search(sentence[: m.start()]) or CITATION_AFTER.match(sentence[m.end() :])):
            continue
        if _GACC.search(m.group(0)):
            return "CN", "China"
        if re.match(r"Urumqi\s+Customs", sentence[max(0, m.start() - 7) : m.end()], re.IGNORECASE):
            return "CN-XJ", "Xinjiang"  # the customs district of Xinjiang
        owner = _office_owner(sentence, mentions, m)
        if owner is not None:
            return owner
    for e in mentions:
        if (
            e.code is None
            or e.descriptive
            or e.kind != "country"
            or (before is not None and e.start > before)
        ):
            continue
        if e.adjective and _SIDE_SAID.match(sentence[e.end :]) and (before is None or e.start < before):
            return e.code, name_of(e)  # "..., the Uzbek side said": the figures are that side's
        data = _NAMED_DATA.match(sentence[e.end :])
        if data is None or not e.text[:1].isupper():
            continue
        cited_before = re.search(r"\b(?:in|according\s+to|citing|by)\s+$", sentence[: e.start], re.IGNORECASE)
        if cited_before or _NAMED_DATA_CITED.match(sentence[e.end + data.end() :]):
            return e.code, name_of(e)  # "in Uzbek data", "Kazakh statistics put ..."
    return None


def update_home(ctx: ArticleContext, sentence: str, mentions: list[EntityMention]) -> None:
    """The economy whose data the article reports: the statistics office or customs it names."""
    source = data_source(sentence, mentions)
    if source is not None:
        ctx.home = source


_UNNAMED_STATISTICS_OFFICE = re.compile(
    r"\b(?:the\s+)?(?:National\s+|State\s+)?(?:Statistic(?:s|al)\s+(?:Committee|Agency|Office|Bureau|Service)"
    r"|(?:Committee|Agency|Office|Bureau)\s+(?:of|for|on)\s+Statistics)\b",
    re.IGNORECASE,
)


# Statistics offices known by a name that only some countries use: the side of a pair it names.
_OFFICE_COUNTRIES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    # Kyrgyzstan's Natsstatkom; Belarus's Belstat has the same English name.
    (
        re.compile(r"^(?:the\s+)?National\s+Statistic(?:s|al)\s+Committee\b", re.IGNORECASE),
        frozenset({"KG", "BY"}),
    ),
    # Kazakhstan's Bureau of National Statistics (of the Agency for Strategic Planning and Reforms).
    (re.compile(r"^(?:the\s+)?Bureau\s+of\s+National\s+Statistics\b", re.IGNORECASE), frozenset({"KZ"})),
    # "the Statistics Agency under the President" (Uzbekistan), "the Agency on Statistics under the
    # President" (Tajikistan).
    (
        re.compile(
            r"^(?:the\s+)?(?:Statistics\s+Agency|Agency\s+(?:on|of|for)\s+Statistics)\s+under\s+the\s+President",
            re.IGNORECASE,
        ),
        frozenset({"UZ", "TJ"}),
    ),
    # China's NBS (other countries' bureaus of that name are not sides of this domain's pairs).
    (re.compile(r"^(?:the\s+)?National\s+Bureau\s+of\s+Statistics\b", re.IGNORECASE), frozenset({"CN"})),
)


def _side_of_named_office(office_text: str, pairs: list[Draft]) -> tuple[str, str] | None:
    """The one side of the pairs' figures that an office's own name belongs to, if its name says."""
    sides = {(s.reporter, s.reporter_name) for s in pairs} | {(s.partner, s.partner_name) for s in pairs}
    for pattern, codes in _OFFICE_COUNTRIES:
        if pattern.match(office_text):
            owners = {side for side in sides if side[0] in codes and side[1] is not None}
            return owners.pop() if len(owners) == 1 else None
    return None


def home_from_unnamed_office(
    ctx: ArticleContext, sentence: str, mentions: list[EntityMention], stats: list[Draft]
) -> None:
    """ "Tajikistan's trade with Russia amounted to $X, the Statistics Agency reported": an unnamed statistics
    office cited for the figures of one country named in the sentence is that country's office; its later
    mirror wording ("Russian exports to Tajikistan") is converted to that country's side. Without such a
    figure, in a story filed from a capital ("BISHKEK - ...") that names no other country, the capital's."""
    offices = [
        m
        for m in finditer(_UNNAMED_STATISTICS_OFFICE, sentence)
        if not any(e.code is not None and m.start() - 30 <= e.start <= m.end() + 30 for e in mentions)
        and (CITATION_BEFORE.search(sentence[: m.start()]) or CITATION_AFTER.match(sentence[m.end() :]))
    ]
    if not offices:
        return
    pairs = [s for s in stats if s.role == "level" and s.reporter_via == "explicit.pair"]
    if pairs:
        # "Trade between China and Kyrgyzstan came to $2 billion, ... the National Statistics Committee
        # said": the pair's first-named side is no owner; the office's own name may tell which side, else
        # a dateline on one side ("DUSHANBE - Trade between Tajikistan and Uzbekistan ...").
        sides = {s.reporter for s in pairs} | {s.partner for s in pairs}
        dateline = ctx.dateline if ctx.dateline is not None and ctx.dateline[0] in sides else None
        ctx.home = _side_of_named_office(sentence[offices[0].start() :], pairs) or dateline or ctx.home
        return
    levels = {s.reporter for s in stats if s.role == "level"}
    countries = [m for m in coded_mentions(mentions) if m.kind == "country"]
    if len(levels) == 1:
        reporter = levels.pop()
        owner = next((m for m in countries if m.code == reporter and not m.adjective), None)
        if owner is not None:
            ctx.home = (owner.code, name_of(owner))
            return
    if ctx.dateline is not None and all(m.code == ctx.dateline[0] for m in countries):
        ctx.home = ctx.dateline  # "BISHKEK - ..., the National Statistical Committee said": Kyrgyzstan's


def update_topic(ctx: ArticleContext, sentence: str, mentions: list[EntityMention]) -> None:
    """The actor a sentence with a trade word is about: a possessive, or the sentence's subject."""
    if not flow_cues(sentence) and not search(_DATA_SOURCE, sentence):
        return
    for m in mentions:
        if m.descriptive or m.kind == "group":
            continue
        after = sentence[m.end : m.end + TOPIC_WORDS_AFTER]
        if m.possessive and re.search(
            r"trade|export|import|turnover|partner|deficit|surplus", after, re.IGNORECASE
        ):
            ctx.topic = (m.code, name_of(m))
            return
    for m in mentions:
        if m.descriptive or m.kind == "group":
            continue
        before = sentence[: m.start]
        if re.fullmatch(
            r"\W*(?:(?:In|Over|During|From|For|By)\s[^,]{0,40},\s*)?(?:the\s+)?", before, re.IGNORECASE
        ) or (m.code is None and re.search(r"\b(?:by|at|through)\s+(?:the\s+)?$", before)):
            ctx.topic = (m.code, name_of(m))
            return


def official_country(sentences: list[Sentence]) -> tuple[str, str] | None:
    """The country whose officials or statistics the article quotes first ("Kyrgyz Deputy Prime Minister")."""
    for sentence in sentences:
        for m in coded_mentions(find_entities(sentence.text)):
            if m.kind != "country":
                continue
            if _OFFICIAL.match(sentence.text[m.end :].lstrip()) or (
                m.possessive and _OFFICIAL.search(sentence.text[m.end : m.end + 30])
            ):
                return m.code, name_of(m)
    return None


def prime_with_title(ctx: ArticleContext, title: str) -> None:
    sides: dict[str, str] = {}
    for m in coded_mentions(find_entities(title)):
        if m.kind in ("country", "group") and m.code != "WORLD":
            sides.setdefault(m.code, name_of(m))
        if m.kind == "group":
            ctx.last_group = (m.code, name_of(m))
        if m.kind == "country":
            ctx.country_counts[m.code] = ctx.country_counts.get(m.code, 0) + 2
            ctx.names.setdefault(m.code, name_of(m))
    _set_story_pair(ctx, sides)


_GROUP_ANAPHOR = re.compile(
    r"\b(?:the\s+)?(?:union|bloc|grouping|association|organi[sz]ation|community)['’]s\s+member\s+"
    r"(?:states|countries|nations|economies)\b"
    r"|\b(?:the\s+)?member\s+(?:states|countries|nations|economies)(?:\s+of\s+the\s+(?:union|bloc))?\b"
    r"|\bthe\s+(?:union|bloc)(?:['’]s)?(?!\s+(?:of|between)\b)",
    re.IGNORECASE,
)


def with_group_anaphors(ctx: ArticleContext, text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """ "the union", "the bloc", "member states": the group named before (EAEU, EU, ASEAN), as a mention.

    Without a group named earlier in the article they stay unresolved (no partner from them).
    """
    if ctx.last_group is None:
        return mentions
    code, name = ctx.last_group
    added = []
    for m in _GROUP_ANAPHOR.finditer(text):
        if any(e.start < m.end() and m.start() < e.end for e in mentions):
            continue
        written = m.group(0)
        added.append(EntityMention(m.start(), m.end(), name, code, "group", written.endswith(("'s", "’s"))))
    return sorted(mentions + added, key=lambda e: e.start) if added else mentions


def _set_story_pair(ctx: ArticleContext, sides: dict[str, str]) -> None:
    """ "China-Kazakhstan trade grows": a title naming exactly two economies makes a bilateral story."""
    if len(sides) == 2:
        (a, a_name), (b, b_name) = sides.items()
        ctx.story_pair = ((a, a_name), (b, b_name))


def count_mentions(ctx: ArticleContext, mentions: list[EntityMention]) -> None:
    for m in mentions:
        if m.kind == "group" and m.code is not None:
            ctx.last_group = (m.code, name_of(m))
        if m.code is not None and m.kind in ("country", "region"):
            ctx.country_counts[m.code] = ctx.country_counts.get(m.code, 0) + 1
            if not m.adjective:
                ctx.names[m.code] = name_of(m)
            else:
                ctx.names.setdefault(m.code, name_of(m))


def note_dateline(ctx: ArticleContext, sentence: Sentence) -> None:
    """A dateline city ("DUSHANBE, July 1.") names the country the story is filed from: a last resort."""
    if sentence.index > DATELINE_SENTENCES or ctx.dateline is not None:
        return
    m = re.match(r"^([A-Z][A-Z\-]{2,})[,.\s]", sentence.text)
    if m and m.group(1) in _DATELINE_CAPITALS:
        code = _DATELINE_CAPITALS[m.group(1)]
        ctx.dateline = (code, m.group(1).title())


_HEADER_TRADE_WITH = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:trade|turnover|exports?|imports?)\s+(?:\w+\s+)?with\s+(?:the\s+)?",
    re.IGNORECASE,
)


def header_pair(ctx: ArticleContext, text: str, mentions: list[EntityMention]) -> None:
    """ "Kyrgyzstan's trade with Kazakhstan in January-June 2024:" over a list of figures: the list is about
    that pair (as a title naming two economies would make it)."""
    coded = [m for m in coded_mentions(mentions) if m.kind in ("country", "group", "region")]
    if len(coded) != 2 or not coded[0].possessive:
        return
    if not _HEADER_TRADE_WITH.fullmatch(text[coded[0].end : coded[1].start]):
        return
    ctx.story_pair = ((coded[0].code, name_of(coded[0])), (coded[1].code, name_of(coded[1])))


def set_context_period(ctx: ArticleContext, period: Span) -> None:
    """A figure for the same months a year earlier is a comparison: it does not move the context."""
    if ctx.period is not None and shift_years(ctx.period, -1) == period:
        return
    ctx.period = period


def context_reporter_evidence(
    ctx: ArticleContext, anaphor: bool
) -> tuple[str | None, str | None, str | None]:
    """(code, name) of the economy a sentence means when it names none, and the `transform.evidence` id of
    where it came from; (None, None, None) when unknown."""
    if anaphor:
        for candidate in (ctx.home, ctx.topic):
            if candidate is not None and candidate[0] is not None and "-" not in candidate[0]:
                return candidate[0], candidate[1], "context.topic"
        if ctx.dateline is not None:
            return ctx.dateline[0], ctx.dateline[1], "context.topic"
        ranked = sorted(ctx.country_counts.items(), key=lambda kv: -kv[1])
        if ranked:
            code = ranked[0][0]  # "the country's": the country the article (and its title) is about
            return code, ctx.names.get(code, code), "context.most_named"
    if ctx.stats:
        last = ctx.stats[-1]
        own = next((c for c in (ctx.home, ctx.topic) if c is not None and c[0] is not None), None)
        both_written = (last.reporter_via or "").startswith(("explicit.", "sentence."))
        if last.flow == "total" and both_written and own is not None and own[0] == last.partner:
            # "Russia and Tajikistan traded $859 million" in an article about Tajikistan: a total naming both
            # sides has no direction, so the one named first is no reporter to carry on; the article's is.
            return own[0], own[1], "context.topic"
        return last.reporter, last.reporter_name, "context.last_reporter"
    for candidate in (ctx.home, ctx.topic):
        if candidate is not None:
            return candidate[0], candidate[1], "context.topic"
    if ctx.dateline is not None:
        return ctx.dateline[0], ctx.dateline[1], "context.topic"
    if ctx.official is not None:
        return ctx.official[0], ctx.official[1], "context.official"
    return None, None, None


def context_region(ctx: ArticleContext) -> tuple[str, str] | None:
    """ "The region's foreign trade": the province the article is about (data owner, topic, most named)."""
    for candidate in (ctx.home, ctx.topic):
        if candidate is not None and candidate[0] is not None and "-" in candidate[0]:
            return candidate[0], candidate[1] or candidate[0]
    regions = sorted(((c, n) for c, n in ctx.country_counts.items() if "-" in c), key=lambda kv: -kv[1])
    if regions:
        return regions[0][0], ctx.names.get(regions[0][0], regions[0][0])
    return None


def context_pair(ctx: ArticleContext, reporter: str | None) -> str | None:
    """The other side of a bilateral story: the most-mentioned country that is not the reporter."""
    ranked = sorted(ctx.country_counts.items(), key=lambda kv: -kv[1])
    for code, _ in ranked:
        if (
            code != reporter
            and not (reporter and code.startswith(reporter + "-"))
            and not (reporter and reporter.startswith(code + "-"))
        ):
            return code
    return None


def bilateral_story_partner(ctx: ArticleContext, reporter: str | None) -> tuple[str, str] | None:
    """The other side of a purely bilateral story, for a figure that names no partner.

    "In November, trade turnover amounted to $10.2 billion" after China–Russia figures is China–Russia,
    not China's trade with the world: when every earlier aggregate of the article is between the
    reporter and one partner, that partner.
    """
    if reporter is None:
        return None
    aggregates = [s for s in ctx.stats if s.commodity is None and s.partner is not None]
    if not aggregates and ctx.story_pair is not None:
        (a, a_name), (b, b_name) = ctx.story_pair
        return (b, b_name) if reporter == a else (a, a_name) if reporter == b else None
    if not aggregates or any(s.partner == "WORLD" or s.reporter is None for s in aggregates):
        return None
    pairs = {frozenset((s.reporter, s.partner)) for s in aggregates}
    if len(pairs) != 1:
        return None
    last = aggregates[-1]
    if reporter == last.reporter:
        return last.partner, last.partner_name or last.partner
    if reporter == last.partner:
        return last.reporter, last.reporter_name or last.reporter
    return None


# ------------------------------------------------------------ a sentence read, and what it leaves in the context


def with_fiscal_periods(
    text: str, published: date, start_month: int, periods: list[PeriodMention]
) -> list[PeriodMention]:
    """The sentence's periods with its fiscal ones read (they replace the calendar readings they overlap:
    "the first quarter (July-September) of the current fiscal year" is no January-March)."""
    fiscal = find_fiscal_periods(text, published, start_month)
    if not fiscal:
        return periods
    calendar = [p for p in periods if not any(f.start < p.end and p.start < f.end for f in fiscal)]
    return sorted(calendar + fiscal, key=lambda p: p.start)


def read_sentence(ctx: ArticleContext, mentions: AmountMentions, index: int) -> SentenceReading:
    """The sentence's names, trade words, periods and percentages; the context updated by its names."""
    sentence = mentions.sentences[index]
    found = with_group_anaphors(ctx, sentence.text, find_entities(sentence.text))
    # A ranking appositive (", China's largest trading partner in the region,") is blanked out: its words
    # are neither the figure's trade word nor its sides (positions are kept, so amounts stay where they are).
    text, found = without_appositive_rankings(sentence.text, found)
    named = without_ranking_comparisons(text, found)
    note_dateline(ctx, sentence)
    count_mentions(ctx, named)
    update_home(ctx, text, named)
    amounts = mentions.by_sentence[index]
    cues = flow_cues(text)
    header = not amounts and text.rstrip().endswith(":")
    # Most sentences state no figure and no trade word: their periods and percentages are never used
    # (only the context updates apply), so they are not looked for.
    periods = find_periods(text, ctx.published) if amounts or cues or header else []
    if ctx.fiscal_start is not None and (amounts or cues or header):
        periods = with_fiscal_periods(text, ctx.published, ctx.fiscal_start, periods)
    percents = find_percents(text) if amounts else []
    # The sentence's own period (used when an amount has none nearer), then the article's running period.
    own_periods = [p for p in periods if not period_is_comparison(text, p, ctx.period)]
    # "In the same period last year, trade with X stood at $Y": a comparison period leading the sentence is
    # the period of its figures (a level of the year before), not a base for a change.
    lead_periods = [p for p in periods if p not in own_periods and LEADING_PERIOD.fullmatch(text[: p.start])]
    return SentenceReading(
        sentence, text, named, amounts, cues, periods, own_periods, lead_periods, percents, header
    )


def close_sentence(ctx: ArticleContext, reading: SentenceReading, stats: list[Draft]) -> None:
    """What the sentence leaves in the article context: running period, data owner, topic, list header,
    the partner last named, the reporter of directional figures, its statistics."""
    text, mentions, own_periods = reading.text, reading.mentions, reading.own_periods
    # The running period: the period of this sentence's first level figure, or its own explicit period.
    # (A product's figure "gold deliveries in July" is an aside: the running period stays the aggregate's.)
    level = [s for s in stats if s.role == "level" and s.period is not None and s.commodity is None]
    if level:
        set_context_period(ctx, level[0].period)
    elif reading.cues and own_periods and not any(s.commodity is not None for s in stats):
        resolved = resolve_period(own_periods[0], ctx.period)
        if resolved is not None:
            set_context_period(ctx, resolved)
    if ctx.home is None:
        home_from_unnamed_office(ctx, text, mentions, stats)
    if reading.header:
        header_pair(ctx, text, mentions)
    update_topic(ctx, text, mentions)
    _close_list(ctx, reading)
    if reading.cues:
        for m in coded_mentions(mentions):
            if m.kind == "country" and re.search(r"\b(?:with|to|from)\s+(?:the\s+)?$", text[: m.start]):
                ctx.named_partner = (m.code, name_of(m))
                ctx.named_partner_at = reading.sentence.index
    for s in stats:
        if s.flow in ("export", "import") and s.reporter is not None and s.role == "level" and not s.own_data:
            ctx.directional_reporter = s.reporter
    ctx.stats.extend(stats)


def _close_list(ctx: ArticleContext, reading: SentenceReading) -> None:
    """A header line ("Main partners in 2022:") opens a list whose items take its flow and period; any
    line that is no list item closes it."""
    if reading.header:
        ctx.list_header = (list_header_flow(reading.text),)
        ctx.list_owner = _header_owner(reading.text, reading.mentions)
        own = reading.own_periods
        resolved = resolve_period(own[0], ctx.period) if len(own) == 1 else None
        if resolved is not None:
            set_context_period(ctx, resolved)  # "Main partners in 2022:": the items' period
    elif not LIST_ITEM.match(reading.text):
        ctx.list_header = None
    if not reading.header and not ITEM_LINE.match(reading.text):
        ctx.list_owner = None


# "• Kazakhstan: turnover of $18.25 billion, ...": a line that opens with a name and a colon.
ITEM_LINE = re.compile(r"^\W{0,3}(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,2}\s*:\s")


def _header_owner(text: str, mentions: list[EntityMention]) -> tuple[str, str] | None:
    """The economy a list header says the trade is of: "China's H1 trade with ...:"."""
    for m in coded_mentions(mentions):
        if (
            m.possessive
            and m.kind in ("country", "region")
            and re.match(
                r"\s+(?:\w+\s+){0,3}?(?:trade|turnover|exports|imports)\b", text[m.end :], re.IGNORECASE
            )
        ):
            return m.code, name_of(m)
    return None
