"""`aws:approve`: Waits for principals to approve or reject the automation."""

from typing import Any, ClassVar, Literal, Self

from pydantic import model_validator

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class EnhancedApprovalList(DocumentPart):
    """Change Manager templates' approvers: each `{approver, type, minRequiredApprovals}`."""

    Approvers: list[dict[str, Any]]
    MinRequiredApprovals: int | Templated | None = None


class ApproveInputs(DocumentPart):
    # A runbook names Approvers; a Change Manager template may give EnhancedApprovals instead.
    Approvers: list[str] | Templated | None = None
    EnhancedApprovals: EnhancedApprovalList | None = None
    Message: str | None = None
    MinRequiredApprovals: int | Templated | None = None
    NotificationArn: str | None = None

    @model_validator(mode="after")
    def names_its_approvers(self) -> Self:
        if self.Approvers is None and self.EnhancedApprovals is None:
            raise ValueError("Approvers (or, in a Change Manager template, EnhancedApprovals) is required")
        return self


class ApproveStep(StepBase):
    action: Literal["aws:approve"]
    inputs: ApproveInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("ApprovalStatus", "ApproverDecisions", "Approvers")
