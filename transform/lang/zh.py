"""The Chinese pack: lexicons and grammars of Chinese trade reports (customs releases, Xinhua, Tianshan).

Text is read in Simplified script (Traditional converted with OpenCC, character by character so every
position holds) with full-width digits and signs folded to ASCII. What it knows:
- amounts: digits or Chinese numerals with 万 / 亿 / 万亿 and 元 / 美元 / 欧元 / 卢布 / 坚戈 ("1234.5亿元",
  "八十八亿美元", "一点零四亿元", "190多亿美元"); hedges 近 / 约 / 超 / 逾 / 多 / 不足; a currency stated once
  and carried ("人民币，下同"); conversions ("折合173.6亿美元") kept as the figure's USD value;
- trade words 进出口 / 外贸 / 贸易额 / 出口 / 进口 / 顺差 / 逆差, and "出口、进口分别为…" lists;
- economies with their side markers: subject, 与/同/和 (with), 对/向 (to), 自/从 (from), pairs (中哈),
  groups (中亚五国 C5, 共建"一带一路"国家 BRI), data owners (乌鲁木齐海关 -> CN-XJ), and ports, cities and
  enterprises, which are no reporter;
- periods 一季度, 上半年, 前三季度, 前4个月, 1—4月, 1至7月, 一至十一月, 全年, 5月, with 2023年 / 今年 / 去年
  or, without a year, the latest such period before publication; comparison periods (去年同期) are not;
- percentages: 同比增长 / 下降 (change), 占…的43.4% / 七成 (share), 个百分点 (points: no change),
  分别增长44.3%、28.7% (a list). "增长24倍" is left null on purpose: Chinese reports use "增长N倍" both
  for "grew N-fold" (×N) and "grew by N times" (×(N+1)), and the text does not say which.
Guards: targets and forecasts (力争, 预计, 到2030年), investment and other non-trade money, trade modes
(边境小额贸易: a breakdown by mode, not the economy's trade), and change amounts (比上年增加120亿元).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from transform.guards import AmountView, Guard
from transform.lang.base import Cue, Found, Named, PercentFound, PeriodFound, Span
from transform.lang.numbers import ZH_NUMERAL_CLASS, zh_number, zh_scaled
from transform.lang.periods import month_span, quarter_span, resolve_year, year_span
from transform.lang.text import split_lines
from transform.patterns import hedge_in
from transform.sentences import Sentence

code = "zh"
_DATA = json.loads((Path(__file__).resolve().parent.parent / "data" / "lang_zh.json").read_text("utf-8"))

# ------------------------------------------------------------------------------------------- script

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～，", "0123456789.%-~,")


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported when a Chinese page is read, not at start-up

    return opencc.OpenCC("t2s")


def normalise(body: str) -> str:
    """Simplified script, ASCII digits: same length as `body`, so positions found here hold in it."""
    converted = _converter().convert(body)
    if len(converted) != len(body):  # a phrase conversion changed the length: convert per character
        converted = "".join(_char(ch) for ch in body)
    converted = _POSITIONAL.sub(lambda m: m.group(0).translate(_POSITIONAL_DIGITS), converted)
    converted = _SPACED_UNIT.sub(
        lambda m: m.group(1) + m.group(3) + m.group(2), converted
    )  # "2014 年" -> "2014年 "
    return converted.translate(_FULLWIDTH).replace("，", "，")


_SPACED_UNIT = re.compile(r"(\d)(\s)(年|月|亿|万)")


# "一○六三亿美元", "二○二一年": digit by digit, with ○ for zero (Taiwanese and older mainland style).
_POSITIONAL = re.compile(r"[〇○零一二三四五六七八九]*[〇○][〇○零一二三四五六七八九]*")
_POSITIONAL_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def split(body: str) -> list[Sentence]:
    return split_lines(body, lambda line, i: True, "。！？；!?;")


# ------------------------------------------------------------------------------------------- amounts

_CURRENCIES = {
    "美元": "USD",
    "元人民币": "CNY",
    "人民币": "CNY",
    "元": "CNY",
    "欧元": "EUR",
    "卢布": "RUB",
    "坚戈": "KZT",
    "港元": "HKD",
    "日元": "JPY",
}
_CUR = "|".join(sorted(_CURRENCIES, key=len, reverse=True))
_NUM = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{ZH_NUMERAL_CLASS}]+"
_AMOUNT = re.compile(
    rf"(?P<prefix>人民币|美元)?(?P<num>{_NUM})(?P<more>多|余)?(?P<scale>万亿|千亿|百亿|十亿|亿|万)?"
    rf"(?:(?<=亿)(?P<num2>\d{{1,4}}|[{ZH_NUMERAL_CLASS}]+)万)?(?P<more2>多|余)?(?P<cur>{_CUR})?"
)
# Units of quantity: "36万吨" is tonnage, not money.
_QUANTITY_AFTER = re.compile(
    r"^(?:级|吨|千瓦|人次|人(?!民)|辆|个|件|平方|立方|标箱|列|公里|头|只|箱|桶|千克|公斤|次|家|户|份|项|台|架|套|票|批|车|亩|株)"
)
_QUAL_ABOUT = re.compile(r"(?:近|接近|将近|约|大约|约合|左右)$")
_QUAL_OVER = re.compile(r"(?:超|超过|逾|突破|高达)$")
_QUAL_UNDER = re.compile(r"(?:不足|不到|低于)$")
_RESTATE_GAP = re.compile(r"^\s*[（(]?\s*(?:折合|约合|合)?\s*(?:约|近)?\s*$")
_CARRIED = re.compile(r"(?:以)?(?P<cur>人民币|美元)(?:计)?[，,]\s*下同")


def carried_currency(text: str) -> str | None:
    match = _CARRIED.search(text)
    return _CURRENCIES[match.group("cur")] if match else None


def amounts(text: str, carried: str | None) -> list[Found]:
    out: list[Found] = []
    for match in _AMOUNT.finditer(text):
        found = _amount(text, match, carried, out[-1] if out else None)
        if found is not None:
            out.append(found)
    return _pairs(text, out) if "从" in text or "由" in text else out


# "从2019年的1640.9亿元增长到2023年的3573.5亿元", "由上年的2463.6亿元增至3573.5亿元": the level a change started
# from and the level it reached.
_PAIR_FROM = re.compile(r"(?:从|由)(?:\d{4}年|上年|去年|前年|\d{1,2}月)?(?:的)?(?:约|近)?$")
_PAIR_GAP = re.compile(
    r"^(?:增长|增加|扩大|提高|提升|上升|跃升|攀升|猛增|增|升|下降|减少|降低|回落|降|缩小)?(?:到|至)"
    r"(?:\d{4}年|今年|\d{1,2}月)?(?:的)?(?:约|近)?$"
)


def _pairs(text: str, out: list[Found]) -> list[Found]:
    paired = list(out)
    for i in range(1, len(paired)):
        first, second = paired[i - 1], paired[i]
        if (
            first.pair is None
            and _PAIR_FROM.search(text, 0, first.start)
            and _PAIR_GAP.match(text[first.end : second.start])
        ):
            paired[i - 1] = replace(first, pair="from")
            paired[i] = replace(second, pair="to", restates=False)
    return paired


def _amount(text: str, match: re.Match[str], carried: str | None, previous: Found | None) -> Found | None:
    scale, cur, prefix = match.group("scale"), match.group("cur"), match.group("prefix")
    if not scale and not cur:
        return None
    if _QUANTITY_AFTER.match(text[match.end() :]) or (not cur and not prefix and _is_count(text, match)):
        return None
    if match.group("num")[0] not in "0123456789" and not scale:
        return None  # "一元" is no trade figure
    value = zh_scaled(match.group("num"), scale)
    if value is not None and match.group("num2"):  # "二十亿三千万美元": 20亿 and 3000万
        tail = zh_scaled(match.group("num2"), "万")
        value = value + tail if tail is not None else None
    currency = _CURRENCIES.get(cur or prefix or "") or (carried if not cur and not prefix else None)
    start = match.start() if prefix else match.start("num")
    before = text[:start]
    more = match.group("more") or match.group("more2")
    return Found(
        start=start,
        end=match.end(),
        value=value,
        currency=currency,
        qualifier="over" if more else _qualifier(before),
        restates=_restates(text, previous, start, currency),
        compared=bool(_COMPARED_WITH.search(before) or _CHANGE_BEFORE.search(before)),
    )


def _restates(text: str, previous: Found | None, start: int, currency: str | None) -> bool:
    """ "1234亿元（折合173.6亿美元）": a conversion right after the amount before it, in another currency."""
    if previous is None or currency == previous.currency:
        return False
    gap = text[previous.end : start]
    return bool(_RESTATE_GAP.match(gap)) and any(mark in gap for mark in ("合", "（", "("))


def _is_count(text: str, match: re.Match[str]) -> bool:
    """A bare "3万" followed by a noun that is no currency ("3万家企业") or a percentage."""
    after = text[match.end() : match.end() + 1]
    return after in ("%", "％") or after.isalpha() and after not in "，。；、（(）)"


def _qualifier(before: str) -> str | None:
    # "约为80亿美元", "超过了": the hedge before the copula is the amount's
    return hedge_in(_COPULA_AFTER_HEDGE.sub("", before[-6:]), _QUAL_UNDER, _QUAL_OVER, _QUAL_ABOUT)


_COPULA_AFTER_HEDGE = re.compile(r"(?<=[约近超逾过])(?:为|是|达|达到|了)$")


# ------------------------------------------------------------------------------------------- trade words

_CUES = re.compile(
    r"(?P<foreign>外贸进出口|对外贸易|外贸)(?:总值|总额|总规模|规模)?"
    # "两国贸易差额约为55亿美元": a balance whose side the words do not sign is no total (nor a read balance)
    r"|(?P<bilateral>双边贸易|双边进出口|(?:两国|双方)[^，。；,;]{0,8}?(?:货物)?(?:贸易)?(?:进出口|贸易))(?!差额)(?:额|总额|总值|规模)?"
    r"|(?P<total>进出口|货物贸易|贸易总额|贸易总值|贸易额|贸易规模|贸易值|贸易(?=达|实现|突破|总|增长|为|约|近|超|\d))(?!差额)(?:总值|总额|额|规模)?"
    r"|(?P<surplus>贸易顺差|顺差)|(?P<deficit>贸易逆差|逆差)"
    r"|(?P<export>出口)(?:额|总值|总额)?|(?P<import>进口)(?:额|总值|总额)?"
)


def cues(text: str) -> list[Cue]:
    out: list[Cue] = []
    for m in _CUES.finditer(text):
        kind = m.lastgroup
        flow = {"foreign": "total", "bilateral": "total", "total": "total", "surplus": "balance"}.get(
            kind or "", "balance" if kind == "deficit" else kind
        )
        out.append(Cue(m.start(), m.end(), flow, foreign=kind == "foreign", bilateral=kind == "bilateral"))
    return out


def balance_negative(before: str) -> bool:
    clause = before[_last_clause_break(before) :]
    return "逆差" in clause


_LIST = re.compile(
    r"(?P<items>(?:进出口|出口|进口)(?:[、和与及](?:进出口|出口|进口))+)(?:额|总值)?分别(?:为|达|达到|是|实现)?"
)


def list_cues(text: str, position: int) -> tuple[list[Cue], int] | None:
    for m in _LIST.finditer(text):
        if m.end() <= position < _clause_end(text, m.end()):
            items = [c for c in cues(m.group("items"))]
            return [Cue(m.start() + c.start, m.start() + c.end, c.flow) for c in items], m.end()
    return None


# ------------------------------------------------------------------------------------------- clauses

# A comma is a break unless it groups thousands ("1,234.5"); ",2018年" opens a clause.
_CLAUSE_BREAK = re.compile(r"[，；：:;]|,(?!\d{3}(?!\d))")


def _last_clause_break(text: str) -> int:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    return breaks[-1] if breaks else 0


def clause_start(text: str, position: int) -> int:
    return _last_clause_break(text[:position])


def _clause_end(text: str, position: int) -> int:
    match = _CLAUSE_BREAK.search(text, position)
    return match.start() if match else len(text)


# A clause that goes on from the figure before: a sub-item ("其中，出口…"), the end of a change
# ("由2019年的3000亿元增至2023年的6000亿元"), or the exact figure after a mark ("突破100亿美元大关，达到102亿美元").
_INHERITS = re.compile(
    r"^\s*(?:其中|这当中|这其中|具体来看|具体而言|具体来说|出口|进口|进出口|贸易顺差|顺差|逆差|由|从(?=\d)|(?:达到|达|录得)(?=约|近|\d)"
    r"|(?:\d{4}年|去年|上年)(?:同期)?(?:则)?(?:为|是|达到|达|仅为|只有)(?=约|近|\d))"  # "，2022年为2463亿元": the same figure
)


def inherits(clause: str) -> bool:
    return bool(_INHERITS.match(clause))


# ------------------------------------------------------------------------------------------- economies


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NAME_CODES = {name: c for c, names in _DATA["names"].items() for name in names}
# Ambiguous pairs and one-character names carry every code they may mean ("UZ|UA"); the stages keep the
# one the headline, the topic or an earlier sentence names, else none (`transform.lang.stages.resolve_named`).
# So do the region anaphors: "全区", "自治区" (Xinjiang in a Xinjiang story, Ningxia in a Ningxia one), "我省".
_NAME_CODES.update(_DATA["region_anaphors"])
_PAIRS = {name: tuple(pair) for name, pair in {**_DATA["pairs"], **_DATA["ambiguous_pairs"]}.items()}
_BLOCKED = (
    rf"(?:{_alternation(_DATA['blocked'])})(?!海关)(?:铁路|公路)?(?:{_alternation(_DATA['blocked_suffixes'])})?"
    rf"|(?:{_alternation(_DATA['enterprises'])})|口岸"
)
# Partner areas without a code: "南亚各国", "独联体国家", "非洲": trade with them is no economy's partner.
_UNCODED_AREAS = (
    r"(?:南亚|东南亚|中亚以外|独联体|中东|非洲|拉美|拉丁美洲|欧洲|中东欧|阿拉伯|海湾|北欧|西亚|东欧|大洋洲|美洲)"
    r"(?:各国|国家|地区|市场)?"
)
_NAMES = re.compile(
    rf"(?P<pair>{_alternation(_PAIRS)})|(?P<name>{_alternation(_NAME_CODES)})|(?P<blocked>{_BLOCKED})"
    rf"|(?P<uncoded>{_UNCODED_AREAS})"
)
# One-character names after a side marker and before a trade word: "对美出口", "自俄进口", "对华贸易".
_ABBREVIATIONS = {
    "美": "US", "华": "CN", "俄": "RU", "日": "JP", "韩": "KR", "乌": "UZ|UA",
    "哈": "KZ", "吉": "KG", "塔": "TJ", "蒙": "MN",
}  # fmt: skip
_ABBREVIATED = re.compile(
    r"(?<=[对向自从与同])[美华俄日韩乌哈吉塔蒙](?=的?(?:进出口|出口|进口|贸易|顺差|逆差))"
    r"|乌(?=方|对|出口|进口|外贸|贸易|进出口|最大|[^鲁兹克]{0,2}总额)"  # 乌方, 乌对华出口, 占乌外贸
)
_MARKERS = (("与", "with"), ("同", "with"), ("和", "with"), ("跟", "with"), ("及", "with"), ("对", "to"),
            ("向", "to"), ("自", "from"), ("从", "from"), ("由", "from"))  # fmt: skip
_TRANSIT = ("经", "通过", "经由")
_PARTNER_IS = re.compile(r"(?:最大|第一大|首要|主要)的?(?:贸易)?伙伴(?:国)?(?:仍然|依然|仍|依旧)?(?:是|为)$")
_SHIPPED_TO = re.compile(r"(?:出口|输出|销|运|发)(?:到|至|往)$")
# A ranking's item: a name opening the sentence or a "：" list slot, its figure right after the comma.
_ITEM_AFTER = re.compile(r"[，,](?:贸易额|进出口额|双边贸易额)?(?:为|达)?(?:约|近|超)?\d")


# A ranking's item written inside a sentence: its figure in brackets after it ("哈萨克斯坦（贸易额11.58亿美元）"),
# or its place said around it ("排在第二位的是韩国", "日本位居第三").
_BRACKET_ITEM_AFTER = re.compile(r"[（(](?:贸易额|进出口额|双边贸易额|进出口)?(?:为|达)?(?:约|近|超)?\d")
_PLACE_BEFORE = re.compile(r"(?:排在|位列|位居|排名)第[一二三四五六七八九十\d]+(?:位|名)?的?(?:是|为)$")
_PLACES_AFTER = re.compile(r"(?:分列|分居|分别位列|分别位居|分别排在|位列|位居|排在)第")
_PLACE_AFTER = re.compile(r"(?:位居|位列|排名|排在|居)第[一二三四五六七八九十\d]+")


def _ranked_item(text: str, start: int, end: int) -> bool:
    if _BRACKET_ITEM_AFTER.match(text, end) and (
        text[max(0, start - 3) : start].endswith(("为", "、", "和", "及", "：", ":", "的"))
        # "俄罗斯（32亿美元）和缅甸（5.62亿美元）分列第二、三位": items opening the sentence, their places after
        or start == 0
        and _PLACES_AFTER.search(text, end)
    ):
        return True
    return bool(_PLACE_BEFORE.search(text, 0, start) or _PLACE_AFTER.match(text, end))


# A figure that stands for the statistic just named: "而在2015年这一数字只有47亿美元".
_ANAPHOR = re.compile(r"(?:这一|这个|该|此)(?:数字|数据|指标|数值)")


def anaphor(clause: str) -> bool:
    return _ANAPHOR.search(clause) is not None


def joins(gap: str) -> bool:
    """Chinese puts the trade word before its amounts: none governs amounts from after them."""
    return False


def respectively(text: str) -> bool:
    return "分别" in text or "依次为" in text or "依次是" in text  # "依次为463.6亿元、195.3亿元和76.8亿元"


def named(text: str) -> list[Named]:
    return _lists(text, _partners_of(text, _regions(text, _named(text))))


# "哈萨克斯坦是新疆第一大贸易伙伴": the first is the second's partner, not whose trade the figure is.
_PARTNER_OF = re.compile(
    r"(?:的)?(?:第[一二三四五六七八九十\d]+|最大|重要|主要)[^，。；,;]{0,6}?(?:贸易)?伙伴"
)


def _partners_of(text: str, found: list[Named]) -> list[Named]:
    out = list(found)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        copula = text[prev.end : cur.start] in ("是", "为", "成为", "已是", "仍是")
        if prev.marker == "subject" and copula and _PARTNER_OF.match(text, cur.end):
            out[i - 1] = replace(prev, marker="with")
    return out


def _regions(text: str, found: list[Named]) -> list[Named]:
    """ "中国西北外贸大区新疆的外贸": China named before one of its regions in the same phrase is not a
    second subject; the region is whose trade it is."""
    out: list[Named] = []
    for i, n in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            n.code == "CN"
            and n.marker == "subject"
            and nxt is not None
            and (nxt.code or "").startswith("CN-")
            and nxt.marker == "subject"
            and nxt.start - n.end <= 12
            and not re.search(r"[，,。；;、：:（(]", text[n.end : nxt.start])
        ):
            continue
        out.append(n)
    return out


def _lists(text: str, found: list[Named]) -> list[Named]:
    """Names joined by "、" (or a last "和/及") after a side marker share it: "对哈萨克斯坦、吉尔吉斯斯坦和
    乌兹别克斯坦" are three partners, each `listed`."""
    out = list(found)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        gap = text[prev.end : cur.start]
        if prev.code is None or cur.code is None:
            continue
        if cur.marker == "item" and prev.marker in ("subject", "item") and gap in ("、", "和", "及"):
            out[i - 1] = replace(
                prev, marker="item"
            )  # "依次为俄罗斯、哈萨克斯坦（贸易额11.58亿美元）": a ranking
        elif prev.marker == "item" and cur.marker == "subject" and gap in ("、", "和", "及"):
            out[i] = replace(cur, marker="item")
        elif prev.marker in ("with", "to", "from") and gap in ("、", "和", "及"):
            out[i - 1] = replace(prev, listed=True)
            out[i] = replace(cur, marker=prev.marker, listed=True)
        elif prev.marker == "subject" and (gap == "、" or prev.listed and gap in ("和", "及")):
            # "广东、江苏和浙江外贸进出口分别为…": several economies whose trade it is, each `listed`
            out[i - 1] = replace(prev, listed=True)
            out[i] = replace(cur, marker="subject", listed=True)
    return out


