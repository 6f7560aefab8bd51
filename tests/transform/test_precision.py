"""Precision on wordings nobody tuned the rules on: a wrong number is worse than a missing one.

One phenomenon per test, own sentences: currency phrases that look like a country, balances written
as "surplus in trade with", the WORLD default in a bilateral story, group anaphora ("the bloc"),
restatements in another currency, index-style changes against a named base period, product-level
wording, the data source as reporter, and money that is no trade at all.
"""

from datetime import date

from extraction_helpers import extract as _extract
from extraction_helpers import stat_key as _key

from transform.entities import find_entities
from transform.patterns import find_percents

YEAR_2023 = (date(2023, 1, 1), date(2023, 12, 31))


# --- 1. a currency phrase is not an entity mention ------------------------------------------------


def test_us_dollars_is_a_currency_not_a_partner() -> None:
    body = (
        "BEIJING, Jan. 12 (Xinhua) -- China's foreign trade held steady in 2023, the General Administration "
        "of Customs said on Friday.\n\n"
        "Measured in U.S. dollars, exports grew 5.5 percent to 3.38 trillion dollars last year.\n\n"
        "In US dollar terms, imports fell 2.1 percent to 2.5 trillion dollars."
    )
    stats = _extract(body, "2024-01-13")
    keys = {_key(s) for s in stats}
    assert ("CN", "WORLD", "export", 3.38e12, "USD", *YEAR_2023) in keys
    assert ("CN", "WORLD", "import", 2.5e12, "USD", *YEAR_2023) in keys
    assert all("US" not in (s.reporter, s.partner) for s in stats)


def test_currency_words_after_a_name_are_no_mention_but_the_name_alone_is() -> None:
    assert find_entities("exports measured in U.S. dollars") == []
    assert find_entities("a loan in Chinese yuan") == []
    assert [m.code for m in find_entities("China's exports to the U.S. rose")] == ["CN", "US"]


# --- 2. surplus / deficit "in trade with": a balance, mirrored to the data source -------------------


def test_surplus_in_trade_with_is_a_balance_mirrored_to_the_reporting_side() -> None:
    body = (
        "BEIJING, Jan. 12 -- Trade between China and Russia reached 240.1 billion dollars in 2023, according "
        "to China's General Administration of Customs.\n\n"
        "Chinese exports to Russia rose 46.9 percent to 110.97 billion dollars.\n\n"
        "Russia's surplus in trade with China thus reached 18.2 billion dollars."
    )
    stats = _extract(body, "2024-01-13")
    balances = [s for s in stats if s.value == -18.2e9 or s.value == 18.2e9]
    assert [(s.reporter, s.partner, s.flow, s.value) for s in balances] == [("CN", "RU", "balance", -18.2e9)]
    assert not any(s.flow == "total" and abs(s.value) == 18.2e9 for s in stats)


def test_deficit_with_a_partner_stays_negative_on_the_reporting_side() -> None:
    body = (
        "ASTANA, Feb. 2 -- Kazakhstan's trade with China reached 31 billion dollars in 2023, according to the "
        "Bureau of National Statistics.\n\n"
        "Kazakhstan ran a deficit of 4.2 billion dollars in its trade with China."
    )
    stats = _extract(body, "2024-02-03")
    assert ("KZ", "CN", "balance", -4.2e9, "USD", *YEAR_2023) in {_key(s) for s in stats}


# --- 3. no WORLD default inside a bilateral story --------------------------------------------------


def test_unnamed_turnover_in_a_bilateral_story_is_that_pair() -> None:
    body = (
        "BEIJING, Dec. 9 -- Trade between China and Russia grew 2.1 percent in the first 11 months of the year "
        "to 221.1 billion dollars, China's customs data showed.\n\n"
        "In November, trade turnover amounted to 10.2 billion dollars."
    )
    stats = _extract(body, "2024-12-10")
    november = next(s for s in stats if s.value == 10.2e9)
    assert {november.reporter, november.partner} == {"CN", "RU"}
    assert (november.period_start, november.period_end) == (date(2024, 11, 1), date(2024, 11, 30))


