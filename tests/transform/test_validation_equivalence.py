"""The numpy validation gives exactly the results of the pandas path it replaced, on varied candidates.

The candidates: what extraction finds in the demo site's pages, the evaluation sets and the devset
(where present), each also broken in the ways the rules look for (missing, blank and unknown fields,
signs, periods, conversions, magnitudes, parts above wholes), batched as the flows batch them. The
reference is a frozen copy of the pandas implementation (`pandas_validation_reference.py`); the one
deliberate difference, a period length printed "400.0 days" when the batch held a candidate without
a period, is normalised before comparing.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pandas_validation_reference as pandas_path
import pytest

from extract.sites import parse_page
from transform import evidence
from transform.extraction import extract_candidates
from transform.model import ArticleText, TradeStatistic
from transform.rules import RULES
from transform.validation import ValidationReport, evaluate, validate_with_warnings

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_NEWS = REPO_ROOT / "flows" / "demo_site" / "news"
EVALSETS = REPO_ROOT / "bench" / "evalsets"


def _article_from_json(path: Path) -> ArticleText:
    raw = json.loads(path.read_text(encoding="utf-8"))
    published = raw.get("published") or "2025-12-31"
    return ArticleText(
        article_id=raw["id"],
        source=raw.get("source") or "set",
        url=raw.get("url") or "",
        published_at=datetime.fromisoformat(published).replace(tzinfo=UTC),
        body=raw.get("body") or "",
        title=raw.get("title"),
    )


def _demo_articles() -> list[ArticleText]:
    articles = []
    for path in sorted(DEMO_NEWS.rglob("*.html")):
        url = "http://127.0.0.1:8000/news/" + path.relative_to(DEMO_NEWS).as_posix()
        page = parse_page(path.read_bytes(), url, content_type="text/html; charset=utf-8")
        if page.body:
            articles.append(
                ArticleText(
                    article_id=path.stem,
                    source="demo",
                    url=url,
                    published_at=page.published_at or datetime(2025, 6, 1, tzinfo=UTC),
                    body=page.body,
                    title=page.title,
                )
            )
    return articles


def _extracted(devset: Path | None) -> list[TradeStatistic]:
    articles = _demo_articles()
    for folder in sorted(EVALSETS.glob("*/articles")) + ([devset / "articles"] if devset else []):
        articles.extend(_article_from_json(path) for path in sorted(folder.glob("*.json")))
    return [candidate for article in articles for candidate in extract_candidates(article)]


# No kind of evidence measures below actors.low_confidence's bar today: this module makes one that does.
WEAK_EVIDENCE = "context.story_pair"


@pytest.fixture(scope="module", autouse=True)
def _weak_evidence_kind() -> Iterator[None]:
    weak = dataclasses.replace(evidence.BY_ID[WEAK_EVIDENCE], right=3, wrong=9)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(evidence.BY_ID, WEAK_EVIDENCE, weak)
        yield


def _breakages(candidate: TradeStatistic) -> list[dict[str, object]]:
    """Field changes that each break (or nearly break) one rule, from the candidate's own values."""
    value = candidate.value or 1.0e9
    published = candidate.published_at
    end = candidate.period_end or published.date()
    return [
        {"reporter": None},
        {"reporter": "  "},
        {"reporter": "China"},
        {"partner": None},
        {"partner": "ZZ"},
        {"partner": candidate.reporter},
        {"partner": "WORLD"},
        {"partner": "C5"},
        {"partner": "KZ"},
        {"partner_evidence": WEAK_EVIDENCE},  # actors.low_confidence
        {"reporter_evidence": WEAK_EVIDENCE, "partner_evidence": None},
        {"flow": None},
        {"flow": "trade"},
        {"flow": "balance", "value": -value},
        {"flow": "balance", "value": 0.0},
        {"value": None},
        {"value": 0.0},
        {"value": -value},
        {"value": float("inf")},
        {"value": float("nan")},
        {"value": value * 1000},
        {"value": value * 1e6, "value_usd": None},
        {"currency": None},
        {"currency": ""},
        {"currency": "yuan"},
        {"currency": "USD", "value_usd": value * 1.01},
        {"currency": "USD", "value_usd": value},
        {"currency": "RUB", "value_usd": None},
        {"currency": "TRY"},
        {"currency": "CNY", "value_usd": value / 7.1},
        {"currency": "CNY", "value_usd": value / 6.0},
        {"currency": "CNY", "value_usd": -value / 7.1},
        {"value_usd": 0.0},
        {"value_usd": value * 1.0000001},
        {"qualifier": "nearly"},
        {"qualifier": "about"},
        {"period_start": None},
        {"period_end": None},
        {"period_start": None, "period_end": None},
        {"period_start": end + timedelta(days=40), "period_end": end},
        {
            "period_start": published.date() + timedelta(days=2),
            "period_end": published.date() + timedelta(days=20),
        },
        {"period_end": published.date() + timedelta(days=45)},
        {"period_start": end - timedelta(days=4400), "period_end": end},
        {"period_start": date(1990, 1, 1), "period_end": date(1990, 12, 31)},
        {
            "published_at": datetime(2024, 2, 29, 12, tzinfo=UTC),
            "period_start": date(2014, 2, 1),
            "period_end": date(2014, 2, 28),
        },
        {
            "published_at": datetime(2024, 2, 29, 12, tzinfo=UTC),
            "period_start": date(2014, 2, 1),
            "period_end": date(2014, 2, 27),
        },
        {"published_at": published.astimezone(timezone(timedelta(hours=8))).replace(hour=0, minute=30)},
        {
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 3, 31),
            "published_at": datetime(2026, 4, 20, tzinfo=UTC),
        },
        {"period_start": date(2031, 1, 1), "period_end": date(2031, 12, 31)},
        {"change_pct": -100.0},
        {"change_pct": 1500.0},
        {"change_pct": float("inf")},
        {"change_pct": 999.5},
        {"share_pct": 0.0},
        {"share_pct": 150.0},
        {"share_pct": 12.5},
        {"reporter": "CN-XJ", "partner": "CN"},
        {"reporter": "TJ", "partner": "EU", "value": 9.0e10},
    ]


