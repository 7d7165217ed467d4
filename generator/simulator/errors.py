"""How a step, a parameter or a run stops: each a distinct exception, so the engine can report it as AWS does."""

from typing import Any


class StepFailed(Exception):
    """The step failed; the message becomes its FailureMessage, and `outputs` (if any) the outputs AWS still
    shows for it (a rejected `aws:approve` keeps its ApprovalStatus and ApproverDecisions)."""

    def __init__(self, message: str, outputs: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.outputs = outputs or {}


class StepTimedOut(BaseException):
    """The step ran past its timeoutSeconds on the virtual clock.

    A BaseException, so a script's own `except Exception:` cannot swallow the timeout, as it cannot in AWS,
    where the runtime is killed.
    """


class StepWaiting(Exception):
    """The step waits for a signal no one gave (an `aws:pause` without a decision): the run stops Waiting."""


class StepCancelled(Exception):
    """The run was cancelled while this step ran (a `cancel` decision for it)."""


class ParameterError(ValueError):
    """A run-time parameter value the document refuses: the run cannot start."""