def test_foreign_trade_wording_still_means_world_in_a_country_story() -> None:
    body = (
        "TASHKENT, Feb. 19 -- Uzbekistan's foreign trade turnover reached 63.1 billion dollars in 2023.\n\n"
        "Exports amounted to 24.4 billion dollars."
    )
    keys = {_key(s) for s in _extract(body, "2024-02-20")}
    assert ("UZ", "WORLD", "total", 63.1e9, "USD", *YEAR_2023) in keys
    assert ("UZ", "WORLD", "export", 24.4e9, "USD", *YEAR_2023) in keys


# --- 4. "the union", "the bloc", "member states": the group named before ---------------------------


def test_bloc_and_member_states_are_the_group_named_before() -> None:
    body = (
        "BRUSSELS, March 4 -- China remained the European Union's largest source of imports in 2023.\n\n"
        "The bloc's imports from China fell 18 percent to 514 billion euros.\n\n"
        "Exports from the member states to China amounted to 223 billion euros."
    )
    keys = {_key(s) for s in _extract(body, "2024-03-05")}
    assert ("EU", "CN", "import", 514e9, "EUR", *YEAR_2023) in keys
    assert ("EU", "CN", "export", 223e9, "EUR", *YEAR_2023) in keys


def test_the_union_without_a_group_named_before_is_nobody() -> None:
    body = "The union's member states exported goods worth 80 billion dollars to China last year."
    stats = _extract(body, "2024-03-05")
    assert all(s.reporter not in ("EU", "EAEU") for s in stats)


# --- 5. a restatement in another currency: same pair and period ------------------------------------


def test_restatement_in_yuan_keeps_the_pair_and_period() -> None:
    body = (
        "Trade between China and Kazakhstan reached 41 billion dollars in 2023, up 32 percent, China's customs "
        "said.\n\n"
        "In yuan terms, the trade reached 290.5 billion yuan."
    )
    stats = _extract(body, "2024-01-13")
    yuan = next(s for s in stats if s.currency == "CNY")
    assert {yuan.reporter, yuan.partner} == {"CN", "KZ"}
    assert (yuan.flow, yuan.value, yuan.period_start, yuan.period_end) == ("total", 290.5e9, *YEAR_2023)


# --- 6. "N% of the level of <period>": an index change; the period is the comparison base ----------


def test_percent_of_the_level_of_a_named_period_is_an_index_change() -> None:
    [pct] = find_percents("exports came to $4.1 billion, or 97.4% of the level of January last year")
    assert (pct.kind, pct.value) == ("change", -2.6)


def test_period_inside_the_comparison_is_not_the_figures_period() -> None:
    body = (
        "TASHKENT, March 19 -- Uzbekistan's foreign trade turnover reached 9.3 billion dollars in "
        "January-February 2024.\n\n"
        "Exports amounted to 4.1 billion dollars, or 97.4% of the level of January-February last year."
    )
    exports = next(s for s in _extract(body, "2024-03-20") if s.flow == "export")
    assert (exports.period_start, exports.period_end) == (date(2024, 1, 1), date(2024, 2, 29))
    assert exports.change_pct == -2.6


# --- 7. product-level wording is never aggregate trade ---------------------------------------------


def test_largest_buyer_of_a_product_is_a_product_export_to_the_buyer() -> None:
    body = (
        "TASHKENT, Feb. 19 -- Uzbekistan's foreign trade turnover reached 63.1 billion dollars in 2023.\n\n"
        "The main buyer of Uzbek cotton yarn was Turkey, which purchased more than 412 million dollars worth "
        "of it."
    )
    stats = _extract(body, "2024-02-20")
    yarn = next(s for s in stats if s.value == 412e6)
    assert (yarn.reporter, yarn.partner, yarn.flow, yarn.commodity) == ("UZ", "TR", "export", "cotton yarn")


