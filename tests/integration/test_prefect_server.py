"""The deployments as a user runs them: a real `prefect server start`, a process work pool, `prefect deploy`
of deployments/prefect.yaml, a worker, and a backfill triggered with `prefect deployment run`.

Everything listens on 127.0.0.1 only; the server gets its own PREFECT_HOME (a temporary directory) and
analytics off. Every process is started in its own session and stopped by process group in `finally`.
A failure message carries the tail of the server's and the worker's logs.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from flows.demo import DEMO_SITE, demo_sources_toml
from flows.localsite import directory_source, serve

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(420)]

REPO_ROOT = Path(__file__).resolve().parents[2]
PREFECT = Path(sys.executable).with_name("prefect")
POOL = "tradewire"
SERVER_START_TIMEOUT_S = 120
RUN_TIMEOUT_S = 150
RANGE = ("2025-03-01", "2025-04-30")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Processes:
    """Processes started by this test, each in its own session, logs to files, stopped by group."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            args,
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.started.append((name, process))
        return process

    def logs(self, lines: int = 60) -> str:
        out = []
        for path in sorted(self.log_dir.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"----- {path.name} (last {len(tail)} lines) -----\n" + "\n".join(tail))
        return "\n".join(out)

    def stop_all(self) -> None:
        """Newest first (the worker before the server it reports to), each group SIGTERM then SIGKILL."""
        for _, process in reversed(self.started):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)  # the group: a worker's flow-run children too
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def wait_until(
    check: Callable[[], Any], timeout_s: float, what: str, processes: Processes, interval_s: float = 0.5
) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        for name, process in processes.started:
            if name in ("server", "worker") and process.poll() is not None:
                pytest.fail(
                    f"{name} exited with {process.returncode} while waiting for {what}\n{processes.logs()}"
                )
        time.sleep(interval_s)
    pytest.fail(f"timed out after {timeout_s}s waiting for {what}\n{processes.logs()}")


