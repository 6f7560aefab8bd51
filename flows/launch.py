"""Running a flow from the command line: Prefect's environment, exit statuses, one-line failures.

Shared by `tradewire run/backfill` (`flows.cli`) and `tradewire demo` (`flows.demo`), which both
import it (neither imports the other). A run that cannot go on for a reason a person can fix (the
output disk is full or read-only, Prefect's server cannot be started or reached) ends with one line
on stderr naming the cause and the fix, printed last, and a documented exit status; anything else
is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

EXIT_OK = 0
EXIT_BAD_INPUT = 2  # a bad sources file or bad arguments
EXIT_NOTHING_FETCHED = 3  # no source could be reached at all
EXIT_STORAGE = 4  # the output directory could not take the run's writes; nothing was marked done
EXIT_ORCHESTRATOR = 5  # Prefect's server could not be started or reached; nothing was run

# Prefect gives its temporary local server 20 s by default; a fresh PREFECT_HOME on a busy 2-core
# machine needs about that much for migrations alone, so runs failed at random. A run waits longer.
EPHEMERAL_STARTUP_TIMEOUT_S = 180
_EPHEMERAL_TIMEOUT_TEXT = "Timed out while attempting to connect to ephemeral Prefect API server"


def prepare_environment() -> None:
    """Offline-friendly Prefect defaults, set before Prefect is imported; a user's own setting wins."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "true")
    os.environ.setdefault(
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(EPHEMERAL_STARTUP_TIMEOUT_S)
    )


def fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
    print(f"tradewire: error: {message}", file=sys.stderr)
    return status


@dataclass(frozen=True)
class RunFailure:
    """Why a run stopped, as the one line the user reads, and the exit status."""

    message: str
    status: int


def run_failure(exc: BaseException, out: Path) -> RunFailure | None:
    """A failure a person can act on, or None for a bug (which keeps its traceback)."""
    from load.failures import storage_error

    storage = storage_error(exc, "running", out)
    if storage is not None:
        return RunFailure(storage.message, EXIT_STORAGE)
    text = str(exc)
    if isinstance(exc, RuntimeError) and _EPHEMERAL_TIMEOUT_TEXT in text:
        waited = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "20")
        return RunFailure(
            f"Prefect's temporary local server did not start within {waited} s (a busy machine?); nothing was "
            "run: set PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS higher, or PREFECT_API_URL to a running "
            "Prefect server (`prefect server start`)",
            EXIT_ORCHESTRATOR,
        )
    api_url = os.environ.get("PREFECT_API_URL")
    if api_url and _is_connection_failure(exc):
        return RunFailure(
            f"cannot reach the Prefect server at PREFECT_API_URL={api_url} ({text or type(exc).__name__}); "
            "nothing was run: start it, or unset PREFECT_API_URL to use a temporary local server",
            EXIT_ORCHESTRATOR,
        )
    return None


def _is_connection_failure(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, httpx.TransportError) or (
        isinstance(exc, RuntimeError) and "Failed to reach API" in str(exc)
    )


def stop_temporary_server() -> None:
    """Stop Prefect's temporary server now, so its "Stopping temporary server" line comes before ours.

    Prefect's log and event workers send what they hold first: left for exit, they would try the
    stopped server and print a connection error after the run's one line.
    """
    module = sys.modules.get("prefect.server.api.server")
    if module is None:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()
    EventsWorker.drain_all(timeout=5)
    module.SubprocessASGIServer().stop()


def run_and_report(
    command: str,
    sources: Path,
    out: Path,
    start: date | None,
    end: date | None,
    mode: str = "recrawl",
    executor: dict | None = None,
) -> int:
    """Run the flow, print its summary, and return the exit status (see the EXIT_* constants)."""
    from flows.report import summary_text

    try:
        report = _run_flow(command, sources, out, start, end, mode, executor)
    except Exception as exc:
        failure = run_failure(exc, out)
        if failure is None:
            raise
        stop_temporary_server()
        return fail(failure.message, failure.status)
    print(summary_text(report))
    if mode == "recrawl" and report["sources_reached"] == 0:
        return fail("no source could be fetched (see fetch_log)", EXIT_NOTHING_FETCHED)
    return EXIT_OK


def _run_flow(
    command: str,
    sources: Path,
    out: Path,
    start: date | None,
    end: date | None,
    mode: str,
    executor: dict | None,
) -> dict:
    if command == "backfill":
        from flows.backfill import backfill

        return backfill(
            start_date=start,
            end_date=end,
            mode=mode,
            sources_file=str(sources),
            out_dir=str(out),
            **(executor or {}),
        )
    from flows.nightly import nightly

    return nightly(str(sources), str(out))
