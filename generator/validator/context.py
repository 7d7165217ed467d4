"""What a rule sees: the typed document, its raw data and text, its name and who owns it."""

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from generator.document import Document, StepBase


class Owner(StrEnum):
    """Who publishes the document. AWS's own documents may use the names reserved for AWS."""

    SELF = "self"
    AMAZON = "amazon"


@dataclass
class ValidationContext:
    document: Document
    data: dict[str, Any]
    source: str = "<document>"
    text: str | None = None
    name: str | None = None
    owner: Owner = Owner.SELF

    @cached_property
    def steps(self) -> list[tuple[str, StepBase]]:
        """Every step with its path, loop bodies included."""
        return self.document.all_steps()

    @cached_property
    def steps_by_name(self) -> dict[str, StepBase]:
        return {step.name: step for _, step in self.steps}

    @cached_property
    def parameters(self) -> dict[str, Any]:
        return dict(self.document.parameters or {})

    @cached_property
    def variables(self) -> dict[str, Any]:
        return dict(self.document.variables or {})
