"""The Arrow schema of every dataset, declared once, and the only way rows become Arrow tables.

Every write goes through a `DatasetSpec`: its schema (the user contract in docs/datasets.md, in
contract order), its row key (what makes a row unique, so reruns replace instead of duplicating),
the timestamp column the Hive partitions `year=YYYY/month=M` are cut from, and a total sort order so
that the same rows always produce the same file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

SCHEMA_VERSION_KEY = b"tradewire.schema_version"
DATASET_NAME_KEY = b"tradewire.dataset"

TIMESTAMP_UTC = pa.timestamp("us", tz="UTC")

#: Hive partition columns as readers should type them (pyarrow/pandas need it spelled out).
PARTITION_SCHEMA = pa.schema([pa.field("year", pa.int32()), pa.field("month", pa.int32())])

# The name of a derived key column for rejects; never written to a file.
REJECT_KEY_COLUMN = "__reject_key"


def _trade_stats_fields(all_nullable: bool) -> list[pa.Field]:
    required = not all_nullable
    return [
        pa.field("stat_id", pa.string(), nullable=not required),
        pa.field("article_id", pa.string(), nullable=not required),
        pa.field("source", pa.string(), nullable=not required),
        pa.field("url", pa.string(), nullable=not required),
        # Null for an article whose publication date is unknown (never the fetch time).
        pa.field("published_at", TIMESTAMP_UTC),
        pa.field("reporter", pa.string(), nullable=not required),
        pa.field("reporter_name", pa.string()),
        pa.field("partner", pa.string(), nullable=not required),
        pa.field("partner_name", pa.string()),
        pa.field("flow", pa.string(), nullable=not required),
        pa.field("value", pa.float64(), nullable=not required),
        pa.field("currency", pa.string(), nullable=not required),
        pa.field("value_usd", pa.float64()),
        pa.field("qualifier", pa.string()),
        pa.field("period_start", pa.date32(), nullable=not required),
        pa.field("period_end", pa.date32(), nullable=not required),
        pa.field("change_pct", pa.float64()),
        pa.field("commodity", pa.string()),
        pa.field("share_pct", pa.float64()),
        pa.field("sentence", pa.string(), nullable=not required),
        pa.field("extractor", pa.string(), nullable=not required),
    ]


def _with_version(name: str, version: int, fields: list[pa.Field]) -> pa.Schema:
    return pa.schema(
        fields, metadata={SCHEMA_VERSION_KEY: str(version).encode(), DATASET_NAME_KEY: name.encode()}
    )


# Added in trade_stats/rejects schema version 2 (nullable, last): ids of the "warn" validation rules
# that flagged the row, sorted and comma-separated; null when none did. Older files read it as null.
WARNINGS_FIELD = pa.field("warnings", pa.string())

# Added in trade_stats/rejects schema version 3 (nullable, last): how the reporter and the partner were
# resolved, ids of `transform.evidence.EVIDENCE` ("explicit.role", "context.topic", ...); null for a side
# that was not resolved. Older files read them as null.
EVIDENCE_FIELDS = [pa.field("reporter_evidence", pa.string()), pa.field("partner_evidence", pa.string())]

TRADE_STATS_SCHEMA = _with_version(
    "trade_stats", 3, [*_trade_stats_fields(all_nullable=False), WARNINGS_FIELD, *EVIDENCE_FIELDS]
)

ARTICLES_SCHEMA = _with_version(
    "articles",
    1,
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("url", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("published_at", TIMESTAMP_UTC),  # null when unknown: such rows are partitioned by fetched_at
        pa.field("fetched_at", TIMESTAMP_UTC, nullable=False),
        pa.field("language", pa.string()),
        pa.field("body", pa.string(), nullable=False),
        pa.field("n_stats", pa.int32(), nullable=False),
        pa.field("published_at_source", pa.string()),
        pa.field("final_url", pa.string()),
        pa.field("http_status", pa.int32()),
        pa.field("encoding", pa.string()),
        pa.field("feed_url", pa.string()),
    ],
)

REJECTS_SCHEMA = _with_version(
    "rejects",
    3,
    [
        *_trade_stats_fields(all_nullable=True),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        WARNINGS_FIELD,  # version 2: after rule/reason, since columns are only ever appended
        *EVIDENCE_FIELDS,  # version 3
    ],
)

FETCH_LOG_SCHEMA = _with_version(
    "fetch_log",
    1,
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("source", pa.string()),
        pa.field("kind", pa.string(), nullable=False),  # feed | page | robots | sitemap | listing
        pa.field("status", pa.int32()),
        pa.field("error_class", pa.string()),
        pa.field("error_message", pa.string()),
        pa.field("attempts", pa.int32(), nullable=False),
        pa.field("bytes", pa.int64(), nullable=False),
        pa.field("elapsed_s", pa.float64(), nullable=False),
        pa.field("fetched_at", TIMESTAMP_UTC, nullable=False),
        pa.field("from_archive", pa.bool_(), nullable=False),
    ],
)


# One row per statistic consolidated across articles and sources (transform.consolidate); rebuilt
# whole from trade_stats by load.facts.rebuild_trade_facts. Partitioned by period_end, which is part of
# the key: a fact never moves between partitions, whatever is published about it later.
TRADE_FACTS_SCHEMA = _with_version(
    "trade_facts",
    1,
    [
        pa.field("fact_id", pa.string(), nullable=False),
        pa.field("reporter", pa.string(), nullable=False),
        pa.field("partner", pa.string(), nullable=False),
        pa.field("flow", pa.string(), nullable=False),
        pa.field("period_start", pa.date32(), nullable=False),
        pa.field("period_end", pa.date32(), nullable=False),
        pa.field("currency", pa.string(), nullable=False),
        pa.field("commodity", pa.string()),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("value_usd", pa.float64()),
        pa.field("n_statistics", pa.int32(), nullable=False),
        pa.field("n_articles", pa.int32(), nullable=False),
        pa.field("n_sources", pa.int32(), nullable=False),
        # "element" is the Parquet list item's name, so the schema read back equals the declared one.
        pa.field("stat_ids", pa.list_(pa.field("element", pa.string())), nullable=False),
        # Null when no supporting statistic has a publication date (all from undated articles).
        pa.field("first_published_at", TIMESTAMP_UTC),
        pa.field("last_published_at", TIMESTAMP_UTC),
        pa.field("conflict", pa.bool_(), nullable=False),
        pa.field("spread_pct", pa.float64()),
        pa.field("extractor", pa.string(), nullable=False),
    ],
)


@dataclass(frozen=True)
class DatasetSpec:
    """Everything the writer needs to know about one dataset.

    `key` names the columns that identify a row (a rerun replaces the row with that key);
    `partition_column` is the UTC timestamp (or date) the `year=/month=` directories come from;
    `sort_order` is total over the key, so a partition's row order never depends on input order.
    """

    name: str
    schema: pa.Schema
    key: tuple[str, ...]
    partition_column: str
    sort_order: tuple[str, ...]
    # False for a dataset derived whole from others (trade_facts): only its rebuild writes it.
    merge_writes: bool = True
    # Where `partition_column` is null (an article without a known publication date), the partition
    # comes from this column instead (articles: fetched_at); trade_stats and rejects rows of such an
    # article get their article's fetch time from the writer's caller (`partition_fallback`).
    partition_fallback: str | None = None

    @property
    def version(self) -> int:
        return int(self.schema.metadata[SCHEMA_VERSION_KEY])

    def key_table(self, table: pa.Table) -> pa.Table:
        """The key columns of `table` (derived ones computed), for de-duplication and sorting."""
        columns = {}
        for name in self.key:
            columns[name] = reject_key(table) if name == REJECT_KEY_COLUMN else table[name]
        return pa.table(columns)


def reject_key(table: pa.Table) -> pa.ChunkedArray:
    """Identity of a reject within its article: its stat_id, or a hash of sentence and rule without one.

    Combined with `rule` in the key, so one candidate failing two rules keeps both rows.
    """
    stat_ids = table["stat_id"].to_pylist()
    sentences = table["sentence"].to_pylist()
    rules = table["rule"].to_pylist()
    keys = []
    for stat_id, sentence, rule in zip(stat_ids, sentences, rules, strict=True):
        if stat_id is not None:
            keys.append("id:" + stat_id)
        else:
            digest = hashlib.sha256(f"{sentence or ''}\x1f{rule or ''}".encode()).hexdigest()
            keys.append("h:" + digest[:32])
    return pa.chunked_array([pa.array(keys, type=pa.string())])


DATASETS: dict[str, DatasetSpec] = {
    "trade_stats": DatasetSpec(
        name="trade_stats",
        schema=TRADE_STATS_SCHEMA,
        key=("stat_id",),
        partition_column="published_at",
        sort_order=("published_at", "article_id", "stat_id"),
    ),
    "articles": DatasetSpec(
        name="articles",
        schema=ARTICLES_SCHEMA,
        key=("article_id",),
        partition_column="published_at",
        sort_order=("published_at", "article_id"),
        partition_fallback="fetched_at",
    ),
    "rejects": DatasetSpec(
        name="rejects",
        schema=REJECTS_SCHEMA,
        key=("article_id", REJECT_KEY_COLUMN, "rule"),
        partition_column="published_at",
        sort_order=("published_at", "article_id", REJECT_KEY_COLUMN, "rule"),
    ),
    "fetch_log": DatasetSpec(
        name="fetch_log",
        schema=FETCH_LOG_SCHEMA,
        key=("url", "fetched_at", "kind", "from_archive"),
        partition_column="fetched_at",
        sort_order=("fetched_at", "url", "kind", "from_archive"),
    ),
    "trade_facts": DatasetSpec(
        name="trade_facts",
        schema=TRADE_FACTS_SCHEMA,
        key=("fact_id",),
        partition_column="period_end",
        sort_order=(
            "period_end",
            "period_start",
            "reporter",
            "partner",
            "flow",
            "currency",
            "commodity",
            "fact_id",
        ),  # fmt: skip
        merge_writes=False,
    ),
}


def get_spec(dataset: str) -> DatasetSpec:
    try:
        return DATASETS[dataset]
    except KeyError:
        raise ValueError(f"unknown dataset {dataset!r}; known: {', '.join(sorted(DATASETS))}") from None


def _flatten_rejection(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """Accept `dataclasses.asdict(Rejection)` ({"statistic": {...}, "rule", "reason"}) as a rejects row."""
    statistic = record.get("statistic")
    if not isinstance(statistic, Mapping):
        return record
    flat = dict(statistic)
    for name, value in record.items():
        if name != "statistic":
            flat[name] = value
    return flat


def _checked_column(dataset: str, field: pa.Field, values: list[Any]) -> list[Any]:
    """Normalise one column, refusing what pyarrow would silently get wrong (naive datetimes above all)."""

    def where(row: int) -> str:
        return f"{dataset}.{field.name} (row {row})"

    if not field.nullable and None in values:
        raise ValueError(f"{where(values.index(None))}: must not be null")
    if pa.types.is_timestamp(field.type):
        converted = []
        for row, value in enumerate(values):
            if value is None:
                converted.append(None)
                continue
            if not isinstance(value, datetime):
                raise ValueError(
                    f"{where(row)}: expected a timezone-aware datetime, got {type(value).__name__}"
                )
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(
                    f"{where(row)}: naive datetime {value.isoformat()}; give it a timezone (UTC)"
                )
            converted.append(value.astimezone(UTC))
        return converted
    if pa.types.is_date32(field.type):
        for row, value in enumerate(values):
            if value is not None and (isinstance(value, datetime) or not isinstance(value, date)):
                raise ValueError(f"{where(row)}: expected a datetime.date, got {type(value).__name__}")
    elif pa.types.is_floating(field.type) or pa.types.is_integer(field.type):
        for row, value in enumerate(values):
            if isinstance(value, bool):
                raise ValueError(f"{where(row)}: expected a number, got a bool")
    return values


def to_table(dataset: str, records: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Build a table with exactly the dataset's schema from dict rows.

    Missing keys are null (an error for a required column); unknown keys are an error, so a typo
    cannot turn into a silently empty column. For `rejects`, `dataclasses.asdict(Rejection)` rows
    are flattened.
    """
    spec = get_spec(dataset)
    names = spec.schema.names
    known = set(names)
    columns: dict[str, list[Any]] = {name: [] for name in names}
    for row_number, record in enumerate(records):
        if dataset == "rejects":
            record = _flatten_rejection(record)
        if not known.issuperset(record):
            unknown = ", ".join(sorted(set(record) - known))
            raise ValueError(f"{dataset} (row {row_number}): unknown column(s) {unknown}")
        for name in names:
            columns[name].append(record.get(name))
    arrays = []
    for field in spec.schema:
        values = _checked_column(dataset, field, columns[field.name])
        try:
            arrays.append(pa.array(values, type=field.type))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as exc:
            raise ValueError(f"{dataset}.{field.name}: {exc}") from exc
    return pa.Table.from_arrays(arrays, schema=spec.schema)


