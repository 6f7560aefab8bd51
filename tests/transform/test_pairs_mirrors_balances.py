"""Constructions found failing on the held-out sets real-7, zh-3 and ru-3 after their first measurement
(issues 13 and 14), one per test, on sentences written here; each has a negative where the wording does
not say enough.

English: a negative amount in brackets is the balance of the two flows before it, "the two countries"
after a sentence naming the partner, each amount naming its own flow ("$585 million of exports against
$1.6 billion of imports"), a base value with its own trade word, a pair of levels over a pair of years,
an earlier level without its currency ("against 159 million in 2017"), "U.S. dollars' worth of goods
with X", the country describing a province inside "between A and B", "$X of this was imports", the
same change as a percentage and an amount ("climbed 41%, or $2.0 billion"), trade in services, official
names ("the Uzbek Republic", "the Celestial Empire") and "the country's statistics committee" naming no
country. Chinese: "出口到X", "自/从X进口", one-character names (对哈, 对蒙) and mirror wording in China's
customs data. Russian: pair adjectives in their combining forms (туркмено-, русско-), "двух стран"
after a sentence naming two economies, and mirror wording in China's customs data.
"""

from datetime import date

import pytest
from extraction_helpers import article, extract
from lang_helpers import stats as lang_stats

from transform.extraction import trace_amounts

Q1_2024 = (date(2024, 1, 1), date(2024, 3, 31))
YEAR_2017 = (date(2017, 1, 1), date(2017, 12, 31))
YEAR_2018 = (date(2018, 1, 1), date(2018, 12, 31))
YEAR_2024 = (date(2024, 1, 1), date(2024, 12, 31))


def _by_value(stats):
    return {s.value: s for s in stats}


def _period(stat):
    return (stat.period_start, stat.period_end)


def _drops(body: str, published: str) -> dict[str, str | None]:
    traces = trace_amounts(article(body, published))
    return {t.text: t.dropped_by for t in traces}


# --- English ---------------------------------------------------------------------------------------------


def test_negative_amount_in_brackets_is_the_balance_of_the_two_flows() -> None:
    body = (
        "Uzbekistan's trade with China reached $3 billion in the first quarter of 2024. Exports to China "
        "were $451 million and imports $2.5 billion (-$2.1 billion)."
    )
    stats = _by_value(extract(body, "2024-04-20"))
    balance = stats[-2.1e9]
    assert (balance.reporter, balance.partner, balance.flow) == ("UZ", "CN", "balance")
    assert _period(balance) == Q1_2024
    assert stats[2.5e9].flow == "import"


def test_positive_amount_in_brackets_stays_a_comparison_base() -> None:
    body = "Uzbekistan's exports to China were $451 million in the first quarter of 2024 ($380 million a year earlier)."
    stats = _by_value(extract(body, "2024-04-20"))
    assert stats[451e6].flow == "export"
    assert 380e6 not in stats or stats[380e6].period_start.year == 2023


def test_the_two_countries_after_a_sentence_naming_the_partner() -> None:
    body = (
        "Uzbekistan's foreign trade came to $15.8 billion in the first quarter of 2024.\n\n"
        "Imports from Russia have risen notably. Total trade between the two countries was $2.8 billion, "
        "made up of $720 million in exports and $2.07 billion in imports."
    )
    stats = _by_value(extract(body, "2024-04-20"))
    assert {(stats[v].reporter, stats[v].partner, stats[v].flow) for v in (2.8e9, 720e6, 2.07e9)} == {
        ("UZ", "RU", "total"),
        ("UZ", "RU", "export"),
        ("UZ", "RU", "import"),
    }


def test_the_two_countries_without_a_partner_just_named_is_not_resolved() -> None:
    body = (
        "Uzbekistan's foreign trade came to $15.8 billion in the first quarter of 2024.\n\n"
        "Officials welcomed the figures. Total trade between the two countries was $2.8 billion."
    )
    drops = _drops(body, "2024-04-20")
    assert drops["$2.8 billion"] == "actors.bilateral_unresolved"


def test_each_amount_naming_its_own_flow_is_no_comparison_base() -> None:
    body = "Uzbekistan's trade with Russia stood at $2.2 billion in 2023: $585 million of exports against $1.6 billion of imports."
    stats = _by_value(extract(body, "2024-04-20"))
    assert (stats[1.6e9].flow, _period(stats[1.6e9])) == ("import", (date(2023, 1, 1), date(2023, 12, 31)))
    assert stats[585e6].flow == "export"


def test_against_an_earlier_level_of_the_same_flow_stays_a_base() -> None:
    body = "Uzbekistan's exports reached $585 million in 2023 against $470 million in 2022."
    stats = _by_value(extract(body, "2024-04-20"))
    assert stats[585e6].period_start.year == 2023
    assert stats[470e6].period_start.year == 2022


