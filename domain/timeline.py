"""An incident's timeline: what happened, when, who did it and where the evidence is.

An event keeps the AWS account and region it happened in (`account`, `region`): EventBridge keeps them on an
event a member account forwards, so one incident's timeline spans accounts and regions; empty where the
writer did not know (a note typed by a person). They are not part of the id: a forwarded copy and a local
copy of one fact are the same event.

An event keeps when it happened (`occurred_at`) apart from when it was written down (`recorded_at`),
both in UTC. Its id is derived from what it says (incident, kind, occurred-at to the second, source,
text), so writing the same fact twice, from a retried Lambda or a re-run runbook step, writes it once.
The `aws:executeScript` code in `runbooks/scripts/timeline_event.py` builds the same id and item by
itself (it is inlined alone); tests hold the two to the same output.
"""

import hashlib
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, computed_field, field_validator

from domain import table
from domain.incident_id import IncidentId


class Kind(StrEnum):
    SYMPTOM = "symptom"
    ALERT = "alert"
    HUMAN_ACTION = "human_action"
    MITIGATION = "mitigation"
    RECOVERY = "recovery"
    DEPLOYMENT = "deployment"
    EVIDENCE = "evidence"
    NOTE = "note"
    # Lifecycle marks: the moments the incident changed state, as the commander declared them.
    DETECTED = "detected"
    ENGAGED = "engaged"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"


# A tag on an alarm or an automation execution, or an OpsItem's operational data key, that says which
# incident it belongs to (docs/incidents.md).
INCIDENT_TAG = "closeloop:incident"
# The step statuses that end a step: the only ones that become a timeline event (the rule filters on them).
TERMINAL_STEP_STATUSES = ("Success", "Failed", "TimedOut", "Cancelled")
SECOND = "%Y-%m-%dT%H:%M:%SZ"
MICROSECOND = "%Y-%m-%dT%H:%M:%S.%fZ"


class ZoneError(ValueError):
    """A time given without a zone: UTC cannot be assumed, the result would be off by hours."""


def parse_time(value: str, what: str = "time") -> datetime:
    """An ISO-8601 time with a zone (`Z`, `+00:00`, `+02:00`), in UTC. A time without a zone is refused."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{what} '{value}' is not an ISO-8601 time such as 2026-11-29T17:05:00Z") from None
    if parsed.tzinfo is None:
        raise ZoneError(
            f"{what} '{value}' has no time zone: write it in UTC with a Z (e.g. {text}Z) or with an offset (+02:00)"
        )
    return parsed.astimezone(UTC)


def format_second(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(SECOND)


# How the two writers name an alarm as an event's source: the timeline handler by its ARN, the evidence
# derivation (runbooks/scripts/evidence/timeline.py) as `cloudwatch-alarm:<name>`.
_ALARM_ARN = re.compile(r"^arn:aws[\w-]*:cloudwatch:[^:]*:[^:]*:alarm:(?P<name>.+)$")
_ALARM_SOURCE = "cloudwatch-alarm:"


def alert_origin(source: str) -> str:
    """What raised an alert or recovery, the same whichever writer recorded it: `alarm:<name>` for a CloudWatch
    alarm, else the source itself (a pager, a URL)."""
    text = source.strip()
    found = _ALARM_ARN.match(text)
    if found:
        return f"alarm:{found['name']}"
    if text.startswith(_ALARM_SOURCE):
        return f"alarm:{text.removeprefix(_ALARM_SOURCE)}"
    return text


def event_id(incident_id: str, kind: str, occurred_at: str, source: str, text: str) -> str:
    """The content-derived id: the same function as the runbook script's `event_id`."""
    digest = hashlib.sha256("\x1f".join((incident_id, kind, occurred_at, source, text)).encode()).hexdigest()
    return digest[:24]


_ARN_PLACE = re.compile(r"^arn:aws[\w-]*:[a-z0-9-]+:(?P<region>[a-z0-9-]*):(?P<account>\d{12}):")


def arn_place(source: str) -> tuple[str, str]:
    """(account, region) an ARN names, or ("", "") for anything else."""
    found = _ARN_PLACE.match(source.strip())
    return (found["account"], found["region"]) if found else ("", "")


class TimelineEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    incident_id: IncidentId
    kind: Kind
    occurred_at: AwareDatetime
    recorded_at: AwareDatetime
    # A principal ARN, a Jira account id, or the AWS service that raised it (`aws.cloudwatch`).
    actor: str = Field(min_length=1)
    # Where to look: an alarm ARN, `automation:<execution>#<step>`, a CloudTrail event id, a commit, a URL.
    source: str
    text: str = Field(min_length=1, max_length=4000)
    # Where it happened: the AWS account id and region (EventBridge's `account` and `region`), "" if unknown.
    account: str = Field(default="", pattern=r"^(\d{12})?$")
    region: str = Field(default="", pattern=r"^([a-z]{2}(-[a-z]+)+-\d)?$")

    @property
    def place(self) -> tuple[str, str]:
        """(account, region): as recorded, else as the source ARN names them."""
        account, region = arn_place(self.source)
        return (self.account or account, self.region or region)

    @field_validator("occurred_at", mode="before")
    @classmethod
    def _occurred_from_text(cls, value: Any) -> Any:
        return parse_time(value, "occurred_at") if isinstance(value, str) else value

    @field_validator("recorded_at", mode="before")
    @classmethod
    def _recorded_from_text(cls, value: Any) -> Any:
        return parse_time(value, "recorded_at") if isinstance(value, str) else value

    @field_validator("occurred_at")
    @classmethod
    def _utc_seconds(cls, value: datetime) -> datetime:
        # The id is built on seconds: the same fact reported with and without milliseconds is one fact.
        return value.astimezone(UTC).replace(microsecond=0)

    @field_validator("recorded_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def event_id(self) -> str:
        return event_id(self.incident_id, self.kind.value, format_second(self.occurred_at), self.source, self.text)

    def to_item(self) -> dict[str, dict[str, str]]:
        """The DynamoDB item (attribute-value form), as the runbook script writes it."""
        when = format_second(self.occurred_at)
        where = {name: {"S": value} for name, value in (("account", self.account), ("region", self.region)) if value}
        return {
            table.PARTITION_KEY: {"S": table.incident_pk(self.incident_id)},
            table.SORT_KEY: {"S": table.event_sk(when, self.event_id)},
            "event_id": {"S": self.event_id},
            "incident_id": {"S": self.incident_id},
            "kind": {"S": self.kind.value},
            "occurred_at": {"S": when},
            "recorded_at": {"S": self.recorded_at.strftime(MICROSECOND)},
            "actor": {"S": self.actor},
            "source": {"S": self.source},
            "text": {"S": self.text},
            **where,
        }

    @classmethod
    def from_item(cls, item: dict[str, dict[str, str]]) -> "TimelineEvent":
        return cls(
            incident_id=item["incident_id"]["S"],
            kind=Kind(item["kind"]["S"]),
            occurred_at=item["occurred_at"]["S"],
            recorded_at=item["recorded_at"]["S"],
            actor=item["actor"]["S"],
            source=item.get("source", {}).get("S", ""),
            text=item["text"]["S"],
            account=item.get("account", {}).get("S", ""),
            region=item.get("region", {}).get("S", ""),
        )
