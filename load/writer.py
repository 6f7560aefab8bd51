"""Merge rows into a dataset's Hive partitions, one atomic partition swap at a time.

For each touched `year=YYYY/month=M` partition, under the dataset's lock: read what is there, add the
new rows, keep the newest row per key, sort deterministically, write one Parquet file into a staging
directory outside the dataset root (same filesystem), fsync it, and swap the staged directory with
the live one (`renameat2(RENAME_EXCHANGE)`). A reader therefore sees the whole old partition or the
whole new one; a crash at any point leaves the old partition readable and the next write converges.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from load import fsutil
from load.locks import DEFAULT_LOCK_TIMEOUT_S, dataset_lock
from load.manifest import ManifestEntry, update_manifest
from load.schemas import DatasetSpec, conform, get_spec, partition_values, to_table

STAGING_DIRNAME = ".staging"
# What a finished write swapped out (the old partition directories) is kept in staging under
# `_retired-<ns since epoch>-<run_id>` and deleted by a later write once it is this old: a scan that
# opened a partition directory just before the swap must still find the files it lists there.
RETIRED_PREFIX = "_retired-"
RETIRED_RETENTION_S = 300.0
ROW_GROUP_SIZE = 256 * 1024
_DISPLACED = "_displaced"
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_ROW_NUMBER = "__row_number"

PARQUET_WRITE_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "use_dictionary": True,
    "write_statistics": True,
    "row_group_size": ROW_GROUP_SIZE,
    "coerce_timestamps": "us",
    "allow_truncated_timestamps": False,
}


@dataclass(frozen=True)
class PartitionWrite:
    """One partition as it stands after the write."""

    year: int
    month: int
    rows: int  # rows in the partition after the merge
    new_rows: int  # rows of this write that belong to it (before de-duplication)
    files: tuple[str, ...]  # file names in the partition directory

    @property
    def path(self) -> str:
        return partition_dirname(self.year, self.month)


@dataclass(frozen=True)
class WriteSummary:
    """What a write did: small enough to pass between Prefect tasks and log."""

    dataset: str
    run_id: str
    input_rows: int
    partitions: tuple[PartitionWrite, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "run_id": self.run_id,
            "input_rows": self.input_rows,
            "partitions": {
                p.path: {"rows": p.rows, "new_rows": p.new_rows, "files": list(p.files)}
                for p in self.partitions
            },
        }


def check_run_id(run_id: str) -> None:
    """Refuse a run id that cannot be part of a file name (or would escape the directory)."""
    if not isinstance(run_id, str) or not _RUN_ID.fullmatch(run_id):
        raise ValueError(
            f"run_id {run_id!r} is not usable in a file name: use 1-128 of [A-Za-z0-9._-], "
            "starting with a letter or digit"
        )


def partition_dirname(year: int, month: int) -> str:
    """`year=2023/month=5`: built from integers only, never from strings found in input."""
    return f"year={int(year)}/month={int(month)}"


def staging_root(out_dir: Path, dataset: str) -> Path:
    """Where a dataset's partitions are prepared: beside, never inside, the dataset root."""
    return Path(out_dir) / STAGING_DIRNAME / dataset


@dataclass(frozen=True)
class ReplaceScope:
    """Rows this write supersedes whole, whatever their key: every existing row whose `column` is one of
    `values`, in the listed partitions (and in those the new rows touch).

    Re-extracting an article with changed rules gives statistics with new ids; without a scope the
    old rows would stay beside the new ones. With `ReplaceScope("article_id", ids, months)` the
    article's rows are exactly this write's rows, and an article that now yields none keeps none.
    """

    column: str
    values: frozenset[str]
    partitions: frozenset[tuple[int, int]] = frozenset()


