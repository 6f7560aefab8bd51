"""How often each kind of side evidence is right: the calibration behind `transform.evidence`'s confidences.

    python -m bench.evidence_precision [SET_DIR ...] [--json OUT]

Every statistic extracted from the sets (default: the devset and every set under bench/evalsets) that
passes validation, or fails only `actors.low_confidence`, is set beside the gold record of the same figure
in its article: same currency, value within 0.5% (`bench.devset_eval.VALUE_TOLERANCE`), preferring the
record with the same flow and period. Each side is then judged on its own, so a statistic wrong for its
period does not count against the evidence of its partner: the reporter is right when it is the gold's
reporter (for a `total`, either side of the gold's pair), the partner likewise. A figure with no gold
record (not a trade value) or a gold side without a code is not counted. Printed per side and id: right,
wrong, the share right with a Wilson 90% lower bound, the confidence that count supports
(`transform.evidence.measured_confidence`) and the counts the table in transform/evidence.py holds
(update them from this output when the rules change).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from bench.devset_eval import (
    DEFAULT_DEVSET,
    VALUE_TOLERANCE,
    Record,
    _gold_records,
    _prediction,
    load_articles,
)
from transform.evidence import BY_ID, measured_confidence
from transform.extraction import extract_candidates
from transform.validation import validate

ROOT = Path(__file__).resolve().parent.parent
LOW_CONFIDENCE = "actors.low_confidence"


def default_sets() -> list[Path]:
    sets = [DEFAULT_DEVSET] if (DEFAULT_DEVSET / "gold").is_dir() else []
    return sets + sorted(p for p in (ROOT / "bench" / "evalsets").iterdir() if (p / "gold").is_dir())


def _same_figure(pred: Record, records: list[Record]) -> Record | None:
    """The gold record of the same figure: same currency, value within tolerance; same flow and period first."""
    same = [
        g
        for g in records
        if g.currency == pred.currency
        and pred.value is not None
        and g.value is not None
        and abs(abs(pred.value) - abs(g.value)) <= VALUE_TOLERANCE * abs(g.value)
    ]
    same.sort(
        key=lambda g: (
            g.flow != pred.flow,
            (g.period_start, g.period_end) != (pred.period_start, pred.period_end),
        )
    )
    return same[0] if same else None


def _side_outcome(predicted: str | None, role: str, gold: Record) -> str | None:
    """right / wrong for one side against the gold record; None when the gold side has no code."""
    wanted = gold.reporter if role == "reporter" else gold.partner
    if wanted is None or predicted is None:
        return None
    if gold.flow == "total":
        return "right" if predicted in (gold.reporter, gold.partner) else "wrong"
    return "right" if predicted == wanted else "wrong"


def outcomes(set_dir: Path) -> list[tuple[str, str, str]]:
    """(side, evidence id, right|wrong) for every side of every kept statistic of one set with a gold figure."""
    articles, _ = load_articles(set_dir)
    candidates = [c for a in articles for c in extract_candidates(a)]
    result = validate(candidates)
    kept = list(result.accepted) + [r.statistic for r in result.rejected if r.rule == LOW_CONFIDENCE]
    gold = _gold_records(set_dir / "gold")
    rows = []
    for statistic in kept:
        pred = _prediction(asdict(statistic))
        figure = _same_figure(pred, gold.get(pred.article_id, []))
        if figure is None:
            continue
        for role, code, via in (
            ("reporter", statistic.reporter, statistic.reporter_evidence),
            ("partner", statistic.partner, statistic.partner_evidence),
        ):
            outcome = _side_outcome(code, role, figure)
            if outcome is not None and via is not None:
                rows.append((role, via, outcome))
    return rows


def wilson_lower(right: int, total: int, z: float = 1.645) -> float:
    """The lower end of the Wilson score interval for a share (90% two-sided): small counts stay humble."""
    if total == 0:
        return 0.0
    p = right / total
    centre = p + z * z / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total)


def tally(rows: list[tuple[str, str, str]]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for role, via, outcome in rows:
        counts.setdefault(f"{role}:{via}", Counter())[outcome] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = []
    for set_dir in args.sets or default_sets():
        rows.extend(outcomes(set_dir))
    counts = tally(rows)
    table = []
    print(
        f"{'side:evidence':44} {'right':>5} {'wrong':>5} {'share':>6} {'wilson90':>8} {'measured':>8} {'table':>6}"
    )
    for key in sorted(counts, key=lambda k: (-(counts[k]["right"] + counts[k]["wrong"]), k)):
        right, wrong = counts[key]["right"], counts[key]["wrong"]
        via = key.split(":", 1)[1]
        known = BY_ID.get(via)
        share = right / (right + wrong)
        lower = wilson_lower(right, right + wrong)
        measured = measured_confidence(right, wrong)
        table.append(
            {
                "key": key,
                "right": right,
                "wrong": wrong,
                "share": share,
                "wilson90": lower,
                "measured": measured,
            }
        )
        conf = f"{known.confidence:.2f}" if known else "-"
        print(f"{key:44} {right:5d} {wrong:5d} {share:6.3f} {lower:8.3f} {measured:8.2f} {conf:>6}")
    by_id: dict[str, list[int]] = {}
    for key, count in counts.items():
        pooled = by_id.setdefault(key.split(":", 1)[1], [0, 0])
        pooled[0] += count["right"]
        pooled[1] += count["wrong"]
    print("\nper evidence id, both sides pooled (what transform/evidence.py's table holds):")
    for via in sorted(BY_ID):
        right, wrong = by_id.get(via, [0, 0])
        table_counts = f"{BY_ID[via].right:5d} {BY_ID[via].wrong:5d}"
        print(
            f"  {via:34} {right:5d} {wrong:5d} measured {measured_confidence(right, wrong):.2f}  table {table_counts}"
        )
    if args.json:
        args.json.write_text(json.dumps(table, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