def test_worth_of_a_product_and_kind_of_products_are_commodity_level() -> None:
    body = (
        "BISHKEK, May 5 -- Kyrgyzstan bought 96 million dollars worth of wheat from Kazakhstan in 2023.\n\n"
        "Kyrgyzstan also exported textile products worth 210 million dollars last year."
    )
    stats = _extract(body, "2024-05-06")
    assert stats
    assert all(s.commodity is not None for s in stats)
    assert {s.commodity for s in stats} == {"wheat", "textile products"}


# --- 8. the cited data source is the reporter, the article's pair the partner -----------------------


def test_data_source_owner_is_the_reporter_of_bilateral_trade() -> None:
    body = (
        "ASTANA, Feb. 19 -- Kazakhstan and China are expanding cooperation in energy and transport.\n\n"
        "According to China's General Administration of Customs, bilateral trade last year hit a record "
        "41 billion dollars."
    )
    stats = _extract(body, "2024-02-20", title="Kazakhstan-China ties deepen")
    assert [_key(s) for s in stats] == [("CN", "KZ", "total", 41e9, "USD", *YEAR_2023)]


# --- money that is no trade --------------------------------------------------------------------------


def test_investment_loans_targets_prices_gdp_and_widgets_give_nothing() -> None:
    body = (
        "ASTANA, Feb. 19 -- China has invested 25 billion dollars in Kazakhstan's economy.\n\n"
        "The two countries plan to raise trade to 80 billion dollars by 2030.\n\n"
        "The bank extended a loan of 500 million dollars to Kazakhstan.\n\n"
        "Kazakhstan's GDP reached 260 billion dollars in 2023.\n\n"
        "Remittances from Russia to Uzbekistan amounted to 11 billion dollars last year.\n\n"
        "The company's market capitalisation reached 3 billion dollars.\n\n"
        "Wheat was exported at 250 dollars per tonne in 2023.\n\n"
        "Contracts worth 2 billion dollars were signed at the fair.\n\n"
        "The state budget revenue reached 20 billion dollars in 2023.\n\n"
        "The two sides aim to bring bilateral trade to 50 billion dollars."
    )
    assert _extract(body, "2024-02-20") == []


def test_restatement_copies_the_latest_figure_of_that_flow_not_the_article_total() -> None:
    body = (
        "ASTANA, Feb. 1 -- Kazakhstan's foreign trade reached 139.8 billion dollars in 2023, the Bureau of "
        "National Statistics said.\n\n"
        "Trade with China accounted for 31.5 billion dollars.\n\n"
        "In yuan terms, the trade reached 223 billion yuan."
    )
    yuan = next(s for s in _extract(body, "2024-02-20") if s.currency == "CNY")
    assert (yuan.reporter, yuan.partner, yuan.flow, yuan.period_start) == (
        "KZ",
        "CN",
        "total",
        date(2023, 1, 1),
    )


def test_bilateral_title_without_earlier_figures_gives_the_pair_and_no_world_guess() -> None:
    body = (
        "ASTANA, Feb. 1 -- Kazakhstan and China held talks on logistics on Thursday.\n\n"
        "In January, trade turnover amounted to 3.1 billion dollars, the ministry said.\n\n"
        "Uzbekistan's trade turnover reached 2.2 billion dollars in January."
    )
    stats = _extract(body, "2024-02-20", title="Kazakhstan-China trade grows")
    january = next(s for s in stats if s.value == 3.1e9)
    assert {january.reporter, january.partner} == {"KZ", "CN"}
    uzbek = next(s for s in stats if s.value == 2.2e9)
    assert uzbek.partner is None  # not part of the story's pair: no statistic rather than a WORLD guess


def test_the_regions_exports_after_a_group_is_that_group() -> None:
    body = (
        "XI'AN, Feb. 1 -- China's trade with the five Central Asian countries reached 89.4 billion dollars in "
        "2023.\n\n"
        "The region's exports to China reached 25 billion dollars."
    )
    stats = _extract(body, "2024-02-20")
    assert ("C5", "CN", "export", 25e9, "USD", *YEAR_2023) in {_key(s) for s in stats}


