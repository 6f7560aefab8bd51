"""Per-dataset manifest: which run last wrote each partition, how many rows, which files.

Kept at `out_dir/<dataset>/_manifest.json`; the leading underscore keeps it out of Parquet globs and
out of pyarrow/Spark dataset discovery. Written by the writer while it holds the dataset lock, by
writing a temporary file and `os.replace`-ing it, so a reader sees the old or the new manifest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from load.fsutil import fsync_dir

MANIFEST_NAME = "_manifest.json"
MANIFEST_FORMAT = 1
TEMPORARY_PREFIX = "."


@dataclass(frozen=True)
class ManifestEntry:
    """The state of one partition after a write."""

    partition: str  # "year=2023/month=5"
    run_id: str
    rows: int
    files: tuple[str, ...]  # file names inside the partition directory
    schema_version: int
    written_at: str  # ISO 8601 UTC


def manifest_path(out_dir: Path, dataset: str) -> Path:
    return Path(out_dir) / dataset / MANIFEST_NAME


def read_manifest(out_dir: Path, dataset: str) -> dict[str, Any]:
    """The dataset's manifest: {"format", "dataset", "updated_at", "partitions": {partition: entry}}."""
    path = manifest_path(out_dir, dataset)
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return {"format": MANIFEST_FORMAT, "dataset": dataset, "updated_at": None, "partitions": {}}


def update_manifest(out_dir: Path, dataset: str, entries: Iterable[ManifestEntry]) -> dict[str, Any]:
    """Record `entries` (replacing those partitions' previous entries) and drop partitions gone from disk.

    The caller must hold the dataset's write lock.
    """
    dataset_root = Path(out_dir) / dataset
    manifest = read_manifest(out_dir, dataset)
    partitions: dict[str, Any] = manifest.get("partitions", {})
    for entry in entries:
        record = asdict(entry)
        record["files"] = list(entry.files)
        partitions[record.pop("partition")] = record
    partitions = {
        name: partitions[name]
        for name in sorted(partitions, key=_numeric_order)
        if (dataset_root / name).is_dir()
    }
    manifest = {
        "format": MANIFEST_FORMAT,
        "dataset": dataset,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "partitions": partitions,
    }
    _write_json_atomically(manifest_path(out_dir, dataset), manifest)
    return manifest


def write_fresh_manifest(
    dataset_root: Path, dataset: str, entries: Iterable[ManifestEntry]
) -> dict[str, Any]:
    """Write a manifest holding exactly `entries` into `dataset_root` (a dataset rebuilt whole).

    Used for a dataset directory prepared in staging before it is swapped in as a whole.
    """
    partitions = {}
    for entry in sorted(entries, key=lambda entry: _numeric_order(entry.partition)):
        record = asdict(entry)
        record["files"] = list(entry.files)
        partitions[record.pop("partition")] = record
    manifest = {
        "format": MANIFEST_FORMAT,
        "dataset": dataset,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "partitions": partitions,
    }
    _write_json_atomically(Path(dataset_root) / MANIFEST_NAME, manifest)
    return manifest


def _numeric_order(partition: str) -> tuple[int, ...]:
    """Sort "year=2023/month=10" after "year=2023/month=5"."""
    try:
        return tuple(int(part.split("=", 1)[1]) for part in partition.split("/"))
    except (IndexError, ValueError):
        return ()


def _write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    temporary = path.with_name(f"{TEMPORARY_PREFIX}{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except Exception:
        temporary.unlink(missing_ok=True)  # a failed write (a full disk) leaves no temporary file behind
        raise
    fsync_dir(path.parent)


def remove_stale_temporaries(dataset_root: Path) -> list[Path]:
    """Delete manifest temporaries a killed writer left; call with the dataset lock held."""
    if not dataset_root.is_dir():
        return []
    stale = sorted(dataset_root.glob(f"{TEMPORARY_PREFIX}{MANIFEST_NAME}.*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale
