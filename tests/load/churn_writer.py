"""A small writer run as a subprocess by the crash and concurrency tests (and importable by them).

It applies `STEPS` deterministic batches to trade_stats, each touching every one of `MONTHS`
partitions with new rows and updates of earlier rows (merges), and rebuilds trade_facts after each
batch. `expected_stats(step)` gives what an uninterrupted run holds after a step, so a test can tell
the old version of a partition from the new one.

    python churn_writer.py OUT RUN_PREFIX [PROGRESS_FILE]

prints "ready" once imported, waits for a line on stdin, then writes; after each completed step it
appends the step number to PROGRESS_FILE.

    python churn_writer.py --serve

imports once, prints "ready", then reads commands: `run OUT RUN_PREFIX PROGRESS_FILE` forks a writer
process and prints its pid (a test SIGKILLs it); `wait PID` reaps it and prints its exit code
(negative: the signal). Forking a ready process keeps twenty crash trials from paying twenty imports.
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]

from load_rows import make_stat  # noqa: E402

from load.facts import rebuild_trade_facts  # noqa: E402
from load.schemas import to_table  # noqa: E402
from load.writer import write_dataset  # noqa: E402

STEPS = 4
MONTHS = (1, 2, 3)
NEW_PER_MONTH = 20
UPDATES_PER_MONTH = 10
PARTNERS = ("KZ", "UZ", "KG", "TJ", "TM")


def step_rows(step: int) -> list[dict]:
    """Batch `step`: 20 new rows per month and new values for 10 rows of the previous batch."""
    rows = []
    for month in MONTHS:
        published_at = datetime(2024, month, 10 + step, 9, 0, tzinfo=UTC)
        numbers = [(step, i) for i in range(NEW_PER_MONTH)]
        if step:
            numbers += [(step - 1, i) for i in range(UPDATES_PER_MONTH)]
        for origin, i in numbers:
            statistic = make_stat(0, published_at)
            partner = PARTNERS[i % len(PARTNERS)]
            rows.append(asdict(replace(
                statistic,
                stat_id=f"m{month}-s{origin}-{i:02d}",
                article_id=f"m{month}-a{origin}-{i // 4}",
                source=("steppe_news", "silkroad_daily", "caravan_wire")[i % 3],
                partner=partner,
                value=1_000_000_000.0 * (1 + i % 5) + 10_000_000.0 * (step - origin) + 1_000_000.0 * i,
                value_usd=None,
                currency="CNY",
                period_start=date(2023, 1 + i % 3, 1),
                period_end=date(2023, 1 + i % 3, 28),
            )))  # fmt: skip
    return rows


def expected_stats(step: int) -> dict[str, dict]:
    """stat_id -> row after steps 0..`step` of an uninterrupted run (the last write of a key wins)."""
    state: dict[str, dict] = {}
    for number in range(step + 1):
        for row in step_rows(number):
            state[row["stat_id"]] = row
    return state


def run(out_dir: str, run_prefix: str, progress: str | None = None) -> None:
    for step in range(STEPS):
        run_id = f"{run_prefix}-{step}"
        write_dataset(
            out_dir, "trade_stats", to_table("trade_stats", step_rows(step)), run_id, lock_timeout_s=60
        )
        rebuild_trade_facts(out_dir, run_id, lock_timeout_s=60)
        if progress:
            with open(progress, "a", encoding="utf-8") as handle:
                handle.write(f"{step}\n")


def serve() -> None:
    """Fork one writer per `run` command; reap it on `wait`. Single-threaded, so forking is safe."""
    print("ready", flush=True)
    for line in sys.stdin:
        command, *arguments = line.split()
        if command == "run":
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    run(*arguments)
                except BaseException:  # noqa: BLE001 - the exit code tells the test
                    traceback.print_exc()
                    code = 1
                os._exit(code)
            print(pid, flush=True)
        elif command == "wait":
            _, status = os.waitpid(int(arguments[0]), 0)
            print(os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        arguments = sys.argv[1:]
        print("ready", flush=True)
        sys.stdin.readline()
        run(arguments[0], arguments[1], arguments[2] if len(arguments) > 2 else None)