# "我" opening a clause before a side marker: China in Chinese official usage ("我同东盟的贸易", "我对俄出口").
_WE = re.compile(r"(?:(?<=^)|(?<=[，,；;。：:年]))我(?=[同与和对向自从](?!于))")
# Words ending in 中 ("其中", "之中", "当中", "集中", "空中"): a pair written right after them is no pair.
_WORDS_ENDING_BEFORE_ZHONG = "其之当集空途手心居期"


def _name_matches(text: str) -> Iterator[re.Match[str]]:
    """The names, pairs and blocked places, left to right; "其中哈萨克斯坦", "其中哈对华出口": the 中 of 其中 opens
    no pair (the name after it is read on its own)."""
    position = 0
    while (m := _NAMES.search(text, position)) is not None:
        if (
            m.group("pair")
            and m.group(0)[0] == "中"
            and m.start() > 0
            and text[m.start() - 1] in _WORDS_ENDING_BEFORE_ZHONG
        ):
            position = m.start() + 1
            continue
        yield m
        position = m.end()


def _no_side(text: str, m: re.Match[str], before: str) -> bool:
    """A name that is no side of the trade where it stands."""
    if before.endswith(_TRANSIT):
        return True  # "经霍尔果斯口岸": the route, not a side
    if text.startswith("海关", m.end()):
        return True  # "大陆海关的统计显示": the data's source, not a side
    if m.group(0) == "大陆" and before[-1:] in ("亚", "欧", "美", "洲", "非", "新", "次"):
        return True  # "欧亚大陆" is a continent; "大陆" alone is mainland China
    if m.group(0).startswith("中国") and before == "发展" and text.startswith("家", m.end()):
        return True  # "发展中国家": developing countries, not China
    # "哈萨克族", "塔吉克语": a people or a language, not the economy
    return bool(m.group("name")) and text[m.end() : m.end() + 1] in ("族", "语")


