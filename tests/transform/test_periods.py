"""Period phrases resolved against the publication date."""

from datetime import date

import pytest

from transform.periods import find_periods, shift_years

PUBLISHED = date(2023, 5, 22)


def _span(text: str, published: date = PUBLISHED) -> tuple[date, date]:
    found = [p for p in find_periods(text, published) if p.kind == "explicit"]
    assert found, text
    return found[0].period_start, found[0].period_end


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("in the first four months of the year", date(2023, 1, 1), date(2023, 4, 30)),
        ("in January-September 2022", date(2022, 1, 1), date(2022, 9, 30)),
        ("according to 9M22 results", date(2022, 1, 1), date(2022, 9, 30)),
        ("in 2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("last year", date(2022, 1, 1), date(2022, 12, 31)),
        ("in the first ten months of last year", date(2022, 1, 1), date(2022, 10, 31)),
        ("in the first half", date(2022, 1, 1), date(2022, 6, 30)),
        ("in Q1", date(2023, 1, 1), date(2023, 3, 31)),
        ("imports in April rose", date(2023, 4, 1), date(2023, 4, 30)),
        ("in this year's first three months", date(2023, 1, 1), date(2023, 3, 31)),
        ("From January through March this year", date(2023, 1, 1), date(2023, 3, 31)),
        ("in January - April 2023", date(2023, 1, 1), date(2023, 4, 30)),
        ("over 7 months of 2019", date(2019, 1, 1), date(2019, 7, 31)),
        ("in the first quarter of 2017", date(2017, 1, 1), date(2017, 3, 31)),
        ("in December 2021", date(2021, 12, 1), date(2021, 12, 31)),
        ("by the end of 2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("in the year's first two months", date(2023, 1, 1), date(2023, 2, 28)),
        ("trade in four months reached", date(2023, 1, 1), date(2023, 4, 30)),
    ],
)
def test_explicit_periods(text: str, start: date, end: date) -> None:
    assert _span(text) == (start, end)


def test_unfinished_half_year_means_the_previous_one() -> None:
    # Published in May: "the first half" without a year cannot be this year's.
    assert _span("in the first half") == (date(2022, 1, 1), date(2022, 6, 30))


def test_year_end_article_about_this_year() -> None:
    assert _span("trade this year reached", date(2023, 12, 28)) == (date(2023, 1, 1), date(2023, 12, 31))


def test_this_year_early_in_the_year_is_not_resolved() -> None:
    assert [
        p for p in find_periods("trade this year reached", date(2023, 6, 3)) if p.kind == "explicit"
    ] == []


def test_calendar_dates_are_not_periods() -> None:
    text = "ALMATY, Oct. 14 (Xinhua) -- speaking on March 3 and 05.06.2022, on 12 May 2021"
    assert find_periods(text, PUBLISHED) == []


def test_anaphoric_periods_need_context() -> None:
    kinds = [
        (p.kind, p.year)
        for p in find_periods(
            "($2.2 billion in the same period of 2022), a year earlier, during the period", PUBLISHED
        )
    ]
    assert kinds == [("same_period", 2022), ("previous_year", None), ("same_period", None)]


def test_shift_years_keeps_month_ends() -> None:
    assert shift_years((date(2024, 1, 1), date(2024, 2, 29)), -1) == (date(2023, 1, 1), date(2023, 2, 28))
