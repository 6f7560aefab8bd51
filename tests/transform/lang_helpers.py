"""Run one invented Chinese or Russian article through extraction (sentences written for the tests)."""

from __future__ import annotations

from datetime import UTC, datetime

from transform.extraction import extract_candidates, trace_amounts
from transform.model import ArticleText, TradeStatistic


def article(body: str, language: str, title: str | None = None, published=(2024, 5, 20)) -> ArticleText:
    return ArticleText(
        article_id="t1",
        source="test",
        url="http://127.0.0.1/t1",
        published_at=datetime(*published, 8, 0, tzinfo=UTC),
        body=body,
        title=title,
        language=language,
    )


def stats(
    body: str, language: str, title: str | None = None, published=(2024, 5, 20)
) -> list[TradeStatistic]:
    return extract_candidates(article(body, language, title, published))


def only(body: str, language: str, title: str | None = None, published=(2024, 5, 20)) -> TradeStatistic:
    found = stats(body, language, title, published)
    assert len(found) == 1, found
    return found[0]


def drops(body: str, language: str, title: str | None = None, published=(2024, 5, 20)) -> dict[str, str]:
    """Amount text -> the id of what dropped it."""
    return {
        t.text: t.dropped_by for t in trace_amounts(article(body, language, title, published)) if t.dropped_by
    }


def row(s: TradeStatistic) -> tuple:
    return (s.reporter, s.partner, s.flow, s.value, s.currency, str(s.period_start), str(s.period_end))
