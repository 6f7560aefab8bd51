"""Data passed through the transform stage: article text in, trade statistics and rejections out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

# The trade flow a statistic states; a balance is exports minus imports (negative: a deficit).
Flow = Literal["total", "export", "import", "balance"]


@dataclass(frozen=True)
class ArticleText:
    """What extraction needs of an article: identity for provenance, the date to resolve periods."""

    article_id: str
    source: str
    url: str
    published_at: datetime  # timezone-aware UTC; relative periods resolve against its date
    # (an article without a known date is extracted through `transform.undated.split_undated`)
    body: str  # paragraphs joined by a blank line
    title: str | None = None
    # ISO 639-1 code ("en", "zh", "ru"); a language with a pack (`transform.lang`) is read with it,
    # anything else (None included) with the English finders.
    language: str | None = None


@dataclass(frozen=True)
class TradeStatistic:
    """One merchandise-trade value stated in an article: a row of `trade_stats` (contract columns).

    Candidates produced by extraction have the same shape; fields a candidate could not fill are
    None and validation rejects it with a reason. `value` is computed exactly (via Decimal).
    """

    stat_id: str
    article_id: str
    source: str
    url: str
    published_at: datetime | None  # None for an article whose publication date is unknown
    reporter: str | None
    reporter_name: str | None
    partner: str | None
    partner_name: str | None
    flow: Flow | None
    value: float | None
    currency: str | None
    value_usd: float | None
    qualifier: str | None  # about | over | under | None
    period_start: date | None
    period_end: date | None
    change_pct: float | None
    commodity: str | None
    share_pct: float | None
    sentence: str
    extractor: str
    # Ids of the "warn" validation rules that flagged it, sorted, comma-separated; None when none did.
    # Set by `transform.validation.validate_with_warnings`; extraction leaves it None.
    warnings: str | None = None
    # How its reporter and its partner were resolved: ids of `transform.evidence.EVIDENCE` ("explicit.role",
    # "context.topic", ...); None for a side that was not resolved. The validation rule
    # `actors.low_confidence` rejects a statistic whose weaker side's evidence is below the bar.
    reporter_evidence: str | None = None
    partner_evidence: str | None = None


@dataclass(frozen=True)
class Rejection:
    """A candidate that failed a validation rule: a row of `rejects`."""

    statistic: TradeStatistic
    rule: str  # stable rule id, e.g. "value.not_positive"
    reason: str  # one line a person can act on


@dataclass(frozen=True)
class ValidationResult:
    accepted: tuple[TradeStatistic, ...]
    rejected: tuple[Rejection, ...]
