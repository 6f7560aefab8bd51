"""Consolidate trade statistics into facts: one row per statistic, however many articles state it.

Several articles (often several sources) report the same figure: China–Kazakhstan trade in
January–April 2023, in yuan. A fact groups the statistics with the same reporter, partner, flow,
period, currency and commodity. A `total` flow has no direction, so its pair is put in one order
(a country or region before a group code, then alphabetical): CN–KZ and KZ–CN are one fact.

The stated values of a fact are compared with their rounding, read from their trailing zeros
(`transform.rules.rounding_precision`: 19.7 billion is 19.7 ± 0.05 billion). When every stated
interval [value − half unit, value + half unit] shares a point, the statements agree and the agreed
value is the most precise one ("19.68 billion" over "19.7 billion" over "20 billion"). Otherwise
the sources disagree beyond rounding: `conflict` is set and the agreed value is the median of the
stated values, which one outlier cannot move. `spread_pct` is (max − min) / |value| in percent.

Everything runs as pandas group-bys over the whole table; the output order (by the trade_facts sort
order) and the order of `stat_ids` (sorted) do not depend on the input order.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from transform.reference import GROUP_CODES
from transform.rules import rounding_precision

FACT_KEY = ("reporter", "partner", "flow", "period_start", "period_end", "currency", "commodity")
FACT_COLUMNS = (
    "fact_id", *FACT_KEY, "value", "value_usd", "n_statistics", "n_articles", "n_sources", "stat_ids",
    "first_published_at", "last_published_at", "conflict", "spread_pct", "extractor",
)  # fmt: skip
FACT_SORT_ORDER = (
    "period_end",
    "period_start",
    "reporter",
    "partner",
    "flow",
    "currency",
    "commodity",
    "fact_id",
)
# Two stated intervals that touch within this relative float noise still agree.
_AGREEMENT_EPSILON = 1e-12
# The trade_stats columns consolidation reads (a rebuild of trade_facts reads only these).
CONSOLIDATION_COLUMNS = (
    "stat_id",
    "article_id",
    "source",
    "published_at",
    *FACT_KEY,
    "value",
    "value_usd",
    "extractor",
)
_SEPARATOR = "\x1f"
_NULL = "\x1e"  # stands for a null commodity in the key (never in a commodity name)


def consolidate(stats: pa.Table | pd.DataFrame) -> pd.DataFrame:
    """One row per fact (columns `FACT_COLUMNS`, sorted by `FACT_SORT_ORDER`) from trade_stats rows.

    A stat_id present more than once (the same statistic re-ingested under another publication
    month) counts once, as its most recently published row. Dates come out as `datetime.date`,
    timestamps as UTC, `stat_ids` as sorted lists of strings.
    """
    rows = _normalised(stats)
    if rows.empty:
        return _empty_facts()

    half_unit = rounding_precision(rows["value"]) * rows["value"].abs()
    rows["lower"] = rows["value"] - half_unit
    rows["upper"] = rows["value"] + half_unit
    rows["half_unit"] = half_unit
    rows = rows.sort_values(["fact_key", "stat_id"], kind="stable").reset_index(drop=True)
    groups = rows.groupby("fact_key", sort=True)

    facts = groups.agg(
        reporter=("reporter", "first"),
        partner=("partner", "first"),
        flow=("flow", "first"),
        period_start=("period_start", "first"),
        period_end=("period_end", "first"),
        currency=("currency", "first"),
        commodity=("commodity", "first"),
        n_statistics=("stat_id", "size"),
        n_articles=("article_id", "nunique"),
        n_sources=("source", "nunique"),
        first_published_at=("published_at", "min"),
        last_published_at=("published_at", "max"),
        highest_lower=("lower", "max"),
        lowest_upper=("upper", "min"),
        minimum=("value", "min"),
        maximum=("value", "max"),
        median=("value", "median"),
        stated_usd_median=("value_usd", "median"),
    )
    scale = np.maximum(facts["highest_lower"].abs(), facts["lowest_upper"].abs())
    facts["conflict"] = facts["highest_lower"] > facts["lowest_upper"] + _AGREEMENT_EPSILON * scale
    facts["value"] = _most_precise(rows).reindex(facts.index).where(~facts["conflict"], facts["median"])
    is_usd = facts["currency"] == "USD"
    facts["value_usd"] = facts["value"].where(is_usd, facts["stated_usd_median"])
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = (facts["maximum"] - facts["minimum"]) / facts["value"].abs() * 100.0
    facts["spread_pct"] = spread.where(np.isfinite(spread))
    facts["stat_ids"], facts["extractor"] = _listed_per_fact(rows)
    facts["fact_id"] = [fact_id(key) for key in facts.index]
    for name in ("n_statistics", "n_articles", "n_sources"):
        facts[name] = facts[name].astype("int32")

    facts = facts.reset_index(drop=True)
    facts = facts.sort_values(list(FACT_SORT_ORDER), kind="stable", na_position="last").reset_index(drop=True)
    for name in ("period_start", "period_end"):
        facts[name] = facts[name].dt.date
    facts["commodity"] = facts["commodity"].astype(object).where(facts["commodity"].notna(), None)
    return facts[list(FACT_COLUMNS)]


def canonical_pair(reporter: pd.Series, partner: pd.Series, flow: pd.Series) -> tuple[pd.Series, pd.Series]:
    """For `total` flows, the pair in one order: a country or region before a group, then alphabetical.

    Exports, imports and balances keep their direction (CN's exports to KZ are KZ's imports from CN).
    """
    reporter_rank = reporter.isin(GROUP_CODES).astype(int).astype(str) + reporter
    partner_rank = partner.isin(GROUP_CODES).astype(int).astype(str) + partner
    swap = (flow == "total") & (partner_rank < reporter_rank)
    return reporter.where(~swap, partner), partner.where(~swap, reporter)


def fact_id(key: str) -> str:
    """Stable id of a fact: a hash of its normalised key (the same statistic always gets the same id)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _normalised(stats: pa.Table | pd.DataFrame) -> pd.DataFrame:
    """The columns consolidation reads, typed, with the canonical pair and the fact key string."""
    if isinstance(stats, pa.Table):
        missing = [name for name in CONSOLIDATION_COLUMNS if name not in stats.column_names]
        if missing:
            raise ValueError(f"consolidate: trade_stats rows lack column(s) {missing}")
        frame = stats.select(list(CONSOLIDATION_COLUMNS)).to_pandas()
    else:
        missing = [name for name in CONSOLIDATION_COLUMNS if name not in stats.columns]
        if missing:
            raise ValueError(f"consolidate: trade_stats rows lack column(s) {missing}")
        frame = stats.loc[:, list(CONSOLIDATION_COLUMNS)].copy()
    if frame.empty:
        return frame
    for name in ("stat_id", "article_id", "source", "reporter", "partner", "flow", "currency", "extractor"):
        frame[name] = frame[name].astype(str)
    frame["commodity"] = frame["commodity"].astype(object).where(frame["commodity"].notna(), None)
    frame["value"] = frame["value"].astype("float64")
    frame["value_usd"] = frame["value_usd"].astype("float64")
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True).astype("datetime64[us, UTC]")
    for name in ("period_start", "period_end"):
        frame[name] = pd.to_datetime(frame[name]).astype("datetime64[s]")

    latest_first = frame.sort_values(["stat_id", "published_at"], ascending=[True, False], kind="stable")
    frame = latest_first.drop_duplicates("stat_id", keep="first").copy()

    frame["reporter"], frame["partner"] = canonical_pair(frame["reporter"], frame["partner"], frame["flow"])
    commodity = frame["commodity"].astype(object).where(frame["commodity"].notna(), _NULL)
    frame["fact_key"] = (
        frame["reporter"] + _SEPARATOR + frame["partner"] + _SEPARATOR + frame["flow"] + _SEPARATOR
        + frame["period_start"].dt.strftime("%Y-%m-%d") + _SEPARATOR
        + frame["period_end"].dt.strftime("%Y-%m-%d") + _SEPARATOR
        + frame["currency"] + _SEPARATOR + commodity.astype(str)
    )  # fmt: skip
    return frame


