"""A failed asynchronous invocation is retried as Lambda retries it, on the emulator's clock (no test sleeps).

Lambda developer guide, "How Lambda handles errors and retries with asynchronous invocation": two more
attempts by default, one minute after the first and two minutes after the second; PutFunctionEventInvokeConfig
sets MaximumRetryAttempts (0-2) and MaximumEventAgeInSeconds. Each attempt of the test function writes the
time it ran (the emulator's clock, as the function reads it) as a version of one SSM parameter.
"""

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from generator.emulator import lambdas
from generator.emulator.clock import following
from generator.emulator.lambdas.invoke import QUEUE
from tests.generator.emulator.test_lambdas import TRUST, client, endpoint, package

START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
__all__ = ["endpoint"]  # the module's emulator, shared with test_lambdas.py


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Iterator[Clock]:
    moving = Clock()
    with following(moving):
        yield moving


@pytest.fixture
def failing(endpoint: str) -> str:
    """A function of its own (its own event invoke configuration)."""
    name = f"fails-{uuid.uuid4().hex[:6]}"
    role = client(endpoint, "iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))
    client(endpoint, "lambda").create_function(
        FunctionName=name, Runtime="python3.11", Role=role["Role"]["Arn"], Handler="echo_app.handler",
        Code={"ZipFile": package()}, Timeout=10,
    )  # fmt: skip
    return name


def invoke_failing(endpoint: str, name: str) -> str:
    trace = f"/attempts/{uuid.uuid4().hex}"
    event = {"attempt": trace, "fail": "checkout is down"}
    answer = client(endpoint, "lambda").invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps(event))
    assert answer["StatusCode"] == 202
    return trace


def attempts(endpoint: str, trace: str) -> list[datetime]:
    assert lambdas.settle(30)
    try:
        history = client(endpoint, "ssm").get_parameter_history(Name=trace)["Parameters"]
    except client(endpoint, "ssm").exceptions.ParameterNotFound:
        return []
    return [datetime.fromisoformat(item["Value"]) for item in history]


def failures_of(name: str) -> list[dict[str, Any]]:
    return [failure for failure in QUEUE.failures if failure["function"].endswith(f":function:{name}")]


def test_two_retries_one_then_two_minutes_apart_on_the_emulators_clock(
    endpoint: str, failing: str, clock: Clock
) -> None:
    trace = invoke_failing(endpoint, failing)
    assert attempts(endpoint, trace) == [START]
    clock.now = START + timedelta(seconds=59)
    assert attempts(endpoint, trace) == [START]  # not yet: Lambda waits a minute
    clock.now = START + timedelta(minutes=1)
    assert attempts(endpoint, trace) == [START, START + timedelta(minutes=1)]
    clock.now = START + timedelta(minutes=2, seconds=59)
    assert len(attempts(endpoint, trace)) == 2  # two minutes after the second attempt, not one
    assert failures_of(failing) == []
    clock.now = START + timedelta(minutes=3)
    assert attempts(endpoint, trace) == [START, START + timedelta(minutes=1), START + timedelta(minutes=3)]
    (failure,) = failures_of(failing)
    assert failure["condition"] == "RetriesExhausted" and failure["approximateInvokeCount"] == 3
    assert failure["error"]["errorMessage"] == "checkout is down"
    clock.now = START + timedelta(hours=1)
    assert len(attempts(endpoint, trace)) == 3  # and no more


def test_maximum_retry_attempts_zero_gives_up_after_the_first_attempt(
    endpoint: str, failing: str, clock: Clock
) -> None:
    functions = client(endpoint, "lambda")
    functions.put_function_event_invoke_config(FunctionName=failing, MaximumRetryAttempts=1)
    functions.put_function_event_invoke_config(FunctionName=failing, MaximumRetryAttempts=0)  # a put replaces
    assert functions.get_function_event_invoke_config(FunctionName=failing)["MaximumRetryAttempts"] == 0
    trace = invoke_failing(endpoint, failing)
    assert attempts(endpoint, trace) == [START]
    (failure,) = failures_of(failing)
    assert failure["condition"] == "RetriesExhausted" and failure["approximateInvokeCount"] == 1
    clock.now = START + timedelta(hours=1)
    assert attempts(endpoint, trace) == [START]


def test_an_event_older_than_its_maximum_age_is_discarded_instead_of_retried(
    endpoint: str, failing: str, clock: Clock
) -> None:
    functions = client(endpoint, "lambda")
    functions.put_function_event_invoke_config(FunctionName=failing, MaximumEventAgeInSeconds=120)
    functions.update_function_event_invoke_config(FunctionName=failing, MaximumRetryAttempts=2)  # age kept
    assert functions.get_function_event_invoke_config(FunctionName=failing)["MaximumEventAgeInSeconds"] == 120
    trace = invoke_failing(endpoint, failing)
    assert attempts(endpoint, trace) == [START]
    clock.now = START + timedelta(minutes=1)
    assert attempts(endpoint, trace) == [START, START + timedelta(minutes=1)]
    (failure,) = failures_of(failing)  # the next retry would run at 3 minutes: past the event's 2 minutes
    assert failure["condition"] == "EventAgeExceeded" and failure["approximateInvokeCount"] == 2
    clock.now = START + timedelta(minutes=3)
    assert len(attempts(endpoint, trace)) == 2
