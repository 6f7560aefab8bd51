"""Per-page bookkeeping in one statement: clearing a batch's failures at once does what clearing each did."""

from __future__ import annotations

from load.state import StateStore

URLS = [f"https://news.example.org/trade/{n}.html" for n in range(6)]


def test_clear_failures_forgets_exactly_the_urls_named(tmp_path):
    with StateStore(tmp_path) as store:
        for url in URLS:
            store.record_failure(url, "silkroad_daily", "timeout", retryable=True)
        store.clear_failures(url for url in URLS[:4] if url != URLS[1])
        store.clear_failures([])
        assert [store.failure_attempts(url) for url in URLS] == [0, 1, 0, 0, 1, 1]
        assert store.retryable_failures("silkroad_daily", max_attempts=3) == [URLS[1], URLS[4], URLS[5]]
