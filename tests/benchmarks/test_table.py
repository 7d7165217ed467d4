"""The table writer: markdown and JSON with the same rows, from given figures and outcomes."""

import json
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.figures import Figure, Outcome, Row, against_minimum, faster_than
from benchmarks.table import RunInfo, markdown, number, write

INFO = RunInfo(datetime(2026, 11, 29, 20, 30, tzinfo=UTC), "CPython 3.11.9", 2, "Linux x86_64", False, 412.4)
ROWS: list[Row] = [
    faster_than(
        "lint_corpus", "closeloop lint, 244 corpus documents", 1.25, 30.0, "cfn-lint, one template", "best of 3"
    ),
    against_minimum("enforcement", "Jira requests, first run", 1003, 1002, "requests", "minimum"),
    Figure("lint_corpus", "seeded defects found", 12, "of 12", "found by cfn-lint", 0, None, "x as many"),
    Outcome("simulate_corpus", "not run", "no corpus documents at /nowhere"),
    Outcome("jira_push", "crashed", "RuntimeError: the | server went away"),
]


def test_markdown_has_the_header_and_one_line_per_row() -> None:
    text = markdown(ROWS, INFO)
    assert "- date: 2026-11-29 20:30 UTC" in text
    assert "- machine: CPython 3.11.9, 2 CPUs, Linux x86_64" in text
    assert "- mode: full" in text
    assert "| benchmark | figure | measured | baseline | ratio |" in text
    table = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert table == [
        "| lint_corpus | closeloop lint, 244 corpus documents [1] | 1.25 s | cfn-lint, one template: 30 s "
        "| 24.0x faster (baseline / measured) |",
        "| enforcement | Jira requests, first run | 1,003 requests | minimum: 1,002 requests "
        "| 1.00x the minimum (measured / minimum) |",
        "| lint_corpus | seeded defects found | 12 of 12 | found by cfn-lint: 0 of 12 | - (baseline is 0) |",
        "| simulate_corpus | **not run**: no corpus documents at /nowhere | - | - | - |",
        "| jira_push | **crashed**: RuntimeError: the \\| server went away | - | - | - |",
    ]
    assert text.rstrip().endswith("1. best of 3")


def test_a_note_shared_by_rows_is_written_once_and_a_baseline_may_have_its_own_unit() -> None:
    rows: list[Row] = [
        Figure("b", "first", 1.5, "steps/s", "bare calls", 30.0, 0.05, "x (measured / baseline)", "same", "calls/s"),
        Figure("b", "second", 1.0, "s", "base", 2.0, 0.5, "x (measured / baseline)", "same"),
    ]
    text = markdown(rows, INFO)
    assert "| b | first [1] | 1.50 steps/s | bare calls: 30 calls/s | 0.050x (measured / baseline) |" in text
    assert "| b | second [1] | 1 s | base: 2 s |" in text
    assert text.count("1. same") == 1 and "2. " not in text


def test_a_quick_run_is_marked_in_the_header_and_on_every_row() -> None:
    quick = RunInfo(INFO.date, INFO.python, INFO.cpus, INFO.system, True, 50.0)
    text = markdown(ROWS, quick)
    assert "- mode: QUICK" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert all(line.split(" | ")[0].endswith("(quick)") for line in rows)


def test_write_puts_the_same_rows_in_markdown_and_json(tmp_path: Path) -> None:
    table, data = write(ROWS, INFO, tmp_path / "out" / "benchmarks.md")
    assert table.read_text() == markdown(ROWS, INFO)
    assert data == tmp_path / "out" / "benchmarks.json"
    loaded = json.loads(data.read_text())
    assert loaded["quick"] is False and loaded["cpus"] == 2 and loaded["date"] == "2026-11-29T20:30:00+00:00"
    assert [row["benchmark"] for row in loaded["rows"]] == [row.benchmark for row in ROWS]
    assert [row["status"] for row in loaded["rows"]] == ["measured", "measured", "measured", "not run", "crashed"]
    assert loaded["rows"][0]["ratio"] == 24.0 and loaded["rows"][0]["baseline_label"] == "cfn-lint, one template"
    assert loaded["rows"][2]["ratio"] is None
    assert loaded["rows"][3]["reason"] == "no corpus documents at /nowhere"


def test_small_ratios_keep_two_significant_figures() -> None:
    rows: list[Row] = [Figure("b", "f", 0.0999999, "s", "base", 1.0, 0.0999999, "x (measured / baseline)")]
    assert "| 0.10x (measured / baseline) |" in markdown(rows, INFO)


def test_numbers_are_shown_to_about_three_figures() -> None:
    assert [number(v) for v in (10_000, 1234.5, 42.25, 3.14159, 0.012345, 0.5)] == [
        "10,000",
        "1,234",
        "42.2",
        "3.14",
        "0.0123",
        "0.5",
    ]
