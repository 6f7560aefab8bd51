"""Names -> codes: countries and demonyms, Chinese provinces, group codes, places with no code."""

import pytest

from transform.entities import code_for_name, find_entities, group_codes, group_members


def _codes(text: str) -> list[str | None]:
    return [m.code for m in find_entities(text) if not m.descriptive]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kazakhstan", "KZ"),
        ("Kazakh", "KZ"),
        ("Kazakhstani", "KZ"),
        ("Chinese", "CN"),
        ("Uzbek", "UZ"),
        ("Kyrgyz Republic", "KG"),
        ("Tajik", "TJ"),
        ("Turkmen", "TM"),
        ("Türkiye", "TR"),
        ("Russian Federation", "RU"),
        ("the U.S.", "US"),
        ("Mongolia", "MN"),
        ("Viet Nam", "VN"),
        ("Pakistan", "PK"),
    ],
)
def test_countries_and_demonyms(text: str, code: str) -> None:
    assert _codes(text) == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Xinjiang Uygur Autonomous Region", "CN-XJ"),
        ("Xinjiang", "CN-XJ"),
        ("Guangxi Zhuang Autonomous Region", "CN-GX"),
        ("Inner Mongolia", "CN-NM"),
        ("Shaanxi", "CN-SN"),
        ("Shanxi", "CN-SX"),
        ("Heilongjiang", "CN-HL"),
        ("Yunnan", "CN-YN"),
    ],
)
def test_chinese_provinces(text: str, code: str) -> None:
    assert _codes(text) == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the five Central Asian countries", "C5"),
        ("Central Asia", "C5"),
        ("ASEAN members", "ASEAN"),
        ("the European Union", "EU"),
        ("countries along the Belt and Road", "BRI"),
        ("Belt and Road partner countries", "BRI"),
        ("SCO member states", "SCO"),
        ("BRICS countries", "BRICS"),
        ("RCEP members", "RCEP"),
        ("the Eurasian Economic Union", "EAEU"),
        ("EAEU countries", "EAEU"),
        ("GCC countries", "GCC"),
        ("African countries", "AFRICA"),
        ("Latin America", "LATAM"),
        ("Central and Eastern European countries", "CEEC"),
    ],
)
def test_group_phrases(text: str, code: str) -> None:
    assert _codes(text) == [code]


def test_every_group_has_documented_membership() -> None:
    for code in group_codes():
        members = group_members(code)
        assert members is None or all(len(m) == 2 for m in members)
    assert group_members("C5") == ["KZ", "KG", "TJ", "TM", "UZ"]
    assert "AM" in group_members("EAEU")


def test_places_without_code_are_recognised() -> None:
    mentions = find_entities("cargo handled at Horgos Port in the Xinjiang Uygur Autonomous Region")
    assert [(m.code, m.kind) for m in mentions] == [(None, "port"), ("CN-XJ", "region")]
    assert [m.code for m in find_entities("the Namangan region and private enterprises")] == [None, None]


def test_descriptive_mentions_are_marked() -> None:
    mentions = find_entities(
        "the region of northwest China, on the Kazakhstan border, China-Europe freight trains"
    )
    assert all(m.descriptive for m in mentions)


def test_possessive_and_adjective_flags() -> None:
    first, second = find_entities("Tajikistan's imports of Russian goods")
    assert first.possessive and not first.adjective
    assert second.adjective


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kazakhstan", "KZ"),
        ("Xinjiang", "CN-XJ"),
        ("world", "WORLD"),
        ("Central Asia", "C5"),
        ("Belt and Road countries", "BRI"),
        ("South Korea", "KR"),
        ("United States", "US"),
        ("Horgos Port", None),
        ("China (private enterprises)", None),
    ],
)
def test_code_for_name(name: str, code: str | None) -> None:
    assert code_for_name(name) == code
