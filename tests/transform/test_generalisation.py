"""Extraction on wordings the rules were not first written for: one phenomenon per test, own sentences.

Each test is a short article in the style of regional news (provincial customs releases, Central Asian
statistics bulletins, EU figures) that exercises one general rule: a province as the subject, the EU as
reporter, anaphora for partners and periods, mirror wording with a named data source, index-style
changes in parentheses, base-period values, product lists, "the figure", bare months, subjects with
no code, and numbers written without a unit.
"""

from datetime import date

from extraction_helpers import extract as _extract
from extraction_helpers import stat_key as _key

from transform.amounts import find_amounts, find_unitless_amounts
from transform.entities import find_entities
from transform.model import TradeStatistic
from transform.patterns import find_percents
from transform.periods import find_periods


def _coded(stats: list[TradeStatistic]) -> list[TradeStatistic]:
    """What survives validation's missing-reporter/partner rules: both sides known."""
    return [s for s in stats if s.reporter is not None and s.partner is not None]


# --- 1. provinces as reporters, follow-up sentences inherit them ---------------------------------


def test_province_possessive_and_follow_up_sentence_without_subject() -> None:
    body = (
        "LANZHOU, Aug. 14 (Xinhua) -- Gansu province's foreign trade hit 36.2 billion yuan in the first seven "
        "months of 2024, up 9.4 percent year on year.\n\n"
        "Exports grew 18.6 percent to 12.1 billion yuan, and imports stood at 24.1 billion yuan."
    )
    stats = _extract(body, "2024-08-14")
    keys = {_key(s) for s in stats}
    span = (date(2024, 1, 1), date(2024, 7, 31))
    assert ("CN-GS", "WORLD", "total", 36.2e9, "CNY", *span) in keys
    assert ("CN-GS", "WORLD", "export", 12.1e9, "CNY", *span) in keys
    assert ("CN-GS", "WORLD", "import", 24.1e9, "CNY", *span) in keys
    export = next(s for s in stats if s.flow == "export")
    assert export.change_pct == 18.6


def test_province_located_in_china_reports_a_volume() -> None:
    body = (
        "YINCHUAN, May 20 (Xinhua) -- Ningxia Hui Autonomous Region in northwest China reported a foreign trade "
        "volume of 7.85 billion yuan in the first four months of this year, up 21.3 percent year on year."
    )
    (stat,) = _extract(body, "2024-05-20")
    assert _key(stat) == ("CN-NX", "WORLD", "total", 7.85e9, "CNY", date(2024, 1, 1), date(2024, 4, 30))
    assert stat.change_pct == 21.3


def test_municipality_and_autonomous_region_variants_resolve() -> None:
    codes = {
        m.code for m in find_entities("Chongqing municipality, Tibet Autonomous Region and Hainan Province")
    }
    assert codes == {"CN-CQ", "CN-XZ", "CN-HI"}


# --- 2. the European Union as reporter -----------------------------------------------------------


def test_european_union_reporter_and_the_country_as_partner() -> None:
    body = (
        "The European Union's trade with Kazakhstan totaled 37.4 billion euros in 2023, Eurostat said.\n\n"
        "EU imports from Kazakhstan amounted to 28.6 billion euros, while EU exports to the country reached "
        "8.8 billion euros."
    )
    keys = {_key(s) for s in _extract(body, "2024-03-05")}
    year = (date(2023, 1, 1), date(2023, 12, 31))
    assert keys == {
        ("EU", "KZ", "total", 37.4e9, "EUR", *year),
        ("EU", "KZ", "import", 28.6e9, "EUR", *year),
        ("EU", "KZ", "export", 8.8e9, "EUR", *year),
    }


def test_group_possessive_is_recognised() -> None:
    (mention, _) = find_entities("The European Union's trade with Uzbekistan")
    assert (mention.code, mention.possessive) == ("EU", True)


# --- 3. anaphora: the region, the two countries, its neighbour, over the period ---------------------


