"""Shared test fixtures: where the AWS corpus and the project's fixture files are."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# The corpus of real AWS documents lies beside the checkout in this workplace; elsewhere it may not.
CORPUS = ROOT.parent / "shared" / "corpus" / "ssm-automation"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []


@pytest.fixture
def corpus() -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip(f"the corpus of AWS Automation documents is not at {CORPUS}")
    return files
