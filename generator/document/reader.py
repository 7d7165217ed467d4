"""Read Automation documents from JSON or YAML into the typed model, with errors that say where."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.document import paths
from generator.document.errors import DocumentError, Problem
from generator.document.model import Document
from generator.document.steps import STEP_MODELS

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that keeps dates as the strings they were written as, as AWS does."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class LoadedDocument:
    source: str
    text: str
    data: dict[str, Any]
    document: Document

    def line_of(self, path: str) -> int | None:
        return paths.line_of(self.text, path)


def parse_text(text: str, source: str) -> Any:
    """The data in `text`: JSON when it looks like JSON, else YAML."""
    try:
        data = _parse(text, source)
    except RecursionError:
        raise DocumentError(source, [Problem("", "nested too deeply to read")]) from None
    _refuse_alias_bombs(data, source)
    return data


def _parse(text: str, source: str) -> Any:
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise DocumentError(source, [Problem("", f"not valid JSON: {error.msg}", error.lineno)]) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise DocumentError(source, [Problem("", f"not valid YAML: {error.problem}", line)]) from None
    except yaml.YAMLError as error:
        raise DocumentError(source, [Problem("", f"not valid YAML: {error}")]) from None


ALIAS_GROWTH = 10  # how many times its own size YAML aliases may expand a file (a "billion laughs" is 10^8 times)


def _refuse_alias_bombs(data: Any, source: str) -> None:
    """YAML aliases are shared, not copied, when read; everything after (validation, error messages) walks
    them expanded, so nine levels of ten aliases in a 1 kB file took forever. Refuse what expands too far,
    or refers to itself. One pass over the distinct values; iterative, so depth does not matter here."""
    if not isinstance(data, dict | list):
        return
    sizes: dict[int, int] = {}  # id of a mapping or list -> its values, expanded; -1 while being walked
    distinct = 0
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, walked = stack.pop()
        children = list(node.values()) if isinstance(node, dict) else node
        if not walked:
            if id(node) in sizes:
                continue
            sizes[id(node)] = -1
            stack.append((node, True))
            stack.extend((c, False) for c in children if isinstance(c, dict | list) and id(c) not in sizes)
            continue
        total = 1
        for child in children:
            size = sizes[id(child)] if isinstance(child, dict | list) else 1
            if size < 0:
                raise DocumentError(source, [Problem("", "a YAML alias refers to the value that holds it")])
            total += size
        sizes[id(node)] = total
        distinct += 1 + sum(not isinstance(c, dict | list) for c in children)
    if sizes[id(data)] > ALIAS_GROWTH * distinct + 1000:
        message = f"YAML aliases expand {distinct} values to {sizes[id(data)]}: refused (a 'billion laughs')"
        raise DocumentError(source, [Problem("", message)])


def document_from_data(data: Any, source: str, text: str | None = None) -> Document:
    if not isinstance(data, dict):
        raise DocumentError(source, [Problem("", "a document must be a mapping with schemaVersion and mainSteps")])
    try:
        return Document.model_validate(data)
    except ValidationError as error:
        raise DocumentError(source, problems_of(error, text, _message, _without_union_tags)) from None


def problems_of(
    error: ValidationError,
    text: str | None,
    message: Callable[[Any], str],
    location: Callable[[tuple[int | str, ...]], list[int | str]],
) -> list[Problem]:
    """Pydantic's errors as problems with a field path and its line; `location` drops the union tags pydantic
    adds, `message` words one error. A value that fits no member of a union fails once per member: it is said
    once, naming them all."""
    messages: dict[str, list[str]] = {}
    for issue in error.errors():
        path = paths.render(location(issue["loc"]))
        messages.setdefault(path, []).append(message(issue))
    return [Problem(path, " or ".join(dict.fromkeys(m)), paths.line_of(text, path)) for path, m in messages.items()]


def read_source(path: Path) -> str:
    """A file's text, or an error that names the file."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(str(path), [Problem("", f"cannot read the file: {error}")]) from None


def read_text(text: str, source: str) -> LoadedDocument:
    data = parse_text(text, source)
    return LoadedDocument(source, text, data, document_from_data(data, source, text))


def read_file(path: Path | str) -> LoadedDocument:
    path = Path(path)
    return read_text(read_source(path), str(path))


# Pydantic names the union member it tried (`int`, `list[str]`, a step's action) in the location.
_UNION_MEMBER = re.compile(r"^(int|str|bool|float|none|list\[.*\]|dict\[.*\])$")


def _without_union_tags(loc: tuple[int | str, ...]) -> list[int | str]:
    # A reader wants `mainSteps[0].inputs.Duration`, not `mainSteps[0].aws:sleep.inputs.Duration.str`.
    out: list[int | str] = []
    for part in loc:
        if isinstance(part, str) and _UNION_MEMBER.match(part):
            continue
        if out and isinstance(out[-1], int) and (part in STEP_MODELS or part == "unknown"):
            continue
        out.append(part)
    return out


def _message(issue: Any) -> str:
    kind = issue["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (AWS refuses fields it does not define here)"
    return f"{issue['msg'][0].lower()}{issue['msg'][1:]} (got {issue['input']!r:.80})"
