"""`aws:waitForAwsResourceProperty`: poll the property on the virtual clock until it has a desired value.

Polls back off from 5 to 60 virtual seconds, so an hour's wait is a few dozen calls, not hundreds. A step
without timeoutSeconds waits at most DEFAULT_TIMEOUT_SECONDS (the simulator's bound; AWS's is the
execution's own), then times out.
"""

from datetime import timedelta
from typing import Any

from generator.document.steps.base import StepBase
from generator.simulator.errors import StepTimedOut
from generator.simulator.execution import Execution
from generator.simulator.resource_property import describe, desired_values, has_desired_value, read_property
from generator.simulator.result import StepResult

DEFAULT_TIMEOUT_SECONDS = 3600
FIRST_POLL_SECONDS, LONGEST_POLL_SECONDS = 5, 60


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    clock, desired = execution.clock, desired_values(inputs)
    outer_deadline = clock.deadline
    if clock.deadline is None:
        clock.deadline = clock.now + timedelta(seconds=DEFAULT_TIMEOUT_SECONDS)
    interval = FIRST_POLL_SECONDS
    try:
        while True:
            values = read_property(inputs, execution)
            if has_desired_value(values, desired):
                return StepResult()
            try:
                clock.sleep(interval)
            except StepTimedOut:
                raise StepTimedOut(f"Step timed out while waiting: {describe(values, desired)}") from None
            interval = min(interval * 2, LONGEST_POLL_SECONDS)
    finally:
        clock.deadline = outer_deadline
