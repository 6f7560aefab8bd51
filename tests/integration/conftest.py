"""Integration tests: real Prefect server, worker and deployments, started as processes on 127.0.0.1."""

from __future__ import annotations


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "integration: starts a real Prefect server and worker on 127.0.0.1 (about a minute)"
    )
