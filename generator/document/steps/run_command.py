"""`aws:runCommand`: Runs a Command document on managed nodes."""

from typing import Any, ClassVar, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class RunCommandInputs(DocumentPart):
    DocumentName: str
    InstanceIds: list[str] | Templated | None = None
    Targets: list[dict[str, Any]] | Templated | None = None
    Parameters: dict[str, Any] | Templated | None = None
    CloudWatchOutputConfig: dict[str, Any] | None = None
    Comment: str | None = None
    DocumentHash: str | None = None
    DocumentHashType: str | None = None
    DocumentVersion: str | None = None
    MaxConcurrency: str | None = None
    MaxErrors: str | None = None
    NotificationConfig: dict[str, Any] | None = None
    OutputS3BucketName: str | None = None
    OutputS3KeyPrefix: str | None = None
    ServiceRoleArn: str | None = None
    TimeoutSeconds: int | Templated | None = None


class RunCommandStep(StepBase):
    action: Literal["aws:runCommand"]
    inputs: RunCommandInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("CommandId", "Status", "ResponseCode", "Output")