def _article_conflicts(article_id: str, published: datetime) -> list[TradeStatistic]:
    """One article's parts and wholes: parts above the total, the world figure and group figures at once."""
    base = dict(
        stat_id="p",
        article_id=article_id,
        source="set",
        url="",
        published_at=published,
        reporter_name=None,
        partner_name=None,
        currency="USD",
        value_usd=None,
        qualifier=None,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        change_pct=None,
        commodity=None,
        share_pct=None,
        sentence="",
        extractor="test",
    )
    rows = [
        ("CN", "KZ", "total", 3.0e10),
        ("CN", "KZ", "export", 3.5e10),
        ("CN", "KZ", "import", 1.0e10),
        ("CN", "KZ", "balance", -3.2e10),
        ("CN", "WORLD", "export", 3.2e10),
        ("CN", "C5", "export", 3.3e10),
        ("CN", "EAEU", "export", 3.4e10),
        ("CN", "KG", "total", 2.0e10),
        ("CN", "C5", "total", 1.9e10),
        ("CN", "WORLD", "total", 1.8e10),
        ("CN", "UZ", "import", 1.2e10),
        ("CN", "UZ", "import", 1.3e10),
        ("CN", "UZ", "total", 1.0e10),
        ("CN", "UZ", "total", 1.25e10),
        ("CN", "TJ", "total", 2.0e9),
    ]
    statistics = [
        TradeStatistic(
            **{
                **base,
                "stat_id": f"{article_id}-{n}",
                "reporter": reporter,
                "partner": partner,
                "flow": flow,
                "value": value,
            }
        )  # type: ignore[arg-type]
        for n, (reporter, partner, flow, value) in enumerate(rows)
    ]
    statistics.append(dataclasses.replace(statistics[1], stat_id=f"{article_id}-c", commodity=""))
    statistics.append(dataclasses.replace(statistics[1], stat_id=f"{article_id}-d", commodity="grain"))
    return statistics


def _varied(extracted: list[TradeStatistic]) -> list[TradeStatistic]:
    generator = random.Random(8)
    varied = list(extracted)
    for number, candidate in enumerate(extracted):
        breakages = _breakages(candidate)
        for changes in generator.sample(breakages, 3) + [
            {**generator.choice(breakages), **generator.choice(breakages)}
        ]:
            varied.append(dataclasses.replace(candidate, stat_id=f"{candidate.stat_id}~{number}", **changes))
    for n in range(6):
        varied.extend(_article_conflicts(f"conflicts-{n}", datetime(2024, 1 + n, 10, tzinfo=UTC)))
    return varied


@pytest.fixture(scope="module")
def candidates(request: pytest.FixtureRequest) -> list[TradeStatistic]:
    try:
        devset = request.getfixturevalue("devset_dir")
    except pytest.skip.Exception:
        devset = None
    extracted = _extracted(devset)
    if not extracted:
        pytest.skip("no articles to extract candidates from")
    return _varied(extracted)


def _batches(candidates: list[TradeStatistic]) -> list[list[TradeStatistic]]:
    """Single candidates, small batches, flow-sized batches of mixed articles, and everything at once."""
    shuffled = list(candidates)
    random.Random(11).shuffle(shuffled)
    return (
        [[candidate] for candidate in shuffled[:12]]
        + [shuffled[first : first + 7] for first in range(12, 47, 7)]
        + [shuffled[first : first + 64] for first in range(0, min(len(shuffled), 1024), 64)]
        + [candidates]
    )


def _days(reason: str) -> str:
    return re.sub(r"(\d+)\.0 days", r"\1 days", reason)


def _comparable(report) -> tuple:
    """A report as plain data (the pandas path has its own warning type)."""
    return (
        report.result.accepted,
        tuple(
            (rejection.statistic, rejection.rule, _days(rejection.reason))
            for rejection in report.result.rejected
        ),
        tuple((warning.statistic, warning.rule, warning.reason) for warning in report.warnings),
    )


def test_the_varied_set_exercises_every_rule(candidates: list[TradeStatistic]) -> None:
    report: ValidationReport = evaluate(candidates)
    deciding = {rejection.rule for rejection in report.result.rejected} | {w.rule for w in report.warnings}
    assert deciding == {rule.rule_id for rule in RULES}
    assert any("(also fails: " in rejection.reason for rejection in report.result.rejected)
    assert len(report.result.accepted) > 100


def test_evaluate_matches_the_pandas_path(candidates: list[TradeStatistic]) -> None:
    for batch in _batches(candidates):
        assert _comparable(evaluate(batch)) == _comparable(pandas_path.evaluate(batch))


def test_validate_with_warnings_matches_the_pandas_path(candidates: list[TradeStatistic]) -> None:
    for batch in _batches(candidates)[-6:]:
        ours, theirs = validate_with_warnings(batch), pandas_path.validate_with_warnings(batch)
        assert ours.accepted == theirs.accepted
        assert [(r.statistic, r.rule, r.reason) for r in ours.rejected] == [
            (r.statistic, r.rule, _days(r.reason)) for r in theirs.rejected
        ]
