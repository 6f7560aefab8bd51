"""The CLI's prefetch (flows.prefetch): the flow adopts its client, asks no page twice, writes the same rows."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from dataset_ids import DEMO_ARTICLES, ids

from flows import prefetch, stages
from flows.config import load_sources
from flows.demo import DEMO_SITE, demo_sources_toml
from flows.localsite import directory_source, serve
from load.readers import read_dataset

pytestmark = pytest.mark.slow


def test_the_copies_of_stages_constants_agree(tmp_path):
    assert prefetch.MAX_ATTEMPTS_ACROSS_RUNS == stages.MAX_ATTEMPTS_ACROSS_RUNS
    path = tmp_path / "s.toml"
    path.write_text('[[sources]]\nname = "x"\nfeeds = ["https://e.org/f"]\ntimeout_s = 7\nmax_bytes = 4096\n')
    source = load_sources(path)[0]
    assert prefetch.fetch_limits(source) == stages.fetch_limits(source)


def test_a_run_after_a_prefetch_fetches_each_page_once_and_writes_the_same_rows(tmp_path, prefect_harness):
    from flows.nightly import nightly

    hits: Counter[str] = Counter()
    lock = threading.Lock()
    site = directory_source(DEMO_SITE)

    def counting(path: str):
        with lock:
            hits[path] += 1
        return site(path)

    with serve(counting) as base_url:
        sources = tmp_path / "sources.toml"
        sources.write_text(demo_sources_toml(base_url))
        nightly(str(sources), str(tmp_path / "plain"))
        plain_hits = Counter(hits)
        hits.clear()
        prefetch._plan(sources, tmp_path / "ahead")  # returns once every page is fetched and parsed
        assert prefetch._handoff, "the prefetch left its client for the flow"
        assert len(prefetch._parsed) == DEMO_ARTICLES, "every demo page was parsed ahead"
        nightly(str(sources), str(tmp_path / "ahead"))
    assert not prefetch._handoff, "the flow adopted the prefetch's client"
    assert not prefetch._parsed, "the batch tasks took every page parsed ahead"
    assert hits == plain_hits  # the same requests, each page once
    assert ids(tmp_path / "ahead") == ids(tmp_path / "plain")
    assert article_rows(tmp_path / "ahead") == article_rows(tmp_path / "plain")


def article_rows(out):
    columns = [
        "article_id",
        "url",
        "title",
        "published_at",
        "published_at_source",
        "language",
        "body",
        "n_stats",
    ]
    return sorted(
        tuple(row[c] for c in columns) for row in read_dataset(out, "articles").select(columns).to_pylist()
    )
