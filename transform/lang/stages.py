"""The extraction stages over a language pack: the same stages, hand-offs and drop ids as English.

    amount mentions (pack.amounts; restatements, carried currency)   -> Found
    amount guards (pack.guards, rows of `transform.guards.Guard`)     -> Guard or on
    trade flow (pack.cues; "分别 / соответственно" lists)             -> Cue or `flow.none`
    draft (value, sign of a balance, hedge, product group)            -> `transform.draft.Draft`
    actors (pack.named: reporter and partner by their side markers)   -> sides or an `actors.*` drop
    period and percentages (pack.periods, pack.percents)              -> period, change, share
    finalise (`transform.finalise`, shared with English)

The article context is a reader's: the running period, the carried currency ("人民币，下同"), the
topic (headline, dateline, data owner) and the last statistic, whose sides a sub-item inherits
("其中，出口…；进口…", "Импорт — 3,65 млрд"). Unsure means dropped, with the id of what dropped it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from transform.amounts import Amount
from transform.draft import Draft, Drop
from transform.entities import GROUP_PATTERNS
from transform.guards import MIN_TRADE_VALUE, Guard
from transform.lang.base import (
    BILATERAL_UNRESOLVED,
    CURRENCY_UNKNOWN,
    HOME_UNRESOLVED,
    NO_FLOW,
    NOT_A_REPORTER,
    NUMBER_UNREADABLE,
    PARTNER_LIST,
    PARTNER_UNCLEAR,
    PARTNER_UNCODED,
    PRIOR,
    REPORTER_LIST,
    REPORTER_UNRESOLVED,
    RESTATEMENT,
    SOLAR_CALENDAR,
    UNKNOWN_SUBJECT,
    WHOSE_UNRESOLVED,
    Cue,
    Found,
    LanguagePack,
    Named,
    PackContext,
    PercentFound,
    PeriodFound,
    Span,
    first_guard,
    qualify,
    view_of,
)
from transform.mentions import USD_CONVERSION
from transform.model import ArticleText, Flow
from transform.sentences import Sentence

Outcome = Draft | Drop | Guard
Side = tuple[str | None, str | None]
TOO_SMALL = Guard(
    "guard.too_small", "too small to be a trade value (a price, a count or a typo)", lambda v: True
)
EARLIER_LEVEL = Guard(
    "guard.earlier_level",
    "the level a change started from ('вырос с 24 до 31 млрд', '从100亿美元增长到200亿美元'): an earlier period's, "
    "which the text does not state",
    lambda v: True,
)


@dataclass(frozen=True)
class Reading:
    """One sentence as the packed stages read it (positions in the sentence)."""

    sentence: Sentence
    text: str  # normalised (Simplified script), same length as the original
    amounts: list[Found]
    cues: list[Cue]
    named: list[Named]
    periods: list[PeriodFound]
    percents: list[PercentFound]


def run_pack(
    pack: LanguagePack,
    article: ArticleText,
    outcomes: list[tuple[Sentence, Amount, Outcome]] | None = None,
) -> list[Draft]:
    """Every stage but finalise over one article of the pack's language."""
    body = pack.normalise(article.body)
    # Split the normalised text (same length); each sentence keeps the article's own words.
    sentences = [
        Sentence(article.body[s.start : s.end], s.start, s.end, s.paragraph, s.index)
        for s in pack.split(body)
    ]
    ctx = PackContext(published=article.published_at.date(), home=outlet_home(article.url))
    title = pack.normalise(article.title) if article.title else None
    ctx.topic = pack.topic(title, [body[s.start : s.end] for s in sentences[:3]])
    ctx.owner = pack.data_owner(title, [body[s.start : s.end] for s in sentences[:3]])
    ctx.story = [n for n in pack.named(title) if n.code not in (None, "WORLD")] if title else []
    ctx.story_cues = pack.cues(title) if title else []
    # its headline or first sentences name Iran's or Afghanistan's solar year (an aside later does not)
    ctx.solar = any(
        SOLAR_CALENDAR.search(text) for text in [title or "", *(body[s.start : s.end] for s in sentences[:3])]
    )
    for sentence in sentences:
        reading = _read(pack, ctx, sentence, body[sentence.start : sentence.end])
        _sentence(pack, ctx, reading, article.body, outcomes)
        ctx.prior = (sentence.index, reading.text, bool(reading.amounts))
        ctx.texts.append(reading.text)
    return ctx.drafts


def _read(pack: LanguagePack, ctx: PackContext, sentence: Sentence, text: str) -> Reading:
    carried = pack.carried_currency(text)  # "（人民币，下同）": the whole sentence and what follows
    amounts = pack.amounts(text, carried or ctx.currency)
    written = [a.currency for a in amounts if a.currency is not None and not a.restates]
    ctx.currency = carried or (written[-1] if written else ctx.currency)
    periods = pack.periods(text, ctx.published, ctx.period)  # every sentence: the running period
    if not amounts:  # most sentences state no figure: nothing else to read in them
        if text.rstrip().endswith(":"):  # a header: "…главных покупателей узбекской продукции:"
            ctx.header = (pack.cues(text), pack.named(text))
        return Reading(sentence, text, amounts, [], [], periods, [])
    cues = pack.cues(text)
    ranking = [c for c in cues if c.ranking]
    if ranking:
        ctx.ranking = (ranking[-1], sentence.index)
    named = resolve_named(_prior_named(pack, ctx, sentence.index, pack.named(text)), ctx, pack)
    if any(n.marker == "home" for n in named):
        named = _home_named(ctx, text, named)
    return Reading(sentence, text, amounts, cues, named, periods, pack.percents(text))


# The national domains of the outlets' economies: "отечественный экспорт" in a .kz outlet's own words is Kazakh.
_NATIONAL_DOMAINS = {"kz": "KZ", "uz": "UZ", "kg": "KG", "tj": "TJ", "tm": "TM", "ru": "RU", "cn": "CN"}
# Someone else's words: "наш" in a quoted envoy's or minister's mouth is his country, not the outlet's.
_ATTRIBUTED = re.compile(
    r"по\s+словам|по\s+мнению|по\s+данным|заяви\w*|сказа\w*|рассказа\w*|отмети\w*|подчеркну\w*|поясни\w*"
    r"|сообщи\w*|считает|интервью|посол\w*|представител\w*|министр\w*|дипломат\w*|[«»“”\"]",
    re.IGNORECASE,
)


def outlet_home(url: str | None) -> str | None:
    """The economy of an outlet by the national domain of its address (kapital.kz, kun.uz, 24.kg), else None
    (a .com or .org outlet's home is not certain)."""
    host = (url or "").split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].rstrip(".").lower()
    return _NATIONAL_DOMAINS.get(host.rsplit(".", 1)[-1]) if "." in host else None


def _home_named(ctx: PackContext, text: str, named: list[Named]) -> list[Named]:
    """ "отечественный экспорт", "наш товарооборот" in the outlet's own words (no speaker quoted or cited in the
    sentence or the one before) are the outlet's economy; otherwise whose home it is stays unknown."""
    prior = ctx.prior[1] if ctx.prior is not None else ""
    if ctx.home is None or _ATTRIBUTED.search(text) or _ATTRIBUTED.search(prior):
        return named
    return [replace(n, code=ctx.home, marker="subject") if n.marker == "home" else n for n in named]


