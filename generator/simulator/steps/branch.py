"""`aws:branch`: the first choice whose condition holds names the next step, else Default, else the step fails."""

from typing import Any

from generator.document.steps.base import StepBase
from generator.document.steps.branch import BranchStep
from generator.simulator.conditions import holds
from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution
from generator.simulator.result import StepResult


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    if not isinstance(step, BranchStep):
        raise StepFailed("an aws:branch step without Choices")
    for choice in step.inputs.Choices:
        if holds(choice, execution):
            return StepResult(next_step=choice.NextStep)
    if step.inputs.Default:
        return StepResult(next_step=step.inputs.Default)
    raise StepFailed("No choice matched and the step has no Default")
