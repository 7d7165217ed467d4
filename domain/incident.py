"""The incident itself: who declared it, what it is, how bad, which service; opened once, closed once.

The incident item (`pk=INCIDENT#<id>`, `sk=INCIDENT`) is what `closeloop report` groups by class and
`closeloop postmortem draft` fills the postmortem's identity from. It is opened by `Closeloop-OpenIncident`
(or `Closeloop-IncidentResponse` when the incident is not open yet) or by `closeloop incident open`, with a
conditional write: opening it twice keeps the first. The `aws:executeScript` code in
`runbooks/scripts/open_incident.py` builds the same item by itself (it is inlined alone); tests hold the
two to the same output, and the runbooks' parameter patterns to the ones here.
"""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from domain import table
from domain.incident_id import IncidentId

# Patterns portable to Go's regexp and Java's (no look-around), as SSM checks `allowedPattern` with both;
# the incident id's is domain/incident_id.py's.
INCIDENT_CLASS_PATTERN = r"^[a-z][a-z0-9-]{1,40}$"
SERVICE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$"
SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5")
# A Jira Cloud accountId (`712020:9efc...`) or a Data Center user name.
ACCOUNT_PATTERN = r"^[A-Za-z0-9:._@-]{1,128}$"
SECOND = "%Y-%m-%dT%H:%M:%SZ"


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class IncidentRecord(BaseModel):
    """The incident item as closeloop keeps it in the table."""

    model_config = ConfigDict(frozen=True)

    incident_id: IncidentId
    title: str = Field(min_length=3, max_length=200)
    incident_class: str = Field(pattern=INCIDENT_CLASS_PATTERN)
    severity: str = Field(pattern=r"^SEV[1-5]$")
    service: str = Field(pattern=SERVICE_PATTERN)
    # Who runs the response: an IAM principal ARN (who started the runbook) or a Jira account.
    commander: str = Field(min_length=1, max_length=512)
    # The Jira account that owns the postmortem; empty until someone is named (draft leaves it TODO then).
    postmortem_owner: str = Field(default="", pattern=f"^$|{ACCOUNT_PATTERN}")
    # When the impact started (the report's reference point); the opening time when nobody says otherwise.
    started_at: AwareDatetime
    opened_at: AwareDatetime
    status: Status = Status.OPEN
    closed_at: AwareDatetime | None = None
    ticket: str = Field(default="", max_length=64)

    @field_validator("started_at", "opened_at", "closed_at")
    @classmethod
    def _utc_seconds(cls, value: datetime | None) -> datetime | None:
        return value.astimezone(UTC).replace(microsecond=0) if value else None

    def to_item(self) -> dict[str, dict[str, str]]:
        """The DynamoDB item (attribute-value form), with the class index keys, as the runbook script writes it."""
        values = {
            table.PARTITION_KEY: table.incident_pk(self.incident_id),
            table.SORT_KEY: table.incident_sk(),
            table.CLASS_INDEX_PARTITION_KEY: table.class_pk(self.incident_class),
            table.CLASS_INDEX_SORT_KEY: _second(self.started_at),
            "incident_id": self.incident_id,
            "title": self.title,
            "incident_class": self.incident_class,
            "severity": self.severity,
            "service": self.service,
            "commander": self.commander,
            "postmortem_owner": self.postmortem_owner,
            "started_at": _second(self.started_at),
            "opened_at": _second(self.opened_at),
            "status": self.status.value,
            "closed_at": _second(self.closed_at) if self.closed_at else "",
            "ticket": self.ticket,
        }
        # DynamoDB keeps no empty string in an index key, and an absent attribute reads clearer than "".
        return {name: {"S": value} for name, value in values.items() if value}

    @classmethod
    def from_item(cls, item: dict[str, dict[str, Any]]) -> "IncidentRecord":
        plain = {name: value["S"] for name, value in item.items() if "S" in value}
        return cls(
            incident_id=plain["incident_id"],
            title=plain["title"],
            incident_class=plain["incident_class"],
            severity=plain["severity"],
            service=plain["service"],
            commander=plain.get("commander") or "unknown",
            postmortem_owner=plain.get("postmortem_owner", ""),
            started_at=plain["started_at"],
            opened_at=plain.get("opened_at") or plain["started_at"],
            status=Status(plain.get("status", Status.OPEN.value)),
            closed_at=plain.get("closed_at") or None,
            ticket=plain.get("ticket", ""),
        )


def _second(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(SECOND)
