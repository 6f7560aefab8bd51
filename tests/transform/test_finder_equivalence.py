"""The fast sentence finders give exactly what the straightforward ones gave.

`transform.prefilter` lets the finders skip patterns a sentence cannot match and try the rest only
where a match can start. The reference implementations below are the finders as they were before
(every pattern's `finditer` over every sentence), reading the same live tables, so an entry added to a
table is checked here too. They run over every sentence of the repository's fixtures (site fixtures,
the demo site's pages), of the evaluation sets, and of the devset when this machine has it (read at
test time, never copied), plus upper-case and case-variant copies ("ı", "İ", "ſ", Kelvin sign) of a
share of them and the text before and after each amount (the windows extraction scans).
"""

from __future__ import annotations

import json
import random
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import lxml.html
import pytest

from transform import amounts, entities, patterns, periods, prefilter, sentences
from transform.prefilter import fold

REPO_ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = date(2024, 12, 20)  # year-end: "this year" resolves too


# --------------------------------------------------------------------------------- reference finders


def reference_find_periods(text: str, published: date) -> list[periods.PeriodMention]:
    text = periods._EDITORIAL_BRACKET.sub(lambda m: " " + m.group(1) + " ", text)
    taken = [(m.start(), m.end()) for m in periods._DATE_RE.finditer(text)]
    found = []
    for kind, pattern in periods._PATTERNS:
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            mention = periods._resolve(kind, match, published)
            if mention is None:
                continue
            found.append(mention)
            taken.append((match.start(), match.end()))
    found.sort(key=lambda p: p.start)
    return found


def reference_find_amounts(text: str) -> list[amounts.Amount]:
    found: list[amounts.Amount] = []
    taken: list[tuple[int, int]] = []
    for match in amounts._PREFIX_RE.finditer(text):
        parsed = amounts._value_of(match)
        if parsed is None:
            continue
        value, scale_missing = parsed
        end = match.end()
        if match.group("neg"):
            value = -value
        token = match.group("cur")
        currency = amounts.PREFIX_CURRENCIES.get(token) or amounts.PREFIX_CURRENCIES.get(token.upper(), "USD")
        found.append(
            amounts.Amount(value, currency, match.start(), end, text[match.start() : end], scale_missing)
        )
        taken.append((match.start(), end))
    for match in amounts._SUFFIX_RE.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        parsed = amounts._value_of(match)
        if parsed is None:
            continue
        value, scale_missing = parsed
        if match.group("neg"):
            value = -value
        currency = next(
            iso for i, (_, iso) in enumerate(amounts.SUFFIX_CURRENCIES) if match.group(f"suf{i}") is not None
        )
        found.append(
            amounts.Amount(value, currency, match.start(), match.end(), match.group(0), scale_missing)
        )
    found.sort(key=lambda a: a.start)
    return found


def _reference_index_in_parentheses(text: str) -> list[tuple[int, int, float]]:
    ends = {a.end for a in reference_find_amounts(text)}
    found = []
    for m in patterns._PAREN_PCT.finditer(text):
        value = patterns._pct_value(m.group("num"))
        gap = text[: m.start()]
        if not (100 < value < 1000) and not any(gap[e:].strip() == "" for e in ends if e <= m.start()):
            continue
        found.append((m.start(), m.end(), value))
    if not any(100 < v < 1000 for _, _, v in found):
        return []
    return [(s, e, round(v - 100.0, 6)) for s, e, v in found if v > 20]


