"""The article's language from its text (py3langid, offline), and Chinese pages without a charset."""

from __future__ import annotations

from extract.article_parser import parse_article
from extract.encoding import decode_bytes
from extract.language import detect_language

ZH = "据乌鲁木齐海关统计，今年前4个月，新疆外贸进出口总值1386.2亿元，同比增长12.6%。其中，出口1052.4亿元。"
RU = "По данным Бюро национальной статистики, товарооборот Казахстана с Китаем в январе–марте составил $9,86 млрд."
KK = "Қазақстан мен Қытай арасындағы тауар айналымы бірінші тоқсанда өсті, деп хабарлады ұлттық статистика бюросы."
EN = "Trade between China and Kazakhstan rose 8.4 percent in the first quarter, the statistics bureau said."


def test_language_is_read_from_the_text_not_the_template_declaration():
    assert detect_language("新疆外贸", [ZH], "en") == "zh"
    assert detect_language(None, [RU], "en") == "ru"
    assert detect_language(None, [EN], "zh") == "en"


def test_russian_is_told_from_kazakh():
    assert detect_language(None, [KK], None) == "kk"


def test_too_little_text_keeps_the_declared_language():
    assert detect_language("Trade", ["$5 bn"], "en") == "en"
    assert detect_language(None, [], None) is None


def _gbk_page(meta: str = "") -> bytes:
    return (
        f"<html><head>{meta}<title>新疆外贸进出口增长</title></head><body><article><h1>新疆外贸进出口增长</h1>"
        f"<p>{ZH}</p><p>同期，新疆对中亚五国进出口789.5亿元，增长18.2%，占同期新疆外贸总值的57%。</p>"
        f"<p>机电产品出口511.6亿元，增长27.5%，劳动密集型产品出口增长较快。</p></article></body></html>"
    ).encode("gbk")


def test_gbk_page_without_any_declared_charset_is_decoded():
    text, encoding = decode_bytes(_gbk_page(), "text/html")
    assert encoding == "gb18030" and ZH in text


def test_gb2312_label_is_read_as_its_superset():
    text, encoding = decode_bytes(_gbk_page('<meta charset="gb2312">'), None)
    assert encoding == "gb18030" and "乌鲁木齐海关" in text


def test_parsed_gbk_article_has_its_language_and_text():
    article = parse_article(_gbk_page(), "http://127.0.0.1/zh/a.html", content_type="text/html")
    assert article.language == "zh"
    assert article.title == "新疆外贸进出口增长"
    assert ZH in article.body


def test_the_identifier_keeps_only_the_candidate_languages_model():
    """The restricted identifier is built over the restricted arrays alone (the full model, ~27 MiB of
    weights for 97 languages, is let go) and classifies as py3langid's own restriction does."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from extract.language import CANDIDATES, _identifier

    identifier = _identifier()
    assert identifier.nb_ptc.shape[1] == len(identifier.nb_classes) < 30
    assert set(identifier.nb_classes) <= set(CANDIDATES)
    reference = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE)
    reference.set_languages(list(CANDIDATES))
    for text in (
        "Kazakhstan's trade with China rose 12.5 percent to 4.2 billion US dollars.",
        "Товарооборот Казахстана и Китая вырос на 12,5 процента.",
        "新疆对中亚五国进出口789.5亿元，增长18.2%。",
        "Qozog'iston va Xitoy o'rtasidagi savdo hajmi oshdi.",
    ):
        assert identifier.classify(text) == reference.classify(text)
