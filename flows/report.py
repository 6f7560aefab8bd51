"""The run's summary: counts per source and stage, rejects by rule, failures by class."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flows.stages import BatchSummary, Discovery, MonthResult


@dataclass(frozen=True)
class SourceReport:
    source: str
    feeds_ok: int
    feeds_failed: int
    discovery_pages: int  # sitemap and listing pages read
    entries_listed: int
    pages_to_fetch: int
    pages_fetched: int
    pages_failed: int
    articles: int
    statistics: int
    rejects: int
    undated_articles: int = 0  # stored with published_at null: no date on the page, its feed entry or URL
    reached: bool = False  # any discovery route answered (`Discovery.reached`)


@dataclass(frozen=True)
class RunReport:
    kind: str
    run_id: str
    out_dir: str
    started_at: str
    finished_at: str
    sources: list[SourceReport]
    articles: int
    statistics: int
    rejects: int
    rejects_by_rule: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    rows_written: dict[str, int] = field(default_factory=dict)
    undated_articles: int = 0
    sources_reached: int = 0  # zero: the run fetched nothing at all (the CLI's exit status 3)

    @classmethod
    def build(
        cls,
        kind: str,
        run_id: str,
        out_dir: str,
        started: datetime,
        finished: datetime,
        discoveries: Sequence[Discovery],
        summaries: Sequence[BatchSummary],
        committed: dict[str, dict],
        broken_batches: int = 0,
    ) -> RunReport:
        per_source = []
        failures: Counter[str] = Counter()
        rejects_by_rule: Counter[str] = Counter()
        for d in discoveries:
            mine = [s for s in summaries if s.source == d.source]
            failures.update({f"feed:{k}": v for k, v in d.failures.items()})
            for s in mine:
                failures.update({f"page:{k}": v for k, v in s.failures.items()})
                rejects_by_rule.update(s.rejects_by_rule)
            per_source.append(
                SourceReport(
                    source=d.source,
                    feeds_ok=d.feeds_ok,
                    feeds_failed=d.feeds_failed,
                    discovery_pages=d.pages_read,
                    entries_listed=d.entries_listed,
                    pages_to_fetch=d.entries_new,
                    pages_fetched=sum(s.pages_fetched for s in mine),
                    pages_failed=sum(s.pages_failed for s in mine),
                    articles=sum(s.articles for s in mine),
                    statistics=sum(s.statistics for s in mine),
                    rejects=sum(s.rejects for s in mine),
                    undated_articles=sum(s.undated for s in mine),
                    reached=d.reached,
                )
            )
        if broken_batches:
            failures["batch:task_failed"] += broken_batches
        return cls(
            kind=kind,
            run_id=run_id,
            out_dir=out_dir,
            started_at=started.isoformat(timespec="seconds"),
            finished_at=finished.isoformat(timespec="seconds"),
            sources=per_source,
            articles=sum(s.articles for s in per_source),
            statistics=sum(s.statistics for s in per_source),
            rejects=sum(s.rejects for s in per_source),
            rejects_by_rule=dict(sorted(rejects_by_rule.items())),
            failures=dict(sorted(failures.items())),
            rows_written={name: c["rows"] for name, c in sorted(committed.items())},
            undated_articles=sum(s.undated_articles for s in per_source),
            sources_reached=sum(1 for s in per_source if s.reached),
        )


def summary_markdown(report: RunReport) -> str:
    lines = [
        f"# tradewire {report.kind} run `{report.run_id}`",
        "",
        f"{report.started_at} → {report.finished_at}, output `{report.out_dir}`",
        "",
        f"**{report.articles}** articles, **{report.statistics}** statistics, **{report.rejects}** rejects."
        + (
            f" {report.undated_articles} articles without a publication date (stored undated)."
            if report.undated_articles
            else ""
        ),
        "",
        "| source | feeds ok | feeds failed | sitemap/listing pages | listed | to fetch | fetched | failed "
        "| articles | statistics | rejects |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in report.sources:
        lines.append(
            f"| {s.source} | {s.feeds_ok} | {s.feeds_failed} | {s.discovery_pages} | {s.entries_listed} "
            f"| {s.pages_to_fetch} "
            f"| {s.pages_fetched} | {s.pages_failed} | {s.articles} | {s.statistics} | {s.rejects} |"
        )
    lines += ["", "## Rejects by rule", ""]
    lines += [f"- `{rule}`: {n}" for rule, n in report.rejects_by_rule.items()] or ["none"]
    lines += ["", "## Failures by class", ""]
    lines += [f"- `{cls}`: {n}" for cls, n in report.failures.items()] or ["none"]
    return "\n".join(lines) + "\n"


def partition_table(results: Sequence[MonthResult], conflicts: dict[str, int]) -> list[dict]:
    """A backfill's rows per month partition (its table artifact, and `partitions` in its report)."""
    return [
        {
            "partition": r.partition,
            "articles": r.articles,
            "statistics": r.statistics,
            "rejects": r.rejects,
            "failures": r.failures,
            "conflicts": conflicts.get(r.partition, 0),
            "pages_fetched": r.pages_fetched,
        }
        for r in results
    ]


def backfill_markdown(report: RunReport, heading: str, table: list[dict]) -> str:
    """The run summary, then the partition table under `heading` (the range and the mode)."""
    lines = [
        summary_markdown(report).rstrip("\n"),
        "",
        f"## Partitions ({heading})",
        "",
        "| partition | articles | statistics | rejects | failures | conflicts |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row['partition']} | {row['articles']} | {row['statistics']} | {row['rejects']} "
        f"| {row['failures']} | {row['conflicts']} |"
        for row in table
    ]
    return "\n".join(lines) + "\n"


def summary_text(report: dict) -> str:
    """The plain-text summary the CLI prints (the report as returned by the flow, a dict)."""
    lines = [
        f"run {report['run_id']} ({report['kind']}): {report['articles']} articles, "
        f"{report['statistics']} statistics, {report['rejects']} rejects"
    ]
    for s in report["sources"]:
        discovery = f", {s['discovery_pages']} sitemap/listing pages" if s["discovery_pages"] else ""
        lines.append(
            f"  {s['source']}: feeds {s['feeds_ok']} ok / {s['feeds_failed']} failed{discovery}, "
            f"pages {s['pages_fetched']} fetched / {s['pages_failed']} failed, "
            f"{s['articles']} articles, {s['statistics']} statistics, {s['rejects']} rejects"
            + (f", {s['undated_articles']} undated" if s.get("undated_articles") else "")
        )
    if report["rejects_by_rule"]:
        lines.append(
            "  rejects by rule: " + ", ".join(f"{k}={v}" for k, v in report["rejects_by_rule"].items())
        )
    if report["failures"]:
        lines.append("  failures: " + ", ".join(f"{k}={v}" for k, v in report["failures"].items()))
    return "\n".join(lines)