def reference_find_percents(text: str) -> list[patterns.Percent]:
    p = patterns
    out: list[p.Percent] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, value: float | None) -> None:
        if any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        out.append(p.Percent(start, end, kind, value))

    for m in p._MULTIPLE.finditer(text):
        add(m.start(), m.end(), "multiple", None)
    for start, end, value in _reference_index_in_parentheses(text):
        add(start, end, "change", value)
    for m in p._INDEX_LEVEL.finditer(text):
        add(m.start(), m.end(), "change", round(p._pct_value(m.group("num")) - 100.0, 6))
    for m in p._SHARE.finditer(text):
        nums = [g for g in m.groups() if g is not None and re.fullmatch(r"\d+(?:[.,]\d+)?|[a-z]+", g)]
        if nums:
            add(m.start(), m.end(), "share", p._pct_value(nums[-1]))
    for m in p._GROWTH_RATE.finditer(text):
        value = p._pct_value(m.group("num"))
        if value > 100 and re.search(r"amounted|made\s+up|stood|came|equal", m.group(0), re.IGNORECASE):
            value = round(value - 100.0, 6)
        add(m.start(), m.end(), "change", value)
    for pattern in (p._CHANGE_OR, p._CHANGE_WORD_FIRST, p._CHANGE_PCT_FIRST, p._CHANGE_WORD_BY):
        for m in pattern.finditer(text):
            if (
                p._PP.match(text, m.end() - 20 if m.end() >= 20 else 0)
                and "point" in text[m.end() : m.end() + 8]
            ):
                continue
            value = p._pct_value(m.group("num"))
            add(m.start(), m.end(), "change", -value if p._is_down(m.group("dir")) else value)
    for m in p._ELLIPTIC_CHANGE.finditer(text):
        earlier = [q for q in out if q.kind == "change" and q.end <= m.start() and q.value is not None]
        if earlier:
            value = p._pct_value(m.group("num"))
            add(m.start(), m.end(), "change", value if earlier[-1].value >= 0 else -value)
    out.sort(key=lambda q: q.start)
    return [q for q in out if not text[q.end : q.end + 8].lstrip().lower().startswith("point")]


def reference_flow_cues(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.lastgroup or "total") for m in patterns._FLOW_CUES.finditer(text)]


def reference_find_entities(text: str) -> list[entities.EntityMention]:
    e = entities
    found: list[e.EntityMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, end: int) -> bool:
        return not any(a < end and s < b for a, b in taken)

    for kind, pattern in e._NO_CODE_RES:
        for m in pattern.finditer(text):
            if free(m.start(), m.end()):
                found.append(e.EntityMention(m.start(), m.end(), m.group(0), None, kind))
                taken.append((m.start(), m.end()))
    for code, pattern in e._GROUP_RES:
        for m in pattern.finditer(text):
            if free(m.start(), m.end()):
                end = m.end()
                possessive = bool(re.match(r"['’](?:s\b|(?=\s))", text[end : end + 3]))
                if possessive:
                    end += 2 if text[end : end + 2] in ("'s", "’s") else 1
                found.append(
                    e.EntityMention(m.start(), end, text[m.start() : end], code, "group", possessive)
                )
                taken.append((m.start(), end))
    lookup = e._name_lookup()
    for m in e._name_regex().finditer(text):
        if not free(m.start(), m.end()):
            continue
        written = m.group(0)
        after = text[m.end() : m.end() + 20]
        if e._CURRENCY_AFTER.match(after) or (written in e._DOLLAR_PREFIXES and after.startswith(" $")):
            taken.append((m.start(), m.end()))
            continue
        possessive = bool(e._POSSESSIVE.search(written))
        code, kind, adjective = lookup[e._POSSESSIVE.sub("", written)]
        descriptive = bool(
            e._DESCRIPTIVE_AFTER.match(text[m.end() : m.end() + 30])
            or e._DESCRIPTIVE_BEFORE.search(text[: m.start()])
        )
        found.append(
            e.EntityMention(m.start(), m.end(), written, code, kind, possessive, adjective, descriptive)
        )
        taken.append((m.start(), m.end()))
    for m in e._UNKNOWN_SUBJECT.finditer(text):
        if free(m.start(), m.end()) and m.group("name") not in e._NOT_A_PLACE:
            found.append(e.EntityMention(m.start(), m.end(), m.group(0), None, "subnational", True))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda x: x.start)
    return e._as_actors(text, found)  # the step after scanning is shared: it reads the mentions, not the text


def _reference_split_paragraph(text: str) -> list[tuple[int, int]]:
    cuts = [0]
    for m in sentences._BOUNDARY.finditer(text):
        before = text[: m.start()]
        if before.endswith("."):
            word = re.search(r"([A-Za-z][A-Za-z.]*)\.$", before)
            if word and (
                word.group(1).lower() in sentences.ABBREVIATIONS
                or re.fullmatch(r"[a-z]", word.group(1).lower())
            ):
                continue
        if re.search(r"\d\.$", before) and re.match(r"\s+\d", text[m.end() :]):
            continue
        if sentences._DATELINE.match(text[cuts[-1] : m.end()].strip()):
            continue
        cuts.append(m.end())
    cuts.append(len(text))
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        chunk = text[a:b]
        lead, trail = len(chunk) - len(chunk.lstrip()), len(chunk.rstrip())
        if trail > lead:
            spans.append((a + lead, a + trail))
    return spans