def _named(text: str) -> list[Named]:
    out: list[Named] = []
    for m in _name_matches(text):
        before = text[max(0, m.start() - 2) : m.start()]
        if _no_side(text, m, before):
            continue
        if m.group("blocked"):
            out.append(Named(m.start(), m.end(), None, m.group(0), "blocked"))
        elif m.group("uncoded"):
            marker = next((mk for ch, mk in _MARKERS if before.endswith(ch)), "subject")
            if marker in ("with", "to", "from"):  # "雲南與南亞各國的…進出口": a partner area with no code
                out.append(Named(m.start(), m.end(), None, m.group(0), marker))
        elif m.group("pair"):
            first, second = _PAIRS[m.group("pair")]
            out.append(Named(m.start(), m.end(), first, m.group(0), "pair", second, m.group(0)))
        else:
            marker = next((mk for ch, mk in _MARKERS if before.endswith(ch)), "subject")
            if _SHIPPED_TO.search(text, 0, m.start()):
                marker = "to"  # "出口到俄罗斯", "销往哈萨克斯坦": where the exports went
            elif _PARTNER_IS.search(text, 0, m.start()):
                marker = "with"  # "新疆最大的贸易伙伴是哈萨克斯坦": the partner
            if (m.start() == 0 or before.endswith(("：", ":"))) and _ITEM_AFTER.match(text, m.end()):
                marker = "item"  # "依次为：俄罗斯，贸易额约50.69亿美元；哈萨克斯坦，约26.21亿美元"
            elif _ranked_item(text, m.start(), m.end()):
                marker = "item"  # "依次为俄罗斯、哈萨克斯坦（贸易额11.58亿美元）", "排在第二位的是韩国"
            out.append(Named(m.start(), m.end(), _NAME_CODES[m.group("name")], m.group(0), marker))
    for m in _WE.finditer(text):  # "2021年，我同上合组织其他成员国的贸易额": China speaking of itself
        if not any(n.start <= m.start() < n.end for n in out):
            out.append(Named(m.start(), m.end(), "CN", m.group(0), "subject"))
    for m in _ABBREVIATED.finditer(text):
        if any(n.start <= m.start() < n.end for n in out):
            continue  # inside a longer name or pair (中乌)
        before = text[m.start() - 1 : m.start()]
        marker = next((mk for ch, mk in _MARKERS if before == ch), "subject")
        end = m.end() + 1 if text[m.end() : m.end() + 1] == "方" else m.end()
        out.append(Named(m.start(), end, _ABBREVIATIONS[m.group(0)], text[m.start() : end], marker))
    return sorted(out, key=lambda n: n.start)


