"""Two runs started at once on the same output: the result equals one run's."""

from __future__ import annotations

import subprocess
import sys

import churn_writer
import pytest
from engine_reads import partition_contents

from load.manifest import read_manifest
from load.readers import read_dataset
from load.writer import RETIRED_PREFIX

DATASETS = ("trade_stats", "trade_facts")


@pytest.mark.parametrize(
    "prefixes", [("run-a", "run-b"), ("same", "same")], ids=["two-run-ids", "one-run-id"]
)
def test_two_simultaneous_runs_give_the_result_of_one(tmp_path, prefixes):
    reference = tmp_path / "reference"
    churn_writer.run(str(reference), "ref")
    out_dir = tmp_path / "out"
    writers = [
        subprocess.Popen([sys.executable, churn_writer.__file__, str(out_dir), prefix],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for prefix in prefixes
    ]  # fmt: skip
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:  # both start writing at (nearly) the same instant
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outcomes = [writer.communicate(timeout=120) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], [stderr for _, stderr in outcomes]

    for dataset in DATASETS:
        assert partition_contents(out_dir, dataset) == partition_contents(reference, dataset), dataset
        assert read_dataset(out_dir, dataset).equals(read_dataset(reference, dataset)), dataset
        assert list(read_manifest(out_dir, dataset)["partitions"]) == list(
            read_manifest(reference, dataset)["partitions"]
        )
    abandoned = [p for p in (out_dir / ".staging").glob("*/*") if not p.name.startswith(RETIRED_PREFIX)]
    assert abandoned == [], "staging left behind"