def reference_split_sentences(body: str) -> list[sentences.Sentence]:
    out: list[sentences.Sentence] = []
    paragraphs = [
        (m.start(), m.end()) for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", body) if m.group(0).strip()
    ]
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        for line_match in re.finditer(r"[^\n]+", body[p_start:p_end]):
            line, offset = line_match.group(0), p_start + line_match.start()
            mark = sentences._LIST_MARK.match(line)
            if mark:
                line, offset = line[mark.end() :], offset + mark.end()
            for a, b in _reference_split_paragraph(line):
                out.append(
                    sentences.Sentence(
                        body[offset + a : offset + b], offset + a, offset + b, p_index, len(out)
                    )
                )
    return out


# ------------------------------------------------------------------------------------------ the texts


def _repository_bodies() -> list[str]:
    bodies = []
    for path in sorted((REPO_ROOT / "tests" / "fixtures" / "sites").glob("*/*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        bodies.append("\n\n".join(raw.get("paragraphs") or []))
        bodies.append(raw.get("title") or "")
    site = REPO_ROOT / "flows" / "demo_site"
    for record in json.loads(
        (REPO_ROOT / "tests" / "fixtures" / "demo_articles.json").read_text(encoding="utf-8")
    ):
        tree = lxml.html.fromstring((site / record["path"]).read_bytes())
        bodies.append("\n\n".join(p.text_content().strip() for p in tree.iter("p")))
        bodies.append(record.get("title") or "")
    for path in sorted((REPO_ROOT / "bench" / "evalsets").glob("*/articles/*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        bodies += [raw.get("body") or "", raw.get("title") or ""]
    return bodies


def _devset_bodies(devset_dir: Path) -> list[str]:
    bodies = []
    for path in sorted((devset_dir / "articles").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        bodies += [raw.get("body") or "", raw.get("title") or ""]
    truth = devset_dir / "bodies" / "ground_truth.json"
    if truth.is_file():
        for page in json.loads(truth.read_text(encoding="utf-8")).values():
            body = page.get("body") if isinstance(page, dict) else None
            bodies.append("\n\n".join(body) if isinstance(body, list) else body or "")
    return bodies


def _outcome(finder, text):
    """The answer, or the exception's type: an input the old code failed on must fail the same way."""
    try:
        return finder(text)
    except Exception as error:  # noqa: BLE001 - compared, not hidden
        return type(error)


# Case variants `re.IGNORECASE` treats as ASCII letters: dotless i, dotted capital I, long s, Kelvin sign.
_VARIANTS = str.maketrans({"i": "ı", "I": "İ", "s": "ſ", "k": "K"})


def _texts(bodies: list[str]) -> list[str]:
    """Sentences of the bodies, case variants of every fifth, and the windows around each amount."""
    texts: dict[str, None] = {}
    for body in bodies:
        for n, sentence in enumerate(s.text for s in sentences.split_sentences(body)):
            texts[sentence] = None
            if n % 5 == 0:
                texts[sentence.upper()] = None
                texts[sentence.translate(_VARIANTS)] = None
            found = _outcome(amounts.find_amounts.uncached, sentence)
            for amount in found if isinstance(found, list) else []:
                texts[sentence[: amount.start]] = None
                texts[sentence[amount.end :]] = None
    return [t for t in texts if t]


@lru_cache(maxsize=1)
def _repository_texts() -> tuple[list[str], list[str]]:
    bodies = _repository_bodies()
    return bodies, _texts(bodies)


@pytest.fixture(scope="module", params=["repository", "devset"])
def corpus(request) -> tuple[list[str], list[str]]:
    """(bodies, texts) of the repository's own articles, then of the devset (skipped where absent)."""
    if request.param == "repository":
        return _repository_texts()
    bodies = _devset_bodies(request.getfixturevalue("devset_dir"))
    return bodies, _texts(bodies)


def _mismatches(texts, fast, reference) -> list[str]:
    return [text for text in texts if _outcome(fast, text) != _outcome(reference, text)]


# ------------------------------------------------------------------------------------------- the tests


def test_the_corpus_is_large_and_varied(corpus) -> None:
    bodies, texts = corpus
    assert len(texts) > 1500
    assert sum(1 for t in texts if not t.isascii()) > 100  # curly quotes, dashes, case variants


def test_find_periods_matches_reference(corpus) -> None:
    fast = periods.find_periods.uncached
    assert (
        _mismatches(corpus[1], lambda t: fast(t, PUBLISHED), lambda t: reference_find_periods(t, PUBLISHED))
        == []
    )


def test_find_percents_matches_reference(corpus) -> None:
    assert _mismatches(corpus[1], patterns.find_percents.uncached, reference_find_percents) == []


def test_flow_cues_matches_reference(corpus) -> None:
    assert _mismatches(corpus[1], patterns.flow_cues.uncached, reference_flow_cues) == []


def test_find_entities_matches_reference(corpus) -> None:
    assert _mismatches(corpus[1], entities.find_entities.uncached, reference_find_entities) == []


def test_find_amounts_matches_reference(corpus) -> None:
    assert _mismatches(corpus[1], amounts.find_amounts.uncached, reference_find_amounts) == []


def test_split_sentences_matches_reference(corpus) -> None:
    bodies = corpus[0] + ["\n\n".join(corpus[1][i : i + 7]) for i in range(0, len(corpus[1]), 7)]
    assert [b[:80] for b in _mismatches(bodies, sentences.split_sentences, reference_split_sentences)] == []


def test_the_word_before_a_final_dot_is_what_the_regex_captured() -> None:
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice("aZé. .\n1-") for _ in range(rng.randint(0, 14)))
        match = re.search(r"([A-Za-z][A-Za-z.]*)\.$", text)
        assert sentences._word_before_dot(text) == (match.group(1) if match else None), repr(text)


def test_memoised_finders_answer_as_the_uncached_ones(corpus) -> None:
    for text in [t for t in corpus[1] if t.isascii()][:300]:
        assert periods.find_periods(text, PUBLISHED) == reference_find_periods(text, PUBLISHED)
        assert patterns.find_percents(text) == reference_find_percents(text)
        assert entities.find_entities(text) == reference_find_entities(text)
        assert amounts.find_amounts(text) == reference_find_amounts(text)


def _module_patterns() -> list[re.Pattern[str]]:
    """Every compiled pattern of the finder modules, alone or in a table: new entries are found here too."""
    found: list[re.Pattern[str]] = [entities._name_regex()]
    for module in (periods, patterns, entities, amounts, sentences):
        for value in vars(module).values():
            if isinstance(value, re.Pattern):
                found.append(value)
            elif isinstance(value, list | tuple):
                found += [
                    item[-1]
                    for item in value
                    if isinstance(item, tuple) and item and isinstance(item[-1], re.Pattern)
                ]
    return found


def test_every_finder_pattern_scans_exactly_like_finditer(corpus) -> None:
    """No gate or start anchor rejects text a pattern matches: each planned scanner against plain finditer.

    The scanners checked are those the finders planned while answering for the corpus, so a pattern
    added to a table (or a new one scanned through `scanner_for`) is checked without naming it here.
    """
    texts = corpus[1][:: -(-len(corpus[1]) // 4000)]  # at most 4,000, evenly spread
    for text in texts[:500]:
        for finder in (
            patterns.find_percents,
            patterns.flow_cues,
            entities.find_entities,
            amounts.find_amounts,
        ):
            _outcome(finder.uncached, text)
        _outcome(lambda t: periods.find_periods.uncached(t, PUBLISHED), text)
    module_patterns = {id(p) for p in _module_patterns()}
    tables = [*periods._PATTERNS, *entities._NO_CODE_RES, *entities._GROUP_RES]
    scanners = [s for s in prefilter._SCANNERS.values() if id(s.pattern) in module_patterns]
    assert {id(p) for _, p in tables} <= {id(s.pattern) for s in scanners}
    planned = [s for s in scanners if s.gate.required or s.anchors is not None]
    assert len(planned) > 0.8 * len(scanners)  # most patterns are gated or anchored (else: slow again)
    folded = [fold(t) for t in texts]
    wrong = []
    for scanner in planned:
        pattern = scanner.pattern
        for text, folded_text in zip(texts, folded, strict=True):
            plain = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            if [(m.span(), m.groups()) for m in scanner.finditer(text, folded_text)] != plain:
                wrong.append((pattern.pattern[:60], text[:80]))
                break
    assert wrong == []
