"""The Chinese pack, phenomenon by phenomenon, on sentences written for these tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from lang_helpers import drops, only, row, stats

from transform.lang.numbers import zh_number, zh_scaled

XJ_TITLE = "新疆外贸进出口保持增长"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("八十八", Decimal(88)),
        ("一点零四", Decimal("1.04")),
        ("一百五十二", Decimal(152)),
        ("两千三百零五", Decimal(2305)),
        ("十一", Decimal(11)),
        ("1,234.5", Decimal("1234.5")),
    ],
)
def test_chinese_numerals(text, value):
    assert zh_number(text) == value


def test_chinese_numeral_that_is_two_numbers_is_unreadable():
    assert zh_number("三五") is None


def test_scales_are_exact():
    assert zh_scaled("75.11", "亿") == Decimal("7511000000")
    assert zh_scaled("3.2", "万亿") == Decimal("3200000000000")
    assert zh_scaled("560", "万") == Decimal("5600000")


def test_yi_yuan_level_with_change_and_period_from_publication_date():
    s = only("今年前4个月，新疆外贸进出口总值1234.5亿元，同比增长10.2%。", "zh", XJ_TITLE)
    assert row(s) == ("CN-XJ", "WORLD", "total", 123450000000.0, "CNY", "2024-01-01", "2024-04-30")
    assert s.change_pct == 10.2
    assert s.sentence == "今年前4个月，新疆外贸进出口总值1234.5亿元，同比增长10.2%。"


def test_wan_meiyuan_and_chinese_numeral_amounts():
    assert only("2023年，新疆对塔吉克斯坦出口八十八亿美元。", "zh").value == 8_800_000_000.0
    assert only("2023年，新疆自塔吉克斯坦进口3560万美元。", "zh").value == 35_600_000.0
    s = only("2023年，新疆对土库曼斯坦出口一点零四亿元。", "zh")
    assert (s.value, s.currency, s.partner) == (104_000_000.0, "CNY", "TM")


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("2023年，中哈贸易额近410亿美元。", "about"),
        ("2023年，中哈贸易额约410亿美元。", "about"),
        ("2023年，中哈贸易额超410亿美元。", "over"),
        ("2023年，中哈贸易额190多亿美元。", "over"),
        ("2023年，中哈贸易额410亿美元。", None),
    ],
)
def test_hedges(sentence, qualifier):
    assert only(sentence, "zh").qualifier == qualifier


def test_currency_stated_once_and_carried():
    body = "1—4月，新疆外贸进出口总值1234.5亿（人民币，下同），增长10%。其中，出口856.3亿，增长12%。"
    found = stats(body, "zh", XJ_TITLE)
    assert [(s.flow, s.currency) for s in found] == [("total", "CNY"), ("export", "CNY")]


def test_amount_without_currency_and_nothing_carried_is_dropped():
    assert drops("1—4月，新疆外贸进出口总值1234.5亿，增长10%。", "zh", XJ_TITLE) == {
        "1234.5亿": "mention.currency_unknown"
    }


def test_conversion_in_parentheses_is_the_usd_value_not_a_second_figure():
    s = only("2023年，新疆外贸进出口总值3573.3亿元（折合507.8亿美元）。", "zh", XJ_TITLE)
    assert (s.value, s.value_usd) == (357_330_000_000.0, 50_780_000_000.0)


def test_traditional_script_is_read_and_sentence_kept_verbatim():
    text = "2023年，新疆外貿進出口總值3573.3億元，同比增長45.9%。"
    s = only(text, "zh", XJ_TITLE)
    assert (s.reporter, s.value, s.change_pct) == ("CN-XJ", 357_330_000_000.0, 45.9)
    assert s.sentence == text


def test_sub_items_inherit_sides_period_and_split_on_semicolon():
    body = "今年一季度，新疆对中亚五国进出口567.8亿元，增长15.6%。其中，出口420.1亿元，增长20.3%；进口147.7亿元，下降3.2%。"
    found = stats(body, "zh", XJ_TITLE)
    assert [(s.reporter, s.partner, s.flow, s.change_pct) for s in found] == [
        ("CN-XJ", "C5", "total", 15.6),
        ("CN-XJ", "C5", "export", 20.3),
        ("CN-XJ", "C5", "import", -3.2),
    ]
    assert all((s.period_start, s.period_end) == (date(2024, 1, 1), date(2024, 3, 31)) for s in found)


def test_fenbie_lists_of_flows_and_changes():
    body = "上半年，新疆出口、进口分别为1600亿元、540亿元，分别增长44.3%、28.7%。"
    found = stats(body, "zh", XJ_TITLE)
    assert [(s.flow, s.value, s.change_pct) for s in found] == [
        ("export", 160_000_000_000.0, 44.3),
        ("import", 54_000_000_000.0, 28.7),
    ]
    # published 20 May 2024: the latest first half that had ended is 2023's
    assert (found[0].period_start, found[0].period_end) == (date(2023, 1, 1), date(2023, 6, 30))


def test_share_with_and_without_base_and_percentage_points():
    s = only("前三季度，新疆对哈萨克斯坦进出口980亿元，占同期新疆外贸总值的43.4%，提高2.1个百分点。", "zh")
    assert (s.partner, s.share_pct, s.change_pct) == ("KZ", 43.4, None)
    assert only("前三季度，新疆对中亚五国进出口1900亿元，占比近七成。", "zh").share_pct == 70.0
    assert only("1至7月，新疆出口2100亿元，占比为百分之八十八。", "zh", XJ_TITLE).share_pct == 88.0


def test_multiplier_zeng_zhang_bei_is_left_null():
    s = only("2023年，新疆对吉尔吉斯斯坦出口电动汽车8.6亿元，增长24倍。", "zh")
    assert (s.commodity, s.change_pct) == ("electric vehicles", None)


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("一季度，新疆外贸进出口850亿元。", ("2024-01-01", "2024-03-31")),
        ("前三季度，新疆外贸进出口2700亿元。", ("2023-01-01", "2023-09-30")),
        ("前五个月，新疆外贸进出口1500亿元。", ("2023-01-01", "2023-05-31")),
        ("1—4月，新疆外贸进出口1200亿元。", ("2024-01-01", "2024-04-30")),
        ("1至3月，新疆外贸进出口900亿元。", ("2024-01-01", "2024-03-31")),
        ("一至十一月，新疆外贸进出口3300亿元。", ("2023-01-01", "2023-11-30")),
        ("4月份，新疆外贸进出口300亿元。", ("2024-04-01", "2024-04-30")),
        ("去年全年，新疆外贸进出口3573亿元。", ("2023-01-01", "2023-12-31")),
        ("2022年，新疆外贸进出口2463亿元。", ("2022-01-01", "2022-12-31")),
        ("今年上半年，新疆外贸进出口1900亿元。", ("2024-01-01", "2024-06-30")),
    ],
)
def test_periods_against_the_publication_date(sentence, period):
    s = only(sentence, "zh", XJ_TITLE)
    assert (str(s.period_start), str(s.period_end)) == period


def test_comparison_period_is_not_the_figures_period():
    s = only("2024年1—4月，新疆外贸进出口1234亿元，比去年同期增长10%。", "zh")
    assert (str(s.period_start), str(s.period_end), s.change_pct) == ("2024-01-01", "2024-04-30", 10.0)


@pytest.mark.parametrize(
    ("sentence", "sides"),
    [
        ("2023年，我国与中亚五国贸易额达893亿美元。", ("CN", "C5")),
        ("2023年，全国对哈萨克斯坦出口249亿美元。", ("CN", "KZ")),
        ("2023年，中哈贸易额达410亿美元。", ("CN", "KZ")),
        ("2023年，新疆与共建“一带一路”国家进出口3200亿元。", ("CN-XJ", "BRI")),
        ("2023年，新疆维吾尔自治区自俄罗斯进口120亿元。", ("CN-XJ", "RU")),
    ],
)
def test_actors(sentence, sides):
    s = only(sentence, "zh")
    assert (s.reporter, s.partner) == sides


def test_data_owner_gives_the_reporter():
    s = only("据乌鲁木齐海关统计，1—4月，全区对乌兹别克斯坦进出口150亿元。", "zh")
    assert (s.reporter, s.partner) == ("CN-XJ", "UZ")


def test_bilateral_trade_needs_both_sides():
    s = only("2023年，双边贸易额达410亿美元。", "zh", "哈萨克斯坦成为新疆最大贸易伙伴")
    assert {s.reporter, s.partner} == {"CN-XJ", "KZ"}
    assert drops("2023年，双边贸易额达410亿美元。", "zh") == {"410亿美元": "actors.bilateral_unresolved"}


@pytest.mark.parametrize(
    ("sentence", "amount", "dropped_by"),
    [
        ("力争到2030年，新疆与中亚贸易额达到3000亿元。", "3000亿元", "guard.forecast"),
        ("预计今年新疆外贸进出口将突破4000亿元。", "4000亿元", "guard.forecast"),
        ("前4个月，新疆边境小额贸易进出口480亿元。", "480亿元", "guard.trade_mode"),
        ("前4个月，霍尔果斯口岸进出口230亿元。", "230亿元", "actors.not_a_reporter"),
        ("前4个月，新疆民营企业进出口1100亿元。", "1100亿元", "actors.not_a_reporter"),
        ("2023年，新疆外贸进出口比上年增加1110亿元。", "1110亿元", "guard.change_amount"),
        ("2023年，新疆吸引外商投资120亿元。", "120亿元", "guard.not_trade_value"),
        ("前4个月，新疆干鲜果品出口52亿元。", "52亿元", "actors.unknown_subject"),
    ],
)
def test_distractors_are_dropped_with_their_reason(sentence, amount, dropped_by):
    assert drops(sentence, "zh", XJ_TITLE) == {amount: dropped_by}


def test_tonnage_is_not_money():
    assert stats("前4个月，阿拉山口口岸进口原油36万吨。", "zh", XJ_TITLE) == []
    assert drops("前4个月，阿拉山口口岸进口原油36万吨。", "zh", XJ_TITLE) == {}


def test_product_in_the_lexicon_is_a_commodity_row_not_a_drop():
    assert only("前4个月，新疆服装鞋帽出口52亿元。", "zh", XJ_TITLE).commodity == "garments"


def test_product_level_figure_is_a_commodity_row():
    s = only("前4个月，新疆机电产品出口310亿元，增长20.1%。", "zh", XJ_TITLE)
    assert (s.reporter, s.partner, s.flow, s.commodity) == (
        "CN-XJ",
        "WORLD",
        "export",
        "mechanical and electrical products",
    )


def test_balance_surplus_and_deficit():
    surplus = only("2023年，新疆贸易顺差1200亿元。", "zh")
    deficit = only("2023年，新疆对俄罗斯贸易逆差15亿元。", "zh")
    assert (surplus.flow, surplus.value) == ("balance", 120_000_000_000.0)
    assert (deficit.flow, deficit.value, deficit.partner) == ("balance", -1_500_000_000.0, "RU")


def test_undatable_period_is_never_guessed():
    # "全年" with no year in the sentence, none running and none in the article: no period
    assert only("全年，新疆外贸进出口3573亿元。", "zh", XJ_TITLE).period_start is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("2023年，中国—中亚贸易额达到893亿美元。", ("CN", "C5", "total", 89_300_000_000.0, None)),
        (
            "2023年，我国外贸进出口41.76万亿元，增长0.2%。",
            ("CN", "WORLD", "total", 41_760_000_000_000.0, 0.2),
        ),
        (
            "今年前5个月，新疆外贸进出口较上年同期增长百分之十二，达1600亿元。",
            ("CN-XJ", "WORLD", "total", 160_000_000_000.0, 12.0),
        ),
    ],
)
def test_pairs_trillions_and_change_before_the_amount(sentence, expected):
    s = only(sentence, "zh", XJ_TITLE)
    assert (s.reporter, s.partner, s.flow, s.value, s.change_pct) == expected


# ------------------------------------------------------------------ after the zh-1 development set


def test_goods_trade_before_the_trade_word_is_no_unknown_product():
    s = only("今年前7个月，我国货物贸易进出口总值为24.8万亿元人民币，同比增长3.5%。", "zh")
    assert row(s) == ("CN", "WORLD", "total", 24.8e12, "CNY", "2024-01-01", "2024-07-31")


def test_a_province_is_a_reporter_and_its_customs_office_the_data_owner():
    body = "据兰州海关统计，今年一季度，甘肃省进出口总值为152.3亿元，同比增长8.1%。其中，出口额61.2亿元，增长5%。"
    found = stats(body, "zh")
    assert ("CN-GS", "WORLD", "total", 15.23e9, "CNY", "2024-01-01", "2024-03-31") in [row(s) for s in found]
    assert ("CN-GS", "WORLD", "export", 6.12e9, "CNY", "2024-01-01", "2024-03-31") in [row(s) for s in found]
    s = only("今年前4个月，陕西外贸进出口总值1290亿元。", "zh", "西安海关发布外贸数据")
    assert s.reporter == "CN-SN"


def test_china_xinjiang_is_xinjiang_not_china():
    s = only("2023年，中国新疆对中亚五国进出口总值为2530亿元。", "zh")
    assert (s.reporter, s.partner) == ("CN-XJ", "C5")


def test_zhong_mei_is_china_and_the_united_states_but_zhong_wu_stays_ambiguous():
    s = only("今年前两个季度，中美贸易总值为2.1万亿元，下降3%。", "zh")
    assert (s.reporter, s.partner, s.flow) == ("CN", "US", "total")
    assert drops("2023年，中乌贸易总值为95亿美元。", "zh") == {"95亿美元": "actors.not_a_reporter"}


def test_an_ambiguous_name_means_the_economy_the_headline_names():
    title = "乌兹别克斯坦外贸持续增长"
    s = only("2023年，中乌贸易总值为95亿美元。", "zh", title)
    assert {s.reporter, s.partner} == {"CN", "UZ"}
    s = only("2023年，乌方出口额为240亿美元。", "zh", title)
    assert (s.reporter, s.partner, s.flow) == ("UZ", "WORLD", "export")
    s = only("2023年，中土贸易总值为106亿美元。", "zh", "土库曼斯坦天然气出口")
    assert {s.reporter, s.partner} == {"CN", "TM"}
    # the headline names neither Uzbekistan nor Ukraine: no side
    assert drops("2023年，乌方出口额为240亿美元。", "zh", "中亚经贸合作") == {
        "240亿美元": "actors.not_a_reporter"
    }
    # 乌鲁木齐 is a city, not 乌
    from transform.lang import zh

    assert [(n.name, n.code) for n in zh.named("乌鲁木齐进出口总额")] == [("乌鲁木齐", None)]


def test_listed_partners_take_the_amounts_in_order_with_fenbie():
    body = "今年前4个月，新疆对塔吉克斯坦、土库曼斯坦和蒙古国的进出口额分别为36.2亿元、8.4亿元、5.1亿元，分别增长12%、5%、3%。"
    found = {(s.partner, s.value, s.change_pct) for s in stats(body, "zh")}
    assert found == {("TJ", 3.62e9, 12.0), ("TM", 8.4e8, 5.0), ("MN", 5.1e8, 3.0)}


def test_listed_partners_without_fenbie_are_no_single_partner():
    body = "今年前4个月，新疆对塔吉克斯坦、土库曼斯坦进出口49.6亿元。"
    assert drops(body, "zh") == {"49.6亿元": "actors.partner_list"}


def test_a_sentence_whose_figures_are_all_dropped_does_not_move_the_running_period():
    body = (
        "今年一季度，新疆外贸进出口总值为810亿元。"
        "今年2月，新疆代表团访问阿拉木图，签约项目总金额3.5亿美元。"
        "其中，出口额为600亿元。"
    )
    found = {row(s) for s in stats(body, "zh")}
    assert ("CN-XJ", "WORLD", "export", 6e10, "CNY", "2024-01-01", "2024-03-31") in found


def test_a_five_year_plan_period_cannot_be_dated():
    body = "“十四五”时期，新疆外贸累计总值超1.5万亿元。"
    (s,) = stats(body, "zh", published=(2025, 12, 30))
    assert (s.period_start, s.period_end) == (None, None)


def test_an_amount_named_as_the_target_is_dropped():
    body = "今年前10个月，新疆外贸进出口总值为3400亿元，全年进出口4000亿元的目标有望提前实现。"
    assert drops(body, "zh", published=(2024, 11, 20)).get("4000亿元") == "guard.forecast"


def test_yi_and_wan_in_one_chinese_numeral_amount_and_up_to_the_end_of_a_month():
    s = only("据海关统计，截至九月底新疆进出口额累计已达十五亿六千万美元。", "zh", published=(2024, 10, 15))
    assert row(s) == ("CN-XJ", "WORLD", "total", 1.56e9, "USD", "2024-01-01", "2024-09-30")


@pytest.mark.parametrize(
    ("sentence", "partner"),
    [("2023年，我国对美出口3.5万亿元。", "US"), ("2023年，哈萨克斯坦对华出口230亿美元。", "CN")],
)
def test_one_character_names_after_a_side_marker(sentence, partner):
    assert only(sentence, "zh").partner == partner


def test_one_character_name_needs_a_trade_word_right_after_it():
    from transform.lang import zh

    assert [n.code for n in zh.named("对华为出口芯片")] == []  # Huawei, not China
    assert [n.code for n in zh.named("对华出口芯片")] == ["CN"]


def test_a_ranking_of_partners_after_a_colon_one_slot_a_clause():
    body = (
        "2023年，哈萨克斯坦的主要贸易伙伴依次为：俄罗斯，贸易额约260亿美元，增长3%；"
        "土耳其，约17亿美元，增长5%。"
    )
    found = {(s.reporter, s.partner, s.flow, s.value) for s in stats(body, "zh", "哈萨克斯坦外贸情况")}
    assert found == {("KZ", "RU", "total", 2.6e10), ("KZ", "TR", "total", 1.7e9)}


def test_a_name_opening_a_sentence_before_a_comma_is_no_item_without_a_figure_right_after():
    s = only("新疆，今年一季度外贸进出口总值为810亿元。", "zh")
    assert (s.reporter, s.partner) == ("CN-XJ", "WORLD")


def test_since_a_year_is_not_the_figures_period():
    body = "自2019年以来，新疆外贸规模持续扩大。乌对华出口额为22亿美元。"
    assert drops(body, "zh", "乌兹别克斯坦与中国经贸合作") == {}
    (s,) = stats(body, "zh", "乌兹别克斯坦与中国经贸合作")
    assert (s.period_start, s.period_end) == (None, None)  # no year of its own: validation rejects it


def test_a_tier_of_amounts_is_no_figure():
    assert stats("2023年，外贸规模达到百亿元级的地州市已有6个。", "zh", XJ_TITLE) == []
    assert drops("2023年，新疆各地州市进出口总值为3500亿元。", "zh") == {"3500亿元": "actors.not_a_reporter"}


def test_sub_items_of_a_ports_figure_are_the_ports_too():
    body = "今年前4个月，霍尔果斯口岸进出口总值为230亿元。这当中，进口货物十万吨，对应贸易额12亿元。"
    assert drops(body, "zh", XJ_TITLE) == {
        "230亿元": "actors.not_a_reporter",
        "12亿元": "actors.not_a_reporter",
    }
    # after a figure of the region itself, the same wording is the region's
    body = "今年前4个月，新疆进出口总值为230亿元。这当中，进口额为12亿元。"
    assert ("CN-XJ", "WORLD", "import") in {(s.reporter, s.partner, s.flow) for s in stats(body, "zh")}


def test_china_named_before_its_region_in_one_phrase_is_the_region():
    s = only("2023年，中国西部省份陕西的外贸进出口总额达到610亿美元。", "zh")
    assert (s.reporter, s.partner) == ("CN-SN", "WORLD")
    # separated by a comma they are two subjects; the region's figure is still the region's
    s = only("2023年，中国与哈萨克斯坦贸易活跃，新疆外贸进出口总额达到610亿美元。", "zh")
    assert s.reporter == "CN-XJ"


def test_amounts_of_places_without_a_code_listed_after_the_trade_word_are_dropped():
    body = "按进出口总值排序，全省各市区前3名依次为甲市、乙市、丙市，分别为16.5亿美元、8.3亿美元和4.6亿美元。"
    assert set(drops(body, "zh", "陕西外贸进出口情况", published=(2024, 5, 20)).values()) <= {
        "actors.not_a_reporter",
        "flow.none",
    }
    assert stats(body, "zh", "陕西外贸进出口情况") == []


def test_digit_by_digit_numerals_with_a_circle_zero():
    s = only("大陸海關統計，二○二三年中國與中亞五國的貿易總額達到八○七億美元。", "zh")
    assert row(s) == ("CN", "C5", "total", 80.7e9, "USD", "2023-01-01", "2023-12-31")


def test_mainland_is_china_but_not_in_eurasia():
    s = only("2023年，大陆与中亚五国贸易总额为890亿美元。", "zh")
    assert (s.reporter, s.partner) == ("CN", "C5")
    from transform.lang import zh

    assert [n.code for n in zh.named("欧亚大陆与中亚五国")] == ["C5"]


def test_increased_to_a_past_year_is_no_target():
    body = "我国与中亚五国的贸易规模不断扩大，由2019年的3000亿元增至2023年的6000亿元。"
    found = {(s.value, s.period_start) for s in stats(body, "zh", published=(2024, 5, 20))}
    assert (6e11, date(2023, 1, 1)) in found
    assert drops("新疆外贸进出口总值力争至2027年达到8000亿元。", "zh") == {"8000亿元": "guard.forecast"}


def test_both_sides_trade_is_the_headlines_pair_and_a_customs_office_is_no_side():
    body = "大陆海关的统计显示，双方去年的货物贸易进出口额达到890亿美元。"
    s = only(body, "zh", "大陆与中亚贸易再创新高")
    assert {s.reporter, s.partner} == {"CN", "C5"}


def test_a_round_mark_crossed_is_no_figure():
    body = "2023年，新疆与中亚五国进出口总值首次越过三千亿元关口，达到3200亿元。"
    assert drops(body, "zh")["三千亿元"] == "guard.threshold"


def test_a_year_crossing_a_round_sum_is_no_figure_but_reaching_one_is():
    assert drops("2023年，新疆全年外贸规模第一次越过3000亿元。", "zh") == {"3000亿元": "guard.threshold"}
    assert only("2023年，新疆外贸进出口总值达到3570亿元。", "zh").value == 3.57e11


# ------------------------------------------------------------------ issue 14, remaining failure modes


def test_an_anaphoric_figure_takes_the_trade_it_refers_to_and_its_own_year():
    body = "2023年，新疆对哈萨克斯坦进出口总值为980亿元，而在2019年这一数字仅为400亿元。"
    found = {row(s) for s in stats(body, "zh")}
    assert found == {
        ("CN-XJ", "KZ", "total", 9.8e10, "CNY", "2023-01-01", "2023-12-31"),
        ("CN-XJ", "KZ", "total", 4e10, "CNY", "2019-01-01", "2019-12-31"),
    }


def test_an_anaphoric_figure_without_a_year_of_its_own_or_a_figure_before_is_dropped():
    # no period of its own: the same statistic again, or another one of unknown date
    body = "2023年，新疆对哈萨克斯坦进出口总值为980亿元，这一数字约为400亿元。"
    assert drops(body, "zh") == {"400亿元": "flow.none"}
    # nothing it could refer to: no statistic before it
    assert drops("在2019年这一数字仅为400亿元。", "zh", XJ_TITLE) == {"400亿元": "flow.none"}


def test_a_look_back_does_not_move_the_running_period():
    body = (
        "2023年，新疆对哈萨克斯坦进出口总值为980亿元，而在2019年这一数字仅为400亿元。其中，出口额为600亿元。"
    )
    assert ("CN-XJ", "KZ", "export", 6e10, "CNY", "2023-01-01", "2023-12-31") in {
        row(s) for s in stats(body, "zh")
    }


def test_nowadays_is_no_period():
    body = "2023年1—11月，新疆外贸进出口总值为3200亿元。如今中哈贸易额已超过410亿美元。"
    found = {(s.value, s.period_start) for s in stats(body, "zh", published=(2024, 1, 20))}
    assert found == {(3.2e11, date(2023, 1, 1)), (4.1e10, None)}


def test_a_period_after_an_amount_in_the_next_figures_clause_is_not_its_own():
    body = "2023年1—11月，中哈贸易额为380亿美元，而2015年仅为140亿美元。"
    found = {(s.value, s.period_start) for s in stats(body, "zh", published=(2024, 1, 20))}
    assert (3.8e10, date(2023, 1, 1)) in found


def test_a_product_named_in_an_earlier_clause_makes_a_commodity_row():
    body = "2023年，新疆出口商品中，机电产品增势强劲，全年出口额为1200亿元，增长30%。"
    s = only(body, "zh")
    assert (s.reporter, s.flow, s.commodity, s.value) == (
        "CN-XJ",
        "export",
        "mechanical and electrical products",
        1.2e11,
    )
    # an earlier clause without a product leaves the aggregate
    s = only("2023年，新疆出口增势强劲，全年出口额为1200亿元，增长30%。", "zh")
    assert s.commodity is None
    # the trade with the world named in the figure's own clause is the aggregate, whatever came before
    s = only("2023年，新疆机电产品增势强劲，全区外贸进出口总值为3573亿元。", "zh")
    assert s.commodity is None


def test_average_annual_growth_is_no_change():
    body = "2023年，新疆对中亚五国进出口总值为2530亿元，近五年年均增长21.4%。"
    assert only(body, "zh").change_pct is None


# ------------------------------------------------------------------ issue 14 phenomenon audit: gaps filled


def test_a_percentage_written_out_above_one_hundred():
    s = only("2023年，新疆对吉尔吉斯斯坦出口额为320亿元，同比增长百分之一百五十二。", "zh")
    assert (s.partner, s.value, s.change_pct) == ("KG", 3.2e10, 152.0)


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("今年1至7月，新疆外贸进出口总值为2100亿元。", ("2024-01-01", "2024-07-31")),
        ("2023年1月至11月，新疆外贸进出口总值为3200亿元。", ("2023-01-01", "2023-11-30")),
        ("去年前4个月，新疆外贸进出口总值为1000亿元。", ("2023-01-01", "2023-04-30")),
        ("今年5月，新疆外贸进出口总值为320亿元。", ("2024-05-01", "2024-05-31")),
    ],
)
def test_more_period_forms(sentence, period):
    assert row(only(sentence, "zh", XJ_TITLE))[5:] == period


def test_a_fall_against_the_same_period_of_last_year():
    s = only("2023年，中哈贸易额达410亿美元，较上年同期下降3.5%。", "zh")
    assert (s.reporter, s.partner, s.change_pct) == ("CN", "KZ", -3.5)


def test_a_share_without_its_base_and_a_partner_sub_item_after_qizhong():
    body = "2023年，新疆对中亚五国进出口3200亿元，其中，对哈萨克斯坦进出口1500亿元，占46.9%。"
    found = {(s.partner, s.value, s.share_pct) for s in stats(body, "zh")}
    assert found == {("C5", 3.2e11, None), ("KZ", 1.5e11, 46.9)}


def test_a_gapped_change_stops_at_its_clause_a_trade_word_in_a_later_clause_does_not_count():
    body = "我国与中亚五国的贸易规模不断扩大，由2019年的3000亿元增至2023年的6000亿元，年均增长19%，比整体进出口增速高。"
    found = {(s.reporter, s.partner, s.value, s.period_start, s.change_pct) for s in stats(body, "zh")}
    assert ("CN", "C5", 6e11, date(2023, 1, 1), None) in found


# ------------------------------------------------------------------ zh-2 development (branch zh3)


def test_a_yuan_amount_followed_by_renmin_without_bi_is_money_but_people_are_not():
    # a page's slip "万亿元人民" (币 left out) is still yuan
    s = only("2023年，新疆对中亚五国进出口0.42万亿元人民，增长9%。", "zh")
    assert (s.value, s.currency, s.change_pct) == (4.2e11, "CNY", 9.0)
    # "3万人" are people
    assert stats("2023年，新疆外贸企业吸纳就业3万人。", "zh") == []


def test_first_three_quarters_written_with_a_digit():
    s = only("今年前3季度，新疆外贸进出口总值为2900亿元。", "zh", XJ_TITLE)
    assert row(s)[5:] == ("2024-01-01", "2024-09-30")
    # the third quarter alone is three months
    s = only("今年3季度，新疆外贸进出口总值为1000亿元。", "zh", XJ_TITLE, published=(2024, 11, 20))
    assert row(s)[5:] == ("2024-07-01", "2024-09-30")


@pytest.mark.parametrize(
    ("sentence", "sides"),
    [
        ("2023年，宁夏对马来西亚出口12亿元。", ("CN-NX", "MY")),
        ("2023年，广西与越南进出口额为3000亿元。", ("CN-GX", "VN")),
        ("2023年，黑龙江自俄罗斯进口1500亿元。", ("CN-HL", "RU")),
        ("2023年，甘肃对印尼的进出口值为40亿元。", ("CN-GS", "ID")),
        ("2023年，中国同共建“一带一路”相关国家的进出口总值为19万亿元。", ("CN", "BRI")),
        ("2023年，中国对哈萨克出口250亿美元。", ("CN", "KZ")),
    ],
)
def test_provinces_more_partners_and_short_names(sentence, sides):
    s = only(sentence, "zh")
    assert (s.reporter, s.partner) == sides


def test_a_people_or_a_language_is_no_economy():
    # "哈萨克族" is a people: the figure is not Kazakhstan's
    found = stats("2023年，新疆哈萨克族聚居的县出口额为5亿元。", "zh", XJ_TITLE)
    assert all(s.reporter != "KZ" for s in found)


def test_the_region_anaphors_mean_the_region_the_article_is_about():
    body = "2023年，全区外贸进出口总值为250亿元。"
    assert only(body, "zh", "宁夏外贸稳中有进").reporter == "CN-NX"
    assert only(body, "zh", XJ_TITLE).reporter == "CN-XJ"
    assert only("据乌鲁木齐海关统计，2023年，自治区外贸进出口总值为3573亿元。", "zh").reporter == "CN-XJ"
    # an article that names no region: unsure, no reporter
    assert stats(body, "zh") == []
    assert drops(body, "zh")["250亿元"] == "actors.not_a_reporter"


def test_my_province_is_the_province_of_the_data_owner_not_the_country_in_the_headline():
    title = "我省外贸增速位居全国前列"
    body = "据兰州海关统计，今年前4个月，我省外贸进出口总值为180亿元。对欧盟进出口为20亿元。"
    found = {(s.reporter, s.partner, s.value) for s in stats(body, "zh", title)}
    assert found == {("CN-GS", "WORLD", 1.8e10), ("CN-GS", "EU", 2e9)}
    # two provinces named before: "我省" is neither
    body = "陕西与甘肃签署合作协议。今年前4个月，我省外贸进出口总值为180亿元。"
    assert stats(body, "zh", title) == []


def test_an_ambiguous_pair_takes_the_economy_an_earlier_sentence_names():
    body = "中国是乌兹别克斯坦的第一大贸易伙伴。2023年，中乌双边贸易额达到99亿美元。"
    s = only(body, "zh", "中乌合作不断深化")
    assert (s.reporter, s.partner, s.value) == ("CN", "UZ", 9.9e9)
    # Ukraine named as well: either may be meant, no figure
    body = "乌兹别克斯坦和乌克兰代表出席了论坛。2023年，中乌双边贸易额达到99亿美元。"
    assert stats(body, "zh", "中乌合作不断深化") == []
    # named only after the figure: not used
    body = "2023年，中乌双边贸易额达到99亿美元。中国是乌兹别克斯坦的第一大贸易伙伴。"
    assert stats(body, "zh", "中乌合作不断深化") == []


def test_the_two_countries_are_the_pair_named_just_before():
    body = "中吉两国建交已有三十多年。近年来，两国经贸关系发展迅速。两国在2023年的贸易额为198亿美元。"
    s = only(body, "zh", "吉尔吉斯斯坦概况")
    assert {s.reporter, s.partner} == {"CN", "KG"} and s.period_start == date(2023, 1, 1)
    body = "中吉两国建交已有三十多年。今年上半年，双方贸易额已近100亿美元。"
    s = only(body, "zh", "吉尔吉斯斯坦概况", published=(2024, 8, 1))
    assert ({s.reporter, s.partner}, s.qualifier) == ({"CN", "KG"}, "about")
    # a bare total is no bilateral trade: the topic's trade with the world, not the pair's
    body = "中吉两国建交已有三十多年。2023年吉尔吉斯斯坦外贸总额为190亿美元。"
    assert row(only(body, "zh", "吉尔吉斯斯坦概况"))[:2] == ("KG", "WORLD")
    # no pair named in the sentences before: unresolved
    body = "两国在2023年的贸易额为198亿美元。"
    assert drops(body, "zh")["198亿美元"] == "actors.bilateral_unresolved"


def test_a_bare_total_after_the_bilateral_trade_word_of_its_sentence_is_bilateral():
    body = "中国同塔吉克斯坦建交以来，2023年两国贸易继续增长，全年贸易额达到39亿美元。"
    s = only(body, "zh", "塔吉克斯坦概况")
    assert ({s.reporter, s.partner}, str(s.period_start)) == ({"CN", "TJ"}, "2023-01-01")
    # an economy named between them makes it that economy's
    body = "2023年两国贸易继续增长，塔吉克斯坦外贸额达到120亿美元。"
    assert row(only(body, "zh", "塔吉克斯坦概况"))[:2] == ("TJ", "WORLD")


def test_the_whole_year_takes_the_year_written_nearest_before_it():
    body = "中哈贸易额在2021年增长很快，2022年两国贸易继续扩大，全年贸易额达到311亿美元。"
    assert row(only(body, "zh"))[5:] == ("2022-01-01", "2022-12-31")
    # a year alone in the sentence still dates it
    assert row(only("2022年，中哈全年贸易额达到311亿美元。", "zh"))[5:] == ("2022-01-01", "2022-12-31")


def test_a_range_of_years_is_one_period_not_its_last_year():
    body = "2018年至2022年，新疆与中亚五国的进出口总值为9000亿元。"
    s = only(body, "zh")
    assert (str(s.period_start), str(s.period_end)) == ("2018-01-01", "2022-12-31")


def test_marks_crossed_in_a_list_and_a_mark_followed_by_the_exact_figure():
    body = "2023年，中塔双边贸易额分别突破20亿美元和30亿美元大关。"
    assert drops(body, "zh") == {"20亿美元": "guard.threshold", "30亿美元": "guard.threshold"}
    body = "今年4月，新疆外贸进出口首次突破500亿元，录得512.3亿元。"
    assert drops(body, "zh", XJ_TITLE)["500亿元"] == "guard.threshold"
    # amounts in a list without a mark word are figures
    body = "2023年，新疆对哈萨克斯坦、吉尔吉斯斯坦进出口额分别为1200亿元和800亿元。"
    assert {s.value for s in stats(body, "zh")} == {1.2e11, 8e10}
    # "突破" with a change after it is the figure itself (over)
    s = only("今年4月，新疆外贸进出口突破500亿元，同比增长12%。", "zh", XJ_TITLE)
    assert (s.value, s.qualifier, s.change_pct) == (5e10, "over", 12.0)


def test_a_milestone_timed_by_how_long_it_took_is_no_figure():
    body = "2023年，新疆外贸额从1000亿元增长到2000亿元用时5年。"
    assert set(drops(body, "zh").values()) == {"guard.milestone"}
    assert stats(body, "zh") == []
    # a change from one year's level to another's, with no duration, keeps the later level
    body = "新疆外贸额由2019年的1000亿元增至2023年的3500亿元。"
    assert (3.5e11, date(2023, 1, 1)) in {(s.value, s.period_start) for s in stats(body, "zh")}


def test_the_level_compared_with_is_not_the_periods_figure():
    body = "2023年，新疆外贸进出口3573亿元，比2022年的2463亿元增长45.1%。"
    s = only(body, "zh")
    assert (s.reporter, s.value, s.period_start, s.change_pct) == ("CN-XJ", 3.573e11, date(2023, 1, 1), 45.1)
    assert drops(body, "zh")["2463亿元"] == "guard.comparison_base"
    # a level of a year named without a comparison is a figure of that year
    body = "2023年，新疆外贸进出口3573亿元，2022年为2463亿元。"
    assert (2.463e11, date(2022, 1, 1)) in {(s.value, s.period_start) for s in stats(body, "zh")}


def test_growth_written_as_zengfu_or_jiangfu():
    body = "2023年，新疆出口额为2800亿元，增幅为28%；进口额为700亿元，降幅达5.5%。"
    found = {(s.flow, s.change_pct) for s in stats(body, "zh")}
    assert found == {("export", 28.0), ("import", -5.5)}
    # a growth rate compared with another's is no change of the figure
    s = only("2023年，新疆出口额为2800亿元，增幅快于全国3个百分点。", "zh")
    assert s.change_pct is None


def test_a_product_list_is_named_by_its_head():
    body = "2023年，新疆对中亚五国出口纺织服装、鞋靴等劳动密集型产品900亿元。"
    assert only(body, "zh").commodity == "labour-intensive products"
    body = "2023年，新疆自中亚五国进口煤炭、原油、天然气等能源产品合计600亿元。"
    assert only(body, "zh").commodity == "energy products"
    # a head that is no product of the lexicon: still a product row, never the aggregate
    body = "2023年，新疆出口棉花、服装等大宗商品合计300亿元。"
    assert only(body, "zh").commodity is not None


def test_a_sub_product_after_qizhong_is_a_product_row():
    body = "2023年，甘肃机电产品出口总值为90亿元；其中集成电路出口总值为30亿元。"
    found = {(s.reporter, s.commodity, s.value) for s in stats(body, "zh")}
    assert found == {
        ("CN-GS", "mechanical and electrical products", 9e9),
        ("CN-GS", "integrated circuits", 3e9),
    }
    # a product outside the lexicon is no figure of the province
    body = "2023年，甘肃机电产品出口总值为90亿元；其中风力发电机组出口总值为30亿元。"
    assert {s.value for s in stats(body, "zh")} == {9e9}


def test_a_balance_netted_from_the_two_flows_before_it():
    body = "2023年，陕西出口额为300亿元；进口额为200亿元；两者相抵形成贸易顺差100亿元。"
    found = {(s.reporter, s.partner, s.flow, s.value) for s in stats(body, "zh")}
    assert ("CN-SN", "WORLD", "balance", 1e10) in found
    # an unknown subject before the balance is still no figure of the province
    body = "2023年，陕西出口额为300亿元；风电设备形成贸易顺差100亿元。"
    assert drops(body, "zh")["100亿元"] == "actors.unknown_subject"


def test_a_share_written_as_equivalent_to_a_part_of_a_total():
    s = only("2023年，新疆与中亚五国的进出口额为1200亿元，相当于同期新疆外贸总值的33.6%。", "zh")
    assert (s.partner, s.share_pct) == ("C5", 33.6)
    s = only("2023年，新疆对中亚五国出口额为1000亿元，相当于新疆出口总值的四成。", "zh")
    assert s.share_pct == 40.0
    # "相当于" a sum of money is no share
    s = only("2023年，新疆外贸进出口总值为3573亿元，相当于十年前的3倍。", "zh")
    assert s.share_pct is None


def test_a_provincial_customs_office_or_a_named_regions_commerce_department_gives_the_region():
    body = "据银川海关统计，今年前7个月，全区进出口总值为120亿元。"
    assert only(body, "zh").reporter == "CN-NX"
    body = "宁夏回族自治区商务厅数据显示，今年前7个月，全区进出口总值为120亿元。"
    assert only(body, "zh").reporter == "CN-NX"
    # "自治区商务厅" alone does not say which region: the headline does, else no reporter
    body = "自治区商务厅数据显示，今年前7个月，全区进出口总值为120亿元。"
    assert only(body, "zh", XJ_TITLE).reporter == "CN-XJ"
    assert stats(body, "zh") == []


def test_the_two_countries_are_the_headlines_pair_when_no_sentence_before_names_one():
    s = only("两国贸易额在2023年达到410亿美元。", "zh", "中哈贸易稳步增长")
    assert ({s.reporter, s.partner}, s.value) == ({"CN", "KZ"}, 4.1e10)
    # a headline naming one economy only: no pair, no figure
    assert stats("两国贸易额在2023年达到410亿美元。", "zh", "哈萨克斯坦经济稳步增长") == []


def test_the_exact_figure_after_a_mark_crossed_goes_on_with_its_trade_word():
    body = "去年，中塔贸易额突破30亿美元大关，达到31.5亿美元。"
    s = only(body, "zh")
    assert ({s.reporter, s.partner}, s.value, str(s.period_start)) == ({"CN", "TJ"}, 3.15e9, "2023-01-01")
    assert drops(body, "zh")["30亿美元"] == "guard.threshold"
    # "达到" with no amount after it opens no figure; an amount in a clause with its own trade word is its own
    body = "去年，中塔贸易额为31.5亿美元，达到历史新高，塔方出口额为5亿美元。"
    found = {(s.flow, s.value) for s in stats(body, "zh")}
    assert found == {("total", 3.15e9), ("export", 5e8)}


def test_a_sub_item_whose_subject_is_the_partner_of_the_figure_before_trades_with_its_other_side():
    body = "去年，中塔贸易额为31.5亿美元，塔方出口额为5亿美元。"
    found = {(s.reporter, s.partner, s.flow, s.value) for s in stats(body, "zh")}
    assert ("TJ", "CN", "export", 5e8) in found
    # after a figure with the world, the same subject's sub-item is with the world too
    body = "去年，塔吉克斯坦外贸总额为90亿美元，塔方出口额为20亿美元。"
    found = {(s.reporter, s.partner, s.flow, s.value) for s in stats(body, "zh")}
    assert ("TJ", "WORLD", "export", 2e9) in found


def test_sub_items_after_juti_laikan_and_parallel_clauses_after_a_semicolon_go_on_from_the_figure():
    body = "2023年，中乌贸易额为99亿美元。具体来看，中方出口70亿美元；中方进口29亿美元。"
    found = {
        (s.reporter, s.partner, s.flow, s.value) for s in stats(body, "zh", "中国同乌兹别克斯坦经贸合作")
    }
    assert found == {("CN", "UZ", "total", 9.9e9), ("CN", "UZ", "export", 7e9), ("CN", "UZ", "import", 2.9e9)}
    # a sentence that does not open as a sub-item, after a full stop, is the economy's trade with the world
    body = "2023年，中乌贸易额为99亿美元。中方出口额为3.38万亿美元。"
    found = {(s.reporter, s.partner, s.flow) for s in stats(body, "zh", "中国同乌兹别克斯坦经贸合作")}
    assert ("CN", "WORLD", "export") in found
    # a clause after the semicolon naming its own partner is that partner's
    body = "2023年，新疆对哈萨克斯坦出口1200亿元；对吉尔吉斯斯坦出口800亿元。"
    found = {(s.partner, s.value) for s in stats(body, "zh")}
    assert found == {("KZ", 1.2e11), ("KG", 8e10)}


def test_economies_listed_as_whose_trade_it_is_take_the_amounts_in_order_with_fenbie():
    body = "今年前三季度，广东、江苏和浙江外贸进出口分别为6万亿元、4万亿元和3.5万亿元。"
    found = {(s.reporter, s.partner, s.value) for s in stats(body, "zh")}
    assert found == {("CN-GD", "WORLD", 6e12), ("CN-JS", "WORLD", 4e12), ("CN-ZJ", "WORLD", 3.5e12)}
    # without 分别 no amount is one of them alone
    body = "今年前三季度，广东、江苏外贸进出口合计10万亿元。"
    assert stats(body, "zh") == []
    assert drops(body, "zh")["10万亿元"] == "actors.reporter_list"
    # "A和B" alone is still A's trade with B
    assert row(only("2023年，中国和哈萨克斯坦贸易额为410亿美元。", "zh"))[:2] == ("CN", "KZ")


def test_a_percentage_whose_subject_is_another_economy_is_not_the_figures():
    s = only("上半年，全国外贸进出口20万亿元，其中广东占比为20%。", "zh")
    assert (s.reporter, s.share_pct) == ("CN", None)
    s = only("上半年，全国外贸进出口20万亿元，其中广东增长5%。", "zh")
    assert s.change_pct is None
    # the base of a share named inside it is the figure's share
    s = only("上半年，新疆对中亚五国进出口1500亿元，在新疆外贸总值中占45%。", "zh")
    assert s.share_pct == 45.0


def test_a_change_after_the_level_compared_with_is_the_figures():
    s = only("2023年，中吉贸易额达到198亿美元，比2022年的155亿美元增长27.7%。", "zh")
    assert (s.value, s.change_pct) == (1.98e10, 27.7)
    s = only("2023年，新疆出口额为2800亿元，比上年增加560亿元，增长25%。", "zh")
    assert (s.value, s.change_pct) == (2.8e11, 25.0)
    # the change of the next figure stays the next figure's
    body = "2023年，新疆出口额为2800亿元，进口额为700亿元，增长5%。"
    assert {(s.flow, s.change_pct) for s in stats(body, "zh")} == {("export", None), ("import", 5.0)}


def test_an_economy_said_to_be_anothers_trading_partner_is_its_partner():
    body = "2023年，新疆外贸进出口3573亿元，其中，哈萨克斯坦是新疆第一大贸易伙伴，进出口1600亿元。"
    found = {(s.reporter, s.partner, s.value) for s in stats(body, "zh")}
    assert found == {("CN-XJ", "WORLD", 3.573e11), ("CN-XJ", "KZ", 1.6e11)}
    # "是" without a partner word after it changes nothing
    body = "2023年，哈萨克斯坦是中亚最大的经济体，外贸总额为1400亿美元。"
    assert row(only(body, "zh"))[:2] == ("KZ", "WORLD")


# ------------------------------------------------------------------------------- lang4: a fronted amount


def test_an_amount_fronted_before_a_dash_takes_the_trade_word_after_it():
    body = "【本报记者王明 1月20日 兰州电】183.6亿美元——甘肃2015年的进出口总值以这一数字创下新高，比上年增长8.1%。"
    s = only(body, "zh", published=(2016, 1, 21))
    assert row(s) == ("CN-GS", "WORLD", "total", 18_360_000_000.0, "USD", "2015-01-01", "2015-12-31")
    assert s.change_pct == 8.1
    # the dash's clause is read by the guards: a target is no figure; a port is no reporter
    assert drops("5000亿元——宁夏外贸进出口力争到2030年达到这一目标。", "zh") == {"5000亿元": "guard.forecast"}
    assert drops("352亿元——这是阿拉山口口岸2023年的进出口总值。", "zh") == {
        "352亿元": "actors.not_a_reporter"
    }
    # negative: an amount followed by a comma, not a dash, opens no such lead
    assert drops("183.6亿美元，甘肃2015年进出口创新高。", "zh") == {"183.6亿美元": "flow.none"}


def test_a_fronted_amount_in_russian_takes_the_sides_after_its_trade_word():
    s = only("$5 млрд — таков товарооборот Казахстана и Китая в 2023 году.", "ru")
    assert row(s) == ("KZ", "CN", "total", 5_000_000_000.0, "USD", "2023-01-01", "2023-12-31")
    assert drops("$5 млрд — инвестиции в экспорт Казахстана в 2023 году.", "ru") == {
        "$5 млрд": "guard.not_trade_value"
    }


# ------------------------------------------------------------------------------- lang4: pairs of levels


def test_a_pair_of_levels_each_with_its_year_written_before_it():
    body = "宁夏外贸进出口从2018年的251.2亿元增长到2023年的205.6亿元。"
    found = sorted(row(s) for s in stats(body, "zh"))
    assert found == [
        ("CN-NX", "WORLD", "total", 20_560_000_000.0, "CNY", "2023-01-01", "2023-12-31"),
        ("CN-NX", "WORLD", "total", 25_120_000_000.0, "CNY", "2018-01-01", "2018-12-31"),
    ]  # the first level was given 2023
    body = "2018年至2023年，宁夏对中亚进出口由12.4亿元增长至38.9亿元。"
    found = sorted((s.value, str(s.period_start)) for s in stats(body, "zh"))
    assert found == [(1_240_000_000.0, "2018-01-01"), (3_890_000_000.0, "2023-01-01")]


def test_the_first_level_of_a_pair_without_its_own_year_is_dropped():
    body = "2023年，宁夏外贸进出口由上年的251.2亿元降至205.6亿元。"
    s = only(body, "zh")
    assert (s.value, str(s.period_start)) == (20_560_000_000.0, "2023-01-01")
    assert drops(body, "zh") == {"251.2亿元": "guard.earlier_level"}  # it was given 2023
    assert drops("宁夏外贸进出口由251.2亿元降至205.6亿元。", "zh")["251.2亿元"] == "guard.earlier_level"


# ------------------------------------------------------------------------------- lang4: precision probes


def test_the_zhong_of_qizhong_opens_no_pair_and_a_pair_may_name_the_partner_first():
    body = "据俄罗斯海关统计，2023年俄中贸易额为2400亿美元，其中俄对华出口1290亿美元，自华进口1110亿美元。"
    found = [row(s)[:4] for s in stats(body, "zh")]
    assert found == [
        ("RU", "CN", "total", 240_000_000_000.0),
        ("RU", "CN", "export", 129_000_000_000.0),  # was CN -> KZ: "其中哈" read as the pair 中哈
        ("RU", "CN", "import", 111_000_000_000.0),  # was CN -> CN
    ]
    s = stats("2023年中吉贸易额为198亿美元，其中吉尔吉斯斯坦对华出口7亿美元。", "zh")[-1]
    assert (s.reporter, s.partner, s.flow) == ("KG", "CN", "export")
    # negative: a pair right after 其中 with its own 中 is still a pair
    s = stats("2023年新疆外贸进出口3573.5亿元，其中中哈贸易额为1250亿元。", "zh")[-1]
    assert (s.reporter, s.partner) == ("CN", "KZ")


def test_a_share_of_several_figures_together_is_none_of_theirs():
    body = "2023年，宁夏对俄罗斯进出口12亿元，对哈萨克斯坦进出口8亿元，二者合计占全区外贸的9.7%。"
    assert [s.share_pct for s in stats(body, "zh")] == [None, None]  # 9.7 went to the second figure
    # negative: a share of one figure stays its own
    body = "2023年，宁夏对俄罗斯进出口12亿元，占全区外贸的5.8%。"
    assert only(body, "zh").share_pct == 5.8
