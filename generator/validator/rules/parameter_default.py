"""E2004: a parameter's default is a value the parameter itself accepts.

What is checked is what the corpus of AWS's own documents shows AWS enforces or never breaks: the
default's JSON type, `allowedValues`, and the item and character limits. Two things are not checked:
- a default that is a `{{ ssm:... }}` / `{{ automation:... }}` reference, resolved at run time;
- a default against `allowedPattern`: AWS accepts defaults that do not match the pattern (`$LATEST`
  against `^[0-9a-zA-Z.\\-_/:]+$` in AWSResilienceHub-RestoreFromRdsBackupSOP_2020-04-01, placeholder
  ARNs in AWS-MigrateIncidentManagerEventBridgeRules, a recent document, and many empty defaults), so a
  mismatch is not a defect AWS refuses.
A `null` default is treated as no default, as AWS does (AWS-CreateWorkspace).
"""

from collections.abc import Callable, Iterator
from typing import Any

from generator.document.parameters import Parameter
from generator.document.references import PLACEHOLDER
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

LIST_TYPES = ("StringList", "MapList")


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_map_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


# What a default of each type must be. Integer and Boolean take JSON numbers and booleans only: every
# Integer and Boolean default in AWS's 244 documents is unquoted, and AWS's own schema
# (aws/amazon-ssm-document-language-service) types them `number` and `boolean`.
SHAPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "String": (lambda value: isinstance(value, str), "a string"),
    "Integer": (_is_integer, "an unquoted integer"),
    "Boolean": (lambda value: isinstance(value, bool), "an unquoted true or false"),
    "StringList": (_is_string_list, "a list of strings"),
    "StringMap": (lambda value: isinstance(value, dict), "a mapping"),
    "MapList": (_is_map_list, "a list of mappings"),
}


def expected_shape(kind: str) -> tuple[Callable[[Any], bool], str] | None:
    """How to test a default of parameter type `kind`; None for a type E2003 reports instead."""
    if kind.startswith("List<AWS::"):
        return SHAPES["StringList"]
    if kind.startswith("AWS::"):
        return SHAPES["String"]
    return SHAPES.get(kind)


def same_value(a: Any, b: Any) -> bool:
    # Python treats True == 1; a parameter does not. A Boolean's allowedValues may be the strings "true" and
    # "false" (AWS accepts an unquoted default against them: Automation compares the value as text).
    if isinstance(a, bool) and isinstance(b, str):
        return b.lower() == str(a).lower()
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def limit_problems(parameter: Parameter, value: Any) -> Iterator[str]:
    if isinstance(value, list) and (parameter.type in LIST_TYPES or parameter.type.startswith("List<")):
        if parameter.minItems is not None and len(value) < parameter.minItems:
            yield f"has {len(value)} items, fewer than minItems {parameter.minItems}"
        if parameter.maxItems is not None and len(value) > parameter.maxItems:
            yield f"has {len(value)} items, more than maxItems {parameter.maxItems}"
    if isinstance(value, str):
        if parameter.minChars is not None and len(value) < parameter.minChars:
            yield f"is {len(value)} characters, fewer than minChars {parameter.minChars}"
        if parameter.maxChars is not None and len(value) > parameter.maxChars:
            yield f"is {len(value)} characters, more than maxChars {parameter.maxChars}"
    if parameter.allowedValues is not None:
        items = value if isinstance(value, list) and parameter.type == "StringList" else [value]
        for item in items:
            if not any(same_value(item, allowed) for allowed in parameter.allowedValues):
                yield f"has value {item!r}, not one of allowedValues {parameter.allowedValues!r}"


class ParameterDefault(Rule):
    id = "E2004"
    severity = Severity.ERROR
    shortdesc = "Default does not fit its parameter"
    description = (
        "A parameter's default must be of the parameter's type (an unquoted integer for Integer, a list of "
        "strings for StringList, ...), be one of its allowedValues and respect its minItems/maxItems and "
        "minChars/maxChars: otherwise the document is refused or every run without that input fails."
    )
    source_url = (
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html"
    )

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for name, parameter in ctx.parameters.items():
            value = parameter.default
            if not parameter.has_default or value is None:
                continue
            if isinstance(value, str) and PLACEHOLDER.search(value):
                continue
            path = f"parameters.{name}.default"
            shape = expected_shape(parameter.type)
            if shape is not None and not shape[0](value):
                yield Issue(path, f"default {value!r} of {parameter.type} parameter '{name}' is not {shape[1]}")
                continue
            for problem in limit_problems(parameter, value):
                yield Issue(path, f"default of parameter '{name}' {problem}")