def _prior_named(pack: LanguagePack, ctx: PackContext, index: int, named: list[Named]) -> list[Named]:
    """ "Общий товарооборот с этой страной…": the one economy the sentence just before named as a side (with,
    to, from); none, or several, and the phrase names no economy (code None: no partner)."""
    if not any(n.code == PRIOR for n in named):
        return named
    prior = ctx.prior
    sides: dict[str, str] = {}
    if prior is not None and prior[0] == index - 1:
        sides = {
            n.code: n.name for n in pack.named(prior[1]) if n.code and n.marker in ("with", "to", "from")
        }
    code = next(iter(sides)) if len(sides) == 1 and "WORLD" not in sides else None
    return [
        replace(n, code=code, name=sides[code] if code else n.name) if n.code == PRIOR else n for n in named
    ]


def resolve_named(named: list[Named], ctx: PackContext, pack: LanguagePack | None = None) -> list[Named]:
    """A name that may mean several economies ("乌": Uzbekistan or Ukraine, written "UZ|UA"; "全区": the
    autonomous region of the story) means the one the headline or the topic names, else the one the
    article names up to this sentence; else it is no economy (code None: no reporter, no partner)."""
    known = (
        {n.code for n in ctx.story}
        | {n.partner for n in ctx.story}
        | ({ctx.topic.code} if ctx.topic else set())
    )
    known = {c for c in known if c is not None and "|" not in c}
    wider: set[str] | None = None
    out = []
    for n in named:
        code, partner = _resolve(n.code, known), _resolve(n.partner, known)
        if pack is not None and (code is None and n.code or partner is None and n.partner):
            wider = wider if wider is not None else known | _article_codes(pack, ctx, named)
            code, partner = _resolve(n.code, wider), _resolve(n.partner, wider)
        if code != n.code or partner != n.partner:
            marker = "blocked" if code is None or (n.marker == "pair" and partner is None) else n.marker
            n = replace(n, code=code, partner=partner, marker=marker)
        out.append(n)
    return out


def _article_codes(pack: LanguagePack, ctx: PackContext, named: list[Named]) -> set[str]:
    """The economies named without ambiguity in the article so far and in this sentence ("中国是乌兹别克斯坦
    的第一大投资国。中乌双边贸易额…"); the earlier sentences are read once, when a name needs them."""
    for text in ctx.texts[ctx.earlier_read :]:
        ctx.earlier_codes |= {c for n in pack.named(text) for c in (n.code, n.partner) if c and "|" not in c}
    ctx.earlier_read = len(ctx.texts)
    return ctx.earlier_codes | {c for n in named for c in (n.code, n.partner) if c and "|" not in c}


def _resolve(code: str | None, known: set[str | None]) -> str | None:
    if code is None or "|" not in code:
        return code
    chosen = [c for c in code.split("|") if c in known]
    return chosen[0] if len(chosen) == 1 else None


def _sentence(
    pack: LanguagePack,
    ctx: PackContext,
    reading: Reading,
    body: str,
    outcomes: list[tuple[Sentence, Amount, Outcome]] | None,
) -> None:
    stats: list[Draft] = []
    ctx.retrospective = []
    for i, found in enumerate(reading.amounts):
        amount = qualify(found, reading.sentence, body)
        outcome = _figure(pack, ctx, reading, i, amount, stats)
        if isinstance(outcome, Draft):
            stats.append(outcome)
            ctx.drafts.append(outcome)
            ctx.last = outcome
            ctx.last_blocked = False
        elif outcome is NOT_A_REPORTER:
            ctx.last_blocked = True
        if outcomes is not None:
            outcomes.append((reading.sentence, amount, outcome))
    _listed_percents(reading, stats)
    # "而在2015年这一数字只有…", "в 2005 году этот показатель…": a look back, not what the article goes on about
    dated = [p for p in reading.periods if p.span is not None and p not in ctx.retrospective]
    # A sentence whose every figure was dropped (a visit "今年3月", a contract) may be about something
    # else: its period becomes the running one only if it does not narrow it (a year after a quarter does).
    written = {p.span for p in dated}
    levels = [s.period for s in stats if s.role == "level" and s.period in written]
    if levels:
        # A sentence with figures goes on about its last level's period, not a comparison's ("前10个月…进出口
        # 总额为132.2亿美元，与去年全年的133.7亿美元已相去不远": the ten months).
        ctx.period = levels[-1]
    elif dated and (stats or not reading.amounts or _span_days(dated[-1].span) >= _span_days(ctx.period)):
        # A sentence without figures goes on about its first period ("今年前10月的进出口总额与去年全年水准已
        # 相差无几": this year's ten months, not last year); one with figures about its last.
        ctx.period = dated[-1].span if reading.amounts else dated[0].span


def _span_days(span) -> int:
    return (span[1] - span[0]).days if span else -1


def _figure(
    pack: LanguagePack, ctx: PackContext, reading: Reading, i: int, amount: Amount, stats: list[Draft]
) -> Outcome:
    """One amount through the stages: mention -> guards -> flow -> draft -> actors -> period, percentages."""
    found = reading.amounts[i]
    mention = _mention(found, amount, stats)
    if mention is not None:
        return mention
    guard = _guard(pack, ctx, reading, i, amount)
    if guard is not None:
        return guard
    # the level a change reached goes with the words before the level it started from
    anchor = _pair_anchor(reading, i)
    cue, words_end = _flow(pack, ctx, reading, anchor), reading.amounts[anchor].start
    fronted = _fronted(pack, ctx, reading, i, amount) if cue is None else None
    if isinstance(fronted, Guard):
        return fronted
    if fronted is not None:  # "251.7亿美元——新疆2012年的对外贸易额…": the words follow the amount
        cue, words_end = fronted
    if cue is None:
        return _anaphoric(pack, ctx, reading, i, amount, stats) or NO_FLOW
    stat = _draft(pack, reading, found, amount, cue)
    dropped = _actors(pack, ctx, reading, stat, cue, stats, words_end)
    if dropped is not None:
        return dropped
    stat.period = (
        _fronted_period(reading, found, words_end) if fronted else _period(pack, reading, amount, ctx)
    )
    _percents(reading, i, cue, stat)
    if found.pair is not None:
        return _pair_level(pack, ctx, reading, i, stat)
    return stat


def _guard(pack: LanguagePack, ctx: PackContext, reading: Reading, i: int, amount: Amount) -> Guard | None:
    """The first amount guard that drops amount i; the level a change started from ("с 24 до 31 млрд") is
    dropped with the level it reached (a target "довести с … до …" is one throughout)."""
    view = view_of(reading.text, reading.amounts, i, ctx.published, amount, ctx.solar)
    guard = TOO_SMALL if abs(amount.value) < MIN_TRADE_VALUE else first_guard(pack.guards, view)
    if guard is None and reading.amounts[i].pair == "from" and i + 1 < len(reading.amounts):
        nxt = reading.amounts[i + 1]
        reached = Amount(
            nxt.value or Decimal(0), nxt.currency or "", nxt.start, nxt.end, reading.text[nxt.start : nxt.end]
        )
        guard = first_guard(
            pack.guards, view_of(reading.text, reading.amounts, i + 1, ctx.published, reached)
        )
    return guard


