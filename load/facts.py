"""trade_facts: rebuilt whole from trade_stats and swapped in as one directory.

A fact depends on every statistic stating it, in any partition of trade_stats, and a fact can vanish
(its last statistic was re-extracted with another partner). Merging partitions would leave such
facts behind, and swapping partitions one by one would let a reader see one partition of the new
facts beside another of the old. So the whole dataset is rebuilt: trade_stats is read under its lock
(one consistent snapshot), consolidated (`transform.consolidate`) a chunk of whole period-end months at
a time (memory holds one chunk, whatever the dataset's size), written into
`OUT/.staging/trade_facts/<run_id>/trade_facts/` (every file and directory fsynced, with its manifest)
and exchanged with `OUT/trade_facts` in one `renameat2(RENAME_EXCHANGE)`. Readers see the old
dataset or the new one, never a mix; partitions no longer present disappear in the same step. The old
dataset is retired into staging, not deleted at once, so a scan that opened it just before the swap
still reads it whole (`load.writer.RETIRED_RETENTION_S`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from load import fsutil
from load.locks import DEFAULT_LOCK_TIMEOUT_S, dataset_lock
from load.manifest import ManifestEntry, write_fresh_manifest
from load.readers import dataset_files, dataset_schema
from load.schemas import DatasetSpec, conform, get_spec, partition_values
from load.writer import (
    RETIRED_PREFIX,
    RETIRED_RETENTION_S,
    PartitionWrite,
    WriteSummary,
    check_run_id,
    check_same_filesystem,
    ensure_dir,
    partition_dirname,
    remove_tree,
    retire_run_staging,
    retired_expired,
    split_by_partition,
    staging_root,
    write_parquet_file,
)
from transform.consolidate import CONSOLIDATION_COLUMNS, consolidate

TRADE_FACTS = "trade_facts"
SOURCE_DATASET = "trade_stats"
# Where the old dataset waits while two plain renames replace it (no renameat2 on this system).
_DISPLACED = "_displaced_dataset"


def facts_table(stats: pa.Table) -> pa.Table:
    """The trade_facts rows for these trade_stats rows, with the dataset's schema and sort order.

    Consolidated a chunk of whole period-end months at a time: a fact's rows share its period (the
    period is in the fact key, and in the stat_id that deduplicates re-ingested rows), so the months
    are independent, and only one chunk's rows are ever held as a pandas frame.
    """
    spec = get_spec(TRADE_FACTS)
    pieces = [
        conform(TRADE_FACTS, pa.Table.from_pandas(frame, preserve_index=False))
        for rows in _by_period_month(stats)
        if not (frame := consolidate(rows)).empty
    ]
    if not pieces:
        return spec.schema.empty_table()
    table = pa.concat_tables(pieces)
    order = pc.sort_indices(table, sort_keys=[(name, "ascending", "at_end") for name in spec.sort_order])
    return table.take(order).combine_chunks()


CONSOLIDATION_CHUNK_ROWS = 5_000  # whole months are joined up to about this many rows per pandas frame
_NO_PERIOD = -1  # the month code of rows without a period_end (consolidated together)


def _month_codes(period_end: pa.ChunkedArray | pa.Array) -> pa.Array:
    """YYYYMM of each period_end (`_NO_PERIOD` for none): the trade_facts partition of the row."""
    codes = pc.fill_null(pc.add(pc.multiply(pc.year(period_end), 100), pc.month(period_end)), _NO_PERIOD)
    return codes.combine_chunks() if isinstance(codes, pa.ChunkedArray) else codes


def _chunk_months(rows_per_month: dict[int, int]) -> list[list[int]]:
    """Month codes in order, grouped into chunks of about CONSOLIDATION_CHUNK_ROWS rows (or one month if bigger)."""
    chunks: list[list[int]] = []
    chunk: list[int] = []
    rows = 0
    for month in sorted(rows_per_month):
        chunk.append(month)
        rows += rows_per_month[month]
        if rows >= CONSOLIDATION_CHUNK_ROWS:
            chunks.append(chunk)
            chunk, rows = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def _by_period_month(stats: pa.Table) -> list[pa.Table]:
    """The rows of `stats` in chunks of whole period-end months (rows without a period_end together)."""
    if stats.num_rows == 0:
        return []
    codes = _month_codes(stats["period_end"])
    counts = pc.value_counts(codes)
    rows_per_month = dict(
        zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True)
    )
    return [
        stats.filter(pc.is_in(codes, value_set=pa.array(months, pa.int64())))
        for months in _chunk_months(rows_per_month)
    ]


@dataclass(frozen=True)
class _StatsFile:
    """One trade_stats file and how many of its rows fall in each period-end month."""

    path: str
    rows_per_month: dict[int, int]


def _plan(files: list[str]) -> list[_StatsFile]:
    """Each file's rows per period-end month, read one file and one column at a time."""
    planned = []
    for path in files:
        codes = _month_codes(pq.read_table(path, columns=["period_end"])["period_end"])
        counts = pc.value_counts(codes)
        planned.append(
            _StatsFile(
                path,
                dict(
                    zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True)
                ),
            )
        )
    return planned


