"""`aws:executeAutomation`: Runs another Automation document as a child execution."""

from typing import Any, ClassVar, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class ExecuteAutomationInputs(DocumentPart):
    DocumentName: str
    DocumentVersion: str | None = None
    RuntimeParameters: dict[str, Any] | Templated | None = None
    Tags: list[dict[str, Any]] | Templated | None = None
    TargetParameterName: str | None = None
    Targets: list[dict[str, Any]] | Templated | None = None
    TargetMaps: list[dict[str, Any]] | Templated | None = None
    TargetLocations: list[dict[str, Any]] | Templated | None = None
    TargetLocationsURL: str | None = None
    MaxConcurrency: str | None = None
    MaxErrors: str | None = None


class ExecuteAutomationStep(StepBase):
    action: Literal["aws:executeAutomation"]
    inputs: ExecuteAutomationInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("ExecutionId", "Status", "Output")
