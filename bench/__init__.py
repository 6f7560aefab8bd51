"""Benchmarks and the devset evaluation (outside `make test`)."""
