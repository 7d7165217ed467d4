"""The Automation executions' records as the emulator's saved state keeps them (../persistence.py).

A run's record is saved whole; its thread, signals and event-bus hook are not (they live only while it runs).
A run that had not ended when saved cannot go on: it comes back Failed, its unfinished steps with it, with a
message saying the local AWS stopped under it, so nobody waits for a run that will never move.
"""

import copy
from dataclasses import dataclass, field

from generator.emulator import clock as emulator_clock
from generator.emulator.automation import runs
from generator.simulator import ExecutionRecord, Status

ENDED = frozenset({Status.SUCCESS, Status.FAILED, Status.CANCELLED, Status.TIMED_OUT})
STOPPED_UNDER_IT = "The local AWS stopped (closeloop down) while this execution ran; it cannot resume"


@dataclass(frozen=True)
class SavedRun:
    execution_id: str
    document_name: str
    document_version: str
    executed_by: str
    region: str
    mode: str
    step_names: frozenset[str]
    record: ExecutionRecord
    tags: list[dict[str, str]] = field(default_factory=list)


def saved_runs() -> list[SavedRun]:
    """Every execution the API lists, each with a copy of its record as it stands now."""
    return [
        SavedRun(
            run.execution_id,
            run.document_name,
            run.document_version,
            run.executed_by,
            run.region,
            run.mode,
            run.step_names,
            _copy(run.record),
            list(run.tags),
        )
        for run in list(runs.RUNS.values())
        if run.record is not None
    ]


def _copy(record: ExecutionRecord) -> ExecutionRecord:
    """A copy taken while the run's thread may still change it: copied again if it changed meanwhile."""
    for _ in range(4):
        try:
            return copy.deepcopy(record)
        except RuntimeError:  # a dict or list changed size while it was copied
            continue
    return copy.deepcopy(record)


def restore_runs(saved: list[SavedRun]) -> None:
    runs.RUNS.clear()
    for item in saved:
        run = runs.Run(
            item.execution_id, item.document_name, item.document_version, item.executed_by, item.region,
            record=item.record, mode=item.mode, step_names=item.step_names, tags=list(item.tags),
        )  # fmt: skip
        run.started.set()
        _end_unfinished(item.record)
        runs.RUNS[run.execution_id] = run


def _end_unfinished(record: ExecutionRecord) -> None:
    if record.status in ENDED:
        return
    now = emulator_clock.now()
    for step in record.steps:
        if step.status not in ENDED:
            step.status, step.end, step.failure_message = Status.FAILED, now, STOPPED_UNDER_IT
    record.status, record.end, record.failure_message = Status.FAILED, now, STOPPED_UNDER_IT