def test_a_base_with_its_own_trade_word_keeps_its_flow() -> None:
    body = "Kazakhstan's exports climbed from $7 billion to $14.8 billion, while imports rose from $16.9 billion to $32.3 billion."
    flows = {s.value: s.flow for s in extract(body, "2025-04-20")}
    assert flows == {7e9: "export", 14.8e9: "export", 16.9e9: "import", 32.3e9: "import"}


def test_a_pair_of_levels_over_a_pair_of_years() -> None:
    body = (
        "Trade between Kazakhstan and Russia rose from $18 billion to $27.8 billion between 2017 and 2024. "
        "Exports climbed from $7 billion to $9.8 billion."
    )
    stats = _by_value(extract(body, "2025-04-20"))
    assert _period(stats[18e9]) == YEAR_2017 and _period(stats[27.8e9]) == YEAR_2024
    assert _period(stats[7e9]) == YEAR_2017 and _period(stats[9.8e9]) == YEAR_2024
    assert stats[7e9].flow == "export"


def test_years_of_a_pair_do_not_reach_past_the_next_sentence() -> None:
    body = (
        "Trade between Kazakhstan and Russia rose from $18 billion to $27.8 billion between 2017 and 2024. "
        "Officials were pleased. Exports climbed from $7 billion to $9.8 billion in 2024."
    )
    stats = _by_value(extract(body, "2025-04-20"))
    assert _period(stats[9.8e9]) == YEAR_2024
    assert _period(stats[7e9]) != YEAR_2017


def test_an_earlier_level_without_its_currency_after_against() -> None:
    body = "In 2018, total trade turnover between Turkmenistan and Uzbekistan stood at US $ 274 million, against 159 million in 2017."
    stats = _by_value(extract(body, "2019-02-20"))
    assert _period(stats[274e6]) == YEAR_2018
    assert (_period(stats[159e6]), stats[159e6].currency) == (YEAR_2017, "USD")


def test_a_bare_number_after_against_without_an_amount_before_is_not_read() -> None:
    body = "Exports of grain reached 2.1 million tons in 2018, against 159 million in 2017."
    assert not [s for s in extract(body, "2019-02-20") if s.value == 159e6]


def test_us_dollars_worth_of_goods_with_a_partner() -> None:
    body = "Heilongjiang Province traded 12.3 billion U.S. dollars' worth of goods with Russia from January to July."
    (stat,) = extract(body, "2016-08-20")
    assert (stat.reporter, stat.partner, stat.partner_evidence) == ("CN-HL", "RU", "explicit.after_amount")


def test_the_country_of_a_province_describes_it_between_a_and_b() -> None:
    body = (
        "LANZHOU, July 20 (Xinhua) -- Trade between Northwest China's Gansu Province and countries along the "
        "Belt and Road reached 16.02 billion yuan in the first half of the year."
    )
    (stat,) = extract(body, "2023-07-20")
    assert (stat.reporter, stat.partner) == ("CN-GS", "BRI")


def test_of_this_was_imports_and_a_bare_flow_noun_after_the_amount() -> None:
    body = (
        "Kyrgyzstan's trade with China reached $2 billion in 2018. She said $ 1.9 billion of this was "
        "imports and $ 61.2 million exports."
    )
    stats = _by_value(extract(body, "2019-02-20"))
    assert (stats[1.9e9].flow, stats[61.2e6].flow) == ("import", "export")
    assert stats[61.2e6].partner == "CN"


def test_a_change_stated_as_a_percentage_and_an_amount_is_no_level() -> None:
    body = (
        "Kyrgyzstan's goods imports climbed 41%, or $2.0 billion, from the same period last year to "
        "$6.7 billion in the first quarter."
    )
    assert _drops(body, "2022-04-20")["$2.0 billion"] == "guard.change_amount"
    assert [s.value for s in extract(body, "2022-04-20")] == [6.7e9]


def test_a_percentage_or_a_level_is_kept() -> None:
    body = (
        "Kyrgyzstan's goods imports reached 41%, or $6.7 billion, of the region's total in the first quarter."
    )
    assert _drops(body, "2022-04-20")["$6.7 billion"] != "guard.change_amount"


@pytest.mark.parametrize(
    "body",
    [
        "Services exports grew 31% to $557.3 million in the first quarter of 2024.",
        "Kyrgyzstan's trade in services reached $557.3 million in the first quarter of 2024.",
        "Imports of services were $516 million in the first quarter of 2024.",
    ],
)
def test_trade_in_services_is_not_merchandise(body: str) -> None:
    drops = _drops(body, "2024-04-20")
    assert set(drops.values()) == {"guard.services"}


def test_goods_after_services_and_goods_and_services_are_kept() -> None:
    body = (
        "Kyrgyzstan's trade in services reached $557.3 million in the first quarter of 2024, while goods "
        "exports were $1 billion."
    )
    drops = _drops(body, "2024-04-20")
    assert (drops["$557.3 million"], drops["$1 billion"]) == ("guard.services", None)
    assert (
        _drops("Exports of goods and services reached $5 billion in 2023.", "2024-04-20")["$5 billion"]
        is None
    )


