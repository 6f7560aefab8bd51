"""`trace_amounts`: every amount mention of an article, with the candidate it became or what dropped it.

One test per kind of outcome: a candidate; a guard of the table; the mention stage (a USD conversion,
an unknown scale); the flow stage; the actors stage; finalise (a duplicate); page furniture. And the
trace agrees with `extract_candidates` and names only ids that exist.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from transform.extraction import AmountTrace, extract_candidates, trace_amounts
from transform.guards import ALL_GUARDS, GUARDS
from transform.model import ArticleText


def article(body: str, title: str | None = None) -> ArticleText:
    return ArticleText("a1", "test", "https://example.org/a1", datetime(2024, 6, 12, tzinfo=UTC), body, title)


def only(traces: list[AmountTrace], text: str) -> AmountTrace:
    found = [t for t in traces if t.text == text]
    assert len(found) == 1, [t.text for t in traces]
    return found[0]


def test_a_candidate_names_the_statistic_it_became():
    body = "Kazakhstan's exports to China reached $5.2 billion in 2023, the statistics committee said."
    trace = only(trace_amounts(article(body)), "$5.2 billion")
    assert trace.dropped_by is None and trace.reason is None
    (statistic,) = trace.candidates
    assert (statistic.reporter, statistic.partner, statistic.flow, statistic.value) == (
        "KZ",
        "CN",
        "export",
        5.2e9,
    )
    assert body[trace.start : trace.end] == "$5.2 billion"
    assert trace.sentence == body and trace.sentence_index == 0


def test_a_guard_of_the_table_drops_a_target():
    body = "Kazakhstan's exports to China reached $5.2 billion in 2023. The two countries aim to raise trade to $35 billion by 2030."
    trace = only(trace_amounts(article(body)), "$35 billion")
    assert trace.candidates == ()
    assert trace.dropped_by == "guard.forecast"
    assert trace.reason == next(g.reason for g in GUARDS if g.id == "guard.forecast")


@pytest.mark.parametrize(
    ("body", "amount", "dropped_by"),
    [
        ("Prices were $150 per tonne.", "$150", "guard.too_small"),
        (
            "The company invested $300 million in a new plant in Almaty in 2023.",
            "$300 million",
            "guard.not_trade_value",
        ),
        (
            "The Asian Development Bank committed $500 million to Kazakhstan in 2023.",
            "$500 million",
            "guard.lender_commitment",
        ),
    ],
)
def test_other_guards(body, amount, dropped_by):
    assert only(trace_amounts(article(body)), amount).dropped_by == dropped_by


def test_the_mention_stage_drops_a_usd_conversion():
    body = "China's trade with Russia reached 1.52 trillion yuan in 2023, equivalent to $214 billion."
    traces = trace_amounts(article(body))
    (statistic,) = only(traces, "1.52 trillion yuan").candidates
    assert statistic.value_usd == 214e9
    conversion = only(traces, "$214 billion")
    assert conversion.dropped_by == "mention.usd_conversion" and conversion.candidates == ()


def test_the_flow_stage_drops_an_amount_without_a_trade_word():
    trace = only(trace_amounts(article("The mayor said $2 billion was spent in 2023.")), "$2 billion")
    assert trace.dropped_by == "flow.none"
    assert "trade word" in trace.reason


def test_the_actors_stage_drops_a_total_whose_sides_are_unknown():
    body = "Uzbekistan, Kazakhstan and Russia traded goods worth $9 billion in 2023."
    trace = only(trace_amounts(article(body)), "$9 billion")
    assert trace.dropped_by == "actors.ambiguous_subject"


def test_finalise_drops_a_duplicate():
    sentence = "Kazakhstan's exports to China reached $5.2 billion in 2023."
    first, second = trace_amounts(article(f"{sentence}\n\n{sentence}"))
    assert len(first.candidates) == 1
    assert second.dropped_by == "finalise.duplicate" and second.candidates == ()
    assert second.start > first.start


def test_page_furniture_is_dropped_by_the_furniture_guard():
    body = (
        "Kazakhstan's exports to China reached $5.2 billion in 2023.\n\nRelated news\n\n"
        "Trade With China Jumps To $9 Billion In Record Year"
    )
    traces = trace_amounts(article(body))
    assert [t.text for t in traces] == ["$5.2 billion", "$9 Billion"]
    assert traces[1].dropped_by == "guard.furniture" == ALL_GUARDS[0].id


def test_the_trace_is_the_extraction():
    body = (
        "China's trade with Russia reached 1.52 trillion yuan in 2023, equivalent to $214 billion, up 3%. "
        "Exports stood at $110 billion and imports at $104 billion. The sides plan to reach $300 billion by 2030."
    )
    traces = trace_amounts(article(body))
    assert [c for t in traces for c in t.candidates] == extract_candidates(article(body))
    assert all((t.dropped_by is None) == bool(t.candidates) for t in traces)


def test_guard_ids_are_unique_and_explained():
    ids = [g.id for g in ALL_GUARDS]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("guard.") and g.reason for i, g in zip(ids, ALL_GUARDS, strict=True))


def _evalset_articles() -> list[ArticleText]:
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "bench" / "evalsets"
    articles = []
    for path in sorted(root.glob("*/articles/*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not raw["published"]:  # undated real articles: a run keeps only what does not need the date
            continue
        published = datetime.fromisoformat(raw["published"]).replace(tzinfo=UTC)
        articles.append(
            ArticleText(raw["id"], "evalset", raw.get("url") or "", published, raw["body"], raw.get("title"))
        )
    return articles


def test_on_every_evalset_article_the_trace_is_the_extraction_and_names_known_ids():
    from transform.actors import AMBIGUOUS_SUBJECT, BILATERAL_UNRESOLVED, SHARE_SUBJECT_CONFLICT
    from transform.finalise import DUPLICATE, SUPERSEDED_BOUND
    from transform.flow import NO_FLOW
    from transform.mentions import CURRENCY_RESTATEMENT, SCALE_UNKNOWN, USD_CONVERSION
    from transform.products import UNCLEAR_LIST_ITEM

    stage_drops = [
        SCALE_UNKNOWN,
        USD_CONVERSION,
        CURRENCY_RESTATEMENT,
        NO_FLOW,
        UNCLEAR_LIST_ITEM,
        BILATERAL_UNRESOLVED,
        AMBIGUOUS_SUBJECT,
        SHARE_SUBJECT_CONFLICT,
        DUPLICATE,
        SUPERSEDED_BOUND,
    ]
    known = {g.id for g in ALL_GUARDS} | {d.id for d in stage_drops}
    seen: set[str] = set()
    articles = _evalset_articles()
    assert articles
    for a in articles:
        traces = trace_amounts(a)
        assert [c for t in traces for c in t.candidates] == extract_candidates(a)
        for t in traces:
            assert (t.dropped_by is None) == bool(t.candidates)
            assert a.body[t.start : t.end] == t.text
            if t.dropped_by is not None:
                assert t.dropped_by in known and t.reason
                seen.add(t.dropped_by)
    assert "guard.forecast" in seen and "flow.none" in seen
