"""Bytes to text for HTML and XML pages: declared charsets first, detection only when they fail.

Order (as browsers do it, see the WHATWG encoding sniffing algorithm): a byte-order mark wins; then
the HTTP Content-Type charset; then a <meta charset> / http-equiv / XML declaration in the first
bytes; then charset-normalizer's detection; finally UTF-8 with replacement characters. A declared
charset that does not decode the bytes is not trusted blindly: detection gets a say first.
Legacy Chinese labels (gb2312, gbk) decode as GB18030, their superset, because pages labelled
GB2312 routinely use GBK characters.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels whose bytes are really decoded with a wider codec (WHATWG encoding standard).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "big5": "big5hkscs",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)[\"']", re.IGNORECASE)
_SNIFF_BYTES = 4096


def codec_for(label: str | None) -> str | None:
    """The Python codec to use for a charset label, or None for an unknown label."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def charset_from_content_type(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return codec_for(match.group(1)) if match else None


def declared_in_document(body: bytes) -> str | None:
    """Charset from an XML declaration or <meta> tag within the first bytes of the document."""
    head = body[:_SNIFF_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            codec = codec_for(match.group(1).decode("ascii", "ignore"))
            # A page that reached us as bytes cannot really be UTF-16 when it declared so in ASCII.
            if codec and not codec.startswith("utf-16") and not codec.startswith("utf-32"):
                return codec
    return None


def detect(body: bytes) -> str | None:
    best = from_bytes(body[:200_000]).best()
    return codec_for(best.encoding) if best is not None else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, codec used)."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace"), codec
    declared = [c for c in (charset_from_content_type(content_type), declared_in_document(body)) if c]
    for codec in declared:
        text = _strict(body, codec)
        if text is not None:
            return text, codec
    text = _strict(body, "utf-8")  # the common case, and cheaper than detection
    if text is not None:
        return text, "utf-8"
    detected = detect(body)
    if detected:
        text = _strict(body, detected)
        if text is not None:
            return text, detected
    fallback = declared[0] if declared else (detected or "utf-8")
    return body.decode(fallback, errors="replace"), fallback
