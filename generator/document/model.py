"""The document itself: parameters, variables, steps, outputs and attached files."""

from typing import Any

from pydantic import Field

from generator.document.base import DocumentPart
from generator.document.parameters import Parameter
from generator.document.steps import Step, StepBase, iter_steps

# A document output names a step output, `StepName.OutputName`.
DocumentOutput = str


class Variable(DocumentPart):
    type: str
    default: Any = None
    description: str | None = None


class Checksums(DocumentPart):
    sha256: str | None = None
    SHA256: str | None = None


class FileReference(DocumentPart):
    checksums: Checksums
    size: int | None = None


class Document(DocumentPart):
    schemaVersion: str
    description: str | None = None
    assumeRole: str | None = None
    parameters: dict[str, Parameter] | None = None
    variables: dict[str, Variable] | None = None
    mainSteps: list[Step] = Field(min_length=1)
    outputs: list[DocumentOutput] | None = None
    files: dict[str, FileReference] | None = None
    # Change Manager templates (Change Manager user guide, "Creating change templates"): Markdown for the
    # change request, the runbooks a request may run, and whether it is an emergency or auto-approvable change.
    templateInformation: str | None = None
    executableRunBooks: list[dict[str, Any]] | None = None
    emergencyChange: bool | None = None
    autoApprovable: bool | None = None

    def all_steps(self) -> list[tuple[str, StepBase]]:
        """Every step with its path, including the steps nested in `aws:loop`."""
        return list(iter_steps(self.mainSteps, "mainSteps"))
