"""The backfill flow: parameters refused before any work, month partitions, and the datasets it leaves.

Over the demo site (127.0.0.1): a recrawl backfill gives the same rows as the nightly run, a repeated
or overlapping backfill changes nothing, a reprocess of the raw archive changes nothing either, and a
backfill never runs while another run holds the output directory.
"""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

from flows.backfill import source_name_type
from flows.backfill_plan import (
    UNDATED,
    BackfillMode,
    BackfillRequestError,
    MonthPartition,
    check_request,
    month_partitions,
    split_by_month,
)
from flows.demo import DEMO_SITE, demo_sources_toml
from flows.localsite import directory_source, serve
from flows.runlock import RUN_LOCK_TIMEOUT_ENV, RunLockTimeout, run_lock

SOURCES = """
[[sources]]
name = "ledger"
feeds = ["http://127.0.0.1:9/rss.xml"]

[[sources]]
name = "herald"
feeds = ["http://127.0.0.1:9/atom.xml"]
"""
# articles and rejects compared without fetched_at (a recrawl fetches again); trade_stats whole.
COMPARED = {"trade_stats": "*", "articles": "* EXCLUDE (fetched_at)", "rejects": "*"}


@pytest.fixture
def sources_file(tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    return path


def request(sources_file: Path, out: Path, start: str = "2025-03-01", end: str = "2025-03-31", **changes):
    args = {"sources": None, "mode": "recrawl", "max_concurrency": 2, "today": None} | changes
    return check_request(
        date.fromisoformat(start),
        date.fromisoformat(end),
        args["sources"],
        args["mode"],
        args["max_concurrency"],
        sources_file,
        out,
        today=args["today"],
    )


# -- month partitions -------------------------------------------------------------------------------


def test_month_partitions_cover_the_range_in_order():
    assert month_partitions(date(2024, 12, 15), date(2025, 2, 3)) == [
        MonthPartition(date(2024, 12, 15), date(2024, 12, 31)),
        MonthPartition(date(2025, 1, 1), date(2025, 1, 31)),
        MonthPartition(date(2025, 2, 1), date(2025, 2, 3)),
    ]
    assert month_partitions(date(2024, 2, 1), date(2024, 2, 29)) == [
        MonthPartition(date(2024, 2, 1), date(2024, 2, 29))
    ]
    assert [p.label for p in month_partitions(date(2025, 3, 5), date(2025, 3, 5))] == ["2025-03"]
    year = month_partitions(date(2025, 1, 1), date(2025, 12, 31))
    assert len(year) == 12 and sum((p.end - p.start).days + 1 for p in year) == 365


def test_entries_are_split_by_feed_month_and_undated_kept_apart():
    from datetime import UTC, datetime

    from extract.model import FeedEntry

    entries = [
        FeedEntry("http://x/a", None, datetime(2025, 3, 31, 23, 0, tzinfo=UTC)),
        FeedEntry("http://x/b", None, datetime(2025, 4, 1, 0, 30, tzinfo=UTC)),
        FeedEntry("http://x/c", None, None),
        FeedEntry("http://x/d", None, datetime(2025, 7, 1, tzinfo=UTC)),
    ]  # outside the range
    split = split_by_month(entries, month_partitions(date(2025, 3, 1), date(2025, 4, 30)))
    assert {label: [e.url[-1] for e in es] for label, es in split.items()} == {
        "2025-03": ["a"],
        "2025-04": ["b"],
        UNDATED: ["c"],
    }


# -- refused before any work ------------------------------------------------------------------------


def test_end_before_start_is_refused(sources_file, tmp_path):
    with pytest.raises(BackfillRequestError, match="end_date 2025-03-01 is before start_date 2025-03-02"):
        request(sources_file, tmp_path / "out", "2025-03-02", "2025-03-01")


def test_any_length_is_accepted_from_1990_to_today(sources_file, tmp_path):
    today = date(2025, 6, 30)
    whole = request(sources_file, tmp_path / "out", "1990-01-01", "2025-06-30", today=today)
    assert len(whole.partitions) == 35 * 12 + 6 and whole.labels[0] == "1990-01"
    assert whole.labels[-2:] == ["2025-06", UNDATED]
    one_day = request(sources_file, tmp_path / "out", "2025-06-30", "2025-06-30", today=today)
    assert [p.label for p in one_day.partitions] == ["2025-06"]


def test_obvious_mistakes_in_the_range_are_refused_with_the_reason(sources_file, tmp_path):
    today = date(2025, 6, 30)
    with pytest.raises(BackfillRequestError, match=r"start_date 1989-12-31 is before 1990-01-01.*typo"):
        request(sources_file, tmp_path / "out", "1989-12-31", "2025-01-31", today=today)
    with pytest.raises(
        BackfillRequestError, match=r"end_date 2025-07-01 is in the future \(today is 2025-06-30, UTC\)"
    ):
        request(sources_file, tmp_path / "out", "2025-06-01", "2025-07-01", today=today)
    with pytest.raises(BackfillRequestError, match="end_date 2205-03-31 is in the future"):
        request(sources_file, tmp_path / "out", "2025-03-01", "2205-03-31")  # today's real date


def test_unknown_source_and_bad_settings_are_refused(sources_file, tmp_path):
    with pytest.raises(BackfillRequestError, match=r"unknown source\(s\) 'nope'.*configures ledger, herald"):
        request(sources_file, tmp_path / "out", sources=["herald", "nope"])
    with pytest.raises(BackfillRequestError, match="max_concurrency 9 is not between 1 and 8"):
        request(sources_file, tmp_path / "out", max_concurrency=9)
    with pytest.raises(BackfillRequestError, match="mode 'fast' is not one of"):
        request(sources_file, tmp_path / "out", mode="fast")
    with pytest.raises(BackfillRequestError, match="file not found"):
        request(tmp_path / "missing.toml", tmp_path / "out")
    chosen = request(sources_file, tmp_path / "out", sources=["herald"])
    assert [s.name for s in chosen.sources] == ["herald"]
    assert [s.name for s in request(sources_file, tmp_path / "out").sources] == ["ledger", "herald"]


def test_reprocess_without_a_raw_archive_is_refused(sources_file, tmp_path):
    with pytest.raises(BackfillRequestError, match=r"no raw archive under .*/out/raw"):
        request(sources_file, tmp_path / "out", mode="reprocess")
    assert not (tmp_path / "out").exists()


def test_source_names_become_an_enum_in_the_parameter_schema():
    from pydantic import TypeAdapter

    schema = TypeAdapter(list[source_name_type(["herald", "ledger"])]).json_schema()
    assert schema["$defs"]["SourceName"]["enum"] == ["herald", "ledger"]
    schema = TypeAdapter(list[source_name_type(["solo"])]).json_schema()
    assert schema["$defs"]["SourceName"]["enum"] == ["solo"]  # one name: still a list to choose from
    assert TypeAdapter(list[source_name_type([])]).json_schema()["items"]["pattern"] == "^[a-z0-9_-]+$"


@pytest.mark.slow
def test_the_flow_fails_fast_on_bad_input_and_touches_nothing(prefect_harness, sources_file, tmp_path):
    from flows.backfill import backfill

    out = tmp_path / "out"
    state = backfill(
        start_date=date(2025, 3, 2),
        end_date=date(2025, 3, 1),
        sources_file=str(sources_file),
        out_dir=str(out),
        return_state=True,
    )
    assert state.is_failed() and "is before start_date" in state.message
    state = backfill(
        start_date=date(2025, 3, 1),
        end_date=date(2025, 3, 31),
        sources=["nope"],
        sources_file=str(sources_file),
        out_dir=str(out),
        return_state=True,
    )
    # refused by the parameter enum (names of ./sources.toml at import) or by the run's own check
    assert state.is_failed() and ("unknown source" in state.message or "sources" in state.message)
    assert not out.exists()


# -- over the demo site -----------------------------------------------------------------------------


def rows_of(out: Path, dataset: str) -> list[tuple]:
    if not any((out / dataset).glob("year=*/month=*/*.parquet")):
        return []
    return duckdb.sql(
        f"SELECT {COMPARED[dataset]} FROM read_parquet('{out}/{dataset}/**/*.parquet', "
        "hive_partitioning=true) ORDER BY ALL"
    ).fetchall()


def snapshot(out: Path) -> dict[str, list[tuple]]:
    return {name: rows_of(out, name) for name in COMPARED}


# Three and a half years: the demo's articles are all in its last six months, so most months are empty
# (no task runs for them) and the multi-year backfill costs little more than the six months would.
MULTI_YEAR = (date(2022, 1, 1), date(2025, 6, 30))
MULTI_YEAR_MONTHS = [f"{year}-{month:02d}" for year in range(2022, 2026) for month in range(1, 13)][:42]


@pytest.fixture(scope="module")
def demo(tmp_path_factory, prefect_harness):
    """The nightly run into one folder and a backfill over a multi-year range holding all of the demo's
    articles into another; the site stays up for the module (same port, so the same canonical URLs and
    article ids in every run)."""
    from flows.backfill import backfill
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("backfill-demo")
    with serve(directory_source(DEMO_SITE)) as base_url:
        sources = root / "sources.toml"
        sources.write_text(demo_sources_toml(base_url))
        nightly(str(sources), str(root / "nightly"))
        state = backfill(
            start_date=MULTI_YEAR[0],
            end_date=MULTI_YEAR[1],
            sources_file=str(sources),
            out_dir=str(root / "backfill"),
            max_concurrency=3,
            return_state=True,
        )
        yield {"root": root, "sources": sources, "state": state, "report": state.result()}


@pytest.mark.slow
def test_a_multi_year_backfill_gives_the_same_rows_as_the_nightly_run_month_by_month(demo):
    nightly_rows, backfill_rows = snapshot(demo["root"] / "nightly"), snapshot(demo["root"] / "backfill")
    assert len(nightly_rows["trade_stats"]) >= 30
    assert backfill_rows == nightly_rows
    report = demo["report"]
    assert MULTI_YEAR_MONTHS[0] == "2022-01" and MULTI_YEAR_MONTHS[-1] == "2025-06"
    assert [row["partition"] for row in report["partitions"]] == [*MULTI_YEAR_MONTHS, UNDATED]
    # progress per month, every month in order, whether or not it had pages
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()
    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(
                flow_run_id=LogFilterFlowRunId(any_=[demo["state"].state_details.flow_run_id])
            )
        )
    done = [log.message for log in sorted(logs, key=lambda log: log.timestamp) if " done (" in log.message]
    labels = [*MULTI_YEAR_MONTHS, UNDATED]
    assert done == [f"partition={label} done ({n}/{len(labels)})" for n, label in enumerate(labels, 1)]
    assert sum(row["statistics"] for row in report["partitions"]) == len(backfill_rows["trade_stats"])
    assert all(row["conflicts"] == 0 and row["failures"] == 0 for row in report["partitions"])


