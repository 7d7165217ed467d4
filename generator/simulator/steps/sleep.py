"""`aws:sleep`: advance the virtual clock by Duration, or up to Timestamp; no real waiting."""

from typing import Any

from generator.document.steps.base import StepBase
from generator.simulator.durations import parse_timestamp, seconds_of
from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution
from generator.simulator.result import StepResult

MAX_SLEEP_SECONDS = 604_799


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    if inputs.get("Duration"):
        seconds = seconds_of(str(inputs["Duration"]))
    elif inputs.get("Timestamp"):
        seconds = (parse_timestamp(str(inputs["Timestamp"])) - execution.clock.now).total_seconds()
    else:
        raise StepFailed("aws:sleep needs a Duration or a Timestamp")
    if seconds > MAX_SLEEP_SECONDS:
        raise StepFailed(f"aws:sleep can wait at most {MAX_SLEEP_SECONDS} seconds, not {seconds:.0f}")
    execution.clock.sleep(seconds)
    return StepResult()
