"""The shared figure type and every benchmark's `figures` entry point."""

import importlib
import inspect

import pytest

from benchmarks.__main__ import BENCHMARKS
from benchmarks.figures import Figure, against_minimum, faster_than, ratio_of


def test_faster_than_reads_as_baseline_over_measured() -> None:
    figure = faster_than("b", "lint", 2.0, 10.0, "cfn-lint")
    assert (figure.ratio, figure.unit, figure.ratio_reads) == (5.0, "s", "x faster (baseline / measured)")


def test_against_minimum_reads_as_measured_over_minimum() -> None:
    assert against_minimum("b", "calls", 12, 10, "calls", "minimum").ratio == 1.2


def test_a_zero_baseline_has_no_ratio() -> None:
    assert ratio_of(3, 0) is None


def test_figures_returns_json_with_its_status() -> None:
    figure = Figure("b", "f", 1.0, "s", "base", 2.0, 0.5, "x the base")
    assert figure.as_json() == {
        "status": "measured",
        "benchmark": "b",
        "figure": "f",
        "measured": 1.0,
        "unit": "s",
        "baseline_label": "base",
        "baseline": 2.0,
        "ratio": 0.5,
        "ratio_reads": "x the base",
        "note": "",
        "baseline_unit": "",
    }


@pytest.mark.parametrize("name", BENCHMARKS)
def test_every_benchmark_exposes_figures_taking_quick(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    parameters = inspect.signature(module.figures).parameters
    assert next(iter(parameters)) == "quick"
    assert parameters["quick"].default is False
    assert all(p.default is not inspect.Parameter.empty for p in parameters.values()), "the runner passes quick only"
    assert callable(module.main), "python -m benchmarks.<name> still runs it alone"
