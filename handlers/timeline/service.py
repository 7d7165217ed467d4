"""Turn an alarm state change, an automation step status change or a runbook's call into a timeline event.

Which incident an alarm or an automation belongs to: for an alarm, its `closeloop:incident` tag; for an
automation, its `IncidentId` parameter, its tag, its OpsItem or its parent's (execution_link.py). What
has none is left alone and said so (an alarm with no incident yet is not an incident's event). Both are read
where the event happened: a member account's, through its timeline reader (accounts.py). The evidence
manifest's anchor goes on the timeline and on the incident's item (domain/incident_store.py), once per run.
"""

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from domain.documents import DEFAULT_DOCUMENTS, StackDocuments
from domain.evidence import run_of
from domain.evidence_anchor import ManifestAnchor
from domain.incident_store import IncidentStore
from domain.timeline import INCIDENT_TAG, TERMINAL_STEP_STATUSES, Kind, TimelineEvent
from domain.timeline_store import TimelineStore
from handlers.timeline.accounts import UNKNOWN_HOME, Home, Readers, Unreachable
from handlers.timeline.execution_link import MAX_PARENTS, execution_incident
from handlers.timeline.models import AlarmStateChangeEvent, DirectTimelineEvent, StepStatusChangeEvent

STEP_TIME_FORMAT = "%b %d, %Y %I:%M:%S %p"
MANIFEST_STEP = "WriteManifest"  # CollectEvidence's step whose outputs are the evidence anchor
ALARM_ACTOR = "aws.cloudwatch"
MAX_REASON = 300


@dataclass(frozen=True)
class Outcome:
    recorded: bool
    event_id: str | None = None
    incident_id: str | None = None
    skipped: str | None = None  # why nothing was recorded
    anchored: str | None = None  # for an evidence anchor: what recording it on the incident item did

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


Request = AlarmStateChangeEvent | StepStatusChangeEvent | DirectTimelineEvent


def handle(
    request: Request,
    store: TimelineStore,
    readers: Readers,
    now: datetime,
    documents: StackDocuments = DEFAULT_DOCUMENTS,
    home: Home = UNKNOWN_HOME,
) -> Outcome:
    """Record the event once; an alarm's tags and an execution are read in the account and region it happened in."""
    if isinstance(request, DirectTimelineEvent):
        event: TimelineEvent | str = direct_event(request, now)
    else:
        try:
            clients = readers.at(request.account, request.region, home)
        except Unreachable as error:
            return Outcome(recorded=False, skipped=f"dropped: {error}")
        if isinstance(request, AlarmStateChangeEvent):
            event = alarm_event(request, clients.cloudwatch, now)
        else:
            # Another account's runbook is never this stack's own, whatever its name.
            theirs = bool(home.account) and request.account not in ("", home.account)
            event = step_event(request, clients.ssm, now, documents, store.table_name, theirs)
    if isinstance(event, str):
        return Outcome(recorded=False, skipped=event)
    created = store.put(event)
    anchored = None
    anchor = ManifestAnchor.from_source(event.source) if event.kind is Kind.EVIDENCE else None
    if isinstance(request, StepStatusChangeEvent) and anchor is not None:
        items = IncidentStore(store.dynamodb, store.table_name)
        anchored = items.record_anchor(event.incident_id, request.detail.ExecutionId, anchor, now).value
    return Outcome(
        recorded=created,
        event_id=event.event_id,
        incident_id=event.incident_id,
        skipped=None if created else "already on the timeline",
        anchored=anchored,
    )


def alarm_event(request: AlarmStateChangeEvent, cloudwatch: Any, now: datetime) -> TimelineEvent | str:
    detail = request.detail
    previous = detail.previousState.value if detail.previousState else ""
    if detail.state.value == "ALARM":
        kind, text = Kind.ALERT, f"Alarm {detail.alarmName} went to ALARM: {detail.state.reason[:MAX_REASON]}"
    elif detail.state.value == "OK" and previous == "ALARM":
        kind, text = Kind.RECOVERY, f"Alarm {detail.alarmName} is back to OK: {detail.state.reason[:MAX_REASON]}"
    else:
        change = f"from {previous or 'nothing'} to {detail.state.value}"
        return f"alarm {detail.alarmName} went {change}: not an alert or a recovery"
    arn = request.resources[0] if request.resources else detail.alarmName
    try:
        incident = alarm_incident(cloudwatch, arn)
    except ClientError as error:
        # CloudWatch answers ResourceNotFoundException for an alarm deleted since it changed state: no tags
        # to read, so no incident; retrying cannot bring it back, so the event is not sent to the DLQ.
        if error.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
            raise
        return f"alarm {detail.alarmName} was deleted before its tags could be read: it belongs to no incident"
    if not incident:
        return f"alarm {detail.alarmName} has no {INCIDENT_TAG} tag: it belongs to no incident yet"
    return TimelineEvent(
        incident_id=incident,
        kind=kind,
        occurred_at=detail.state.timestamp,
        recorded_at=now,
        actor=ALARM_ACTOR,
        source=arn,
        text=text,
        # EventBridge keeps these on an event a member account forwards: where the alarm is, not where this runs.
        account=request.account,
        region=request.region,
    )


