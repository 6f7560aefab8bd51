"""Extraction rules added in rules-1.4.1 and 1.4.2, each with sentences written for these tests.

Lists under a header ("Main trading partners (share in total turnover):") take the header's flow, not
the figure stated before the header; a unit-less amount takes the scale WORD of the nearest amount
("$96.4 and to Armenia to $38.5 million" is millions, although "USD 1,311.2 million" beside it has ten
digits); a sentence opening on a place ("In neighbouring Qinghai Province, ...") states that place's
trade; "..., or $X" restates a yuan figure in dollars when the implied rate is the year's; "of which
exports ..." keeps the whole's partner; "China's share reached N% at $X" makes China the partner.
rules-1.4.2: a supplier ranking gives imports down its "followed by" list; customs trade modes ("border
small-scale trade") and one figure for two partners "together" are no partner's aggregate; differences
("$8 billion short of 2013") and lenders' commitments are not levels; the subject of "reported" and the
owner in "imports and exports of X Province" are reporters; "Of this, exports were ..." keeps the whole's
sides; "while Qinghai's reached ..." elides the noun just used; "In May" is a month.
rules-1.4.3: one-line tables with the unit in the header ("Main partners, bln USD: Italy – 18,9; ..."),
"Related news: a | b" lines are furniture, sums "not counted as trade" are not, "the republic" is the
country whose statistics are reported, "from the record of $X a year earlier" is a base value.
"""

from datetime import date

from extraction_helpers import extract
from extraction_helpers import stat_key as key

NINE_MONTHS_2025 = (date(2025, 1, 1), date(2025, 9, 30))
H1_2025 = (date(2025, 1, 1), date(2025, 6, 30))
H1_2024 = (date(2024, 1, 1), date(2024, 6, 30))

PARTNER_LIST = """Kyrgyzstan's foreign trade turnover in January-September 2025 reached $9,812.5 million, up 6.1% \
year on year, the National Statistical Committee reported.

Exports amounted to $2,104.3 million and imports to $7,708.2 million. The trade deficit stood at $5,603.9 million.

Main trading partners (share of total turnover):

China — $3,620.1 million (36.9%);

Russia — $2,480.7 million (25.3%).

Leading export markets:

Kazakhstan — $612.2 million;

Uzbekistan — $388.0 million.

Notable items:

Gold — $1,100.0 million."""


def test_list_items_take_the_flow_of_their_header_not_the_balance_before_it() -> None:
    by_partner = {(s.partner, s.flow): s for s in extract(PARTNER_LIST, "2025-10-20") if s.reporter == "KG"}
    assert key(by_partner[("CN", "total")]) == ("KG", "CN", "total", 3620.1e6, "USD", *NINE_MONTHS_2025)
    assert key(by_partner[("RU", "total")])[3] == 2480.7e6
    assert not any(flow == "balance" and partner != "WORLD" for partner, flow in by_partner)


def test_export_market_header_makes_its_items_exports() -> None:
    stats = extract(PARTNER_LIST, "2025-10-20")
    exports = {s.partner: s.value for s in stats if s.flow == "export" and s.partner in ("KZ", "UZ")}
    assert exports == {"KZ": 612.2e6, "UZ": 388.0e6}


def test_items_under_a_header_without_a_trade_word_emit_nothing() -> None:
    assert not [s for s in extract(PARTNER_LIST, "2025-10-20") if s.value == 1100.0e6]


def test_a_list_without_a_header_still_continues_the_figure_before() -> None:
    body = (
        "Kazakhstan's exports to Central Asia reached $4.1 billion in January-June 2025, the bureau said.\n\n"
        "- Uzbekistan — $2.3 billion;\n\n- Kyrgyzstan — $1.2 billion."
    )
    found = {(s.partner, s.flow, s.value) for s in extract(body, "2025-07-30")}
    assert ("UZ", "export", 2.3e9) in found and ("KG", "export", 1.2e9) in found


UNITLESS = (
    "Kazakhstan's exports to the union rose 9 percent in January-June 2024, the Bureau of National "
    "Statistics said. Exports to Uzbekistan totalled USD 1,311.2 million, while exports to Georgia came to "
    "$96.4 and to Armenia to $38.5 million."
)


def test_unitless_amount_takes_the_scale_word_of_the_amount_nearest_it() -> None:
    values = {s.partner: s.value for s in extract(UNITLESS, "2024-08-10")}
    assert values["GE"] == 96.4e6  # not 96.4 billion, though "1,311.2 million" has ten digits
    assert values["UZ"] == 1311.2e6 and values["AM"] == 38.5e6


