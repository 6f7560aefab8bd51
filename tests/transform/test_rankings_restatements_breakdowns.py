"""Extraction rules of rules-1.4.0: one phenomenon per test, sentences written for these tests.

Restatements in another currency (matched to the figure they convert), partner rankings turned into
text ("X was the leading partner with $A, followed by Y ($B)"), ranking appositives, scopes and
overtaken economies, breakdowns written like a table ("EU exports – 5.3 billion euros (2023: 4.8
billion)"), parts of the figure just stated ("Of that, goods ...", "Russia's share was 72%, or $X"),
a country's share given with its value, a possessive owner after "with", conversions after a period
phrase, "rose ... to reach", unnamed statistics offices and "the X side said" as data owners, balances
in someone's favour, "it" and leading comparison periods, month-count codes ("8M2024"). Each phenomenon
has a negative beside it: when the wording does not say whose figure it is, nothing is emitted.
"""

from datetime import date

from extraction_helpers import extract
from extraction_helpers import stat_key as key

from transform.periods import find_periods

YEAR_2023 = (date(2023, 1, 1), date(2023, 12, 31))
YEAR_2024 = (date(2024, 1, 1), date(2024, 12, 31))


# --- "rose ... to reach $X" is where a figure ended, not a goal ------------------------------------


def test_growth_to_reach_a_value_is_a_level() -> None:
    body = (
        "In January-June 2024, trade between Kyrgyzstan and Uzbekistan grew by 18 percent to reach "
        "$640 million, the ministry said."
    )
    (stat,) = extract(body, "2024-07-20")
    assert key(stat)[2:] == ("total", 640e6, "USD", date(2024, 1, 1), date(2024, 6, 30))
    assert {stat.reporter, stat.partner} == {"KG", "UZ"}
    assert stat.change_pct == 18.0


def test_expected_growth_to_reach_a_value_stays_a_target() -> None:
    body = "Trade between Kyrgyzstan and Uzbekistan is expected to grow by 20 percent to reach $2 billion."
    assert extract(body, "2024-07-20") == []


# --- a restatement in another currency is the figure it converts --------------------------------


def test_dollar_restatement_takes_the_sides_of_the_figure_it_converts() -> None:
    body = (
        "China's foreign trade reached 20.3 trillion yuan in the first ten months of 2023, down 0.03 percent, "
        "customs data showed.\n\n"
        "Trade with ASEAN rose 2 percent to 5.2 trillion yuan.\n\n"
        "In U.S. dollar terms, total trade stood at 2.87 trillion dollars, down 6 percent."
    )
    stats = extract(body, "2023-11-07")
    dollar = next(s for s in stats if s.currency == "USD")
    assert key(dollar) == ("CN", "WORLD", "total", 2.87e12, "USD", date(2023, 1, 1), date(2023, 10, 31))


def test_dollar_restatement_of_the_latest_figure_when_it_converts_that_one() -> None:
    body = (
        "China's foreign trade reached 20.3 trillion yuan in the first ten months of 2023, customs data "
        "showed.\n\n"
        "Trade with ASEAN rose 2 percent to 5.2 trillion yuan.\n\n"
        "In dollar terms, that trade came to 735 billion dollars."
    )
    stats = extract(body, "2023-11-07")
    dollar = next(s for s in stats if s.currency == "USD")
    assert (dollar.reporter, dollar.partner) == ("CN", "ASEAN")


# --- rankings: compared economies, scopes, appositives, ranked partners --------------------------


def test_overtaken_economy_is_no_side_of_the_figure() -> None:
    body = (
        "China's trade with the world rose to 41.8 trillion yuan in 2023.\n\n"
        "The EU overtook the United States to become the second largest, with trade of 5.5 trillion yuan."
    )
    stats = extract(body, "2024-01-15")
    second = next(s for s in stats if s.value == 5.5e12)
    assert (second.reporter, second.partner) == ("CN", "EU")