@pytest.mark.slow
def test_backfill_creates_a_bounded_number_of_task_runs_and_publishes_its_artifacts(demo):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
    )

    flow_run_id = demo["state"].state_details.flow_run_id
    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    # one discovery per source, one discovery-log commit, one task per month partition with pages to
    # fetch (the months the feeds list nothing for are reported without a task)
    partitions = demo["report"]["partitions"]
    with_work = [row["partition"] for row in partitions if row["pages_fetched"]]
    assert len(partitions) == 43 and 0 < len(with_work) <= 7
    assert all(row["articles"] == 0 for row in partitions if row["partition"] not in with_work)
    assert sorted(t.name.rsplit("-", 1)[0] for t in tasks) == sorted(
        ["discover-range", "commit-discovery-log"] + ["backfill-month"] * len(with_work)
    )
    by_key = {a.key: a for a in artifacts}
    assert by_key["tradewire-backfill-progress"].data == 100.0
    assert "| 2025-03 |" in by_key["tradewire-backfill-summary"].data
    assert "tradewire-backfill-partitions" in by_key


@pytest.mark.slow
def test_repeated_and_overlapping_backfills_change_nothing(demo):
    from flows.backfill import backfill

    out = demo["root"] / "backfill"
    before = snapshot(out)
    backfill(
        start_date=date(2025, 3, 15),
        end_date=date(2025, 5, 10),
        sources_file=str(demo["sources"]),
        out_dir=str(out),
    )
    backfill(
        start_date=date(2025, 1, 1),
        end_date=date(2025, 6, 30),
        sources_file=str(demo["sources"]),
        out_dir=str(out),
        max_concurrency=1,
    )
    assert snapshot(out) == before