def test_official_names_of_economies() -> None:
    body = (
        "At the end of January-May 2020 the Uzbek Republic's foreign trade turnover reached 12,9 billion "
        "dollars. Goods worth US $668.7 million were exported by Uzbekistan to the Celestial Empire."
    )
    stats = _by_value(extract(body, "2020-06-19"))
    assert (stats[12.9e9].reporter, stats[12.9e9].partner) == ("UZ", "WORLD")
    assert (stats[668.7e6].reporter, stats[668.7e6].partner, stats[668.7e6].flow) == ("UZ", "CN", "export")


def test_the_countrys_statistics_committee_is_not_the_next_country_named() -> None:
    body = (
        "According to data from the country's State Statistics Committee, China once more took first place "
        "in Uzbekistan's foreign trade turnover in January-May 2020.\n\n"
        "Exports accounted for 5.1 billion dollars and imports for 7.8 billion dollars."
    )
    stats = _by_value(extract(body, "2020-06-19", title="China is again Uzbekistan's top trade partner"))
    assert (stats[5.1e9].reporter, stats[5.1e9].flow) == ("UZ", "export")
    assert stats[5.1e9].reporter_evidence != "context.data_owner"


# --- Chinese ---------------------------------------------------------------------------------------------


def _zh(body: str, published=(2023, 6, 20)):
    return {(s.reporter, s.partner, s.flow, s.value) for s in lang_stats(body, "zh", published=published)}


def test_zh_exports_shipped_to_and_imports_from_a_partner() -> None:
    body = (
        "黑龙江官方数据表明，2017年前4个月全省对俄进出口总值为250.2亿元，出口到俄罗斯35.5亿元，"
        "同比增长12.4%；从俄罗斯进口214.7亿元，同比增长53.3%。"
    )
    found = _zh(body)
    assert ("CN-HL", "RU", "export", 3.55e9) in found
    assert ("CN-HL", "RU", "import", 21.47e9) in found


def test_zh_one_character_names_after_a_side_marker() -> None:
    found = _zh("2024年，中国对哈出口额为153亿美元，内蒙古对蒙出口15亿元。", published=(2025, 3, 1))
    assert ("CN", "KZ", "export", 15.3e9) in found
    assert ("CN-NM", "MN", "export", 1.5e9) in found


def test_zh_mirror_wording_in_chinas_customs_data_is_chinas_import() -> None:
    body = (
        "中国海关总署8日发布的统计显示，2018年1月至8月中俄贸易额为675亿美元。"
        "具体来看，中国向俄罗斯出口311亿美元；俄罗斯向中国出口363亿美元。"
    )
    found = _zh(body, published=(2018, 9, 8))
    assert ("CN", "RU", "export", 31.1e9) in found
    assert ("CN", "RU", "import", 36.3e9) in found


def test_zh_without_a_data_owner_the_writer_keeps_the_subject() -> None:
    body = "2018年1月至8月，俄罗斯向中国出口363亿美元，增长38.5%。"
    assert ("RU", "CN", "export", 36.3e9) in _zh(body, published=(2018, 9, 8))


# --- Russian ---------------------------------------------------------------------------------------------


def _ru(body: str, published=(2019, 2, 20)):
    return {(s.reporter, s.partner, s.flow, s.value) for s in lang_stats(body, "ru", published=published)}


@pytest.mark.parametrize(
    ("sentence", "pair"),
    [
        ("В 2018 году туркмено-узбекский товарооборот вырос на 70 % и составил $302 млн.", ("TM", "UZ")),
        ("В 2018 году русско-китайская торговля составила $107 млрд.", ("RU", "CN")),
        ("В 2018 году объем монголо-китайской торговли составил $8 млрд.", ("MN", "CN")),
    ],
)
def test_ru_pair_adjectives_in_their_combining_forms(sentence, pair) -> None:
    ((reporter, partner, flow, _),) = _ru(sentence)
    assert (reporter, partner, flow) == (*pair, "total")


def test_ru_two_countries_named_in_the_sentence_before() -> None:
    body = (
        "Ранее Узбекистан и Китай заявили о намерении нарастить торговлю. "
        "По итогам 2016 года объем торговли двух стран превысил 4,2 миллиарда долларов."
    )
    assert _ru(body, published=(2018, 9, 4)) == {("UZ", "CN", "total", 4.2e9)}


def test_ru_two_countries_after_three_named_is_not_resolved() -> None:
    body = (
        "Ранее Узбекистан, Казахстан и Китай заявили о намерении нарастить торговлю. "
        "По итогам 2016 года объем торговли двух стран превысил 4,2 миллиарда долларов."
    )
    assert _ru(body, published=(2018, 9, 4)) == set()


def test_ru_mirror_wording_in_chinas_customs_data() -> None:
    body = (
        "По данным Главного таможенного управления КНР, в 2023 году товарооборот России и Китая составил "
        "$240,1 млрд. Экспорт России в Китай составил $129,1 млрд."
    )
    found = _ru(body, published=(2024, 1, 12))
    assert ("CN", "RU", "import", 129.1e9) in found