def test_group_after_a_ranking_is_its_scope_not_a_partner() -> None:
    body = (
        "Uzbekistan remained China's second largest trading partner in Central Asia in 2023, with bilateral "
        "trade totaling 98.1 billion yuan."
    )
    (stat,) = extract(body, "2024-01-20")
    assert key(stat) == ("CN", "UZ", "total", 98.1e9, "CNY", *YEAR_2023)


def test_ranking_appositive_does_not_make_its_owner_a_side() -> None:
    body = (
        "Uzbekistan, Kazakhstan's second largest trading partner in Central Asia, traded goods worth "
        "$4.4 billion with Kazakhstan in 2023."
    )
    (stat,) = extract(body, "2024-02-01")
    assert stat.flow == "total" and stat.value == 4.4e9
    assert {stat.reporter, stat.partner} == {"KZ", "UZ"}


def test_partners_ranked_after_a_world_total_are_its_parts() -> None:
    body = (
        "Kyrgyzstan's foreign trade in January-March 2024 amounted to $3.1 billion, up 4 percent.\n\n"
        "China was the leading partner with $1.2 billion, followed by Russia ($780 million) and "
        "Kazakhstan ($350 million)."
    )
    stats = extract(body, "2024-04-25")
    q1 = (date(2024, 1, 1), date(2024, 3, 31))
    keys = {key(s) for s in stats}
    assert ("KG", "CN", "total", 1.2e9, "USD", *q1) in keys
    assert ("KG", "RU", "total", 780e6, "USD", *q1) in keys
    assert ("KG", "KZ", "total", 350e6, "USD", *q1) in keys


def test_ranked_export_destination_is_an_export_partner() -> None:
    body = (
        "Tajikistan's exports reached $2.1 billion in 2023, the statistics agency said.\n\n"
        "Kazakhstan was the main export destination with $610 million."
    )
    stats = extract(body, "2024-02-10")
    assert ("TJ", "KZ", "export", 610e6, "USD", *YEAR_2023) in {key(s) for s in stats}


def test_ranked_partner_without_a_world_total_before_it_emits_nothing() -> None:
    body = "Russia was the leading partner with $900 million last year, officials said."
    assert extract(body, "2024-02-10") == []


# --- breakdowns written like a table ---------------------------------------------------------------


def test_year_labelled_comparisons_in_a_breakdown() -> None:
    body = (
        "Trade between the European Union and Uzbekistan reached 6.4 billion euros in 2024, Eurostat data "
        "show.\n\n"
        "In detail: EU exports to Uzbekistan – 5.3 billion euros (2023: 4.8 billion); EU imports from "
        "Uzbekistan – 1.1 billion euros (2023: 0.9 billion)."
    )
    keys = {key(s) for s in extract(body, "2025-03-05")}
    assert ("EU", "UZ", "export", 5.3e9, "EUR", *YEAR_2024) in keys
    assert ("EU", "UZ", "export", 4.8e9, "EUR", *YEAR_2023) in keys
    assert ("EU", "UZ", "import", 1.1e9, "EUR", *YEAR_2024) in keys
    assert ("EU", "UZ", "import", 0.9e9, "EUR", *YEAR_2023) in keys


# --- parts of the figure just stated -----------------------------------------------------------------


def test_goods_part_of_a_goods_and_services_figure() -> None:
    body = (
        "In 2023, Kazakhstan exported goods and services worth $84 billion, the ministry said. "
        "Of this, goods accounted for $78.7 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-20")}
    assert ("KZ", "WORLD", "export", 78.7e9, "USD", *YEAR_2023) in keys


def test_services_part_is_not_merchandise_trade() -> None:
    body = (
        "In 2023, Kazakhstan exported goods and services worth $84 billion, the ministry said. "
        "Of this, services accounted for $5.3 billion."
    )
    assert all(s.value != 5.3e9 for s in extract(body, "2024-02-20"))