@pytest.mark.slow
def test_a_retried_backfill_run_skips_the_months_it_committed(demo, tmp_path, monkeypatch):
    """What Retry in the UI does: the same flow run again; committed months are cache hits."""
    import flows.backfill as module

    calls: list[str] = []
    real_process_month = module.process_month

    def flaky_process_month(partition, work, run, **options):
        calls.append(partition)
        if partition == "2025-04" and calls.count(partition) == 1:
            raise ConnectionError("the site went away mid-backfill")
        return real_process_month(partition, work, run, **options)

    monkeypatch.setattr(module, "process_month", flaky_process_month)
    monkeypatch.setattr(module, "backfill_month", module.backfill_month.with_options(retries=0))
    out = tmp_path / "retried"
    retrying = module.backfill.with_options(retries=1, retry_delay_seconds=0)
    report = retrying(
        start_date=date(2025, 1, 1),
        end_date=date(2025, 6, 30),
        sources_file=str(demo["sources"]),
        out_dir=str(out),
        max_concurrency=1,
    )
    with_work = [row["partition"] for row in demo["report"]["partitions"] if row["pages_fetched"]]
    assert "2025-04" in with_work
    retried = with_work.index("2025-04")
    assert calls == with_work[: retried + 1] + with_work[retried:]  # only 2025-04 ran twice
    assert snapshot(out) == snapshot(demo["root"] / "backfill")
    assert report["statistics"] == len(snapshot(out)["trade_stats"])  # cached months still in the report


