"""The incident records the drill writes into the stack's table: this incident's item, and the scenario's
earlier incident of the same class (its item and its timeline), which the report compares with.

Both items carry the class index keys (domain/table.py), so incidents of a class read in time order.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.incident import IncidentRecord
from domain.timeline import Kind, TimelineEvent
from domain.timeline_store import TimelineStore
from generator.drill.scenario import EarlierIncident, Scenario

DRILL_ACTOR = "closeloop drill"


@dataclass(frozen=True)
class IncidentItem:
    incident_id: str
    scenario: Scenario
    started: datetime
    owner: str  # the postmortem owner's Jira account key
    ticket: str | None = None

    def item(self) -> dict[str, dict[str, str]]:
        """The item `closeloop incident open` and Closeloop-OpenIncident write (domain/incident.py)."""
        return IncidentRecord(
            incident_id=self.incident_id,
            title=self.scenario.title,
            incident_class=self.scenario.incident_class,
            severity=self.scenario.severity,
            service=self.scenario.service,
            commander=self.owner,
            postmortem_owner=self.owner,
            started_at=self.started,
            opened_at=self.started,
            ticket=self.ticket or "",
        ).to_item()


def write_incident(dynamodb: Any, table_name: str, incident: IncidentItem, extra: dict[str, str] | None = None) -> None:
    item = incident.item() | {name: {"S": value} for name, value in (extra or {}).items()}
    dynamodb.put_item(TableName=table_name, Item=item)


def write_earlier(dynamodb: Any, table_name: str, scenario: Scenario, owner: str) -> list[TimelineEvent]:
    """The earlier incident: its item (closed, with its root cause and actions) and its key timeline events."""
    earlier = scenario.earlier
    write_incident(
        dynamodb,
        table_name,
        IncidentItem(earlier.id, scenario.model_copy(update={"title": earlier.title}), earlier.started, owner),
        {
            "status": "closed",
            "root_cause": earlier.root_cause,
            "actions": "\n".join(earlier.actions),
            "detected_at": _second(earlier.started + timedelta(minutes=earlier.detected_after_minutes)),
            "mitigated_at": _second(earlier.started + timedelta(minutes=earlier.mitigated_after_minutes)),
            "resolved_at": _second(earlier.started + timedelta(minutes=earlier.resolved_after_minutes)),
        },
    )
    events = earlier_events(earlier)
    store = TimelineStore(dynamodb, table_name)
    for event in events:
        store.put(event)
    return events


def earlier_events(earlier: EarlierIncident) -> list[TimelineEvent]:
    marks = [
        (0, Kind.SYMPTOM, "First errors (earlier incident)."),
        (earlier.detected_after_minutes, Kind.ALERT, "Alarm fired (earlier incident)."),
        (earlier.mitigated_after_minutes, Kind.MITIGATION, "Impact stopped (earlier incident)."),
        (earlier.resolved_after_minutes, Kind.RECOVERY, "Back to normal (earlier incident)."),
    ]
    started = earlier.started.astimezone(UTC)
    return [
        TimelineEvent(
            incident_id=earlier.id,
            kind=kind,
            occurred_at=started + timedelta(minutes=minutes),
            recorded_at=started + timedelta(minutes=minutes),
            actor=DRILL_ACTOR,
            source=f"scenario:{earlier.id}",
            text=text,
        )
        for minutes, kind, text in marks
    ]


def _second(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
