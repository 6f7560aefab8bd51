"""Extraction quality on the shared devset (skipped where the devset is absent).

Pinned a hair below the figures measured with `python -m bench.devset_eval` so a regression fails.
"""

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench.devset_eval import run  # noqa: E402

pytestmark = pytest.mark.devset

# Measured 2026-11-29 (rules-1.3.0 and again rules-1.4.3): raw P 0.990 R 1.000; after validation P 1.000 R 1.000.
MIN_PRECISION_RAW = 0.98
MIN_RECALL = 0.99
MIN_PRECISION_VALIDATED = 0.99


@pytest.fixture(scope="module")
def reports(devset_dir: Path) -> dict:
    return run(devset_dir)


def test_raw_candidates_quality(reports: dict) -> None:
    raw = reports["raw"]
    assert raw.precision >= MIN_PRECISION_RAW, raw.false_positive_rows
    assert raw.recall >= MIN_RECALL, raw.missed


def test_validated_statistics_quality(reports: dict) -> None:
    if "validated" not in reports:
        pytest.skip("transform.validation is not importable")
    validated = reports["validated"]
    assert validated.precision >= MIN_PRECISION_VALIDATED, validated.false_positive_rows
    assert validated.recall >= MIN_RECALL, validated.missed
