"""`{{ }}` interpolation: parameters, variables, step outputs, built-ins and Parameter Store values.

A string that is exactly one reference takes the referenced value with its type (a StringList stays a
list, an Integer an int); a reference inside longer text is rendered as text. References are found with
the document model's own `PLACEHOLDER` and `classify`, so the simulator and the validator agree on them.
"""

import json
from collections.abc import Callable
from typing import Any

from generator.document.references import PLACEHOLDER, Reference, ReferenceKind, classify
from generator.simulator.errors import StepFailed

Lookup = Callable[[Reference], Any]


class Unresolved(StepFailed):
    """A reference that names nothing the run has (a step that did not run, a variable never declared)."""


def interpolate(value: Any, lookup: Lookup) -> Any:
    """`value` with every reference replaced, walking lists and mappings (keys included)."""
    if isinstance(value, str):
        return _interpolate_text(value, lookup)
    if isinstance(value, list):
        return [interpolate(item, lookup) for item in value]
    if isinstance(value, dict):
        return {
            interpolate(key, lookup) if isinstance(key, str) else key: interpolate(item, lookup)
            for key, item in value.items()
        }
    return value


def _interpolate_text(text: str, lookup: Lookup) -> Any:
    whole = PLACEHOLDER.fullmatch(text.strip())
    if whole:
        return _lookup(whole.group(1), lookup, text)
    return PLACEHOLDER.sub(lambda match: render(_lookup(match.group(1), lookup, match.group(0))), text)


def _lookup(token: str, lookup: Lookup, original: str) -> Any:
    reference = classify(token)
    if reference.kind is ReferenceKind.UNKNOWN_NAMESPACE:
        # Not a reference Automation resolves (shell or template text): left as written, as AWS does.
        return original
    return lookup(reference)


def render(value: Any) -> str:
    """A value as it appears inside longer text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


def descend(value: Any, subpath: tuple[str, ...], token: str) -> Any:
    """`{{ Step.Payload.a.b }}`: the part of an output below its name."""
    for key in subpath:
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            raise Unresolved(f"cannot resolve {{{{ {token} }}}}: no {key!r} in the output")
    return value
