"""The JSONPath subset Automation's output `Selector` and `PropertySelector` accept.

`$`, `$.A.B`, `$..x` (every x below), `[n]`, `[*]` / `.*`, `['name']`, and filters
`[?(@.Key == 'v')]` with ==, !=, <, <=, >, >= or a bare `@.Key` (present and truthy). A path with
`..`, `*` or a filter is indefinite: it selects a list, as AWS's `$..GroupId` into a StringList does.
"""

import re
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"""\.\.(?P<deep>[A-Za-z0-9_\-]+|\*)
      |\.(?P<name>[A-Za-z0-9_\-]+|\*)
      |\[(?P<index>-?\d+)\]
      |\[\s*\*\s*\]
      |\[\s*'(?P<quoted>[^']*)'\s*\]
      |\[\s*\?\(\s*(?P<filter>.*?)\s*\)\s*\]""",
    re.VERBOSE,
)
_FILTER = re.compile(r"@\.(?P<key>[A-Za-z0-9_.\-]+)\s*(?:(?P<op>==|!=|<=|>=|<|>)\s*(?P<value>.+))?$")
_MISSING = object()


class SelectorError(ValueError):
    """A selector outside the subset."""


@dataclass(frozen=True)
class Selection:
    values: list[Any]
    definite: bool

    def first(self) -> Any:
        return self.values[0] if self.values else None


def select(document: Any, selector: str) -> Selection:
    path = selector.strip()
    if not path.startswith("$"):
        # AWS also accepts a bare path (`SnapshotId`, `.Payload.x`) as relative to the root.
        path = "$" + (path if path.startswith((".", "[")) else f".{path}")
    current, definite, position = [document], True, 1
    while position < len(path):
        match = _TOKEN.match(path, position)
        if not match:
            raise SelectorError(f"selector {selector!r}: cannot read {path[position:]!r}")
        position = match.end()
        current, step_definite = _apply(match, current)
        definite = definite and step_definite
    return Selection(current, definite)


def _apply(match: re.Match[str], current: list[Any]) -> tuple[list[Any], bool]:
    groups = match.groupdict()
    if groups["deep"] is not None:
        return [found for item in current for found in _descendants(item, groups["deep"])], False
    if groups["name"] == "*" or match.group(0).replace(" ", "") == "[*]":
        return [child for item in current for child in _children(item)], False
    if groups["name"] is not None or groups["quoted"] is not None:
        key = groups["name"] if groups["name"] is not None else groups["quoted"]
        return [item[key] for item in current if isinstance(item, dict) and key in item], True
    if groups["index"] is not None:
        index = int(groups["index"])
        return [item[index] for item in current if isinstance(item, list) and -len(item) <= index < len(item)], True
    condition = groups["filter"] or ""
    return [child for item in current for child in _children(item) if _keeps(child, condition)], False


def _children(item: Any) -> list[Any]:
    if isinstance(item, dict):
        return list(item.values())
    return list(item) if isinstance(item, list) else []


def _descendants(item: Any, key: str) -> list[Any]:
    found: list[Any] = []
    if isinstance(item, dict):
        if key == "*":
            found.extend(item.values())
        elif key in item:
            found.append(item[key])
    for child in _children(item):
        found.extend(_descendants(child, key))
    return found


def _keeps(item: Any, condition: str) -> bool:
    match = _FILTER.match(condition)
    if not match:
        raise SelectorError(f"filter [?({condition})] is outside the supported subset")
    value: Any = item
    for key in match.group("key").split("."):
        value = value.get(key, _MISSING) if isinstance(value, dict) else _MISSING
    if match.group("op") is None:
        return value is not _MISSING and bool(value)
    if value is _MISSING:
        return False
    return _compare(value, match.group("op"), _literal(match.group("value").strip()))


def _literal(text: str) -> Any:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


def _compare(left: Any, op: str, right: Any) -> bool:
    if op == "==":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    try:
        return bool({"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op])
    except TypeError:
        return False