@pytest.mark.slow
def test_reprocess_from_the_raw_archive_gives_the_same_rows_without_the_network(demo):
    from flows.backfill import backfill

    out = demo["root"] / "reprocess"
    shutil.copytree(demo["root"] / "nightly", out)
    from load.facts import rebuild_trade_facts
    from load.readers import read_dataset

    rebuild_trade_facts(
        out, "seed"
    )  # an output with trade_facts: the backfill rebuilds them, counts conflicts
    facts_before = read_dataset(out, "trade_facts")
    before = snapshot(out)
    report = backfill(
        start_date=date(2025, 1, 1),
        end_date=date(2025, 6, 30),
        mode=BackfillMode.reprocess,
        sources_file=str(demo["sources"]),
        out_dir=str(out),
    )
    assert snapshot(out) == before
    facts_after = read_dataset(out, "trade_facts")
    assert facts_after.num_rows == facts_before.num_rows > 0 and facts_after.equals(facts_before)
    assert f"{report['run_id']}-facts" in (out / "trade_facts" / "_manifest.json").read_text()  # rebuilt
    assert [row["conflicts"] for row in report["partitions"]] == [0] * len(report["partitions"])
    fetched = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{out}/fetch_log/**/*.parquet') WHERE NOT from_archive"
    ).fetchall()[0][0]
    nightly_fetched = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{demo['root']}/nightly/fetch_log/**/*.parquet') "
        "WHERE NOT from_archive"
    ).fetchall()[0][0]
    # no request of its own: the network rows are the nightly's, kept beside the archive re-reads
    assert fetched == nightly_fetched
    assert report["statistics"] == len(before["trade_stats"])
    logged = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{out}/fetch_log/**/*.parquet') "
        "WHERE kind = 'page' AND from_archive"
    ).fetchall()[0][0]
    assert logged == report["articles"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["backfill", "nightly"])
