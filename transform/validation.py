"""Validation of candidate trade statistics: one vectorised pass of the rule table over a batch.

The candidates become one set of numpy columns (`transform.rules.Columns`); every rule of
`transform.rules.RULES` is a boolean mask over them (article rules group by article and see only the
rows that passed every row rule). A candidate failing any "reject" rule becomes exactly one
`Rejection`: its rule is the FIRST failing rule in table order, and its reason says what that rule
found plus the ids of any further rules the candidate also fails. "warn" rules never reject; their findings are returned by `evaluate`, and
`validate_with_warnings` writes their ids into each statistic's `warnings` field (the `warnings`
column of trade_stats and rejects). Nothing is dropped: every candidate is either accepted or
rejected, and both keep the input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import numpy as np

from transform.model import Rejection, TradeStatistic, ValidationResult
from transform.rules import RULES, Columns, Rule, derive_article_columns, derive_row_columns

_TEXT_FIELDS = (
    "article_id",
    "reporter",
    "partner",
    "flow",
    "currency",
    "qualifier",
    "commodity",
    "reporter_name",  # read by the reasons of missing.reporter and missing.partner
    "partner_name",
    "reporter_evidence",  # read by actors.low_confidence
    "partner_evidence",
)
_NUMBER_FIELDS = ("value", "value_usd", "change_pct", "share_pct")
_DATE_FIELDS = ("period_start", "period_end")


@dataclass(frozen=True)
class ValidationWarning:
    """A "warn" rule's finding on an accepted statistic: kept in trade_stats, worth a look."""

    statistic: TradeStatistic
    rule: str
    reason: str


@dataclass(frozen=True)
class ValidationReport:
    """The validation result plus the warnings on accepted statistics (input order, then table order)."""

    result: ValidationResult
    warnings: tuple[ValidationWarning, ...]


def validate(candidates: Sequence[TradeStatistic]) -> ValidationResult:
    """Split candidates into accepted statistics and one Rejection per failing candidate, in input order."""
    return evaluate(candidates).result


def validate_with_warnings(candidates: Sequence[TradeStatistic]) -> ValidationResult:
    """`validate`, with every statistic's `warnings` set to the warn rules that flagged it.

    Accepted statistics and the statistics inside rejections both carry it: the ids of the "warn"
    rules failing on the candidate, sorted and comma-separated ("period.long_ago,usd.rate_unavailable"),
    or None when none did. These are the rows for trade_stats and rejects as they are written.
    """
    return _evaluate(candidates, annotate=True).result


def _publication_day(published_at: datetime | None) -> date | None:
    """The UTC calendar date of a publication time (a naive time is taken as UTC)."""
    if published_at is None:
        return None
    if published_at.tzinfo is not None:
        published_at = published_at.astimezone(UTC)
    return published_at.date()


def candidate_columns(candidates: Sequence[TradeStatistic]) -> Columns:
    """The batch as columns: the fields rules read, typed (None/NaN/NaT where a candidate has None).

    `published` is the publication date in UTC, the reference for period rules.
    """
    arrays: dict[str, np.ndarray] = {}
    for name in _TEXT_FIELDS:
        values = [getattr(candidate, name) for candidate in candidates]
        arrays[name] = np.array([None if value is None else str(value) for value in values], dtype=object)
    for name in _NUMBER_FIELDS:
        values = [getattr(candidate, name) for candidate in candidates]
        arrays[name] = np.array([np.nan if value is None else value for value in values], dtype="float64")
    for name in _DATE_FIELDS:
        arrays[name] = np.array([getattr(candidate, name) for candidate in candidates], dtype="datetime64[D]")
    arrays["published"] = np.array(
        [_publication_day(candidate.published_at) for candidate in candidates], dtype="datetime64[D]"
    )
    return Columns(arrays)


@dataclass(frozen=True)
class _Evaluation:
    """Every rule's failure mask over the batch, and where to read each rule's reason for a row."""

    masks: dict[str, np.ndarray]  # rule id -> failing rows (batch positions)
    frames: dict[str, Columns]  # rule id -> the columns the rule was evaluated on
    positions: dict[str, np.ndarray]  # rule id -> batch position -> row of its frame (-1: not evaluated)

    def reasons(self, rule: Rule, rows: np.ndarray) -> list[str]:
        """The rule's reason for each of these batch positions (all of which fail it)."""
        if not len(rows):
            return []
        return [
            str(reason)
            for reason in rule.reason(self.frames[rule.rule_id].take(self.positions[rule.rule_id][rows]))
        ]