def test_share_subject_with_its_value_is_the_partner() -> None:
    body = "In 2023, China accounted for 22 percent of Kazakhstan's foreign trade, or $29.5 billion."
    (stat,) = extract(body, "2024-02-20")
    assert key(stat) == ("KZ", "CN", "total", 29.5e9, "USD", *YEAR_2023)
    assert stat.share_pct == 22.0


def test_share_subject_of_trade_with_another_country_emits_nothing() -> None:
    body = "In 2023, Russia accounted for 40 percent of Kazakhstan's trade with China, or $12.1 billion."
    assert all(s.value != 12.1e9 for s in extract(body, "2024-02-20"))


# --- owners, sources and conversions ----------------------------------------------------------------


def test_possessive_after_with_owns_the_figure_it_names() -> None:
    body = (
        "Russian customs, however, put bilateral trade with Uzbekistan at $9.3 billion in 2023, with Russia's "
        "exports to Uzbekistan at $7.1 billion."
    )
    keys = {key(s) for s in extract(body, "2024-03-01")}
    assert ("RU", "UZ", "export", 7.1e9, "USD", *YEAR_2023) in keys


def test_conversion_after_a_period_phrase_is_the_usd_value() -> None:
    body = (
        "Uzbekistan's statistics agency gives a turnover with Kazakhstan of 45.2 trillion soums for "
        "January-June 2024, equivalent to $3.6 billion."
    )
    (stat,) = extract(body, "2024-07-30")
    assert stat.currency == "UZS" and stat.value == 45.2e12 and stat.value_usd == 3.6e9


def test_unnamed_statistics_office_of_a_datelined_story_owns_mirror_wording() -> None:
    body = (
        "DUSHANBE, May 3 - Trade between Tajikistan and Uzbekistan reached $210 million in the first quarter "
        "of 2024, the State Statistics Agency said.\n\n"
        "Tajik exports to Uzbekistan totaled $60 million, while Uzbekistan shipped goods worth $150 million "
        "to Tajikistan."
    )
    keys = {key(s) for s in extract(body, "2024-05-03")}
    q1 = (date(2024, 1, 1), date(2024, 3, 31))
    assert ("TJ", "UZ", "export", 60e6, "USD", *q1) in keys
    assert ("TJ", "UZ", "import", 150e6, "USD", *q1) in keys


def test_own_statistics_of_a_country_make_it_the_owner() -> None:
    body = (
        "Trade between Kazakhstan and the EU reached 40.2 billion euros in 2024, Eurostat said.\n\n"
        "Kazakhstan's own statistics show turnover with the EU at $45.1 billion, of which Kazakh exports "
        "accounted for $33.8 billion."
    )
    keys = {key(s) for s in extract(body, "2025-03-01")}
    assert ("KZ", "EU", "export", 33.8e9, "USD", *YEAR_2024) in keys


# --- more ranking wordings ---------------------------------------------------------------------------


def test_partner_ranked_first_takes_the_flow_of_the_whole() -> None:
    body = (
        "Turkmenistan's exports reached $9.8 billion in 2023, the state news agency said.\n\n"
        "China ranked first with $7.9 billion, followed by Turkey ($540 million)."
    )
    keys = {key(s) for s in extract(body, "2024-02-15")}
    assert ("TM", "CN", "export", 7.9e9, "USD", *YEAR_2023) in keys
    assert ("TM", "TR", "export", 540e6, "USD", *YEAR_2023) in keys


def test_inverted_ranking_names_the_partner_after_the_verb() -> None:
    body = (
        "Kyrgyzstan's imports totaled $9.1 billion in 2023.\n\n"
        "The largest supplier was China with $5.6 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-15")}
    assert ("KG", "CN", "import", 5.6e9, "USD", *YEAR_2023) in keys


def test_ranking_appositive_without_partner_word_keeps_the_subject() -> None:
    body = (
        "Kazakhstan, the biggest economy in Central Asia, traded goods worth $3.4 billion with Uzbekistan "
        "in the first half of 2024."
    )
    (stat,) = extract(body, "2024-07-25")
    assert {stat.reporter, stat.partner} == {"KZ", "UZ"}
    assert stat.value == 3.4e9