# --- after the second round of held-out sets (real-8, real-9, zh-4, ru-4, once measured) -------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("came to $10 202.4 million in January", 10_202_400_000),
        ("was US$ 1 234.5 million", 1_234_500_000),
        ("was $1 billion 200 million", 1_200_000_000),
    ],
)
def test_thousands_separated_by_a_space_after_a_currency(text, value) -> None:
    from transform.amounts import find_amounts

    (amount,) = find_amounts(text)
    assert float(amount.value) == value


def test_a_day_before_an_amount_is_no_part_of_it() -> None:
    from transform.amounts import find_amounts

    assert [float(a.value) for a in find_amounts("On May 17 300 million yuan changed hands")] == [300e6]


@pytest.mark.parametrize(
    "body",
    [
        "Exports from Pakistan to China rose 11% in the first half of this year; at this pace they could hit $4 billion by year-end.",
        "Kazakhstan's trade with China may well exceed $50 billion.",
        "Uzbekistan's exports to Russia would top $5 billion by the end of the year.",
    ],
)
def test_hypothetical_levels_are_forecasts(body: str) -> None:
    assert set(_drops(body, "2022-08-03").values()) == {"guard.forecast"}


def test_a_fiscal_year_whose_months_are_not_written_is_dropped() -> None:
    # Pakistan's fiscal year is known (transform.fiscal, tests/transform/test_fiscal_years.py); Kazakhstan's is not
    body = (
        "Kazakhstan exported goods worth $2.78 billion to China in the twelve months of fiscal year 2021-22."
    )
    assert _drops(body, "2022-08-03") == {"$2.78 billion": "guard.fiscal_year"}
    assert _drops("Kazakhstan's exports reached $5 billion in 2022.", "2023-02-01") == {"$5 billion": None}


def test_the_shanghai_cooperation_organization_is_no_city() -> None:
    body = (
        "URUMQI: Imports and exports between northwest China's Xinjiang Uygur autonomous region and the Shanghai "
        "Cooperation Organization (SCO) member states reached 15.56 billion US dollars in the first half of 2019."
    )
    (stat,) = extract(body, "2019-08-03")
    assert (stat.reporter, stat.partner) == ("CN-XJ", "SCO")


def test_partners_listed_with_bracketed_figures_take_the_flow_the_sentence_gives_them() -> None:
    body = (
        "Georgia's external merchandise trade came to $10 202.4 million in January-November 2020.\n\n"
        "China ($445.9 million), Azerbaijan ($399.6 million) and Russia ($396.6 million) headed the list of "
        "export destinations. Turkey ($1.25 billion), Russia ($789.1 million) and China ($646.3 million) were "
        "the largest sources of imports."
    )
    stats = _by_value(extract(body, "2020-12-21"))
    assert (stats[10_202.4e6].reporter, stats[10_202.4e6].flow) == ("GE", "total")
    assert {(stats[v].partner, stats[v].flow) for v in (445.9e6, 399.6e6, 396.6e6)} == {
        ("CN", "export"),
        ("AZ", "export"),
        ("RU", "export"),
    }
    assert (stats[789.1e6].reporter, stats[789.1e6].partner, stats[789.1e6].flow) == ("GE", "RU", "import")


def test_a_bracketed_list_without_a_predicate_saying_what_they_are_emits_nothing() -> None:
    body = (
        "Officials named Turkey ($1.25 billion), Russia ($789.1 million) and China ($646.3 million) in 2020."
    )
    assert extract(body, "2021-01-10") == []


def test_a_level_whose_only_period_is_its_bases_is_a_year_later() -> None:
    body = "Kyrgyzstan's exports grew 19.7 percent to $760.6 million from $635.678 million in January–April 2023."
    stats = _by_value(extract(body, "2024-05-20"))
    assert _period(stats[760.6e6]) == (date(2024, 1, 1), date(2024, 4, 30))
    assert _period(stats[635.678e6]) == (date(2023, 1, 1), date(2023, 4, 30))


def test_without_a_percentage_change_the_bases_period_is_not_shifted() -> None:
    body = "Kyrgyzstan's exports reached $760.6 million from $635.678 million in January–April 2023."
    stats = _by_value(extract(body, "2024-05-20"))
    assert _period(stats[760.6e6]) != (date(2024, 1, 1), date(2024, 4, 30))


def test_zh_items_in_order_spaced_years_and_bri_in_quotes() -> None:
    found = _zh(
        "2022年，内蒙古同蒙古国、俄罗斯、美国的进出口依次为463.6亿元、195.3亿元和76.8亿元。",
        published=(2023, 1, 20),
    )
    assert {
        ("CN-NM", "MN", "total", 46.36e9),
        ("CN-NM", "RU", "total", 19.53e9),
        ("CN-NM", "US", "total", 7.68e9),
    } <= found
    assert ("CN", "RU", "total", 95.28e9) in _zh(
        "2014 年中俄贸易总额升至952.8亿美元。", published=(2015, 3, 1)
    )
    assert ("CN-NM", "BRI", "total", 8.99e9) in _zh(
        "2016年，内蒙古对“一带一路”国家的进出口总值达到89.9亿元。", published=(2017, 3, 1)
    )