def _mention(found: Found, amount: Amount, stats: list[Draft]) -> Drop | None:
    """Amount mentions: unreadable numbers, unknown currencies, restatements (a USD one is kept as the
    figure's `value_usd`)."""
    if found.value is None:
        return NUMBER_UNREADABLE
    if found.restates and stats and stats[-1].amount.end <= found.start:
        if amount.currency == "USD" and stats[-1].amount.currency != "USD":
            stats[-1].value_usd = amount.value
            return USD_CONVERSION
        return RESTATEMENT
    if found.restates:
        return RESTATEMENT
    if found.currency is None:
        return CURRENCY_UNKNOWN
    return None


# ------------------------------------------------------------------------------------------- flow


def _flow(pack: LanguagePack, ctx: PackContext, reading: Reading, i: int) -> Cue | None:
    """The trade word governing amount i: a list's cue by position ("出口、进口分别为A、B"), else the
    last trade word since the previous amount, else the last one of its clause before it."""
    found = reading.amounts[i]
    listed = pack.list_cues(reading.text, found.start)
    if listed is not None:
        cues, zone = listed
        position = sum(1 for a in reading.amounts[:i] if a.start >= zone and not a.restates)
        return cues[position] if position < len(cues) else None
    # "Иран ввез 13,6 тысячи тонн продукции стоимостью 27,9 миллиона долларов": a quantity in between (no
    # currency) does not end the trade word's reach.
    money_before = [a for a in reading.amounts[:i] if a.currency is not None]
    since = money_before[-1].end if money_before else 0
    cues = [c for c in reading.cues if not c.ranking]
    window = [c for c in cues if since <= c.start and c.end <= found.start]
    if window:
        return window[-1]
    clause = pack.clause_start(reading.text, found.start)
    before = [c for c in cues if clause <= c.start and c.end <= found.start]
    if before:
        return before[-1]
    trailing = _trailing_cue(pack, reading, i, clause)
    if trailing is not None:
        return trailing
    if (
        i > 0
        and clause > 0
        and pack.inherits(reading.text[clause:])
        and not _cue_in_clause(pack, reading, clause)
    ):
        return _flow(pack, ctx, reading, i - 1)  # "…составил 7 млрд, а в этом году — 5 млрд": gapped
    return _item_flow(ctx, reading, i) if _item(reading, found.start) is not None else None


# An amount fronted before a dash, its trade word after it: "251.7亿美元——新疆2012年的对外贸易额…",
# "352亿元——这是…口岸2023年的进出口总值". Before it only a bracketed dateline ("【本报记者… 电】").
_FRONT_OPENING = re.compile(r"^\s*(?:【[^】]*】|\[[^\]]*\])?\s*$")
_FRONT_DASH = re.compile(r"\s*(?:——|—|–)\s*")


def _fronted(
    pack: LanguagePack, ctx: PackContext, reading: Reading, i: int, amount: Amount
) -> tuple[Cue, int] | Guard | None:
    """The trade word of an amount that opens its clause and is followed by a dash: the first one after the
    dash, in the dash's own clause, with no other amount between; and where that clause ends (its words name
    the sides and the period). The guards read the clause as the words before the amount ("5000亿元——新疆外贸
    力争到2030年达到这一目标" is a target)."""
    found, text = reading.amounts[i], reading.text
    if not _FRONT_OPENING.match(text[pack.clause_start(text, found.start) : found.start]):
        return None
    dash = _FRONT_DASH.match(text, found.end)
    if dash is None:
        return None
    following = [a.start for a in reading.amounts[i + 1 :]]
    end = following[0] if following else len(text)
    while (earlier := pack.clause_start(text, end)) > dash.end():
        end = earlier - 1
    cue = next((c for c in reading.cues if dash.end() <= c.start and c.end <= end and not c.ranking), None)
    if cue is None:
        return None
    view = view_of(text, reading.amounts, i, ctx.published, amount, ctx.solar)
    words = text[dash.end() : end]
    guard = first_guard(pack.guards, replace(view, before=view.before + words, window=view.window + words))
    return guard or (cue, end)


def _fronted_period(reading: Reading, found: Found, end: int) -> Span | None:
    """A fronted amount's period: the one written in the clause after its dash ("——新疆2012年的对外贸易额"), or
    none (never the running one: such a lead names its own)."""
    return next((p.span for p in reading.periods if found.end <= p.start and p.end <= end), None)


def _trailing_cue(pack: LanguagePack, reading: Reading, i: int, clause: int) -> Cue | None:
    """ "На Кыргызстан и Германию пришлось соответственно $903,2 млн и $829,0 млн товарооборота": partners
    named before the amounts, the trade word (genitive) right after them, only amounts and conjunctions
    between. Without a partner named before the amount it is no part of anyone's trade."""
    found = reading.amounts[i]
    if not any(clause <= n.start and n.end <= found.start and n.marker in ("with", "to", "from")
               for n in reading.named):  # fmt: skip
        return None
    position = found.end
    for nxt in reading.amounts[i + 1 :]:
        if not pack.joins(reading.text[position : nxt.start]):
            break
        position = nxt.end
    cue = next((c for c in reading.cues if c.start >= position and not c.ranking), None)
    return cue if cue is not None and pack.joins(reading.text[position : cue.start]) else None


def _headline_pair_trade(ctx: PackContext, reading: Reading, cue: Cue, start: int) -> bool:
    """A bare total ("товарооборот составил 20 млрд долларов", no economy named in the sentence before it)
    in an article whose headline is the trade of two economies is their bilateral trade."""
    if cue.flow != "total" or cue.foreign or cue.bilateral:
        return False
    if any(n.end <= start and n.marker != "blocked" for n in reading.named):
        return False
    codes = {n.code for n in ctx.story} | {n.partner for n in ctx.story if n.partner}
    totals = [c for c in ctx.story_cues if c.flow == "total" and not c.foreign and not c.ranking]
    return len(codes - {None, "WORLD"}) == 2 and bool(totals)


def _goes_on_bilateral(reading: Reading, cue: Cue) -> bool:
    """A bare total right after the sentence's bilateral trade word, no economy named between them
    ("两国贸易继续快速增长，全年贸易额达到9.72亿美元"), is that bilateral trade."""
    if cue.flow != "total" or cue.foreign or cue.bilateral:
        return False
    earlier = [c for c in reading.cues if c.end <= cue.start]
    if not earlier or not earlier[-1].bilateral or earlier[-1].flow != "total":
        return False
    return not any(earlier[-1].end <= n.start < cue.start and n.marker != "blocked" for n in reading.named)


def _cue_in_clause(pack: LanguagePack, reading: Reading, clause: int) -> bool:
    """Whether a trade word stands anywhere in the clause (after the amount too: "…, а $4,5 млрд пришлись
    на ввоз")."""
    following = [a.start for a in reading.amounts if a.start > clause]
    end = len(reading.text)
    for start in following[1:]:
        if pack.clause_start(reading.text, start) > clause:
            end = pack.clause_start(reading.text, start)
            break
    # and no further than the clause's own end ("…增至2024年的6741.5亿元，年均增长7.3%，比整体进出口…")
    after = next((a.end for a in reading.amounts if a.start > clause), clause)
    while (earlier := pack.clause_start(reading.text, end - 1)) > after:
        end = earlier
    return any(clause <= c.start < end for c in reading.cues)


