"""The decision a caller gave up front for a step that waits for a person, with the words they gave with it.

A decision is `VERB` or `VERB:COMMENT` (`approve:rolled back to 4.1`); the comment is what an approver
types in the console. A decision given as text is taken `ANSWER_SECONDS` after the step asks for it, on
the run's clock: a person reads the request before answering, so the answer never carries the second of
the request it answers. A decision given as a function (the drill's, at a scenario's minute) moves the
clock itself.
"""

from dataclasses import dataclass

from generator.document.steps.base import StepBase
from generator.simulator.errors import StepCancelled, StepFailed
from generator.simulator.execution import Execution

DECISIONS = ("resume", "approve", "reject", "cancel")
ANSWER_SECONDS = 60


@dataclass(frozen=True)
class Decided:
    verb: str
    comment: str = ""


def decided(step: StepBase, execution: Execution, allowed: tuple[str, ...]) -> Decided | None:
    """The decision for this step, None when there is none; `cancel` cancels the run here."""
    given = execution.options.decisions.get(step.name)
    text: str | None
    if callable(given):
        text = given(step, execution)
    else:
        text = given
        if text is not None:
            execution.clock.sleep(ANSWER_SECONDS)
    if text is None:
        return None
    verb, _, comment = text.partition(":")
    verb = verb.strip().lower()
    if verb == "cancel":
        raise StepCancelled("cancelled by a `cancel` decision")
    if verb not in allowed:
        raise StepFailed(f"decision {verb!r} does not apply to {step.action}: give one of {', '.join(allowed)}")
    return Decided(verb, comment.strip())


def decision_for(step: StepBase, execution: Execution, allowed: tuple[str, ...]) -> str | None:
    """The decision's verb for this step, None when there is none."""
    decision = decided(step, execution, allowed)
    return None if decision is None else decision.verb