def alarm_incident(cloudwatch: Any, alarm_arn: str) -> str:
    tags = cloudwatch.list_tags_for_resource(ResourceARN=alarm_arn).get("Tags", [])
    return next((str(tag["Value"]) for tag in tags if tag["Key"] == INCIDENT_TAG), "")


def step_event(
    request: StepStatusChangeEvent,
    ssm: Any,
    now: datetime,
    documents: StackDocuments = DEFAULT_DOCUMENTS,
    table_name: str = "",
    elsewhere: bool = False,
) -> TimelineEvent | str:
    detail = request.detail
    if detail.Status not in TERMINAL_STEP_STATUSES:
        return f"step {detail.StepName} is {detail.Status}, not finished"
    # closeloop's runbooks record their own steps, except the manifest's anchor: that one is taken from SSM's
    # record of the run by this function, not written by the role that writes the evidence bucket.
    own = documents.own(detail.Definition) and not elsewhere
    if own and detail.StepName != MANIFEST_STEP:
        return f"{detail.Definition} records its own steps on the timeline"
    execution = ssm.get_automation_execution(AutomationExecutionId=detail.ExecutionId)["AutomationExecution"]
    other = documents.other_stack(detail.Definition)
    if other and table_name:
        table = run_table(ssm, execution)
        if table and table != table_name:
            return f"{detail.Definition} is closeloop stack {other}'s runbook (table {table}): that stack records it"
    incident, why = execution_incident(ssm, execution)
    if not incident:
        return why
    if own:
        return anchor_event(execution, detail, incident, now)
    return TimelineEvent(
        incident_id=incident,
        kind=Kind.HUMAN_ACTION,
        occurred_at=step_time(detail.EndTime, request.time),
        recorded_at=now,
        actor=step_actor(execution, detail.StepName),
        source=f"automation:{detail.ExecutionId}#{detail.StepName}",
        text=f"{detail.Definition}: step {detail.StepName} ({detail.Action}) ended {detail.Status}",
        account=request.account,
        region=request.region,
    )


def run_table(ssm: Any, execution: dict[str, Any], depth: int = 0) -> str:
    """The closeloop table a run writes its timeline to (its TableName parameter, or that of the run that
    started it, a few levels up); "" when none names one."""
    given = execution.get("Parameters", {}).get("TableName") or []
    if given and given[0]:
        return str(given[0])
    parent = str(execution.get("ParentAutomationExecutionId") or "")
    if parent and depth < MAX_PARENTS:
        found = ssm.get_automation_execution(AutomationExecutionId=parent)["AutomationExecution"]
        return run_table(ssm, found, depth + 1)
    return ""


def anchor_event(execution: dict[str, Any], detail: Any, incident: str, now: datetime) -> TimelineEvent | str:
    """The manifest's anchor (key, version, SHA-256) from the WriteManifest step's outputs, as SSM keeps them.

    Only the run's own manifest key (under `incidents/<incident>/evidence/<this execution>/`) is an anchor."""
    steps = [s for s in execution.get("StepExecutions", []) if s.get("StepName") == MANIFEST_STEP]
    outputs = steps[-1].get("Outputs", {}) if steps else {}

    def first(name: str) -> str:
        return str((outputs.get(name) or [""])[0])

    bucket = str((execution.get("Parameters", {}).get("EvidenceBucket") or [""])[0])
    key, version, sha = first("ManifestKey"), first("ManifestVersionId"), first("ManifestSha256")
    if detail.Status != "Success" or not (bucket and key and sha):
        return f"{detail.StepName} left no manifest anchor"
    if run_of(incident, key) != detail.ExecutionId:
        return f"{detail.StepName} names {key}, not this run's manifest: not an anchor"
    anchor = ManifestAnchor(bucket, key, version, sha)
    return TimelineEvent(
        incident_id=incident,
        kind=Kind.EVIDENCE,
        occurred_at=step_time(detail.EndTime, now),
        recorded_at=now,
        actor=str(execution.get("ExecutedBy") or "unknown"),
        source=anchor.source,
        text=f"Evidence manifest stored: {key}, version {version or '(unversioned)'}, SHA-256 {sha}",
    )


def step_actor(execution: dict[str, Any], step_name: str) -> str:
    """Who did it: the approver of an approval step, else the principal who ran the automation."""
    steps = [s for s in execution.get("StepExecutions", []) if s.get("StepName") == step_name]
    decisions = steps[-1].get("Outputs", {}).get("ApproverDecisions", []) if steps else []
    for decision in reversed(decisions):
        try:
            approver = json.loads(decision).get("Approver") if isinstance(decision, str) else None
        except ValueError:
            approver = None
        if approver:
            return str(approver)
    return str(execution.get("ExecutedBy") or "unknown")


def step_time(end_time: str | None, fallback: datetime) -> datetime:
    if end_time:
        try:
            return datetime.strptime(end_time, STEP_TIME_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            pass
    return fallback if fallback.tzinfo else fallback.replace(tzinfo=UTC)


def direct_event(request: DirectTimelineEvent, now: datetime) -> TimelineEvent:
    return TimelineEvent(
        incident_id=request.IncidentId,
        kind=request.Kind,
        occurred_at=request.OccurredAt,
        recorded_at=now,
        actor=request.Actor,
        source=request.Source,
        text=request.Text,
    )
