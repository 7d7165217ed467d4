"""The step loop: onFailure, isCritical, retries, timeouts, isEnd and nextStep, over real runs."""

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest

from generator.document.reader import read_text
from generator.simulator import ClientFactory, RunOptions, Status, VirtualClock, simulate
from tests.generator.simulator.documents import run_fixture, statuses

START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("path", "final", "ran"),
    [
        # Abort (the default): the run stops at the failed step, Failed.
        ("abort", Status.FAILED, [("Choose", "Success"), ("FailAbort", "Failed")]),
        # Continue on a critical step: the run goes on, yet ends Failed.
        ("continue", Status.FAILED, [("Choose", "Success"), ("FailContinue", "Failed"), ("After", "Success")]),
        # Continue makes the step non-critical by default: the run ends Success.
        (
            "continue-not-critical",
            Status.SUCCESS,
            [("Choose", "Success"), ("FailNotCritical", "Failed"), ("After", "Success")],
        ),
        # step:X goes to X; the failed step was critical, so the run ends Failed.
        ("goto", Status.FAILED, [("Choose", "Success"), ("FailGoto", "Failed"), ("Recover", "Success")]),
    ],
)
def test_on_failure_and_is_critical_decide_the_path_and_the_final_status(
    clients: ClientFactory, path: str, final: Status, ran: list[tuple[str, str]]
) -> None:
    record = run_fixture("failure_paths", clients, {"Path": path})

    assert statuses(record) == ran
    assert record.status is final


def _flaky(failures: int) -> Any:
    calls = itertools.count(1)

    def handler(event: Any, context: dict[str, Any]) -> Any:
        number = next(calls)
        if number <= failures:
            raise RuntimeError(f"call {number} fails")
        return number

    return handler


def test_max_attempts_retries_a_failing_step_until_it_succeeds(clients: ClientFactory) -> None:
    options = RunOptions(lambda_handlers={"flaky": _flaky(2)})

    record = run_fixture("retries_and_timeouts", clients, options=options)

    assert record.status is Status.SUCCESS, record.failure_message
    flaky = record.step("Flaky")
    assert (flaky.attempts, flaky.outputs["Calls"]) == (3, "3")


def test_a_step_that_fails_every_attempt_fails_after_max_attempts(clients: ClientFactory) -> None:
    options = RunOptions(lambda_handlers={"flaky": _flaky(5)})

    record = run_fixture("retries_and_timeouts", clients, options=options)

    assert record.status is Status.FAILED
    assert record.step("Flaky").attempts == 3
    assert "call 3 fails" in (record.failure_message or "")


def test_a_step_past_its_timeout_times_out_on_the_virtual_clock(clients: ClientFactory) -> None:
    options = RunOptions(lambda_handlers={"flaky": _flaky(0)})
    clock = VirtualClock(START)

    record = run_fixture("retries_and_timeouts", clients, {"SleepFor": "PT10M", "Timeout": "60"}, options, clock)

    nap = record.step("Nap")
    assert (nap.status, record.status) == (Status.TIMED_OUT, Status.TIMED_OUT)
    assert nap.end is not None and (nap.end - nap.start).total_seconds() == 60
    assert "Done" not in [name for name, _ in statuses(record)]


def test_a_sleep_within_its_timeout_moves_the_clock_without_waiting(clients: ClientFactory) -> None:
    options = RunOptions(lambda_handlers={"flaky": _flaky(0)})
    clock = VirtualClock(START)

    record = run_fixture("retries_and_timeouts", clients, {"SleepFor": "PT50S"}, options, clock)

    assert record.status is Status.SUCCESS
    assert record.end is not None and (record.end - START).total_seconds() == 51


def test_a_polling_script_cannot_swallow_its_timeout(clients: ClientFactory) -> None:
    record = run_fixture("script_timeout", clients, clock=VirtualClock(START))

    poll = record.step("Poll")
    assert (poll.status, record.status) == (Status.TIMED_OUT, Status.TIMED_OUT)
    assert poll.end == START.replace(minute=2)


def test_a_cycle_ends_the_run_instead_of_looping_forever(clients: ClientFactory) -> None:
    record = run_fixture("cycle", clients, options=RunOptions(max_step_executions=5))

    assert record.status is Status.FAILED
    assert len(record.steps) == 5
    assert "exceeded 5 step executions" in (record.failure_message or "")


def test_is_end_stops_the_run_after_its_step(clients: ClientFactory) -> None:
    record = run_fixture("failure_paths", clients, {"Path": "continue-not-critical"})

    assert "Recover" not in [name for name, _ in statuses(record)]


IS_END_ON_FAILURE = """
schemaVersion: "0.3"
mainSteps:
  - name: Fail
    action: aws:executeAwsApi
    isEnd: true
    isCritical: false
    onFailure: {on_failure}
    inputs: {{Service: s3, Api: HeadBucket, Bucket: no-such-bucket}}
  - {{name: Next, action: aws:sleep, inputs: {{Duration: PT1S}}}}
  - {{name: Handler, action: aws:sleep, inputs: {{Duration: PT1S}}}}
"""


@pytest.mark.parametrize(
    ("on_failure", "ran"),
    [("Continue", ["Fail"]), ("step:Handler", ["Fail", "Handler"])],
)
def test_is_end_ends_a_failed_step_unless_its_failure_names_a_step(
    clients: ClientFactory, on_failure: str, ran: list[str]
) -> None:
    document = read_text(IS_END_ON_FAILURE.format(on_failure=on_failure), "end.yaml").document

    record = simulate(document, clients=clients)

    assert [step.name for step in record.steps] == ran
    assert record.status is Status.SUCCESS  # the failed step is not critical
