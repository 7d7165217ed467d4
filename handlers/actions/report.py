"""What a push did to each action: its issue key and created, updated, unchanged or queued (with why)."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    QUEUED = "queued"


@dataclass(frozen=True)
class PushResult:
    incident_id: str
    action_id: str
    key: str | None
    outcome: Outcome
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "incident": self.incident_id,
            "action": self.action_id,
            "key": self.key,
            "outcome": self.outcome.value,
            "reason": self.reason,
        }

    def as_text(self) -> str:
        line = f"{self.incident_id} {self.action_id}: {self.key or '-'} {self.outcome.value}"
        return f"{line} ({self.reason})" if self.reason else line


@dataclass
class PushReport:
    dry_run: bool
    results: list[PushResult] = field(default_factory=list)
    busy: list[str] = field(default_factory=list)  # incidents left to another push that holds their lease

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def as_json(self) -> dict[str, Any]:
        counts = {o.value: self.count(o) for o in Outcome}
        answer = {"dry_run": self.dry_run, "counts": counts, "actions": [r.as_json() for r in self.results]}
        return {**answer, "busy": self.busy} if self.busy else answer