def conform(dataset: str, table: pa.Table) -> pa.Table:
    """Return `table` with exactly the dataset's schema (column order, types, metadata) or raise.

    Accepts the columns in any order and safe casts (e.g. int64 -> int32 that fits); refuses missing
    or extra columns, timestamps without a timezone and nulls in required columns.
    """
    spec = get_spec(dataset)
    schema = spec.schema
    missing = [name for name in schema.names if name not in table.column_names]
    extra = [name for name in table.column_names if name not in schema.names]
    if missing or extra:
        raise ValueError(
            f"{dataset}: table does not match the schema (missing: {missing or 'none'}, extra: {extra or 'none'})"
        )
    arrays = []
    for field in schema:
        column = table[field.name]
        if pa.types.is_timestamp(field.type) and (
            not pa.types.is_timestamp(column.type) or column.type.tz is None
        ):
            raise ValueError(f"{dataset}.{field.name}: {column.type} is not a timezone-aware timestamp")
        if column.type != field.type:
            try:
                column = column.cast(field.type, safe=True)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise ValueError(
                    f"{dataset}.{field.name}: cannot cast {column.type} to {field.type}: {exc}"
                ) from exc
        if not field.nullable and column.null_count:
            raise ValueError(f"{dataset}.{field.name}: {column.null_count} null(s) in a required column")
        arrays.append(column)
    return pa.Table.from_arrays(arrays, schema=schema)


def partition_values(
    spec: DatasetSpec, table: pa.Table, fallback: pa.Array | pa.ChunkedArray | None = None
) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """UTC year and month of each row's partition timestamp or date (refusing nulls: a row needs one).

    Where the partition column is null, the spec's `partition_fallback` column, else `fallback` (one
    timestamp per row, e.g. the fetch time of an undated article's statistics), gives the partition.
    """
    column = table[spec.partition_column]
    if column.null_count:
        if spec.partition_fallback is not None:
            fallback = table[spec.partition_fallback]
        if fallback is not None:
            chunked = fallback if isinstance(fallback, pa.ChunkedArray) else pa.chunked_array([fallback])
            column = pc.coalesce(column.cast(TIMESTAMP_UTC), chunked.cast(TIMESTAMP_UTC))
    if column.null_count:
        raise ValueError(
            f"{spec.name}.{spec.partition_column}: {column.null_count} null(s); every row needs a "
            "timestamp to choose its year=/month= partition"
        )
    utc = column.cast(TIMESTAMP_UTC)
    return pc.year(utc), pc.month(utc)
