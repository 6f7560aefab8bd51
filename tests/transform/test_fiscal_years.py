"""Fiscal-year periods (transform.fiscal): read only for an article about one economy whose fiscal calendar
is known, on sentences written here; elsewhere the amount stays dropped by `guard.fiscal_year`."""

from datetime import date

from extraction_helpers import extract

from transform.extraction import trace_amounts
from transform.fiscal import find_fiscal_periods, fiscal_start

Q1_FY23_PK = (date(2022, 7, 1), date(2022, 9, 30))


def _period(stat):
    return (stat.period_start, stat.period_end)


def _spans(text: str, published: date, start_month: int):
    return [
        (p.text, p.period_start, p.period_end, p.kind)
        for p in find_fiscal_periods(text, published, start_month)
    ]


def test_fiscal_phrases_resolve_for_a_july_fiscal_year() -> None:
    published = date(2022, 10, 20)
    assert _spans("in Q1 of FY23", published, 7) == [("Q1 of FY23", *Q1_FY23_PK, "explicit")]
    assert _spans(
        "in the first quarter (July-September) of the current fiscal year (2022-23)", published, 7
    ) == [
        ("the first quarter (July-September) of the current fiscal year (2022-23)", *Q1_FY23_PK, "explicit")
    ]
    assert _spans("in the fiscal year 2021-22", published, 7)[0][1:3] == (date(2021, 7, 1), date(2022, 6, 30))
    assert _spans("the first 8 months of FY2023-24", published, 7)[0][1:3] == (
        date(2023, 7, 1),
        date(2024, 2, 29),
    )
    assert _spans("exported goods in 2021-22", published, 7)[0][1:3] == (date(2021, 7, 1), date(2022, 6, 30))
    assert _spans("in the same quarter of last fiscal year", published, 7)[0][3] == "previous_year"
    # "2022-24" is no fiscal year
    assert _spans("in the fiscal year 2022-24", published, 7) == []


def test_an_april_fiscal_year_and_the_current_one_by_the_publication_date() -> None:
    assert _spans("in the current fiscal year", date(2023, 2, 1), 4)[0][1:3] == (
        date(2022, 4, 1),
        date(2023, 3, 31),
    )
    assert _spans("in the current fiscal year", date(2023, 5, 1), 4)[0][1:3] == (
        date(2023, 4, 1),
        date(2024, 3, 31),
    )
    assert _spans("in H1 FY24", date(2023, 11, 1), 4)[0][1:3] == (date(2023, 4, 1), date(2023, 9, 30))


def test_the_fiscal_calendar_is_the_one_economy_the_article_names() -> None:
    assert fiscal_start(["Pakistan's exports to China in Q1 of FY23 were $415 million."]) == 7
    assert fiscal_start(["India's exports to China in FY23 were $15.3 billion."]) == 4
    # two economies with different calendars, or no fiscal wording: none
    assert fiscal_start(["India and Pakistan traded $2 billion in FY23."]) is None
    assert fiscal_start(["Pakistan's exports to China were $415 million in 2022."]) is None


def test_a_pakistani_report_by_fiscal_year_reads_its_quarters_and_years() -> None:
    body = (
        "Pakistan's trade deficit with China in Q1 of FY23 was $3.121 billion, compared with a deficit of "
        "$4.393 billion in the same quarter of last fiscal year. Its exports to China dropped, by 36.45%, to "
        "$415.57 million in the period under review.\n\n"
        "China was Pakistan's largest trading partner in the fiscal year 2021-22, with bilateral trade of "
        "$19.457 billion. Pakistan exported $3.111 billion of goods to China in 2021-22 and imported $16.346 billion."
    )
    found = {s.value: s for s in extract(body, "2022-10-20")}
    assert (found[-3.121e9].flow, _period(found[-3.121e9])) == ("balance", Q1_FY23_PK)
    assert _period(found[-4.393e9]) == (date(2021, 7, 1), date(2021, 9, 30))
    assert (found[415.57e6].reporter, found[415.57e6].partner, _period(found[415.57e6])) == (
        "PK",
        "CN",
        Q1_FY23_PK,
    )
    fy22 = (date(2021, 7, 1), date(2022, 6, 30))
    assert {_period(found[v]) for v in (19.457e9, 3.111e9, 16.346e9)} == {fy22}


