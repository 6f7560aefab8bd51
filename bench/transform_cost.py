"""Transform cost per page, in-process: HTML bytes → article → candidates → validated, against
trafilatura's `extract()` alone on the same bytes, and against a bare lxml parse (the floor).

    python -m bench.transform_cost [--pages N] [--json OUT] [--profile]

The pipeline's side is what `flows.stages.rows_from_results` does per page (`extract.sites.parse_page`,
which parses the HTML once into one lxml tree; `transform.extraction.extract_candidates`), with one
`validate_with_warnings` per batch of 50 pages, as the flows call it. Its time is split by step.
Target: the whole transform no slower than trafilatura's extraction alone (ratio <= 1.0); its ratio
to the lxml floor is reported. As a check that the timed work is the real work, the statistics the
corpus templates state are matched against the validated ones (recall).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

import lxml.html
import trafilatura

from bench.corpus import ARCHIVE_BASE_URL, CorpusPage, CorpusSpec
from bench.report import Target, print_targets, save
from extract.sites import parse_page
from flows.stages import BATCH_SIZE
from transform.extraction import extract_candidates
from transform.model import ArticleText
from transform.validation import validate_with_warnings

TARGET_RATIO = 1.0


def pipeline_batch(pages: list[CorpusPage], clock: dict[str, float]) -> tuple[list, list]:
    """One batch through parse → extract, then one validation: (candidates, accepted); adds each step's
    seconds to `clock`."""
    candidates = []
    for page in pages:
        started = time.perf_counter()
        article = parse_page(page.html, ARCHIVE_BASE_URL + page.path, content_type="text/html; charset=utf-8")
        parsed = time.perf_counter()
        text = ArticleText(
            article_id=f"a{page.number}",
            source=page.source,
            url=ARCHIVE_BASE_URL + page.path,
            published_at=article.published_at or page.published_at,
            body=article.body,
            title=article.title,
        )
        candidates.extend(extract_candidates(text))
        clock["parse"] += parsed - started
        clock["extract"] += time.perf_counter() - parsed
    started = time.perf_counter()
    accepted = validate_with_warnings(candidates).accepted
    clock["validate"] += time.perf_counter() - started
    return candidates, accepted


def _key(reporter, partner, flow, value, currency, start, end) -> tuple:
    return (reporter, partner, flow, round(value or 0.0), currency, start, end)


def run(pages_count: int, profile: bool) -> tuple[dict, list[Target]]:
    spec = CorpusSpec(pages_count)
    pages = [spec.page(n) for n in range(pages_count)]
    html_bytes = sum(len(p.html) for p in pages)
    # Warm-up (imports, compiled patterns, trafilatura's caches) on a few pages, untimed.
    pipeline_batch(pages[:5], {"parse": 0.0, "extract": 0.0, "validate": 0.0})
    trafilatura.extract(pages[0].html)

    started = time.perf_counter()
    for page in pages:
        lxml.html.fromstring(page.html)
    floor_s = time.perf_counter() - started

    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.html)
    trafilatura_s = time.perf_counter() - started

    clock = {"parse": 0.0, "extract": 0.0, "validate": 0.0}
    profiler = cProfile.Profile() if profile else None
    candidates, accepted = [], []
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    for first in range(0, len(pages), BATCH_SIZE):
        batch_candidates, batch_accepted = pipeline_batch(pages[first : first + BATCH_SIZE], clock)
        candidates.extend(batch_candidates)
        accepted.extend(batch_accepted)
    if profiler:
        profiler.disable()
    pipeline_s = time.perf_counter() - started

    expected = {
        _key(e.reporter, e.partner, e.flow, e.value, e.currency, e.period_start, e.period_end)
        for p in pages
        for e in p.expected
    }
    found = {
        _key(s.reporter, s.partner, s.flow, s.value, s.currency, s.period_start, s.period_end)
        for s in accepted
    }
    extracted = {
        _key(s.reporter, s.partner, s.flow, s.value, s.currency, s.period_start, s.period_end)
        for s in candidates
    }
    per_page = 1000 / pages_count
    figures = {
        "pages": pages_count,
        "mean_page_kb": round(html_bytes / pages_count / 1024, 1),
        "lxml_parse_ms_per_page": floor_s * per_page,
        "trafilatura_extract_ms_per_page": trafilatura_s * per_page,
        "pipeline_ms_per_page": pipeline_s * per_page,
        "pipeline_parse_ms_per_page": clock["parse"] * per_page,
        "pipeline_extract_candidates_ms_per_page": clock["extract"] * per_page,
        "pipeline_validate_ms_per_page": clock["validate"] * per_page,
        "ratio_to_trafilatura": pipeline_s / trafilatura_s,
        "ratio_to_lxml_floor": pipeline_s / floor_s,
        "parse_ratio_to_trafilatura": clock["parse"] / trafilatura_s,
        "expected_statistics": len(expected),
        "expected_extracted": len(expected & extracted),
        "expected_found": len(expected & found),
        "statistics_accepted": len(accepted),
    }
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        figures["profile_top"] = out.getvalue()
    return figures, [
        Target("whole transform / trafilatura extract()", figures["ratio_to_trafilatura"], TARGET_RATIO)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--profile", action="store_true", help="cProfile the pipeline pass; print the top 15")
    args = parser.parse_args(argv)
    figures, targets = run(args.pages, args.profile)
    print(f"transform cost: {figures['pages']} corpus pages, mean {figures['mean_page_kb']} KB")
    for name in (
        "lxml_parse_ms_per_page",
        "trafilatura_extract_ms_per_page",
        "pipeline_ms_per_page",
        "pipeline_parse_ms_per_page",
        "pipeline_extract_candidates_ms_per_page",
        "pipeline_validate_ms_per_page",
    ):
        print(f"  {name:<48s} {figures[name]:10.2f} ms")
    print(f"  {'whole transform / lxml parse (the floor)':<48s} {figures['ratio_to_lxml_floor']:10.1f} x")
    print(
        f"  {'parse_page alone / trafilatura extract()':<48s} {figures['parse_ratio_to_trafilatura']:10.2f} x"
    )
    print(
        f"  templated statistics: {figures['expected_statistics']}, extracted exactly "
        f"{figures['expected_extracted']}, accepted by validation {figures['expected_found']} "
        "(random template values can exceed the reference trade totals: value.implausible_magnitude)"
    )
    print_targets(targets)
    if "profile_top" in figures:
        print(figures["profile_top"])
    save("transform_cost", figures, targets, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
