"""The lint benchmark's figures from given measurements (measuring runs cfn-lint for minutes)."""

from pathlib import Path

import pytest

from benchmarks import lint_corpus
from benchmarks.figures import NotRun
from benchmarks.lint_corpus import LintComparison, comparison_figures
from tests.benchmarks.well_formed import assert_well_formed


def test_the_faster_cfn_lint_way_is_the_baseline() -> None:
    result = LintComparison(244, ours=2.0, cfn_batched=100.0, cfn_each=340.0, rules=25, found_ours=25, found_cfn=1)
    rows = comparison_figures(result, repeat=3)
    assert_well_formed(rows, "lint_corpus")
    assert [(f.figure, f.measured, f.baseline, f.ratio) for f in rows] == [
        ("closeloop lint, 244 corpus documents", 2.0, 100.0, 50.0),
        ("cfn-lint, one template per document", 340.0, 100.0, 3.4),
        ("seeded defects found by closeloop lint (one per rule, planted in real documents)", 25, 1, 25.0),
    ]
    assert rows[0].baseline_label == "cfn-lint, all documents in one template"


def test_quick_without_the_per_document_pass_has_no_row_for_it() -> None:
    result = LintComparison(244, ours=2.0, cfn_batched=100.0, cfn_each=None, rules=25, found_ours=25, found_cfn=0)
    rows = comparison_figures(result, repeat=1)
    assert_well_formed(rows, "lint_corpus")
    assert len(rows) == 2 and rows[1].ratio is None
    assert "best of 1" in rows[0].note


def test_without_the_corpus_it_says_it_did_not_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(lint_corpus, "CORPUS", tmp_path)
    with pytest.raises(NotRun, match=f"no corpus documents at {tmp_path}"):
        lint_corpus.figures(quick=True)