def test_unitless_amount_between_different_scales_is_dropped() -> None:
    body = (
        "Uzbekistan's exports to Russia reached $1.9 billion in 2024, to Tajikistan $412.5, and to "
        "Afghanistan $730.0 million, the statistics agency said."
    )
    values = {s.partner: s.value for s in extract(body, "2025-02-01")}
    assert "TJ" not in values  # the nearest scales disagree: billion before, million after
    assert values["RU"] == 1.9e9 and values["AF"] == 730.0e6


QINGHAI = """LANZHOU, Aug. 2 (Xinhua) -- Ningxia Hui Autonomous Region's imports and exports with Central Asian \
countries reached 2.1 billion yuan in the first half of the year, up 12 percent, according to Yinchuan Customs.

The region's total foreign trade in the period came to 90.5 billion yuan.

In neighbouring Qinghai Province, foreign trade stood at 3.9 billion yuan, with trade with Central Asia rising \
20 percent to 0.8 billion yuan, Xining Customs said."""


def test_sentence_opening_on_a_region_states_that_regions_trade() -> None:
    found = {key(s) for s in extract(QINGHAI, "2025-08-02")}
    assert ("CN-QH", "WORLD", "total", 3.9e9, "CNY", *H1_2025) in found
    assert ("CN-QH", "C5", "total", 0.8e9, "CNY", *H1_2025) in found
    assert not any(k[0] == "CN-NX" and k[3] in (3.9e9, 0.8e9) for k in found)


def test_locative_opening_on_a_group_is_a_scope_not_a_reporter() -> None:
    body = (
        "Kazakhstan's trade with China reached $20.1 billion in 2024, customs said.\n\n"
        "In Central Asia, exports to China came to $9.2 billion."
    )
    assert not [s for s in extract(body, "2025-02-10") if s.reporter == "C5"]


def test_dollar_restatement_after_a_period_is_a_conversion_when_the_rate_fits() -> None:
    body = (
        "BEIJING, Jan. 13 (Xinhua) -- China's trade with ASEAN rose to 6.99 trillion yuan last year, or "
        "982.3 billion U.S. dollars, up 7.1 percent, customs data showed."
    )
    (stat,) = extract(body, "2025-01-13")
    assert key(stat) == ("CN", "ASEAN", "total", 6.99e12, "CNY", date(2024, 1, 1), date(2024, 12, 31))
    assert stat.value_usd == 982.3e9


def test_a_dollar_figure_after_or_at_an_impossible_rate_is_not_a_conversion() -> None:
    body = (
        "China's exports to Kazakhstan reached 160.2 billion yuan last year, or 60.1 billion dollars "
        "of machinery, customs said."
    )
    stats = extract(body, "2025-01-20")
    assert all(s.value_usd != 60.1e9 for s in stats if s.currency == "CNY")


def test_of_which_part_keeps_the_partner_of_the_whole() -> None:
    body = (
        "TBILISI, March 3. Georgia's trade turnover with Armenia amounted to $412.5 million in 2025, up 5 "
        "percent, the national statistics office said.\n\nTrade with Azerbaijan reached $301.2 million.\n\n"
        "Georgia's total foreign trade turnover in 2025 stood at $24.1 billion, of which imports accounted "
        "for $17.3 billion."
    )
    found = {key(s) for s in extract(body, "2026-03-03")}
    assert ("GE", "WORLD", "import", 17.3e9, "USD", date(2025, 1, 1), date(2025, 12, 31)) in found


def test_share_clause_names_the_partner_of_the_value_after_it() -> None:
    body = (
        "Tajikistan's foreign trade turnover in 2025 reached $9,210.5 million, up 8 percent, the statistics "
        "agency said.\n\nTrade with Belarus stood at 310.3 million dollars, or 3.4% of the total, while "
        "Russia's share reached 27.1% at 2,496.0 million dollars."
    )
    by_value = {s.value: s for s in extract(body, "2026-02-20")}
    assert (by_value[2496.0e6].reporter, by_value[2496.0e6].partner) == ("TJ", "RU")
    assert (by_value[310.3e6].reporter, by_value[310.3e6].partner) == ("TJ", "BY")


# --- rules-1.4.2 ---------------------------------------------------------------------------------------


def test_main_supplier_ranking_after_a_turnover_gives_imports_down_the_list() -> None:
    body = (
        "Tajikistan's foreign trade in the first quarter of 2024 reached $1.4 billion, the statistics agency "
        "said.\n\nChina was the main supplier, with $510.2 million worth of goods delivered to Tajikistan, "
        "followed by Russia ($402.1 million) and Kazakhstan ($190.5 million)."
    )
    found = {(s.reporter, s.partner, s.flow, s.value, s.commodity) for s in extract(body, "2024-04-20")}
    assert ("TJ", "CN", "import", 510.2e6, None) in found
    assert ("TJ", "RU", "import", 402.1e6, None) in found
    assert ("TJ", "KZ", "import", 190.5e6, None) in found


