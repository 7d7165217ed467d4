"""E4003: `aws:updateVariable` sets a declared variable to a value of that variable's type."""

from collections.abc import Callable, Iterator
from typing import Any

from generator.document.references import PLACEHOLDER
from generator.document.steps.update_variable import UpdateVariableStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

VARIABLE_PREFIX = "variable:"


def _is_int(value: Any) -> bool:
    # YAML and JSON booleans are ints in Python, but not Integers to Automation.
    return isinstance(value, int) and not isinstance(value, bool)


LITERAL_MATCHES: dict[str, Callable[[Any], bool]] = {
    "String": lambda value: isinstance(value, str),
    "Integer": _is_int,
    "Boolean": lambda value: isinstance(value, bool),
    "StringList": lambda value: isinstance(value, list) and all(isinstance(item, str) for item in value),
    "StringMap": lambda value: isinstance(value, dict),
    "MapList": lambda value: isinstance(value, list) and all(isinstance(item, dict) for item in value),
}


def describe(value: Any) -> str:
    if value is None:
        return "null"
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "a map"}
    return names.get(type(value), type(value).__name__)


class UpdateVariable(Rule):
    id = "E4003"
    severity = Severity.ERROR
    shortdesc = "Update of a variable"
    description = (
        "`aws:updateVariable` must name a declared variable as `variable:<Name>`, and a literal `Value` must "
        "have the variable's declared type (String, Integer, Boolean, StringList, StringMap or MapList). "
        "Otherwise the step fails when it runs, after the steps before it have already changed things."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-update-variable.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            if not isinstance(step, UpdateVariableStep):
                continue
            target = step.inputs.Name
            if not target.startswith(VARIABLE_PREFIX):
                yield Issue(f"{path}.inputs.Name", f"step '{step.name}' Name '{target}' must be 'variable:<Name>'")
                continue
            variable = ctx.variables.get(target.removeprefix(VARIABLE_PREFIX))
            if variable is None:
                declared = ", ".join(sorted(ctx.variables)) or "none"
                yield Issue(
                    f"{path}.inputs.Name", f"step '{step.name}' updates undeclared '{target}'; declared: {declared}"
                )
                continue
            yield from self._value(step, path, variable.type)

    @staticmethod
    def _value(step: UpdateVariableStep, path: str, declared: str) -> Iterator[Issue]:
        value = step.inputs.Value
        matches = LITERAL_MATCHES.get(declared)
        # A `{{ reference }}` is resolved when the step runs; only literals can be checked here.
        if matches is None or (isinstance(value, str) and PLACEHOLDER.search(value)):
            return
        if not matches(value):
            yield Issue(
                f"{path}.inputs.Value",
                f"step '{step.name}' sets {declared} variable '{step.inputs.Name}' to {describe(value)} {value!r}",
            )
