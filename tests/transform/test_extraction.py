"""End-to-end extraction, one phenomenon per test, on sentences written for these tests."""

from datetime import UTC, date, datetime

import pytest
from extraction_helpers import extract as _extract
from extraction_helpers import stat_key as _key

from transform.version import EXTRACTOR_VERSION


def test_bilateral_trade_with_conversion_change_and_period() -> None:
    body = (
        "URUMQI, June 11 (Xinhua) -- Xinjiang's trade with Kazakhstan rose 18.4 percent year on year to 52.37 billion "
        "yuan (about 7.28 billion U.S. dollars) in the first five months, local customs said."
    )
    (stat,) = _extract(body)
    assert _key(stat) == ("CN-XJ", "KZ", "total", 52370000000.0, "CNY", date(2024, 1, 1), date(2024, 5, 31))
    assert stat.change_pct == 18.4
    assert stat.value_usd == 7280000000.0
    assert stat.commodity is None
    assert stat.sentence in body and stat.extractor == EXTRACTOR_VERSION
    assert len(stat.stat_id) == 16


def test_provenance_fields_are_copied() -> None:
    (stat,) = _extract("Mongolia's exports to China reached $9.6 billion in 2023.")
    assert (stat.article_id, stat.source, stat.url) == ("a1", "test", "https://example.org/a1")
    assert stat.published_at == datetime(2024, 6, 12, tzinfo=UTC)


def test_exports_to_partner_and_direction() -> None:
    (stat,) = _extract("China's exports to Kyrgyzstan reached $16.8 billion in 2023, up 8 percent.")
    assert _key(stat) == ("CN", "KG", "export", 16800000000.0, "USD", date(2023, 1, 1), date(2023, 12, 31))
    assert stat.value_usd == 16800000000.0 and stat.change_pct == 8.0


def test_turnover_between_two_countries_and_two_way_trade() -> None:
    stats = _extract(
        "Trade turnover between Tajikistan and Uzbekistan amounted to $612.4 million in January-May 2024. "
        "In 2023, two-way trade between the two countries came to $1.1 billion."
    )
    assert [(s.reporter, s.partner, s.value, s.period_end) for s in stats] == [
        ("TJ", "UZ", 612400000.0, date(2024, 5, 31)),
        ("TJ", "UZ", 1100000000.0, date(2023, 12, 31)),
    ]


def test_foreign_trade_has_the_world_as_partner_and_parts_follow() -> None:
    stats = _extract(
        "Kazakhstan's foreign trade turnover in January-April 2024 totaled $42.6 billion, down 2.2 percent. "
        "Exports came to $25.1 billion and imports to $17.5 billion. The trade surplus stood at $7.6 billion."
    )
    assert [(s.reporter, s.partner, s.flow, s.value, s.change_pct) for s in stats] == [
        ("KZ", "WORLD", "total", 42600000000.0, -2.2),
        ("KZ", "WORLD", "export", 25100000000.0, None),
        ("KZ", "WORLD", "import", 17500000000.0, None),
        ("KZ", "WORLD", "balance", 7600000000.0, None),
    ]
    assert {s.period_end for s in stats} == {date(2024, 4, 30)}


def test_deficit_is_negative_and_surplus_positive() -> None:
    stats = _extract(
        "Kyrgyzstan ran a trade deficit of $3.4 billion in the first quarter, compared with a surplus of "
        "$0.2 billion in the same period last year."
    )
    assert [(s.flow, s.value, s.period_start.year) for s in stats] == [
        ("balance", -3400000000.0, 2024),
        ("balance", 200000000.0, 2023),
    ]


def test_mirror_wording_in_the_reporters_data() -> None:
    stats = _extract(
        "Uzbek exports to Kyrgyzstan in 2023 amounted to $812.5 million. "
        "For their part, Kyrgyz exports to Uzbekistan reached $402.1 million."
    )
    assert [(s.reporter, s.partner, s.flow) for s in stats] == [
        ("UZ", "KG", "export"),
        ("UZ", "KG", "import"),
    ]


def test_several_partners_in_one_sentence() -> None:
    stats = _extract(
        "In 2023, Tajikistan's foreign trade turnover reached $7.6 billion, with Russia ($1.7 billion), "
        "China ($1.1 billion) and Kazakhstan ($1.0 billion) the largest partners."
    )
    assert [(s.reporter, s.partner, s.value) for s in stats] == [
        ("TJ", "WORLD", 7600000000.0),
        ("TJ", "RU", 1700000000.0),
        ("TJ", "CN", 1100000000.0),
        ("TJ", "KZ", 1000000000.0),
    ]


