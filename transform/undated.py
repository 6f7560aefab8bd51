"""Articles without a known publication date: which statistics stand without it, and which cannot.

A relative period ("last year", "this year", "the first four months", "in May", "Q1") is resolved
against the publication date, and an article whose date is unknown has none to resolve it against.
Guessing one (the fetch time) would store figures under the wrong year, so the rule is:

**A statistic of an undated article depends on the publication date when extraction does not give
the same statistic for two publication dates a year apart.** The article is extracted twice, as if
published on `latest` (the latest date it can have: the day it was fetched) and on the same day a
year earlier. A statement whose period is absolute ("in 2023", "January-June 2024") comes out the same
both times (same `stat_id`, same fields) and is kept, with `published_at` null. A statement whose
period, or whose very reading (a target "by 2026" or a figure for 2026), changes with the
publication date comes out differently, or only once, and becomes a reject with the rule
`period.undated_article`: its period and `published_at` are null (no date was guessed for it), its
`stat_id` is computed without a period, so it is the same on every run.

The rule needs nothing of extraction's internals: any relative reading is a function of the
publication date, and moving the date by a whole year moves every such reading (a month, a year or a
span of months "of this year") by a year, while leaving absolute ones as they are. The fetch time
only bounds the publication date from above (an article is published before it is fetched); it never
becomes a `published_at` or a period.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from transform.ids import stat_id
from transform.model import ArticleText, Rejection, TradeStatistic

RULE_ID = "period.undated_article"
REASON = (
    "the article's publication date is unknown (no date in its metadata, JSON-LD, date line, feed entry or "
    "URL) and this figure's period depends on it ('last year', 'in May', 'the first four months'): "
    "check the page for a date, give the source a way to read it (a site parser's date line, a feed "
    "with dates) and reprocess"
)


@dataclass(frozen=True)
class UndatedResult:
    """The statistics of an undated article that stand without its date, and those that cannot."""

    kept: tuple[TradeStatistic, ...]  # published_at None; validated like any other candidate
    rejected: tuple[Rejection, ...]  # rule `period.undated_article`


def reference_dates(latest: datetime) -> tuple[datetime, datetime]:
    """`latest` (UTC) and the same instant a year earlier (29 February becomes the 28th)."""
    latest = latest.astimezone(UTC)
    try:
        earlier = latest.replace(year=latest.year - 1)
    except ValueError:
        earlier = latest.replace(year=latest.year - 1, day=28)
    return latest, earlier


def split_undated(
    article: ArticleText, latest: datetime, extract: Callable[[ArticleText], Sequence[TradeStatistic]]
) -> UndatedResult:
    """Extract an article whose publication date is unknown (`article.published_at` is ignored).

    `latest` is the latest possible publication time (the fetch time); `extract` is the extraction
    (`transform.extraction.extract_candidates`). A candidate is kept when both reference dates give
    it with the same `stat_id` and fields; a USD conversion that only one of them accepted is dropped
    (`value_usd` null) rather than the statistic. Everything else is rejected, once per statement.
    """
    first, second = (list(extract(replace(article, published_at=when))) for when in reference_dates(latest))
    by_id = {candidate.stat_id: _undated(candidate) for candidate in second}
    kept: list[TradeStatistic] = []
    dependent: list[TradeStatistic] = []
    for candidate in first:
        undated, other = _undated(candidate), by_id.get(candidate.stat_id)
        if other is not None and other == undated:
            kept.append(undated)
        elif other is not None and replace(other, value_usd=None) == replace(undated, value_usd=None):
            kept.append(replace(undated, value_usd=None))
        else:
            dependent.append(undated)
    first_ids = {candidate.stat_id for candidate in first}
    dependent += [candidate for candidate in by_id.values() if candidate.stat_id not in first_ids]
    rejected: dict[str, Rejection] = {}
    for candidate in dependent:
        without_period = replace(candidate, period_start=None, period_end=None)
        identity = _stat_id(without_period)
        rejected.setdefault(
            identity,
            Rejection(statistic=replace(without_period, stat_id=identity), rule=RULE_ID, reason=REASON),
        )
    return UndatedResult(kept=tuple(kept), rejected=tuple(rejected.values()))


def _undated(candidate: TradeStatistic) -> TradeStatistic:
    return replace(candidate, published_at=None)


def _stat_id(candidate: TradeStatistic) -> str:
    return stat_id(
        candidate.article_id,
        reporter=candidate.reporter,
        partner=candidate.partner,
        flow=candidate.flow,
        currency=candidate.currency,
        period_start=None,
        period_end=None,
        commodity=candidate.commodity,
        value=candidate.value,
        sentence=candidate.sentence,
    )
