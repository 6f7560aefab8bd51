"""Run state kept beside the datasets: what was ingested, feed validators, failures to retry.

One SQLite file (`out_dir/_state/state.sqlite`, WAL journal) so later runs skip articles already
ingested, send conditional GETs for feeds, and retry pages that failed for a transient reason. One
connection guarded by a lock, so the store can be shared by the threads of a Prefect task runner;
WAL and a busy timeout let several processes use the file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

STATE_DIRNAME = "_state"
STATE_FILENAME = "state.sqlite"
_QUERY_CHUNK = 500
_BUSY_TIMEOUT_S = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ingested (
    url TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    error_class TEXT NOT NULL,
    retryable INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    first_failed_at TEXT NOT NULL,
    last_failed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failures_by_source ON failures (source, retryable, attempts);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def state_path(out_dir: Path) -> Path:
    return Path(out_dir) / STATE_DIRNAME / STATE_FILENAME


class StateStore:
    """The run state of one output directory. Use as a context manager or call `close()`."""

    def __init__(self, out_dir: Path) -> None:
        self.path = state_path(out_dir)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._connection = sqlite3.connect(
            self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        with self._lock:
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=NORMAL")
            self._connection.executescript(_SCHEMA)

    def __enter__(self) -> StateStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    @contextmanager
    def atomically(self) -> Iterator[None]:
        """Every write inside the block lands together or not at all (one transaction for all of them).

        A run's "done" marks (ingested pages, feed validators, failure counts) are recorded this way,
        so a failure while recording them (a full disk) leaves none of them behind.
        """
        with self._transaction():
            yield

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken IMMEDIATE so concurrent processes queue instead of deadlocking.

        Nested inside `atomically()` it joins the outer transaction.
        """
        with self._lock:
            connection = self._connection
            if connection.in_transaction:
                yield connection
                return
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:  # also when COMMIT itself failed (a full disk)
                    connection.execute("ROLLBACK")
                raise

    def _write(self, sql: str, rows: Iterable[tuple]) -> None:
        with self._transaction() as connection:
            connection.executemany(sql, rows)

    # -- articles already ingested -------------------------------------------------------------------

    def seen_urls(self, urls: Iterable[str]) -> set[str]:
        """Those of `urls` (canonical article URLs) that an earlier run already ingested."""
        wanted = list(dict.fromkeys(urls))
        seen: set[str] = set()
        with self._lock:
            for start in range(0, len(wanted), _QUERY_CHUNK):
                chunk = wanted[start : start + _QUERY_CHUNK]
                placeholders = ",".join("?" * len(chunk))
                cursor = self._connection.execute(
                    f"SELECT url FROM ingested WHERE url IN ({placeholders})", chunk
                )
                seen.update(row[0] for row in cursor)
        return seen

    def mark_ingested(self, records: Iterable[tuple[str, str, str]]) -> None:
        """Remember (url, article_id, run_id) for each article written; clears its failure record."""
        rows = [(url, article_id, run_id, _now()) for url, article_id, run_id in records]
        if not rows:
            return
        with self._transaction() as connection:
            connection.executemany(
                "INSERT INTO ingested (url, article_id, run_id, ingested_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET article_id = excluded.article_id, run_id = excluded.run_id, "
                "ingested_at = excluded.ingested_at",
                rows,
            )
            connection.executemany("DELETE FROM failures WHERE url = ?", [(row[0],) for row in rows])

    # -- conditional GET validators ------------------------------------------------------------------

    def get_validators(self, url: str) -> dict[str, str]:
        """{"etag": ..., "last_modified": ...} from the last fetch of `url`, only the keys known."""
        with self._lock:
            row = self._connection.execute(
                "SELECT etag, last_modified FROM validators WHERE url = ?", (url,)
            ).fetchone()
        if row is None:
            return {}
        return {name: value for name, value in zip(("etag", "last_modified"), row, strict=True) if value}

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Store the ETag / Last-Modified of a successful fetch (both None forgets them)."""
        if not etag and not last_modified:
            self._write("DELETE FROM validators WHERE url = ?", [(url,)])
            return
        self._write(
            "INSERT INTO validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
            "updated_at = excluded.updated_at",
            [(url, etag or None, last_modified or None, _now())],
        )

    # -- failed pages to retry -----------------------------------------------------------------------

    def record_failure(self, url: str, source: str, error_class: str, retryable: bool) -> None:
        """Count one more failed attempt at `url`; the latest error decides whether it is retryable."""
        now = _now()
        self._write(
            "INSERT INTO failures (url, source, error_class, retryable, attempts, first_failed_at, "
            "last_failed_at) VALUES (?, ?, ?, ?, 1, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET source = excluded.source, error_class = excluded.error_class, "
            "retryable = excluded.retryable, attempts = failures.attempts + 1, "
            "last_failed_at = excluded.last_failed_at",
            [(url, source, error_class, int(bool(retryable)), now, now)],
        )

    def retryable_failures(self, source: str, max_attempts: int) -> list[str]:
        """URLs of `source` that failed retryably fewer than `max_attempts` times, oldest failure first."""
        with self._lock:
            cursor = self._connection.execute(
                "SELECT url FROM failures WHERE source = ? AND retryable = 1 AND attempts < ? "
                "ORDER BY first_failed_at, url",
                (source, max_attempts),
            )
            return [row[0] for row in cursor]

    def settled_failures(self, urls: Iterable[str], max_attempts: int) -> set[str]:
        """Those of `urls` not worth fetching again: a final failure (404, blocked, not an article)
        or a retryable one that has used up `max_attempts`."""
        wanted = list(dict.fromkeys(urls))
        settled: set[str] = set()
        with self._lock:
            for start in range(0, len(wanted), _QUERY_CHUNK):
                chunk = wanted[start : start + _QUERY_CHUNK]
                marks = ",".join("?" * len(chunk))
                cursor = self._connection.execute(
                    f"SELECT url FROM failures WHERE url IN ({marks}) AND (retryable = 0 OR attempts >= ?)",
                    (*chunk, max_attempts),
                )
                settled.update(row[0] for row in cursor)
        return settled

    def failure_attempts(self, url: str) -> int:
        """How many times `url` has failed so far (0 when it never did or was cleared)."""
        with self._lock:
            row = self._connection.execute("SELECT attempts FROM failures WHERE url = ?", (url,)).fetchone()
        return 0 if row is None else int(row[0])

    def clear_failure(self, url: str) -> None:
        self.clear_failures([url])

    def clear_failures(self, urls: Iterable[str]) -> None:
        """Forget the failures of `urls` (fetched fine since), in one transaction rather than one each."""
        rows = [(url,) for url in urls]
        if rows:
            self._write("DELETE FROM failures WHERE url = ?", rows)
