"""`aws:pause`: goes on when a `resume` decision was given; without one the run stops Waiting, as in AWS."""

from typing import Any

from generator.document.steps.base import StepBase
from generator.simulator.decisions import decision_for
from generator.simulator.errors import StepWaiting
from generator.simulator.execution import Execution
from generator.simulator.result import StepResult


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    if decision_for(step, execution, ("resume",)) is None:
        raise StepWaiting(f"waiting for a Resume signal (give --decide {step.name}=resume)")
    return StepResult()
