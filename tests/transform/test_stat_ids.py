"""stat_id: 16 hex chars, stable, order-free for totals, directional otherwise."""

import re
from datetime import date

from transform.ids import stat_id


def _id(reporter: str, partner: str, flow: str, value: float = 1.5e9, sentence: str = "s") -> str:
    return stat_id(
        "art-1",
        reporter=reporter,
        partner=partner,
        flow=flow,
        currency="USD",
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        commodity=None,
        value=value,
        sentence=sentence,
    )


def test_id_is_sixteen_hex_and_stable() -> None:
    first = _id("KZ", "CN", "export")
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert first == _id("KZ", "CN", "export")


def test_total_is_the_same_statistic_in_either_order() -> None:
    assert _id("KZ", "CN", "total") == _id("CN", "KZ", "total")


def test_direction_and_identity_matter() -> None:
    assert _id("KZ", "CN", "export") != _id("CN", "KZ", "export")
    assert _id("KZ", "CN", "export") != _id("KZ", "CN", "import")
    assert _id("KZ", "CN", "total", value=1.6e9) != _id("KZ", "CN", "total")
    assert _id("KZ", "CN", "total", sentence="other") != _id("KZ", "CN", "total")
