"""The decision a caller gave up front for a step that waits for a person."""

from generator.document.steps.base import StepBase
from generator.simulator.errors import StepCancelled, StepFailed
from generator.simulator.execution import Execution

DECISIONS = ("resume", "approve", "reject", "cancel")


def decision_for(step: StepBase, execution: Execution, allowed: tuple[str, ...]) -> str | None:
    """The decision for this step, None when there is none; `cancel` cancels the run here."""
    given = execution.options.decisions.get(step.name)
    decision = given(step, execution) if callable(given) else given
    if decision is None:
        return None
    decision = decision.strip().lower()
    if decision == "cancel":
        raise StepCancelled("cancelled by a `cancel` decision")
    if decision not in allowed:
        raise StepFailed(f"decision {decision!r} does not apply to {step.action}: give one of {', '.join(allowed)}")
    return decision
