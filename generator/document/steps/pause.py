"""`aws:pause`: Pauses the execution until it is resumed."""

from typing import Literal

from generator.document.base import DocumentPart
from generator.document.steps.base import StepBase


class PauseInputs(DocumentPart):
    Message: str | None = None


class PauseStep(StepBase):
    action: Literal["aws:pause"]
    inputs: PauseInputs
