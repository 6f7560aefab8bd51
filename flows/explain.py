"""`tradewire explain TARGET`: what became of every amount in one article, and why.

TARGET is a page URL (fetched once, politely, like a run would), a saved HTML file, or an article id
in an output directory (`--out DIR`: the article as the run stored it). The article is parsed and
extracted exactly as a run does it (`extract.sites.parse_page`, `transform.extraction.trace_amounts`,
`transform.undated.split_undated`, `transform.validation`), and each amount in the body is shown
with its outcome: the statistic it became with its roles as written, the evidence each side was
resolved by (`transform.evidence`) and whether validation accepted it, the guard or stage that
dropped it, or the rule that rejected it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from extract.http import HttpClient
from extract.sites import parse_page
from extract.urls import article_id_for, normalize_url
from load.readers import rows_where
from transform.evidence import describe
from transform.extraction import AmountTrace, extract_candidates, trace_amounts
from transform.model import ArticleText, TradeStatistic
from transform.undated import RULE_ID as UNDATED_RULE
from transform.undated import split_undated
from transform.validation import validate_with_warnings


class ExplainError(Exception):
    """The target could not be read (one line for the user)."""


@dataclass(frozen=True)
class LoadedArticle:
    """An article as a run would see it, with where each part came from."""

    text: ArticleText  # published_at: the date, or the latest possible one when `dated` is False
    dated: bool
    date_source: str | None
    language: str | None
    origin: str  # "fetched from URL", "saved file PATH", "article ARTICLE_ID in DIR"


@dataclass(frozen=True)
class Outcome:
    """What became of one candidate statistic after the undated rule and validation."""

    accepted: bool
    rule: str | None = None
    reason: str | None = None


def load_url(url: str, allow_private: bool = False) -> LoadedArticle:
    with HttpClient() as client:
        result = client.fetch(url, allow_private=allow_private, source="explain")
    if not result.ok:
        raise ExplainError(
            f"{url}: {result.error_class or 'http_status'} "
            f"{result.status or ''} {result.error_message or ''}".strip()
        )
    return _loaded(
        result.body,
        result.final_url,
        result.headers.get("content-type"),
        result.fetched_at,
        f"fetched from {url}",
    )


def load_file(path: Path, url: str | None = None) -> LoadedArticle:
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise ExplainError(f"{path}: {exc.strerror or exc}") from None
    moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return _loaded(body, url or path.resolve().as_uri(), None, moment, f"saved file {path}")


def _loaded(body: bytes, url: str, content_type: str | None, latest: datetime, origin: str) -> LoadedArticle:
    article = parse_page(body, url, content_type=content_type)
    if not article.paragraphs:
        raise ExplainError(f"{origin}: no article text found on the page")
    canonical = normalize_url(article.url or url)
    text = ArticleText(
        article_id=article_id_for(canonical),
        source="explain",
        url=canonical,
        published_at=article.published_at or latest,
        body=article.body,
        title=article.title,
        language=article.language,
    )
    return LoadedArticle(
        text, article.published_at is not None, article.published_at_source, article.language, origin
    )


def load_stored(article_id: str, out: Path) -> LoadedArticle:
    if not (out / "articles").is_dir():
        raise ExplainError(f"--out {out}: no articles dataset there")
    rows = rows_where(out, "articles", "article_id", article_id).to_pylist()
    if not rows:
        raise ExplainError(f"no article {article_id!r} in {out}/articles")
    row = rows[-1]
    published = row["published_at"]
    text = ArticleText(
        article_id=row["article_id"],
        source=row["source"],
        url=row["url"],
        published_at=published or row["fetched_at"],
        body=row["body"],
        title=row["title"],
        language=row.get("language"),
    )
    return LoadedArticle(
        text,
        published is not None,
        row.get("published_at_source"),
        row.get("language"),
        f"article {article_id} in {out}",
    )


def load_target(target: str, out: Path | None, allow_private: bool = False) -> LoadedArticle:
    """A URL, a saved file, or (with `out`) an article id: which one is decided by its form."""
    if target.startswith(("http://", "https://")):
        return load_url(target, allow_private)
    if Path(target).is_file():
        return load_file(Path(target))
    if out is not None:
        return load_stored(target, out)
    raise ExplainError(f"{target!r} is not a URL, an existing file, or (with --out DIR) an article id")


def outcomes(loaded: LoadedArticle, candidates: Iterable[TradeStatistic]) -> dict[str, Outcome]:
    """Per candidate stat_id: accepted, or the rule that rejected it (the undated rule first)."""
    candidates = list(candidates)
    if not loaded.dated:
        kept = {
            c.stat_id for c in split_undated(loaded.text, loaded.text.published_at, extract_candidates).kept
        }
        undated = {
            c.stat_id: Outcome(
                False,
                UNDATED_RULE,
                "its period depends on the publication date, which the page does not give",
            )
            for c in candidates
            if c.stat_id not in kept
        }
        candidates = [c for c in candidates if c.stat_id in kept]
    else:
        undated = {}
    validation = validate_with_warnings(candidates)
    found = {s.stat_id: Outcome(True) for s in validation.accepted}
    found.update({r.statistic.stat_id: Outcome(False, r.rule, r.reason) for r in validation.rejected})
    return {**found, **undated}


def explain_lines(loaded: LoadedArticle) -> list[str]:
    """The report: the article as parsed, then one block per amount in body order."""
    text = loaded.text
    traces = trace_amounts(text)
    results = outcomes(loaded, [c for t in traces for c in t.candidates])
    date = (
        f"{text.published_at:%Y-%m-%d %H:%M} UTC (from {loaded.date_source or 'the page'})"
        if loaded.dated
        else "unknown: statistics whose period depends on it are rejected (period.undated_article)"
    )
    lines = [
        f"article    {text.title or '(no title)'}",
        f"url        {text.url}",
        f"id         {text.article_id}",
        f"source     {loaded.origin}",
        f"language   {loaded.language or 'unknown'}",
        f"published  {date}",
        f"amounts    {len(traces)} in the body",
        "",
    ]
    for number, trace in enumerate(traces, 1):
        lines += _trace_lines(number, trace, results)
    return lines


def _trace_lines(number: int, trace: AmountTrace, results: dict[str, Outcome]) -> list[str]:
    lines = [f"[{number}] {trace.text!r} in sentence {trace.sentence_index + 1}: {_short(trace.sentence)}"]
    if not trace.candidates:
        return [*lines, f"    dropped by {trace.dropped_by}: {trace.reason}", ""]
    for statistic in trace.candidates:
        outcome = results.get(statistic.stat_id, Outcome(False, "unknown", "not in the validation result"))
        verdict = (
            "ACCEPTED -> trade_stats" if outcome.accepted else f"REJECTED by {outcome.rule}: {outcome.reason}"
        )
        lines += [f"    statistic {statistic.stat_id}: {verdict}", *_roles(statistic)]
    return [*lines, ""]


def _roles(s: TradeStatistic) -> list[str]:
    period = f"{s.period_start}..{s.period_end}" if s.period_start else "none found"
    change = "" if s.change_pct is None else f", change {s.change_pct:+g}%"
    share = "" if s.share_pct is None else f", share {s.share_pct:g}%"
    usd = "" if s.value_usd is None or s.currency == "USD" else f" (USD {s.value_usd:,.0f})"
    return [
        f"      reporter {s.reporter} (written {s.reporter_name!r}), partner {s.partner} "
        f"(written {s.partner_name!r}), flow {s.flow}",
        f"      value {s.value:,.0f} {s.currency}{usd}{' ' + s.qualifier if s.qualifier else ''}, "
        f"period {period}{change}{share}" + (f", commodity {s.commodity}" if s.commodity else ""),
        f"      reporter evidence: {describe(s.reporter_evidence)}",
        f"      partner evidence:  {describe(s.partner_evidence)}",
    ]


def _short(sentence: str, limit: int = 160) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 3] + "..."