def test_zh_trade_right_before_its_amount_and_both_sides_named_earlier_in_the_sentence() -> None:
    body = "内蒙古自治区2017年前2个月的外贸进出口总额为141.1亿元。其中对蒙贸易34.4亿元，增长38.1%。"
    assert ("CN-NM", "MN", "total", 3.44e9) in _zh(body, published=(2017, 3, 20))
    body = "今年前七个月，荷兰位列俄罗斯第二大贸易伙伴，双方贸易额约为493.16亿美元，同比猛增31.3%。"
    assert _zh(body, published=(2012, 8, 20)) == {("NL", "RU", "total", 49.316e9)}


def test_zh_a_trade_target_after_the_amount_is_no_level() -> None:
    body = "乌方统计显示，两国双边贸易额去年增长20%，两国元首定下的100亿美元贸易额目标有望提前达成。"
    assert not [v for *_, v in _zh(body, published=(2023, 3, 1)) if v == 1e10]


def test_zh_this_country_is_the_one_the_headline_names() -> None:
    found = {
        (s.reporter, s.value)
        for s in lang_stats(
            "外贸方面，该国今年1至7月的进出口总额为86.64亿美元。",
            "zh",
            title="吉尔吉斯斯坦外贸下降",
            published=(2025, 8, 20),
        )
    }
    assert found == {("KG", 8.664e9)}
    assert (
        lang_stats("外贸方面，该国今年1至7月的进出口总额为86.64亿美元。", "zh", published=(2025, 8, 20)) == []
    )


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        (
            "Для сравнения: китайско-американская торговля за первые три квартала 2021 года составила $543,1 млрд.",
            ((2021, 1, 1), (2021, 9, 30)),
        ),
        (
            "В первой половине 2014 года товарооборот Китая и России составил $44,54 млрд.",
            ((2014, 1, 1), (2014, 6, 30)),
        ),
    ],
)
def test_ru_three_quarters_and_the_first_half(sentence, span) -> None:
    (stat,) = lang_stats(sentence, "ru", published=(2021, 10, 20))
    assert (stat.period_start, stat.period_end) == (date(*span[0]), date(*span[1]))


def test_ru_supplied_and_bought_and_a_gapped_clause() -> None:
    body = "В сентябре 2021 года Россия поставила в КНР товаров на $6,86 млрд, Китай в Россию — на $6,6 млрд."
    assert _ru(body, published=(2021, 10, 20)) == {
        ("RU", "CN", "export", 6.86e9),
        ("CN", "RU", "export", 6.6e9),
    }
    body = "С января по июнь 2022 года Таджикистан закупил в Казахстане товаров на сумму 397 млн долларов."
    assert _ru(body, published=(2022, 8, 1)) == {("TJ", "KZ", "import", 397e6)}


def test_ru_list_lines_opening_on_a_partner_and_a_colon() -> None:
    body = (
        "По отдельным странам Центральной Азии внешнеторговые показатели Узбекистана за 2022 год выглядят так:\n"
        "- Казахстан: товарооборот составил $4,6 млрд; экспорт Узбекистана — $1,4 млрд, импорт — $3,2 млрд;\n"
        "- Туркменистан: товарооборот равен $926,3 млн, узбекский экспорт туда - $194,8 млн, ввоз оттуда - $731,5 млн."
    )
    found = _ru(body, published=(2023, 1, 20))
    assert {
        ("UZ", "KZ", "total", 4.6e9),
        ("UZ", "KZ", "export", 1.4e9),
        ("UZ", "KZ", "import", 3.2e9),
    } <= found
    assert {("UZ", "TM", "export", 194.8e6), ("UZ", "TM", "import", 731.5e6)} <= found


def test_ru_a_colon_after_a_name_inside_a_sentence_is_no_list_line() -> None:
    body = "Глава МИД Казахстана сказал: товарооборот Казахстана в 2022 году составил $134 млрд."
    assert _ru(body, published=(2023, 1, 20)) == {("KZ", "WORLD", "total", 134e9)}


def test_it_opening_a_clause_is_the_level_the_sentence_before_stated() -> None:
    body = (
        "Kazakhstan's trade with Russia rose 21%, to $1.65 billion, in 2018. In the first eight months of this "
        "year it grew 15%, to over $1.1 billion."
    )
    stats = _by_value(extract(body, "2019-09-10"))
    later = stats[1.1e9]
    assert (later.reporter, later.partner, later.flow) == ("KZ", "RU", "total")
    assert _period(later) == (date(2019, 1, 1), date(2019, 8, 31))


