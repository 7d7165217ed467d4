"""Read Automation documents from JSON or YAML into the typed model, with errors that say where."""

import json
import re
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


def document_from_data(data: Any, source: str, text: str | None = None) -> Document:
    if not isinstance(data, dict):
        raise DocumentError(source, [Problem("", "a document must be a mapping with schemaVersion and mainSteps")])
    try:
        return Document.model_validate(data)
    except ValidationError as error:
        # A value that fits no member of a union fails once per member; say it once, naming them all.
        messages: dict[str, list[str]] = {}
        for issue in error.errors():
            path = paths.render(_without_union_tags(issue["loc"]))
            messages.setdefault(path, []).append(_message(issue))
        problems = [
            Problem(path, " or ".join(dict.fromkeys(m)), paths.line_of(text, path)) for path, m in messages.items()
        ]
        raise DocumentError(source, problems) from None


def read_text(text: str, source: str) -> LoadedDocument:
    data = parse_text(text, source)
    return LoadedDocument(source, text, data, document_from_data(data, source, text))


def read_file(path: Path | str) -> LoadedDocument:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(str(path), [Problem("", f"cannot read the file: {error}")]) from None
    return read_text(text, str(path))


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