_OWNERS = re.compile(_alternation(_DATA["owners"]))


def topic(title: str | None, sentences: list[str]) -> Named | None:
    """Whose trade the article is about: a subject in the headline, else the data owner it cites."""
    for text in ([title] if title else []) + sentences:
        owner = _OWNERS.search(text)
        if owner and "|" not in _DATA["owners"][owner.group(0)]:  # "自治区商务厅" alone: which region?
            return Named(0, 0, _DATA["owners"][owner.group(0)], owner.group(0), "subject")
        subjects = [n for n in named(text) if n.marker == "subject" and n.code not in (None, "WORLD")]
        if text is title and subjects and "|" not in subjects[0].code:  # "我省…": whose is told further on
            return subjects[0]
    return None


def data_owner(title: str | None, sentences: list[str]) -> str | None:
    """The economy whose statistics the headline or the opening sentences cite (海关总署 -> CN)."""
    for text in ([title] if title else []) + sentences:
        owner = _OWNERS.search(text)
        if owner and "|" not in _DATA["owners"][owner.group(0)]:
            return _DATA["owners"][owner.group(0)]
    return None


# ------------------------------------------------------------------------------------------- products

_COMMODITIES = re.compile(_alternation(_DATA["commodities"]))
_FUNCTION_WORDS = re.compile(
    r"(?:进出口|出口|进口|其中|双方|两国|双边|据|统计|数据显示|显示|海关|今年|去年|上年|同期|累计|实现|完成|的|之间|双边|两国|货物|商品|外贸|对外贸易"
    r"|货物贸易|贸易|总值|总额|合计|共计|全年|年度|季度|上半年|下半年|前|个月|月份|月|年|至|到|和|与|同|对|向|自|从|及|、|全面|继续|保持"
    r"|快速|稳定|增长|稳步|态势|良好|达|为|约|近|首次|再创|新高|历史|同比|期间|中|里|内|当月|本月|其|经|由|如今|目前|当前|现在"
    r"|两者|二者|进出|相抵|相减|形成|出现"  # "两者相抵形成贸易顺差…": the netting of the two flows before
    r"|各国|国家|其他成员国|成员国|沿线)"  # "与东盟各国的贸易额", "同上合组织其他成员国的贸易额": the group's members
)
_DIGITS_AND_SPACE = re.compile(r"[\d\s.,%\-—–~《》“”\"'（）()一二三四五六七八九十〇零]")