def test_customs_trade_modes_are_not_aggregate_trade() -> None:
    body = (
        "Heilongjiang's foreign trade reached 250.1 billion yuan in the first ten months, Harbin Customs said.\n\n"
        "Border small-scale trade, conducted mainly by frontier residents, reached 3.2 billion yuan over the "
        "period. Processing trade came to 12.1 billion yuan, while cross-border trade with Russia reached 90.2 "
        "billion yuan."
    )
    values = {s.value for s in extract(body, "2023-11-20")}
    assert 3.2e9 not in values and 12.1e9 not in values
    assert 90.2e9 in values  # "cross-border trade" is all trade


def test_one_figure_for_two_partners_together_is_not_either_partners() -> None:
    body = (
        "Inner Mongolia's foreign trade reached 150.1 billion yuan in 2022, customs said. Trade with Mongolia "
        "and Russia together accounted for 70.2 billion yuan, of which trade with Mongolia was 40.1 billion yuan."
    )
    found = {(s.partner, s.value) for s in extract(body, "2023-02-01")}
    assert 70.2e9 not in {v for _, v in found}
    assert ("MN", 40.1e9) in found


def test_a_difference_between_two_figures_is_not_a_level_nor_its_period() -> None:
    body = (
        "Last year turnover between Kazakhstan and China reached $14.5 billion, still some $8 billion short "
        "of the 2013 record."
    )
    (stat,) = extract(body, "2023-02-01")
    assert (stat.value, stat.period_start, stat.period_end) == (14.5e9, date(2022, 1, 1), date(2022, 12, 31))


def test_money_committed_by_lenders_is_not_trade() -> None:
    body = (
        "Trade between Kazakhstan and China reached $31.2 billion in 2023. Officials like to repeat the goal of "
        "$40 billion in annual trade, and Chinese lenders have committed more than $20 billion to projects."
    )
    assert [s.value for s in extract(body, "2024-02-01")] == [31.2e9]


def test_subject_of_a_reporting_verb_is_the_reporter() -> None:
    body = (
        "Mongolia does not publish monthly partner data, so the figures come from its neighbours.\n\n"
        "Russia's customs data show that trade between Russia and Mongolia reached $2.1 billion in 2023.\n\n"
        "Türkiye, for its part, reported exports to Mongolia of $0.4 billion in 2023."
    )
    found = {key(s) for s in extract(body, "2024-03-01")}
    assert ("TR", "MN", "export", 0.4e9, "USD", date(2023, 1, 1), date(2023, 12, 31)) in found


def test_trade_of_a_region_and_the_parts_of_this_total() -> None:
    body = (
        "Russia's customs data show that trade between Russia and Mongolia reached $2.1 billion in 2023.\n\n"
        "According to statistics of Lanzhou Customs, in the first half of 2024 the total value of imports and "
        "exports of Gansu Province was 27.34 billion yuan, up 3.2%. Of this, exports were 10.76 billion yuan and "
        "imports were 16.58 billion yuan."
    )
    found = {key(s) for s in extract(body, "2024-08-09")}
    assert ("CN-GS", "WORLD", "total", 27.34e9, "CNY", *H1_2024) in found
    assert ("CN-GS", "WORLD", "export", 10.76e9, "CNY", *H1_2024) in found
    assert ("CN-GS", "WORLD", "import", 16.58e9, "CNY", *H1_2024) in found


def test_imports_of_a_countrys_product_do_not_make_it_the_reporter() -> None:
    body = (
        "Heilongjiang's trade with Russia reached 150.2 billion yuan in January-August 2018.\n\n"
        "Imports of Russian crude oil, which arrive by pipeline, were worth 52.1 billion yuan."
    )
    assert not [s for s in extract(body, "2018-09-20") if s.reporter == "RU"]


def test_elided_possessive_takes_the_noun_and_partner_just_used_and_may_is_a_month() -> None:
    body = (
        "Foreign trade of Gansu Province reached 45.2 billion yuan in the first five months of this year, "
        "Lanzhou Customs said.\n\nIn May, Gansu's foreign trade came to 9.6 billion yuan, while Qinghai's "
        "reached 1.2 billion yuan, up 3.1 percent."
    )
    may = (date(2022, 5, 1), date(2022, 5, 31))
    found = {key(s) for s in extract(body, "2022-06-21")}
    assert ("CN-GS", "WORLD", "total", 9.6e9, "CNY", *may) in found
    assert ("CN-QH", "WORLD", "total", 1.2e9, "CNY", *may) in found


def test_header_with_partners_and_a_year_gives_its_items_flow_and_period() -> None:
    body = (
        "Kyrgyzstan's trade with the EAEU reached $3.2 billion in 2021.\n\nMain partners in 2022:\n\n"
        "• the Netherlands – $6.2 billion (4.6%);\n\n• Italy – $10.1 billion (7.5%)."
    )
    found = {key(s) for s in extract(body, "2023-03-01")}
    assert ("KG", "NL", "total", 6.2e9, "USD", date(2022, 1, 1), date(2022, 12, 31)) in found
    assert ("KG", "IT", "total", 10.1e9, "USD", date(2022, 1, 1), date(2022, 12, 31)) in found


