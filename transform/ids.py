"""Stable statistic ids: the same article and statement always give the same 16-hex id."""

from __future__ import annotations

import hashlib
from datetime import date


def stat_id(
    article_id: str,
    *,
    reporter: str | None,
    partner: str | None,
    flow: str | None,
    currency: str | None,
    period_start: date | None,
    period_end: date | None,
    commodity: str | None,
    value: float | None,
    sentence: str,
) -> str:
    """sha256 over the statistic's identity; for `total` the two sides are ordered canonically.

    A total between A and B is the same statistic whichever side is named first, so the pair is
    sorted inside the hash; exports, imports and balances keep their direction.
    """
    side_a, side_b = reporter or "", partner or ""
    if flow == "total" and side_b < side_a:
        side_a, side_b = side_b, side_a
    parts = [
        article_id,
        side_a,
        side_b,
        flow or "",
        currency or "",
        period_start.isoformat() if period_start else "",
        period_end.isoformat() if period_end else "",
        commodity or "",
        repr(value) if value is not None else "",
        sentence,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]
