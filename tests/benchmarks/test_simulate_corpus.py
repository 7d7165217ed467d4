"""The simulator benchmark's figures from given runs (measuring runs the corpus for minutes)."""

import pytest

from benchmarks import simulate_corpus
from benchmarks.figures import NotRun
from benchmarks.simulate_corpus import CorpusSimulation, simulation_figures
from generator.simulator.batch import DocumentRun
from tests.benchmarks.well_formed import assert_well_formed


def test_steps_per_second_inside_the_runs_against_bare_calls_per_second() -> None:
    runs = [
        DocumentRun("A", "Success", "", steps=6, seconds=2.0, api_calls=8),
        DocumentRun("B", "Failed", "x", steps=2, seconds=2.0, api_calls=1),
    ]
    rows = simulation_figures(CorpusSimulation(runs, elapsed=5.0, baseline=40.0, loading=200.0))
    assert_well_formed(rows, "simulate_corpus")
    assert [(f.measured, f.unit, f.baseline, f.baseline_unit) for f in rows] == [
        (2.0, "steps/s", 40.0, "calls/s"),
        (0.5, "documents/s", 200.0, ""),
    ]
    assert "Success 1" in rows[0].note and "Failed 1" in rows[0].note


def test_without_the_corpus_it_says_it_did_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simulate_corpus, "corpus_files", list)
    with pytest.raises(NotRun, match="no corpus documents at"):
        simulate_corpus.figures(quick=True)