def test_signed_deals_future_periods_and_world_after_the_amount() -> None:
    body = (
        "MOSCOW, Feb. 1 -- Russia's trade with China reached 240 billion dollars in 2023, Russian customs "
        "said.\n\n"
        "Agreements on trade worth 2.3 billion dollars were signed at the forum.\n\n"
        "Russia's trade with India is worth 65 billion dollars, the envoy said, adding that it could double by "
        "2030.\n\n"
        "Russian exports of oil fetched 99 billion dollars last year.\n\n"
        "Imports and exports amounted to 710 billion dollars overall in 2023."
    )
    stats = _extract(body, "2024-02-20")
    assert not any(s.value == 2.3e9 for s in stats)
    india = next(s for s in stats if s.value == 65e9)
    assert india.period_start is None or india.period_end < date(2024, 2, 20)  # "by 2030" is not its period
    oil = next(s for s in stats if s.value == 99e9)
    assert oil.commodity == "oil"
    overall = next(s for s in stats if s.value == 710e9)
    assert (overall.reporter, overall.partner, overall.flow) == ("RU", "WORLD", "total")


def test_memoised_finders_hand_out_fresh_lists():
    """Callers may change the list they get; the cache must not change with it."""
    from transform.entities import find_entities

    text = "Kazakhstan's trade with China rose 12 percent to 15 billion US dollars."
    first = find_entities(text)
    first.clear()
    assert find_entities(text) == find_entities.uncached(text) != []


# --- rules-1.3.0: rankings, mirror wording under a named source, enterprise types, "X statistics put" -----


def test_economies_a_ranking_is_compared_with_are_no_side_of_the_figure() -> None:
    body = (
        "Trade ties keep growing.\n\n"
        "In 2023 Turkmenistan was Uzbekistan's third-largest trading partner after Russia and China, "
        "with turnover reaching $3.1 billion.\n\n"
        "Germany was Kazakhstan's largest European trading partner ahead of Italy, with trade of $4.2 billion "
        "in 2023.\n\n"
        "In 2023 Kazakhstan's trade with Japan exceeded that with Korea, reaching $5.3 billion."
    )
    keys = {_key(s) for s in _extract(body, "2024-03-01")}
    assert keys == {
        ("UZ", "TM", "total", 3.1e9, "USD", *YEAR_2023),
        ("KZ", "DE", "total", 4.2e9, "USD", *YEAR_2023),
        ("KZ", "JP", "total", 5.3e9, "USD", *YEAR_2023),
    }


def test_an_economy_ranked_with_its_own_figure_keeps_that_figure() -> None:
    body = "Trade ties keep growing.\n\nIn 2023 Japan was Kazakhstan's largest Asian trading partner, ahead of Korea ($5.1 billion)."
    keys = {_key(s) for s in _extract(body, "2024-03-01")}
    assert ("KZ", "JP", "total", 5.1e9, "USD", *YEAR_2023) not in keys


def test_three_economies_as_the_subject_of_one_figure_give_nothing() -> None:
    body = "Trade grew.\n\nIn 2023, Uzbekistan, Kazakhstan and Turkmenistan traded goods worth $12 billion, officials said."
    assert _extract(body, "2024-03-01") == []


def test_mirror_wording_is_converted_to_the_economy_the_article_cites() -> None:
    body = (
        "Kyrgyz trade figures were published on Monday.\n\n"
        "According to Kyrgyzstan's National Statistical Committee, trade with Kazakhstan reached $1.4 billion "
        "in 2023.\n\n"
        "Kazakhstan shipped goods worth $1.1 billion to Kyrgyzstan, while Kyrgyz exports to Kazakhstan were "
        "$300 million. The trade deficit with the neighboring country thus stood at $800 million."
    )
    keys = {_key(s) for s in _extract(body, "2024-03-01")}
    assert keys == {
        ("KG", "KZ", "total", 1.4e9, "USD", *YEAR_2023),
        ("KG", "KZ", "import", 1.1e9, "USD", *YEAR_2023),
        ("KG", "KZ", "export", 3e8, "USD", *YEAR_2023),
        ("KG", "KZ", "balance", -8e8, "USD", *YEAR_2023),
    }


