"""`aws:createImage`: Creates an AMI from an instance."""

from typing import Any, ClassVar, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class CreateImageInputs(DocumentPart):
    InstanceId: str
    ImageName: str
    ImageDescription: str | None = None
    NoReboot: bool | Templated | None = None
    BlockDeviceMappings: list[dict[str, Any]] | Templated | None = None


class CreateImageStep(StepBase):
    action: Literal["aws:createImage"]
    inputs: CreateImageInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("ImageId", "ImageState")
