"""`aws:updateVariable`: Sets the value of a document variable."""

from typing import Any, Literal

from generator.document.base import DocumentPart
from generator.document.steps.base import StepBase


class UpdateVariableInputs(DocumentPart):
    Name: str
    Value: Any


class UpdateVariableStep(StepBase):
    action: Literal["aws:updateVariable"]
    inputs: UpdateVariableInputs
