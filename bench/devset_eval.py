"""Devset scorer for trade-statistics extraction (rules of ../shared/devset/README.md).

A stored statistic matches a gold record of the same article when flow, currency and both period
dates are equal, the value is within 0.5%, and the reporter/partner codes are equal (either order for
`total`). Headline = aggregate gold records (commodity null), not `uncertain`, whose reporter and
partner map to a code; a prediction matching an uncertain, commodity or codeless record counts
neither way. Commodity-level figures are scored beside.

    python -m bench.devset_eval [DEVSET_DIR] [--json OUT]

`score(predictions, gold_dir)` is the reusable part: predictions are dicts with the trade_stats
columns (dates as `date` or ISO strings).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from extract.language import detect_language
from transform.entities import code_for_name
from transform.extraction import extract_candidates
from transform.model import ArticleText, TradeStatistic

DEFAULT_DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"
VALUE_TOLERANCE = 0.005

_QUALIFIER_WORDS = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "estimated": "about",
    "over": "over",
    "more than": "over",
    "exceeded": "over",
    "exceeding": "over",
    "surpassing": "over",
    "surpassed": "over",
    "above": "over",
    "topped": "over",
    "under": "under",
    "less than": "under",
    "below": "under",
    "just below": "under",
}


@dataclass(frozen=True)
class Record:
    """One scored row (gold or predicted) in comparable form."""

    article_id: str
    reporter: str | None
    partner: str | None
    flow: str | None
    value: float | None
    currency: str | None
    period_start: str | None
    period_end: str | None
    commodity: str | None
    change_pct: float | None
    value_usd: float | None
    qualifier: str | None
    share_pct: float | None
    sentence: str
    reporter_name: str | None = None
    partner_name: str | None = None
    uncertain: bool = False

    @property
    def headline(self) -> bool:
        return (
            self.commodity is None
            and not self.uncertain
            and self.reporter is not None
            and self.partner is not None
        )


@dataclass
class EvalReport:
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    misses: int
    gold_headline: int
    predicted_headline: int
    neutral_predictions: int
    field_accuracy: dict[str, float]
    commodity: dict[str, int]
    missed: list[dict] = field(default_factory=list)
    false_positive_rows: list[dict] = field(default_factory=list)
    field_errors: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"(TP {self.true_positives}, FP {self.false_positives}, FN {self.misses}; gold headline "
            f"{self.gold_headline}, predicted headline {self.predicted_headline}, neutral {self.neutral_predictions})"
        )


def _iso(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _float(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def normalise_qualifier(word: str | None) -> str | None:
    if not word:
        return None
    return _QUALIFIER_WORDS.get(word.strip().lower(), word.strip().lower())


def _gold_qualifier(record: dict) -> str | None:
    if record.get("qualifier"):
        return normalise_qualifier(record["qualifier"])
    note = record.get("note") or ""
    for m in re.finditer(r"'([a-z ]+)'", note):
        if m.group(1) in _QUALIFIER_WORDS and "conversion" not in note[max(0, m.start() - 25) : m.start()]:
            return _QUALIFIER_WORDS[m.group(1)]
    return None


def _gold_records(gold_dir: Path) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        if path.name.endswith(".other.json"):
            continue
        article_id = path.stem
        rows = json.loads(path.read_text(encoding="utf-8"))
        out[article_id] = [
            Record(
                article_id=article_id,
                reporter=code_for_name(r.get("reporter")),
                partner=code_for_name(r.get("partner")),
                flow=r.get("flow"),
                value=_float(r.get("value")),
                currency=r.get("currency"),
                period_start=_iso(r.get("period_start")),
                period_end=_iso(r.get("period_end")),
                commodity=r.get("commodity"),
                change_pct=_float(r.get("change_pct")),
                value_usd=_float(r.get("value_usd")),
                qualifier=_gold_qualifier(r),
                share_pct=_float(r.get("share_pct")),
                sentence=r.get("sentence", ""),
                reporter_name=r.get("reporter"),
                partner_name=r.get("partner"),
                uncertain=bool(r.get("uncertain")),
            )
            for r in rows
        ]
    return out


def _prediction(row: dict) -> Record:
    return Record(
        article_id=str(row.get("article_id")),
        reporter=row.get("reporter"),
        partner=row.get("partner"),
        flow=row.get("flow"),
        value=_float(row.get("value")),
        currency=row.get("currency"),
        period_start=_iso(row.get("period_start")),
        period_end=_iso(row.get("period_end")),
        commodity=row.get("commodity"),
        change_pct=_float(row.get("change_pct")),
        value_usd=_float(row.get("value_usd")),
        qualifier=normalise_qualifier(row.get("qualifier")),
        share_pct=_float(row.get("share_pct")),
        sentence=row.get("sentence") or "",
        reporter_name=row.get("reporter_name"),
        partner_name=row.get("partner_name"),
    )


def _url_key(url: object) -> str:
    text = str(url or "").strip().lower()
    text = re.sub(r"^https?://(?:www\.)?", "", text)
    return text.rstrip("/")


def _devset_ids_by_url(articles_dir: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(articles_dir.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("url"):
            out[_url_key(raw["url"])] = raw["id"]
    return out


def _close(a: float | None, b: float | None, tolerance: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if b == 0:
        return a == 0
    return abs(a - b) <= tolerance * abs(b)


def matches(pred: Record, gold: Record) -> bool:
    """The README's rule: flow, currency, both dates equal; value within 0.5%; codes equal (total: any order)."""
    if (pred.flow, pred.currency, pred.period_start, pred.period_end) != (
        gold.flow,
        gold.currency,
        gold.period_start,
        gold.period_end,
    ):
        return False
    if pred.value is None or gold.value is None or not _close(pred.value, gold.value, VALUE_TOLERANCE):
        return False
    sides = (pred.reporter, pred.partner)
    if sides == (gold.reporter, gold.partner):
        return True
    return gold.flow == "total" and sides == (gold.partner, gold.reporter)