def test_without_a_known_fiscal_calendar_the_amount_stays_dropped() -> None:
    body = "Kazakhstan's exports to China in FY23 were $415.57 million."
    (trace,) = [t for t in trace_amounts(__import__("extraction_helpers").article(body, "2023-10-20"))]
    assert trace.dropped_by == "guard.fiscal_year"
    # Iran's solar year is never converted, even in an article with a known fiscal calendar
    body = (
        "Pakistan's exports to Iran in FY23 were $415 million. Iran's exports to Pakistan in the first three "
        "months of the current Iranian calendar year came to $300 million."
    )
    found = {s.value for s in extract(body, "2023-10-20")}
    assert 415e6 in found and 300e6 not in found


def test_a_fiscal_year_figure_is_its_own_economys_data_in_an_article_on_chinas() -> None:
    body = (
        "Official data of the General Administration of Customs of China (GACC) show that in the first half of "
        "2022 Pakistan's exports to China crossed $1.918 billion.\n\n"
        "The State Bank of Pakistan says Pakistan exported goods worth $2.78 billion to China in the twelve months "
        "of fiscal year 2021-22.\n\n"
        "Pakistan's exports to China rose by 17.80% to $382.22 million in January 2022."
    )
    found = {s.value: (s.reporter, s.partner, s.flow) for s in extract(body, "2022-08-03")}
    assert found[1.918e9] == ("CN", "PK", "import")  # China's customs: mirror wording
    assert found[2.78e9] == ("PK", "CN", "export")  # a fiscal year: Pakistan's own data
    assert found[382.22e6] == ("CN", "PK", "import")  # China's data again


def test_months_of_a_fiscal_year_the_ongoing_fiscal_and_its_first_month() -> None:
    published = date(2019, 4, 20)
    assert _spans("between July-March 2018-19", published, 7)[0][1:3] == (date(2018, 7, 1), date(2019, 3, 31))
    assert _spans("during July-February (2018-19)", published, 7)[0][1:3] == (
        date(2018, 7, 1),
        date(2019, 2, 28),
    )
    assert _spans("during July FY24", date(2023, 8, 20), 7)[0][1:3] == (date(2023, 7, 1), date(2023, 7, 31))
    assert _spans("over the first nine months of the ongoing fiscal", published, 7)[0][1:3] == (
        date(2018, 7, 1),
        date(2019, 3, 31),
    )
    assert _spans("In the first month of FY24", date(2023, 8, 20), 7)[0][1:3] == (
        date(2023, 7, 1),
        date(2023, 7, 31),
    )
    assert _spans("in eight months", published, 7)[0][1:3] == (date(2018, 7, 1), date(2019, 2, 28))
    assert _spans("in the same period in previous fiscal", published, 7)[0][3] == "previous_year"
    # "eight months of 2018" is a calendar span
    assert _spans("in the first eight months of 2018", published, 7) == []


def test_a_pakistani_report_on_the_ongoing_fiscal() -> None:
    body = (
        "ISLAMABAD: Pakistan's exports to Afghanistan fell 24.8 per cent to $883.26 million over the first nine "
        "months of the ongoing fiscal, compared with $1.175 billion in the same period last year. In contrast, "
        "imports from Afghanistan went up by 22pc to $131.68m between July-March 2018-19 from $107.9m in the same "
        "period in previous fiscal. February exports were recorded at $100.9m."
    )
    found = {s.value: (s.flow, _period(s)) for s in extract(body, "2019-04-20")}
    this, last = (date(2018, 7, 1), date(2019, 3, 31)), (date(2017, 7, 1), date(2018, 3, 31))
    assert found[883.26e6] == ("export", this) and found[1.175e9] == ("export", last)
    assert found[131.68e6] == ("import", this) and found[107.9e6] == ("import", last)
    assert found[100.9e6] == ("export", (date(2019, 2, 1), date(2019, 2, 28)))


def test_a_value_in_millions_is_no_nine_month_code() -> None:
    from transform.periods import find_periods

    assert find_periods("from $107.9m in the same period", date(2019, 4, 20))[0].kind == "same_period"
    assert find_periods("in 9M 2018", date(2019, 4, 20))[0].period_end == date(2018, 9, 30)
