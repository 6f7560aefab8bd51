"""Read selected columns of a dataset the way users do, with DuckDB, Polars and pyarrow.

Each reader returns a list of row tuples (the partition columns `year`, `month` last), or [] when the
dataset has no Parquet file yet (DuckDB and Polars refuse a glob matching nothing).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as ds

from load.readers import dataset_schema, hive_partitioning


def has_files(out_dir: Path, dataset: str) -> bool:
    return any((Path(out_dir) / dataset).rglob("*.parquet"))


def duckdb_rows(out_dir: Path, dataset: str, columns: list[str]) -> list[tuple]:
    glob = f"{Path(out_dir).absolute() / dataset}/**/*.parquet"
    with duckdb.connect() as connection:
        return connection.execute(
            f"SELECT {', '.join(columns)}, year, month FROM read_parquet(?, hive_partitioning = true)", [glob]
        ).fetchall()


def polars_rows(out_dir: Path, dataset: str, columns: list[str]) -> list[tuple]:
    glob = f"{Path(out_dir).absolute() / dataset}/**/*.parquet"
    frame = pl.scan_parquet(glob, hive_partitioning=True).select([*columns, "year", "month"]).collect()
    return frame.rows()


def pyarrow_rows(out_dir: Path, dataset: str, columns: list[str]) -> list[tuple]:
    scanned = ds.dataset(
        Path(out_dir) / dataset,
        format="parquet",
        schema=dataset_schema(dataset),
        partitioning=hive_partitioning(),
    ).to_table(columns=[*columns, "year", "month"])
    return list(zip(*(scanned[name].to_pylist() for name in scanned.column_names), strict=True))


READERS = {"duckdb": duckdb_rows, "polars": polars_rows, "pyarrow": pyarrow_rows}


def rows_by_engine(out_dir: Path, dataset: str, columns: list[str]) -> dict[str, list[tuple]]:
    """The rows each engine reads ([] for every engine when there is no file)."""
    if not has_files(out_dir, dataset):
        return {engine: [] for engine in READERS}
    return {engine: read(out_dir, dataset, columns) for engine, read in READERS.items()}


def partition_contents(out_dir: Path, dataset: str) -> dict[str, bytes]:
    """Partition directory -> bytes of its only file (file names carry run ids, contents do not)."""
    contents = {}
    for partition in sorted((Path(out_dir) / dataset).glob("year=*/month=*")):
        (only_file,) = list(partition.iterdir())
        contents[str(partition.relative_to(Path(out_dir) / dataset))] = only_file.read_bytes()
    return contents
