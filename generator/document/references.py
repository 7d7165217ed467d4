"""`{{ reference }}` placeholders: finding them in any value and saying what each one names.

Automation replaces `{{ Name }}` with a parameter, `{{ variable:Name }}` with a variable,
`{{ Step.Output }}` with a step output, `{{ global:X }}` / `{{ automation:X }}` with a built-in and
`{{ ssm:/name }}` with a Parameter Store value. Anything else between braces (PowerShell's `@{{ }}`,
shell text) is not a reference and Automation leaves it alone, so the pattern admits only the
characters a reference can contain.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.:/\-]+)\s*\}\}")

# https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-variables.html
DOCUMENTED_BUILTINS = frozenset(
    {
        "global:ACCOUNT_ID",
        "global:AWS_PARTITION",
        "global:DATE",
        "global:DATE_TIME",
        "global:REGION",
        "automation:EXECUTION_ID",
    }
)


class ReferenceKind(StrEnum):
    PARAMETER = "parameter"
    VARIABLE = "variable"
    STEP_OUTPUT = "step output"
    BUILTIN = "built-in"
    SSM_PARAMETER = "ssm parameter"
    UNKNOWN_NAMESPACE = "unknown namespace"


@dataclass(frozen=True)
class Reference:
    token: str
    kind: ReferenceKind
    name: str
    # For a step output: the output's name and, for `{{ Step.Payload.a.b }}`, the path below it.
    output: str | None = None
    subpath: tuple[str, ...] = ()


def classify(token: str) -> Reference:
    if ":" in token:
        namespace, _, rest = token.partition(":")
        if namespace == "variable":
            return Reference(token, ReferenceKind.VARIABLE, rest)
        if namespace in ("global", "automation"):
            return Reference(token, ReferenceKind.BUILTIN, token)
        if namespace == "ssm":
            return Reference(token, ReferenceKind.SSM_PARAMETER, rest)
        return Reference(token, ReferenceKind.UNKNOWN_NAMESPACE, token)
    if "." in token:
        step, output, *subpath = token.split(".")
        return Reference(token, ReferenceKind.STEP_OUTPUT, step, output, tuple(subpath))
    return Reference(token, ReferenceKind.PARAMETER, token)


def references_in(text: str) -> list[Reference]:
    return [classify(match.group(1)) for match in PLACEHOLDER.finditer(text)]


def walk_references(value: Any, path: str) -> Iterator[tuple[str, Reference]]:
    """Every reference inside a nested value (strings, lists, mappings and their keys) with its path."""
    if isinstance(value, str):
        for reference in references_in(value):
            yield path, reference
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(key, str):
                for reference in references_in(key):
                    yield child, reference
            yield from walk_references(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_references(item, f"{path}[{index}]")