def test_those_to_a_country_after_while_is_that_country_s_figure() -> None:
    body = (
        "Uzbekistan's exports to China rose 9 percent to $1.9 billion in 2023, while those to Russia reached "
        "$2.6 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-15")}
    assert ("UZ", "RU", "export", 2.6e9, "USD", *YEAR_2023) in keys
    assert all(not (k[1] == "CN" and k[3] == 2.6e9) for k in keys)


def test_those_with_a_country_after_a_comparison_is_no_partner() -> None:
    body = "In 2023, Uzbekistan's trade with China reached $13.7 billion, exceeding that with Russia for the first time."
    (stat,) = extract(body, "2024-02-15")
    assert (stat.reporter, stat.partner, stat.value) == ("UZ", "CN", 13.7e9)


def test_country_part_of_a_group_figure_just_stated() -> None:
    body = (
        "Armenia's trade with EAEU states reached $8.2 billion in 2023. Of that, Russia accounted for "
        "$7.3 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-15")}
    assert ("AM", "RU", "total", 7.3e9, "USD", *YEAR_2023) in keys


def test_country_part_of_a_bilateral_figure_emits_nothing() -> None:
    body = (
        "Armenia's trade with Georgia reached $1.1 billion in 2023. Of that, Russia accounted for "
        "$0.3 billion."
    )
    assert all(s.value != 0.3e9 for s in extract(body, "2024-02-15"))


def test_year_label_with_a_dash_is_a_comparison() -> None:
    body = "Kyrgyzstan's exports reached $3.3 billion in 2023 (2022 - $2.9 billion), the committee said."
    keys = {key(s) for s in extract(body, "2024-02-15")}
    assert ("KG", "WORLD", "export", 3.3e9, "USD", *YEAR_2023) in keys
    assert ("KG", "WORLD", "export", 2.9e9, "USD", date(2022, 1, 1), date(2022, 12, 31)) in keys


def test_goods_of_a_named_origin_are_no_product_group() -> None:
    body = "China, Kazakhstan's largest trading partner, bought Kazakh goods worth $15.2 billion in 2023."
    (stat,) = extract(body, "2024-02-15")
    assert key(stat) == ("CN", "KZ", "import", 15.2e9, "USD", *YEAR_2023)
    assert stat.commodity is None


def test_currency_terms_are_no_product_group() -> None:
    body = (
        "Uzbekistan's foreign trade reached $62.6 billion in 2023, the Statistics Agency said. "
        "In dollar terms, exports were $24.4 billion."
    )
    exports = next(s for s in extract(body, "2024-02-15") if s.flow == "export")
    assert exports.commodity is None and exports.reporter == "UZ"


def test_ranked_partner_given_as_a_share_or_a_value() -> None:
    body = (
        "Uzbekistan's foreign trade turnover reached $30.1 billion in January-June 2024.\n\n"
        "China was the largest partner with a share of 21.3%, or $6.4 billion, followed by Russia with "
        "17.5%, or $5.3 billion."
    )
    keys = {key(s) for s in extract(body, "2024-07-22")}
    h1 = (date(2024, 1, 1), date(2024, 6, 30))
    assert ("UZ", "CN", "total", 6.4e9, "USD", *h1) in keys
    assert ("UZ", "RU", "total", 5.3e9, "USD", *h1) in keys


def test_unnamed_statistics_office_cited_for_a_country_s_figure_owns_mirror_wording() -> None:
    body = (
        "Tajikistan's trade with Russia amounted to $1.3 billion in 2023, the Statistics Agency under the "
        "President reported. Russian exports to Tajikistan amounted to $1.2 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-15")}
    assert ("TJ", "RU", "import", 1.2e9, "USD", *YEAR_2023) in keys


def test_partner_near_a_statistics_office_is_not_its_country() -> None:
    body = (
        "Kyrgyzstan's trade with Kazakhstan reached $2.1 billion in 2023, the statistics committee said. "
        "Kazakh exports to Kyrgyzstan came to $1.4 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-15")}
    assert ("KG", "KZ", "import", 1.4e9, "USD", *YEAR_2023) in keys


