"""Body quality on the devset's 80 ground-truth pages: our parser must not fall below trafilatura."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench.body_extraction import evaluate, score  # noqa: E402


def test_score_uses_word_4gram_sets():
    assert score("a b c d e", "a b c d e").f1 == 1.0
    half = score("one two three four five six", "one two three four nine ten")
    assert half.precision == pytest.approx(1 / 3) and half.recall == pytest.approx(1 / 3)
    assert score("", "a b c d").f1 == 0.0


@pytest.mark.devset
def test_parser_body_f1_at_least_trafilatura(devset_dir):
    bodies = devset_dir / "bodies"
    if not (bodies / "ground_truth.json").is_file():
        pytest.skip("devset has no bodies/ground_truth.json")
    summary = evaluate(bodies)["summary"]
    assert summary["ours"]["f1"] >= summary["trafilatura"]["f1"]
    assert summary["ours"]["f1"] >= 0.94
