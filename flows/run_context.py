"""What every task of a run shares, for both flows (nightly and backfill): the run context, and the
run's one HTTP client and one raw archive writer.

Prefect-free. Tasks receive the `RunContext` (small, picklable: a Dask worker gets a copy) and look
the run's resources up by its id, so task threads share one client (per-host politeness holds across
them) and one archive; the flow releases both when the run ends (`release_run_resources`).
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from extract.archive import RawArchive
from extract.http import HttpClient
from flows import prefetch, stages
from flows.config import DEFAULT_CONTACT_URL
from load.failures import storage_problem

_run_clients: dict[str, HttpClient] = {}
_run_archives: dict[str, RawArchive] = {}
_run_resources_lock = threading.Lock()


@dataclass(frozen=True)
class RunContext:
    """What every task of one run needs to find its working folder and its shared HTTP client."""

    out_dir: str
    run_id: str
    start: date | None = None
    end: date | None = None
    contact_url: str = DEFAULT_CONTACT_URL
    keep_undated: bool = (
        True  # articles without a publication date: kept by the nightly run, not by backfills
    )

    @property
    def window(self) -> stages.DateWindow:
        return stages.DateWindow(self.start, self.end, undated=self.keep_undated)

    @property
    def work_dir(self) -> Path:
        return stages.run_folder(Path(self.out_dir), self.run_id)


def new_run_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def run_client(run: RunContext) -> HttpClient:
    """One HTTP client per run, shared by the task threads, so per-host politeness holds across them."""
    with _run_resources_lock:
        client = _run_clients.get(run.run_id)
        if client is None:  # the client the CLI's prefetch used, with what it fetched, else a new one
            client = prefetch.adopt(run.out_dir, run.contact_url) or HttpClient(contact_url=run.contact_url)
            _run_clients[run.run_id] = client
        return client


def run_archive(run: RunContext) -> RawArchive:
    """One raw WARC archive per run (out_dir/raw/fetch_date=.../<run_id>-<n>.warc.gz), shared like the client."""
    with _run_resources_lock:
        archive = _run_archives.get(run.run_id)
        if archive is None:
            archive = _run_archives[run.run_id] = RawArchive(Path(run.out_dir), run.run_id)
        return archive


def release_run_resources(run: RunContext) -> None:
    """Close the run's HTTP client and raw archive (the archive's open WARC file is completed).

    Called in `finally`: a storage error while completing the archive is logged, not raised, so it
    never hides the error that ended the run (the archive's open file is recovered by the next run).
    """
    with _run_resources_lock:
        client = _run_clients.pop(run.run_id, None)
        archive = _run_archives.pop(run.run_id, None)
    if client is not None:
        client.close()
    if archive is not None:
        try:
            archive.close()
        except OSError as exc:
            if storage_problem(exc, Path(run.out_dir)) is None:
                raise
            logging.getLogger(__name__).error("could not complete the raw archive's open file: %s", exc)