def test_the_region_is_the_group_named_before() -> None:
    body = (
        "China's trade with the five Central Asian countries hit 56.2 billion U.S. dollars in 9M24, according to "
        "the General Administration of Customs.\n\nChina's exports to the region stood at 36.1 billion dollars."
    )
    keys = {_key(s) for s in _extract(body, "2024-10-14")}
    span = (date(2024, 1, 1), date(2024, 9, 30))
    assert ("CN", "C5", "export", 36.1e9, "USD", *span) in keys
    assert not any(k[1] == "WORLD" for k in keys)


def test_the_two_countries_and_over_the_period() -> None:
    body = (
        "Trade between Kazakhstan and Uzbekistan reached $2.1 bln in January-May 2024.\n\n"
        "Kazakh exports to Uzbekistan accounted for $1.3 bln over the period."
    )
    keys = {_key(s) for s in _extract(body, "2024-07-02")}
    assert ("KZ", "UZ", "export", 1.3e9, "USD", date(2024, 1, 1), date(2024, 5, 31)) in keys


def test_unresolvable_region_anaphor_gives_no_partner() -> None:
    body = (
        "The port handled more freight trains this spring.\n\nTrade with the region reached 3.1 billion yuan."
    )
    assert _coded(_extract(body, "2024-05-14")) == []


# --- 4. mirror wording and the named data source --------------------------------------------------


def test_supplies_to_the_republic_in_its_own_statistics_are_its_imports() -> None:
    body = (
        "DUSHANBE, February 10 -- According to Tajikistan's statistics agency, supplies of Russian goods to the "
        "republic totaled $1.33 billion last year."
    )
    (stat,) = _extract(body, "2024-02-10")
    assert _key(stat) == ("TJ", "RU", "import", 1.33e9, "USD", date(2023, 1, 1), date(2023, 12, 31))


def test_data_source_cited_after_the_figure_decides_the_reporter() -> None:
    body = (
        "Russian exports to Kyrgyzstan totaled $2.6 billion in 2023, according to the National Statistical "
        "Committee of Kyrgyzstan."
    )
    (stat,) = _extract(body, "2024-03-01")
    assert (stat.reporter, stat.partner, stat.flow) == ("KG", "RU", "import")


# --- 5. index-style change in parentheses -------------------------------------------------------


def test_parenthesised_index_after_amounts() -> None:
    text = (
        "Exports to the EAEU countries reached $6.6 bln (111.7%), while imports stood at $14.5 bln (94.3%)."
    )
    changes = [p.value for p in find_percents(text) if p.kind == "change"]
    assert changes == [11.7, -5.7]


def test_parenthesised_share_without_index_stays_a_share() -> None:
    percents = find_percents(
        "Trade with China reached $1.2 billion (27%) and with Russia $0.9 billion (20%)."
    )
    assert [p.kind for p in percents] == ["share", "share"]


def test_bulletin_index_below_100_in_a_later_sentence() -> None:
    body = (
        "Kyrgyzstan's exports to the EAEU countries in January-August 2024 amounted to $512.4 mln (121.3%).\n\n"
        "Imports from the EAEU countries stood at $2.2 bln (96.1%)."
    )
    stats = _extract(body, "2024-10-10")
    imports = next(s for s in stats if s.flow == "import")
    assert (imports.change_pct, imports.share_pct) == (-3.9, None)


# --- 6. base-period values --------------------------------------------------------------------------


def test_value_of_the_comparison_period_after_when() -> None:
    body = (
        "Kyrgyzstan's imports from Kazakhstan in January-July 2024 amounted to $712.4 million.\n\n"
        "The figure is 8.1 percent lower than in the same period of 2023, when imports stood at $775.2 million."
    )
    keys = {_key(s) for s in _extract(body, "2024-09-02")}
    assert ("KG", "KZ", "import", 775.2e6, "USD", date(2023, 1, 1), date(2023, 7, 31)) in keys
    assert not any(k[3] == 775.2e6 and k[5] == date(2024, 1, 1) for k in keys)


# --- 7. product lists ---------------------------------------------------------------------------------


