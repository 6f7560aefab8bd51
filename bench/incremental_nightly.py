"""Incremental nightly with nothing new: 20 sources whose feeds all answer 304 Not Modified.

    python -m bench.incremental_nightly [--sources N] [--pages-per-source N] [--json OUT]

The corpus server gives each feed an ETag and answers a matching If-None-Match with 304. After an
empty flow run has started Prefect (start-up reported on its own line), a first nightly run fetches
every feed (200) and every page; a second one, over the same output, sends the stored validators,
gets 304 for every feed and fetches nothing else. Target: the second run under 5 s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.corpus import CorpusSpec, serve_corpus, write_sources
from bench.report import Target, prefect_startup_s, print_targets, save, scratch_dir, timed

TARGET_S = 5.0


def run(sources: int, pages_per_source: int, work: Path) -> tuple[dict, list[Target]]:
    from flows.nightly import nightly

    names = tuple(f"outlet_{n:02d}" for n in range(sources))
    spec = CorpusSpec(sources * pages_per_source, sources=names)
    startup_s = prefect_startup_s()
    with serve_corpus(spec) as served:
        sources_file = write_sources(spec, served.base_url, work / "sources.toml")
        first_s, first = timed(nightly, str(sources_file), str(work / "out"))
        before = dict(served.requests)
        second_s, second = timed(nightly, str(sources_file), str(work / "out"))
        not_modified = served.requests.get(304, 0) - before.get(304, 0)
        requests = served.requests.get(0, 0) - before.get(0, 0)
    figures = {
        "sources": sources,
        "pages": spec.pages,
        "prefect_startup_s": startup_s,
        "first_run_s": first_s,
        "first_run_articles": first["articles"],
        "second_run_s": second_s,
        "second_run_articles": second["articles"],
        "second_run_requests": requests,
        "second_run_304": not_modified,
        "ratio_second_to_first": second_s / first_s,
    }
    return figures, [
        Target(f"nightly with all {sources} feeds 304 (beyond start-up)", second_s, TARGET_S, unit="s")
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--pages-per-source", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with scratch_dir("incremental") as work:
        figures, targets = run(args.sources, args.pages_per_source, work)
    print(f"incremental nightly: {figures['sources']} sources")
    print(f"  {'ephemeral Prefect server start-up (own line)':<48s} {figures['prefect_startup_s']:10.2f} s")
    print(
        f"  {'first run (feeds 200, pages fetched)':<48s} {figures['first_run_s']:10.2f} s "
        f"({figures['first_run_articles']} articles)"
    )
    print(
        f"  {'second run (nothing new)':<48s} {figures['second_run_s']:10.2f} s "
        f"({figures['second_run_requests']} requests, {figures['second_run_304']} answered 304, "
        f"{figures['second_run_articles']} articles)"
    )
    print_targets(targets)
    save("incremental_nightly", figures, targets, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