def test_subject_accounting_for_a_share_with_a_turnover_is_the_partner() -> None:
    body = (
        "Kyrgyzstan's trade with the EAEU reached $3.2 billion in 2021. Russia accounted for 61.4% of the EAEU "
        "total, with turnover of $1.95 billion, and Kazakhstan for 33.5%."
    )
    found = {(s.reporter, s.partner, s.value) for s in extract(body, "2022-03-01")}
    assert ("KG", "RU", 1.95e9) in found


def test_a_region_without_a_code_reporting_a_figure_leaves_the_reporter_unknown() -> None:
    body = (
        "According to Eurostat, the European Union's trade with Mongolia amounted to €1.12 billion last year.\n\n"
        "Russia stopped publishing country breakdowns in 2022, but the Irkutsk region alone reported turnover "
        "with Mongolia of 7.9 billion roubles in 2023."
    )
    (roubles,) = [s for s in extract(body, "2024-04-09") if s.currency == "RUB"]
    assert roubles.reporter is None  # rejected as missing.reporter, never credited to the EU


# --- rules-1.4.3 ---------------------------------------------------------------------------------------

KAZ_2022 = "ASTANA. Kazakhstan's foreign trade turnover in 2022 amounted to $135.2 bln, the bureau said. "
YEAR_2022 = (date(2022, 1, 1), date(2022, 12, 31))


def test_one_line_table_with_its_unit_in_the_header() -> None:
    body = (
        KAZ_2022 + "The trade surplus reached $34 bln.\n\nMain partners, bln USD: Italy – 18,9; China – 13,1."
    )
    found = {key(s) for s in extract(body, "2023-02-14")}
    assert ("KZ", "IT", "total", 18.9e9, "USD", *YEAR_2022) in found  # not the surplus's flow
    assert ("KZ", "CN", "total", 13.1e9, "USD", *YEAR_2022) in found


def test_header_unit_table_of_export_destinations_and_of_non_trade_items() -> None:
    body = (
        KAZ_2022 + "\n\nMain export destinations, bln USD: Italy – 18,9; China – 13,1.\n\n"
        "Key items, bln USD: Oil – 50,1; Metals – 12,2."
    )
    stats = extract(body, "2023-02-14")
    assert {(s.partner, s.flow) for s in stats if s.value == 18.9e9} == {("IT", "export")}
    assert not [s for s in stats if s.value in (50.1e9, 12.2e9)]


def test_a_sentence_that_only_looks_like_a_table_is_not_one() -> None:
    body = KAZ_2022 + "\n\nOfficials, bln USD aside: Kazakhstan – 5 plans; China – talks."
    assert [s.value for s in extract(body, "2023-02-14")] == [135.2e9]


def test_related_headlines_on_one_line_are_page_furniture() -> None:
    body = KAZ_2022 + "\n\nRelated news: Kazakhstan-China trade hits $31.5 bln in 2023 | Tenge strengthens"
    assert [s.value for s in extract(body, "2024-02-14")] == [135.2e9]


def test_a_sum_said_not_to_count_as_trade_is_not_trade() -> None:
    body = (
        "Tajikistan's foreign trade turnover in the first quarter of 2019 amounted to $1.03 billion, the agency "
        "said. Remittances from migrants, which the agency does not count as trade, are estimated at $2.5 billion."
    )
    assert [s.value for s in extract(body, "2019-05-06")] == [1.03e9]


def test_the_republic_is_the_country_whose_statistics_the_article_reports() -> None:
    body = (
        "BISHKEK. Kyrgyzstan's foreign trade turnover in January-June 2021 amounted to $2.61 billion, the "
        "National Statistical Committee reported.\n\nImports from China amounted to $380.5 million.\n\n"
        "Shipments from Russia to the republic reached $593.2 million."
    )
    found = {(s.reporter, s.partner, s.flow) for s in extract(body, "2021-08-09") if s.value == 593.2e6}
    assert found == {("KG", "RU", "import")}


def test_a_record_a_year_earlier_is_a_base_value_of_the_year_before() -> None:
    body = (
        "Eurostat data show the EU's trade with Kazakhstan reached €35.8bn in 2023, down 10.2% from the record of "
        "€39.9bn a year earlier."
    )
    periods = {s.value: (s.period_start, s.period_end) for s in extract(body, "2024-03-28")}
    assert periods[35.8e9] == (date(2023, 1, 1), date(2023, 12, 31))
    assert periods[39.9e9] == (date(2022, 1, 1), date(2022, 12, 31))
