"""Re-processing an article replaces all of its rows: statistics whose ids changed under new rules,
or that the rules no longer find, must not linger beside the new ones (a wrong number is worse than
a missing one)."""

from __future__ import annotations

from dataclasses import asdict, replace

from load_rows import make_stat

from load.readers import read_dataset
from load.schemas import to_table
from load.writer import ReplaceScope, write_dataset


def stats_table(stats):
    return to_table("trade_stats", [asdict(s) for s in stats])


def ids(out_dir) -> list[tuple[str, str]]:
    table = read_dataset(out_dir, "trade_stats")
    return sorted(zip(table["article_id"].to_pylist(), table["stat_id"].to_pylist(), strict=True))


def test_reprocessed_articles_keep_exactly_their_new_rows(tmp_path):
    # article-0000: stat-0000, stat-0001; article-0001: stat-0002, stat-0003; article-0002: stat-0004
    old = [make_stat(n) for n in range(5)]
    write_dataset(tmp_path, "trade_stats", stats_table(old), "run-1")

    # new rules: article-0000 now yields one statistic with a new id, article-0001 yields none
    renamed = replace(make_stat(0), stat_id="stat-0000-v2")
    scope = ReplaceScope("article_id", frozenset({"article-0000", "article-0001"}), frozenset({(2023, 5)}))
    write_dataset(tmp_path, "trade_stats", stats_table([renamed]), "run-2", replace=scope)

    assert ids(tmp_path) == [("article-0000", "stat-0000-v2"), ("article-0002", "stat-0004")]


def test_scope_alone_clears_an_article_whose_statistics_all_went(tmp_path):
    write_dataset(tmp_path, "trade_stats", stats_table([make_stat(n) for n in range(4)]), "run-1")
    scope = ReplaceScope("article_id", frozenset({"article-0001"}), frozenset({(2023, 5), (2024, 1)}))
    write_dataset(tmp_path, "trade_stats", stats_table([]), "run-2", replace=scope)
    assert ids(tmp_path) == [("article-0000", "stat-0000"), ("article-0000", "stat-0001")]
    # a partition the scope names but that does not exist is not created
    assert not (tmp_path / "trade_stats" / "year=2024").exists()


def test_same_rows_with_scope_are_idempotent(tmp_path):
    stats = [make_stat(n) for n in range(4)]
    scope = ReplaceScope("article_id", frozenset({"article-0000", "article-0001"}), frozenset({(2023, 5)}))
    write_dataset(tmp_path, "trade_stats", stats_table(stats), "run-1", replace=scope)
    first = read_dataset(tmp_path, "trade_stats")
    write_dataset(tmp_path, "trade_stats", stats_table(stats), "run-2", replace=scope)
    assert read_dataset(tmp_path, "trade_stats").equals(first)
