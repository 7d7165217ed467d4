"""A prevention action: what a postmortem commits the team to, owned, dated and tracked in Jira.

The model is what the postmortem file holds under `actions:` and what `closeloop actions push` sends to
Jira. It says what an action is; whether it is good enough (an owner who is a real Jira account, a due
date inside its priority's cap, a title that starts with a verb) is judged by `closeloop postmortem check`,
so that a draft with gaps still loads and the check can say what is missing and where.
"""

import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ACTION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_ACTION_ID = re.compile(ACTION_ID_PATTERN)


class ActionType(StrEnum):
    """What kind of change the action makes (the issue's six kinds)."""

    ALERT_THRESHOLD = "alert_threshold"
    RUNBOOK_UPDATE = "runbook_update"
    ROLLBACK_SAFEGUARD = "rollback_safeguard"
    TEST_CANARY_GATE = "test_canary_gate"
    CAPACITY_DEPENDENCY_FIX = "capacity_dependency_fix"
    OWNERSHIP_PATH = "ownership_path"

    @property
    def purpose(self) -> "ActionPurpose":
        return ACTION_PURPOSE[self]


class ActionPurpose(StrEnum):
    """Why the action exists (Google SRE: prevent, detect, mitigate, process)."""

    PREVENT = "prevent"
    DETECT = "detect"
    MITIGATE = "mitigate"
    PROCESS = "process"


# Safeguards, gates and fixes stop the incident from recurring; an alert finds it sooner; a runbook
# shortens it; an ownership path makes sure someone answers.
ACTION_PURPOSE: dict[ActionType, ActionPurpose] = {
    ActionType.ROLLBACK_SAFEGUARD: ActionPurpose.PREVENT,
    ActionType.TEST_CANARY_GATE: ActionPurpose.PREVENT,
    ActionType.CAPACITY_DEPENDENCY_FIX: ActionPurpose.PREVENT,
    ActionType.ALERT_THRESHOLD: ActionPurpose.DETECT,
    ActionType.RUNBOOK_UPDATE: ActionPurpose.MITIGATE,
    ActionType.OWNERSHIP_PATH: ActionPurpose.PROCESS,
}


class Priority(StrEnum):
    """Jira's default priority scheme, lower-cased; `jira_name` is the name Jira knows it by."""

    HIGHEST = "highest"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    LOWEST = "lowest"

    @property
    def jira_name(self) -> str:
        return self.value.capitalize()

    @property
    def is_high(self) -> bool:
        """A "priority action" in Atlassian's sense: one with a resolution deadline."""
        return self in (Priority.HIGHEST, Priority.HIGH)


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    NOT_DOING = "not_doing"


class DueDatePolicy(BaseModel):
    """How long an action of each priority may take, counted from the day the postmortem was written.

    Atlassian's incident handbook gives priority actions a resolution target of 4 or 8 weeks; lower
    priorities have no cap unless a team sets one.
    """

    model_config = ConfigDict(frozen=True)

    caps: dict[Priority, int | None] = Field(
        default_factory=lambda: {
            Priority.HIGHEST: 28,
            Priority.HIGH: 56,
            Priority.MEDIUM: None,
            Priority.LOW: None,
            Priority.LOWEST: None,
        },
        description="Days from the postmortem's date to the latest allowed due date, by priority; null: no cap.",
    )

    def latest_due(self, priority: Priority, written_on: date) -> date | None:
        days = self.caps.get(priority)
        return None if days is None else written_on + timedelta(days=days)


DEFAULT_DUE_DATE_POLICY = DueDatePolicy()


class Action(BaseModel):
    """One prevention action from a postmortem."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(
        pattern=ACTION_ID_PATTERN,
        description="Stable id within the postmortem (e.g. A1). Never reuse or renumber: Jira finds the issue by it.",
    )
    title: str = Field(
        min_length=1,
        description="What will be done, starting with a verb (e.g. 'Add a canary gate to the checkout deploy').",
    )
    type: ActionType = Field(description="The kind of change: " + ", ".join(t.value for t in ActionType) + ".")
    owner: str = Field(
        min_length=1,
        description="The one Jira account that owns the action: its accountId on Jira Cloud, username on Data Center.",
    )
    due: date = Field(description="Due date (YYYY-MM-DD), within the cap for the action's priority.")
    priority: Priority = Field(description="Jira priority: " + ", ".join(p.value for p in Priority) + ".")
    done_condition: str = Field(
        min_length=1,
        description="A checkable statement of when the action is done (what can be observed, not 'improved').",
    )
    status: ActionStatus = Field(
        default=ActionStatus.OPEN, description="open, done (with evidence) or not_doing (with reason and approver)."
    )
    evidence: list[str] = Field(
        default_factory=list, description="Links that show the action is done (a merged change, a dashboard)."
    )
    reason: str | None = Field(default=None, description="Why the action will not be done (status not_doing).")
    approver: str | None = Field(
        default=None, description="The Jira account that approved not doing the action (status not_doing)."
    )

    @field_validator("owner", mode="before")
    @classmethod
    def _one_owner(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            raise ValueError(f"an action has exactly one owner, got {len(value)}: name one Jira account")
        return value

    @model_validator(mode="after")
    def _status_has_its_record(self) -> "Action":
        if self.status is ActionStatus.DONE and not self.evidence:
            raise ValueError("a done action needs evidence: links that show it is done")
        if self.status is ActionStatus.NOT_DOING and not (self.reason and self.approver):
            raise ValueError("a not_doing action needs a reason and an approver")
        return self

    @property
    def purpose(self) -> ActionPurpose:
        return self.type.purpose

    def external_id(self, incident_id: str) -> str:
        """The id stored in Jira to find this action's issue again: stable across edits of everything else."""
        return f"closeloop:{incident_id}:{self.id}"


def is_action_id(value: str) -> bool:
    return bool(_ACTION_ID.match(value))
