"""`aws:deleteImage`: Deletes an AMI and its snapshots."""

from typing import Literal

from generator.document.base import DocumentPart
from generator.document.steps.base import StepBase


class DeleteImageInputs(DocumentPart):
    ImageId: str


class DeleteImageStep(StepBase):
    action: Literal["aws:deleteImage"]
    inputs: DeleteImageInputs
