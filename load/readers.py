"""Read a dataset back as one Arrow table, with `year`/`month` as int32 partition columns.

A writer may swap a partition while a scan runs; a file listed at the start of the scan can then be
gone when it is opened (FileNotFoundError). That is the one reader error the layout tolerates: the
scan is retried, and the retry sees the complete new partition.

The files are listed here, one partition directory at a time, and handed to pyarrow as a list:
pyarrow's own discovery of a directory (`ds.dataset(root)`) stats every listed file again by path
and silently drops one that vanished in between, so a partition swapped mid-listing would come back
empty without an error. With an explicit list a vanished file raises FileNotFoundError instead.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from load.schemas import PARTITION_SCHEMA, get_spec

SCAN_ATTEMPTS = 5


def hive_partitioning() -> ds.Partitioning:
    """`year=YYYY/month=M` directories typed as int32 (not inferred as strings/dictionaries)."""
    return ds.partitioning(PARTITION_SCHEMA, flavor="hive")


def dataset_schema(dataset: str) -> pa.Schema:
    """The dataset's columns followed by the partition columns, as `read_dataset` returns them."""
    spec = get_spec(dataset)
    return pa.schema([*spec.schema, *PARTITION_SCHEMA], metadata=spec.schema.metadata)


def dataset_glob(out_dir: Path, dataset: str) -> str:
    """The glob DuckDB and Polars take: `DIR/<dataset>/**/*.parquet`."""
    get_spec(dataset)
    return f"{Path(out_dir).absolute() / dataset}/**/*.parquet"


def dataset_files(out_dir: Path, dataset: str) -> list[str]:
    """The dataset's Parquet files, `DIR/<dataset>/year=*/month=*/*.parquet`, sorted.

    Each partition directory is listed in one `scandir` of whatever directory its path names at that
    instant (old or new, both complete); nothing is stat-ed again by path afterwards.
    """
    get_spec(dataset)
    root = glob.escape(str(Path(out_dir) / dataset))
    return sorted(glob.glob(f"{root}/year=*/month=*/*.parquet"))


def read_dataset(out_dir: Path, dataset: str, columns: Sequence[str] | None = None) -> pa.Table:
    """All rows of a dataset in a stable order (partition, then the dataset's sort order).

    A dataset that was never written reads as an empty table with the full schema. With `columns`, only
    those are read from the files (and returned), in the same row order: a rebuild over every row of a
    large dataset then holds the few columns it needs, not the verbatim sentences.
    """
    spec = get_spec(dataset)
    schema = dataset_schema(dataset)
    if columns is None:
        return _sorted(_scan(out_dir, dataset, schema, schema.names), spec)
    order_columns = [c for c in ("year", "month", *spec.sort_order) if c in schema.names]
    table = _scan(out_dir, dataset, schema, list(dict.fromkeys([*columns, *order_columns])))
    return _sorted(table, spec).select(list(columns))


def rows_where(out_dir: Path, dataset: str, column: str, value: object) -> pa.Table:
    """The rows whose `column` equals `value` (one article out of many), filtered while scanning:
    row groups whose statistics exclude the value are skipped, and no other row is materialised."""
    schema = dataset_schema(dataset)
    return _scan(out_dir, dataset, schema, schema.names, ds.field(column) == value)


def _scan(
    out_dir: Path,
    dataset: str,
    schema: pa.Schema,
    columns: list[str],
    row_filter: ds.Expression | None = None,
) -> pa.Table:
    """`columns` of every row of a dataset, unsorted (an empty table of those columns if none).

    A file listed and then retired by a concurrent writer's swap makes the scan start again."""
    root = Path(out_dir) / dataset
    empty = pa.schema([schema.field(name) for name in columns]).empty_table()
    if not root.is_dir():
        return empty
    for attempt in range(1, SCAN_ATTEMPTS + 1):
        try:
            files = dataset_files(out_dir, dataset)
            if not files:
                return empty
            return ds.dataset(
                files, format="parquet", schema=schema, partitioning=hive_partitioning(),
                partition_base_dir=str(root),
            ).to_table(columns=columns, filter=row_filter)  # fmt: skip
        except FileNotFoundError:
            if attempt == SCAN_ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)
    return empty


def _sorted(table: pa.Table, spec) -> pa.Table:
    if table.num_rows == 0:
        return table
    sort_columns = ["year", "month", *(name for name in spec.sort_order if name in table.column_names)]
    order = pc.sort_indices(table, sort_keys=[(name, "ascending", "at_end") for name in sort_columns])
    return table.take(order)
