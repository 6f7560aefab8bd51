"""Side evidence (issue 13, part 2): every side names the rule that resolved it, with a measured confidence,
and a side resolved only by weak evidence is rejected with a reason that says what was considered."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl
import pytest
from extraction_helpers import extract
from test_validation import make  # a valid candidate (China-Kazakhstan, 2023), with overrides

from load.schemas import to_table
from load.writer import write_dataset
from transform import evidence
from transform.amounts import find_amounts
from transform.draft import Draft
from transform.evidence import BY_ID, CONFIDENCE_BAR, EVIDENCE, Evidence, measured_confidence
from transform.sentences import split_sentences
from transform.validation import validate

TRANSFORM = Path(__file__).resolve().parents[2] / "transform"
_ID_LITERAL = re.compile(r'"((?:explicit|sentence|part|continuation|anaphor|context|lang)\.[a-z_]+)"')


def _ids_in_code() -> set[str]:
    found: set[str] = set()
    for path in TRANSFORM.rglob("*.py"):
        if path.name not in ("evidence.py", "rules.py"):  # rules.py holds validation rule ids
            found.update(_ID_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_id_the_rules_set_is_in_the_table_and_every_table_id_is_set_somewhere() -> None:
    in_code = _ids_in_code()
    assert in_code - set(BY_ID) == set()
    assert set(BY_ID) - in_code == set()
    assert len(BY_ID) == len(EVIDENCE)  # ids are unique


def test_confidence_is_the_share_right_shrunk_towards_the_prior() -> None:
    assert measured_confidence(0, 0) == 0.8  # never seen: the prior
    assert measured_confidence(2, 0) == 0.85  # seen twice, always right: not 1.00
    assert measured_confidence(550, 19) == 0.96
    assert measured_confidence(12, 5) == 0.72
    assert measured_confidence(3, 9) == 0.41
    assert all(0 < e.confidence <= 1 for e in EVIDENCE)


def test_a_side_named_around_the_figure_is_explicit() -> None:
    [stat] = extract(
        "Kazakhstan's exports to China rose to $15.2 billion in 2023, the statistics bureau said."
    )
    assert (stat.reporter, stat.partner) == ("KZ", "CN")
    assert (stat.reporter_evidence, stat.partner_evidence) == ("explicit.role", "explicit.role")


def test_the_regions_exports_resolve_to_the_region_of_the_article() -> None:
    body = (
        "Xinjiang's foreign trade reached 357.3 billion yuan in 2023, Urumqi Customs said.\n\n"
        "The region's exports rose 4.1 percent to 302.5 billion yuan."
    )
    whole, exports = extract(body, "2024-02-15")
    assert (whole.reporter_evidence, whole.partner_evidence) == ("explicit.role", "explicit.world")
    assert (exports.reporter, exports.partner) == ("CN-XJ", "WORLD")
    assert (exports.reporter_evidence, exports.partner_evidence) == (
        "anaphor.region",
        "context.world_default",
    )


def test_a_figure_after_the_countrys_total_carries_the_reporter_from_the_context() -> None:
    body = (
        "Kazakhstan's foreign trade turnover reached $139.8 billion in 2023, the statistics bureau said.\n\n"
        "Exports fell 5 percent to $78.7 billion."
    )
    _, exports = extract(body, "2024-02-15")
    assert (exports.reporter, exports.partner, exports.flow) == ("KZ", "WORLD", "export")
    assert exports.reporter_evidence.startswith("context.")


def test_a_mirrored_statistic_keeps_each_sides_evidence_with_the_side() -> None:
    text = "Kazakh exports to Uzbekistan came to $2.8 billion."
    [sentence] = split_sentences(text)
    [amount] = find_amounts(text)
    draft = Draft(sentence=sentence, amount=amount, flow="export", role="level")
    draft.set_reporter(("KZ", "Kazakh"), "explicit.role")
    draft.set_partner(("UZ", "Uzbekistan"), "context.story_pair")
    draft.swap_sides()  # Uzbek data: Uzbekistan's imports from Kazakhstan
    assert (draft.reporter, draft.reporter_via) == ("UZ", "context.story_pair")
    assert (draft.partner, draft.partner_via) == ("KZ", "explicit.role")
    draft.set_partner((None, None), "context.world_default")
    assert draft.partner_via is None  # no side, no evidence


# --- actors.low_confidence ------------------------------------------------------------------------------

BILATERAL_STORY = (
    "Trade between Tajikistan and Uzbekistan reached $500 million in 2023, the statistics agency said.\n\n"
    "Tajik exports amounted to $120 million last year."
)


@pytest.fixture
def weak_story_pair(monkeypatch: pytest.MonkeyPatch) -> Evidence:
    """The story's pair as a kind of evidence measured to be wrong more often than right (3 right, 9 wrong):
    on the development sets no kind is that weak today (see test_no_kind_is_below_the_bar_today)."""
    weak = replace(BY_ID["context.story_pair"], right=3, wrong=9)
    monkeypatch.setitem(BY_ID, "context.story_pair", weak)
    return weak


def test_the_story_pair_resolves_a_partner_the_sentence_does_not_name() -> None:
    # "Tajik exports" in a story about Tajikistan and Uzbekistan: to Uzbekistan, or to the world?
    stats = extract(BILATERAL_STORY, "2024-02-15", title="Tajikistan and Uzbekistan trade grows")
    exports = next(s for s in stats if s.flow == "export")
    assert (exports.reporter, exports.partner) == ("TJ", "UZ")
    assert (exports.reporter_evidence, exports.partner_evidence) == ("explicit.role", "context.story_pair")


def test_a_side_resting_on_weak_evidence_is_rejected_with_what_was_considered(weak_story_pair) -> None:
    assert weak_story_pair.confidence < CONFIDENCE_BAR
    stats = extract(BILATERAL_STORY, "2024-02-15", title="Tajikistan and Uzbekistan trade grows")
    result = validate(stats)
    assert [s.value for s in result.accepted] == [500e6]
    [rejected] = result.rejected
    assert rejected.rule == "actors.low_confidence"
    assert rejected.statistic.partner_evidence == "context.story_pair"
    assert "partner 'UZ' rests on context.story_pair" in rejected.reason
    assert f"confidence {weak_story_pair.confidence:.2f}" in rejected.reason
    assert "reporter by explicit.role" in rejected.reason


def test_the_same_exports_with_their_partner_written_are_kept(weak_story_pair) -> None:
    body = BILATERAL_STORY.replace("Tajik exports amounted", "Tajik exports to Uzbekistan amounted")
    result = validate(extract(body, "2024-02-15", title="Tajikistan and Uzbekistan trade grows"))
    assert sorted(s.value for s in result.accepted) == [120e6, 500e6]
    assert result.rejected == ()


def test_only_the_kinds_measured_weak_are_below_the_bar() -> None:
    # Measured per side on the development sets (bench.evidence_precision, rules-1.18.0), one kind is right
    # less often than the bar asks: "the region's" read as the group last named, once right, once wrong. The
    # bar catches such a kind; unseen kinds (the prior, 0.8) pass it.
    assert [e.id for e in EVIDENCE if e.confidence < CONFIDENCE_BAR] == ["anaphor.group"]
    assert measured_confidence(0, 0) >= CONFIDENCE_BAR


@pytest.mark.parametrize(
    ("reporter_via", "partner_via", "rejected"),
    [
        ("explicit.role", "explicit.role", False),
        ("context.topic", "context.world_default", False),
        (None, None, False),  # no evidence recorded (rows built outside extraction): not this rule's to judge
        ("context.story_pair", "explicit.role", True),  # the weaker side decides, whichever it is
        ("explicit.role", "context.story_pair", True),
        ("no.such_id", "explicit.role", False),  # an id from a newer rule set: unknown, not weak
    ],
)
def test_the_weaker_side_against_the_bar(weak_story_pair, reporter_via, partner_via, rejected) -> None:
    result = validate([make(reporter_evidence=reporter_via, partner_evidence=partner_via)])
    assert [r.rule for r in result.rejected] == (["actors.low_confidence"] if rejected else [])


def test_confidences_keep_the_order_of_how_explicit_the_evidence_is() -> None:
    assert evidence.confidence("explicit.role") >= evidence.confidence("context.story_pair") > CONFIDENCE_BAR


def test_evidence_columns_are_stored_and_read_back_by_duckdb_and_polars(tmp_path, weak_story_pair) -> None:
    stats = extract(BILATERAL_STORY, "2024-02-15", title="Tajikistan and Uzbekistan trade grows")
    result = validate(stats)
    rows = [s.__dict__ for s in result.accepted]
    write_dataset(tmp_path, "trade_stats", to_table("trade_stats", rows), "run1")
    rejects = [
        {"statistic": r.statistic.__dict__, "rule": r.rule, "reason": r.reason} for r in result.rejected
    ]
    write_dataset(tmp_path, "rejects", to_table("rejects", rejects), "run1")
    glob = str(tmp_path / "trade_stats" / "**" / "*.parquet")
    assert duckdb.sql(
        f"select reporter_evidence, partner_evidence from read_parquet('{glob}')"
    ).fetchall() == [("explicit.pair", "explicit.pair")]
    frame = pl.read_parquet(str(tmp_path / "rejects" / "**" / "*.parquet"))
    assert frame.select("rule", "partner_evidence").rows() == [
        ("actors.low_confidence", "context.story_pair")
    ]
