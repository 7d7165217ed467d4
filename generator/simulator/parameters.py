"""Run-time parameters: defaults, conversion of given text to the declared type, and the document's checks.

Values come from the CLI as text and from tests and parent automations as data, so each type accepts
both: a StringList as a list or as `a,b` / JSON text, an Integer as 5 or "5". AWS-typed parameters
(`AWS::EC2::Instance::Id`) are strings here; AWS would also check that the resource exists.
"""

import json
import re
from collections.abc import Mapping
from typing import Any

from generator.document.model import Document
from generator.document.parameters import Parameter
from generator.simulator.errors import ParameterError


def resolve_parameters(document: Document, given: Mapping[str, Any]) -> dict[str, Any]:
    """Every declared parameter's value: the given one converted and checked, else its default."""
    declared = document.parameters or {}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; the document declares {sorted(declared)}")
    values: dict[str, Any] = {}
    for name, parameter in declared.items():
        if name in given:
            values[name] = check(name, parameter, convert(name, parameter.type, given[name]))
        elif parameter.has_default:
            values[name] = _default(name, parameter)
        else:
            raise ParameterError(f"parameter {name} is required ({parameter.type}) and has no default")
    return values


def _default(name: str, parameter: Parameter) -> Any:
    # A default is the author's, not the caller's: one AWS accepted (a "" StringList, a `{{ }}`) is kept as is.
    try:
        return convert(name, parameter.type, parameter.default)
    except ParameterError:
        return parameter.default


def convert(name: str, type_name: str, value: Any) -> Any:
    try:
        return _CONVERTERS.get(type_name, _string)(value)
    except (ValueError, TypeError) as error:
        raise ParameterError(f"parameter {name}: {value!r} is not a valid {type_name}: {error}") from None


def check(name: str, parameter: Parameter, value: Any) -> Any:
    items = value if isinstance(value, list) else [value]
    if parameter.allowedValues is not None:
        for item in items:
            if item not in parameter.allowedValues and str(item) not in map(str, parameter.allowedValues):
                raise ParameterError(
                    f"parameter {name}: {item!r} is not one of the allowedValues {parameter.allowedValues}"
                )
    if parameter.allowedPattern is not None:
        for item in items:
            if not _matches(parameter.allowedPattern, item):
                raise ParameterError(
                    f"parameter {name}: {item!r} does not match the allowedPattern {parameter.allowedPattern}"
                )
    _check_sizes(name, parameter, value)
    return value


def _matches(pattern: str, value: Any) -> bool:
    # Most AWS patterns are anchored with ^...$; an unanchored one is searched, as Go's regexp does.
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        return re.search(pattern, text) is not None
    except re.error:
        # A Java-only construct Python cannot compile: AWS would judge it; the simulator does not refuse.
        return True


def _check_sizes(name: str, parameter: Parameter, value: Any) -> None:
    if isinstance(value, list):
        if parameter.minItems is not None and len(value) < parameter.minItems:
            raise ParameterError(f"parameter {name}: {len(value)} items, fewer than minItems {parameter.minItems}")
        if parameter.maxItems is not None and len(value) > parameter.maxItems:
            raise ParameterError(f"parameter {name}: {len(value)} items, more than maxItems {parameter.maxItems}")
    if isinstance(value, str):
        if parameter.minChars is not None and len(value) < parameter.minChars:
            raise ParameterError(f"parameter {name}: {len(value)} characters, fewer than minChars {parameter.minChars}")
        if parameter.maxChars is not None and len(value) > parameter.maxChars:
            raise ParameterError(f"parameter {name}: {len(value)} characters, more than maxChars {parameter.maxChars}")


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise TypeError("expected a string")


def _string_list(value: Any) -> list[str]:
    if isinstance(value, str):
        text = value.strip()
        value = json.loads(text) if text.startswith("[") else ([p.strip() for p in text.split(",")] if text else [])
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise TypeError("expected a list of strings")


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError("expected an integer, not a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise TypeError("expected an integer")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise TypeError("expected true or false")


def _string_map(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value)
    if isinstance(value, dict):
        return value
    raise TypeError("expected a mapping")


def _map_list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        value = json.loads(value)
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    raise TypeError("expected a list of mappings")


_CONVERTERS = {
    "String": _string,
    "StringList": _string_list,
    "Integer": _integer,
    "Boolean": _boolean,
    "StringMap": _string_map,
    "MapList": _map_list,
}
