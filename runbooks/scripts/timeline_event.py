"""Record one incident timeline event in the closeloop table, exactly once.

Runs inside `aws:executeScript` (standard library and boto3 only). The event id is derived from what
the event says (incident, kind, occurred-at, source, text), never from when it was recorded, and the
write is conditional on that id being new: a retried step or a second run records nothing twice.

Given a `StepName`, the event records that operator step: who completed it and their notes come from the
step's approver decisions (passed in as `Decisions`, else read with GetAutomationExecution), and it
happened when the decision was made (or the step ended). Without a decision the operator is the
principal who ran the automation (`ExecutedBy`), else whoever runs this step.

Given `Rejected` instead (one step that every approval's failure leads to), the operator step is the approval
this run was last rejected at, found with GetAutomationExecution, and `{step}` in the text is its name.

Given `RunbookExecutionId` (a runbook that logs its steps by starting `Closeloop-LogTimelineEvent`), "this run"
is that runbook's run: the step, the decisions and the person are read from it.
"""

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

import boto3

from runbooks.scripts.clock import utc_now

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


def step_execution(ssm: Any, execution_id: str, step_name: str) -> tuple[dict[str, Any], str]:
    """The step's record in GetAutomationExecution (the last one of that name) and the execution's ExecutedBy."""
    try:
        execution = ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
    except Exception:
        return {}, ""  # no access to the API (or an emulator without it): the caller falls back
    steps = [step for step in execution.get("StepExecutions", []) if step.get("StepName") == step_name]
    return (steps[-1] if steps else {}), str(execution.get("ExecutedBy", ""))


def rejected_step(ssm: Any, execution_id: str) -> str:
    """The last approval step of the run that failed (a rejection; AWS fails the step), '' if none or no access."""
    try:
        execution = ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
    except Exception:
        return ""
    failed = [
        str(step.get("StepName"))
        for step in execution.get("StepExecutions", [])
        if step.get("Action") == "aws:approve" and step.get("StepStatus") in ("Failed", "TimedOut")
    ]
    return failed[-1] if failed else ""


def decisions_of(value: Any) -> list[dict[str, Any]]:
    """Approver decisions as a list of maps, whether given as a list, a JSON text, or a list of JSON texts."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except ValueError:
            return []
    if isinstance(value, dict):
        value = [value]
    found: list[dict[str, Any]] = []
    for item in value if isinstance(value, list) else []:
        found += decisions_of(item) if isinstance(item, str | list) else [item] if isinstance(item, dict) else []
    return found


def aws_time(value: Any) -> str:
    """A time from an AWS answer (datetime or ISO text, UTC when it has no zone) as UTC seconds; '' if none."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return ""
    else:
        return ""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def operator_step(events: dict[str, Any], ssm: Any, sts: Any) -> dict[str, Any]:
    """The events of an operator step completed: actor, notes, when, and the step as the source."""
    execution_id, step_name = events["ExecutionId"], events["StepName"]
    decisions = decisions_of(events.get("Decisions"))
    step: dict[str, Any] = {}
    executed_by = ""
    if not decisions:
        step, executed_by = step_execution(ssm, execution_id, step_name)
        decisions = decisions_of(step.get("Outputs", {}).get("ApproverDecisions"))
    decision = decisions[-1] if decisions else {}
    actor = str(decision.get("Approver") or "") or executed_by or execution_actor(ssm, sts, execution_id)
    when = aws_time(decision.get("ApprovalDecisionTime") or decision.get("Timestamp")) or aws_time(
        step.get("ExecutionEndTime")
    )
    notes = str(decision.get("Comment") or "").strip()
    text = events["Text"] + (f" Notes: {notes}" if notes else "")
    return {
        **events,
        "Text": text,
        "OccurredAt": events.get("OccurredAt") or when,
        "Source": events.get("Source") or f"automation:{execution_id}#{step_name}",
        "Actor": events.get("Actor") or actor,
    }


def record(dynamodb: Any, table: str, item: dict[str, Any]) -> bool:
    """Write the event unless it is already there; True when this call created it."""
    try:
        dynamodb.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(sk)")
    except dynamodb.exceptions.ConditionalCheckFailedException:
        return False
    return True


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    now = utc_now()
    if events.get("RunbookExecutionId"):
        # A runbook logging through Closeloop-LogTimelineEvent: the event is about the runbook's run (its source,
        # its approvals, who started it), not this child run, whose ExecutedBy is the runbook's role.
        events = {**events, "ExecutionId": events["RunbookExecutionId"]}
    if events.get("Rejected"):
        step = rejected_step(boto3.client("ssm"), events["ExecutionId"])
        events = {**events, "StepName": step, "Text": events["Text"].replace("{step}", step or "A step")}
    if events.get("StepName"):
        events = operator_step(events, boto3.client("ssm"), boto3.client("sts"))
    actor = events.get("Actor") or execution_actor(boto3.client("ssm"), boto3.client("sts"), events["ExecutionId"])
    item = event_item(events, actor, now)
    created = record(boto3.client("dynamodb"), events["TableName"], item)
    return {
        "EventId": item["event_id"]["S"],
        "OccurredAt": item["occurred_at"]["S"],
        "Actor": actor,
        "Created": created,
    }
