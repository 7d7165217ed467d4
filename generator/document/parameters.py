"""Run-time parameters of an Automation document."""

from typing import Any, Literal

from generator.document.base import DocumentPart

BASIC_PARAMETER_TYPES = ("String", "StringList", "Integer", "Boolean", "MapList", "StringMap")
# AWS-typed parameters (`AWS::IAM::Role::Arn`, `AWS::EC2::Instance::Id`, ...) are validated by AWS
# against the account's resources; their shape is `AWS::<Service>::<Resource>::<Attribute>`.
AWS_PARAMETER_TYPE_PATTERN = r"^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$"


class Parameter(DocumentPart):
    type: str
    description: str | None = None
    default: Any = None
    allowedValues: list[Any] | None = None
    allowedPattern: str | None = None
    displayType: Literal["textarea", "textfield"] | None = None
    minItems: int | None = None
    maxItems: int | None = None
    minChars: int | None = None
    maxChars: int | None = None

    @property
    def has_default(self) -> bool:
        return "default" in self.model_fields_set
