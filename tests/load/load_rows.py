"""Builders of realistic rows for the load tests (invented sentences, not devset text)."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from typing import Any

from transform.model import Rejection, TradeStatistic

TRADE_SENTENCE = "Trade between China and Kazakhstan reached 12.5 billion US dollars in the first quarter."


def make_stat(number: int, published_at: datetime | None = None, **changes: Any) -> TradeStatistic:
    """A valid statistic; `number` makes its ids unique, `changes` override any field."""
    statistic = TradeStatistic(
        stat_id=f"stat-{number:04d}",
        article_id=f"article-{number // 2:04d}",
        source="silkroad_daily",
        url=f"https://news.example.org/trade/{number // 2}.html",
        published_at=published_at or datetime(2023, 5, 22, 8, 30, tzinfo=UTC),
        reporter="CN",
        reporter_name="China",
        partner="KZ",
        partner_name="Kazakhstan",
        flow="total",
        value=12_500_000_000.0 + number,
        currency="USD",
        value_usd=12_500_000_000.0 + number,
        qualifier=None,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 3, 31),
        change_pct=4.5,
        commodity=None,
        share_pct=None,
        sentence=TRADE_SENTENCE,
        extractor="rules-1",
    )
    return replace(statistic, **changes)


def stat_rows(count: int, start: int = 0, published_at: datetime | None = None, **changes: Any) -> list[dict]:
    return [asdict(make_stat(n, published_at, **changes)) for n in range(start, start + count)]


def make_rejection(number: int, rule: str = "value.not_positive", **changes: Any) -> Rejection:
    return Rejection(
        statistic=make_stat(number, **changes), rule=rule, reason="the value is not a positive amount"
    )


def article_row(number: int, published_at: datetime | None = None) -> dict[str, Any]:
    return {
        "article_id": f"article-{number:04d}",
        "source": "silkroad_daily",
        "url": f"https://news.example.org/trade/{number}.html",
        "title": "Trade with Central Asia grows",
        "published_at": published_at or datetime(2023, 5, 22, 8, 30, tzinfo=UTC),
        "fetched_at": datetime(2026, 11, 29, 2, 0, tzinfo=UTC),
        "language": "en",
        "body": TRADE_SENTENCE + "\n\nOfficials expect further growth.",
        "n_stats": 1,
        "published_at_source": "meta:article:published_time",
        "final_url": f"https://news.example.org/trade/{number}.html",
        "http_status": 200,
        "encoding": "utf-8",
        "feed_url": "https://news.example.org/rss.xml",
    }


def fetch_row(url: str, fetched_at: datetime, kind: str = "page", status: int | None = 200) -> dict[str, Any]:
    return {
        "url": url,
        "source": "silkroad_daily",
        "kind": kind,
        "status": status,
        "error_class": None if status == 200 else "http_status",
        "error_message": None if status == 200 else f"HTTP {status}",
        "attempts": 1,
        "bytes": 20_480,
        "elapsed_s": 0.25,
        "fetched_at": fetched_at,
        "from_archive": False,
    }
