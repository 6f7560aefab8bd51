"""Extraction quality on the project's own evaluation sets (bench/evalsets/), pinned so a regression
fails CI.

Seven sets of invented articles in the devset's format, each written by a separate session that
never saw the extraction rules. Each was first measured as a held-out set; each then guided rule changes
(by phenomenon, never by sentence).
Floors sit a hair below the figures measured with `python -m bench.devset_eval bench/evalsets/<set>`:

| set | first measured, held out | rules-1.3.0 | now (rules-1.4.3), after validation |
| --- | --- | --- | --- |
| written-1 | P 0.883 R 0.764 (rules-1.0.0) | P 0.989 R 0.978 | P 1.000 R 1.000 |
| written-2 | P 0.893 R 0.893 (rules-1.1.0) | P 1.000 R 1.000 | P 1.000 R 1.000 |
| written-3 | P 0.896 R 0.878 (rules-1.2.0) | P 0.958 R 0.939 | P 1.000 R 1.000 |
| written-4 | P 0.922 R 0.819 (rules-1.2.0) | P 0.938 R 0.833 | P 1.000 R 1.000 |
| written-5 | P 0.893 R 0.902 (rules-1.4.0) | P 0.827 R 0.805 | P 1.000 R 1.000 |
| written-6 | P 0.869 R 0.760 (rules-1.4.1) | | P 0.989 R 0.917 |
| written-7 | P 0.942 R 0.878 (rules-1.4.2) | | P 1.000 R 0.959 |

rules-1.4.0 was written from the misses of all four sets (restatements in another currency, partner
rankings as text, table-like breakdowns, ranking appositives and scopes, "Of that, ..." parts, unnamed
statistics offices), by phenomenon. written-5 was then written by another session and measured held out
against rules-1.4.0; rules-1.4.1 came from its misses (list items take their header's flow, a unit-less
amount takes the scale word around it, a sentence opening on a place, rate-checked "..., or $X"
conversions, "of which" parts, "X's share reached N% at $V"). written-6, written the same way, was first
measured against rules-1.4.1; rules-1.4.2 came from its misses (supplier rankings, customs trade modes,
joint partners, differences, reporting subjects, "Of this, ...", elided possessives, "In May"). What
written-6 still misses: a table whose unit is only in its header ("China — 6.87 — 20.4%"), historical
figures in analysis prose, "X alone accounted for N yuan of that", and one figure credited to the wrong side
after a Eurostat context. written-7 was first measured against rules-1.4.2; rules-1.4.3 came from its
misses (tables with the unit in the header, one-line "Related news" lists, sums "not counted as trade",
"the republic", "from the record of $X a year earlier"); it still misses first-person figures in
interviews ("Our exports were worth ...") and "it amounted to" in quoted speech. No set is unseen any more.

real-1..3 (issue 13) are REAL published articles (found in stored public pages), rewritten in new words
with every figure kept, gold written by one helper session and checked by a second (each set's
CHECK.md); see bench/evalsets/REAL.md. Each was measured once, held out, against rules-1.4.3 (commit
657def5) before any rule changed: these are the honest generalisation figures, and they are pinned
here as floors a hair below them, so a regression fails CI while the rules are rebuilt:

| set | articles | headline records | first measured, held out (rules-1.4.3), after validation |
| --- | --- | --- | --- |
| real-1 (customs and official reports) | 31 | 55 | P 0.793 R 0.836 |
| real-2 (Central Asian agencies) | 33 | 115 | P 0.640 R 0.617 |
| real-3 (analysis and features) | 23 | 66 | P 0.655 R 0.561 |

Then used for development (rules-1.5.0): real-1 P 0.831 R 0.891, real-2 P 0.681 R 0.670, real-3
P 0.754 R 0.682; the floors below follow those. real-4 (34 articles, 145 headline records: official,
agency and analysis pieces; built and second-checked after those changes) was measured once, held
out, at commit b3c2307: P 0.735 R 0.593 (the rules before this session's changes, 9a21f7d, read
P 0.722 R 0.572 on it).

zh-1 (34 real Chinese articles, 100 headline records) and ru-1 (45 real Russian articles, 106 headline
records), built and second-checked by helpers that never saw the language packs, were measured once,
held out, right after the packs were merged (44fda27): zh-1 P 0.611 R 0.440, ru-1 P 0.468 R 0.274.
Then developed on (branch lang2): zh-1 P 0.929 R 0.920, ru-1 P 0.944 R 0.792; then (branch lang3: anaphoric
figures, partner lists with the trade word after the amounts, future tense for a year already over, a product
in an earlier clause): zh-1 P 0.940 R 0.940, ru-1 P 0.948 R 0.868 (development figures).

ru-2 (25 real Russian articles, 33 headline records), built and second-checked like ru-1, was measured once,
held out, at main 66b1be3: P 0.706 R 0.364; then developed on (branch ru3): P 1.000 R 0.697.

zh-2 (25 real Chinese articles, 47 headline records; built and second-checked after lang3, by helpers that
never saw the packs) was measured once, held out, at main 66b1be3: P 0.711 R 0.681. Then developed on
(branch zh3, with zh-1): zh-2 P 0.957 R 0.957, zh-1 P 0.941 R 0.950 (development figures; zh-2's two FPs
are an undated article scored with the fallback date).

The ninth session measured eleven more sets once each, in five rounds, before changing any rule for them
(first figures in each set's FIRST-MEASURED.txt and bench/evalsets/REAL.md); every floor below for them sits
a hair below its development figure after rules-1.18.0, not its first one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench.devset_eval import run  # noqa: E402

EVALSETS = REPO_ROOT / "bench" / "evalsets"
FLOORS = {  # set: (precision, recall) after validation
    "written-1": (0.98, 0.98),  # one error in 89 gold records is 0.989
    "written-2": (0.98, 0.98),
    "written-3": (0.97, 0.97),  # 49 records: one error is 0.980
    "written-4": (0.98, 0.98),
    "written-5": (0.98, 0.98),  # 82 headline records
    "written-6": (0.98, 0.91),  # 96 headline records: P 0.989 R 0.917 measured
    "written-7": (0.98, 0.96),  # 74 headline records: P 1.000 R 0.973 measured (rules-1.9.0)
    "real-1": (0.82, 0.88),  # first measured held out: P 0.793 R 0.836; rules-1.5.0: P 0.831 R 0.891
    "real-2": (0.85, 0.79),  # first measured held out: P 0.640 R 0.617; rules-1.7.0: P 0.869 R 0.809
    "real-3": (0.80, 0.75),  # first measured held out: P 0.655 R 0.561; rules-1.7.0: P 0.825 R 0.773
    "real-4": (0.72, 0.58),  # first measured held out (b3c2307): P 0.735 R 0.593
    "real-5": (
        0.97,
        0.84,
    ),  # held out (077375d): P 0.679 R 0.582; rules-1.8.0: P 1.000 R 0.846; rules-1.18.0: P 1.000 R 0.857
    # held out (e4e60b0): P 0.556 R 0.469 (full pipeline P 0.660 R 0.484); rules-1.9.0: P 0.754 R 0.672; rules-1.18.0: P 0.767 R 0.719
    "real-6": (0.75, 0.70),
    # held out (9384706): P 0.544 R 0.494 (full pipeline P 0.687 R 0.529); rules-1.10.0: P 0.685 R 0.701; rules-1.18.0: P 0.733 R 0.759
    "real-7": (0.72, 0.74),
    # held out (1aae0bd, rules-1.8.0): P 0.760 R 0.745 (full pipeline P 0.750 R 0.706); rules-1.10.0: P 0.800 R 0.784; rules-1.18.0: P 0.808 R 0.824
    "real-8": (0.79, 0.80),
    # held out (1aae0bd, rules-1.8.0): P 0.771 R 0.614 (full pipeline P 0.818 R 0.614); rules-1.10.0: P 0.867 R 0.818; rules-1.18.0: P 0.878 R 0.818
    "real-9": (0.86, 0.80),
    # held out (f4cb204, rules-1.10.0): P 0.610 R 0.633 (full pipeline P 0.613 R 0.620); rules-1.11.0: P 0.831 R 0.684; rules-1.18.0: P 0.857 R 0.684
    "real-10": (0.84, 0.66),
    "zh-1": (0.94, 0.95),  # Chinese; held out (44fda27): P 0.611 R 0.440; rules-1.11.0: P 0.950 R 0.960
    # Chinese; first measured held out (66b1be3): P 0.711 R 0.681; lang4: P 0.958 R 0.979
    "zh-2": (0.95, 0.97),
    # Chinese; held out (9384706): P 0.750 R 0.714 (pipeline P 0.763 R 0.714); rules-1.11.0: P 0.815 R 0.841; rules-1.18.0: P 0.831 R 0.857
    "zh-3": (0.81, 0.84),
    # Chinese; held out (1aae0bd, rules-1.8.0): P 0.929 R 0.650 (pipeline P 0.929 R 0.650); rules-1.9.0: P 1.000 R 0.850; rules-1.18.0: P 1.000 R 0.925
    "zh-4": (0.97, 0.90),
    # Chinese; held out (f4cb204, rules-1.10.0): P 0.593 R 0.648 (pipeline P 0.700 R 0.648); rules-1.11.0: P 0.672 R 0.722; rules-1.18.0: P 0.733 R 0.815
    "zh-5": (0.71, 0.79),
    # rules-1.7.0 drops a bound met by the exact figure of the same statistic (finalise.superseded_bound);
    # u1-040's gold keeps «впервые превысит 100 миллиардов» beside the exact 106,3: R 0.868 -> 0.858.
    "ru-1": (0.94, 0.85),  # Russian; held out (44fda27): P 0.468 R 0.274; rules-1.7.0: P 0.948 R 0.858
    "ru-2": (0.97, 0.92),  # Russian; held out (66b1be3): P 0.706 R 0.364; lang4: P 1.000 R 0.939
    # Russian; held out (9384706): P 0.706 R 0.500 (pipeline P 0.769 R 0.417); rules-1.8.0: P 0.800 R 0.667; rules-1.18.0: P 0.810 R 0.708
    "ru-3": (0.79, 0.70),
    # Russian; held out (1aae0bd, rules-1.8.0): P 0.541 R 0.357 (pipeline P 0.688 R 0.393); rules-1.9.0: P 0.783 R 0.643; rules-1.18.0: P 0.800 R 0.643
    "ru-4": (0.78, 0.62),
    # Russian; held out (f4cb204, rules-1.10.0): P 0.724 R 0.600 (pipeline P 0.704 R 0.543); rules-1.11.0: P 0.771 R 0.771; rules-1.18.0: P 0.844 R 0.771
    "ru-5": (0.82, 0.75),
    # ninth session (first measured held out / development after rules-1.18.0; full pipeline in REAL.md)
    "real-11": (0.72, 0.63),  # held out (27f4b10): P 0.634 R 0.542; rules-1.18.0: P 0.740 R 0.651
    "real-12": (0.85, 0.89),  # held out (2b70415): P 0.819 R 0.881; rules-1.18.0: P 0.871 R 0.910
    "real-13": (0.76, 0.70),  # held out (5d08b85): P 0.620 R 0.583; rules-1.18.0: P 0.774 R 0.713
    "real-14": (0.91, 0.75),  # held out (9b29e73): P 0.703 R 0.658; rules-1.18.0: P 0.925 R 0.772
    "real-15": (0.67, 0.51),  # held out (7cbad35): P 0.639 R 0.513; rules-1.18.0: P 0.690 R 0.526
    "zh-6": (0.76, 0.65),  # Chinese; held out (27f4b10): P 0.676 R 0.510; rules-1.18.0: P 0.786 R 0.673
    "zh-7": (
        0.80,
        0.88,
    ),  # Chinese; held out (2b70415): P 0.818 R 0.818; rules-1.18.0: P 0.833 R 0.909 (11 records)
    "zh-8": (0.95, 0.76),  # Chinese; held out (9b29e73): P 0.921 R 0.745; rules-1.18.0: P 0.974 R 0.787
    "ru-6": (0.74, 0.59),  # Russian; held out (27f4b10): P 0.460 R 0.390; rules-1.18.0: P 0.766 R 0.610
    "ru-7": (0.83, 0.79),  # Russian; held out (2b70415): P 0.765 R 0.619; rules-1.18.0: P 0.850 R 0.810
    "ru-8": (0.80, 0.46),  # Russian; held out (4fbdb2b): P 0.632 R 0.429; rules-1.18.0: P 0.818 R 0.482
    "ru-9": (0.73, 0.73),  # Russian; held out (9b29e73): P 0.706 R 0.600; rules-1.18.0: P 0.750 R 0.750
    "ru-10": (0.63, 0.32),  # Russian; held out (7cbad35): P 0.619 R 0.342; rules-1.18.0: P 0.650 R 0.342
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_validated_quality_holds(name: str) -> None:
    report = run(EVALSETS / name)["validated"]
    min_precision, min_recall = FLOORS[name]
    assert report.precision >= min_precision, report.false_positive_rows
    assert report.recall >= min_recall, report.missed
