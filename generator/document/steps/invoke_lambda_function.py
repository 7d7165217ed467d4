"""`aws:invokeLambdaFunction`: Invokes a Lambda function."""

from typing import Any, ClassVar, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class InvokeLambdaFunctionInputs(DocumentPart):
    FunctionName: str
    Qualifier: str | None = None
    InvocationType: str | None = None
    LogType: str | None = None
    ClientContext: str | None = None
    Payload: str | None = None
    InputPayload: dict[str, Any] | Templated | None = None


class InvokeLambdaFunctionStep(StepBase):
    action: Literal["aws:invokeLambdaFunction"]
    inputs: InvokeLambdaFunctionInputs

    # Outputs the action returns without a declared Selector.
    implicit_outputs: ClassVar[tuple[str, ...]] = (
        "StatusCode",
        "FunctionError",
        "LogResult",
        "ExecutedVersion",
        "Payload",
    )
