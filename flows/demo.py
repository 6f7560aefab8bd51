"""`tradewire demo`: the nightly flow over the bundled demo site, served from 127.0.0.1."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flows.launch import run_and_report
from flows.localsite import directory_source, serve_preferring

DEMO_SITE = Path(__file__).with_name("demo_site")
DEMO_SOURCE_NAME = "herald"
DEMO_FEEDS = ("rss.xml", "atom.xml")


def demo_sources_toml(base_url: str) -> str:
    feeds = ", ".join(f'"{base_url}/{name}"' for name in DEMO_FEEDS)
    return (
        "# The bundled demo site, served by `tradewire demo` on this machine only.\n"
        "[[sources]]\n"
        f'name = "{DEMO_SOURCE_NAME}"\n'
        f"feeds = [{feeds}]\n"
        "min_delay_s = 0.0\n"
        "allow_private_addresses = true\n"
    )


def run_demo(out: Path, port: int) -> int:
    out = out.resolve()
    with (
        serve_preferring(directory_source(DEMO_SITE), port) as base_url,
        tempfile.TemporaryDirectory(prefix="tradewire-demo-") as scratch,
    ):
        sources = Path(scratch) / "sources.toml"
        sources.write_text(demo_sources_toml(base_url))
        print(f"Serving the demo site at {base_url}/ (feeds: {', '.join(DEMO_FEEDS)})")
        status = run_and_report("run", sources, out, None, None)
    print(demo_epilogue(out))
    return status


def demo_epilogue(out: Path) -> str:
    from load.readers import read_dataset

    lines = ["", f"Datasets written under {out}/:"]
    for dataset in ("articles", "trade_stats", "trade_facts", "rejects", "fetch_log"):
        rows = read_dataset(out, dataset).num_rows if (out / dataset).exists() else 0
        lines.append(f"  {dataset:<12} {rows:>5} rows   {out / dataset}/year=YYYY/month=M/*.parquet")
    if (out / "trade_stats").exists():
        lines += ["", "A sample of trade_stats:"]
        lines += sample_rows(read_dataset(out, "trade_stats"))
    if (out / "rejects").exists():
        rejects = read_dataset(out, "rejects").select(["rule", "reason"]).to_pylist()
        lines += ["", "Rejected candidates (kept in rejects with the rule and the reason):"]
        lines += [f"  {r['rule']}: {r['reason']}" for r in rejects[:5]]
    glob = f"{out}/trade_stats/**/*.parquet"
    lines += [
        "",
        "Try it in DuckDB:",
        '  .venv/bin/python -c "import duckdb; duckdb.sql(\\"SELECT reporter, partner, flow, value, currency, '
        f"period_start, period_end, change_pct FROM read_parquet('{glob}', hive_partitioning=true) "
        'ORDER BY period_end, reporter, partner\\").show(max_rows=50)"',
    ]
    return "\n".join(lines)


def sample_rows(table, limit: int = 8) -> list[str]:
    """A few statistics as aligned text lines (pyarrow only: the demo needs no query engine)."""
    rows = sorted(
        table.select(
            ["reporter", "partner", "flow", "value", "currency", "period_start", "period_end", "change_pct"]
        ).to_pylist(),
        key=lambda r: -r["value"] if r["value"] is not None else 0.0,
    )[:limit]
    lines = [
        f"  {'reporter':<8} {'partner':<8} {'flow':<8} {'value':>20} {'cur':<4} {'period':<23} {'change %':>8}"
    ]
    for r in rows:
        change = "" if r["change_pct"] is None else f"{r['change_pct']:+.1f}"
        lines.append(
            f"  {r['reporter']:<8} {r['partner']:<8} {r['flow']:<8} {r['value']:>20,.0f} {r['currency']:<4} "
            f"{r['period_start']}..{r['period_end']} {change:>8}"
        )
    return lines