def write_dataset(
    out_dir: Path,
    dataset: str,
    table: pa.Table,
    run_id: str,
    *,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    replace: ReplaceScope | None = None,
    partition_fallback: pa.Array | pa.ChunkedArray | None = None,
) -> WriteSummary:
    """Merge `table` into `out_dir/<dataset>/year=YYYY/month=M/`, one file per touched partition.

    `partition_fallback` (one timestamp per row) places rows whose partition column is null: the
    statistics of an article without a known publication date go to its fetch month.

    Rows are matched by the dataset's key; a row of this write replaces an existing one with the same
    key, and `replace` drops the existing rows it names first. Writing the same rows again leaves the
    partitions' contents unchanged. An empty table writes nothing unless `replace` names partitions.
    Raises `ValueError` for a table that does not fit the schema or a bad `run_id`, and
    `DatasetLockTimeout` when another writer holds the dataset for longer than `lock_timeout_s`.
    """
    spec = get_spec(dataset)
    if not spec.merge_writes:
        raise ValueError(
            f"{dataset} is derived whole from other datasets; rebuild it instead of merging rows"
        )
    check_run_id(run_id)
    table = conform(dataset, table)
    scoped = frozenset() if replace is None or not replace.values else replace.partitions
    if table.num_rows == 0 and not scoped:
        return WriteSummary(dataset=dataset, run_id=run_id, input_rows=0, partitions=())
    if replace is not None and replace.column not in spec.schema.names:
        raise ValueError(f"{dataset} has no column {replace.column!r} to replace rows by")
    years, months = partition_values(spec, table, partition_fallback)
    out_dir = Path(out_dir).absolute()
    dataset_root = out_dir / dataset
    out_dir.mkdir(parents=True, exist_ok=True)

    with dataset_lock(out_dir, dataset, timeout_s=lock_timeout_s):
        recover_staging(out_dir, dataset)
        ensure_dir(dataset_root)
        run_staging = staging_root(out_dir, dataset) / run_id
        run_staging.mkdir(parents=True)
        try:
            check_same_filesystem(run_staging, dataset_root)
            by_partition = {(y, m): rows for y, m, rows in split_by_partition(table, years, months)}
            staged = [
                _stage_partition(
                    spec,
                    dataset_root,
                    run_staging,
                    run_id,
                    year,
                    month,
                    by_partition.get((year, month), table.slice(0, 0)),
                    replace,
                )
                for year, month in sorted(set(by_partition) | set(scoped))
                if (year, month) in by_partition or (dataset_root / partition_dirname(year, month)).is_dir()
            ]
            _swap_all_in(
                staged,
                dataset_root,
                run_staging,
                lambda: _record_in_manifest(out_dir, spec, run_id, [s.write for s in staged]),
            )
        except Exception:
            # Nothing of this write is live (every swap was undone): drop what it prepared now rather
            # than leave it for the next writer. An interruption (KeyboardInterrupt, SystemExit) is
            # left as a kill would leave it, for the next writer's recover_staging().
            abandon_run_staging(out_dir, dataset, run_staging)
            raise
        retire_run_staging(run_staging)
    written = [s.write for s in staged]
    return WriteSummary(dataset=dataset, run_id=run_id, input_rows=table.num_rows, partitions=tuple(written))


def _record_in_manifest(out_dir: Path, spec: DatasetSpec, run_id: str, written: list[PartitionWrite]) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    entries = [
        ManifestEntry(
            partition=p.path,
            run_id=run_id,
            rows=p.rows,
            files=p.files,
            schema_version=spec.version,
            written_at=now,
        )
        for p in written
    ]
    update_manifest(out_dir, spec.name, entries)


def write_records(
    out_dir: Path,
    dataset: str,
    records: Iterable[Mapping[str, Any]],
    run_id: str,
    *,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
) -> WriteSummary:
    """`write_dataset` of dict rows (e.g. `dataclasses.asdict` of a TradeStatistic or Rejection)."""
    return write_dataset(out_dir, dataset, to_table(dataset, records), run_id, lock_timeout_s=lock_timeout_s)


def split_by_partition(
    table: pa.Table, years: pa.ChunkedArray, months: pa.ChunkedArray
) -> Iterator[tuple[int, int, pa.Table]]:
    """(year, month, rows) per partition, in calendar order; rows keep their order within each."""
    pairs = pa.table({"year": years, "month": months})
    distinct = pairs.group_by(["year", "month"], use_threads=False).aggregate([])
    for year, month in sorted(zip(distinct["year"].to_pylist(), distinct["month"].to_pylist(), strict=True)):
        mask = pc.and_(pc.equal(years, year), pc.equal(months, month))
        yield year, month, table.filter(mask)


@dataclass(frozen=True)
class _StagedPartition:
    """A partition written into staging, not yet live."""

    write: PartitionWrite
    staged: Path
    target: Path


