"""What failed writes leave behind, cleared at the start of the next run.

A write that fails cleans up after itself (`load.writer`, `load.facts`, `load.manifest`); a process
that was killed cannot. This sweep runs before a run writes anything, under each dataset's lock, and
leaves the datasets exactly as the last completed write left them.
"""

from __future__ import annotations

from pathlib import Path

from load.locks import dataset_lock
from load.manifest import remove_stale_temporaries
from load.schemas import DATASETS
from load.writer import RETIRED_PREFIX, recover_staging, staging_root


def clear_failed_writes(out_dir: Path) -> list[str]:
    """Restore displaced partitions, delete abandoned staging and manifest temporaries; list what went.

    Staging a completed write retired (kept a while for scans already under way) is not a leftover:
    it is deleted by the writers once old enough.
    """
    out_dir = Path(out_dir)
    removed: list[str] = []
    for dataset in sorted(DATASETS):
        stage = staging_root(out_dir, dataset)
        abandoned = (
            [p for p in sorted(stage.iterdir()) if not p.name.startswith(RETIRED_PREFIX)]
            if stage.is_dir()
            else []
        )
        temporaries = sorted((out_dir / dataset).glob(".*.tmp")) if (out_dir / dataset).is_dir() else []
        if not abandoned and not temporaries:
            continue
        with dataset_lock(out_dir, dataset):
            if dataset == "trade_facts":  # load.facts.TRADE_FACTS (its import loads pandas, ~40 MiB)
                from load.facts import recover_facts_staging

                recover_facts_staging(out_dir)
            else:
                recover_staging(out_dir, dataset)
            remove_stale_temporaries(out_dir / dataset)
        removed += [str(path.relative_to(out_dir)) for path in (*abandoned, *temporaries)]
    return removed