def _line_item(reading: Reading, start: int) -> Named | None:
    """The item a list line opens on ("- Казахстан: товарооборот…; экспорт Узбекистана — $1,4 млрд"), or
    the last name before the figure when it opens its figures with a colon ("…занял Китай: оборот — $6 млрд"):
    the partner of the figures that name none of their own."""
    before = [n for n in reading.named if n.end <= start]
    if not before:
        return None
    # "Первое место среди торговых партнеров РУз занял Китай: оборот — $6 млрд": an item after its place
    opener = next((n for n in before if n.marker == "item" and reading.text.startswith(":", n.end)), None)
    return opener if opener is not None and opener in (before[0], before[-1]) else None


def _item(reading: Reading, start: int) -> Named | None:
    """The ranking item an amount belongs to: the name right before it marked `item`."""
    before = [n for n in reading.named if n.end <= start]
    return before[-1] if before and before[-1].marker == "item" else None


# A ranking goes on over this many sentences after the one naming what is ranked.
RANKING_REACH = 2


def _item_flow(ctx: PackContext, reading: Reading, i: int) -> Cue | None:
    """A ranking's item takes the trade word of its sentence before it ("первую пятерку торговых партнеров
    РУз составили Россия ($5,6 млрд), Казахстан ($3 млрд)"), else of the header line its list hangs
    from, else of the headline; two different flows there mean none."""
    found = reading.amounts[i]
    before = [c for c in reading.cues if c.end <= found.start]
    if before:
        return before[-1]
    for cues in (ctx.header[0] if ctx.header else [], ctx.story_cues):
        if len({c.flow for c in cues}) == 1:
            return cues[-1]
    if ctx.ranking is not None and reading.sentence.index - ctx.ranking[1] <= RANKING_REACH:
        return ctx.ranking[0]  # "Второе место у России ($5,6 млрд)" after "среди торговых партнеров РУз"
    before = [d for d in ctx.drafts if d.sentence.index == reading.sentence.index - 1]
    last = before[-1] if before else None
    if last is not None and last.partner_via == "lang.clause" and last.partner not in (None, "WORLD"):
        # "最大的贸易伙伴是哈萨克斯坦，贸易额为150亿美元。俄罗斯（32亿美元）和缅甸（5.62亿美元）分列第二、三位": the
        # ranking goes on from the first item's figure, in its flow
        return Cue(0, 0, last.flow)
    return None


def _level(reading: Reading, found: Found, amount: Amount, flow: Flow) -> Draft:
    """A trade level of `flow` as the amount states it (USD value when in dollars, hedge kept)."""
    stat = Draft(
        sentence=reading.sentence,
        amount=amount,
        flow=flow,
        role="level",
        value=amount.value,
        value_usd=amount.value if amount.currency == "USD" else None,
    )
    stat.qualifier = found.qualifier
    return stat


def _draft(pack: LanguagePack, reading: Reading, found: Found, amount: Amount, cue: Cue) -> Draft:
    stat = _level(reading, found, amount, cue.flow)
    if cue.flow == "balance" and pack.balance_negative(reading.text[: found.start]):
        stat.value = -abs(stat.value)
        if stat.value_usd is not None:
            stat.value_usd = stat.value
    clause = pack.clause_start(reading.text, min(cue.start, found.start))
    stat.commodity = pack.commodity(reading.text[clause : found.start]) or _earlier_product(
        pack, reading, clause, cue
    )
    return stat


def _earlier_product(pack: LanguagePack, reading: Reading, clause: int, cue: Cue) -> str | None:
    """ "进口商品中，农产品表现格外亮眼，前五个月进口额为43.6亿元": a product named in an earlier clause of
    the sentence, with no figure of its own, is what the figure's clause goes on about, unless that clause
    names an economy or the trade with the world."""
    if cue.foreign or cue.bilateral or clause == 0:
        return None
    if any(a.start < clause for a in reading.amounts):
        return None
    if any(clause <= n.start and n.end <= cue.start for n in reading.named):
        return None
    return pack.commodity(reading.text[:clause])


# ------------------------------------------------------------------------------------------- pairs


def _pair_anchor(reading: Reading, i: int) -> int:
    """The level a change reached ("с 24 до 31 млрд") is governed by the words before the level it started from."""
    found = reading.amounts[i]
    return i - 1 if found.pair == "to" and i > 0 and reading.amounts[i - 1].pair == "from" else i


def _pair_level(pack: LanguagePack, ctx: PackContext, reading: Reading, i: int, stat: Draft) -> Outcome:
    """One of a pair of levels, "вырос с $14,1 млн в 2000 году до $1,4 млрд в 2009 году", "за 2019–2024 годы
    (с $1,5 до $4,5 млн)": each takes the period written right after it, else the first (the level it started
    from) or last (the level reached) year of a range of years the pair is about. The level reached, else, the
    period of its figure. The level it started from, without a period, is dropped (`guard.earlier_level`): it is
    an earlier period's, never the figure's (so is one dated no earlier than the level reached). The change between them is the level reached's only when the first
    is the year before (or unstated); over a longer span it is no year-on-year change."""
    first = _pair_anchor(reading, i) if reading.amounts[i].pair == "to" else i
    if reading.amounts[first].pair != "from" or first + 1 >= len(reading.amounts):
        return stat
    earlier, reached = _pair_periods(pack, ctx, reading, first)
    if earlier is not None and (reached is None or earlier[1] >= reached[0]):
        earlier = None  # "2023年…由上年的2463.6亿元增至…": a first level not before the second is misdated
    if first == i:
        if earlier is None:
            return EARLIER_LEVEL
        stat.period, stat.change_pct, stat.change_claimed = earlier, None, False
        return stat
    stat.period = reached
    if earlier is not None and stat.period is not None and earlier != _a_year_before(stat.period):
        stat.change_pct, stat.change_claimed = None, False
    return stat


def _pair_periods(
    pack: LanguagePack, ctx: PackContext, reading: Reading, first: int
) -> tuple[Span | None, Span | None]:
    """The periods written for the two levels of a pair (right before one, "从2019年的…", or right after it,
    "с $14,1 млн в 2000 году до…"), else the ends of the range of years they span."""
    start, reached = reading.amounts[first], reading.amounts[first + 1]
    own_first, own_reached = _written_at(reading, start), _written_at(reading, reached)
    dated = [p for p in reading.periods if p.span is not None and p not in (own_first, own_reached)]
    after_first = next((p for p in dated if start.end <= p.start and p.end <= reached.start), None)
    following = [a.start for a in reading.amounts[first + 2 :]]
    limit = pack.clause_start(reading.text, following[0]) if following else len(reading.text)
    after_reached = next((p for p in dated if reached.end <= p.start < max(limit, reached.end + 1)), None)
    first_span = (own_first or after_first).span if own_first or after_first else None
    reached_span = (own_reached or after_reached).span if own_reached or after_reached else None
    before = [p for p in reading.periods if p.end <= start.start and p is not own_first]
    series = (before[-1].span if before else ctx.period) if not (before and before[-1].span is None) else None
    if series is not None and series[0].year < series[1].year:
        return first_span or _year_of(series[0].year), reached_span or _year_of(series[1].year)
    return first_span, reached_span or series


def _written_at(reading: Reading, found: Found) -> PeriodFound | None:
    """A period written right before an amount, only "的" or a hedge between ("2023年的3573.5亿元")."""
    before = [p for p in reading.periods if p.span is not None and p.end <= found.start]
    if before and not reading.text[before[-1].end : found.start].strip(" 的约近"):
        return before[-1]
    return None


def _year_of(year: int) -> Span:
    return date(year, 1, 1), date(year, 12, 31)