def test_shares_attach_to_their_figure() -> None:
    stats = _extract(
        "In the first half, Kyrgyzstan's foreign trade reached $7.2 billion. China accounted for the largest share "
        "of turnover (34.5 percent or $2.5 billion), followed by Russia (21.1 percent or $1.5 billion).",
        published="2024-08-01",
    )
    assert [(s.partner, s.share_pct) for s in stats] == [("WORLD", None), ("CN", 34.5), ("RU", 21.1)]


def test_change_stated_in_the_next_sentence() -> None:
    stats = _extract(
        "In January 2024, Turkmenistan's foreign trade turnover stood at $1.9 billion. "
        "This is 6.3 percent less than in the same month a year earlier."
    )
    assert [(s.value, s.change_pct) for s in stats] == [(1900000000.0, -6.3)]


def test_index_style_growth_and_multiples() -> None:
    stats = _extract(
        "In 2023, Uzbekistan's exports to Kazakhstan amounted to $1.4 billion; the growth amounted to 112.4%. "
        "Kyrgyz exports to Turkey rose to $0.3 billion, 4 times higher than in 2022."
    )
    assert [s.change_pct for s in stats] == [12.4, None]


def test_qualifiers() -> None:
    stats = _extract(
        "Tajik-Chinese trade exceeded $1.3 billion in 2023, while Tajikistan's trade with Iran reached nearly "
        "$0.4 billion and with Afghanistan less than $0.2 billion."
    )
    assert [s.qualifier for s in stats] == ["over", "about", "under"]


def test_base_period_value_in_brackets() -> None:
    stats = _extract(
        "Kazakh-Kyrgyz trade reached $1.9 billion in January-September 2023 ($1.6 billion in the same period of 2022).",
        published="2023-11-02",
    )
    assert [(s.value, s.period_start, s.period_end) for s in stats] == [
        (1900000000.0, date(2023, 1, 1), date(2023, 9, 30)),
        (1600000000.0, date(2022, 1, 1), date(2022, 9, 30)),
    ]


def test_commodity_level_figure() -> None:
    stats = _extract("Turkmenistan's exports of natural gas to China amounted to $9.1 billion in 2023.")
    assert [(s.reporter, s.partner, s.flow, s.commodity) for s in stats] == [
        ("TM", "CN", "export", "natural gas")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "The presidents set the target of bringing bilateral trade to $20 billion by 2030.",
        "Trade between the two countries is expected to reach $12 billion next year.",
        "The sides plan to raise mutual trade to $5 billion.",
        "Chinese companies have invested $4.2 billion in Uzbekistan's economy.",
        "Contracts worth $1.5 billion were signed at the forum.",
        "The port handled 24.6 million tonnes of cargo, and 5,210 freight trains crossed the border.",
        "Some 2,300 trucks and more than 900 Chinese companies took part in border trade last year.",
        "USD 478.20\n\nEUR 521.05\n\nRUB 5.31",
        "Almaty Police Recover 42 Million Tenge Lost in Online Fraud",
    ],
)
def test_not_statistics(body: str) -> None:
    assert _extract(body) == []


def test_relative_periods_resolve_against_publication() -> None:
    stats = _extract(
        "Kazakhstan's trade with Russia reached $27.1 billion last year.", published="2024-02-01"
    )
    assert (stats[0].period_start, stats[0].period_end) == (date(2023, 1, 1), date(2023, 12, 31))


def test_port_figures_have_no_reporter_code() -> None:
    (stat,) = _extract("Imports and exports through the Alataw Pass port reached 44.1 billion yuan in 2023.")
    assert stat.reporter is None and stat.reporter_name and stat.value == 44100000000.0


def test_stat_ids_are_stable() -> None:
    body = "China's trade with Tajikistan came to $3.9 billion in 2023."
    assert [s.stat_id for s in _extract(body)] == [s.stat_id for s in _extract(body)]


def test_repeated_figure_is_emitted_once() -> None:
    body = "Kazakh-Chinese Trade Hits $41 Billion in 2023\n\nKazakh-Chinese trade hit $41 billion in 2023."
    assert len(_extract(body)) == 1


def test_respectively_assigns_flows_in_order() -> None:
    stats = _extract(
        "In 2023, Mongolia's exports and imports came to $15.2 billion and $9.3 billion, respectively."
    )
    assert [(s.flow, s.value) for s in stats] == [("export", 15200000000.0), ("import", 9300000000.0)]


