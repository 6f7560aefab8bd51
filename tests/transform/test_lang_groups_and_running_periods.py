"""Chinese and Russian constructions fixed in the ninth session, on sentences written here, each with a
negative beside it.

Chinese: a group named with its members ("东盟各国", "上合组织其他成员国"), China speaking of itself ("我同…",
"我对俄出口"), and a sentence's running period taken from its level, not from the level it is compared
with ("前10个月…为132.2亿美元，与去年全年的133.7亿美元已相去不远").
"""

from dataclasses import replace
from datetime import date

from lang_helpers import stats


def _sides(stat):
    return (stat.reporter, stat.partner, stat.flow)


def _period(stat):
    return (stat.period_start, stat.period_end)


def test_a_group_named_with_its_members_is_the_group() -> None:
    (stat,) = stats(
        "2011年前10个月，云南同东盟各国之间的贸易额为49.3亿美元。", "zh", published=(2011, 11, 28)
    )
    assert _sides(stat) == ("CN-YN", "ASEAN", "total")
    (stat,) = stats("2021年，中国与上合组织其他成员国的贸易额达到3433亿美元。", "zh", published=(2022, 9, 1))
    assert _sides(stat) == ("CN", "SCO", "total")
    # an unnamed subject is still unexplained: "发展中国家" is nobody's code
    assert not stats("2021年，发展中国家的贸易额达到3433亿美元。", "zh", published=(2022, 9, 1))


def test_we_opening_a_clause_before_a_side_marker_is_china() -> None:
    (stat,) = stats(
        "2021年，我同上合组织其他成员国的贸易额达到3433亿美元，同比增长40%。", "zh", published=(2022, 9, 1)
    )
    assert _sides(stat) == ("CN", "SCO", "total") and stat.change_pct == 40
    (stat,) = stats("2022年1-7月，我对俄出口达到300亿美元。", "zh", published=(2022, 9, 1))
    assert _sides(stat) == ("CN", "RU", "export")
    # "我们" (a speaker's "we") is no economy
    assert not stats("2022年，我们与俄罗斯的贸易额达到300亿美元。", "zh", published=(2023, 3, 1))


def test_the_running_period_is_the_levels_not_the_one_it_is_compared_with() -> None:
    body = (
        "昆明海关的统计显示，前10个月云南省进出口总额为132.2亿美元，与去年全年的133.7亿美元已相去不远。"
        "其中出口额为80.7亿美元，较上年同期增长25.9%；进口额为51.5亿美元。"
    )
    found = {s.value: s for s in stats(body, "zh", published=(2011, 11, 28))}
    ten_months = (date(2011, 1, 1), date(2011, 10, 31))
    assert _period(found[8.07e9]) == ten_months and _period(found[5.15e9]) == ten_months
    # a sentence whose level has no period of its own written still moves on to its last written period
    body = (
        "2023年新疆外贸进出口总额为3573.5亿元。2024年上半年，出口为1500亿元。其中对哈萨克斯坦出口为500亿元。"
    )
    found = {s.value: s for s in stats(body, "zh", published=(2024, 8, 1))}
    assert _period(found[5e10]) == (date(2024, 1, 1), date(2024, 6, 30))


# ------------------------------------------------------------------------------------------- Russian


def test_a_signed_amount_after_a_change_is_the_change_in_russian_and_english() -> None:
    from extraction_helpers import extract

    body = (
        "Внешнеторговый оборот Узбекистана в январе-августе 2022 года вырос на 27,7% (+$6,9 млрд) "
        "и составил 32 млрд долларов."
    )
    assert [(s.flow, s.value) for s in stats(body, "ru", published=(2022, 9, 20))] == [("total", 32e9)]
    body = "Uzbekistan's foreign trade turnover in January-August 2022 rose 27.7% (+$6.9 billion) to $32 billion."
    assert [(s.flow, s.value) for s in extract(body, "2022-09-20")] == [("total", 32e9)]
    # a negative amount in brackets after two flows is still their balance
    body = "В январе-августе 2022 года экспорт Узбекистана составил $12,6 млрд, импорт — $19,4 млрд (-$6,8 млрд)."
    assert 19.4e9 in {s.value for s in stats(body, "ru", published=(2022, 9, 20))}


