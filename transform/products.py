"""The product group of a figure, from the words around its trade word."""

from __future__ import annotations

import re

from transform.amounts import Amount
from transform.draft import Draft, Drop, coded_mentions, side_of
from transform.entities import EntityMention, find_entities
from transform.patterns import (
    COMMODITY_WORDS,
    commodity_in,
    generic_commodity,
)

_CUE_WORD = re.compile(r"\S+")


# "exported 1.2 million tonnes of wheat worth $X", "imported cotton worth $X"
_GOODS_WORTH = re.compile(
    r"^(?:exported|imported|sold|bought|shipped|supplied|purchased|exports|imports|shipments|supplies)\s+"
    r"(?:(?:about|some|nearly|over|more\s+than\s+)?[\d.,]+\s+(?:(?:million|thousand|billion)\s+)?"
    r"(?:tons?|tonnes?|barrels|cubic\s+met(?:er|re)s|heads)\s+of\s+)?([a-z][a-z\s-]{2,30}?)\s+"
    r"(?:worth|valued\s+at|amounting\s+to|totaling|totalling)\s+$",
    re.IGNORECASE,
)


_OF_PHRASE = re.compile(
    r"^\s+(?:of|in)\s+((?:[\w-]+\s+){0,6}?[\w-]+)(?=\s+(?:to|from|with|into|amounted|reached|came|were|was"
    r"|totaled|totalled|stood|rose|fell|grew|increased|decreased|fetched|earned|brought|generated|hit|exceeded"
    r"|surged|jumped|dropped|declined|climbed|soared|topped|surpassed|added|,))",
    re.IGNORECASE,
)


_KIND_OF_PRODUCTS = re.compile(
    r"^(?!(?:other|various|all|many|such|these|those|its|their|the|our|finished|domestic|local|foreign|chinese"
    r"|more|most|some|different|key|main|major|manufactured|industrial|consumer)\s)[a-z-]{4,}\s+"
    r"(?:products|goods)$",
    re.IGNORECASE,
)


_TIME_WORD = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar"
    r"|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|quarter|half|year|month|months|period|week)\b",
    re.IGNORECASE,
)


# How far before its trade word a figure's product group is looked for ("textile exports").
PRODUCT_WORDS_BEFORE = 40


def commodity_of(text: str, cue_start: int | None, amount_start: int) -> str | None:
    """The product group: words right before the trade word, or "exports of X"; not an appositive list."""
    if cue_start is None:
        return None
    lo = max(0, cue_start - PRODUCT_WORDS_BEFORE)
    word = _CUE_WORD.match(text, cue_start)
    cue_end = word.end() if word else cue_start
    before = text[lo:cue_start]
    cut = max(before.rfind(","), before.rfind(";"), before.rfind(" - "), before.rfind("("))
    if cut != -1:
        before = before[cut + 1 :]
    units = _GOODS_WORTH.match(text[cue_start:amount_start])
    if units:
        product = " ".join(units.group(1).split())
        if _KIND_OF_PRODUCTS.match(product) and not find_entities(product):
            return product.lower()  # "textile products worth $3.2 billion"
        if not re.search(
            r"\b(?:goods|products|merchandise|commodities|cargo|items|the|between|with|to|from|its|their"
            r"|were|was|are|is|been|have|has|had|reportedly|also|only|and\s+(?:exports|imports))\b",
            product,
        ):
            return product
    of_phrase = _OF_PHRASE.match(text[cue_end:amount_start])
    if of_phrase and re.match(
        r"^(?:exports?|imports?|shipments|supplies|sales)$", text[cue_start:cue_end], re.IGNORECASE
    ):
        product = " ".join(of_phrase.group(1).split())
        if (
            not any(
                not m.descriptive for m in find_entities(product)
            )  # "traditional Chinese herbs" names none
            and not re.search(
                r"\b(?:goods|merchandise|commodities|the|all|its|their|this|that|these|those|about|some|over|nearly)\b",
                product,
                re.IGNORECASE,
            )
            and not re.search(r"\d", product)
            and not _TIME_WORD.search(product)
        ):
            return product.lower()
    segment = before + text[cue_start:cue_end] + (" of " + of_phrase.group(1) if of_phrase else "")
    if re.search(r"\bgoods\b", segment, re.IGNORECASE) and not re.search(
        r"product|categor", segment, re.IGNORECASE
    ):
        return None
    return commodity_in(segment) or generic_commodity(text[lo:cue_start], text[cue_start:cue_end])


_NOT_A_PRODUCT = re.compile(
    r"^(?:goods|products|merchandise|commodities|cargo|items|trade|exports|imports|it|them|this|these|those"
    r"|the\s+goods|all\s+goods|various\s+goods)"
    r"(?:\s+(?:\w+ed|sold|sent|shipped|bought|brought|made|supplied|delivered|exported|imported))?$",  # "goods delivered"
    re.IGNORECASE,
)


_WORTH_OF_AFTER = re.compile(
    r"^\s*(?:worth|in\s+value)\s+of\s+(?P<p>(?:[A-Z][a-z]+\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)"
    r"(?=\s*(?:[,.;)]|$|\s(?:to|from|in|into|and|was|were|last|this|during|over)\b))"
)


# "$384.3 million of fertilizers", "$2 billion of crude oil": a product of the commodity lexicon right after.
_OF_NAMED_PRODUCT = re.compile(
    rf"^\s*(?:worth\s+)?of\s+(?P<p>(?:[a-z-]+\s+)?(?:{COMMODITY_WORDS}))\b(?!\s+(?:and\s+)?(?:exports|imports|trade))",
    re.IGNORECASE,
)


