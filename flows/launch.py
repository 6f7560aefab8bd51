"""Running a flow from the command line: Prefect's environment, exit statuses, one-line failures.

Shared by `tradewire run/backfill` (`flows.cli`) and `tradewire demo` (`flows.demo`), which both
import it (neither imports the other). A run that cannot go on for a reason a person can fix (the
output disk is full or read-only, Prefect's server cannot be started or reached) ends with one line
on stderr naming the cause and the fix, printed last, and a documented exit status; anything else
is a bug and keeps its traceback.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def tune_malloc() -> None:
    """glibc's allocator for a run's process: 2 arenas and a fixed 128 KiB mmap threshold.

    A run's task and fetch threads each got an arena of their own, and glibc raises its mmap
    threshold as large blocks are freed, so page bodies (100 KB-1 MB each) ended up in arena heaps
    that grew and never shrank: the CLI's RSS rose ~0.8 MiB a page over a 320-page run (whole-run
    bench: peak 523 MiB; 425 MiB with MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072). With a
    fixed threshold every body is a mapping of its own, returned when freed. The environment
    variables, when set, win (glibc reads them at start; this leaves them alone).

    pyarrow's buffers (batch files, commits) go through the same allocator rather than pyarrow's
    default mimalloc pool (`ARROW_DEFAULT_MEMORY_POOL=system`, read when pyarrow is first imported;
    a user's own setting wins): mimalloc kept what every task thread had allocated, ~60 MiB more
    RSS by the end of the whole-run bench's 320 pages (CLI peak 423 -> 362 MiB), for tables that
    are small. Called before anything imports pyarrow.
    """
    if not sys.platform.startswith("linux"):
        return
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, 2)  # M_ARENA_MAX
        if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
            libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD (also stops its dynamic adjustment)
    except (OSError, AttributeError):  # not glibc
        pass


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
    if _own_server_url(api_url) and _is_connection_failure(exc):
        return RunFailure(
            f"Prefect's temporary local server stopped answering ({text or type(exc).__name__}); the run "
            "did not finish and nothing more was marked done: run it again, or set PREFECT_API_URL to a "
            "running Prefect server (`prefect server start`)",
            EXIT_ORCHESTRATOR,
        )
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


class TemporaryServer:
    """Prefect's temporary local server, started by tradewire itself as the CLI starts.

    Prefect starts the same server (`prefect.server.api.server.SubprocessASGIServer`: uvicorn on
    `create_app` in a subprocess) only when the flow's first API call needs it, after this process
    has imported the flow's modules, and to start it, this process first imports Prefect's whole
    server package (FastAPI, SQLAlchemy, the API routes: seconds of CPU and ~90 MiB it never uses).
    Started here with the same command and environment before anything heavy is imported, the
    server's start-up runs on the other core while this process imports and gets on with the run;
    Prefect is then pointed at it through PREFECT_API_URL, so the run is an ordinary flow run in
    that server's UI and database (PREFECT_HOME), as with Prefect's own temporary server.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.started = 0.0
        self.ready = False

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        import importlib.util

        spec = importlib.util.find_spec("prefect")  # its location only: Prefect is not imported here
        assert spec is not None and spec.submodule_search_locations, "prefect is not installed"
        app_dir = str(Path(list(spec.submodule_search_locations)[0]).parent)
        with socket.socket() as probe:  # a free port (Prefect picks one at random in 8000-8999)
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", app_dir, "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                 "PREFECT__SERVER_FINAL": "1"},
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        atexit.register(self.stop)

    def wait_until_ready(self, timeout_s: float) -> None:
        """Wait for /api/health (at most `timeout_s` from the start); RuntimeError with Prefect's text."""
        import http.client

        restarts = 0
        while not self.ready:
            if self.process is not None and self.process.poll() == 3 and restarts < 3:  # port taken
                restarts += 1
                self.stop()
                self.start()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/api/health")
                self.ready = connection.getresponse().status == 200
                connection.close()
            except OSError:
                pass
            if self.ready:
                break
            if time.monotonic() - self.started >= timeout_s or self.process is None or self.process.poll():
                code = None if self.process is None else self.process.poll()
                self.stop()
                raise RuntimeError(
                    f"{_EPHEMERAL_TIMEOUT_TEXT}."
                    + (f" Ephemeral server process exited with code {code}." if code is not None else "")
                )
            time.sleep(0.05)

    def stop(self) -> None:
        process, self.process = self.process, None
        self.ready = False
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_temporary_server: TemporaryServer | None = None


def start_temporary_server() -> None:
    """Start Prefect's temporary server now, unless PREFECT_API_URL names one (idempotent).

    Whether Prefect's other settings sources (a profile, prefect.toml, .env) name a server, or turn
    the temporary server off, is only known once Prefect is imported: `prefect_server` checks, and
    stops this one if it is not wanted.
    """
    global _temporary_server
    if _temporary_server is not None or os.environ.get("PREFECT_API_URL"):
        return
    _temporary_server = TemporaryServer()
    _temporary_server.start()


@contextmanager
def prefect_server() -> Iterator[None]:
    """Point this process's Prefect at the temporary server started early, once it answers."""
    server = _temporary_server
    if server is None or server.process is None:
        yield
        return
    from prefect.logging import get_logger
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:  # not ours to start: Prefect decides
        server.stop()
        yield
        return
    get_logger("server").info("Starting temporary server on http://127.0.0.1:%d", server.port)
    server.wait_until_ready(float(settings.server.ephemeral.startup_timeout_seconds))
    # Threads Prefect starts later (log and event workers) read the environment; this thread the context.
    os.environ["PREFECT_API_URL"] = server.api_url
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield


def _own_server_url(url: str | None) -> bool:
    return url is not None and _temporary_server is not None and url == _temporary_server.api_url


def stop_temporary_server() -> None:
    """Stop Prefect's temporary server now, so its "Stopping temporary server" line comes before ours.

    Prefect's log and event workers send what they hold first: left for exit, they would try the
    stopped server and print a connection error after the run's one line.
    """
    module = sys.modules.get("prefect.server.api.server")
    own = _temporary_server is not None and _temporary_server.process is not None
    if module is None and not own:
        return
    if "prefect.events.worker" in sys.modules or own:
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogHandler

        APILogHandler().flush()
        EventsWorker.drain_all(timeout=5)
    if own:
        _temporary_server.stop()
    if module is not None:
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
    start_temporary_server()
    if command == "run" and mode == "recrawl":
        from flows import prefetch

        prefetch.start(sources, out)  # the feeds and their new pages, while Prefect starts
    # The flow's modules, and the extraction's lazily built tables, are loaded while the server starts.
    _load_flow(command)
    if command == "run":
        from flows import prefetch

        prefetch.warm_up()
    try:
        with prefect_server():
            report = _run_flow(command, sources, out, start, end, mode, executor)
    except Exception as exc:
        failure = run_failure(exc, out)
        if failure is None:
            raise
        stop_temporary_server()
        return fail(failure.message, failure.status)
    from flows.report import summary_text

    print(summary_text(report))
    if mode == "recrawl" and report["sources_reached"] == 0:
        return fail("no source could be fetched (see fetch_log)", EXIT_NOTHING_FETCHED)
    return EXIT_OK


def _load_flow(command: str) -> None:
    if command == "backfill":
        import flows.backfill  # noqa: F401
    else:
        import flows.nightly  # noqa: F401


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