def test_it_after_a_sentence_without_a_figure_stays_unread() -> None:
    body = "Officials met in Astana in June 2019. In the first eight months of this year it grew 15%, to over $1.1 billion."
    assert extract(body, "2019-09-10") == []


def test_a_single_amount_under_a_stretch_of_years_spans_them_whole() -> None:
    body = "Between 2019 and 2023 Kazakhstan's exports to China came to $50 billion."
    (stat,) = extract(body, "2024-03-10")
    assert _period(stat) == (date(2019, 1, 1), date(2023, 12, 31))


def test_a_cumulative_total_over_the_belt_and_roads_decade_is_kept_and_a_longer_one_rejected() -> None:
    from transform.validation import validate

    body = "From 2013 to 2023 Shaanxi's cumulative imports and exports with Belt and Road countries came to 1.34 trillion yuan."
    result = validate(extract(body, "2024-03-10"))
    assert [(s.period_start, s.period_end) for s in result.accepted] == [
        (date(2013, 1, 1), date(2023, 12, 31))
    ]
    body = "From 2010 to 2023 Shaanxi's cumulative imports and exports with Belt and Road countries came to 1.5 trillion yuan."
    result = validate(extract(body, "2024-03-10"))
    assert not result.accepted
    assert [r.rule for r in result.rejected] == ["period.too_long"]


def test_yearly_trade_climbing_to_one_level_from_another_spans_the_years_of_the_sentence_before() -> None:
    body = (
        "From 2013 to 2023 Shaanxi's cumulative imports and exports with Belt and Road countries came to 1.34 trillion yuan. "
        "The province's yearly trade with these countries climbed to 209.86 billion yuan from 41.66 billion yuan."
    )
    stats = {s.value: _period(s) for s in extract(body, "2024-03-10")}
    assert stats[209.86e9] == (date(2023, 1, 1), date(2023, 12, 31))
    assert stats[41.66e9] == (date(2013, 1, 1), date(2013, 12, 31))
    # without the span before, "climbed to $B from $A" is no pair of years
    (level, base) = extract(
        "Last year Shaanxi's trade with Belt and Road countries climbed to 209.86 billion yuan from 190 billion yuan.",
        "2024-03-10",
    )
    assert _period(level) == (date(2023, 1, 1), date(2023, 12, 31))
    assert _period(base) == (date(2022, 1, 1), date(2022, 12, 31))


def test_years_before_1980_are_periods() -> None:
    body = (
        "Inner Mongolia's imports and exports came to US$5.95 billion in 2005, against US$16 million in 1978."
    )
    stats = _by_value(extract(body, "2006-03-10"))
    assert _period(stats[16e6]) == (date(1978, 1, 1), date(1978, 12, 31))


def test_whose_trade_with_a_partner_belongs_to_the_name_before_it() -> None:
    body = (
        "In third place was the United States, whose trade turnover with Georgia came to $1.4 bln in "
        "January-September 2023."
    )
    (stat,) = extract(body, "2023-10-19")
    assert {stat.reporter, stat.partner} == {"US", "GE"}


def test_whose_trade_in_a_ranking_without_a_partner_is_not_the_names_total() -> None:
    body = (
        "Kazakhstan was Russia's top trading partner in 2023 with $28 billion. In sixth place was Georgia, whose "
        "trade turnover came to $2.4 billion."
    )
    stat = _by_value(extract(body, "2024-02-10")).get(2.4e9)
    assert stat is None or (stat.reporter, stat.partner) != ("GE", "WORLD")


def test_a_ranking_goes_on_in_a_bracketed_list() -> None:
    body = (
        "Figures from the National Statistics Service of Georgia show. Turkey was Georgia's top trading partner "
        "from January to September 2023, with two-way trade of more than $2.1 bln. Behind it in the ranking were "
        "China (more than $1.2 bln), Azerbaijan (more than $1 bln) and Armenia (more than $888 mln)."
    )
    stats = _by_value(extract(body, "2023-10-19"))
    assert {(stats[v].reporter, stats[v].partner, stats[v].flow) for v in (1.2e9, 1e9, 888e6)} == {
        ("GE", "CN", "total"),
        ("GE", "AZ", "total"),
        ("GE", "AM", "total"),
    }


def test_a_bracketed_list_far_from_any_ranking_emits_nothing() -> None:
    body = (
        "Turkey was Georgia's top trading partner in 2023, with trade of $2.1 bln.\n\n"
        "Visitors came from many places.\n\nOfficials said more came later.\n\n"
        "Behind them in the ranking were China (more than $1.2 bln), Azerbaijan (more than $1 bln) and Armenia."
    )
    assert 1.2e9 not in _by_value(extract(body, "2024-02-10"))


def test_it_after_a_sentence_naming_a_trade_without_its_figure() -> None:
    body = "China's trade with Ukraine also grew in the first quarter of 2022. It reached about 29.59 billion yuan, Li said."
    (stat,) = extract(body, "2022-05-10")
    assert (stat.reporter, stat.partner, stat.flow, stat.value) == ("CN", "UA", "total", 29.59e9)
    assert _period(stat) == (date(2022, 1, 1), date(2022, 3, 31))


