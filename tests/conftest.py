"""Shared test setup. Network: pytest-socket (addopts) allows only 127.0.0.1 and ::1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DEVSET_DIR = Path(os.environ.get("TRADEWIRE_DEVSET", REPO_ROOT.parent / "shared" / "devset"))


@pytest.fixture(scope="session")
def devset_dir() -> Path:
    """The shared devset, or a clean skip where this machine does not have it."""
    if not (DEVSET_DIR / "articles").is_dir():
        pytest.skip(f"devset not found at {DEVSET_DIR} (set TRADEWIRE_DEVSET)")
    return DEVSET_DIR


# Offline: Prefect's server telemetry would try the internet; a user's own setting still wins.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server (SQLite) for the whole session: flows run as they do in production."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
