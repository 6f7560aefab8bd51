"""The command line when the output storage or Prefect's server fails: one last line, a documented status.

The full and read-only output directories are real: a small tmpfs in a private mount namespace
(`unshare -m`, root only; skipped elsewhere). The run's last stderr line names the cause; the rerun
with space gives the clean run's articles and statistics. Prefect's server: a start-up budget too
short to start (exit 5, one line, no traceback), an unreachable PREFECT_API_URL, and a run against an
already running server, which starts no temporary one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from dataset_ids import DEMO_ARTICLES, demo_sources, ids

from flows.launch import EXIT_OK, EXIT_ORCHESTRATOR, EXIT_STORAGE

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "flows.cli"]


def can_unshare_mounts() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


needs_mount_namespace = pytest.mark.skipif(
    not can_unshare_mounts(), reason="needs root and unshare -m for a private tmpfs"
)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    with demo_sources(tmp_path_factory.mktemp("cli-failures")) as path:
        yield path


def cli_env(**changes: str | None) -> dict[str, str]:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_in_small_filesystem(
    tmp_path: Path, sources: Path, size: str, read_only: bool = False
) -> tuple[subprocess.CompletedProcess, Path]:
    """`tradewire run` with --out on a tmpfs of `size` in a private mount namespace; its output copied out."""
    mount, copy = tmp_path / "mnt", tmp_path / "copy"
    mount.mkdir()
    remount = f"mkdir {mount}/out && mount -o remount,ro {mount} && " if read_only else ""
    command = " ".join(CLI) + f" run --sources {sources} --out {mount}/out"
    script = (
        f"mount -t tmpfs -o size={size} tmpfs {mount} && {remount}{command}; status=$?; "
        f"cp -a {mount}/out {copy} 2>/dev/null; mkdir -p {copy}; exit $status"
    )
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO_ROOT,
        env=cli_env(),
    )
    return result, copy


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1]


@needs_mount_namespace
@pytest.mark.parametrize("size", ["150k", "260k"])
def test_a_full_disk_ends_with_one_line_and_the_rerun_loses_nothing(sources, tmp_path, size, prefect_harness):
    from flows.nightly import nightly

    result, copy = run_in_small_filesystem(tmp_path, sources, size)
    assert result.returncode == EXIT_STORAGE, result.stderr[-3000:]
    line = last_line(result)
    assert line.startswith("tradewire: error: no space left on device while "), line
    assert "MB free); nothing was marked done: rerun when there is space" in line
    nightly(str(sources), str(copy))  # the rerun, now with space
    clean = tmp_path / "clean"
    nightly(str(sources), str(clean))
    assert ids(copy) == ids(clean)
    assert len(ids(clean)["articles"]) == DEMO_ARTICLES


@needs_mount_namespace
def test_a_read_only_output_directory_is_one_line(sources, tmp_path):
    result, _ = run_in_small_filesystem(tmp_path, sources, "2m", read_only=True)
    assert result.returncode == EXIT_STORAGE, result.stderr[-3000:]
    assert last_line(result).startswith("tradewire: error: read-only file system while "), last_line(result)
    assert "rerun when the output directory is writable" in last_line(result)


def test_a_server_that_cannot_start_in_time_is_one_line_and_exit_5(sources, tmp_path):
    env = cli_env(
        PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="1"
    )
    result = subprocess.run(
        [*CLI, "run", "--sources", str(sources), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO_ROOT,
        env=env,
    )
    assert result.returncode == EXIT_ORCHESTRATOR, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    line = last_line(result)
    assert line.startswith("tradewire: error: Prefect's temporary local server did not start within 1 s")
    assert "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" in line and "PREFECT_API_URL" in line
    assert not (tmp_path / "out" / "trade_stats").exists()


def test_the_default_start_up_budget_is_generous_and_a_users_setting_wins(monkeypatch):
    from flows.launch import EPHEMERAL_STARTUP_TIMEOUT_S, prepare_environment

    monkeypatch.delenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", raising=False)
    prepare_environment()
    assert os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] == str(EPHEMERAL_STARTUP_TIMEOUT_S)
    assert EPHEMERAL_STARTUP_TIMEOUT_S >= 120
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "45")
    prepare_environment()
    assert os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] == "45"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_prefect_api_url_is_one_line_and_exit_5(sources, tmp_path):
    url = f"http://127.0.0.1:{free_port()}/api"
    env = cli_env(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_API_URL=url)
    result = subprocess.run(
        [*CLI, "run", "--sources", str(sources), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO_ROOT,
        env=env,
    )
    assert result.returncode == EXIT_ORCHESTRATOR, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert last_line(result).startswith(
        f"tradewire: error: cannot reach the Prefect server at PREFECT_API_URL={url}"
    )


@pytest.fixture
def running_server(tmp_path):
    """`prefect server start` on 127.0.0.1 with its own PREFECT_HOME; yields its API URL."""
    port = free_port()
    home = tmp_path / "server-home"
    env = cli_env(PREFECT_HOME=str(home), PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_UI_ENABLED="false")
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("prefect")),
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
            time.sleep(0.5)
        else:
            pytest.fail("prefect server did not start: " + (tmp_path / "server.log").read_text()[-3000:])
        yield url
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()


def test_a_run_against_a_running_server_starts_no_temporary_one(sources, tmp_path, running_server):
    env = cli_env(PREFECT_HOME=str(tmp_path / "client-home"), PREFECT_API_URL=running_server)
    result = subprocess.run(
        [*CLI, "run", "--sources", str(sources), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO_ROOT,
        env=env,
    )
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    assert "Starting temporary server" not in result.stderr
    assert len(ids(tmp_path / "out")["articles"]) == DEMO_ARTICLES
    flow_runs = httpx.post(f"{running_server}/flow_runs/filter", json={}, timeout=10).json()
    assert [run["state_type"] for run in flow_runs] == ["COMPLETED"]


def test_pyarrow_allocates_through_the_system_allocator_unless_the_user_chose(monkeypatch):
    """tune_malloc: pyarrow's default mimalloc pool kept ~60 MiB a run no longer needed (issue 16)."""
    import sys

    from flows.launch import tune_malloc

    if not sys.platform.startswith("linux"):
        pytest.skip("glibc tuning is for Linux")
    monkeypatch.setenv("MALLOC_ARENA_MAX", "2")  # leaves this test process's allocator alone
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    tune_malloc()
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    tune_malloc()
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"
