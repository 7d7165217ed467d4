"""Field paths (`mainSteps[2].inputs.Runtime`) and the lines they stand on in a document's text."""

from collections.abc import Sequence
from functools import lru_cache

import yaml

PathPart = str | int


def render(parts: Sequence[PathPart]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def parse(path: str) -> list[PathPart]:
    parts: list[PathPart] = []
    for chunk in path.replace("[", ".[").split("."):
        if not chunk:
            continue
        if chunk.startswith("[") and chunk.endswith("]") and chunk[1:-1].isdigit():
            parts.append(int(chunk[1:-1]))
        else:
            parts.append(chunk)
    return parts


@lru_cache(maxsize=32)
def _compose(text: str) -> yaml.Node | None:
    # YAML is a superset of JSON's syntax, so one composer finds lines in both formats.
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None


def line_of(text: str | None, path: str) -> int | None:
    """The 1-based line of the deepest part of `path` found in `text` (its parent's when it is absent)."""
    if not text:
        return None
    node = _compose(text)
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in parse(path):
        child = _child(node, part)
        if child is None:
            break
        node, line = child
    return line


def _child(node: yaml.Node, part: PathPart) -> tuple[yaml.Node, int] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if key.value == part:
                return value, key.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item, item.start_mark.line + 1
    return None
