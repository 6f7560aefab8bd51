"""A byte-for-byte snapshot of what extraction and validation produce on every article text at hand.

A refactoring of `transform/` that is meant to move code, not change behaviour, is checked by writing
the snapshot before and comparing after:

    python -m bench.extraction_snapshot --write /tmp/before.jsonl
    python -m bench.extraction_snapshot --check /tmp/before.jsonl

The texts: the evaluation sets (`bench/evalsets/*/articles/*.json`), the devset (`../shared/devset`,
skipped where absent), the demo site's pages and the site fixtures (parsed as the flows parse them),
the extract tests' pages, and the first pages of the benchmark corpus. Each line is one JSON record:
every candidate of every article with all its fields in order, then per collection the accepted
stat ids and every rejection (rule, reason, warnings) of `validate_with_warnings`.

Undated devset articles take `bench.devset_eval`'s fallback date, which can depend on today's date:
write and check on the same day.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.devset_eval import _fallback_published
from transform.extraction import extract_candidates
from transform.model import ArticleText, TradeStatistic
from transform.validation import validate_with_warnings

REPO = Path(__file__).resolve().parent.parent
DEVSET = REPO.parent / "shared" / "devset"
DEMO_BASE_URL = "http://127.0.0.1:8765"
CORPUS_PAGES = 300


def _article(raw: dict, fallback_source: str) -> ArticleText:
    # Undated articles are read as the scorer reads them, against the latest date their figures allow.
    if raw.get("published"):
        published = datetime.fromisoformat(raw["published"]).replace(tzinfo=UTC)
    else:
        published = datetime.combine(_fallback_published(raw), datetime.min.time(), tzinfo=UTC)
    return ArticleText(
        article_id=raw["id"],
        source=raw.get("source") or fallback_source,
        url=raw.get("url") or "",
        published_at=published,
        body=raw.get("body") or "",
        title=raw.get("title"),
    )


def _evalsets() -> Iterator[tuple[str, list[ArticleText]]]:
    for folder in sorted((REPO / "bench" / "evalsets").glob("*/articles")):
        articles = [
            _article(json.loads(path.read_text(encoding="utf-8")), "evalset")
            for path in sorted(folder.glob("*.json"))
        ]
        yield f"evalset:{folder.parent.name}", articles


def _devset() -> Iterator[tuple[str, list[ArticleText]]]:
    if not (DEVSET / "articles").is_dir():
        return
    from bench.devset_eval import load_articles

    articles, _ = load_articles(DEVSET)
    yield "devset", articles


def _parsed(html: bytes, url: str, article_id: str, source: str, fallback: datetime) -> ArticleText:
    from extract.sites import parse_page

    page = parse_page(html, url, content_type="text/html; charset=utf-8")
    published = (page.published_at or fallback).astimezone(UTC)
    return ArticleText(
        article_id=article_id,
        source=source,
        url=url,
        published_at=published,
        body=page.body,
        title=page.title,
        language=page.language,  # as the flows pass it: a Chinese or Russian page is read with its pack
    )


def _demo_site() -> Iterator[tuple[str, list[ArticleText]]]:
    site = REPO / "flows" / "demo_site"
    records = json.loads((REPO / "tests" / "fixtures" / "demo_articles.json").read_text(encoding="utf-8"))
    articles = []
    for record in records:
        html = (site / record["path"]).read_text(encoding="utf-8").replace("__BASE_URL__", DEMO_BASE_URL)
        published = datetime.fromisoformat(record["published_at"])
        articles.append(
            _parsed(
                html.encode("utf-8"), f"{DEMO_BASE_URL}/{record['path']}", record["path"], "demo", published
            )
        )
    yield "demo_site", articles


def _site_fixtures() -> Iterator[tuple[str, list[ArticleText]]]:
    """The site fixtures twice: as their parser reads the HTML, and as the expected paragraphs."""
    parsed, expected = [], []
    for path in sorted((REPO / "tests" / "fixtures" / "sites").glob("*/*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        name = f"{path.parent.name}/{path.stem}"
        published = (
            datetime.fromisoformat(raw["published_at"])
            if raw.get("published_at")
            else datetime(2025, 1, 1, tzinfo=UTC)
        )
        expected.append(
            ArticleText(
                article_id=name,
                source=path.parent.name,
                url=raw.get("url") or "",
                published_at=published.astimezone(UTC),
                body="\n\n".join(raw.get("paragraphs") or []),
                title=raw.get("title"),
            )
        )
        html = path.with_suffix(".html")
        if html.is_file() and raw.get("url"):
            parsed.append(_parsed(html.read_bytes(), raw["url"], name, path.parent.name, published))
    yield "site_fixtures:expected", expected
    yield "site_fixtures:parsed", parsed
    pages = []
    for path in sorted((REPO / "tests" / "extract" / "pages").glob("*.html")):
        pages.append(
            _parsed(
                path.read_bytes(),
                f"https://example.org/{path.name}",
                path.stem,
                "pages",
                datetime(2025, 1, 1, tzinfo=UTC),
            )
        )
    yield "extract_pages", pages


def _corpus() -> Iterator[tuple[str, list[ArticleText]]]:
    from bench.corpus import ARCHIVE_BASE_URL, CorpusSpec

    spec = CorpusSpec(CORPUS_PAGES)
    articles = []
    for n in range(CORPUS_PAGES):
        page = spec.page(n)
        articles.append(
            _parsed(
                page.html, ARCHIVE_BASE_URL + page.path, f"a{page.number}", page.source, page.published_at
            )
        )
    yield "corpus", articles


def collections() -> Iterator[tuple[str, list[ArticleText]]]:
    """Every collection of article texts, in a fixed order."""
    yield from _evalsets()
    yield from _devset()
    yield from _demo_site()
    yield from _site_fixtures()
    yield from _corpus()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)


def _candidate_line(collection: str, statistic: TradeStatistic) -> str:
    return _json({"record": "candidate", "collection": collection, **asdict(statistic)})


def snapshot_lines() -> Iterator[str]:
    """The snapshot, one JSON line at a time."""
    for name, articles in collections():
        candidates: list[TradeStatistic] = []
        for article in articles:
            found = extract_candidates(article)
            candidates.extend(found)
            yield _json(
                {
                    "record": "article",
                    "collection": name,
                    "article_id": article.article_id,
                    "candidates": len(found),
                }
            )
            for statistic in found:
                yield _candidate_line(name, statistic)
        result = validate_with_warnings(candidates)
        for statistic in result.accepted:
            yield _json(
                {
                    "record": "accepted",
                    "collection": name,
                    "stat_id": statistic.stat_id,
                    "warnings": statistic.warnings,
                }
            )
        for rejection in result.rejected:
            yield _json(
                {
                    "record": "rejected",
                    "collection": name,
                    "stat_id": rejection.statistic.stat_id,
                    "rule": rejection.rule,
                    "reason": rejection.reason,
                    "warnings": rejection.statistic.warnings,
                }
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the snapshot to this file")
    group.add_argument("--check", type=Path, help="compare with this snapshot; exit 1 on any difference")
    args = parser.parse_args(argv)
    lines = [line + "\n" for line in snapshot_lines()]
    candidates = sum(1 for line in lines if line.startswith('{"record": "candidate"'))
    if args.write:
        args.write.write_text("".join(lines), encoding="utf-8")
        print(f"wrote {len(lines)} lines ({candidates} candidates) to {args.write}")
        return 0
    expected = args.check.read_text(encoding="utf-8").splitlines(keepends=True)
    if expected == lines:
        print(f"identical: {len(lines)} lines, {candidates} candidates")
        return 0
    diff = list(difflib.unified_diff(expected, lines, str(args.check), "now", n=0))
    sys.stdout.writelines(diff[:60])
    print(f"DIFFERENT: {len(diff)} diff lines ({len(expected)} lines expected, {len(lines)} now)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