def test_it_after_a_sentence_naming_one_side_only_emits_nothing() -> None:
    body = (
        "China's trade also grew in the first quarter of 2022. It reached about 29.59 billion yuan, Li said."
    )
    assert [s for s in extract(body, "2022-05-10") if s.partner == "UA"] == []
    assert all(s.reporter_evidence != "continuation.item" for s in extract(body, "2022-05-10"))


def test_member_countries_of_a_group_after_with_are_the_partner() -> None:
    body = (
        "Gansu Province's trade with countries along the Belt and Road reached 16.02 billion yuan in the first half "
        "of 2023. The province's trade with member countries of the Regional Comprehensive Economic Partnership "
        "(RCEP), meanwhile, amounted to 7.74 billion yuan."
    )
    stat = _by_value(extract(body, "2023-07-20"))[7.74e9]
    assert (stat.reporter, stat.partner) == ("CN-GS", "RCEP")


def test_overall_with_a_year_is_the_world_and_its_parallel_clause_too() -> None:
    body = (
        "Turkiye's trade with Central Asia in 2022 came to about US$12.33 billion. Overall, Türkiye's 2022 exports "
        "are put at an estimated US$252.2 billion, while Turkish imports came to US$361.1 billion."
    )
    stats = _by_value(extract(body, "2023-02-10"))
    assert (stats[252.2e9].partner, stats[361.1e9].partner) == ("WORLD", "WORLD")


def test_us_dollar_sign_with_a_space_and_a_change_after_increase_of() -> None:
    body = (
        "In January-June 2024 trade between Turkmenistan and Uzbekistan came to US $ 614.2 million, an increase "
        "of almost US $ 170 million on the same half of last year."
    )
    assert [s.value for s in extract(body, "2024-07-20")] == [614.2e6]


@pytest.mark.parametrize(
    "body",
    [
        "The ambassador said the two countries could raise their trade to as much as $1 billion within the next 5 to 6 years.",
        "He said the trade agreement would take trade between the two countries up to $1 billion.",
    ],
)
def test_what_could_or_would_happen_to_trade_is_a_forecast(body: str) -> None:
    assert set(_drops(body, "2018-12-08").values()) == {"guard.forecast"}


# --- after the third round of held-out sets (real-10, zh-5, ru-5, once measured) ---------------------------


def test_a_number_cut_inside_a_longer_one_is_no_amount() -> None:
    from transform.amounts import find_amounts

    assert find_amounts("compared with $1192,559 million in July-June") == []
    assert [float(a.value) for a in find_amounts("exports of $5,000 and $2.5 billion")] == [5000.0, 2.5e9]


def test_a_bilateral_figure_above_the_smaller_partys_whole_trade_is_rejected() -> None:
    from transform.validation import validate

    body = "According to SBP data, Pakistan's total exports to Afghanistan came to $888,913 million in 2020."
    result = validate(extract(body, "2021-02-10"))
    assert not result.accepted
    assert [r.rule for r in result.rejected] == ["value.implausible_magnitude"]


@pytest.mark.parametrize(
    "body",
    [
        "Pakistan's exports to Afghanistan hit a record $2.4bn in 2010-11.",
        "Turkmenistan's exports to Afghanistan for the first quarter of the current fiscal stood at $362.5 million.",
        "Kazakhstan's exports reached $5 billion in 2010-2011.",
        "Iran's exports to Turkmenistan reached $95 million in the first quarter of the Iranian calendar year.",
    ],
)
def test_years_across_two_calendar_years_are_fiscal_and_dropped(body: str) -> None:
    assert set(_drops(body, "2017-06-10").values()) == {"guard.fiscal_year"}


@pytest.mark.parametrize(
    ("body", "amount"),
    [
        (
            "In January-May 2021 Uzbekistan's trade came to $14.5 billion, which is $1.7 billion (an increase of 13.2%) above the level of the same period of 2020.",
            "$1.7 billion",
        ),
        (
            "Mongolia's total turnover was 1.8 billion USD (27.5 percent) higher than in the same period of last year.",
            "1.8 billion USD",
        ),
        (
            "On Kazakhstan's imports from China the gap really did reach 70%, or 5.7 billion USD, in 2021.",
            "5.7 billion USD",
        ),
    ],
)
def test_differences_with_a_bracket_or_a_gap_are_no_levels(body: str, amount: str) -> None:
    assert _drops(body, "2022-06-20")[amount] == "guard.difference"


def test_zh_countries_from_cldr_and_areas_without_a_code() -> None:
    assert ("CN-NX", "NO", "total", 2.9e8) in _zh(
        "2024年一季度，宁夏对挪威的进出口额为2.9亿元。", published=(2024, 4, 20)
    )
    assert _zh("2010年，云南与南亚各国的进出口总额达到9.36亿美元。", published=(2011, 2, 20)) == set()
    assert _zh("2010年，内蒙古与蒙古国的进出口总额达到9.36亿美元。", published=(2011, 2, 20)) == {
        ("CN-NM", "MN", "total", 9.36e8)
    }


