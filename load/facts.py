"""trade_facts: rebuilt whole from trade_stats and swapped in as one directory.

A fact depends on every statistic stating it, in any partition of trade_stats, and a fact can vanish
(its last statistic was re-extracted with another partner). Merging partitions would leave such
facts behind, and swapping partitions one by one would let a reader see one partition of the new
facts beside another of the old. So the whole dataset is rebuilt: trade_stats is read under its lock
(one consistent snapshot), consolidated (`transform.consolidate`), written into
`OUT/.staging/trade_facts/<run_id>/trade_facts/` (every file and directory fsynced, with its manifest)
and exchanged with `OUT/trade_facts` in one `renameat2(RENAME_EXCHANGE)`. Readers see the old
dataset or the new one, never a mix; partitions no longer present disappear in the same step. The old
dataset is retired into staging, not deleted at once, so a scan that opened it just before the swap
still reads it whole (`load.writer.RETIRED_RETENTION_S`).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from load import fsutil
from load.locks import DEFAULT_LOCK_TIMEOUT_S, dataset_lock
from load.manifest import ManifestEntry, write_fresh_manifest
from load.readers import read_dataset
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

    Consolidated one period-end month at a time: a fact's rows share its period (the period is in the
    fact key, and in the stat_id that deduplicates re-ingested rows), so the months are independent, and
    only one month's rows are ever held as a pandas frame. A backfill over 100k pages then rebuilds the
    facts without a frame of every statistic (which was most of its peak memory).
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


CONSOLIDATION_CHUNK_ROWS = 20_000  # whole months are joined up to about this many rows per pandas frame


def _by_period_month(stats: pa.Table) -> list[pa.Table]:
    """The rows of `stats` in chunks of whole period-end months (rows without a period_end together),
    each of about CONSOLIDATION_CHUNK_ROWS rows or one month if that is more."""
    if stats.num_rows == 0:
        return []
    period_end = stats["period_end"]
    months = pc.fill_null(pc.add(pc.multiply(pc.year(period_end), 100), pc.month(period_end)), -1)
    order = pc.sort_indices(months)
    ordered = months.take(order).to_numpy()
    boundaries = [0, *(int(i) for i in (ordered[1:] != ordered[:-1]).nonzero()[0] + 1), len(ordered)]
    chunks = []
    start = 0
    for end in boundaries[1:]:
        if end - start >= CONSOLIDATION_CHUNK_ROWS or end == len(ordered):
            chunks.append(stats.take(order[start:end]))
            start = end
    return chunks


def rebuild_trade_facts(
    out_dir: Path, run_id: str, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
) -> WriteSummary:
    """Rebuild `out_dir/trade_facts` from all of `out_dir/trade_stats` and swap it in atomically.

    Holds the trade_facts lock throughout and the trade_stats lock while reading (always in that
    order). `input_rows` of the summary is the number of trade_stats rows read; `partitions` lists
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
        with dataset_lock(out_dir, SOURCE_DATASET, timeout_s=lock_timeout_s):
            stats = read_dataset(out_dir, SOURCE_DATASET, columns=CONSOLIDATION_COLUMNS)
        facts = facts_table(stats)

        run_staging = staging_root(out_dir, TRADE_FACTS) / run_id
        staged = run_staging / TRADE_FACTS
        ensure_dir(run_staging)
        staged.mkdir()
        check_same_filesystem(run_staging, out_dir)
        written = _write_partitions(spec, facts, staged, run_id)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        write_fresh_manifest(staged, TRADE_FACTS, [
            ManifestEntry(partition=p.path, run_id=run_id, rows=p.rows, files=p.files,
                          schema_version=spec.version, written_at=now)
            for p in written
        ])  # fmt: skip
        fsutil.fsync_dir(run_staging)
        _swap_in_dataset(staged, live, run_staging / _DISPLACED)
        retire_run_staging(run_staging)  # the old dataset stays readable for scans already under way
    return WriteSummary(dataset=TRADE_FACTS, run_id=run_id, input_rows=stats.num_rows, partitions=tuple(written))


def _write_partitions(spec: DatasetSpec, facts: pa.Table, staged: Path, run_id: str) -> list[PartitionWrite]:
    """One fsynced file per partition under `staged`, every new directory entry made durable."""
    if facts.num_rows == 0:
        fsutil.fsync_dir(staged)
        return []
    years, months = partition_values(spec, facts)
    written = []
    year_dirs = set()
    for year, month, rows in split_by_partition(facts, years, months):
        directory = staged / partition_dirname(year, month)
        directory.mkdir(parents=True)
        file_name = f"part-{run_id}.parquet"
        write_parquet_file(rows, directory / file_name)
        fsutil.fsync_dir(directory)
        year_dirs.add(directory.parent)
        written.append(PartitionWrite(year=year, month=month, rows=rows.num_rows, new_rows=rows.num_rows,
                                      files=(file_name,)))  # fmt: skip
    for year_dir in sorted(year_dirs):
        fsutil.fsync_dir(year_dir)
    fsutil.fsync_dir(staged)
    return written


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
