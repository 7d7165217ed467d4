"""Record one incident timeline event in the closeloop table, exactly once.

Runs inside `aws:executeScript` (standard library and boto3 only). The event id is derived from what
the event says (incident, kind, occurred-at, source, text), never from when it was recorded, and the
write is conditional on that id being new: a retried step or a second run records nothing twice.
"""

import hashlib
import re
from datetime import UTC, datetime
from typing import Any

import boto3

KINDS = (
    "symptom",
    "alert",
    "human_action",
    "mitigation",
    "recovery",
    "deployment",
    "evidence",
    "note",
    "detected",
    "engaged",
    "mitigated",
    "resolved",
)
_UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|\+00:00)$")


def occurred_at(value: str, now: datetime) -> str:
    """ISO-8601 UTC with seconds; an empty value means now. A time without a zone is refused."""
    if not value:
        return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if not _UTC_TIME.match(value):
        raise ValueError(f"OccurredAt '{value}' is not an ISO-8601 UTC time such as 2026-11-29T17:05:00Z")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_id(incident_id: str, kind: str, when: str, source: str, text: str) -> str:
    digest = hashlib.sha256("\x1f".join((incident_id, kind, when, source, text)).encode()).hexdigest()
    return digest[:24]


def event_item(events: dict[str, Any], actor: str, now: datetime) -> dict[str, Any]:
    kind = events["Kind"]
    if kind not in KINDS:
        raise ValueError(f"Kind '{kind}' is not one of: {', '.join(KINDS)}")
    incident_id = events["IncidentId"]
    when = occurred_at(events.get("OccurredAt", ""), now)
    source = events.get("Source") or f"automation:{events['ExecutionId']}"
    text = events["Text"]
    identifier = event_id(incident_id, kind, when, source, text)
    return {
        "pk": {"S": f"INCIDENT#{incident_id}"},
        "sk": {"S": f"EVENT#{when}#{identifier}"},
        "event_id": {"S": identifier},
        "incident_id": {"S": incident_id},
        "kind": {"S": kind},
        "occurred_at": {"S": when},
        "recorded_at": {"S": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")},
        "actor": {"S": actor},
        "source": {"S": source},
        "text": {"S": text},
    }


def execution_actor(ssm: Any, sts: Any, execution_id: str) -> str:
    """Who started the automation: its `ExecutedBy`, else (no access to it) the caller running the step."""
    try:
        return str(
            ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]["ExecutedBy"]
        )
    except Exception:
        return str(sts.get_caller_identity()["Arn"])


def record(dynamodb: Any, table: str, item: dict[str, Any]) -> bool:
    """Write the event unless it is already there; True when this call created it."""
    try:
        dynamodb.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(sk)")
    except dynamodb.exceptions.ConditionalCheckFailedException:
        return False
    return True


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    actor = events.get("Actor") or execution_actor(boto3.client("ssm"), boto3.client("sts"), events["ExecutionId"])
    item = event_item(events, actor, now)
    created = record(boto3.client("dynamodb"), events["TableName"], item)
    return {
        "EventId": item["event_id"]["S"],
        "OccurredAt": item["occurred_at"]["S"],
        "Actor": actor,
        "Created": created,
    }
