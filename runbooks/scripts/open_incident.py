"""Open an incident in the closeloop table, once: its id, title, class, severity, service and commander.

Runs inside `aws:executeScript` (stdlib and boto3; inlined alone, so it builds `domain/incident.py`'s item
itself; tests hold the two equal). The document's parameters check the fields' patterns. The write is
conditional: opening twice keeps the first. With `Required` false (`Closeloop-IncidentResponse`) an open
incident is left alone; opening one needs title, class, severity and service, or fails in one line.
"""

import re
from datetime import UTC, datetime
from typing import Any

import boto3

from runbooks.scripts.clock import utc_now

_UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|\+00:00)$")
FIELDS = ("Title", "IncidentClass", "Severity", "Service")


def second(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def started_at(value: str, now: datetime) -> str:
    """When the impact started, ISO-8601 UTC; empty means now (the moment the incident is opened)."""
    if not value:
        return second(now)
    if not _UTC_TIME.match(value):
        raise ValueError(f"StartedAt '{value}' is not an ISO-8601 UTC time such as 2026-11-29T17:05:00Z")
    return second(datetime.fromisoformat(value.replace("Z", "+00:00")))


def incident_item(events: dict[str, Any], commander: str, now: datetime) -> dict[str, Any]:
    missing = [name for name in FIELDS if not str(events.get(name, "")).strip()]
    if missing:
        raise ValueError(
            f"incident {events['IncidentId']} cannot be opened without {', '.join(missing)}: "
            "give them, or open it with Closeloop-OpenIncident"
        )
    incident_id, incident_class = events["IncidentId"], events["IncidentClass"]
    started = started_at(events.get("StartedAt", ""), now)
    values = {
        "pk": f"INCIDENT#{incident_id}",
        "sk": "INCIDENT",
        "gsi1pk": f"CLASS#{incident_class}",
        "gsi1sk": started,
        "incident_id": incident_id,
        "title": str(events["Title"]).strip(),
        "incident_class": incident_class,
        "severity": events["Severity"],
        "service": events["Service"],
        "commander": commander,
        "postmortem_owner": events.get("PostmortemOwner", ""),
        "started_at": started,
        "opened_at": second(now),
        "status": "open",
        "ticket": events.get("Ticket", ""),
    }
    return {name: {"S": value} for name, value in values.items() if value}


def executed_by(ssm: Any, sts: Any, execution_id: str) -> str:
    """Who started the automation (`ExecutedBy`), else (no access to it) the caller running the step."""
    try:
        execution = ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
        return str(execution["ExecutedBy"])
    except Exception:
        return str(sts.get_caller_identity()["Arn"])


def existing(dynamodb: Any, table: str, incident_id: str) -> dict[str, Any]:
    key = {"pk": {"S": f"INCIDENT#{incident_id}"}, "sk": {"S": "INCIDENT"}}
    return dict(dynamodb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item", {}))


def open_incident(events: dict[str, Any], dynamodb: Any, commander: str, now: datetime) -> dict[str, Any]:
    table, incident_id = events["TableName"], events["IncidentId"]
    required = str(events.get("Required", True)).lower() != "false"
    if not required:
        found = existing(dynamodb, table, incident_id)
        if found:
            return _answer(found, opened=False)
    item = incident_item(events, commander, now)
    try:
        dynamodb.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(pk)")
    except dynamodb.exceptions.ConditionalCheckFailedException:
        return _answer(existing(dynamodb, table, incident_id), opened=False)
    return _answer(item, opened=True)


def _answer(item: dict[str, Any], opened: bool) -> dict[str, Any]:
    def value(name: str) -> str:
        return str(item.get(name, {}).get("S", ""))

    return {
        "Opened": opened,
        "IncidentId": value("incident_id"),
        "Commander": value("commander"),
        "StartedAt": value("started_at"),
        "Status": value("status"),
    }


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    now = utc_now()
    commander = str(events.get("Commander", "")).strip() or executed_by(
        boto3.client("ssm"), boto3.client("sts"), events["ExecutionId"]
    )
    return open_incident(events, boto3.client("dynamodb"), commander, now)