def _a_year_before(span: Span) -> Span:
    first, last = span
    return first.replace(year=first.year - 1), last.replace(
        year=last.year - 1, day=28 if (last.month, last.day) == (2, 29) else last.day
    )


# ------------------------------------------------------------------------------------------- anaphora


@dataclass(frozen=True)
class Referent:
    """The statistic an anaphoric figure ("этот показатель", "ее объем", "这一数字") stands for."""

    flow: Flow
    reporter: Side
    partner: Side
    period: Span | None = None


def _anaphoric(
    pack: LanguagePack, ctx: PackContext, reading: Reading, i: int, amount: Amount, stats: list[Draft]
) -> Draft | None:
    """ "如今两国贸易额已超过120亿美元，而在2015年这一数字只有47亿美元", "Для сравнения, в 2005 году этот
    показатель равнялся $9,5 млрд": the same statistic for another period. It takes the flow and sides of
    the figure it refers to (one before it in the sentence, else the sentence just before: its figure, or
    its trade word and economies when it states none) and the period of its own clause, which it needs."""
    found = reading.amounts[i]
    clause = pack.clause_start(reading.text, found.start)
    if not pack.anaphor(reading.text[clause : found.start]):
        return None
    since = max([clause] + [a.end for a in reading.amounts[:i]])  # its own: not the figure's it refers to
    own = [p for p in reading.periods if since <= p.start and p.end <= found.start and p.span is not None]
    referent = _referent(pack, ctx, reading, stats)
    if not own or referent is None:
        return None
    stat = _level(reading, found, amount, referent.flow)
    stat.set_reporter(referent.reporter, "anaphor.figure")
    stat.set_partner(referent.partner, "anaphor.figure")
    stat.period = own[-1].span
    current = referent.period or ctx.period
    if current is not None and own[-1].span[1] < current[1]:
        ctx.retrospective.append(own[-1])  # a look back does not move the running period
    _percents(reading, i, Cue(found.start, found.start, referent.flow), stat)
    return stat


def _referent(pack: LanguagePack, ctx: PackContext, reading: Reading, stats: list[Draft]) -> Referent | None:
    last = stats[-1] if stats else None
    prior = ctx.prior
    if last is None and prior is not None and prior[0] == reading.sentence.index - 1:
        if prior[2]:  # the sentence before stated figures: the last one kept, if it was kept
            recent = ctx.last is not None and ctx.last.sentence.index == prior[0]
            last = ctx.last if recent else None
        else:  # "взаимная торговля Китая и стран Центральной Азии увеличилась в 2,8 раза. … ее объем …"
            return _stated_trade(pack, ctx, prior[1])
    if last is None or last.reporter is None or last.commodity is not None:
        return None
    sides = (last.reporter, last.reporter_name), (last.partner, last.partner_name)
    return Referent(last.flow, *sides, last.period)


def _stated_trade(pack: LanguagePack, ctx: PackContext, text: str) -> Referent | None:
    """The trade a sentence without figures talks about: one flow, and both sides named (or the world)."""
    cues = [c for c in pack.cues(text) if not c.ranking]
    if len({c.flow for c in cues}) != 1:
        return None
    named = [n for n in resolve_named(pack.named(text), ctx) if n.marker != "blocked" and n.code]
    reporter, partner = _sides(named, cues[0].flow)
    if partner is None and cues[0].foreign:
        partner = ("WORLD", "world")
    if reporter is None or partner is None or None in (reporter[0], partner[0]):
        return None
    return Referent(cues[0].flow, reporter, partner)


# ------------------------------------------------------------------------------------------- actors


def _actors(
    pack: LanguagePack,
    ctx: PackContext,
    reading: Reading,
    stat: Draft,
    cue: Cue,
    stats: list[Draft],
    start: int,
) -> Drop | None:
    """Reporter and partner: named in the amount's clause with their side markers, else inherited from
    the figure before (a sub-item), else the article's topic (reporter) and the world (partner). `start` is
    where the figure's words end: the amount's start (the first level's, for the level a change reached)."""
    text = reading.text
    clause = pack.clause_start(text, min(cue.start, start))
    named = _figure_names(reading, cue, clause, start)
    settled = _settled_sides(pack, ctx, reading, stat, cue, stats, clause, named, start)
    if settled is not _UNSETTLED:
        return settled
    if stat.commodity is None and _unexplained(pack, text, clause, cue, named, start):
        return UNKNOWN_SUBJECT
    if _goes_on_bilateral(reading, cue):
        cue = replace(
            cue, bilateral=True
        )  # "2005年两国贸易继续增长，全年贸易额达到…": the two countries' total
    in_clause = [n for n in named if clause <= n.start]
    pair = _recent_pair(
        pack, ctx, reading, in_clause, cue
    )  # before a headline's pair makes a bare total theirs
    if _headline_pair_trade(ctx, reading, cue, start):
        cue = replace(cue, bilateral=True)  # "Товарооборот Кыргызстана и Китая…": "товарооборот составил…"
    sides = _listed_sides(pack, reading, named, cue, start)
    if isinstance(sides, Drop):
        return sides
    listed_subjects = sum(1 for n in named if n.listed and n.marker == "subject") > 1
    listed_partners = sum(1 for n in named if n.listed and n.marker != "subject") > 1
    reporter_via = "lang.list" if listed_subjects else "lang.clause"
    partner_via = "lang.list" if listed_partners else "lang.clause"
    if cue.bilateral and (sides[0] is None or sides[1] is None):
        written = sides
        sides = _bilateral(ctx, reading, sides, pair)
        if sides is None:
            return BILATERAL_UNRESOLVED
        reporter_via = reporter_via if written[0] is not None else "lang.context"
        partner_via = partner_via if written[1] is not None else "lang.context"
    reporter, partner = sides
    inherited = _inherited(pack, ctx, reading, stats, clause, named)
    if (
        reporter is None
        and partner is None
        and inherited is None
        and _subject_dealing_with_another(reading, clause)
    ):
        return PARTNER_UNCLEAR
    if reporter is None:
        reporter = _context_reporter(pack, ctx, reading, cue, clause, start, partner, inherited)
        reporter_via = "lang.context"
    if reporter is None:
        return REPORTER_UNRESOLVED
    line_item = _line_item(reading, start)
    if partner is None and line_item is not None and line_item.code != reporter[0]:
        partner, partner_via = (line_item.code, line_item.name), "lang.list"  # "- Казахстан: …; экспорт — $X"
    if partner is None:
        inherited_partner = _inherited_partner(inherited, reporter, cue)
        partner = inherited_partner or ("WORLD", "world")
        partner_via = "lang.context" if inherited_partner else "context.world_default"
    if reporter_via == "lang.context" and reporter[0] == partner[0]:
        # "Турция остается главным покупателем таджикских товаров" over "экспорт товаров в Турцию" on
        # avesta.tj: the headline's subject is the partner here; the outlet's own economy reports, when the
        # outlet has one, else nobody is guessed
        reporter = _outlet_side(ctx, reading, partner[0])
        if reporter is None:
            return REPORTER_UNRESOLVED
    stat.set_reporter(reporter, reporter_via)
    stat.set_partner(partner, partner_via)
    # "俄罗斯向中国出口363亿美元" in China's customs data is China's import from Russia (the data owner reports).
    stat.as_seen_by(pack.data_owner(None, [text]) or ctx.owner)
    return None


