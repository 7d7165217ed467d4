"""`aws:changeInstanceState`: Changes or asserts the state of EC2 instances."""

from typing import Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class ChangeInstanceStateInputs(DocumentPart):
    InstanceIds: list[str] | Templated
    DesiredState: str
    CheckStateOnly: bool | Templated | None = None
    Force: bool | Templated | None = None
    AdditionalInfo: str | None = None
    FailOnUnexpectedStopped: bool | Templated | None = None


class ChangeInstanceStateStep(StepBase):
    action: Literal["aws:changeInstanceState"]
    inputs: ChangeInstanceStateInputs
