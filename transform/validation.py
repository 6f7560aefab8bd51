"""Validation of candidate trade statistics: one vectorised pass of the rule table over a batch.

The candidates become one pandas DataFrame; every rule of `transform.rules.RULES` is a boolean mask
over it (article rules group by article and see only the rows that passed every row rule). A
candidate failing any "reject" rule becomes exactly one `Rejection`: its rule is the FIRST failing
rule in table order, and its reason says what that rule found plus the ids of any further rules the
candidate also fails. "warn" rules never reject; their findings are returned by `evaluate`, and
`validate_with_warnings` writes their ids into each statistic's `warnings` field (the `warnings`
column of trade_stats and rejects). Nothing is dropped: every candidate is either accepted or
rejected, and both keep the input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from transform.model import Rejection, TradeStatistic, ValidationResult
from transform.rules import RULES, Rule, derive_article_columns, derive_row_columns

_TEXT_FIELDS = ("article_id", "reporter", "partner", "flow", "currency", "qualifier", "commodity")
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


def candidate_frame(candidates: Sequence[TradeStatistic]) -> pd.DataFrame:
    """The batch as one DataFrame: the fields rules read, typed (NaN/NaT where a candidate has None).

    `published` is the publication date in UTC (midnight), the reference for period rules.
    """
    columns = {name: [getattr(candidate, name) for candidate in candidates] for name in _TEXT_FIELDS}
    frame = pd.DataFrame({name: pd.Series(values, dtype="str") for name, values in columns.items()})
    for name in _NUMBER_FIELDS:
        frame[name] = pd.Series([getattr(candidate, name) for candidate in candidates], dtype="float64")
    for name in _DATE_FIELDS:
        dates = pd.Series([getattr(candidate, name) for candidate in candidates], dtype="object")
        frame[name] = pd.to_datetime(dates).astype("datetime64[us]")
    published = pd.to_datetime(pd.Series([candidate.published_at for candidate in candidates]), utc=True)
    frame["published"] = published.dt.tz_convert(None).dt.normalize().astype("datetime64[us]")
    return frame


def _rule_masks(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Failure masks of every rule (columns in table order), and the frame each rule was evaluated on."""
    row_frame = derive_row_columns(frame)
    masks: dict[str, pd.Series] = {}
    evaluated_on: dict[str, pd.DataFrame] = {}
    for rule in (rule for rule in RULES if rule.scope == "row"):
        masks[rule.rule_id] = rule.failing(row_frame).fillna(False).astype(bool)
        evaluated_on[rule.rule_id] = row_frame
    row_rejects = [rule.rule_id for rule in RULES if rule.scope == "row" and rule.severity == "reject"]
    survivors = ~pd.DataFrame(masks)[row_rejects].any(axis=1)
    article_frame = derive_article_columns(row_frame[survivors])
    for rule in (rule for rule in RULES if rule.scope == "article"):
        failing = rule.failing(article_frame).fillna(False).astype(bool)
        masks[rule.rule_id] = failing.reindex(frame.index, fill_value=False)
        evaluated_on[rule.rule_id] = article_frame
    return pd.DataFrame({rule.rule_id: masks[rule.rule_id] for rule in RULES}, index=frame.index), evaluated_on


def _reasons(rules: Sequence[Rule], masks: pd.DataFrame, chosen: pd.Series, evaluated_on: dict) -> pd.Series:
    """For each row with a chosen rule: that rule's reason, plus the ids of the other failing rules."""
    reasons = pd.Series(pd.NA, index=masks.index, dtype="object")
    others = pd.Series("", index=masks.index, dtype="object")
    rejected = chosen.notna()
    for rule in rules:
        rows = chosen.index[chosen == rule.rule_id]
        if len(rows):
            reasons.loc[rows] = rule.reason(evaluated_on[rule.rule_id].loc[rows]).astype(str).to_numpy()
        also = masks[rule.rule_id] & rejected & (chosen != rule.rule_id)
        if also.any():
            others = others.where(~also, others + np.where(others == "", "", ", ") + rule.rule_id)
    return reasons.where(others == "", reasons + " (also fails: " + others + ")")


def _first_failing(masks: pd.DataFrame) -> pd.Series:
    """The id of the first failing rule in table order per row, NA where none fails."""
    any_failing = masks.any(axis=1)
    return masks.idxmax(axis=1).where(any_failing, pd.NA)


def warning_ids(warn_masks: pd.DataFrame) -> pd.Series:
    """Per row, the ids of the failing rules (the mask columns), sorted and comma-separated; None if none."""
    joined = pd.Series("", index=warn_masks.index, dtype="object")
    for rule_id in sorted(warn_masks.columns):
        failing = warn_masks[rule_id].to_numpy(dtype=bool)
        joined = joined.where(~failing, joined + np.where(joined == "", "", ",") + rule_id)
    return joined.where(joined != "", None)


def evaluate(candidates: Sequence[TradeStatistic]) -> ValidationReport:
    """Validate a batch and also report the warn rules' findings on the accepted statistics."""
    return _evaluate(candidates, annotate=False)


def _evaluate(candidates: Sequence[TradeStatistic], annotate: bool) -> ValidationReport:
    """The one pass behind `evaluate` and `validate_with_warnings`; `annotate` fills `warnings`."""
    if not candidates:
        return ValidationReport(ValidationResult(accepted=(), rejected=()), warnings=())
    frame = candidate_frame(candidates)
    masks, evaluated_on = _rule_masks(frame)
    reject_rules = [rule for rule in RULES if rule.severity == "reject"]
    warn_rules = [rule for rule in RULES if rule.severity == "warn"]
    if annotate:
        flagged_by = warning_ids(masks[[rule.rule_id for rule in warn_rules]]).tolist()
        candidates = [
            replace(candidate, warnings=ids) if candidate.warnings != ids else candidate
            for candidate, ids in zip(candidates, flagged_by, strict=True)
        ]

    rejecting = _first_failing(masks[[rule.rule_id for rule in reject_rules]])
    reject_reasons = _reasons(reject_rules, masks, rejecting, evaluated_on)
    accepted_rows = rejecting.isna()

    accepted = tuple(candidates[i] for i in np.flatnonzero(accepted_rows.to_numpy()))
    rejected = tuple(
        Rejection(statistic=candidates[i], rule=str(rejecting.iloc[i]), reason=str(reject_reasons.iloc[i]))
        for i in np.flatnonzero(~accepted_rows.to_numpy())
    )

    warnings: list[ValidationWarning] = []
    warn_masks = masks[[rule.rule_id for rule in warn_rules]] & accepted_rows.to_numpy()[:, None]
    warn_reasons = {
        rule.rule_id: rule.reason(evaluated_on[rule.rule_id][warn_masks[rule.rule_id]]) for rule in warn_rules
    }
    for i in np.flatnonzero(warn_masks.any(axis=1).to_numpy()):
        label = frame.index[i]
        warnings.extend(
            ValidationWarning(candidates[i], rule.rule_id, str(warn_reasons[rule.rule_id].loc[label]))
            for rule in warn_rules
            if warn_masks.at[label, rule.rule_id]
        )
    return ValidationReport(ValidationResult(accepted=accepted, rejected=rejected), warnings=tuple(warnings))