def test_agency_on_statistics_and_in_adjective_data_name_the_data_owner() -> None:
    on_statistics = (
        "Trade between the neighbours grew, according to Tajikistan's Agency on Statistics.\n\n"
        "In 2023 exports from Kazakhstan to Tajikistan amounted to $900 million."
    )
    in_data = "Trade grew.\n\nIn Uzbek data, exports from Kyrgyzstan to Uzbekistan amounted to $200 million in 2023."
    assert {_key(s) for s in _extract(on_statistics, "2024-03-01")} == {
        ("TJ", "KZ", "import", 9e8, "USD", *YEAR_2023)
    }
    assert {_key(s) for s in _extract(in_data, "2024-03-01")} == {
        ("UZ", "KG", "import", 2e8, "USD", *YEAR_2023)
    }


def test_without_a_cited_source_the_exporter_stays_the_reporter() -> None:
    body = (
        "ASTANA, March 1 -- Trade grew.\n\nIn 2023 Kazakhstan shipped goods worth $900 million to Tajikistan."
    )
    assert {_key(s) for s in _extract(body, "2024-03-01")} == {("KZ", "TJ", "export", 9e8, "USD", *YEAR_2023)}


def test_enterprise_types_in_a_region_are_no_reporter() -> None:
    body = (
        "Foreign trade of the coastal provinces grew.\n\n"
        "In 2023 private enterprises in Fujian imported and exported goods worth 1.2 trillion yuan. "
        "Foreign-invested enterprises in Guangdong exported $300 billion in 2023.\n\n"
        "State-owned firms in Zhejiang imported goods worth $50 billion in 2023."
    )
    assert _extract(body, "2024-03-01") == []


def test_named_statistics_report_the_two_countries_trade() -> None:
    body = (
        "Kyrgyzstan and Tajikistan reopened their border.\n\n"
        "Tajik statistics put the two countries' mutual trade in 2022 at slightly over $100 million."
    )
    stats = _extract(body, "2023-03-01")
    assert [(s.reporter, s.partner, s.flow, s.value, s.qualifier) for s in stats] == [
        ("TJ", "KG", "total", 1e8, "over")
    ]


def test_the_two_countries_unresolved_gives_nothing() -> None:
    body = (
        "Kyrgyzstan, Uzbekistan and Tajikistan met in Osh.\n\n"
        "Tajik statistics put the two countries' mutual trade in 2022 at slightly over $100 million."
    )
    assert _extract(body, "2023-03-01") == []


def test_the_two_countries_is_never_trade_with_the_world() -> None:
    body = (
        "Trade grew fast.\n\n"
        "Total trade between the two countries rose 12 percent to $3.4 billion in 2023, making Turkey "
        "Turkmenistan's second trading partner."
    )
    keys = {_key(s) for s in _extract(body, "2024-03-01")}
    assert all(k[1] != "WORLD" for k in keys)
    assert keys <= {
        ("TM", "TR", "total", 3.4e9, "USD", *YEAR_2023),
        ("TR", "TM", "total", 3.4e9, "USD", *YEAR_2023),
    }


def test_an_amount_called_a_goal_is_no_level() -> None:
    body = "Trade with Kazakhstan grew.\n\n“Lifting our trade to $30 billion is a realistic target,” the minister said."
    assert _extract(body, "2024-03-01") == []


def test_partner_exports_in_a_customs_story_are_the_customs_owners_imports() -> None:
    body = (
        "Customs data were released on Friday.\n\n"
        "According to the General Administration of Customs, China-Turkey trade reached $43 billion in 2023. "
        "Turkish exports to China rose 13 percent to $4 billion, while exports from China to Turkey grew to "
        "$39 billion."
    )
    keys = {_key(s) for s in _extract(body, "2024-03-01")}
    assert ("CN", "TR", "import", 4e9, "USD", *YEAR_2023) in keys
    assert ("CN", "TR", "export", 39e9, "USD", *YEAR_2023) in keys
    assert all(k[0] == "CN" for k in keys)