def test_a_quantity_between_the_trade_verb_and_the_money_does_not_end_its_reach() -> None:
    body = "За январь-апрель 2025 года Иран ввез из Таджикистана 13,6 тысячи тонн продукции стоимостью 27,9 миллиона долларов."
    (stat,) = stats(body, "ru", published=(2025, 8, 1))
    assert (*_sides(stat), stat.value) == ("IR", "TJ", "import", 27.9e6)
    # with no trade verb, the money is nobody's trade
    body = "За январь-апрель 2025 года на склады поступило 13,6 тысячи тонн продукции стоимостью 27,9 миллиона долларов."
    assert not stats(body, "ru", published=(2025, 8, 1))


def test_sold_and_brought_in_are_exports_and_imports_of_the_gapped_subject() -> None:
    body = "В первом полугодии 2024 года Таджикистан закупил в России товаров на 909,9 млн долларов, а продал в РФ – на 58,6 млн долларов."
    found = {s.value: s for s in stats(body, "ru", published=(2024, 8, 1))}
    assert _sides(found[909.9e6]) == ("TJ", "RU", "import")
    assert _sides(found[58.6e6]) == ("TJ", "RU", "export")


def test_pair_adjectives_in_their_short_combining_forms() -> None:
    (stat,) = stats(
        "В 2014 году ирано-туркменский товарооборот составил $4 млрд.", "ru", published=(2015, 3, 1)
    )
    assert _sides(stat) == ("IR", "TM", "total")
    (stat,) = stats(
        "В 2014 году казахско-китайский товарооборот составил $22 млрд.", "ru", published=(2015, 3, 1)
    )
    assert _sides(stat) == ("KZ", "CN", "total")
    # "иран" alone, not before "о-", is no adjective
    assert not stats("В 2014 году иранист оценил товарооборот в $4 млрд.", "ru", published=(2015, 3, 1))


def test_places_in_a_ranking_of_partners_make_the_items_partners_of_the_rankings_owner() -> None:
    body = (
        "Внешнеторговый оборот Узбекистана в январе-августе 2022 года составил 32 млрд долларов. "
        "Первое место среди торговых партнеров РУз занял Китай: оборот — $6 млрд, из них экспорт $1,7 млрд, импорт $4,2 млрд. "
        "Второе место у России ($5,6 млрд) с экспортом в $1,8 млрд и импортом в $3,8 млрд. "
        "Третью строчку занял Казахстан ($2,8 млрд): экспорт — $883,9 млн, импорт — $1,9 млрд."
    )
    found = {s.value: _sides(s) for s in stats(body, "ru", published=(2022, 9, 20))}
    assert found == {
        32e9: ("UZ", "WORLD", "total"),
        6e9: ("UZ", "CN", "total"),
        1.7e9: ("UZ", "CN", "export"),
        4.2e9: ("UZ", "CN", "import"),
        5.6e9: ("UZ", "RU", "total"),
        1.8e9: ("UZ", "RU", "export"),
        3.8e9: ("UZ", "RU", "import"),
        2.8e9: ("UZ", "KZ", "total"),
        883.9e6: ("UZ", "KZ", "export"),
        1.9e9: ("UZ", "KZ", "import"),
    }
    # a place taken by a figure of another kind is no ranking of trade partners: the item takes no flow
    body = "Второе место у России ($5,6 млрд)."
    assert not stats(body, "ru", published=(2022, 9, 20))


# ------------------------------------------------------------------------------------------- Chinese, round 2


def test_ten_hundred_and_thousand_hundred_millions_after_digits() -> None:
    found = stats(
        "其中，土耳其2018年的对外贸易额约为391十亿美元，其进口额约为223十亿美元。",
        "zh",
        published=(2019, 6, 1),
    )
    assert [(s.flow, s.value, s.qualifier) for s in found] == [
        ("total", 391e9, "about"),
        ("import", 223e9, "about"),
    ]
    # a Chinese numeral before 亿 stays a numeral
    (stat,) = stats("2018年新疆进出口总额为八十亿美元。", "zh", published=(2019, 6, 1))
    assert stat.value == 8e9 and stat.qualifier is None


def test_a_hedge_before_the_copula_is_the_amounts() -> None:
    (stat,) = stats("2018年新疆进出口总额超过了80亿美元。", "zh", published=(2019, 6, 1))
    assert stat.qualifier == "over"
    (stat,) = stats("2018年新疆进出口总额为80亿美元。", "zh", published=(2019, 6, 1))
    assert stat.qualifier is None


def test_an_unsigned_trade_difference_is_no_total() -> None:
    assert not stats("2023年中伊两国贸易差额约为55亿美元。", "zh", published=(2024, 2, 1))
    (stat,) = stats(
        "2023年中伊两国贸易额约为146.5亿美元。", "zh", published=(2024, 2, 1), title="中国与伊朗贸易"
    )
    assert (stat.reporter, stat.partner, stat.flow) == ("CN", "IR", "total")


