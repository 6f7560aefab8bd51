"""A run whose writes fail (a full disk, a failing disk) loses nothing: the rerun gives the clean run's data.

Each test makes one write step fail during a nightly run over the demo site (served from 127.0.0.1,
with ETags, so an unchanged feed answers 304), then reruns with the fault gone and compares with a
clean run: the same articles and the same stat_ids, no temporary files or abandoned staging left, and
the failed run raised a StorageError naming the step. Before this, the feeds' validators were stored
during discovery, so the rerun got a 304, listed nothing, and the failed run's pages were lost.
"""

from __future__ import annotations

import errno
import importlib
import json
import sqlite3
import types

import pytest
from dataset_ids import DEMO_ARTICLES, demo_sources, ids, leftovers

from load.failures import StorageError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with demo_sources(tmp_path_factory.mktemp("faults")) as path:
        yield path


@pytest.fixture(scope="module")
def clean(site, tmp_path_factory, prefect_harness):
    from flows.nightly import nightly

    out = tmp_path_factory.mktemp("clean-out")
    nightly(str(site), str(out))
    found = ids(out)
    assert len(found["articles"]) == DEMO_ARTICLES and len(found["trade_stats"]) > 30
    return found


def resolve(dotted: str):
    """A module, or a class inside one, by its dotted name."""
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError:
        parent, _, name = dotted.rpartition(".")
        return getattr(importlib.import_module(parent), name)


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def failing_when(predicate, error=errno.ENOSPC):
    """A stand-in for a write function that fails, with `error`, on the calls `predicate` picks."""

    def install(original):
        calls = {"n": 0}

        def fake(*args, **kwargs):
            calls["n"] += 1
            if predicate(calls["n"], args):
                raise OSError(error, "injected: " + errno.errorcode[error])
            return original(*args, **kwargs)

        return fake

    return install


def _disk_full_sqlite(*_args, **_kwargs):
    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite reports it
    raise exc


def _json_failing_mid_manifest(original_json):
    """`json` for load.manifest whose dump writes part of trade_stats' manifest, then finds the disk full."""

    def dump(data, handle, **kwargs):
        if "/trade_stats/" in handle.name:
            handle.write(json.dumps(data)[:40])
            raise OSError(errno.ENOSPC, "No space left on device")
        return original_json.dump(data, handle, **kwargs)

    return types.SimpleNamespace(dump=dump, load=original_json.load)


# (id, module, attribute, replacement factory taking the original, words the error must name)
FAULTS = [
    ("raw-archive", "extract.archive.RawArchive", "write", lambda original: no_space, "raw archive"),
    (
        "batch-files",
        "flows.stages",
        "write_rows",
        failing_when(lambda n, args: "/trade_stats/" in str(args[0])),
        "staging pages",
    ),
    *[
        (
            f"staging-{dataset}",
            "load.writer",
            "write_parquet_file",
            failing_when(lambda n, args, d=dataset: f"/.staging/{d}/" in str(args[1])),
            f"committing {dataset}",
        )
        for dataset in ("articles", "trade_stats", "rejects", "fetch_log")
    ],
    ("manifest", "load.manifest", "json", _json_failing_mid_manifest, "committing trade_stats"),
    (
        "swap",
        "load.writer",
        "_swap_in",
        failing_when(lambda n, args: "/trade_stats/" in str(args[1]) and n > 1, errno.EIO),
        "committing trade_stats",
    ),
    (
        "state-store",
        "load.state.StateStore",
        "mark_ingested",
        lambda original: _disk_full_sqlite,
        "recording the run state",
    ),
    (
        "facts-rebuild",
        "load.facts",
        "write_fresh_manifest",
        lambda original: no_space,
        "rebuilding trade_facts",
    ),
]


@pytest.mark.parametrize(
    ("module", "attribute", "replacement", "step"),
    [pytest.param(*fault[1:], id=fault[0]) for fault in FAULTS],
)
def test_a_failed_write_then_a_rerun_gives_the_clean_datasets(
    site, clean, tmp_path, monkeypatch, module, attribute, replacement, step
):
    from flows.nightly import nightly

    owner = resolve(module)
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        patch.setattr(owner, attribute, replacement(getattr(owner, attribute)))
        with pytest.raises(StorageError) as failure:
            nightly(str(site), str(out))
    assert step in str(failure.value) and "nothing was marked done" in str(failure.value)
    assert leftovers(out) == []
    nightly(str(site), str(out))
    assert ids(out) == clean
    assert leftovers(out) == []