def commodity(subject: str) -> str | None:
    """The product a figure is about: the head of a list ("纺织服装、鞋靴等劳动密集型产品": the last one named);
    when the head after "等" is no product of the lexicon ("棉花、服装等大宗商品"), the first one named (still
    a product row, never the aggregate)."""
    found = list(_COMMODITIES.finditer(subject))
    if not found:
        return None
    head = found[0] if "等" in subject[found[-1].end() :] else found[-1]
    return _DATA["commodities"][head.group(0)]


def unexplained(before: str, after: str) -> bool:
    """Two or more Chinese characters left before the trade word once periods, names and function words
    are taken out (Chinese puts the subject before the trade word)."""
    rest = _NAMES.sub("", before)
    rest = _FUNCTION_WORDS.sub("", rest)
    rest = _DIGITS_AND_SPACE.sub("", rest)
    return len(rest) >= 2


# ------------------------------------------------------------------------------------------- periods

_ZH_MONTH_NUM = rf"\d{{1,2}}|[{ZH_NUMERAL_CLASS}]{{1,3}}"
_YEAR = r"(?P<year>\d{4})年|(?P<rel>今年|本年|去年|上年|前年)"
_PERIOD = re.compile(
    # months across two years: "2010年7月至2011年4月"
    rf"(?P<xy1>\d{{4}})年(?P<xm1>{_ZH_MONTH_NUM})月(?:份)?(?:[—–\-~～至到])(?P<xy2>\d{{4}})年(?P<xm2>{_ZH_MONTH_NUM})月(?:份)?"
    r"|(?P<y1>\d{4})(?:年)?(?:[—–\-~～至到])(?P<y2>\d{4})年(?:间|期间)?"  # several years: "2013年至2017年"
    rf"|(?:(?:{_YEAR})(?:度)?(?:的)?)?"
    r"(?:(?P<half>上半年|下半年)|(?P<q3>前[三3]季度)|(?:第)?(?P<quarter>[一二三四1-4])季度"
    rf"|(?:前|头)(?P<months>{_ZH_MONTH_NUM})个?月(?:份)?"  # "今年头三个月": the first three months
    rf"|(?P<m1>{_ZH_MONTH_NUM})(?:月份?)?(?:[—–\-~－至到])(?P<m2>{_ZH_MONTH_NUM})月(?:份)?"
    rf"|(?P<month>{_ZH_MONTH_NUM})月(?:份)?(?!\d{{1,2}}日|[{ZH_NUMERAL_CLASS}]{{1,3}}日)"
    r"|(?P<full>全年))"
    rf"|截至(?:(?P<upto_year>\d{{4}})年|今年)?(?P<upto>{_ZH_MONTH_NUM})月(?:底|末)"
    r"|(?:(?P<year_only>\d{4})年|(?P<rel_only>今年|本年|去年|上年|前年))(?:全年|年度)?"
    r"|(?P<plan>[“\"]?十[一二三四五六]五[”\"]?(?:期间|时期|以来)|如今)"  # a five-year plan, "nowadays": no period
)
_YEAR_RE = re.compile(_YEAR)
# "去年同期", "比上年", "较2022年同期": the comparison, not the figure's period.
_COMPARISON = re.compile(
    r"(?:比|较|与|同)?(?:\d{4}年|去年|上年|前年)?同期|(?:比|较)(?:\d{4}年|去年|上年|前年)"
    # "已经超出去年的总额", "与去年全年水平相差无几": a level compared with, not the figure's period
    r"|(?:超出|超过|高于|低于|接近|相当于|逼近|与|同)(?:\d{4}年|去年|上年|前年)(?:全年)?的?(?:总额|总值|水平|水准|规模)"
)
_TARGET_YEAR = re.compile(r"(?:到|至|力争|争取)(?P<year>\d{4})年")
# "自2017年以来", "从2020年起": where a stretch of time starts, not a figure's period.
_SINCE_YEAR = re.compile(r"(?:自|从)\d{4}年(?:以来|起)?(?!的)")  # "从2019年的…亿元": a pair's first level


