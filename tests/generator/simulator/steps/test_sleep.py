"""aws:sleep and aws:updateVariable on small documents: durations, timestamps, typed variables."""

from datetime import UTC, datetime

import pytest

from generator.document.reader import read_text
from generator.simulator import ClientFactory, Status, VirtualClock, simulate

START = datetime(2026, 1, 1, tzinfo=UTC)
SLEEP = """
schemaVersion: "0.3"
mainSteps:
  - {{name: Nap, action: aws:sleep, inputs: {inputs}}}
"""


@pytest.mark.parametrize(
    ("inputs", "seconds"),
    [("{Duration: PT1H30M}", 5400), ("{Duration: P1DT2S}", 86402), ("{Timestamp: '2026-01-01T00:10:00Z'}", 600)],
)
def test_sleep_moves_the_virtual_clock(clients: ClientFactory, inputs: str, seconds: int) -> None:
    clock = VirtualClock(START)

    record = simulate(read_text(SLEEP.format(inputs=inputs), "s.yaml").document, clients=clients, clock=clock)

    assert record.status is Status.SUCCESS
    assert (clock.now - START).total_seconds() == seconds


@pytest.mark.parametrize(
    ("inputs", "message"),
    [("{Duration: soon}", "is not an ISO-8601 duration"), ("{Duration: P8D}", "at most 604799 seconds")],
)
def test_a_bad_sleep_fails_the_step(clients: ClientFactory, inputs: str, message: str) -> None:
    record = simulate(read_text(SLEEP.format(inputs=inputs), "s.yaml").document, clients=clients)

    assert record.status is Status.FAILED
    assert message in (record.failure_message or "")


UPDATE = """
schemaVersion: "0.3"
variables:
  Count: {{type: Integer, default: 0}}
mainSteps:
  - {{name: Set, action: aws:updateVariable, inputs: {{Name: "variable:Count", Value: {value}}}}}
"""


def test_update_variable_converts_the_value_to_the_variables_type(clients: ClientFactory) -> None:
    record = simulate(read_text(UPDATE.format(value='"12"'), "u.yaml").document, clients=clients)

    assert record.status is Status.SUCCESS


def test_update_variable_refuses_a_value_of_another_type(clients: ClientFactory) -> None:
    record = simulate(read_text(UPDATE.format(value="many"), "u.yaml").document, clients=clients)

    assert record.status is Status.FAILED
    assert "variable Count: 'many' is not a valid Integer" in (record.failure_message or "")
