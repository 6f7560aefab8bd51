"""Chinese and Russian constructions fixed in the ninth session, on sentences written here, each with a
negative beside it.

Chinese: a group named with its members ("东盟各国", "上合组织其他成员国"), China speaking of itself ("我同…",
"我对俄出口"), and a sentence's running period taken from its level, not from the level it is compared
with ("前10个月…为132.2亿美元，与去年全年的133.7亿美元已相去不远").
"""

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