def test_partner_that_led_the_list_with_a_value() -> None:
    body = (
        "Georgia's foreign trade turnover amounted to $24.1 billion in 2023.\n\n"
        "Among trading partners, Turkey led with $3.2 billion, ahead of Russia with $2.5 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-10")}
    assert ("GE", "TR", "total", 3.2e9, "USD", *YEAR_2023) in keys
    assert ("GE", "RU", "total", 2.5e9, "USD", *YEAR_2023) in keys


def test_figure_s_own_country_beats_the_dateline_for_an_unnamed_office() -> None:
    body = (
        "ASTANA - Uzbekistan's trade with China reached $13.7 billion in 2023, the statistics agency said.\n\n"
        "Chinese exports to Uzbekistan came to $11.1 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-10")}
    assert ("UZ", "CN", "import", 11.1e9, "USD", *YEAR_2023) in keys


def test_dateline_country_owns_an_office_cited_without_a_figure() -> None:
    body = (
        "BISHKEK - Foreign trade data for 2023 were released on Monday by the National Statistical Committee.\n\n"
        "Trade between Kyrgyzstan and Uzbekistan amounted to $1.3 billion in 2023. Uzbek exports to Kyrgyzstan "
        "came to $950 million."
    )
    keys = {key(s) for s in extract(body, "2024-02-10")}
    assert ("KG", "UZ", "import", 950e6, "USD", *YEAR_2023) in keys


def test_country_share_with_its_value_after_a_group_figure() -> None:
    body = (
        "Armenia's trade with the EAEU reached $8.4 billion in 2023. Russia's share was 90 percent, or "
        "$7.6 billion, Belarus's 5 percent, or $0.4 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-10")}
    assert ("AM", "RU", "total", 7.6e9, "USD", *YEAR_2023) in keys
    assert ("AM", "BY", "total", 0.4e9, "USD", *YEAR_2023) in keys


def test_country_share_after_a_bilateral_figure_emits_nothing() -> None:
    body = "Armenia's trade with Georgia reached $1.1 billion in 2023. Russia's share was 30 percent, or $0.3 billion."
    assert all(s.value != 0.3e9 for s in extract(body, "2024-02-10"))


def test_year_label_after_a_figure_without_a_trade_word_next_to_it() -> None:
    body = (
        "Trade between Kazakhstan and Germany reached 4.1 billion euros in 2024 (2023: 3.6 billion), German "
        "statistics showed."
    )
    keys = {(s.flow, s.value, s.currency, s.period_start, s.period_end) for s in extract(body, "2025-03-10")}
    assert ("total", 4.1e9, "EUR", *YEAR_2024) in keys
    assert ("total", 3.6e9, "EUR", *YEAR_2023) in keys


def test_restatement_in_usd_terms_wording() -> None:
    body = (
        "Xinjiang's foreign trade reached 356.9 billion yuan in 2023, Urumqi Customs said.\n\n"
        "Trade with Kazakhstan rose to 159.5 billion yuan.\n\n"
        "In USD terms, foreign trade came to 50.8 billion dollars."
    )
    dollar = next(s for s in extract(body, "2024-02-03") if s.currency == "USD")
    assert (dollar.reporter, dollar.partner) == ("CN-XJ", "WORLD")


def test_partner_ranked_within_a_group_figure() -> None:
    body = (
        "China's trade with the five Central Asian countries reached $89.4 billion in 2023.\n\n"
        "Kazakhstan was the largest partner with $41 billion, followed by Kyrgyzstan ($19.8 billion)."
    )
    keys = {key(s) for s in extract(body, "2024-01-20")}
    assert ("CN", "KZ", "total", 41e9, "USD", *YEAR_2023) in keys
    assert ("CN", "KG", "total", 19.8e9, "USD", *YEAR_2023) in keys


