"""Errors that say what is wrong with a document file and where: file, line and field."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, located by its field path and, when known, its line."""

    path: str
    message: str
    line: int | None = None


class DocumentError(Exception):
    """A document that cannot be used: unreadable, unparseable, or not shaped like a document."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.describe())

    def describe(self) -> str:
        return "\n".join(f"{where(self.source, p.line)}: {p.path or '(document)'}: {p.message}" for p in self.problems)


def where(source: str, line: int | None) -> str:
    return f"{source}:{line}" if line else source
