"""What an action's run gives back to the engine."""

from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.document.steps.base import StepBase
from generator.simulator.execution import Execution


@dataclass
class StepResult:
    # The step's outputs by name: implicit ones (Payload, ExecutionId, ...) and the declared ones.
    outputs: dict[str, Any] = field(default_factory=dict)
    # The document the step's declared output Selectors read (an API response, `{"Payload": ...}`).
    selectable: Any = None
    # The step to go to next when the action chooses it (`aws:branch`), overriding `nextStep`.
    next_step: str | None = None


class ActionRunner(Protocol):
    """Every action module's `run`: the step, its inputs with `{{ }}` resolved, the execution."""

    def __call__(self, step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult: ...