def _stage_partition(
    spec: DatasetSpec,
    dataset_root: Path,
    run_staging: Path,
    run_id: str,
    year: int,
    month: int,
    new_rows: pa.Table,
    replace: ReplaceScope | None = None,
) -> _StagedPartition:
    relative = partition_dirname(year, month)
    target = dataset_root / relative
    existing = read_partition_files(spec, target)
    if replace is not None and replace.values:
        superseded = pa.array(sorted(replace.values), type=pa.string())
        existing = [t.filter(pc.invert(pc.is_in(t[replace.column], value_set=superseded))) for t in existing]
    merged = merge_rows(spec, [*existing, new_rows])

    staged = run_staging / relative
    staged.mkdir(parents=True)
    file_name = f"part-{run_id}.parquet"
    write_parquet_file(merged, staged / file_name)
    fsutil.fsync_dir(staged)
    write = PartitionWrite(
        year=year, month=month, rows=merged.num_rows, new_rows=new_rows.num_rows, files=(file_name,)
    )
    return _StagedPartition(write, staged, target)


def _swap_all_in(
    staged: list[_StagedPartition], dataset_root: Path, run_staging: Path, record: Callable[[], object]
) -> None:
    """Swap every staged partition in, then record them in the manifest; on any error undo the swaps.

    Every byte is written before the first swap, so a full disk fails the write while nothing is live
    yet; an error among the swaps or in the manifest puts the old partitions back, so the dataset is
    as before the write or as after it, never between.
    """
    done: list[tuple[_StagedPartition, bool]] = []  # (partition, whether an old one was replaced)
    try:
        for partition in staged:
            replaced = partition.target.exists()
            _swap_in(
                partition.staged,
                partition.target,
                run_staging / _DISPLACED / partition.target.relative_to(dataset_root),
            )
            done.append((partition, replaced))
        if staged:
            record()
    except Exception:
        for partition, replaced in reversed(done):
            _swap_out(
                partition, replaced, run_staging / _DISPLACED / partition.target.relative_to(dataset_root)
            )
        raise


def _swap_out(partition: _StagedPartition, replaced: bool, displaced: Path) -> None:
    """Undo `_swap_in`: the old partition live again (or none, where there was none)."""
    target, staged = partition.target, partition.staged
    if not replaced:
        os.rename(target, staged)
    elif displaced.is_dir():  # two-rename fallback: the old partition waits in `displaced`
        os.rename(target, staged)
        os.rename(displaced, target)
    else:  # exchanged: `staged` holds the old partition
        fsutil.exchange(staged, target)
    fsutil.fsync_dir(target.parent)


def abandon_run_staging(out_dir: Path, dataset: str, run_staging: Path) -> None:
    """Remove a failed write's staging, restoring any displaced partition first; never raises over it."""
    try:
        _restore_displaced(Path(out_dir) / dataset, run_staging / _DISPLACED)
        if run_staging.exists():
            remove_tree(run_staging)
    except OSError:
        pass  # the next writer's recover_staging() finishes the job


def read_partition_files(spec: DatasetSpec, partition_dir: Path) -> list[pa.Table]:
    """The rows already in a partition, oldest file first, brought to the current schema."""
    if not partition_dir.is_dir():
        return []
    files = sorted(
        path
        for path in partition_dir.iterdir()
        if path.suffix == ".parquet" and not path.name.startswith((".", "_")) and path.is_file()
    )
    return [_upgrade(spec, pq.read_table(path), path) for path in files]


def _upgrade(spec: DatasetSpec, table: pa.Table, path: Path) -> pa.Table:
    """Fit a file written under an older schema version: new nullable columns become nulls."""
    columns = {}
    for field in spec.schema:
        if field.name in table.column_names:
            columns[field.name] = table[field.name]
        elif field.nullable:
            columns[field.name] = pa.nulls(table.num_rows, type=field.type)
        else:
            raise ValueError(f"{path}: lacks required column {field.name!r} of {spec.name}")
    unknown = set(table.column_names) - set(spec.schema.names) - {"year", "month"}
    if unknown:
        raise ValueError(
            f"{path}: has column(s) {sorted(unknown)} unknown to {spec.name} schema v{spec.version}; "
            "refusing to rewrite the partition and lose them"
        )
    return conform(spec.name, pa.table(columns))


