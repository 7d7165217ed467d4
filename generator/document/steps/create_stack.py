"""`aws:createStack`: Creates a CloudFormation stack and waits for it."""

from typing import Any, ClassVar, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class CreateStackInputs(DocumentPart):
    StackName: str
    TemplateBody: str | None = None
    TemplateURL: str | None = None
    Parameters: list[dict[str, Any]] | Templated | None = None
    Capabilities: list[str] | Templated | None = None
    ClientRequestToken: str | None = None
    DisableRollback: bool | Templated | None = None
    NotificationARNs: list[str] | Templated | None = None
    OnFailure: str | None = None
    ResourceTypes: list[str] | Templated | None = None
    RoleARN: str | None = None
    StackPolicyBody: str | None = None
    StackPolicyURL: str | None = None
    Tags: list[dict[str, Any]] | Templated | None = None
    TimeoutInMinutes: int | Templated | None = None


class CreateStackStep(StepBase):
    action: Literal["aws:createStack"]
    inputs: CreateStackInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("StackId", "StackStatus", "StackStatusReason")
