"""`aws:copyImage`: Copies an AMI from any Region into the current one."""

from typing import ClassVar, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class CopyImageInputs(DocumentPart):
    SourceImageId: str
    SourceRegion: str
    ImageName: str
    ImageDescription: str | None = None
    Encrypted: bool | Templated | None = None
    KmsKeyId: str | None = None
    ClientToken: str | None = None


class CopyImageStep(StepBase):
    action: Literal["aws:copyImage"]
    inputs: CopyImageInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("ImageId", "ImageState")
