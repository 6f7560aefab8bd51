"""Load stage: dataset schemas (`load.schemas`), the atomic partition writer (`load.writer`),
the trade_facts rebuild (`load.facts`), manifests (`load.manifest`), readers (`load.readers`) and
the run state (`load.state`).

See docs/storage.md for the on-disk layout and its guarantees.
"""
