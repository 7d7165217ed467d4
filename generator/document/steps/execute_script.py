"""`aws:executeScript`: Runs a Python or PowerShell script in a managed runtime."""

from typing import Any, ClassVar, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class ExecuteScriptInputs(DocumentPart):
    Runtime: str
    Handler: str | None = None
    Script: str | None = None
    Attachment: str | None = None
    InputPayload: dict[str, Any] | Templated | None = None


class ExecuteScriptStep(StepBase):
    action: Literal["aws:executeScript"]
    inputs: ExecuteScriptInputs

    # Outputs the action returns without a declared Selector. Besides `Payload`, the step execution's
    # Outputs hold `OutputPayload`, the whole result as JSON (AWS's own AWSResilienceHub-* scripts read
    # `step['Outputs']['OutputPayload']` from GetAutomationExecution; AWSSupport-* runbooks reference it).
    implicit_outputs: ClassVar[tuple[str, ...]] = ("Payload", "OutputPayload")