def _row(record: Record) -> dict:
    return {
        "article_id": record.article_id,
        "reporter": record.reporter,
        "partner": record.partner,
        "flow": record.flow,
        "value": record.value,
        "currency": record.currency,
        "period": f"{record.period_start}..{record.period_end}",
        "change_pct": record.change_pct,
        "share_pct": record.share_pct,
        "qualifier": record.qualifier,
        "value_usd": record.value_usd,
        "commodity": record.commodity,
        "sentence": record.sentence,
    }


def score(predictions: Iterable[dict], gold_dir: Path) -> EvalReport:
    """Score predicted statistics (dicts with trade_stats columns) against gold files in `gold_dir`."""
    gold_dir = Path(gold_dir)
    if (gold_dir / "gold").is_dir():
        gold_dir = gold_dir / "gold"
    gold = _gold_records(gold_dir)
    by_url = _devset_ids_by_url(gold_dir.parent / "articles")
    preds = []
    for row in predictions:
        article_id = str(row.get("article_id"))
        if article_id not in gold:
            # Output of the full pipeline: its article ids are its own; the URL names the devset article.
            article_id = by_url.get(_url_key(row.get("url")), article_id)
        if article_id in gold:
            preds.append(_prediction({**row, "article_id": article_id}))
    matched_gold: set[tuple[str, int]] = set()
    pairs: list[tuple[Record, Record]] = []
    tp = fp = neutral = 0
    false_rows: list[dict] = []
    commodity = {"predicted": 0, "matched": 0, "gold": 0, "gold_matched": 0}
    commodity_gold_hit: set[tuple[str, int]] = set()
    for pred in preds:
        records = gold.get(pred.article_id, [])
        hits = [(i, g) for i, g in enumerate(records) if matches(pred, g)]
        if pred.commodity is not None:
            commodity["predicted"] += 1
            good = [(i, g) for i, g in hits if g.commodity is not None]
            if good:
                commodity["matched"] += 1
                commodity_gold_hit.update((pred.article_id, i) for i, _ in good)
            continue
        headline_hits = [(i, g) for i, g in hits if g.headline]
        if headline_hits:
            fresh = [(i, g) for i, g in headline_hits if (pred.article_id, i) not in matched_gold]
            i, g = (fresh or headline_hits)[0]
            if fresh:
                matched_gold.add((pred.article_id, i))
                pairs.append((pred, g))
            tp += 1
        elif hits:
            neutral += 1
        else:
            fp += 1
            false_rows.append(_row(pred))
    gold_headline = [(a, i, g) for a, rs in gold.items() for i, g in enumerate(rs) if g.headline]
    missed = [_row(g) for a, i, g in gold_headline if (a, i) not in matched_gold]
    for a, rs in gold.items():
        for i, g in enumerate(rs):
            if g.commodity is not None:
                commodity["gold"] += 1
                commodity["gold_matched"] += (a, i) in commodity_gold_hit
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = (len(gold_headline) - len(missed)) / len(gold_headline) if gold_headline else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy: dict[str, float] = {}
    errors: list[dict] = []
    checks = {
        "change_pct": lambda p, g: _close(p.change_pct, g.change_pct, 0.001),
        "value_usd": lambda p, g: _close(p.value_usd, g.value_usd, VALUE_TOLERANCE),
        "qualifier": lambda p, g: p.qualifier == g.qualifier,
        "share_pct": lambda p, g: _close(p.share_pct, g.share_pct, 0.001),
        "commodity": lambda p, g: (p.commodity is None) == (g.commodity is None),
    }
    for name, check in checks.items():
        good = 0
        for p, g in pairs:
            if check(p, g):
                good += 1
            else:
                errors.append(
                    {
                        "field": name,
                        "predicted": getattr(p, name),
                        "gold": getattr(g, name),
                        "article_id": p.article_id,
                        "sentence": p.sentence,
                    }
                )
        accuracy[name] = good / len(pairs) if pairs else 1.0
    return EvalReport(
        precision=precision,
        recall=recall,
        f1=f1,
        true_positives=tp,
        false_positives=fp,
        misses=len(missed),
        gold_headline=len(gold_headline),
        predicted_headline=tp + fp,
        neutral_predictions=neutral,
        field_accuracy=accuracy,
        commodity=commodity,
        missed=missed,
        false_positive_rows=false_rows,
        field_errors=errors,
    )