def test_part_of_a_whole_keeps_its_own_flow() -> None:
    (stat,) = _extract(
        "In January-March, imports from Russia made up the bulk of Kyrgyzstan's turnover at $1.3 billion.",
        published="2024-05-02",
    )
    assert (stat.reporter, stat.partner, stat.flow) == ("KG", "RU", "import")


@pytest.mark.parametrize(
    ("body", "commodity"),
    [
        ("Kazakhstan exported 2.4 million tonnes of barley worth $410 million to Iran in 2023.", "barley"),
        ("Kyrgyzstan's walnut exports to Turkey reached $14.1 million in 2023.", "walnut"),
        (
            "Uzbekistan's exports of dried apricots to China amounted to $38.2 million in 2023.",
            "dried apricots",
        ),
        (
            "Tajikistan's imports from Iran, mostly cement, glass and fruit, came to $201 million in 2023.",
            None,
        ),
    ],
)
def test_product_groups(body: str, commodity: str | None) -> None:
    (stat,) = _extract(body)
    assert stat.commodity == commodity


@pytest.mark.parametrize(
    "body",
    [
        "Kazakh gas was sold at $245 per thousand cubic meters. Retail turnover reached $31.4 billion in 2023.",
        "Kazakhstan's trade with Uzbekistan grew in 2023.\n\nRelated news\n\nTrade with Iran jumps 30% to $2 bln\n\n"
        "Kazakh Wheat Shipments To Turkey Hit $410 Million",
    ],
)
def test_prices_retail_and_sidebar_headlines_are_not_trade(body: str) -> None:
    assert _extract(body) == []


def test_two_named_months_and_between_months() -> None:
    stats = _extract(
        "Kyrgyzstan's imports from Kazakhstan in January and February reached $210.5 million. "
        "Between January and April, Kyrgyz exports to Kazakhstan totaled $180.2 million.",
        published="2024-06-01",
    )
    assert [(s.period_start, s.period_end) for s in stats] == [
        (date(2024, 1, 1), date(2024, 2, 29)),
        (date(2024, 1, 1), date(2024, 4, 30)),
    ]


def test_elliptic_change_takes_the_direction_of_the_first() -> None:
    stats = _extract(
        "In 2023, Armenia's exports fell by 2.1% to $5.4 billion, imports - by 3.3% to $8.1 billion."
    )
    assert [s.change_pct for s in stats] == [-2.1, -3.3]


def test_share_stated_in_a_later_sentence() -> None:
    stats = _extract(
        "In 2023, Uzbekistan's trade with Kazakhstan reached $4.4 billion. "
        "Kazakhstan's share of Uzbekistan's total trade turnover was 7.1 percent."
    )
    assert [s.share_pct for s in stats] == [7.1]


def test_change_about_another_period_is_not_attached() -> None:
    stats = _extract(
        "Trade between Turkmenistan and Azerbaijan reached $1.3 billion last year. "
        "In the first quarter of this year, it grew by 12 percent."
    )
    assert [s.change_pct for s in stats] == [None]


def test_own_statistics_office_is_not_mirrored() -> None:
    stats = _extract(
        "China's exports to Mongolia grew 6 percent to $4.2 billion in 2023. According to Mongolia's National "
        "Statistics Office, the country's imports from China amounted to $4.0 billion in 2023."
    )
    assert [(s.reporter, s.partner, s.flow) for s in stats] == [
        ("CN", "MN", "export"),
        ("MN", "CN", "import"),
    ]


def test_customs_district_names_the_region() -> None:
    (stat,) = _extract(
        "According to Urumqi Customs, foreign trade in the first five months reached 181.2 billion yuan."
    )
    assert (stat.reporter, stat.partner) == ("CN-XJ", "WORLD")


def test_missing_scale_is_taken_from_the_neighbouring_figure() -> None:
    stats = _extract(
        "A Bishkek outlet reported that Kyrgyz gold exports were worth $512.4 in the first half of the year. "
        "The national figure for gold sold abroad over the same period was $498.7 million.",
        published="2024-08-01",
    )
    assert [(s.value, s.commodity) for s in stats] == [(512400000.0, "gold"), (498700000.0, "gold")]


