"""What a rule reports: which file, which rule, how bad, where, and what."""

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int | None
    rule: str
    severity: Severity
    path: str
    message: str

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity} {self.rule} {self.path or '(document)'}: {self.message}"


@dataclass(frozen=True)
class Issue:
    """A rule's raw report, before the engine adds file, rule, severity and line."""

    path: str
    message: str