def test_a_run_waits_for_the_run_lock_and_gives_up_cleanly(prefect_harness, tmp_path, monkeypatch, kind):
    from flows.backfill import backfill
    from flows.nightly import nightly

    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES)
    out = tmp_path / "out"
    monkeypatch.setenv(RUN_LOCK_TIMEOUT_ENV, "0.5")
    held, release = threading.Event(), threading.Event()

    def other_run_in_progress() -> None:
        with run_lock(out):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=other_run_in_progress)
    holder.start()
    try:
        assert held.wait(10)
        if kind == "backfill":
            state = backfill(
                start_date=date(2025, 3, 1),
                end_date=date(2025, 3, 31),
                sources_file=str(sources),
                out_dir=str(out),
                return_state=True,
            )
        else:
            state = nightly(str(sources), str(out), return_state=True)
    finally:
        release.set()
        holder.join()
    assert state.is_failed()
    with pytest.raises(RunLockTimeout, match="another tradewire run"):
        state.result()
    assert sorted(p.name for p in out.iterdir()) == ["_locks"]  # nothing fetched, nothing written


@pytest.mark.slow
def test_nightly_lookback_skips_entries_older_than_the_window(demo, tmp_path):
    from flows.nightly import nightly

    report = nightly(str(demo["sources"]), str(tmp_path / "recent"), lookback_days=7)  # the demo is from 2025
    assert report["articles"] == 0 and sum(s["feeds_ok"] for s in report["sources"]) == 2
    assert sum(s["pages_fetched"] for s in report["sources"]) <= 2  # only entries without a feed date
    with pytest.raises(ValueError, match="lookback_days must be at least 1"):
        nightly(str(demo["sources"]), str(tmp_path / "recent"), lookback_days=0)


@pytest.mark.slow
def test_cli_backfill_runs_the_flow(demo, tmp_path, capsys):
    from flows.cli import EXIT_OK, main

    out = tmp_path / "cli"
    assert (
        main(
            [
                "backfill",
                "--sources",
                str(demo["sources"]),
                "--out",
                str(out),
                "--start",
                "2025-03-01",
                "--end",
                "2025-03-31",
            ]
        )
        == EXIT_OK
    )
    assert "(backfill)" in capsys.readouterr().out
    stats = duckdb.sql(
        f"SELECT count(*), min(published_at)::DATE FROM read_parquet('{out}/trade_stats/**/*.parquet')"
    ).fetchall()[0]
    assert stats[0] > 0 and str(stats[1]) >= "2025-03-01"


def test_cli_refuses_bad_backfills_in_one_line(sources_file, tmp_path, capsys):
    from flows.cli import EXIT_BAD_INPUT, main

    base = ["backfill", "--sources", str(sources_file), "--out", str(tmp_path / "out")]
    assert (
        main([*base, "--start", "2025-03-01", "--end", "2025-03-31", "--mode", "reprocess"]) == EXIT_BAD_INPUT
    )
    assert main([*base, "--start", "1899-01-01", "--end", "2025-06-30"]) == EXIT_BAD_INPUT
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2
    assert "no raw archive under" in errors[0] and "start_date 1899-01-01 is before 1990-01-01" in errors[1]
    assert not (tmp_path / "out").exists()
