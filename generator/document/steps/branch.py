"""`aws:branch`: Chooses the next step from conditions on parameters, variables and step outputs."""

from typing import Any, ClassVar, Literal

from generator.document.base import DocumentPart
from generator.document.steps.base import StepBase

STRING_OPERATORS = ("StringEquals", "EqualsIgnoreCase", "StartsWith", "EndsWith", "Contains")
NUMERIC_OPERATORS = (
    "NumericEquals",
    "NumericGreater",
    "NumericLesser",
    "NumericGreaterOrEquals",
    "NumericLesserOrEquals",
)
BOOLEAN_OPERATORS = ("BooleanEquals",)
COMPARISON_OPERATORS = STRING_OPERATORS + NUMERIC_OPERATORS + BOOLEAN_OPERATORS


class Condition(DocumentPart):
    """One condition: a `Variable` compared by one operator, or `And` / `Or` / `Not` of conditions."""

    NextStep: str | None = None
    Variable: str | None = None
    StringEquals: Any = None
    EqualsIgnoreCase: Any = None
    StartsWith: Any = None
    EndsWith: Any = None
    Contains: Any = None
    NumericEquals: Any = None
    NumericGreater: Any = None
    NumericLesser: Any = None
    NumericGreaterOrEquals: Any = None
    NumericLesserOrEquals: Any = None
    BooleanEquals: Any = None
    And: list["Condition"] | None = None
    Or: list["Condition"] | None = None
    Not: "Condition | None" = None

    def operators(self) -> list[str]:
        """The comparison operators this condition sets (a valid condition sets exactly one)."""
        return [op for op in COMPARISON_OPERATORS if op in self.model_fields_set]

    def nested(self) -> list["Condition"]:
        return [*(self.And or []), *(self.Or or []), *([self.Not] if self.Not else [])]


class BranchInputs(DocumentPart):
    Choices: list[Condition]
    Default: str | None = None


class BranchStep(StepBase):
    action: Literal["aws:branch"]
    inputs: BranchInputs

    # The chosen step's name: the step execution reports it in its Outputs (StepExecution.Outputs in the
    # GetAutomationExecution API), and AWSSupport-TroubleshootWindowsUpdate references `{{ Branch.NextStep }}`.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("NextStep",)

    def targets(self) -> list[str]:
        """Every step this branch can go to."""
        found = [c.NextStep for c in self.inputs.Choices if c.NextStep]
        return [*found, *([self.inputs.Default] if self.inputs.Default else [])]
