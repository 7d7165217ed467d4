"""Every corpus document whose actions are all supported starts, and ends in a final status, never a crash.

Run with `-s` to see how many ran to completion and why the others stopped.
"""

from collections import Counter
from pathlib import Path

from generator.document.reader import read_file
from generator.simulator.batch import CRASH, NOT_RUN, DocumentRun, run_document
from generator.simulator.steps import is_supported

FINAL_STATUSES = {"Success", "Failed", "TimedOut", "Cancelled"}


def _supported(path: Path) -> bool:
    return all(is_supported(step.action) for _, step in read_file(path).document.all_steps())


def test_every_supported_corpus_document_runs_to_a_final_status(corpus: list[Path], emulator_url: str) -> None:
    runs = [run_document(path, emulator_url) for path in corpus if _supported(path)]

    print(summary(runs))
    assert [run for run in runs if run.status == CRASH] == []
    assert [run for run in runs if run.status == NOT_RUN] == []  # each one started: its parameters were filled
    assert {run.status for run in runs} <= FINAL_STATUSES
    # The emulator answers enough for a share of AWS's own documents to succeed end to end.
    assert sum(run.status == "Success" for run in runs) >= len(runs) // 10


def summary(runs: list[DocumentRun]) -> str:
    lines = [f"{len(runs)} documents run, {sum(run.steps for run in runs)} steps"]
    lines += [f"{count:4} {status}" for status, count in Counter(run.status for run in runs).most_common()]
    lines += [f"{count:4}   {reason}" for reason, count in Counter(run.reason for run in runs).most_common()]
    return "\n".join(lines)