_UNSETTLED = Drop("actors.unsettled", "internal: the sides are read from the figure's words")


def _settled_sides(
    pack: LanguagePack,
    ctx: PackContext,
    reading: Reading,
    stat: Draft,
    cue: Cue,
    stats: list[Draft],
    clause: int,
    named: list[Named],
    start: int,
) -> Drop | None:
    """The sides settled before the figure's own words are read: a figure referring to the trade before
    ("этой торговли"), a side without a code, a ranking's item. `_UNSETTLED` when none of these applies."""
    if pack.anaphor(reading.text[clause:start]) and not any(n.code for n in named):
        return _sides_of_referent(pack, ctx, reading, stat, stats)
    uncoded = _uncoded_side(pack, ctx, reading, cue, clause, named, start, stats)
    if uncoded is not None:
        return uncoded
    item = _item(reading, start)
    if item is not None:
        return _item_sides(ctx, reading, stat, item)
    return _UNSETTLED


def _sides_of_referent(
    pack: LanguagePack, ctx: PackContext, reading: Reading, stat: Draft, stats: list[Draft]
) -> Drop | None:
    """ "Объем этой торговли в 2017 году составил 263 миллиона долларов": the sides of the trade the words
    refer to (the figure before, or the trade the sentence before names); unresolved, none are guessed."""
    referent = _referent(pack, ctx, reading, stats)
    if referent is None or referent.reporter[0] is None:
        return REPORTER_UNRESOLVED
    stat.set_reporter(referent.reporter, "anaphor.figure")
    stat.set_partner(referent.partner, "anaphor.figure")
    return None


def _context_reporter(
    pack: LanguagePack,
    ctx: PackContext,
    reading: Reading,
    cue: Cue,
    clause: int,
    start: int,
    partner: Side | None,
    inherited: Draft | None,
) -> Side | None:
    """Whose trade a figure naming no reporter is: the subject earlier in the sentence, the figure it
    continues, the owner of the whole it is a part of, the running reporter, the topic."""
    reporter = _earlier_subject(reading, clause) or (inherited and _side(inherited, "reporter"))
    if cue.start >= start:  # "на Кыргызстан пришлось $903,2 млн товарооборота": a part of a whole
        reporter = reporter or _whole_owner(pack, ctx, reading, cue, partner)
    return reporter or _continued(ctx, reading) or _topic(ctx)


def _outlet_side(ctx: PackContext, reading: Reading, partner: str | None) -> Side | None:
    """The outlet's own economy (by its national domain) as a side, unless it is the partner."""
    if ctx.home is None or ctx.home == partner:
        return None
    name = next((n.name for n in [*ctx.story, *reading.named] if n.code == ctx.home), ctx.home)
    return ctx.home, name


def _figure_names(reading: Reading, cue: Cue, clause: int, start: int) -> list[Named]:
    """The names that may be the figure's sides: those of its clause up to the amount."""
    named = [n for n in reading.named if clause <= n.start and n.end <= start]
    previous_end = max((a.end for a in reading.amounts if a.end <= start), default=None)
    if previous_end is not None and cue.start < previous_end:
        # "Россия поставила в КНР… на $6,86 млрд, Китай в Россию — на $6,6 млрд": a gapped clause's own names
        named = [n for n in named if n.start >= previous_end] or named
    if not named:  # "Сальдо торговли Узбекистана с КНР было отрицательным: дефицит составил…"
        since = previous_end or 0
        named = [n for n in reading.named if since <= n.start and n.end <= start]
    return named


def _uncoded_side(
    pack: LanguagePack,
    ctx: PackContext,
    reading: Reading,
    cue: Cue,
    clause: int,
    named: list[Named],
    start: int,
    stats: list[Draft],
) -> Drop | None:
    """Whether a side of the figure is a place or an area without a code: a port or an enterprise as the
    subject, a sub-item of such a figure, a partner area (the CIS)."""
    text = reading.text
    if any(n.marker == "home" for n in named):
        return HOME_UNRESOLVED  # "отечественный экспорт": whose home, the text does not say
    if any(n.marker == "whose" for n in named):
        return WHOSE_UNRESOLVED
    subjects = [n for n in named if n.marker in ("subject", "blocked") and n.end <= cue.start]
    if subjects and subjects[-1].marker == "blocked":  # "霍尔果斯口岸进出口", "新疆民营企业进出口"
        return NOT_A_REPORTER
    if named and named[-1].marker == "blocked" and named[-1].end > cue.end:
        return NOT_A_REPORTER  # "按进出口总值排序，全省各市区前3名依次为…": the cities' figures
    if ctx.last_blocked and not named and not stats and (pack.inherits(text[clause:]) or pack.inherits(text)):
        return NOT_A_REPORTER  # "这当中，进口…" after the ports' figure: the ports' too
    sides = ("with", "to", "from")
    if any(n.code is None and n.marker in sides for n in named) or (
        not any(n.marker in (*sides, "pair") for n in named)
        and any(n.code is None and n.marker in sides and n.end <= start for n in reading.named)
    ):  # "товарооборот Узбекистана со странами СНГ …, при этом экспорт …": the sub-items too
        return PARTNER_UNCODED
    return None


def _item_sides(ctx: PackContext, reading: Reading, stat: Draft, item: Named) -> Drop | None:
    """A ranking's item is the partner; the reporter is the economy whose partners they are: named as a
    subject earlier in the sentence ("торговых партнеров РУз"), else in the header line, else the
    reporter of the statistic just before (the ranking goes on), else the topic."""
    subjects = [
        n
        for n in reading.named
        if n.end <= item.start and n.marker in ("subject", "pair") and n.code not in (None, "WORLD")
    ]
    header = _header_owner(ctx.header[1], stat.flow) if ctx.header else None
    last = ctx.last
    recent = last is not None and reading.sentence.index - last.sentence.index <= 2
    if (item.code or "").startswith("CN-"):
        return _region_item_sides(stat, item, last if recent else None)
    reporter = (
        (subjects[-1].code, subjects[-1].name)
        if subjects
        else header or (_side(last, "reporter") if recent else None) or _topic(ctx)
    )
    if reporter is None or reporter[0] is None or reporter[0] == item.code:
        return REPORTER_UNRESOLVED
    stat.set_reporter(reporter, "lang.clause" if subjects else "lang.context")
    stat.set_partner((item.code, item.name), "lang.list")
    return None


def _region_item_sides(stat: Draft, item: Named, last: Draft | None) -> Drop | None:
    """ "黑龙江对俄贸易额达56.8亿美元，相当于紧随其后的广东(28.3亿美元)、山东(21.7亿美元)…": provinces ranked
    after a province's figure report their own trade with the same partner; without that figure, nothing."""
    if last is None or last.partner in (None, "WORLD") or not (last.reporter or "").startswith("CN-"):
        return REPORTER_UNRESOLVED
    stat.set_reporter((item.code, item.name), "lang.list")
    stat.set_partner((last.partner, last.partner_name), "lang.context")
    return None


def _header_owner(named: list[Named], flow: Flow) -> Side | None:
    """Whose items a header line introduces: "По отдельным странам Центральной Азии показатели Узбекистана
    выглядят так:" names the partners' group and the owner; the economy, not the group, owns the items."""
    economies = [n for n in named if n.code not in _GROUP_CODES]
    return _sides(economies, flow)[0] if economies else _sides(named, flow)[0]


