"""Devset evaluation through the real pipeline: articles rendered as pages on a local site, fetched,
parsed, extracted, validated and written by the nightly flow, then scored against the gold.

    python -m bench.pipeline_eval [DEVSET_DIR] [--json OUT]

The direct scorer (`bench.devset_eval`) runs the transform alone; this one also measures what the
HTTP client and the article parser do to the text (a sentence cut by the parser is a miss here).
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

DEFAULT_DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Devset Wire</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{date_meta}<link rel="canonical" href="__BASE_URL__/articles/{id}.html">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "business"}});</script>
</head><body>
<header><a class="logo" href="/">Devset Wire</a><nav><a href="/">Home</a> <a href="/business">Business</a>
<a href="/world">World</a> <a href="/opinion">Opinion</a></nav></header>
<main><article><h1>{title}</h1><div class="byline">By Staff Reporter</div>
<div class="article-body">
{paragraphs}
</div></article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/x1">Markets close higher on Friday</a></li>
<li><a href="/x2">Rail freight volumes hit a record</a></li></ul></aside></main>
<footer>Copyright 2026 Devset Wire. All rights reserved.</footer></body></html>
"""


def render_site(devset: Path) -> tuple[dict[str, tuple[str, bytes]], dict[str, str]]:
    """Pages and an RSS feed for every devset article; returns (site, {path: article id})."""
    pages: dict[str, tuple[str, bytes]] = {}
    paths: dict[str, str] = {}
    items = []
    for source in sorted((devset / "articles").glob("*.json")):
        article = json.loads(source.read_text())
        path = f"/articles/{article['id']}.html"
        paths[path] = article["id"]
        published = article.get("published")
        date_meta = (
            f'<meta property="article:published_time" content="{published}T12:00:00+00:00">\n'
            if published
            else ""
        )
        paragraphs = "\n".join(
            f"<p>{html.escape(p.strip())}</p>" for p in article["body"].split("\n\n") if p.strip()
        )
        page = PAGE.format(
            title=html.escape(article.get("title") or article["id"]),
            id=article["id"],
            date_meta=date_meta,
            paragraphs=paragraphs,
        )
        pages[path] = ("text/html; charset=utf-8", page.encode())
        items.append(
            f"<item><title>{html.escape(article.get('title') or '')}</title>"
            f"<link>__BASE_URL__{path}</link></item>"
        )
    feed = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Devset Wire</title>"
        "<link>__BASE_URL__/</link><description>devset</description>" + "".join(items) + "</channel></rss>"
    )
    pages["/rss.xml"] = ("application/rss+xml; charset=utf-8", feed.encode())
    return pages, paths


def run_pipeline(devset: Path, out: Path) -> list[dict]:
    """Run the nightly flow over the rendered devset; return trade_stats rows with their devset id."""
    import duckdb

    from flows.localsite import mapping_source, serve
    from flows.nightly import nightly

    pages, paths = render_site(devset)
    with serve(mapping_source(pages)) as base:
        sources = out / "sources.toml"
        sources.write_text(
            f'[[sources]]\nname = "devset"\nfeeds = ["{base}/rss.xml"]\n'
            "min_delay_s = 0\nallow_private_addresses = true\nmax_articles = 100000\n"
        )
        nightly(str(sources), str(out / "data"))
    relation = duckdb.sql(f"SELECT * FROM read_parquet('{out}/data/trade_stats/**/*.parquet')")
    rows = [dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall()]
    for row in rows:
        row["article_id"] = paths[row["url"].removeprefix(base)]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", nargs="?", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not (args.devset / "articles").is_dir():
        print(f"no devset at {args.devset}", file=sys.stderr)
        return 2
    from bench.devset_eval import print_report, score

    with tempfile.TemporaryDirectory(prefix="tradewire-eval-") as scratch:
        predictions = run_pipeline(args.devset, Path(scratch))
    report = score(predictions, args.devset / "gold")
    print_report("full pipeline (pages on 127.0.0.1 → nightly flow → trade_stats)", report)
    if args.json:
        args.json.write_text(json.dumps(dataclasses.asdict(report), indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