def test_product_list_items_are_product_level() -> None:
    body = (
        "Kazakhstan's exports to Afghanistan reached $402.7 million in the first quarter of 2024.\n\n"
        "Wheat shipments led the way, worth $158.2 million, followed by barley at $44.6 million and sunflower "
        "oil at $31.9 million."
    )
    stats = _extract(body, "2024-04-22")
    products = {s.value: s.commodity for s in stats}
    assert products == {402.7e6: None, 158.2e6: "wheat", 44.6e6: "barley", 31.9e6: "sunflower oil"}
    assert all((s.reporter, s.partner, s.flow) == ("KZ", "AF", "export") for s in stats)


def test_product_leading_a_list_after_an_export_figure() -> None:
    body = (
        "Kazakhstan's exports to China reached $5.2 billion in January-April 2024.\n\n"
        "Crude oil led the list with $1.9 billion, followed by copper at $1.1 billion."
    )
    products = {s.value: s.commodity for s in _extract(body, "2024-06-20")}
    assert products == {5.2e9: None, 1.9e9: "crude oil", 1.1e9: "copper"}


# --- 8. "the figure" with its own period ---------------------------------------------------------


def test_the_figure_refers_to_the_previous_statistic() -> None:
    body = (
        "Trade turnover between Uzbekistan and Kazakhstan reached USD 3127.4 million in January-October 2024, "
        "the Statistics Agency of Uzbekistan reported.\n\n"
        "In the first ten months of last year, the figure stood at USD 2811.6 million."
    )
    keys = {_key(s) for s in _extract(body, "2024-11-20")}
    assert ("UZ", "KZ", "total", 2811.6e6, "USD", date(2023, 1, 1), date(2023, 10, 31)) in keys


def test_this_figure_in_the_same_period_last_year() -> None:
    body = (
        "Uzbekistan imported goods worth $1.9 billion from China in January-April 2024.\n\n"
        "In the same period last year, this figure amounted to $1.6 billion."
    )
    keys = {_key(s) for s in _extract(body, "2024-05-30")}
    assert ("UZ", "CN", "import", 1.6e9, "USD", date(2023, 1, 1), date(2023, 4, 30)) in keys


# --- 9. balance with a partner named by anaphora ----------------------------------------------------


def test_balance_with_its_neighbour() -> None:
    body = (
        "Kazakhstan's exports to Uzbekistan amounted to $1.42 bln in January-April 2024, while imports from "
        "Uzbekistan reached $0.61 bln.\n\n"
        "Kazakhstan thus posted a positive trade balance of $0.81 bln with its southern neighbor."
    )
    balance = next(s for s in _extract(body, "2024-06-15") if s.flow == "balance")
    assert _key(balance) == ("KZ", "UZ", "balance", 0.81e9, "USD", date(2024, 1, 1), date(2024, 4, 30))


def test_surplus_with_the_republic_named_by_its_subject() -> None:
    body = (
        "Kazakhstan's exports to Kyrgyzstan reached $780 mln in January-August 2024, while imports from "
        "Kyrgyzstan totaled $390 mln.\n\nThus Kazakhstan had a trade surplus of $390 mln with the republic."
    )
    balance = next(s for s in _extract(body, "2024-10-15") if s.flow == "balance")
    assert (balance.reporter, balance.partner, balance.value) == ("KZ", "KG", 390e6)


def test_partner_ranked_in_trade_with_the_region_is_not_the_reporter() -> None:
    body = (
        "Xinjiang's trade with Central Asian countries reached 180 billion yuan in 2023.\n\n"
        "Among these countries, Uzbekistan ranked second with 30.1 billion yuan in trade with the region."
    )
    stats = _extract(body, "2024-02-01")
    assert not any(s.reporter == "UZ" for s in stats)


def test_neighbour_with_no_earlier_partner_gives_no_partner() -> None:
    stats = _extract("Kazakhstan posted a trade surplus of $0.5 bln with its neighbor in 2023.", "2024-02-01")
    assert _coded(stats) == []


# --- 10. bare months and other period wordings -------------------------------------------------------