def _fallback_published(article: dict) -> date:
    """Where the devset has no date: the last day of the year after the latest year the text names.

    Figures for year Y are published in Y or Y+1, so that is the latest date the text itself supports.
    """
    text = f"{article.get('title') or ''} {article.get('body') or ''}"
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19[89]\d|20[0-4]\d)(?!\d)", text)]
    this_year = datetime.now(UTC).year
    years = [y for y in years if y <= this_year]
    if not years:
        return datetime.now(UTC).date()
    return min(date(max(years) + 1, 12, 31), datetime.now(UTC).date())


def load_articles(devset_dir: Path) -> tuple[list[ArticleText], int]:
    """The devset articles as ArticleText; also how many had no publication date."""
    articles = []
    undated = 0
    for path in sorted((devset_dir / "articles").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("published"):
            published = datetime.fromisoformat(raw["published"]).replace(tzinfo=UTC)
        else:
            undated += 1
            published = datetime.combine(_fallback_published(raw), datetime.min.time(), tzinfo=UTC)
        articles.append(
            ArticleText(
                article_id=raw["id"],
                source=raw.get("source") or "devset",
                url=raw.get("url") or "",
                published_at=published,
                body=raw.get("body") or "",
                title=raw.get("title"),
                # Identified from the text as the pipeline does (extract.language), so a Chinese or Russian
                # article is read with its language pack; the set's own "language" field is not trusted.
                language=detect_language(raw.get("title"), (raw.get("body") or "").split("\n\n"), None),
            )
        )
    return articles, undated


def _validator():
    try:
        from transform import validation
    except Exception:  # noqa: BLE001 - another helper's module may be mid-edit; score raw then
        return None
    return getattr(validation, "validate", None)


def run(devset_dir: Path) -> dict[str, object]:
    """Extract every devset article, validate if possible, and score raw and validated candidates."""
    articles, undated = load_articles(devset_dir)
    started = time.perf_counter()
    candidates: list[TradeStatistic] = []
    for article in articles:
        candidates.extend(extract_candidates(article))
    elapsed = time.perf_counter() - started
    reports: dict[str, object] = {
        "undated_articles": undated,
        "extract_seconds": round(elapsed, 3),
        "candidates": len(candidates),
    }
    reports["raw"] = score([asdict(c) for c in candidates], devset_dir / "gold")
    validate = _validator()
    if validate is not None:
        result = validate(candidates)
        reports["validated"] = score([asdict(c) for c in result.accepted], devset_dir / "gold")
        reports["rejections"] = [
            {
                "rule": r.rule,
                "reason": r.reason,
                "article_id": r.statistic.article_id,
                "value": r.statistic.value,
                "sentence": r.statistic.sentence[:120],
            }
            for r in result.rejected
        ]
    return reports


def print_report(label: str, report: EvalReport) -> None:
    """Print the summary, field accuracy, every miss and every false positive of a report."""
    print(f"== {label}: {report.summary()}")
    print(
        "   field accuracy on matched pairs: "
        + ", ".join(f"{k} {v:.3f}" for k, v in report.field_accuracy.items())
    )
    print(f"   commodity (beside): {report.commodity}")
    for row in report.missed:
        print(
            f"   MISS {row['article_id']} {row['reporter']}->{row['partner']} {row['flow']} {row['value']:g} "
            f"{row['currency']} {row['period']} | {row['sentence'][:140]}"
        )
    for row in report.false_positive_rows:
        print(
            f"   FP   {row['article_id']} {row['reporter']}->{row['partner']} {row['flow']} {row['value']:g} "
            f"{row['currency']} {row['period']} | {row['sentence'][:140]}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset_dir", nargs="?", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--json", type=Path, default=None, help="write the full report as JSON here")
    parser.add_argument("--fields", action="store_true", help="also list per-field errors on matched pairs")
    args = parser.parse_args(argv)
    if not (args.devset_dir / "articles").is_dir():
        print(f"devset not found: {args.devset_dir}", file=sys.stderr)
        return 2
    reports = run(args.devset_dir)
    print(
        f"articles without a publication date (fallback used): {reports['undated_articles']}; "
        f"candidates {reports['candidates']} in {reports['extract_seconds']}s"
    )
    print_report("raw candidates", reports["raw"])  # type: ignore[arg-type]
    if "validated" in reports:
        print_report("after validation", reports["validated"])  # type: ignore[arg-type]
        for r in reports.get("rejections", []):  # type: ignore[union-attr]
            print(f"   REJECT {r['article_id']} {r['rule']}: {r['reason'][:100]} | {r['sentence'][:80]}")
    if args.fields:
        for e in reports["raw"].field_errors:  # type: ignore[union-attr]
            print(
                f"   FIELD {e['field']} pred={e['predicted']} gold={e['gold']} {e['article_id']} | {e['sentence'][:100]}"
            )
    if args.json:
        serialisable = {k: (asdict(v) if isinstance(v, EvalReport) else v) for k, v in reports.items()}
        args.json.write_text(json.dumps(serialisable, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
