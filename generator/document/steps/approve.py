"""`aws:approve`: Waits for principals to approve or reject the automation."""

from typing import ClassVar, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class ApproveInputs(DocumentPart):
    Approvers: list[str] | Templated
    Message: str | None = None
    MinRequiredApprovals: int | Templated | None = None
    NotificationArn: str | None = None


class ApproveStep(StepBase):
    action: Literal["aws:approve"]
    inputs: ApproveInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("ApprovalStatus", "ApproverDecisions", "Approvers")