def _stats_in_months(planned: list[_StatsFile], months: list[int], schema: pa.Schema) -> pa.Table:
    """The consolidation columns of every trade_stats row whose period-end month is in `months`.

    Only the files holding such rows are read, one at a time, and only the matching rows are kept, so
    memory holds one chunk of rows and one file's columns, however big the dataset."""
    wanted = set(months)
    value_set = pa.array(months, pa.int64())
    pieces = []
    for stats_file in planned:
        if wanted.isdisjoint(stats_file.rows_per_month):
            continue
        table = ds.dataset(stats_file.path, format="parquet", schema=schema).to_table(
            columns=list(CONSOLIDATION_COLUMNS), use_threads=False
        )
        pieces.append(table.filter(pc.is_in(_month_codes(table["period_end"]), value_set=value_set)))
    if not pieces:
        return schema.empty_table().select(list(CONSOLIDATION_COLUMNS))
    return pa.concat_tables(pieces).combine_chunks()


def rebuild_trade_facts(
    out_dir: Path, run_id: str, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
) -> WriteSummary:
    """Rebuild `out_dir/trade_facts` from all of `out_dir/trade_stats` and swap it in atomically.

    Holds the trade_facts lock throughout and the trade_stats lock while reading and consolidating
    (always in that order): a first pass reads each file's period_end column to plan chunks of whole
    period-end months, then each chunk's rows are read from the files holding them, consolidated and
    written. `input_rows` of the summary is the number of trade_stats rows read; `partitions` lists
    every partition of the new dataset. Rebuilding twice from the same trade_stats gives the same
    rows and file contents.
    """
    check_run_id(run_id)
    spec = get_spec(TRADE_FACTS)
    out_dir = Path(out_dir).absolute()
    live = out_dir / TRADE_FACTS
    out_dir.mkdir(parents=True, exist_ok=True)
    with dataset_lock(out_dir, TRADE_FACTS, timeout_s=lock_timeout_s):
        recover_facts_staging(out_dir)
        run_staging = staging_root(out_dir, TRADE_FACTS) / run_id
        staged = run_staging / TRADE_FACTS
        ensure_dir(run_staging)
        try:
            written, input_rows = _build_staged(spec, out_dir, run_staging, staged, run_id, lock_timeout_s)
            _swap_in_dataset(staged, live, run_staging / _DISPLACED)
        except Exception:  # an interruption is left as a kill would leave it, for recover_facts_staging
            _abandon_rebuild(run_staging, live)  # the live dataset is the old one; drop what was prepared
            raise
        retire_run_staging(run_staging)  # the old dataset stays readable for scans already under way
    return WriteSummary(dataset=TRADE_FACTS, run_id=run_id, input_rows=input_rows, partitions=tuple(written))


def _build_staged(
    spec: DatasetSpec, out_dir: Path, run_staging: Path, staged: Path, run_id: str, lock_timeout_s: float
) -> tuple[list[PartitionWrite], int]:
    """Write the whole new dataset, with its manifest, under `staged`; nothing live changes."""
    staged.mkdir()
    check_same_filesystem(run_staging, out_dir)
    written: list[PartitionWrite] = []
    input_rows = 0
    with dataset_lock(out_dir, SOURCE_DATASET, timeout_s=lock_timeout_s):  # one consistent trade_stats
        planned = _plan(dataset_files(out_dir, SOURCE_DATASET))
        schema = dataset_schema(SOURCE_DATASET)
        rows_per_month: Counter[int] = Counter()
        for stats_file in planned:
            rows_per_month.update(stats_file.rows_per_month)
        for months in _chunk_months(rows_per_month):
            stats = _stats_in_months(planned, months, schema)
            input_rows += stats.num_rows
            written += _write_partitions(spec, facts_table(stats), staged, run_id)
    _fsync_tree_dirs(staged, written)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    write_fresh_manifest(staged, TRADE_FACTS, [
        ManifestEntry(partition=p.path, run_id=run_id, rows=p.rows, files=p.files,
                      schema_version=spec.version, written_at=now)
        for p in written
    ])  # fmt: skip
    fsutil.fsync_dir(run_staging)
    return written, input_rows


def _abandon_rebuild(run_dir: Path, live: Path) -> None:
    """A failed rebuild's clean-up: the displaced old dataset back if none is live, staging removed.

    Best effort: whatever it cannot do, the next rebuild's `recover_facts_staging` does.
    """
    try:
        displaced = run_dir / _DISPLACED
        if displaced.is_dir() and not live.exists():
            os.rename(displaced, live)
        if run_dir.exists():
            remove_tree(run_dir)
    except OSError:
        pass


