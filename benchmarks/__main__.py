"""Run every benchmark and write one table: `.venv/bin/python -m benchmarks [--quick] [--only NAME ...]`.

Each benchmark module exposes `figures(quick: bool) -> list[Figure]`; this runs them one after another in
this process (each restores the environment it changed), writes the table to `--out` (markdown) and the same
rows as JSON beside it, and prints the table. A benchmark that cannot run here gets a row saying why and the
run goes on; one that crashes gets a row too, and the exit code is 1.
"""

import argparse
import importlib
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.figures import Figure, NotRun, Outcome, Row
from benchmarks.table import RunInfo, markdown, write

BENCHMARKS = (
    "lint_corpus",
    "simulate_corpus",
    "timeline_handler_import",
    "cli_start",
    "evidence_collectors",
    "evidence_targets",
    "jira_push",
    "enforcement",
)
DEFAULT_OUT = Path("build/benchmarks.md")

FiguresFunction = Callable[[bool], list[Figure]]


@contextmanager
def restored_environment() -> Iterator[None]:
    """Benchmarks point boto3 at their own emulators through os.environ: none may leak into the next."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def figures_function(name: str) -> FiguresFunction:
    module = importlib.import_module(f"benchmarks.{name}")
    function: FiguresFunction = module.figures
    return function


def run_one(name: str, quick: bool, load: Callable[[str], FiguresFunction] = figures_function) -> list[Row]:
    """The benchmark's figures, or one row saying why there are none."""
    try:
        with restored_environment():
            return list(load(name)(quick))
    except NotRun as reason:
        return [Outcome(name, "not run", str(reason))]
    except Exception as error:
        traceback.print_exc()
        return [Outcome(name, "crashed", f"{type(error).__name__}: {error}")]


def run_all(names: list[str], quick: bool, load: Callable[[str], FiguresFunction] = figures_function) -> list[Row]:
    rows: list[Row] = []
    for name in names:
        started = time.perf_counter()
        print(f"running {name}{' (quick)' if quick else ''} ...", file=sys.stderr, flush=True)
        rows += run_one(name, quick, load)
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return rows


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, metavar="NAME", help=f"of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes where a benchmark has a size knob")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"markdown table (default {DEFAULT_OUT})")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, load: Callable[[str], FiguresFunction] | None = None) -> int:
    args = parse(argv)
    # The embedded emulator logs a traceback for every operation moto lacks; corpus documents call many by
    # design and the benchmarks count those runs' outcomes, so the tracebacks would only bury the table. A
    # filter, because the emulator sets the logger's level itself when it starts.
    logging.getLogger("werkzeug").addFilter(lambda record: not record.getMessage().startswith("Error on request"))
    names = [name for name in BENCHMARKS if name in args.only] if args.only else list(BENCHMARKS)
    started_at, started = datetime.now(UTC), time.perf_counter()
    rows = run_all(names, args.quick, load or figures_function)
    info = RunInfo.here(started_at, args.quick, time.perf_counter() - started)
    table, data = write(rows, info, args.out)
    print(markdown(rows, info))
    print(f"written: {table}, {data}")
    return 1 if any(isinstance(row, Outcome) and row.status == "crashed" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