def test_partner_ranked_outside_the_group_of_the_figure_emits_nothing() -> None:
    body = (
        "China's trade with the five Central Asian countries reached $89.4 billion in 2023.\n\n"
        "Russia was the largest partner with $240 billion."
    )
    assert all(s.value != 240e9 for s in extract(body, "2024-01-20"))


# --- balances in someone's favour, "it" for the figure just stated -----------------------------------


def test_balance_in_the_partner_s_favour_is_a_deficit() -> None:
    body = (
        "Tajikistan's trade with China reached $2.4 billion in 2023. The balance was $2.1 billion in China's "
        "favour."
    )
    balance = next(s for s in extract(body, "2024-02-20") if s.flow == "balance")
    assert (balance.reporter, balance.partner, balance.value) == ("TJ", "CN", -2.1e9)


def test_balance_in_favour_of_the_reporter_is_a_surplus() -> None:
    body = (
        "Turkmenistan's trade with China reached $10.6 billion in 2023. The balance was $8.9 billion in favour "
        "of Turkmenistan."
    )
    balance = next(s for s in extract(body, "2024-02-20") if s.flow == "balance")
    assert (balance.reporter, balance.partner, balance.value) == ("TM", "CN", 8.9e9)


def test_pronoun_for_the_figure_just_stated_in_a_comparison_period() -> None:
    body = (
        "Trade between Kazakhstan and Kyrgyzstan reached $2.1 billion in 2023, Kazakh data show. "
        "A year earlier, it was $1.9 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-20")}
    assert ("KZ", "KG", "total", 1.9e9, "USD", date(2022, 1, 1), date(2022, 12, 31)) in keys


def test_pronoun_with_a_period_of_its_own_emits_nothing() -> None:
    body = (
        "Trade between Kazakhstan and Kyrgyzstan reached $2.1 billion in 2023, Kazakh data show. "
        "In January, it was $150 million."
    )
    assert all(s.value != 150e6 for s in extract(body, "2024-02-20"))


def test_trade_word_inside_a_ranking_appositive_is_not_the_figure_s_flow() -> None:
    body = (
        "China's trade with Central Asia reached $89.4 billion in 2023, Chinese customs said. Exports to "
        "Kazakhstan, China's largest trading partner in the region, rose 5 percent to $25 billion."
    )
    keys = {key(s) for s in extract(body, "2024-01-20")}
    assert ("CN", "KZ", "export", 25e9, "USD", *YEAR_2023) in keys


def test_region_anaphor_inside_an_appositive_is_not_the_reporter() -> None:
    body = (
        "China's trade with Central Asia reached $89.4 billion in 2023, Chinese customs said. Trade with "
        "Kazakhstan, the region's biggest economy, hit $41 billion."
    )
    keys = {key(s) for s in extract(body, "2024-01-20")}
    assert ("CN", "KZ", "total", 41e9, "USD", *YEAR_2023) in keys


def test_change_of_a_non_trade_amount_in_another_clause_is_not_taken() -> None:
    body = (
        "Kyrgyzstan's GDP grew 9 percent to $13.9 billion in 2023, while Kyrgyzstan's foreign trade reached "
        "$12.3 billion."
    )
    (stat,) = extract(body, "2024-03-01")
    assert key(stat) == ("KG", "WORLD", "total", 12.3e9, "USD", *YEAR_2023)
    assert stat.change_pct is None


def test_the_side_that_said_it_owns_the_figures() -> None:
    body = (
        "Trade between Kazakhstan and Turkmenistan reached $1.1 billion in January-September 2024, the Turkmen "
        "side said. Exports from Kazakhstan to Turkmenistan totaled $760 million."
    )
    keys = {key(s) for s in extract(body, "2024-10-15")}
    nine_months = (date(2024, 1, 1), date(2024, 9, 30))
    assert ("TM", "KZ", "import", 760e6, "USD", *nine_months) in keys


