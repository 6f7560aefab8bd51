"""SIGKILL a writer process at random moments: every partition stays old or new, a rerun converges.

`churn_writer.py` applies 4 batches (merges into 3 month partitions of trade_stats, then a rebuild of
trade_facts). A `churn_writer.py --serve` process imports everything once and forks one writer
process per trial, on an empty output; the test SIGKILLs it after a random delay, then checks
with DuckDB, Polars and pyarrow that every partition holds the rows of the last completed batch or
of the batch in progress (never a mix, a duplicate or a torn file), that trade_facts is one of the two
corresponding snapshots, and that rerunning the whole writer over the debris (stale staging
directories, lock files) gives byte for byte the files of an uninterrupted run.
"""

from __future__ import annotations

import functools
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import churn_writer
from engine_reads import partition_contents, rows_by_engine

from load.facts import facts_table
from load.schemas import to_table
from load.writer import RETIRED_PREFIX

TRIALS = 20
SEED = int(os.environ.get("TRADEWIRE_CRASH_SEED", "6"))
FACT_COLUMNS = ["fact_id", "value", "n_statistics"]


@functools.cache
def stats_by_month(step: int) -> dict[int, list[tuple]]:
    """Per month partition, the sorted (stat_id, value) rows after `step` (-1: nothing written yet)."""
    months: dict[int, list[tuple]] = {month: [] for month in churn_writer.MONTHS}
    if step >= 0:
        for row in churn_writer.expected_stats(step).values():
            months[row["published_at"].month].append((row["stat_id"], row["value"]))
    return {month: sorted(rows) for month, rows in months.items()}


@functools.cache
def facts_rows(step: int) -> list[tuple]:
    if step < 0:
        return []
    facts = facts_table(to_table("trade_stats", list(churn_writer.expected_stats(step).values())))
    return sorted(zip(*(facts[name].to_pylist() for name in FACT_COLUMNS), strict=True))


def abandoned_staging(staging: Path) -> list[Path]:
    """Run directories a killed writer left in staging (retired copies of finished writes excluded)."""
    return [
        path for path in staging.glob("*/*") if path.is_dir() and not path.name.startswith(RETIRED_PREFIX)
    ]


def last_completed_step(progress: Path) -> int:
    if not progress.exists():
        return -1
    return max((int(line) for line in progress.read_text().split()), default=-1)


def check_old_or_new(out_dir: Path, last_done: int, context: str) -> None:
    """Each partition equals its state after `last_done` or after the next step, in every engine."""
    possible = [step for step in (last_done, last_done + 1) if step < churn_writer.STEPS]
    for engine, rows in rows_by_engine(out_dir, "trade_stats", ["stat_id", "value"]).items():
        stat_ids = [row[0] for row in rows]
        assert len(stat_ids) == len(set(stat_ids)), f"{context}: {engine} read duplicate rows"
        assert {(row[2], row[3]) for row in rows} <= {(2024, month) for month in churn_writer.MONTHS}
        for month in churn_writer.MONTHS:
            seen = sorted((stat_id, value) for stat_id, value, _, row_month in rows if row_month == month)
            assert seen in [stats_by_month(step)[month] for step in possible], (
                f"{context}: {engine} read month {month} as neither the old nor the new version "
                f"({len(seen)} rows; steps {possible})"
            )
    for engine, rows in rows_by_engine(out_dir, "trade_facts", FACT_COLUMNS).items():
        seen = sorted(row[:3] for row in rows)
        assert seen in [facts_rows(step) for step in possible], (
            f"{context}: {engine} read trade_facts as neither snapshot (steps {possible})"
        )
    for dataset in ("trade_stats", "trade_facts"):
        manifest = out_dir / dataset / "_manifest.json"
        if manifest.exists():
            json.loads(manifest.read_text())  # replaced atomically: always complete JSON


def test_sigkill_at_random_moments_leaves_old_or_new_partitions_and_a_rerun_converges(tmp_path):
    reference = tmp_path / "reference"
    started = time.perf_counter()
    churn_writer.run(str(reference), "ref")
    run_seconds = time.perf_counter() - started
    expected_files = {name: partition_contents(reference, name) for name in ("trade_stats", "trade_facts")}
    assert len(expected_files["trade_stats"]) == len(churn_writer.MONTHS)

    chooser = random.Random(SEED)
    killed_mid_run = trials_with_stale_staging = 0
    server = subprocess.Popen([sys.executable, churn_writer.__file__, "--serve"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip

    def ask(command: str) -> int:
        server.stdin.write(command + "\n")
        server.stdin.flush()
        return int(server.stdout.readline())

    try:
        assert server.stdout.readline().strip() == "ready"
        for trial in range(TRIALS):
            trial_dir = tmp_path / f"trial{trial}"
            out_dir = trial_dir / "out"
            trial_dir.mkdir()
            delay = chooser.uniform(0.0, run_seconds * 1.1)
            pid = ask(f"run {out_dir} crash {trial_dir / 'progress'}")
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
            killed_mid_run += ask(f"wait {pid}") == -signal.SIGKILL
            last_done = last_completed_step(trial_dir / "progress")
            context = (
                f"trial {trial} (seed {SEED}, killed after {delay:.3f}s, last completed step {last_done})"
            )

            check_old_or_new(out_dir, last_done, context)
            staging = out_dir / ".staging"
            if abandoned_staging(staging):
                trials_with_stale_staging += 1

            churn_writer.run(str(out_dir), f"rerun{trial}")  # over the debris: stale staging, lock files
            for name, files in expected_files.items():
                assert partition_contents(out_dir, name) == files, (
                    f"{context}: rerun of {name} did not converge"
                )
            assert abandoned_staging(staging) == [], f"{context}: staging left behind"
    finally:
        server.stdin.close()
        server.wait(timeout=30)
        server.stdout.close()

    assert killed_mid_run >= TRIALS // 4, f"only {killed_mid_run} of {TRIALS} kills hit a running writer"
    assert trials_with_stale_staging >= 1, "no kill left a staging directory behind: nothing was recovered"
    print(f"crash test: {killed_mid_run}/{TRIALS} killed mid-run, {trials_with_stale_staging} left staging")
