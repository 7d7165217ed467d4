"""Choice conditions of `aws:branch` and `aws:loop`'s LoopCondition: one operator on a Variable, or And/Or/Not."""

import operator
from collections.abc import Callable
from typing import Any

from generator.document.steps.branch import Condition
from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution
from generator.simulator.interpolation import render

_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "NumericEquals": operator.eq,
    "NumericGreater": operator.gt,
    "NumericLesser": operator.lt,
    "NumericGreaterOrEquals": operator.ge,
    "NumericLesserOrEquals": operator.le,
}


def holds(condition: Condition, execution: Execution) -> bool:
    if condition.And is not None:
        return all(holds(part, execution) for part in condition.And)
    if condition.Or is not None:
        return any(holds(part, execution) for part in condition.Or)
    if condition.Not is not None:
        return not holds(condition.Not, execution)
    operators = condition.operators()
    if len(operators) != 1 or condition.Variable is None:
        raise StepFailed(f"a choice needs a Variable and exactly one operator, got {operators or 'none'}")
    name = operators[0]
    variable = execution.resolve(condition.Variable)
    expected = execution.resolve(getattr(condition, name))
    return compare(name, variable, expected)


def compare(name: str, variable: Any, expected: Any) -> bool:
    if name in _NUMERIC:
        return _NUMERIC[name](_number(variable), _number(expected))
    if name == "BooleanEquals":
        return _boolean(variable) == _boolean(expected)
    if name == "Contains" and isinstance(variable, list):
        return render(expected) in [render(item) for item in variable]
    text, wanted = render(variable), render(expected)
    if name == "StringEquals":
        return text == wanted
    if name == "EqualsIgnoreCase":
        return text.lower() == wanted.lower()
    if name == "StartsWith":
        return text.startswith(wanted)
    if name == "EndsWith":
        return text.endswith(wanted)
    if name == "Contains":
        return wanted in text
    raise StepFailed(f"{name} is not a choice operator")


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise StepFailed(f"{value!r} is not a number, so it cannot be compared numerically") from None


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise StepFailed(f"{value!r} is not a boolean, so BooleanEquals cannot compare it")
