"""`aws:executeStateMachine`: Starts a Step Functions execution and waits for it."""

from typing import ClassVar, Literal

from generator.document.base import DocumentPart
from generator.document.steps.base import StepBase


class ExecuteStateMachineInputs(DocumentPart):
    stateMachineArn: str
    name: str | None = None
    input: str | None = None


class ExecuteStateMachineStep(StepBase):
    action: Literal["aws:executeStateMachine"]
    inputs: ExecuteStateMachineInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("executionArn", "output", "status")