def test_month_count_code_with_a_year_is_the_year_s_first_months() -> None:
    body = "Kazakhstan's trade with Kyrgyzstan reached USD 1.6 billion in 8M2024, the bureau said."
    (stat,) = extract(body, "2024-09-20")
    assert (stat.period_start, stat.period_end) == (date(2024, 1, 1), date(2024, 8, 31))


def test_month_count_code_without_a_year_is_no_period() -> None:
    assert all(p.text != "8M" for p in find_periods("Exports reached 8M units", date(2024, 9, 20)))


def test_data_owner_stays_down_a_ranking_that_starts_with_the_partner_as_subject() -> None:
    body = (
        "China's trade with Central Asia hit 641.4 billion yuan in 2023, the General Administration of Customs "
        "said. Kazakhstan traded goods worth 292.5 billion yuan with China, followed by Kyrgyzstan at 140.7 "
        "billion yuan and Uzbekistan at 96.8 billion yuan."
    )
    pairs = {(s.value, frozenset((s.reporter, s.partner))) for s in extract(body, "2024-01-13")}
    assert (292.5e9, frozenset(("CN", "KZ"))) in pairs
    assert (140.7e9, frozenset(("CN", "KG"))) in pairs
    assert (96.8e9, frozenset(("CN", "UZ"))) in pairs


def test_conversion_introduced_by_which_is_equivalent_to() -> None:
    body = "Kazakhstan's exports to Russia amounted to 4.7 trillion tenge in 2023, which is equivalent to about $10.3 billion."
    (stat,) = extract(body, "2024-02-01")
    assert (stat.currency, stat.value, stat.value_usd) == ("KZT", 4.7e12, 10.3e9)


def test_conversion_after_a_period_and_or() -> None:
    body = "Trade between Russia and Uzbekistan reached 920 billion rubles in 2023, or roughly $10.8 billion."
    (stat,) = extract(body, "2024-02-01")
    assert (stat.currency, stat.value, stat.value_usd) == ("RUB", 920e9, 10.8e9)


def test_change_of_another_quantity_in_the_next_sentence_is_not_the_figure_s() -> None:
    body = (
        "Trade with Kyrgyzstan came to 162.3 billion yuan in 2024, customs data showed.\n\n"
        "Officials said China's foreign trade kept growing, adding that cross-border e-commerce had expanded "
        "by nearly 30 percent."
    )
    (stat,) = extract(body, "2025-01-14")
    assert stat.value == 162.3e9 and stat.change_pct is None


def test_change_written_with_an_ing_verb() -> None:
    body = (
        "Russia remained Uzbekistan's second largest trading partner in 2023, with trade climbing 12.5 percent "
        "to $9.8 billion, while trade with Turkey was slipping 3 percent to $3.1 billion."
    )
    changes = {s.value: s.change_pct for s in extract(body, "2024-02-01")}
    assert changes == {9.8e9: 12.5, 3.1e9: -3.0}


def test_leading_same_period_last_year_is_the_figure_s_period() -> None:
    body = (
        "Tajikistan's foreign trade turnover reached $1.65 billion in the first quarter of 2024.\n\n"
        "In the same period last year, trade with Kazakhstan stood at $280 million."
    )
    keys = {key(s) for s in extract(body, "2024-04-20")}
    assert ("TJ", "KZ", "total", 280e6, "USD", date(2023, 1, 1), date(2023, 3, 31)) in keys


def test_same_period_last_year_after_a_comparison_word_stays_a_base() -> None:
    body = (
        "Tajikistan's trade with Kazakhstan reached $340 million in the first quarter of 2024, up from the "
        "same period last year."
    )
    (stat,) = extract(body, "2024-04-20")
    assert (stat.period_start, stat.period_end) == (date(2024, 1, 1), date(2024, 3, 31))


def test_own_data_cited_with_however_make_the_owner_and_no_product() -> None:
    body = (
        "Chinese customs put trade between China and Kyrgyzstan at $19.8 billion in 2023.\n\n"
        "Kyrgyzstan's own data, however, show imports from China of only $6.1 billion."
    )
    stat = next(s for s in extract(body, "2024-02-01") if s.value == 6.1e9)
    assert key(stat) == ("KG", "CN", "import", 6.1e9, "USD", *YEAR_2023)
    assert stat.commodity is None


