"""The runner: every benchmark asked in turn, a row for one that could not run or crashed, one table written."""

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.__main__ import BENCHMARKS, main, run_one
from benchmarks.figures import Figure, NotRun, Outcome

FiguresFunction = Callable[[bool], list[Figure]]


def figure(name: str, quick: bool) -> Figure:
    return Figure(
        name, f"{name} figure, quick={quick}", 2.0, "s", "baseline", 4.0, 2.0, "x faster (baseline / measured)"
    )


def fake(outcomes: dict[str, Exception]) -> Callable[[str], FiguresFunction]:
    """Benchmarks that return one figure, or raise what `outcomes` says for their name."""

    def load(name: str) -> FiguresFunction:
        def figures(quick: bool) -> list[Figure]:
            os.environ["BENCH_LEAK"] = name
            if name in outcomes:
                raise outcomes[name]
            return [figure(name, quick)]

        return figures

    return load


def test_a_benchmark_that_cannot_run_gets_a_row_saying_why() -> None:
    rows = run_one("lint_corpus", False, fake({"lint_corpus": NotRun("no corpus documents at /x")}))
    assert rows == [Outcome("lint_corpus", "not run", "no corpus documents at /x")]


def test_a_crash_gets_a_row_with_the_error() -> None:
    rows = run_one("jira_push", True, fake({"jira_push": KeyError("fields")}))
    assert rows == [Outcome("jira_push", "crashed", "KeyError: 'fields'")]


def test_a_benchmark_leaves_the_environment_as_it_found_it() -> None:
    assert run_one("enforcement", True, fake({})) == [figure("enforcement", True)]
    assert "BENCH_LEAK" not in os.environ


def test_main_runs_every_benchmark_and_goes_on_past_one_that_cannot_run(tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    assert main(["--out", str(out)], fake({"simulate_corpus": NotRun("no corpus")})) == 0
    rows = json.loads(out.with_suffix(".json").read_text())["rows"]
    assert [row["benchmark"] for row in rows] == list(BENCHMARKS)
    assert [row["status"] for row in rows].count("not run") == 1
    assert "| simulate_corpus | **not run**: no corpus | - | - | - |" in out.read_text()


def test_main_exits_non_zero_when_a_benchmark_crashed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b.md"
    assert main(["--quick", "--out", str(out)], fake({"enforcement": RuntimeError("boom")})) == 1
    assert "| enforcement (quick) | **crashed**: RuntimeError: boom |" in out.read_text()
    assert "- mode: QUICK" in capsys.readouterr().out, "the table is printed too"


def test_only_runs_the_named_benchmarks_in_the_table_order(tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    assert main(["--only", "enforcement", "lint_corpus", "--quick", "--out", str(out)], fake({})) == 0
    rows = json.loads(out.with_suffix(".json").read_text())["rows"]
    assert [(row["benchmark"], row["figure"]) for row in rows] == [
        ("lint_corpus", "lint_corpus figure, quick=True"),
        ("enforcement", "enforcement figure, quick=True"),
    ]


def test_only_rejects_an_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--only", "nonesuch", "--out", str(tmp_path / "b.md")], fake({}))