def periods(text: str, published: date, running: Span | None) -> list[PeriodFound]:
    excluded = [(m.start(), m.end()) for m in _COMPARISON.finditer(text)]
    excluded += [(m.start(), m.end()) for m in _TARGET_YEAR.finditer(text) if _is_target(m, published.year)]
    excluded += [(m.start(), m.end()) for m in _SINCE_YEAR.finditer(text)]
    out: list[PeriodFound] = []
    for m in _PERIOD.finditer(text):
        if not m.group(0) or any(s < m.end() and m.start() < e for s, e in excluded):
            continue
        # "2003年…，2005年两国贸易继续增长，全年贸易额…": the year written nearest before it, else the sentence's
        year = _nearest_year(text, out, m.start()) or _sentence_year(text, published, excluded, m.start())
        out.append(PeriodFound(m.start(), m.end(), _span(m, published, running, year)))
    return out


def _nearest_year(text: str, found: list[PeriodFound], start: int) -> int | None:
    """The year of the period written last before `start` when it is a year alone, in digits ("2005年"; not
    "去年全年", which is another figure's comparison)."""
    dated = [p for p in found if p.span is not None and p.end <= start]
    if dated and dated[-1].span == year_span(dated[-1].span[0].year) and text[dated[-1].start].isdigit():
        return dated[-1].span[0].year
    return None


def _sentence_year(text: str, published: date, excluded: list[tuple[int, int]], before: int) -> int | None:
    """The sentence's year for a period written without one: the first year before it, else the first
    written out in digits after it ("前10个月…，与去年全年的133.7亿美元…": 去年 is the other figure's)."""
    for m in _YEAR_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in excluded):
            continue
        if m.start() < before or re.match(r"\d", m.group(0)):
            return _year_of(m, published)
    return None


def _year_of(m: re.Match[str], published: date) -> int | None:
    groups = m.groupdict()
    year = groups.get("year") or groups.get("year_only") or groups.get("upto_year")
    if year:
        return int(year)
    rel = groups.get("rel") or groups.get("rel_only")
    if rel in ("今年", "本年"):
        return published.year
    if rel in ("去年", "上年"):
        return published.year - 1
    if rel == "前年":
        return published.year - 2
    return None


