"""Integration tests: real Prefect server, worker and deployments, started as processes on 127.0.0.1.

The `integration` marker is registered in pyproject.toml.
"""
