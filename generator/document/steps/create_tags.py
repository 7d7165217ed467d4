"""`aws:createTags`: Tags EC2 instances, AMIs or Systems Manager resources."""

from typing import Any, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class CreateTagsInputs(DocumentPart):
    ResourceIds: list[str] | Templated
    Tags: list[dict[str, Any]] | Templated
    ResourceType: str | None = None


class CreateTagsStep(StepBase):
    action: Literal["aws:createTags"]
    inputs: CreateTagsInputs
