"""Shared by the extraction tests: run the extractor on a body written in the test."""

from __future__ import annotations

from datetime import UTC, datetime

from transform.extraction import extract_candidates
from transform.model import ArticleText, TradeStatistic


def article(body: str, published: str = "2024-06-12", title: str | None = None) -> ArticleText:
    return ArticleText(
        article_id="a1",
        source="test",
        url="https://example.org/a1",
        published_at=datetime.fromisoformat(published).replace(tzinfo=UTC),
        body=body,
        title=title,
    )


def extract(body: str, published: str = "2024-06-12", title: str | None = None) -> list[TradeStatistic]:
    return extract_candidates(article(body, published, title))


def stat_key(s: TradeStatistic) -> tuple:
    """What identifies a statistic in an assertion: who, whom, flow, amount, period."""
    return (s.reporter, s.partner, s.flow, s.value, s.currency, s.period_start, s.period_end)