def merge_rows(spec: DatasetSpec, tables: list[pa.Table]) -> pa.Table:
    """Concatenate (oldest first), keep the last row per key, and sort by the dataset's total order."""
    combined = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    keys = spec.key_table(combined).append_column(
        _ROW_NUMBER, pa.array(range(combined.num_rows), type=pa.int64())
    )
    latest = keys.group_by(list(spec.key), use_threads=False).aggregate([(_ROW_NUMBER, "max")])
    deduplicated = combined.take(latest[f"{_ROW_NUMBER}_max"])
    order_columns = spec.key_table(deduplicated)
    for name in spec.sort_order:
        if name not in order_columns.column_names:
            order_columns = order_columns.append_column(name, deduplicated[name])
    order = pc.sort_indices(
        order_columns, sort_keys=[(name, "ascending", "at_end") for name in spec.sort_order]
    )
    return deduplicated.take(order).combine_chunks()


def write_parquet_file(table: pa.Table, path: Path) -> None:
    """Write and fsync one Parquet file; its bytes depend only on the rows (no clocks, no run id)."""
    with open(path, "xb") as handle:
        pq.write_table(table, handle, **PARQUET_WRITE_OPTIONS)
        handle.flush()
        os.fsync(handle.fileno())


def _swap_in(staged: Path, target: Path, displaced: Path) -> None:
    """Make `staged` the live partition `target` without a moment where `target` is half-written."""
    if not target.exists():
        ensure_dir(target.parent)
        os.rename(staged, target)
        fsutil.fsync_dir(target.parent)
        return
    try:
        fsutil.exchange(staged, target)
    except fsutil.ExchangeUnsupported:
        # No atomic exchange here: move the old partition aside, then the new one in. Between the two
        # renames the partition is absent (never partial); recover_staging() restores it after a crash.
        displaced.parent.mkdir(parents=True, exist_ok=True)
        os.rename(target, displaced)
        os.rename(staged, target)
        fsutil.fsync_dir(target.parent)
        return
    fsutil.fsync_dir(target.parent)
    fsutil.fsync_dir(staged.parent)
    # `staged` now holds the old partition; it is retired with the run's staging, not deleted now.


def retire_run_staging(run_staging: Path) -> Path:
    """After a successful write: keep what it swapped out, named with the time, for later deletion."""
    retired = run_staging.with_name(f"{RETIRED_PREFIX}{time.time_ns()}-{run_staging.name}")
    os.rename(run_staging, retired)
    fsutil.fsync_dir(run_staging.parent)
    return retired


def retired_expired(path: Path, retention_s: float, now_ns: int | None = None) -> bool:
    """Whether a retired staging directory has been kept for `retention_s` already."""
    stamp = path.name[len(RETIRED_PREFIX) :].split("-", 1)[0]
    if not stamp.isdigit():
        return True
    now_ns = time.time_ns() if now_ns is None else now_ns
    return now_ns - int(stamp) >= retention_s * 1e9


def remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def recover_staging(out_dir: Path, dataset: str, retention_s: float = RETIRED_RETENTION_S) -> None:
    """Clean up after writers that crashed: restore displaced partitions, delete abandoned staging.

    Also deletes what earlier writes retired once it is `retention_s` old. Must be called with the
    dataset lock held (then no other writer of this dataset is running).
    """
    root = staging_root(out_dir, dataset)
    if not root.is_dir():
        return
    dataset_root = Path(out_dir) / dataset
    for run_dir in sorted(root.iterdir()):
        if run_dir.name.startswith(RETIRED_PREFIX):
            if retired_expired(run_dir, retention_s):
                remove_tree(run_dir)
            continue
        _restore_displaced(dataset_root, run_dir / _DISPLACED)
        remove_tree(run_dir)
    fsutil.fsync_dir(root)


def _restore_displaced(dataset_root: Path, displaced_root: Path) -> None:
    """Put back partitions a crashed two-rename swap left displaced (where none is live)."""
    if not displaced_root.is_dir():
        return
    for displaced in sorted(displaced_root.glob("year=*/month=*")):
        target = dataset_root / displaced.relative_to(displaced_root)
        if not target.exists():
            ensure_dir(target.parent)
            os.rename(displaced, target)
            fsutil.fsync_dir(target.parent)


def ensure_dir(path: Path) -> None:
    """Create a directory (and parents) and make its entry durable in its parent."""
    if path.is_dir():
        return
    ensure_dir(path.parent)
    try:
        path.mkdir()
    except FileExistsError:
        return
    fsutil.fsync_dir(path.parent)


def check_same_filesystem(staging: Path, dataset_root: Path) -> None:
    if staging.stat().st_dev != dataset_root.stat().st_dev:
        raise OSError(
            f"staging directory {staging} and dataset {dataset_root} are on different filesystems; "
            "an atomic rename between them is impossible"
        )
