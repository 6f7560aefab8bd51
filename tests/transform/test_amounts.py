"""Money amounts: numbers, scale words, currencies, parsed exactly with Decimal."""

from decimal import Decimal

import pytest

from transform.amounts import find_amounts, parse_number, to_float


def _one(text: str):
    found = find_amounts(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("exports reached 64.37 billion yuan in May", "64370000000", "CNY"),
        ("turnover hit $27.4 billion last year", "27400000000", "USD"),
        ("a deficit of USD 1741.6 million", "1741600000", "USD"),
        ("trade came to 10,284.5 million dollars", "10284500000", "USD"),
        ("exports rose to $318.406 million", "318406000", "USD"),
        ("imports worth only $812,300 were recorded", "812300", "USD"),
        ("a surplus of 2.4 trillion yuan", "2400000000000", "CNY"),
        ("supplies of $2.71 bln", "2710000000", "USD"),
        ("purchases of $364.2 mln", "364200000", "USD"),
        ("the total stood at $3 billion 240 million", "3240000000", "USD"),
        ("trade of three billion yuan", "3000000000", "CNY"),
        ("turnover of 4,7 billion euros", "4700000000", "EUR"),
        ("RMB 8.6 billion of goods", "8600000000", "CNY"),
        ("exports of 12.5 billion RMB", "12500000000", "CNY"),
        ("CNY 920 million in imports", "920000000", "CNY"),
        ("shipments worth 3.2 billion U.S. dollars", "3200000000", "USD"),
        ("shipments worth 1.1 billion US dollars", "1100000000", "USD"),
        ("imports of €2.3 billion", "2300000000", "EUR"),
        ("sales of 45 billion roubles", "45000000000", "RUB"),
        ("sales of 18 billion rubles", "18000000000", "RUB"),
        ("payments of 920 billion tenge", "920000000000", "KZT"),
        ("imports of 14 billion soms", "14000000000", "KGS"),
        ("exports of 6.1 trillion sums", "6100000000000", "UZS"),
        ("trade of $19.8bn with China", "19800000000", "USD"),
        ("exports of $640m to Iran", "640000000", "USD"),
        ("EU trade reached $ 2,318 billion", "2318000000", "USD"),
        ("exports of 4.2 billion Turkish lira", "4200000000", "TRY"),
        ("imports of 310 million Azerbaijani manats", "310000000", "AZN"),
        ("sales of 2.2 billion manat", "2200000000", "TMT"),
    ],
)
def test_amounts_are_parsed_exactly(text: str, value: str, currency: str) -> None:
    amount = _one(text)
    assert amount.value == Decimal(value)
    assert amount.currency == currency
    assert text[amount.start : amount.end] == amount.text


def test_value_is_exact_not_floating_point_product() -> None:
    amount = _one("trade of 75.11 billion yuan")
    assert to_float(amount.value) == 75110000000.0
    assert amount.value == Decimal("75110000000")


def test_negative_balance_written_with_minus() -> None:
    assert _one("the balance was negative, at -$2.35 billion").value == Decimal("-2350000000")


def test_dash_separator_is_not_a_minus() -> None:
    assert _one("Kazakhstan - $4.1 billion").value == Decimal("4100000000")


def test_missing_scale_is_flagged() -> None:
    amount = _one("gas exports were worth $241.7 in the period")
    assert amount.scale_missing
    assert amount.with_scale(Decimal(10) ** 6).value == Decimal("241700000")


def test_number_without_currency_is_not_money() -> None:
    assert find_amounts("cargo of 36.2 million tonnes and 4.1 million in 1995") == []


def test_conversion_in_brackets_is_a_second_amount() -> None:
    found = find_amounts("reached 88.12 billion yuan (about 12.4 billion U.S. dollars)")
    assert [(a.currency, a.value) for a in found] == [
        ("CNY", Decimal("88120000000")),
        ("USD", Decimal("12400000000")),
    ]


@pytest.mark.parametrize(
    ("raw", "scale", "expected"),
    [
        ("3,5", "billion", "3.5"),
        ("1,250", "billion", "1.250"),
        ("1,250", "million", "1250"),
        ("12,345.6", None, "12345.6"),
        ("seven", None, "7"),
        ("twenty-five", None, "25"),
    ],
)
def test_parse_number_separators(raw: str, scale: str | None, expected: str) -> None:
    assert parse_number(raw, scale) == Decimal(expected)