def test_bare_month_of_the_publication_year_and_month_not_a_product() -> None:
    body = (
        "Turkmenistan's foreign trade turnover reached $3.9 bln in the first quarter of 2024.\n\n"
        "Exports in March totaled $1.1 bln, while imports reached $0.4 bln."
    )
    stats = _extract(body, "2024-05-08")
    march = [s for s in stats if s.period_start == date(2024, 3, 1)]
    assert {(s.flow, s.value, s.commodity) for s in march} == {
        ("export", 1.1e9, None),
        ("import", 0.4e9, None),
    }


def test_period_wordings() -> None:
    published = date(2024, 3, 5)
    spans = {
        text: (p.period_start, p.period_end)
        for text in ("in November", "in 9M23", "in Q4 2023", "last month")
        for p in find_periods(text, published)
    }
    assert spans == {
        "in November": (date(2023, 11, 1), date(2023, 11, 30)),
        "in 9M23": (date(2023, 1, 1), date(2023, 9, 30)),
        "in Q4 2023": (date(2023, 10, 1), date(2023, 12, 31)),
        "last month": (date(2024, 2, 1), date(2024, 2, 29)),
    }


# --- 11. subjects with no code ---------------------------------------------------------------------------


def test_enterprise_types_cities_and_ports_give_no_statistic() -> None:
    body = (
        "Shaanxi Province's foreign trade volume reached 421.6 billion yuan in 2023, local customs said.\n\n"
        "Private enterprises' imports and exports reached 180.3 billion yuan. Foreign-invested firms' trade "
        "totaled 95.2 billion yuan. Haikou's imports and exports reached 60.3 billion yuan."
    )
    coded = _coded(_extract(body, "2024-01-20"))
    assert [_key(s) for s in coded] == [
        ("CN-SN", "WORLD", "total", 421.6e9, "CNY", date(2023, 1, 1), date(2023, 12, 31))
    ]


# --- amounts: missing unit given by the context --------------------------------------------------------


def test_unit_borrowed_from_the_sentence_for_a_bare_scaled_number() -> None:
    body = "Of the total, exports reached 48.3 billion yuan, and imports stood at 14.2 billion."
    keys = {(s.flow, s.value, s.currency) for s in _extract(body)}
    assert ("import", 14.2e9, "CNY") in keys


def test_bare_scaled_number_that_is_no_trade_value_is_left_alone() -> None:
    body = "Exports totaled $78.7 bln in 2023. The number of trucks crossing the border reached 1.2 million."
    assert {s.value for s in _extract(body)} == {78.7e9}


def test_amount_forms() -> None:
    values = [a.value for a in find_amounts("$2 billion 150 million, two billion dollars and 3.5 bln euros")]
    assert values == [2150000000, 2000000000, 3500000000]
    assert [
        a.value for a in find_unitless_amounts("imports stood at 180.5 billion, up 3 percent", "CNY")
    ] == [180500000000]


def test_the_figure_far_from_any_trade_statistic_is_left_alone() -> None:
    body = (
        "Kazakhstan's exports to China reached $5.2 billion in 2023.\n\n"
        "Chinese companies also invested in new plants across the country. "
        "Investment from China grew fast last year. In 2022, the figure stood at $1.1 billion."
    )
    assert {s.value for s in _extract(body, "2024-03-01")} == {5.2e9}


def test_index_above_100_after_the_period_is_a_change_not_a_share() -> None:
    body = "Kyrgyzstan's foreign trade turnover reached $7.9 bln in January-July 2024 (112.4%)."
    (stat,) = _extract(body, "2024-09-09")
    assert (stat.change_pct, stat.share_pct) == (12.4, None)


def test_possessive_share_names_a_partner_not_the_reporter() -> None:
    body = (
        "Kyrgyzstan's foreign trade turnover reached $7.9 bln in January-July 2024.\n\n"
        "China's share in the turnover was $2.8 bln (35.4%)."
    )
    share = next(s for s in _extract(body, "2024-09-09") if s.value == 2.8e9)
    assert (share.reporter, share.partner, share.share_pct) == ("KG", "CN", 35.4)
