"""`tradewire` command line: run, backfill, demo and explain (the contract).

Arguments and the sources file are checked before Prefect starts, so a mistake costs a one-line
error, not a server start-up and a traceback.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from flows.launch import (  # noqa: F401 - the exit statuses are part of the CLI's interface
    EXIT_BAD_INPUT,
    EXIT_NOTHING_FETCHED,
    EXIT_OK,
    EXIT_ORCHESTRATOR,
    EXIT_STORAGE,
    fail,
    prepare_environment,
    run_and_report,
    start_temporary_server,
    tune_malloc,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise SystemExit(fail(f"{self.prog}: {message}"))


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tradewire", description="Trade news → validated trade statistics → Parquet")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="one run of the nightly flow")
    run.add_argument("--sources", required=True, type=Path, help="sources file (TOML)")
    run.add_argument("--out", required=True, type=Path, help="output directory for the datasets")

    backfill = commands.add_parser("backfill", help="the backfill flow for a publication-date range")
    backfill.add_argument("--sources", required=True, type=Path)
    backfill.add_argument("--out", required=True, type=Path)
    backfill.add_argument("--start", required=True, type=_iso_date, help="first day, YYYY-MM-DD")
    backfill.add_argument("--end", required=True, type=_iso_date, help="last day (inclusive), YYYY-MM-DD")
    backfill.add_argument(
        "--mode",
        choices=("recrawl", "reprocess"),
        default="recrawl",
        help="recrawl: discover and fetch the range again (default); "
        "reprocess: re-parse the raw archive under OUT/raw, no network",
    )
    backfill.add_argument(
        "--executor",
        choices=("threads", "dask"),
        default="threads",
        help="where month partitions run: threads of this process (default), or Dask "
        "worker processes (a local cluster unless --dask-address is given)",
    )
    backfill.add_argument(
        "--dask-address",
        default=None,
        help="tcp://host:8786 of an existing Dask scheduler (with --executor dask)",
    )
    backfill.add_argument(
        "--dask-workers",
        type=int,
        default=None,
        help="worker processes of the local Dask cluster (default: one per core)",
    )

    explain = commands.add_parser("explain", help="what became of every amount in one article, and why")
    explain.add_argument("target", help="a page URL, a saved HTML file, or an article id (with --out)")
    explain.add_argument("--out", type=Path, default=None, help="output directory holding the article id")
    explain.add_argument(
        "--allow-private",
        action="store_true",
        help="allow a URL on loopback or a private network (your own server)",
    )

    demo = commands.add_parser("demo", help="the nightly flow over the bundled demo site on 127.0.0.1")
    demo.add_argument("--out", type=Path, default=Path("data"), help="output directory (default ./data)")
    demo.add_argument(
        "--port",
        type=int,
        default=8765,
        help="preferred local port (stable URLs across demo runs); any free port if taken",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    prepare_environment()
    tune_malloc()
    from flows.config import SourcesError, load_sources

    if args.command == "explain":
        return explain(args.target, args.out, args.allow_private)
    if args.command == "demo":
        from flows.demo import run_demo

        return run_demo(args.out, args.port)
    try:
        load_sources(args.sources)
    except SourcesError as exc:
        return fail(str(exc))
    if args.command == "backfill" and args.end < args.start:
        return fail(f"--end {args.end} is before --start {args.start}")
    # Prefect's server takes seconds to start: it starts now, beside this process's imports and checks.
    start_temporary_server()
    if args.command == "backfill":
        from flows.backfill_plan import MAX_CONCURRENCY, BackfillRequestError, check_request

        try:  # the flow checks again; here a mistake costs one line instead of a failed flow run
            check_request(
                args.start,
                args.end,
                None,
                args.mode,
                min(2, MAX_CONCURRENCY),
                args.sources,
                args.out,
                args.executor,
                args.dask_address,
                args.dask_workers,
            )
        except BackfillRequestError as exc:
            return fail(str(exc))
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return fail(f"--out {args.out}: cannot create the output directory: {exc.strerror or exc}")
    return run_and_report(
        args.command,
        args.sources,
        args.out,
        getattr(args, "start", None),
        getattr(args, "end", None),
        mode=getattr(args, "mode", "recrawl"),
        executor={
            name: getattr(args, name)
            for name in ("executor", "dask_address", "dask_workers")
            if getattr(args, name, None) is not None
        },
    )


def explain(target: str, out: Path | None, allow_private: bool) -> int:
    """Print `tradewire explain`'s report; a target that cannot be read is one line, exit 2."""
    from flows.explain import ExplainError, explain_lines, load_target

    try:
        loaded = load_target(target, out, allow_private)
    except ExplainError as exc:
        return fail(str(exc))
    print("\n".join(explain_lines(loaded)))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
