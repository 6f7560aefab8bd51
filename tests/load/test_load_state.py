"""The run state store: ingested URLs, feed validators, retryable failures; persistent and thread-safe."""

from __future__ import annotations

import sqlite3
import threading

from load.state import StateStore, state_path

URL_A = "https://news.example.org/trade/1.html"
URL_B = "https://news.example.org/trade/2.html"
URL_C = "https://news.example.org/trade/3.html"


def test_state_lives_beside_the_datasets_in_wal_mode(tmp_path):
    with StateStore(tmp_path):
        pass
    assert state_path(tmp_path) == tmp_path / "_state" / "state.sqlite"
    connection = sqlite3.connect(state_path(tmp_path))
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


def test_ingested_urls_round_trip_and_persist(tmp_path):
    with StateStore(tmp_path) as store:
        assert store.seen_urls([URL_A, URL_B]) == set()
        store.mark_ingested([(URL_A, "article-1", "run-1")])
        store.mark_ingested([(URL_A, "article-1", "run-2")])  # re-ingesting is not an error
        store.mark_ingested([])
        assert store.seen_urls([URL_A, URL_B]) == {URL_A}
    with StateStore(tmp_path) as reopened:
        assert reopened.seen_urls(iter([URL_B, URL_A, URL_A])) == {URL_A}


def test_seen_urls_handles_more_urls_than_one_query_takes(tmp_path):
    urls = [f"https://news.example.org/trade/{n}.html" for n in range(1_200)]
    with StateStore(tmp_path) as store:
        store.mark_ingested((url, f"article-{n}", "run-1") for n, url in enumerate(urls[::2]))
        assert store.seen_urls(urls) == set(urls[::2])


def test_validators_round_trip(tmp_path):
    feed = "https://news.example.org/rss.xml"
    with StateStore(tmp_path) as store:
        assert store.get_validators(feed) == {}
        store.set_validators(feed, '"abc123"', "Sun, 29 Nov 2026 02:00:00 GMT")
        assert store.get_validators(feed) == {
            "etag": '"abc123"',
            "last_modified": "Sun, 29 Nov 2026 02:00:00 GMT",
        }
        store.set_validators(feed, None, "Mon, 30 Nov 2026 02:00:00 GMT")
        assert store.get_validators(feed) == {"last_modified": "Mon, 30 Nov 2026 02:00:00 GMT"}
        store.set_validators(feed, None, None)
        assert store.get_validators(feed) == {}


def test_failures_are_retried_until_max_attempts(tmp_path):
    with StateStore(tmp_path) as store:
        store.record_failure(URL_A, "silkroad_daily", "timeout", retryable=True)
        store.record_failure(URL_B, "silkroad_daily", "http_status", retryable=False)
        store.record_failure(URL_C, "other_source", "timeout", retryable=True)
        assert store.retryable_failures("silkroad_daily", max_attempts=3) == [URL_A]
        store.record_failure(URL_A, "silkroad_daily", "connect_error", retryable=True)
        assert store.failure_attempts(URL_A) == 2
        assert store.retryable_failures("silkroad_daily", max_attempts=3) == [URL_A]
        store.record_failure(URL_A, "silkroad_daily", "timeout", retryable=True)
        assert store.retryable_failures("silkroad_daily", max_attempts=3) == []
        store.clear_failure(URL_C)
        assert store.retryable_failures("other_source", max_attempts=3) == []


def test_a_permanent_error_stops_retries_and_ingesting_clears_the_failure(tmp_path):
    with StateStore(tmp_path) as store:
        store.record_failure(URL_A, "silkroad_daily", "timeout", retryable=True)
        store.record_failure(URL_A, "silkroad_daily", "http_status", retryable=False)
        assert store.retryable_failures("silkroad_daily", max_attempts=5) == []
        store.record_failure(URL_B, "silkroad_daily", "timeout", retryable=True)
        store.mark_ingested([(URL_B, "article-2", "run-2")])
        assert store.failure_attempts(URL_B) == 0


def test_one_store_shared_by_threads(tmp_path):
    errors: list[BaseException] = []
    with StateStore(tmp_path) as store:

        def work(worker: int):
            try:
                for n in range(50):
                    url = f"https://news.example.org/{worker}/{n}.html"
                    store.mark_ingested([(url, f"a-{worker}-{n}", "run-1")])
                    store.record_failure(url + "?retry", "silkroad_daily", "timeout", retryable=True)
                    assert url in store.seen_urls([url])
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(worker,)) for worker in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(store.retryable_failures("silkroad_daily", max_attempts=2)) == 200


def test_two_stores_on_one_file(tmp_path):
    with StateStore(tmp_path) as first, StateStore(tmp_path) as second:
        first.mark_ingested([(URL_A, "article-1", "run-1")])
        assert second.seen_urls([URL_A]) == {URL_A}


def test_settled_failures_are_final_ones_and_exhausted_retries(tmp_path):
    from load.state import StateStore

    with StateStore(tmp_path) as state:
        state.record_failure("https://a.example/gone", "a", "http_status", retryable=False)
        state.record_failure("https://a.example/flaky", "a", "timeout", retryable=True)
        for _ in range(3):
            state.record_failure("https://a.example/down", "a", "connect_error", retryable=True)
        urls = [
            "https://a.example/gone",
            "https://a.example/flaky",
            "https://a.example/down",
            "https://a.example/new",
        ]
        assert state.settled_failures(urls, max_attempts=3) == {
            "https://a.example/gone",
            "https://a.example/down",
        }
        assert state.retryable_failures("a", max_attempts=3) == ["https://a.example/flaky"]
