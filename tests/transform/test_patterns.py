"""Statement patterns: changes, shares, hedges, targets, non-trade money, amount roles, commodities."""

import pytest

from transform.patterns import (
    commodity_in,
    cue_after,
    find_percents,
    is_base_value,
    is_change_amount,
    is_conversion,
    is_parenthetical_change,
    is_target,
    is_world_trade,
    last_flow_cue,
    non_trade_nearer,
    qualifier_before,
)


def _changes(text: str) -> list[float | None]:
    return [p.value for p in find_percents(text) if p.kind in ("change", "multiple")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exports increased by 41.3 percent", [41.3]),
        ("turnover was up 8.7% year on year", [8.7]),
        ("imports were down 5 percent", [-5.0]),
        ("a decrease of 12.1 percent", [-12.1]),
        ("a year-on-year increase of 6.2 percent", [6.2]),
        ("(a 22.4 percent drop compared with March)", [-22.4]),
        ("18.5 percent more than in January-May 2021", [18.5]),
        ("7.3% below the 2020 level", [-7.3]),
        ("the growth amounted to 107.9%", [7.9]),
        ("(growth rate – 11.6%)", [11.6]),
        ("fell by seven percent", [-7.0]),
        ("$310.2 million, or 12.6 percent, less than a year earlier", [-12.6]),
        ("an increase of $3.1 billion or 14.2 percent", [14.2]),
        ("marking a 2-percent year-on-year rise", [2.0]),
        ("rose 4.2 times", [None]),
        ("was 31 times higher", [None]),
    ],
)
def test_changes(text: str, expected: list[float | None]) -> None:
    assert _changes(text) == expected


def test_percentage_points_are_not_changes() -> None:
    assert _changes("the share was 1.2 percentage points lower") == []


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("accounts for 37.8 percent of the total", 37.8),
        ("(19.4 percent or $2.2 billion)", 19.4),
        ("or 9.1 percent of all Tajik trade", 9.1),
        ("made up 31.5 percent of total trade", 31.5),
        ("at 52 percent, or $2.4 billion", 52.0),
    ],
)
def test_shares(text: str, share: float) -> None:
    found = [p for p in find_percents(text) if p.kind == "share"]
    assert [p.value for p in found] == [share]


@pytest.mark.parametrize(
    ("before", "qualifier"),
    [
        ("trade reached nearly ", "about"),
        ("exports came to more than ", "over"),
        ("imports of some ", "about"),
        ("turnover of approximately ", "about"),
        ("a surplus of less than ", "under"),
        ("turnover exceeded ", "over"),
        ("trade surpassing ", "over"),
        ("a deficit of just under ", "under"),
        ("trade reached ", None),
    ],
)
def test_qualifiers(before: str, qualifier: str | None) -> None:
    assert qualifier_before(before) == qualifier


@pytest.mark.parametrize(
    ("window", "after", "expected"),
    [
        ("The leaders agreed to raise bilateral trade to ", " by 2030.", True),
        ("Trade is expected to reach ", " this year.", True),
        ("The two sides set the goal of ", " in trade.", True),
        ("Officials plan to lift exports to ", ".", True),
        ("Bilateral trade will reach ", ".", True),
        ("Trade turnover reached ", " by 2021, the ministry said.", False),
        ("It was the first time that foreign trade had exceeded ", " in value.", True),
        ("Trade between the countries amounted to ", " in 2023.", False),
    ],
)
def test_targets_and_forecasts(window: str, after: str, expected: bool) -> None:
    assert is_target(window, after, 2024) is expected


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("Chinese companies invested ", True),
        ("contracts worth ", True),
        ("loans of ", True),
        ("Turkish contractors carried out projects worth ", True),
        ("exports to China reached ", False),
        ("trade and investment ties grew; exports reached ", False),
    ],
)
def test_non_trade_money(window: str, expected: bool) -> None:
    assert non_trade_nearer(window) is expected


def test_flow_cues() -> None:
    assert last_flow_cue("imports and exports through the port came to ")[1] == "total"
    assert last_flow_cue("exports stood at $1 billion and imports at ")[1] == "import"
    assert last_flow_cue("ran a trade deficit of ")[1] == "balance"
    assert last_flow_cue("the two-way trade between them hit ")[1] == "total"
    assert last_flow_cue("The ministers met on Monday at ") is None
    assert cue_after(" in turnover, and third") == "total"
    assert cue_after(" worth of goods from Iran") == "total"
    assert is_world_trade("Kyrgyzstan's foreign trade turnover reached ")
    assert not is_world_trade("accounted for the largest share of foreign trade turnover (")


def test_amount_roles() -> None:
    assert is_change_amount("turnover grew by ", " to $5 billion")
    assert is_change_amount("exports were up ", " from 2022")
    assert is_change_amount("this is ", ", or 8.1 percent, less than a year earlier")
    assert not is_change_amount("exports rose 10 percent to ", " in 2023")
    assert is_parenthetical_change(
        "Trade grew with Iran ($1.1 billion) and Iraq.", "Trade grew with Iran (", ") and Iraq."
    )
    assert not is_parenthetical_change(
        "Next came the Osh region ($0.4 billion).", "Next came the Osh region (", ")."
    )
    assert is_base_value("exports rose 9 percent to $2 billion, up from ")
    assert is_base_value("That was 6.4 percent more than the ")
    assert is_base_value("a 3.1 percent increase (against ")
    assert not is_base_value("turnover totaled more than ")
    assert is_conversion(" (about ")
    assert is_conversion(", or just below ")
    assert not is_conversion(" and exports of ")


@pytest.mark.parametrize(
    ("window", "commodity"),
    [
        ("exports of natural gas to China amounted to ", "natural gas"),
        ("Uzbek gas exports were worth ", "natural gas"),
        ("Agricultural trade turnover came to ", "agricultural products"),
        ("copper imports reached ", "copper"),
        ("exports to China amounted to ", None),
    ],
)
def test_commodity(window: str, commodity: str | None) -> None:
    assert commodity_in(window) == commodity
