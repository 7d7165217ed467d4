"""`aws:updateVariable`: set a declared variable; the value must fit the variable's type, as AWS requires."""

from typing import Any

from generator.document.steps.base import StepBase
from generator.simulator.errors import ParameterError, StepFailed
from generator.simulator.execution import Execution
from generator.simulator.parameters import convert
from generator.simulator.result import StepResult


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    name = str(inputs["Name"]).removeprefix("variable:")
    declared = (execution.document.variables or {}).get(name)
    if declared is None:
        raise StepFailed(f"variable {name} is not declared in the document's variables")
    try:
        execution.variables[name] = convert(name, declared.type, inputs["Value"])
    except ParameterError as error:
        raise StepFailed(str(error).replace("parameter", "variable", 1)) from None
    return StepResult()