def _span(m: re.Match[str], published: date, running: Span | None, sentence_year: int | None) -> Span | None:
    year = _year_of(m, published)
    months = _months(m)
    if m.group("plan"):
        return None
    if m.group("xy1"):
        first = date(int(m.group("xy1")), _month_number(m.group("xm1")), 1)
        last = month_span(int(m.group("xy2")), 1, _month_number(m.group("xm2")))[1]
        return (first, last) if first < last else None
    if m.group("y1"):
        first, last = int(m.group("y1")), int(m.group("y2"))
        return (year_span(first)[0], year_span(last)[1]) if first < last else None
    if months is None:  # a year alone, or 全年
        if year is None and m.group("full"):
            year = sentence_year or (running[0].year if running else None)
        return year_span(year) if year else None
    first, last = months
    if year is None:
        year = sentence_year or resolve_year(last, published, running)
    return month_span(year, first, last) if year else None


def _months(m: re.Match[str]) -> tuple[int, int] | None:
    if m.group("half"):
        return (1, 6) if m.group("half") == "上半年" else (7, 12)
    if m.group("q3"):
        return 1, 9
    if m.group("quarter"):
        return quarter_span(_month_number(m.group("quarter")))
    if m.group("months"):
        return 1, _month_number(m.group("months"))
    if m.group("upto"):  # "截至十月底": the year to the end of October
        return 1, _month_number(m.group("upto"))
    if m.group("m1"):
        return _month_number(m.group("m1")), _month_number(m.group("m2"))
    if m.group("month"):
        month = _month_number(m.group("month"))
        return month, month
    return None


def _month_number(text: str) -> int:
    value = zh_number(text)
    return int(value) if value is not None else 0


# ------------------------------------------------------------------------------------------- percentages

_PCT_NUM = rf"\d+(?:\.\d+)?|百分之[{ZH_NUMERAL_CLASS}]+"
_PERCENTS = re.compile(
    rf"(?P<listed>分别(?:同比)?(?:增长|下降|增加|减少|上升|回落)[^。；]*?(?:%|％)(?:[、和及](?:增长|下降|增加|减少)?[-−]?(?:{_PCT_NUM})(?:%|％)?)+)"
    rf"|(?<!年均)(?<!平均)(?P<verb>增幅|涨幅|降幅|跌幅|增长|增加|上升|提高|增|扩大|下降|减少|下滑|回落|降低|萎缩|降|减)(?:了|为|达|达到)?(?P<value>{_PCT_NUM})(?P<pct>%|％|个百分点|倍)?"
    rf"|占[^，。；]{{0,30}}?(?:的|比重|比重为|比重达|份额)?(?P<share>{_PCT_NUM})(?:%|％)"
    rf"|相当于[^，。；]{{0,30}}?的(?P<share3>{_PCT_NUM})(?:%|％)"  # "相当于同期新疆外贸总值的86.5%"
    rf"|相当于[^，。；]{{0,30}}?的(?P<tenths2>[一二三四五六七八九])成"
    rf"|占比(?:为|达|达到)?(?:近|约)?(?P<share2>\d+(?:\.\d+)?(?=%|％)|百分之[{ZH_NUMERAL_CLASS}]+)"
    rf"|(?:占|占比)[^，。；]{{0,12}}?(?:近|约|超)?(?P<tenths>[一二三四五六七八九])成"
)
_LIST_ITEM = re.compile(
    rf"(?P<verb>增长|下降|增加|减少|上升|回落)?(?P<minus>[-−])?(?P<value>{_PCT_NUM})(?:%|％)"
)
_NEGATIVE = ("降幅", "跌幅", "下降", "减少", "下滑", "回落", "降低", "萎缩", "降", "减")


def percents(text: str) -> list[PercentFound]:
    if not any(mark in text for mark in ("%", "％", "百分", "成", "倍")):
        return []
    out: list[PercentFound] = []
    for m in _PERCENTS.finditer(text):
        if m.group("listed"):
            out.extend(_listed(m))
        elif m.group("value") is not None:
            out.append(_change(m))
        elif m.group("tenths") or m.group("tenths2"):
            tenths = zh_number(m.group("tenths") or m.group("tenths2"))
            out.append(PercentFound(m.start(), m.end(), Decimal(10) * tenths, "share"))
        else:
            share = m.group("share") or m.group("share2") or m.group("share3")
            out.append(PercentFound(m.start(), m.end(), _pct(share), "share"))
    return [_joint(text, p) for p in out]


# "…对吉尔吉斯斯坦进出口1300亿元，二者合计占全区外贸的71.4%": a percentage of several figures together is
# none of them alone (its value is left out, so no later one is taken instead).
_JOINT = re.compile(r"二者|两者|三者|合计|共计|总计|加起来|上述")


def _joint(text: str, found: PercentFound) -> PercentFound:
    if found.listed or not _JOINT.search(text, clause_start(text, found.start), found.start):
        return found
    return replace(found, value=None)


def _pct(text: str) -> Decimal | None:
    return zh_number(text[3:]) if text.startswith("百分之") else Decimal(text)


def _change(m: re.Match[str]) -> PercentFound:
    unit = m.group("pct")
    if unit == "个百分点":
        return PercentFound(m.start(), m.end(), None, "points")
    if unit == "倍":
        return PercentFound(m.start(), m.end(), None, "multiple")
    value = _pct(m.group("value"))
    if unit is None and not m.group("value").startswith("百分之"):
        return PercentFound(m.start(), m.end(), None, "points")  # "增长5" with no unit: not a percentage
    if value is not None and m.group("verb") in _NEGATIVE:
        value = -value
    return PercentFound(m.start(), m.end(), value, "change")


def _listed(m: re.Match[str]) -> list[PercentFound]:
    out: list[PercentFound] = []
    sign = (
        -1
        if any(m.group(0).startswith("分别" + w) or ("分别同比" + w) in m.group(0) for w in _NEGATIVE)
        else 1
    )
    for item in _LIST_ITEM.finditer(m.group(0)):
        verb = item.group("verb")
        if verb:
            sign = -1 if verb in _NEGATIVE else 1
        value = _pct(item.group("value"))
        if value is not None and item.group("minus"):
            value = -value * sign
        out.append(
            PercentFound(
                m.start() + item.start(),
                m.start() + item.end(),
                value * sign if value else None,
                "change",
                True,
            )
        )
    return out