def conflicting_statistics(out_dir: Path, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> pa.Table:
    """Every (fact_no, stat_id) of the facts in conflict: `fact_no` numbers the conflicting facts.

    Read one trade_facts file at a time under the dataset's lock (a rebuild cannot swap it meanwhile),
    keeping only the conflicting facts' ids: a compact Arrow table, not a Python set per fact.
    """
    pieces = []
    fact_count = 0
    with dataset_lock(Path(out_dir), TRADE_FACTS, timeout_s=lock_timeout_s):
        for path in dataset_files(out_dir, TRADE_FACTS):
            facts = pq.read_table(path, columns=["conflict", "stat_ids"])
            stat_ids = facts.filter(pc.equal(facts["conflict"], True))["stat_ids"].combine_chunks()
            if len(stat_ids) == 0:
                continue
            parents = pc.list_parent_indices(stat_ids).cast(pa.int32())
            pieces.append(
                pa.table(
                    {
                        "fact_no": pc.add(parents, pa.scalar(fact_count, pa.int32())),
                        "stat_id": pc.list_flatten(stat_ids),
                    }
                )
            )
            fact_count += len(stat_ids)
    if not pieces:
        return pa.table({"fact_no": pa.array([], pa.int32()), "stat_id": pa.array([], pa.string())})
    return pa.concat_tables(pieces).combine_chunks()


def conflicts_stated(out_dir: Path, stat_files: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Per key (a backfill's month partition): the conflicting trade_facts that one of the statistics in
    its trade_stats files states, each fact counted once; 0 without trade_facts or files.

    trade_facts must have been rebuilt from the trade_stats those files were committed to. The
    statistic ids are read back one key's files at a time, so the count holds no run-wide set of ids.
    """
    conflicting = conflicting_statistics(out_dir)
    counts = {}
    for key, paths in stat_files.items():
        if not paths or conflicting.num_rows == 0:
            counts[key] = 0
            continue
        mine = pa.concat_arrays(
            [pq.read_table(p, columns=["stat_id"])["stat_id"].combine_chunks() for p in paths]
        )
        stated = conflicting.filter(pc.is_in(conflicting["stat_id"], value_set=mine))["fact_no"]
        counts[key] = pc.count_distinct(stated).as_py()
    return counts


def _write_partitions(spec: DatasetSpec, facts: pa.Table, staged: Path, run_id: str) -> list[PartitionWrite]:
    """One fsynced file per partition of `facts` under `staged` (the year and dataset directories are
    fsynced once all chunks are written, by `_fsync_tree_dirs`)."""
    if facts.num_rows == 0:
        return []
    years, months = partition_values(spec, facts)
    written = []
    for year, month, rows in split_by_partition(facts, years, months):
        directory = staged / partition_dirname(year, month)
        directory.mkdir(parents=True)
        file_name = f"part-{run_id}.parquet"
        write_parquet_file(rows, directory / file_name)
        fsutil.fsync_dir(directory)
        written.append(PartitionWrite(year=year, month=month, rows=rows.num_rows, new_rows=rows.num_rows,
                                      files=(file_name,)))  # fmt: skip
    return written


def _fsync_tree_dirs(staged: Path, written: list[PartitionWrite]) -> None:
    """Make every new year directory's entries, and the dataset directory's, durable."""
    for year_dir in sorted({(staged / partition_dirname(p.year, p.month)).parent for p in written}):
        fsutil.fsync_dir(year_dir)
    fsutil.fsync_dir(staged)


def _swap_in_dataset(staged: Path, live: Path, displaced: Path) -> None:
    """Make the staged dataset directory the live one in one step; the old one ends up in staging."""
    if not live.exists():
        os.rename(staged, live)
        fsutil.fsync_dir(live.parent)
        return
    try:
        fsutil.exchange(staged, live)
    except fsutil.ExchangeUnsupported:
        # Two renames: between them the dataset is briefly absent (never partial); a crash there is
        # repaired by recover_facts_staging, which moves the displaced dataset back.
        os.rename(live, displaced)
        os.rename(staged, live)
        fsutil.fsync_dir(live.parent)
        fsutil.fsync_dir(displaced.parent)
        return
    fsutil.fsync_dir(live.parent)
    fsutil.fsync_dir(staged.parent)


def recover_facts_staging(out_dir: Path, retention_s: float = RETIRED_RETENTION_S) -> None:
    """After a crashed rebuild: put back a displaced dataset if none is live, delete abandoned staging.

    Old datasets retired by earlier rebuilds are deleted once `retention_s` old. Must be called with
    the trade_facts lock held.
    """
    root = staging_root(out_dir, TRADE_FACTS)
    if not root.is_dir():
        return
    live = Path(out_dir) / TRADE_FACTS
    for run_dir in sorted(root.iterdir()):
        if run_dir.name.startswith(RETIRED_PREFIX):
            if retired_expired(run_dir, retention_s):
                remove_tree(run_dir)
            continue
        displaced = run_dir / _DISPLACED
        if displaced.is_dir() and not live.exists():
            os.rename(displaced, live)
            fsutil.fsync_dir(live.parent)
        remove_tree(run_dir)
    fsutil.fsync_dir(root)