# Which side a direction marker gives, by flow: exports go from the reporter to the partner ("экспорт из
# Кыргызстана в Россию"), imports come from the partner into the reporter ("импорт в Казахстан из Китая").
_DIRECTION_IS_REPORTER = {"export": "from", "import": "to"}


def _sides(named: list[Named], flow: str) -> tuple[Side | None, Side | None]:
    """Reporter and partner from the markers of the names in the clause."""
    reporter: Side | None = None
    partner: Side | None = None
    for n in named:
        if n.marker == "pair":
            reporter, partner = (n.code, n.name), (n.partner, n.partner_name)
        elif (n.marker == "subject" or n.marker == _DIRECTION_IS_REPORTER.get(flow)) and reporter is None:
            reporter = (n.code, n.name)
        elif n.marker in ("with", "to", "from") and partner is None:
            partner = (n.code, n.name)
    return reporter, partner


def _listed_sides(
    pack: LanguagePack, reading: Reading, named: list[Named], cue: Cue, start: int
) -> tuple[Side | None, Side | None] | Drop:
    """The sides by the markers, with a list of partners ("对哈萨克斯坦、吉尔吉斯斯坦…分别为") or of economies
    whose trade it is ("广东、江苏和浙江外贸进出口分别为…") read in order, or dropped without "分别"."""
    sides = _sides(named, cue.flow)
    subjects = [n for n in named if n.listed and n.marker == "subject"]
    if len(subjects) > 1:
        if cue.bilateral or not pack.respectively(reading.text):
            return REPORTER_LIST
        position = sum(1 for a in reading.amounts if subjects[-1].end <= a.start < start and not a.restates)
        if position >= len(subjects):
            return REPORTER_LIST
        sides = ((subjects[position].code, subjects[position].name), sides[1])
    listed = [n for n in named if n.listed and n.marker != "subject"]
    if len(listed) > 1:
        partner = _listed_partner(pack, reading, listed, cue.flow, start)
        if partner is None:
            return PARTNER_LIST
        sides = (sides[0], partner)
    return sides


def _listed_partner(
    pack: LanguagePack, reading: Reading, listed: list[Named], flow: str, start: int
) -> Side | None:
    """ "新疆对哈萨克斯坦、吉尔吉斯斯坦的进出口额分别为A、B": the n-th amount after the list is the n-th
    partner's; without "分别" the amount belongs to none of them alone."""
    if not pack.respectively(reading.text) or listed[0].marker == _DIRECTION_IS_REPORTER.get(flow):
        return None
    zone = listed[-1].end
    position = sum(1 for a in reading.amounts if zone <= a.start < start and not a.restates)
    if position >= len(listed):
        return None
    return (listed[position].code, listed[position].name)


def _recent_pair(
    pack: LanguagePack, ctx: PackContext, reading: Reading, named: list[Named], cue: Cue
) -> Named | None:
    """ "中塔两国自1992年建交… 两国在2007年的贸易额是…": the pair (中塔, казахстанско-китайский) named last,
    in this sentence or one of the three before it, else in the headline, is whose bilateral trade "两国",
    "双方" mean."""
    if not cue.bilateral or any(n.marker != "blocked" for n in named):
        return None
    texts = [reading.text] + ctx.texts[-3:][::-1]
    for i, text in enumerate(texts):
        found = reading.named if i == 0 else resolve_named(pack.named(text), ctx, pack)
        pairs = [n for n in found if n.marker == "pair" and n.code and n.partner]
        if pairs:
            return pairs[-1]
        economies = _distinct_economies([n for n in found if i > 0 or n.end <= cue.start])
        if (
            len(economies) == 2
        ):  # "Узбекистан и Китай заявили… объем торговли двух стран…", "荷兰位列俄罗斯…，双方贸易额"
            first, second = economies
            return Named(first.start, second.end, first.code, first.name, "pair", second.code, second.name)
        if len(economies) > 2:
            return None  # three or more named: which two, the text does not say
    story = resolve_named(ctx.story, ctx, pack)
    pairs = [n for n in story if n.marker == "pair" and n.code and n.partner]
    if pairs:
        return pairs[-1]  # "中哈贸易稳步增长" in the headline
    economies = _distinct_economies(story)
    if (
        len(economies) == 2
    ):  # "В Корее учатся 11 тысяч студентов из Узбекистана": the headline's two economies
        first, second = economies
        return Named(first.start, second.end, first.code, first.name, "pair", second.code, second.name)
    return None


_GROUP_CODES = frozenset(["WORLD", *(code for code, _ in GROUP_PATTERNS)])


def _distinct_economies(found: list[Named]) -> list[Named]:
    """The coded economies a sentence names, each once, in order (groups and the world excluded)."""
    out: list[Named] = []
    for n in found:
        code = n.code or ""
        coded = n.marker != "blocked" and code and "|" not in code and code not in _GROUP_CODES
        if coded and all(o.code != code for o in out):
            out.append(n)
    return out


def _bilateral(
    ctx: PackContext, reading: Reading, sides: tuple[Side | None, Side | None], pair: Named | None = None
) -> tuple[Side, Side] | None:
    """ "双边贸易额", "двусторонний товарооборот": the pair named just before ("两国", "双方" after "中塔"), else
    the story's two economies, the topic and the one named."""
    reporter, partner = sides
    if pair is not None and partner is None:
        first, second = (pair.code, pair.name), (pair.partner, pair.partner_name)
        if reporter is None or reporter[0] == first[0]:
            return first, second
        if reporter[0] == second[0]:
            return second, first
    topic = _topic(ctx)
    named = [
        (n.code, n.name) for n in reading.named + ctx.story if n.code is not None and n.marker != "blocked"
    ]
    others = {s[0]: s for s in named if topic is None or s[0] != topic[0]}
    # neither side written: the one other economy named (with three or more, which two the text does not say)
    other = partner or reporter or (next(iter(others.values())) if len(others) == 1 else None)
    if topic is None or other is None or other[0] == topic[0]:
        return None
    return topic, other


def _inherited(
    pack: LanguagePack,
    ctx: PackContext,
    reading: Reading,
    stats: list[Draft],
    clause: int,
    named: list[Named],
) -> Draft | None:
    """The figure a sub-item continues: the one before it in the sentence, or the last of the article when
    the clause or its sentence opens as a sub-item does ("其中", "具体来看", "Экспорт —"), or when that figure's
    sentence ended with a semicolon ("中方出口…；中方进口…": parallel clauses of one sentence)."""
    if named and any(n.marker != "blocked" for n in named if n.marker in ("with", "to", "from", "pair")):
        return None
    if stats:
        return stats[-1]
    if ctx.last is None:
        return None
    if _after_semicolon(ctx, reading) or pack.inherits(reading.text[clause:]) or pack.inherits(reading.text):
        return ctx.last
    return None


def _inherited_partner(inherited: Draft | None, reporter: Side, cue: Cue) -> Side | None:
    """A sub-item's partner: the partner of the figure it goes on from when it has the same reporter
    ("新疆对哈萨克斯坦进出口…，其中出口…"); the other side when its subject is that figure's partner
    ("中塔贸易额为31.5亿美元，塔方出口额为5亿美元": Tajikistan's exports to China)."""
    if inherited is None or cue.foreign or inherited.partner in (None, "WORLD"):
        return None
    if inherited.reporter == reporter[0]:
        return _side(inherited, "partner")
    if inherited.partner == reporter[0]:
        return _side(inherited, "reporter")
    return None