def test_more_one_character_pairs() -> None:
    found = stats(
        "2022年，中格贸易额由1992年建交之初的368万美元增长到14亿美元。", "zh", published=(2023, 3, 1)
    )
    assert {(s.reporter, s.partner, s.value) for s in found} == {("CN", "GE", 3.68e6), ("CN", "GE", 1.4e9)}


def test_a_comma_before_a_year_opens_a_clause() -> None:
    body = "受俄罗斯经济危机拖累,2018年中国和土耳其之间的货物进出口额为236.2亿美元。"
    (stat,) = stats(body, "zh", published=(2019, 6, 1))
    assert (stat.reporter, stat.partner) == ("CN", "TR")
    # a comma grouping thousands is no break
    (stat,) = stats("2018年中国和土耳其之间的货物进出口额为1,236.2亿美元。", "zh", published=(2019, 6, 1))
    assert stat.value == 1236.2e8


def test_the_first_months_written_with_tou() -> None:
    (stat,) = stats("数据显示，今年头三个月，新疆对美出口额达到6440万美元。", "zh", published=(2021, 4, 23))
    assert (stat.period_start, stat.period_end) == (date(2021, 1, 1), date(2021, 3, 31))


def test_the_largest_partner_is_and_the_ranking_that_goes_on() -> None:
    body = (
        "2024年上半年，新疆最大的贸易伙伴是哈萨克斯坦，贸易额为150亿美元。"
        "俄罗斯（32亿美元）和缅甸（5.62亿美元）分列第二、三位。"
    )
    found = {s.value: (s.reporter, s.partner, s.flow) for s in stats(body, "zh", published=(2024, 8, 1))}
    assert found == {
        15e9: ("CN-XJ", "KZ", "total"),
        3.2e9: ("CN-XJ", "RU", "total"),
        5.62e8: ("CN-XJ", "MM", "total"),
    }
    # bracketed figures opening a sentence without places are no ranking
    assert not stats("俄罗斯（32亿美元）的增长很快。", "zh", published=(2024, 8, 1))


# ------------------------------------------------------------------------------------------- Russian, round 3


def test_a_split_amount_in_the_dative_is_one_amount() -> None:
    body = (
        "За 11 месяцев 2021 года общий товарооборот Турции и Туркменистана оказался равен "
        "1 миллиарду 911 миллионов долларов."
    )
    (stat,) = stats(body, "ru", published=(2022, 1, 20))
    assert (stat.value, stat.flow) == (1911e6, "total")


def test_the_decimals_of_a_number_broken_by_a_space_are_no_amount() -> None:
    body = "При этом экспорт ЕАЭС в Иран в 2021 году увеличился в 2,1 раза (с $1 ,7 млрд до $3,4 млрд)."
    assert 7e9 not in {s.value for s in stats(body, "ru", published=(2022, 3, 1))}


def test_changes_by_an_amount_with_more_words_between_and_with_pribavil() -> None:
    body = "В 2022 году Армения, Казахстан и Кыргызстан увеличили товарооборот с Китаем на $9,2 млрд."
    assert not stats(body, "ru", published=(2023, 3, 1))
    body = "В январе-ноябре 2010 года импорт Грузии из Турции прибавил $56 млн, достигнув $772 млн."
    (stat,) = stats(body, "ru", published=(2010, 12, 24))
    assert (stat.reporter, stat.partner, stat.flow, stat.value) == ("GE", "TR", "import", 772e6)
    body = "В январе-ноябре 2010 года импорт Грузии из Украины превышает импорт из Азербайджана на $106 млн."
    assert not stats(body, "ru", published=(2010, 12, 24))


def test_a_negative_balance_named_before_a_colon() -> None:
    body = "В январе-мае 2022 года торговый баланс Грузии сложился отрицательным: его сальдо равнялось 2,73 миллиарда долларов."
    (stat,) = stats(body, "ru", published=(2022, 6, 20))
    assert (stat.flow, stat.value) == ("balance", -2.73e9)


def test_who_imposes_sanctions_is_no_side_and_this_trade_needs_its_referent() -> None:
    body = "Санкции США против Ирана не затронут Армению. Объем этой торговли в 2017 году составил 263 миллиона долларов."
    assert not stats(body, "ru", published=(2018, 6, 1), title="Санкции США против Ирана Армению не затронут")
    body = (
        "Товарооборот Армении с Ираном в 2016 году составил 250 миллионов долларов. "
        "Объем этой торговли в 2017 году составил 263 миллиона долларов."
    )
    found = {s.value: (s.reporter, s.partner) for s in stats(body, "ru", published=(2018, 6, 1))}
    assert found[263e6] == ("AM", "IR")