def _most_precise(rows: pd.DataFrame) -> pd.Series:
    """Per fact key, the stated value with the smallest rounding (low median among equally precise)."""
    finest = rows.groupby("fact_key")["half_unit"].transform("min")
    candidates = rows[rows["half_unit"] <= finest * (1 + _AGREEMENT_EPSILON)]
    candidates = candidates.sort_values(["fact_key", "value"], kind="stable")
    position = candidates.groupby("fact_key").cumcount()
    count = candidates.groupby("fact_key")["value"].transform("size")
    chosen = candidates[position == (count - 1) // 2]
    return chosen.set_index("fact_key")["value"]


def _listed_per_fact(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per fact key (sorted): its stat_ids as a sorted list, its extractor versions sorted and joined.

    Arrow's hash aggregation builds the lists in C++ (a Python call per group is far too slow for a
    million facts); without threads it keeps groups and list items in input order, sorted here.
    """
    ids = pa.table({"fact_key": rows["fact_key"].to_numpy(str), "stat_id": rows["stat_id"].to_numpy(str)})
    ids = ids.sort_by([("fact_key", "ascending"), ("stat_id", "ascending")])
    ids = ids.group_by("fact_key", use_threads=False).aggregate([("stat_id", "list")])
    versions = rows[["fact_key", "extractor"]].drop_duplicates().sort_values(["fact_key", "extractor"])
    versions = pa.table(
        {"fact_key": versions["fact_key"].to_numpy(str), "extractor": versions["extractor"].to_numpy(str)}
    )
    versions = versions.group_by("fact_key", use_threads=False).aggregate([("extractor", "list")])
    stat_ids = pd.Series(
        ids["stat_id_list"].to_pandas(types_mapper=pd.ArrowDtype).array, index=ids["fact_key"].to_pylist()
    ).sort_index()
    joined = pc.binary_join(versions["extractor_list"], ",")
    extractors = pd.Series(
        joined.to_pylist(), index=versions["fact_key"].to_pylist(), dtype=object
    ).sort_index()
    return stat_ids, extractors


def _empty_facts() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in FACT_COLUMNS})
