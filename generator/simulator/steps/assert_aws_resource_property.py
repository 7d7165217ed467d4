"""`aws:assertAwsResourceProperty`: one read of the property; a value outside DesiredValues fails the step."""

from typing import Any

from generator.document.steps.base import StepBase
from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution
from generator.simulator.resource_property import describe, desired_values, has_desired_value, read_property
from generator.simulator.result import StepResult


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    values, desired = read_property(inputs, execution), desired_values(inputs)
    if not has_desired_value(values, desired):
        raise StepFailed(f"Assertion failed: {describe(values, desired)}")
    return StepResult()