def run_cli(args: list[str], env: dict[str, str], processes: Processes, timeout_s: float = 120) -> str:
    done = subprocess.run(
        [str(PREFECT), *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        pytest.fail(
            f"`prefect {' '.join(args)}` exited {done.returncode}\nstdout:\n{done.stdout}\n"
            f"stderr:\n{done.stderr}\n{processes.logs()}"
        )
    return done.stdout


@pytest.fixture
def prefect_stack(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A Prefect server, the process pool, the deployments and a worker; the demo site on 127.0.0.1."""
    if not PREFECT.exists():
        pytest.skip(f"no prefect executable beside {sys.executable}")
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    home = tmp_path / "prefect-home"
    home.mkdir()
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    processes = Processes(log_dir)
    with serve(directory_source(DEMO_SITE)) as base_url:
        sources = tmp_path / "sources.toml"
        sources.write_text(demo_sources_toml(base_url))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")},
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": api_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(port),
            "PREFECT_SERVER_UI_ENABLED": "false",
            "PREFECT_CLI_PROMPT": "false",
            "PREFECT_WORKER_QUERY_SECONDS": "1",
            "PREFECT_WORKER_PREFETCH_SECONDS": "5",
            "PREFECT_LOGGING_LEVEL": "INFO",
            "PWD": str(REPO_ROOT),  # `{{ $PWD }}` in prefect.yaml: the project root, as a shell would set it
            "TRADEWIRE_SOURCES": str(sources),  # the backfill form's source names come from this file
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
        try:
            processes.start(
                "server",
                [
                    str(PREFECT),
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-ui",
                    "--no-scheduler",
                ],
                env,
            )  # no nightly runs: they would fetch sources.toml
            client = httpx.Client(base_url=api_url, timeout=30, trust_env=False)

            def healthy() -> bool:
                try:
                    return client.get("/health").status_code == 200
                except httpx.HTTPError:
                    return False

            wait_until(healthy, SERVER_START_TIMEOUT_S, "the Prefect server to answer /api/health", processes)
            run_cli(["work-pool", "create", POOL, "--type", "process"], env, processes)
            run_cli(["deploy", "--all", "--prefect-file", "deployments/prefect.yaml"], env, processes)
            processes.start(
                "worker", [str(PREFECT), "worker", "start", "--pool", POOL, "--type", "process"], env
            )
            yield {
                "client": client,
                "env": env,
                "processes": processes,
                "sources": sources,
                "tmp": tmp_path,
                "base_url": base_url,
            }
            client.close()
        finally:
            processes.stop_all()


def deployment(client: httpx.Client, name: str) -> dict:
    response = client.get(f"/deployments/name/{name}")
    assert response.status_code == 200, response.text
    return response.json()


def test_backfill_deployment_end_to_end(prefect_stack):
    client, env, processes = prefect_stack["client"], prefect_stack["env"], prefect_stack["processes"]
    out = prefect_stack["tmp"] / "out"

    # The nightly deployment: the schedule and parameters the UI shows.
    nightly = deployment(client, "tradewire-nightly/nightly")
    assert [
        (s["schedule"]["cron"], s["schedule"]["timezone"], s["active"]) for s in nightly["schedules"]
    ] == [("0 2 * * *", "UTC", True)]
    assert nightly["parameters"] == {"sources_file": "sources.toml", "out_dir": "data", "lookback_days": 7}
    assert nightly["work_pool_name"] == POOL
    assert nightly["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": "{{ $TRADEWIRE_PROJECT_DIR }}"}}
    ]
    assert nightly["job_variables"]["env"]["TRADEWIRE_PROJECT_DIR"] == str(REPO_ROOT)

    # The backfill deployment: no schedule; the form: date pickers, a dropdown, a multi-select of names.
    backfill = deployment(client, "tradewire-backfill/backfill")
    assert backfill["schedules"] == []
    schema = backfill["parameter_openapi_schema"]
    properties = schema["properties"]
    assert [name for name, _ in sorted(properties.items(), key=lambda kv: kv[1]["position"])][:5] == [
        "start_date",
        "end_date",
        "sources",
        "mode",
        "max_concurrency",
    ]
    assert properties["start_date"]["format"] == properties["end_date"]["format"] == "date"
    assert properties["start_date"]["title"] == "Start date"
    assert set(schema["required"]) == {"start_date", "end_date"}
    mode_ref = properties["mode"]["$ref"].rsplit("/", 1)[-1]
    assert schema["definitions"][mode_ref]["enum"] == ["recrawl", "reprocess"]
    assert properties["mode"]["default"] == "recrawl"
    array = next(option for option in properties["sources"]["anyOf"] if option.get("type") == "array")
    assert schema["definitions"][array["items"]["$ref"].rsplit("/", 1)[-1]]["enum"] == ["herald"]
    assert (properties["max_concurrency"]["minimum"], properties["max_concurrency"]["maximum"]) == (1, 8)

    # The server refuses a source the form does not offer (the parameter schema is enforced).
    refused = client.post(
        f"/deployments/{backfill['id']}/create_flow_run",
        json={"parameters": {"start_date": RANGE[0], "end_date": RANGE[1], "sources": ["nope"]}},
    )
    assert refused.status_code in (409, 422), refused.text

    # Trigger it as docs/operations.md says.
    run_cli(
        [
            "deployment",
            "run",
            "tradewire-backfill/backfill",
            "--param",
            f"start_date={RANGE[0]}",
            "--param",
            f"end_date={RANGE[1]}",
            "--param",
            'sources=["herald"]',
            "--param",
            f"sources_file={prefect_stack['sources']}",
            "--param",
            f"out_dir={out}",
        ],
        env,
        processes,
    )
    run_id = only_run_of(client, backfill["id"])
    wait_for_completed(client, run_id, "backfill", processes)

    # The datasets: every article and statistic inside the range, none outside.
    glob = f"{out}/trade_stats/**/*.parquet"
    stats = duckdb.sql(
        f"SELECT min(published_at)::DATE, max(published_at)::DATE, count(*) FROM "
        f"read_parquet('{glob}', hive_partitioning=true)"
    ).fetchall()[0]
    assert stats[2] > 0 and str(stats[0]) >= RANGE[0] and str(stats[1]) <= RANGE[1], stats
    articles = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/articles/**/*.parquet')").fetchall()[0][
        0
    ]
    assert articles > 0

    # The artifacts, through the API: progress at 100 %, the summary, the per-partition table.
    found = client.post("/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run_id]}}}).json()
    by_type = {}
    for artifact in found:
        by_type.setdefault(artifact["type"], []).append(artifact)
    assert [a["data"] for a in by_type["progress"]] == [100.0]
    (summary,) = by_type["markdown"]
    assert summary["key"] == "tradewire-backfill-summary" and "| 2025-03 |" in summary["data"]
    (table,) = by_type["table"]
    rows = json.loads(table["data"]) if isinstance(table["data"], str) else table["data"]
    assert [row["partition"] for row in rows] == ["2025-03", "2025-04", "undated"]
    assert sum(row["statistics"] for row in rows) == stats[2]
    assert {"articles", "statistics", "rejects", "failures", "conflicts"} <= set(rows[0])

    # The nightly deployment over the whole site (no look-back limit) into another folder: restricted
    # to the range, it has exactly the backfill's statistics.
    nightly_out = prefect_stack["tmp"] / "nightly-out"
    run_cli(
        [
            "deployment",
            "run",
            "tradewire-nightly/nightly",
            "--param",
            f"sources_file={prefect_stack['sources']}",
            "--param",
            f"out_dir={nightly_out}",
            "--param",
            "lookback_days=null",
        ],
        env,
        processes,
    )
    wait_for_completed(client, only_run_of(client, nightly["id"]), "nightly", processes)
    in_range = (
        f"SELECT * FROM read_parquet('{nightly_out}/trade_stats/**/*.parquet', hive_partitioning=true) "
        f"WHERE published_at::DATE BETWEEN '{RANGE[0]}' AND '{RANGE[1]}' ORDER BY ALL"
    )
    backfilled = f"SELECT * FROM read_parquet('{glob}', hive_partitioning=true) ORDER BY ALL"
    assert duckdb.sql(in_range).fetchall() == duckdb.sql(backfilled).fetchall()


def only_run_of(client: httpx.Client, deployment_id: str) -> str:
    runs = client.post("/flow_runs/filter", json={"deployments": {"id": {"any_": [deployment_id]}}}).json()
    assert len(runs) == 1, runs
    return runs[0]["id"]


def wait_for_completed(client: httpx.Client, run_id: str, what: str, processes: Processes) -> None:
    def finished() -> dict | None:
        state = client.get(f"/flow_runs/{run_id}").json()["state"]
        return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    state = wait_until(finished, RUN_TIMEOUT_S, f"the {what} flow run to finish", processes, interval_s=1)
    assert state["type"] == "COMPLETED", (
        f"{what} ended {state['type']}: {state['message']}\n{processes.logs()}"
    )
