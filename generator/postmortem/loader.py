"""Read a postmortem file into the typed model, with errors that say file, line and field.

Parsing is the document reader's (dates stay the strings they were written as); only the model differs.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from domain.postmortem import Postmortem
from generator.document import paths
from generator.document.errors import DocumentError, Problem
from generator.document.reader import parse_text, problems_of, read_source


@dataclass(frozen=True)
class LoadedPostmortem:
    source: str
    text: str
    data: dict[str, Any]
    postmortem: Postmortem

    def line_of(self, path: str) -> int | None:
        return paths.line_of(self.text, path)


def postmortem_from_data(data: Any, source: str, text: str | None = None) -> Postmortem:
    if not isinstance(data, dict):
        raise DocumentError(source, [Problem("", "a postmortem must be a mapping with incident, summary, ...")])
    try:
        return Postmortem.model_validate(data)
    except ValidationError as error:
        raise DocumentError(source, problems_of(error, text, _message, _without_type_tags)) from None


def read_text(text: str, source: str) -> LoadedPostmortem:
    data = parse_text(text, source)
    return LoadedPostmortem(source, text, data, postmortem_from_data(data, source, text))


def read_file(path: Path | str) -> LoadedPostmortem:
    path = Path(path)
    return read_text(read_source(path), str(path))


def _without_type_tags(loc: tuple[int | str, ...]) -> list[int | str]:
    # Pydantic adds the member it tried to a union's location (`str`, `none`); readers want the field.
    return [part for part in loc if part not in ("str", "none", "int", "bool", "date")]


def _message(issue: Any) -> str:
    kind = issue["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (the postmortem schema does not define it here)"
    message = str(issue["msg"]).removeprefix("Value error, ")
    message = f"{message[0].lower()}{message[1:]}"
    # A whole mapping as "got" says nothing the line does not show; a value does.
    return message if isinstance(issue["input"], dict) else f"{message} (got {issue['input']!r:.80})"