def test_zh_a_years_comparison_in_the_sentence_before_does_not_date_this_years_months() -> None:
    body = (
        "云南省商务厅表示，云南省今年前10月的进出口总额与去年全年水准已相差无几，全年总额有望突破150亿美元。"
        "昆明海关的统计显示，前10个月云南省进出口总额为132.2亿美元，与去年全年的133.7亿美元已相去不远。"
    )
    found = {
        (s.value, s.period_start, s.period_end) for s in lang_stats(body, "zh", published=(2011, 11, 28))
    }
    assert (1.322e10, date(2011, 1, 1), date(2011, 10, 31)) in found
    assert all(start.year == 2011 for value, start, _ in found if value == 1.322e10)


def test_ru_traded_for_chinese_provinces_and_the_same_period_in_the_dative() -> None:
    assert _ru(
        "За 2023 год Туркменистан и Турция наторговали на 2,6 миллиарда долларов.", published=(2024, 2, 20)
    ) == {("TM", "TR", "total", 2.6e9)}
    body = (
        "По сведениям Харбинской таможни, внешнеторговый оборот провинции Хэйлунцзян за восемь месяцев 2022 г. "
        "вырос на 30,7% к тому же периоду прошлого года и составил 167,15 млрд юаней (~24,26 млрд долл. США)."
    )
    (stat,) = lang_stats(body, "ru", published=(2022, 9, 21))
    assert (stat.reporter, stat.partner, stat.value) == ("CN-HL", "WORLD", 167.15e9)
    assert (stat.period_start, stat.period_end) == (date(2022, 1, 1), date(2022, 8, 31))
    assert stat.value_usd == 24.26e9


def test_ru_dollars_of_the_usa_are_no_partner() -> None:
    body = "В 2011 году товарооборот Кыргызстана с Россией составил 981 млн 439,4 тыс долл США."
    assert _ru(body, published=(2012, 2, 1)) == {("KG", "RU", "total", 981_439_400.0)}


def test_a_place_among_an_economys_foreign_trade_partners_is_no_world_figure() -> None:
    body = "In 2020 Kazakhstan was in 53rd place among Germany's foreign trade partners, with trade turnover of 3.86 billion euros."
    (stat,) = extract(body, "2021-06-20")
    assert {stat.reporter, stat.partner} == {"DE", "KZ"}


def test_member_countries_of_the_cis_have_no_code() -> None:
    from transform.validation import validate

    body = "Tajikistan's trade turnover with member countries of the CIS (Commonwealth of Independent States) came to $1.73 billion in January-June 2021."
    result = validate(extract(body, "2021-07-20"))
    assert not result.accepted
    assert [r.rule for r in result.rejected] == ["missing.partner"]


def test_where_a_province_lies_is_no_side() -> None:
    body = (
        "HARBIN, April 20 (Xinhua) -- In the first quarter of 2023, goods trade of Heilongjiang, the province that "
        "lies farthest north in China, expanded 31 percent year on year to 71.98 billion yuan."
    )
    (stat,) = extract(body, "2023-04-20")
    assert (stat.reporter, stat.partner) == ("CN-HL", "WORLD")


def test_zh_ranked_partners_with_bracketed_figures_and_places() -> None:
    body = (
        "今年1—10月，塔吉克斯坦对外贸易额59.67亿美元。"
        "排在前三位的贸易伙伴依次为俄罗斯、哈萨克斯坦（贸易额11.58亿美元）和中国（贸易额10亿美元）。"
    )
    found = _zh(body, published=(2022, 11, 20))
    assert {("TJ", "KZ", "total", 1.158e9), ("TJ", "CN", "total", 1e9)} <= found
    assert not [f for f in found if f[0] in ("RU", "KZ")]


def test_zh_places_in_a_ranking_of_an_owner_without_a_code_emit_nothing() -> None:
    body = "2017年俄罗斯滨海边疆区对外贸易额为35亿美元。排在第二位的是韩国，占比18%，贸易额6.38亿美元；日本位居第三，贸易额3.58亿美元。"
    assert not [f for f in _zh(body, published=(2018, 3, 1)) if f[3] in (6.38e8, 3.58e8)]


def test_zh_provinces_ranked_after_a_provinces_figure_report_their_own() -> None:
    body = "2005年，黑龙江对俄贸易额达56.8亿美元，相当于紧随其后的广东(28.3亿美元)、山东(21.7亿美元)的2倍和2.6倍。"
    found = _zh(body, published=(2006, 3, 1))
    assert {
        ("CN-HL", "RU", "total", 5.68e9),
        ("CN-GD", "RU", "total", 2.83e9),
        ("CN-SD", "RU", "total", 2.17e9),
    } <= found
