"""`aws:loop`: Runs a list of steps for each item of an iterator, or while a condition holds."""

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase
from generator.document.steps.branch import Condition

if TYPE_CHECKING:
    from generator.document.steps import Step


class LoopInputs(DocumentPart):
    Steps: list["Step"]
    Iterators: list[Any] | Templated | None = None
    IteratorDataType: Literal["String", "Integer", "Boolean"] | None = None
    LoopCondition: Condition | None = None
    MaxIterations: int | Templated | None = None


class LoopStep(StepBase):
    action: Literal["aws:loop"]
    inputs: LoopInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("CurrentIteration", "CurrentIteratorValue")