_PURCHASES_OF = re.compile(
    r"\b(?:purchases|procurement|sales|deliveries)\s+of\s+(?P<p>(?:[A-Z][a-z]+\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)"
    r"(?=\s+(?:from|to|by|in|rose|fell|grew|reached|amounted|totaled|totalled|stood|were|was|worth|valued)\b|\s*,)"
)


# "$2.39 billion came from Turkmenistan's sales of natural gas to Beijing": the part is that product's trade.
_CAME_FROM_PRODUCT = re.compile(
    r"^\W*(?:came|comes|come|was|were)\s+(?:almost\s+|mostly\s+|largely\s+)?(?:from|accounted\s+for\s+by)\s+"
    r"(?P<owner>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?['’]s\s+)?"
    r"(?P<how>sales|exports|supplies|deliveries|shipments|purchases|imports)\s+of\s+"
    r"(?P<p>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)(?=\s+(?:to|from|in|into|at|by)\b|\s*[,.;]|$)"
)


_BUYER_OF = re.compile(
    r"\b(?P<role>buyers?|importers?|purchasers?|consumers?|customers?|suppliers?|exporters?|sellers?)\s+of\s+"
    r"(?P<p>(?:[A-Z][a-z]+\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)(?=\s+(?:was|were|is|are|remained|became)\b|\s*,)"
)


def _product_name(phrase: str) -> tuple[str | None, EntityMention | None]:
    """ "Uzbek yarn" -> ("yarn", the Uzbek mention); a generic word ("goods", "it") -> (None, ...)."""
    origin = next((m for m in find_entities(phrase) if m.code is not None and m.start == 0), None)
    product = phrase[origin.end :] if origin is not None else phrase
    product = " ".join(product.split()).lower()
    if not product or _NOT_A_PRODUCT.match(product) or find_entities(product) or _TIME_WORD.search(product):
        return None, origin
    return product, origin


def product_phrase(stat: Draft, text: str, mentions: list[EntityMention], amount: Amount) -> None:
    """Product-level wording the trade-word rules miss: never an aggregate figure.

    "$386 million worth of yarn", "purchases of cotton from ...", and "The largest buyer of Uzbek yarn was
    China, which purchased $386 million worth of it" (Uzbek exports of yarn to China: the buyer is the
    partner, the product's origin the reporter).
    """
    worth = _WORTH_OF_AFTER.match(text[amount.end :])
    product: str | None = None
    if worth is not None:
        product, _ = _product_name(worth.group("p"))
    named_after = _OF_NAMED_PRODUCT.match(text[amount.end :])
    if product is None and named_after is not None:
        product = " ".join(named_after.group("p").lower().split())  # "exported $384.3 million of fertilizers"
    if product is None:
        purchases = [m for m in _PURCHASES_OF.finditer(text) if m.start() < amount.start]
        if purchases:
            product, _ = _product_name(purchases[-1].group("p"))
    buyer = next((m for m in _BUYER_OF.finditer(text) if m.start() < amount.start), None)
    if product is None and buyer is not None:
        product, origin = _product_name(buyer.group("p"))
        if product is not None:
            named = [
                m
                for m in coded_mentions(mentions)
                if m.start >= buyer.end() and m.start < amount.start and not m.adjective
            ]
            if origin is not None and named and named[0].code != origin.code:
                selling = buyer.group("role").lower().startswith(("supplier", "exporter", "seller"))
                stat.set_reporter(side_of(origin), "sentence.product_origin")
                stat.set_partner(side_of(named[0]), "sentence.product_origin")
                stat.flow = "import" if selling else "export"
    if product is None:
        product = _product_part_after(stat, text, mentions, amount)
    if product is not None:
        stat.commodity = product


def _product_part_after(stat: Draft, text: str, mentions: list[EntityMention], amount: Amount) -> str | None:
    """The product of "$X came from <owner>'s sales of <product>"; a total becomes the owner's export (sales)
    or import (purchases) when the owner is a side of it."""
    m = _CAME_FROM_PRODUCT.match(text[amount.end :])
    if m is None:
        return None
    product, _ = _product_name(m.group("p"))
    if product is None:
        return None
    owner = next((e for e in coded_mentions(mentions) if e.start == amount.end + m.start("owner")), None)
    if stat.flow == "total" and owner is not None and owner.code in (stat.reporter, stat.partner):
        buying = m.group("how") in ("purchases", "imports")
        own = owner.code == stat.reporter
        stat.flow = "import" if buying == own else "export"
    return product


_LIST_PRODUCT = re.compile(
    r"(?:followed\s+by|,|\band|\bwhile|\bthen)\s+(?:by\s+)?(?:(?:exports|imports|shipments|supplies|sales)\s+of\s+)?"
    r"(?P<c>[a-z][a-z\s-]{2,30}?)\s*(?:at|worth|with|valued\s+at|totaling|totalling|of|\(|[-–—:])\s*$",
)


UNCLEAR_LIST_ITEM = Drop(
    "products.unclear_list_item",
    "an item of a list of products whose product is not clear: never an aggregate",
)


def list_commodity(window: str) -> str | None:
    """ "..., followed by barley at $61.3 million and sunflower oil at $57.9 million": the item's product."""
    m = _LIST_PRODUCT.search(window)
    if m is None:
        return None
    product = re.sub(r"^(?:followed\s+by|then|and)\s+", "", " ".join(m.group("c").split()))
    if re.search(r"\b(?:the|its|their|total|trade|exports?|imports?|goods|which|this|that)\b", product):
        return None
    return product
