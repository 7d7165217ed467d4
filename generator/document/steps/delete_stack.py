"""`aws:deleteStack`: Deletes a CloudFormation stack and waits for it."""

from typing import Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class DeleteStackInputs(DocumentPart):
    StackName: str
    RoleARN: str | None = None
    RetainResources: list[str] | Templated | None = None
    ClientRequestToken: str | None = None


class DeleteStackStep(StepBase):
    action: Literal["aws:deleteStack"]
    inputs: DeleteStackInputs