def test_from_to_gives_each_figure_its_own_year() -> None:
    stats = _extract(
        "Trade between Georgia and Kazakhstan rose from $0.9 billion in 2021 to $1.3 billion in 2022."
    )
    assert [(s.value, s.period_start.year) for s in stats] == [(900000000.0, 2021), (1300000000.0, 2022)]


def test_what_should_happen_is_not_a_statistic() -> None:
    stats = _extract(
        "Kazakh-Turkish trade amounted to $6.4 billion in 2023, the minister said, adding that by 2026 it should "
        "reach $10 billion."
    )
    assert [s.value for s in stats] == [6400000000.0]


def test_respectively_assigns_partners_in_order() -> None:
    stats = _extract(
        "In 2023, China's trade with Mongolia and Pakistan reached $24.9 billion and $23.1 billion, respectively."
    )
    assert [(s.reporter, s.partner, s.value) for s in stats] == [
        ("CN", "MN", 24900000000.0),
        ("CN", "PK", 23100000000.0),
    ]


def test_cited_statistics_office_owns_mirror_wording() -> None:
    stats = _extract(
        "According to China's customs, Mongolian exports to China reached $13.6 billion in 2023."
    )
    assert [(s.reporter, s.partner, s.flow) for s in stats] == [("CN", "MN", "import")]


def test_customs_mentioned_without_citing_data_is_no_data_owner() -> None:
    stats = _extract(
        "Mongolia's cashmere exports to China reached $0.4 billion in 2023, after Chinese customs approved new producers."
    )
    assert [(s.reporter, s.partner, s.flow, s.commodity) for s in stats] == [
        ("MN", "CN", "export", "cashmere")
    ]


def test_province_with_suffix_and_turnover_of_two_countries() -> None:
    stats = _extract(
        "Yunnan Province's trade with ASEAN rose 9.1 percent to 212.4 billion yuan in 2023. "
        "The trade turnover of Azerbaijan and Kazakhstan reached 410 billion tenge (about $0.9 billion) in 2023."
    )
    assert [(s.reporter, s.partner, s.currency, s.value_usd) for s in stats] == [
        ("CN-YN", "ASEAN", "CNY", None),
        ("AZ", "KZ", "KZT", 900000000.0),
    ]


def test_the_country_means_the_country_the_article_is_about() -> None:
    stats = _extract(
        "In January-March 2024, the country's foreign trade turnover amounted to $3.2 billion.",
        title="Mongolia's foreign trade grows",
        published="2024-04-20",
    )
    assert [(s.reporter, s.partner) for s in stats] == [("MN", "WORLD")]


def test_list_items_are_not_headlines() -> None:
    stats = _extract(
        "Kazakhstan's foreign trade in 2023 reached $139.8 billion. The main partners were:\n\n"
        "- Exports to China: $15.1 billion\n\n- Imports from Russia: $18.2 billion"
    )
    assert [(s.flow, s.partner, s.value) for s in stats] == [
        ("total", "WORLD", 139800000000.0),
        ("export", "CN", 15100000000.0),
        ("import", "RU", 18200000000.0),
    ]


def test_partner_group_without_code_is_not_the_world() -> None:
    stats = _extract("In 2023, Tajikistan's trade with CIS countries amounted to $3.9 billion.")
    assert [(s.reporter, s.partner, s.partner_name) for s in stats] == [("TJ", None, "CIS countries")]


def test_made_up_is_not_a_rise() -> None:
    stats = _extract(
        "Georgia's trade with China reached $1.9 billion in 2023. Imports from China made up $1.6 billion of the total."
    )
    assert [(s.flow, s.value) for s in stats] == [("total", 1900000000.0), ("import", 1600000000.0)]


def test_the_region_means_the_province_of_the_story() -> None:
    stats = _extract(
        "Cargo handled at the land ports of Inner Mongolia rose in the first quarter, local customs said. "
        "The region's foreign trade in the three months totaled 48.3 billion yuan, up 9 percent.",
        published="2024-04-20",
    )
    assert [(s.reporter, s.partner, s.value) for s in stats] == [("CN-NM", "WORLD", 48300000000.0)]


def test_product_figure_in_a_bilateral_story_keeps_the_pair() -> None:
    stats = _extract(
        "The minister said trade between Kyrgyzstan and Turkey came to $1.4 billion in 2023.\n\n"
        "Textile trade turnover came to $210.5 million in 2023."
    )
    assert [(s.reporter, s.partner, s.commodity) for s in stats] == [
        ("KG", "TR", None),
        ("KG", "TR", "textile"),
    ]
