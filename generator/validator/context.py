"""What a rule sees: the typed document, its raw data and text, its name and who owns it."""

import json
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

    @cached_property
    def raw_steps(self) -> dict[str, dict[str, Any]]:
        """Each step's data as read, by the same paths as `steps`: rules that only walk values read
        these rather than dumping the typed models again, which is most of a rule's cost on a corpus."""
        found: dict[str, dict[str, Any]] = {}

        def walk(steps: list[dict[str, Any]], path: str) -> None:
            for index, step in enumerate(steps):
                found[f"{path}[{index}]"] = step
                if step.get("action") == "aws:loop":
                    walk(step.get("inputs", {}).get("Steps", []), f"{path}[{index}].inputs.Steps")

        walk(self.data.get("mainSteps", []), "mainSteps")
        return found

    @cached_property
    def compact_size(self) -> int:
        """The content's size in bytes as compact JSON, the smallest form AWS can be sent."""
        return len(json.dumps(self.data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