# ------------------------------------------------------------------------------------------- guards

_FORECAST = re.compile(
    r"力争|目标|预计|预期|有望|可望|计划|争取|规划|将达到?|将突破|将升至|今后\d+年|未来\d+年"
)


def _is_target(m: re.Match[str], published_year: int) -> bool:
    """ "到2030年", "力争2027年": a target; "增至2024年的6741.5亿元" reaches a year already past."""
    if _SPAN_START_BEFORE.search(m.string, 0, m.start()):
        return False  # "2010年7月至2011年4月": the end of a period written out, no target
    return m.group(0).startswith(("力争", "争取")) or int(m.group("year")) >= published_year


def _forecast(view: AmountView) -> bool:
    if _FORECAST.search(view.before) or _TARGET_AFTER.match(view.after):
        return True
    return any(_is_target(m, view.published_year) for m in _TARGET_YEAR.finditer(view.before))


_SPAN_START_BEFORE = re.compile(rf"\d{{4}}年(?:{_ZH_MONTH_NUM})月(?:份)?$")


_TARGET_AFTER = re.compile(
    r"^\s*(?:的)?(?:(?:双边|进出口)?(?:贸易额|贸易|进出口额?)?)(?:的)?(?:目标|计划|任务|指标)"
)
_NOT_TRADE = re.compile(
    r"投资|融资|贷款|合同|签约|协议|项目|营业收入|销售额|产值|税收|生产总值|GDP|零售|消费|运费|利润|援助|基金|补贴|预算"
)
_FISCAL = re.compile(r"财年|财政年度|会计年度|伊历|波斯历|阿富汗历")
_TRADE_MODES = re.compile(_alternation(_DATA["trade_modes"]))
_CHANGE_BEFORE = re.compile(r"(?:增加|增长|减少|下降|多|少|扩大|收窄|提高)了?(?:约|近)?$")


def _clause_before(view: AmountView) -> str:
    return view.before[_last_clause_break(view.before) :]


# "分别突破3亿美元和6亿美元大关": every mark of a list before the word that makes them marks.
_THRESHOLD_AFTER = re.compile(
    rf"^(?:[、和及与](?:约|近)?(?:{_NUM})(?:多)?(?:万亿|亿|万)?(?:{_CUR})?)*\s*(?:的)?(?:关口|大关|台阶)"
)
_THRESHOLD_BEFORE = re.compile(r"(?:越过|跨过|迈过|跨上|迈上)$")
# "首次突破500亿元，录得502.7亿元": a round mark crossed, the exact figure right after it.
_MARK_BEFORE = re.compile(r"(?:突破|超过|越过)$")
_EXACT_AFTER = re.compile(r"^[，,]\s*(?:录得|达到|达|为|实现|升至|增至)\s*(?:约|近)?\d")
# "从10亿美元扩大到50亿美元耗时10年": a milestone timed by how long it took, not a period's figure.
_DURATION = re.compile(
    rf"(?:耗时|用时|历时|用了|花了)\s*(?:近|约)?(?:\d+|[{ZH_NUMERAL_CLASS}]+)多?个?(?:年|月)"
)


# "比2011年的228.2亿美元增长10.3%", "较上年同期的3000亿元": the level compared with, not this period's figure.
_COMPARED_WITH = re.compile(r"(?:比|较|与|同)(?:\d{4}年|去年|上年|前年)(?:同期)?(?:的)?(?:约|近)?$")


def _threshold(view: AmountView) -> bool:
    return bool(
        _THRESHOLD_AFTER.match(view.after)
        or _THRESHOLD_BEFORE.search(view.before)
        or (_MARK_BEFORE.search(view.before) and _EXACT_AFTER.match(view.after))
    )


def _milestone(view: AmountView) -> bool:
    after = view.after[: _clause_end(view.after, 0)]
    return _DURATION.search(after) is not None


guards: tuple[Guard, ...] = (
    Guard(
        "guard.change_amount",
        "the amount is a change (比上年增加120亿元), not a level",
        lambda v: bool(_CHANGE_BEFORE.search(v.before)),
    ),
    Guard(
        "guard.forecast",
        "a target, plan or forecast (力争, 预计, 到2030年, …亿元的目标), not a statistic",
        _forecast,
    ),
    Guard(
        "guard.threshold",
        "a round mark crossed (越过一千亿美元关口, 迈上5000亿元台阶, 突破500亿元，达502亿元), not the figure",
        _threshold,
    ),
    Guard(
        "guard.comparison_base",
        "the level the figure is compared with (比2011年的228.2亿美元), not a figure of the period",
        lambda v: bool(_COMPARED_WITH.search(v.before)),
    ),
    Guard(
        "guard.milestone",
        "a milestone timed by how long it took (从10亿美元扩大到50亿美元耗时10年), not a period's figure",
        _milestone,
    ),
    Guard(
        "guard.not_trade_value",
        "money that is not trade (investment, loans, contracts, output, sales)",
        lambda v: bool(_NOT_TRADE.search(_clause_before(v))),
    ),
    Guard(
        "guard.fiscal_year",
        "for a fiscal year (本财年, 2022/23财年) whose months the Chinese wording does not settle",
        lambda v: bool(_FISCAL.search(v.text)),
    ),
    Guard(
        "guard.trade_mode",
        "a breakdown by trade mode (边境小额贸易, 一般贸易), not the economy's trade",
        lambda v: bool(_TRADE_MODES.search(_clause_before(v))),
    ),
)
