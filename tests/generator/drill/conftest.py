"""One drill run over every scenario (one emulator, one deploy), shared by the tests that read its results."""

import argparse
import io
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import drill as drill_cli
from generator.drill.loader import scenario_files


@dataclass(frozen=True)
class DrillRun:
    status: int
    out: Path
    printed: str


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    drill_cli.register(parser.add_subparsers())
    args = parser.parse_args(["drill", *argv])
    status: int = args.run(args)
    return status


@pytest.fixture(scope="session")
def drill_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DrillRun]:
    out = tmp_path_factory.mktemp("drill")
    printed = io.StringIO()
    with redirect_stdout(printed):
        status = run_cli(["--out", str(out), *[arg for name in scenario_files() for arg in ("--scenario", name)]])
    yield DrillRun(status, out, printed.getvalue())
