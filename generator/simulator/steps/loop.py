"""`aws:loop`: the nested steps once per Iterators item, or while LoopCondition holds (checked after each pass).

Each pass's step records name the loop and the iteration (ParentStepDetails). The loop's outputs
CurrentIteration (from 1) and CurrentIteratorValue are visible to the nested steps while they run.
"""

import json
from collections.abc import Callable
from typing import Any

from generator.document.steps.base import StepBase
from generator.document.steps.loop import LoopStep
from generator.simulator.conditions import holds
from generator.simulator.errors import StepCancelled, StepFailed, StepTimedOut, StepWaiting
from generator.simulator.execution import Execution
from generator.simulator.record import ParentStep, Status
from generator.simulator.result import StepResult

DEFAULT_MAX_ITERATIONS = 100
_ITEM_TYPES: dict[str, Callable[[Any], Any]] = {
    "Integer": int,
    "Boolean": lambda value: str(value).lower() == "true",
    "String": str,
}


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    if not isinstance(step, LoopStep):
        raise StepFailed("an aws:loop step without Steps")
    items = _items(inputs.get("Iterators"), str(inputs.get("IteratorDataType") or "String"))
    if items is None and step.inputs.LoopCondition is None:
        raise StepFailed("aws:loop needs Iterators or a LoopCondition")
    limit = int(inputs.get("MaxIterations") or DEFAULT_MAX_ITERATIONS)
    outputs: dict[str, Any] = {}
    iteration = 0
    while iteration < limit and (items is None or iteration < len(items)):
        value = items[iteration] if items is not None else None
        iteration += 1
        outputs = {"CurrentIteration": iteration, **({"CurrentIteratorValue": value} if items is not None else {})}
        execution.step_outputs[step.name] = outputs
        parent = ParentStep(step.name, step.action, iteration, value)
        outcome = execution.engine.run_sequence(step.inputs.Steps, execution, parent)
        message = f"iteration {iteration}: {outcome.failure_message}"
        if outcome.status is Status.TIMED_OUT:
            raise StepTimedOut(message)
        if outcome.status is Status.WAITING:
            raise StepWaiting(message)
        if outcome.status is Status.CANCELLED:
            raise StepCancelled(message)
        if outcome.status is Status.FAILED:
            raise StepFailed(message)
        if step.inputs.LoopCondition is not None and not holds(step.inputs.LoopCondition, execution):
            break
    return StepResult(outputs=outputs, selectable=outputs)


def _items(iterators: Any, data_type: str) -> list[Any] | None:
    if iterators is None:
        return None
    if isinstance(iterators, str):
        text = iterators.strip()
        iterators = json.loads(text) if text.startswith("[") else [part.strip() for part in text.split(",") if part]
    if not isinstance(iterators, list):
        raise StepFailed(f"Iterators must be a list, got {iterators!r:.100}")
    convert = _ITEM_TYPES.get(data_type, str)
    try:
        return [convert(item) for item in iterators]
    except (TypeError, ValueError):
        raise StepFailed(f"Iterators {iterators!r:.100} are not all {data_type}") from None