def test_partners_named_after_their_amounts_in_an_of_which_list() -> None:
    body = (
        "Tajikistan's foreign trade reached $7.6 billion in 2023, of which $1.9 billion was with Russia and "
        "$1.3 billion with China."
    )
    keys = {key(s) for s in extract(body, "2024-02-01")}
    assert ("TJ", "RU", "total", 1.9e9, "USD", *YEAR_2023) in keys
    assert ("TJ", "CN", "total", 1.3e9, "USD", *YEAR_2023) in keys
    assert all(not (k[1] == "RU" and k[3] == 1.3e9) for k in keys)


def test_group_part_of_a_world_figure_just_stated() -> None:
    body = "China's foreign trade reached 41.8 trillion yuan in 2023. Of that, the EU accounted for 5.5 trillion yuan."
    keys = {key(s) for s in extract(body, "2024-01-20")}
    assert ("CN", "EU", "total", 5.5e12, "CNY", *YEAR_2023) in keys


def test_ranking_relative_clause_is_an_appositive_too() -> None:
    body = (
        "Turkmenistan, which is China's largest trading partner among gas suppliers, traded goods worth "
        "$10.6 billion with China in 2023."
    )
    (stat,) = extract(body, "2024-01-20")
    assert {stat.reporter, stat.partner} == {"CN", "TM"} and stat.value == 10.6e9


def test_ranked_list_of_partners_with_values_respectively() -> None:
    body = (
        "Armenia's foreign trade reached $19.4 billion in 2023.\n\n"
        "Russia, China and Georgia were the top three partners, with $7.3 billion, $2.1 billion and "
        "$1.2 billion respectively."
    )
    keys = {key(s) for s in extract(body, "2024-02-01")}
    assert ("AM", "RU", "total", 7.3e9, "USD", *YEAR_2023) in keys
    assert ("AM", "CN", "total", 2.1e9, "USD", *YEAR_2023) in keys
    assert ("AM", "GE", "total", 1.2e9, "USD", *YEAR_2023) in keys


def test_ranked_list_without_a_whole_before_it_emits_nothing() -> None:
    body = (
        "Russia, China and Georgia were the top three partners, with $7.3 billion, $2.1 billion and "
        "$1.2 billion respectively."
    )
    assert extract(body, "2024-02-01") == []


def test_table_of_partners_written_as_one_line() -> None:
    body = (
        "Kazakhstan's imports reached $60.7 billion in 2023, the bureau said.\n\n"
        "Main suppliers: Russia – $15.9 billion; China – $14.6 billion; Germany – $2.9 billion."
    )
    keys = {key(s) for s in extract(body, "2024-02-01")}
    assert ("KZ", "RU", "import", 15.9e9, "USD", *YEAR_2023) in keys
    assert ("KZ", "CN", "import", 14.6e9, "USD", *YEAR_2023) in keys
    assert ("KZ", "DE", "import", 2.9e9, "USD", *YEAR_2023) in keys


def test_header_line_names_the_pair_of_the_list_below_it() -> None:
    body = (
        "Tajikistan's trade with Uzbekistan in January-June 2024:\n\n"
        "- turnover: $420 million;\n\n"
        "- exports: $150 million (2023: $120 million);\n\n"
        "- imports: $270 million."
    )
    keys = {key(s) for s in extract(body, "2024-08-01")}
    h1 = (date(2024, 1, 1), date(2024, 6, 30))
    assert ("TJ", "UZ", "total", 420e6, "USD", *h1) in keys
    assert ("TJ", "UZ", "export", 150e6, "USD", *h1) in keys
    assert ("TJ", "UZ", "export", 120e6, "USD", date(2023, 1, 1), date(2023, 6, 30)) in keys
    assert ("TJ", "UZ", "import", 270e6, "USD", *h1) in keys