def _evaluate_rules(frame: Columns) -> _Evaluation:
    """Row rules over the derived batch; article rules over the rows that passed every row reject rule."""
    count = len(frame)
    row_frame = derive_row_columns(frame)
    every_row = np.arange(count)
    masks: dict[str, np.ndarray] = {}
    frames: dict[str, Columns] = {}
    positions: dict[str, np.ndarray] = {}
    for rule in RULES:
        if rule.scope == "row":
            masks[rule.rule_id] = np.asarray(rule.failing(row_frame), dtype=bool)
            frames[rule.rule_id], positions[rule.rule_id] = row_frame, every_row
    row_rejected = np.zeros(count, dtype=bool)
    for rule in RULES:
        if rule.scope == "row" and rule.severity == "reject":
            row_rejected |= masks[rule.rule_id]
    survivors = np.flatnonzero(~row_rejected)
    article_frame = derive_article_columns(row_frame.take(survivors))
    survivor_position = np.full(count, -1)
    survivor_position[survivors] = np.arange(len(survivors))
    for rule in RULES:
        if rule.scope == "article":
            failing = np.zeros(count, dtype=bool)
            failing[survivors] = np.asarray(rule.failing(article_frame), dtype=bool)
            masks[rule.rule_id] = failing
            frames[rule.rule_id], positions[rule.rule_id] = article_frame, survivor_position
    return _Evaluation(masks, frames, positions)


def warning_ids(warn_masks: dict[str, np.ndarray], count: int) -> list[str | None]:
    """Per row, the ids of the failing rules (the mask keys), sorted and comma-separated; None if none."""
    failing = [
        [rule_id for rule_id in sorted(warn_masks) if warn_masks[rule_id][row]] for row in range(count)
    ]
    return [",".join(ids) if ids else None for ids in failing]


def evaluate(candidates: Sequence[TradeStatistic]) -> ValidationReport:
    """Validate a batch and also report the warn rules' findings on the accepted statistics."""
    return _evaluate(candidates, annotate=False)


def _evaluate(candidates: Sequence[TradeStatistic], annotate: bool) -> ValidationReport:
    """The one pass behind `evaluate` and `validate_with_warnings`; `annotate` fills `warnings`."""
    if not candidates:
        return ValidationReport(ValidationResult(accepted=(), rejected=()), warnings=())
    count = len(candidates)
    evaluation = _evaluate_rules(candidate_columns(candidates))
    masks = evaluation.masks
    reject_rules = [rule for rule in RULES if rule.severity == "reject"]
    warn_rules = [rule for rule in RULES if rule.severity == "warn"]
    if annotate:
        flagged_by = warning_ids({rule.rule_id: masks[rule.rule_id] for rule in warn_rules}, count)
        candidates = [
            replace(candidate, warnings=ids) if candidate.warnings != ids else candidate
            for candidate, ids in zip(candidates, flagged_by, strict=True)
        ]

    # The first failing reject rule in table order rejects; the others are named after its reason.
    chosen: list[Rule | None] = [None] * count
    also_fails: list[list[str]] = [[] for _ in range(count)]
    for rule in reject_rules:
        for row in np.flatnonzero(masks[rule.rule_id]).tolist():
            if chosen[row] is None:
                chosen[row] = rule
            else:
                also_fails[row].append(rule.rule_id)
    reasons: dict[int, str] = {}
    for rule in reject_rules:
        rows = np.array([row for row in range(count) if chosen[row] is rule], dtype=np.intp)
        reasons.update(zip(rows.tolist(), evaluation.reasons(rule, rows), strict=True))

    accepted = tuple(candidates[row] for row in range(count) if chosen[row] is None)
    rejected = tuple(
        Rejection(
            statistic=candidates[row],
            rule=rule.rule_id,
            reason=reasons[row] + (f" (also fails: {', '.join(also_fails[row])})" if also_fails[row] else ""),
        )
        for row, rule in enumerate(chosen)
        if rule is not None
    )

    is_accepted = np.array([rule is None for rule in chosen], dtype=bool)
    warn_rows = {rule.rule_id: np.flatnonzero(masks[rule.rule_id] & is_accepted) for rule in warn_rules}
    warn_reasons = {
        rule.rule_id: dict(
            zip(
                warn_rows[rule.rule_id].tolist(),
                evaluation.reasons(rule, warn_rows[rule.rule_id]),
                strict=True,
            )
        )
        for rule in warn_rules
    }
    warnings = tuple(
        ValidationWarning(candidates[row], rule.rule_id, warn_reasons[rule.rule_id][row])
        for row in range(count)
        for rule in warn_rules
        if row in warn_reasons[rule.rule_id]
    )
    return ValidationReport(ValidationResult(accepted=accepted, rejected=rejected), warnings=warnings)
