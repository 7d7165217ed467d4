"""Step outputs: a declared output's `Selector` applied to the action's output document, converted to its `Type`."""

import json
from typing import Any

from generator.document.steps.base import StepOutput
from generator.simulator.errors import StepFailed
from generator.simulator.selectors import SelectorError, select


def declared_outputs(declared: list[StepOutput] | None, document: Any) -> dict[str, Any]:
    """Each declared output the selector finds; one it does not find is left out, as AWS leaves it unset."""
    values: dict[str, Any] = {}
    for output in declared or []:
        try:
            selection = select(document, output.Selector)
        except SelectorError as error:
            raise StepFailed(f"output {output.Name}: {error}") from None
        if not selection.values:
            continue
        type_name = output.Type or "String"
        many = type_name in ("StringList", "MapList")
        raw = selection.values if (many and not selection.definite) else selection.first()
        values[output.Name] = to_type(output.Name, type_name, raw)
    return values


def to_type(name: str, type_name: str, value: Any) -> Any:
    try:
        return _CONVERT[type_name](value)
    except (KeyError, TypeError, ValueError) as error:
        raise StepFailed(f"output {name}: {value!r:.200} cannot be converted to {type_name} ({error})") from None


def _string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError("a boolean is not an Integer")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("not a whole number")
    return int(value)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise TypeError("not a boolean")


def _string_list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [_string(item) for item in items]


def _string_map(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, dict):
        raise TypeError("not a mapping")
    return value


def _map_list(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, dict) for item in items):
        raise TypeError("not a list of mappings")
    return items


_CONVERT = {
    "String": _string,
    "Integer": _integer,
    "Boolean": _boolean,
    "StringList": _string_list,
    "StringMap": _string_map,
    "MapList": _map_list,
}