def test_the_headlines_two_economies_are_the_mutual_trades_pair_and_sostavlyal_is_a_level_verb() -> None:
    body = "Было отмечено, что по итогам 2023 года взаимный товарооборот вырос до $2,5 млрд."
    (stat,) = stats(
        body, "ru", published=(2024, 6, 1), title="В Корее учатся 11 тысяч студентов из Узбекистана"
    )
    assert {stat.reporter, stat.partner} == {"KR", "UZ"}
    # a headline naming three economies names no pair
    assert not stats(
        body, "ru", published=(2024, 6, 1), title="Корея, Узбекистан и Казахстан обсудили торговлю"
    )
    body = "По словам Оверчука, в 2020 году объем торговли составлял $1,4 млрд."
    (stat,) = stats(
        body, "ru", published=(2025, 12, 1), title="Товарооборот России и Монголии подошел к $2 млрд"
    )
    assert (stat.value, stat.flow) == (1.4e9, "total")


def test_zh_months_across_two_years_a_hoped_for_level_and_a_fiscal_year() -> None:
    from lang_helpers import article

    from transform.extraction import trace_amounts

    (stat,) = stats("2010年7月至2011年4月，新疆出口为202亿美元。", "zh", published=(2011, 6, 1))
    assert (stat.period_start, stat.period_end) == (date(2010, 7, 1), date(2011, 4, 30))
    assert not stats("今后5年，中乌两国贸易规模可望升至百亿美元。", "zh", published=(2018, 10, 1))
    body = "谢赫介绍说，本财年前10个月，巴基斯坦出口由去年同期的158亿美元增至202亿美元。"
    assert {t.dropped_by for t in trace_amounts(article(body, "zh", published=(2011, 6, 1)))} == {
        "guard.fiscal_year"
    }


def test_zh_one_character_partner_before_de_and_the_trade_word() -> None:
    (stat,) = stats("2017年乌克兰对华的贸易逆差是36亿美元。", "zh", published=(2018, 10, 1))
    assert (stat.reporter, stat.partner, stat.flow, stat.value) == ("UA", "CN", "balance", -3.6e9)


def test_a_headline_subject_that_is_the_figures_partner_gives_way_to_the_outlets_economy() -> None:
    from lang_helpers import article

    from transform.extraction import extract_candidates

    body = "В целом в январе-ноябре 2012 года экспорт товаров в Турцию составил около $431 млн."
    title = "Турция остается главным покупателем таджикских товаров"
    (stat,) = extract_candidates(
        replace(article(body, "ru", title, (2012, 12, 19)), url="https://avesta.tj/?p=1")
    )
    assert (stat.reporter, stat.partner, stat.flow) == ("TJ", "TR", "export")
    # an outlet without a national domain: nobody is guessed
    assert not extract_candidates(
        replace(article(body, "ru", title, (2012, 12, 19)), url="https://example.com/1")
    )


def test_thousands_of_tonnes_are_no_money_and_zinc_ore_is_a_product() -> None:
    body = (
        "За январь-апрель 2024 года Иран ввез из Таджикистана продукции стоимостью 27,9 миллиона долларов. "
        "За тот же период Иран закупил в Таджикистане 11,3 тысячи тонн хлопка, потратив на него 27 миллионов долларов."
    )
    assert sorted(s.value for s in stats(body, "ru", published=(2024, 8, 1))) == [27e6, 27.9e6]
    body = "В 2020 году Казахстан экспортировал продукции на $5 млрд. Цинковой руды и концентрата экспортировано 147,8 тыс. тонн ($121,7 млн)."
    found = {s.value: s.commodity for s in stats(body, "ru", published=(2021, 3, 1))}
    assert found == {5e9: None, 121.7e6: "zinc ore"}


def test_an_article_counting_the_iranian_year_drops_its_parts_of_a_year() -> None:
    body = (
        "За первые четыре месяца нынешнего иранского года Иран ввез из Таджикистана продукции на 27,9 миллиона долларов. "
        "В целом за этот период объем ирано-таджикской торговли достиг примерно 144 млн долларов. "
        "В 2023 году товарооборот двух стран составил 400 млн долларов."
    )
    assert [s.value for s in stats(body, "ru", published=(2025, 8, 1))] == [400e6]
