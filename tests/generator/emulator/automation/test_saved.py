"""The executions' records in the saved state: ended runs come back as they were; a run that had not ended
comes back Failed, saying why, since its thread cannot resume. (Over HTTP: tests/generator/cli/test_up_state.py.)"""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from generator.emulator.automation import RUNS, Run, execution_api
from generator.emulator.automation.saved import STOPPED_UNDER_IT, restore_runs, saved_runs
from generator.emulator.clock import following
from generator.simulator import ExecutionRecord, Status, StepRecord

STARTED = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
STOPPED = datetime(2026, 12, 1, 10, 5, tzinfo=UTC)
ENDED, WAITING = "6f1c2b0e-0000-4000-8000-000000000001", "6f1c2b0e-0000-4000-8000-000000000002"


@pytest.fixture(autouse=True)
def own_runs() -> Iterator[None]:
    """RUNS is the process's: these tests put theirs in its place and give the others back after."""
    others = dict(RUNS)
    RUNS.clear()
    try:
        yield
    finally:
        RUNS.clear()
        RUNS.update(others)


def run(execution_id: str, status: Status) -> Run:
    record = ExecutionRecord(execution_id, "Closeloop-Try", STARTED, {"Who": "ops"}, status=status)
    record.steps.append(StepRecord("Done", "aws:executeScript", STARTED, Status.SUCCESS, end=STARTED))
    record.steps.append(StepRecord("Hold", "aws:pause", STARTED, status))
    if status == Status.SUCCESS:
        record.end = record.steps[-1].end = STARTED
    made = Run(execution_id, "Closeloop-Try", "1", "arn:aws:sts::123456789012:assumed-role/op/me", "eu-west-1")
    made.record, made.tags = record, [{"Key": "incident", "Value": "INC-1"}]
    return made


def test_an_ended_run_comes_back_as_it_was_and_a_waiting_one_failed() -> None:
    for made in (run(ENDED, Status.SUCCESS), run(WAITING, Status.WAITING)):
        RUNS[made.execution_id] = made
    before = execution_api(RUNS[ENDED])
    saved = saved_runs()
    RUNS[WAITING].record.steps[-1].name = "Changed"  # type: ignore[union-attr]  # the save is a copy
    with following(lambda: STOPPED):
        restore_runs(saved)
    assert execution_api(RUNS[ENDED]) == before and RUNS[ENDED].tags == [{"Key": "incident", "Value": "INC-1"}]
    waiting = execution_api(RUNS[WAITING])
    assert waiting["AutomationExecutionStatus"] == "Failed" and waiting["FailureMessage"] == STOPPED_UNDER_IT
    assert waiting["ExecutionEndTime"] == STOPPED
    done, hold = waiting["StepExecutions"]
    assert done["StepStatus"] == "Success" and (hold["StepName"], hold["StepStatus"]) == ("Hold", "Failed")
