"""transform.undated: an article without a publication date keeps only what does not depend on it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from transform.extraction import extract_candidates
from transform.model import ArticleText
from transform.undated import RULE_ID, reference_dates, split_undated
from transform.validation import validate_with_warnings

BODY = """ASTANA -- Trade between Kazakhstan and its eastern neighbour kept growing, according to figures \
released by the customs committee on Tuesday.

Trade between China and Kazakhstan reached 31.5 billion U.S. dollars last year, up 3.1 percent year on year, \
the committee said.

In the first four months of the year, Kazakhstan's exports to China rose 12 percent to 4.8 billion U.S. dollars.

In 2023, trade between China and Uzbekistan totalled 13.7 billion U.S. dollars, up 53 percent year on year.

Officials expect the new railway crossing to lift volumes further once it opens."""
FETCHED = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def article(published_at: datetime = FETCHED) -> ArticleText:
    return ArticleText(
        article_id="0123456789abcdef",
        source="wire",
        url="https://wire.example.org/story",
        published_at=published_at,
        body=BODY,
    )


def test_absolute_periods_are_kept_undated_and_relative_ones_rejected():
    result = split_undated(article(), FETCHED, extract_candidates)
    assert [(s.reporter, s.partner, s.period_start, s.period_end, s.published_at) for s in result.kept] == [
        ("CN", "UZ", date(2023, 1, 1), date(2023, 12, 31), None)
    ]
    rejected = sorted(
        (r.statistic.value, r.rule, r.statistic.period_start, r.statistic.published_at)
        for r in result.rejected
    )
    assert rejected == [(4.8e9, RULE_ID, None, None), (31.5e9, RULE_ID, None, None)]
    assert all("publication date is unknown" in r.reason and "\n" not in r.reason for r in result.rejected)


def test_kept_statistics_have_the_ids_of_a_dated_extraction_and_rejects_stable_ids():
    dated = {s.stat_id for s in extract_candidates(article(datetime(2024, 5, 20, tzinfo=UTC)))}
    first = split_undated(article(), FETCHED, extract_candidates)
    assert {s.stat_id for s in first.kept} <= dated
    # The fetch time bounds the date only: a later fetch gives the same rows.
    later = split_undated(article(), datetime(2027, 3, 1, tzinfo=UTC), extract_candidates)
    assert later == first


def test_undated_statistics_pass_validation_without_a_publication_date():
    result = split_undated(article(), FETCHED, extract_candidates)
    validation = validate_with_warnings(list(result.kept))
    assert len(validation.accepted) == 1 and not validation.rejected


def test_reference_dates_are_a_year_apart():
    assert reference_dates(datetime(2028, 2, 29, 12, tzinfo=UTC)) == (
        datetime(2028, 2, 29, 12, tzinfo=UTC),
        datetime(2027, 2, 28, 12, tzinfo=UTC),
    )


def test_a_conversion_only_one_reference_accepts_is_dropped_not_the_statistic():
    kept = split_undated(article(), FETCHED, extract_candidates).kept[0]

    def extract(text: ArticleText):
        found = extract_candidates(text)
        return [replace(s, value_usd=None) for s in found] if text.published_at.year == 2025 else found

    assert split_undated(article(), FETCHED, extract).kept == (replace(kept, value_usd=None),)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (
            "In May, China's exports to Kazakhstan rose 12 percent to 2.1 billion U.S. dollars, customs data showed.",
            None,
        ),
        (
            "China-Kazakhstan trade reached 18.2 billion U.S. dollars in the first half of this year, up 5 percent "
            "year on year.",
            None,
        ),
        (
            "In the first quarter, trade between China and Uzbekistan rose 9 percent to 2.9 billion U.S. dollars.",
            None,
        ),
        (
            "In January-June 2024, trade between China and Kazakhstan reached 20.6 billion U.S. dollars, up 1.2 percent.",
            (date(2024, 1, 1), date(2024, 6, 30)),
        ),
    ],
)
@pytest.mark.parametrize("fetched", [datetime(2026, 6, 10, tzinfo=UTC), datetime(2026, 12, 20, tzinfo=UTC)])
def test_relative_periods_are_rejected_and_absolute_ones_kept(sentence, kept, fetched):
    body = f"TASHKENT -- Officials released new trade figures on Tuesday.\n\n{sentence}\n\nMore trains are planned."
    text = ArticleText(
        article_id="0123456789abcdef",
        source="wire",
        url="https://wire.example.org/s",
        published_at=fetched,
        body=body,
    )
    result = split_undated(text, fetched, extract_candidates)
    if kept is None:
        assert not result.kept and [r.rule for r in result.rejected] == [RULE_ID]
    else:
        assert [(s.period_start, s.period_end) for s in result.kept] == [kept] and not result.rejected
