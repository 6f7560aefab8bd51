"""decode_bytes: BOM, header, in-document declaration, detection; Chinese legacy encodings."""

from __future__ import annotations

import codecs

import pytest

from extract.encoding import codec_for, decode_bytes

CHINESE = (
    "<html><head><title>外贸快讯</title></head><body><p>海关统计数据显示，今年一季度我国对中亚国家的出口保持增长，"
    "机电产品和纺织服装是主要的出口商品，农产品进口也有所增加。</p></body></html>"
)


def test_gbk_without_any_declaration_is_detected():
    text, encoding = decode_bytes(CHINESE.encode("gbk"))
    assert text == CHINESE
    assert encoding == "gb18030"


def test_gb2312_header_label_decodes_gbk_only_characters():
    # 镕 is in GBK but not in GB2312; pages labelled gb2312 use such characters all the time.
    page = "<p>朱镕基同志谈外贸与海关工作的文章。</p>"
    text, encoding = decode_bytes(page.encode("gbk"), "text/html; charset=GB2312")
    assert (text, encoding) == (page, "gb18030")


def test_meta_charset_and_http_equiv():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>贸易</body></html>'
    assert decode_bytes(page.encode("gbk")) == (page, "gb18030")
    page = '<meta charset="windows-1251"><p>Товарооборот вырос</p>'
    assert decode_bytes(page.encode("cp1251")) == (page, "cp1251")


def test_xml_declaration():
    feed = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Café</title></rss>'
    assert decode_bytes(feed.encode("latin-1"))[0] == feed


@pytest.mark.parametrize("bom_codec", ["utf-8-sig", "utf-16"])
def test_bom_wins_over_a_wrong_header(bom_codec):
    data = "<p>贸易 trade</p>".encode(bom_codec)
    text, _ = decode_bytes(data, "text/html; charset=iso-8859-1")
    assert text == "<p>贸易 trade</p>"


def test_utf16_le_bom():
    assert decode_bytes(codecs.BOM_UTF16_LE + "数据".encode("utf-16-le"))[0] == "数据"


def test_header_that_does_not_decode_is_not_trusted_blindly():
    text, encoding = decode_bytes("<p>统计数据显示</p>".encode(), "text/html; charset=ascii")
    assert text == "<p>统计数据显示</p>" and encoding == "utf-8"


def test_undecodable_bytes_never_raise():
    text, encoding = decode_bytes(b"\xff\xfe\xfa\x80 broken", "text/html; charset=utf-8")
    assert isinstance(text, str) and encoding


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("UTF8", "utf-8"),
        ("latin1", "cp1252"),
        ("x-unknown", None),
        (None, None),
    ],
)
def test_codec_for(label, codec):
    assert codec_for(label) == codec