def _whole_owner(
    pack: LanguagePack, ctx: PackContext, reading: Reading, cue: Cue, partner: Side | None
) -> Side | None:
    """Whose trade a partner's part is when the trade word follows the amount: the economy named right
    after the trade word ("…товарооборота Узбекистана"), else the reporter of the figures just before
    (a ranking going on), else none."""
    end = len(reading.text)
    following = [a.start for a in reading.amounts if a.start > cue.end]
    if following:
        end = pack.clause_start(reading.text, following[0])
    owners = [n for n in reading.named if cue.end <= n.start < end and n.marker == "subject" and n.code]
    if owners:
        return (owners[0].code, owners[0].name)
    last = ctx.last
    if last is None or reading.sentence.index - last.sentence.index > 2:
        return None
    if partner is not None and last.reporter == partner[0]:
        return None
    return _side(last, "reporter")


def _earlier_subject(reading: Reading, clause: int) -> Side | None:
    """A subject named earlier in the sentence ("新疆外贸…，其中对哈萨克斯坦…")."""
    earlier = [n for n in reading.named if n.end <= clause and n.marker in ("subject", "pair")]
    return (earlier[-1].code, earlier[-1].name) if earlier else None


def _subject_dealing_with_another(reading: Reading, clause: int) -> bool:
    """ "В 2023 году Китай инвестировал в Казахстан $1,5 млрд, а товарооборот составил $41 млрд": the subject of an
    earlier clause deals there with another economy, and no figure of the sentence was kept: whether the trade is
    with that economy or with the world, the sentence does not say."""
    earlier = [n for n in reading.named if n.end <= clause and n.code is not None]
    subjects = [n for n in earlier if n.marker == "subject"]
    if not subjects or any(n.marker == "pair" for n in earlier):
        return False
    return any(
        n.start > subjects[-1].start
        and n.marker in ("with", "to", "from")
        and n.code not in ("WORLD", subjects[-1].code)
        for n in earlier
    )


def _continued(ctx: PackContext, reading: Reading) -> Side | None:
    """The economy whose trade with the world the sentence just before reported: "Внешнеторговый оборот
    Узбекистана составил… В отчетном периоде экспорт…" goes on about it, whatever the headline names; so
    does a clause after a semicolon, whatever the partner before ("新疆对哈萨克斯坦出口…；对吉尔吉斯斯坦出口…")."""
    last = ctx.last
    if last is None or reading.sentence.index - last.sentence.index > 1:
        return None
    if last.partner != "WORLD" and not _after_semicolon(ctx, reading):
        return None
    return _side(last, "reporter")


def _after_semicolon(ctx: PackContext, reading: Reading) -> bool:
    """Whether the last figure's sentence is the one just before and ended with a semicolon: the two are
    clauses of one sentence (the packs split at "；" so each clause is read on its own)."""
    last = ctx.last
    return (
        last is not None
        and last.sentence.index == reading.sentence.index - 1
        and last.sentence.text.rstrip().endswith(("；", ";"))
    )


def _side(stat: Draft | None, which: str) -> Side | None:
    if stat is None:
        return None
    if which == "reporter":
        return (stat.reporter, stat.reporter_name)
    return (stat.partner, stat.partner_name)


def _topic(ctx: PackContext) -> Side | None:
    return (ctx.topic.code, ctx.topic.name) if ctx.topic is not None else None


def _unexplained(
    pack: LanguagePack, text: str, clause: int, cue: Cue, named: list[Named], start: int
) -> bool:
    """Whether words around the trade word name something the lexicons do not know: "服装鞋帽出口" (before
    it) or "экспорт цветов" (after it) is a product, not the economy's trade."""
    after_names = max([clause] + [n.end for n in named if n.end <= cue.start])
    before = text[after_names : cue.start] if cue.start > clause else ""
    after = text[cue.end : start] if cue.end <= start else ""
    return pack.commodity(before + " " + after) is None and pack.unexplained(before, after)


# --------------------------------------------------------------------------------- period, percentages


def _period(pack: LanguagePack, reading: Reading, amount: Amount, ctx: PackContext):
    """The nearest period before the amount in its sentence, else the first after it, else the running one.
    When the nearest one before cannot be dated ("“十四五”期间"), no period."""
    written = [p for p in reading.periods if p.end <= amount.start]
    if written and written[-1].span is None:
        return None
    dated = [p for p in reading.periods if p.span is not None]
    before = [p for p in dated if p.end <= amount.start]
    if before:
        return before[-1].span
    # after it, up to the clause of the next amount ("120亿美元，而在2015年这一数字只有47亿美元": 2015 is the next one's)
    following = [a.start for a in reading.amounts if a.start >= amount.end]
    limit = following[0] if following else len(reading.text)
    if following and pack.clause_start(reading.text, limit) > amount.end:
        limit = pack.clause_start(reading.text, limit)
    after = [p for p in dated if amount.end <= p.start < limit]
    if after:
        return after[0].span
    if any(p.span is None for p in reading.periods):
        return None  # a period is written but cannot be dated: no guess
    return ctx.period


def _percents(reading: Reading, i: int, cue: Cue, stat: Draft) -> None:
    """Change and share: the first unlisted percentage after the amount (before the next amount), else a
    change between the trade word and the amount ("увеличился на 33% и составил…")."""
    amount = reading.amounts[i]
    # up to the next figure: an amount it is compared with ("比2022年的155亿美元增长27.7%") is none
    nxt = next((a.start for a in reading.amounts[i + 1 :] if not a.compared), len(reading.text))
    # "全国外贸进出口20万亿元，其中广东占比为20%": a percentage whose subject is another economy is that one's
    after = [
        p
        for p in reading.percents
        if amount.end <= p.start < nxt and not p.listed and not _own_subject(reading, amount.end, p.start)
    ]
    between = [p for p in reading.percents if cue.end <= p.start and p.end <= amount.start and not p.listed]
    for kind in ("change", "share"):
        chosen = next((p for p in after if p.kind == kind), None)
        if chosen is None and kind == "change":
            chosen = next((p for p in between if p.kind == "change"), None)
        if chosen is None or chosen.value is None:
            continue
        if kind == "change":
            stat.change_pct = float(chosen.value)
        else:
            stat.share_pct = float(chosen.value)
    if stat.change_pct is None and any(p.kind == "multiple" and p.value is None for p in after):
        stat.change_claimed = True  # an ambiguous multiplier: the change is left null, never guessed


def _own_subject(reading: Reading, since: int, start: int) -> bool:
    """Whether an economy named after `since` stands right before `start` ("其中广东占比为20%")."""
    return any(
        since <= n.start and n.end <= start and reading.text[n.end : start].strip() in ("", "的")
        for n in reading.named
    )


def _listed_percents(reading: Reading, stats: list[Draft]) -> None:
    """ "分别增长44.3%、28.7%", "на 12% и 5% соответственно": the listed changes, in order, to the
    sentence's last figures without a change of their own."""
    listed = [p for p in reading.percents if p.listed and p.kind == "change"]
    targets = [s for s in stats if s.change_pct is None]
    if not listed or len(targets) < len(listed):
        return
    for stat, percent in zip(targets[-len(listed) :], listed, strict=True):
        if percent.value is not None:
            stat.change_pct = float(percent.value)
