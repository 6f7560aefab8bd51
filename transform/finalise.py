"""Finalise: the assembled statistics of an article as candidate rows, in order, duplicates removed.

The last stage. A figure stated twice (the same sides, flow, currency, period, value and product) is
one candidate: the first; the later one is dropped with `DUPLICATE`. A bound ("passes $100 billion for
the first time", qualifier "over") on a figure the article also states exactly for the same sides, flow,
currency, period and product ("a record $106.3 billion") is that figure said loosely: `SUPERSEDED_BOUND`.
"""

from __future__ import annotations

from transform.amounts import to_float
from transform.draft import Draft, Drop
from transform.ids import stat_id
from transform.model import ArticleText, TradeStatistic
from transform.version import EXTRACTOR_VERSION

DUPLICATE = Drop("finalise.duplicate", "the same figure as a candidate stated before it in the article")
SUPERSEDED_BOUND = Drop(
    "finalise.superseded_bound",
    "a bound ('over $100 billion') met by the exact figure the article states for the same statistic",
)


def finalise(article: ArticleText, results: list[Draft]) -> list[TradeStatistic]:
    """The candidates of the article, in order of appearance, duplicates removed."""
    return [row for row in finalise_each(article, results) if isinstance(row, TradeStatistic)]


def finalise_each(article: ArticleText, results: list[Draft]) -> list[TradeStatistic | Drop]:
    """Per assembled statistic, its candidate row, or the Drop that removed it (a duplicate, a bound)."""
    return _without_superseded_bounds(_rows(article, results))


def _statistic_key(row: TradeStatistic) -> tuple:
    sides = (row.reporter or "", row.partner or "")
    if row.flow == "total":
        sides = tuple(sorted(sides))
    return (sides, row.flow, row.currency, row.period_start, row.period_end, row.commodity)


def _without_superseded_bounds(rows: list[TradeStatistic | Drop]) -> list[TradeStatistic | Drop]:
    exact: dict[tuple, list[float]] = {}
    for row in rows:
        if isinstance(row, TradeStatistic) and row.qualifier not in ("over", "under"):
            exact.setdefault(_statistic_key(row), []).append(row.value)
    out: list[TradeStatistic | Drop] = []
    for row in rows:
        if not isinstance(row, TradeStatistic) or row.qualifier not in ("over", "under"):
            out.append(row)
            continue
        values = exact.get(_statistic_key(row), [])
        met = any(v > row.value if row.qualifier == "over" else v < row.value for v in values)
        out.append(SUPERSEDED_BOUND if met else row)
    return out


def _rows(article: ArticleText, results: list[Draft]) -> list[TradeStatistic | Drop]:
    out: list[TradeStatistic | Drop] = []
    seen: set[tuple] = set()
    for s in results:
        if s.blocked:
            s.reporter, s.reporter_via = None, None
        if s.flow is None:
            out.append(DUPLICATE)
            continue
        row = _row(article, s)
        identity = (*_statistic_key(row), row.value)
        out.append(DUPLICATE if identity in seen else row)
        seen.add(identity)
    return out


def _row(article: ArticleText, s: Draft) -> TradeStatistic:
    start, end = s.period if s.period else (None, None)
    value = to_float(s.value)
    value_usd = to_float(s.value_usd) if s.value_usd is not None else None
    return TradeStatistic(
        stat_id=stat_id(
            article.article_id,
            reporter=s.reporter,
            partner=s.partner,
            flow=s.flow,
            currency=s.amount.currency,
            period_start=start,
            period_end=end,
            commodity=s.commodity,
            value=value,
            sentence=s.sentence.text,
        ),
        article_id=article.article_id,
        source=article.source,
        url=article.url,
        published_at=article.published_at,
        reporter=s.reporter,
        reporter_name=s.reporter_name,
        partner=s.partner,
        partner_name=s.partner_name,
        flow=s.flow,
        value=value,
        currency=s.amount.currency,
        value_usd=value_usd,
        qualifier=s.qualifier,
        period_start=start,
        period_end=end,
        change_pct=s.change_pct,
        commodity=s.commodity,
        share_pct=s.share_pct,
        sentence=s.sentence.text,
        extractor=EXTRACTOR_VERSION,
        reporter_evidence=s.reporter_via if s.reporter is not None else None,
        partner_evidence=s.partner_via if s.partner is not None else None,
    )
