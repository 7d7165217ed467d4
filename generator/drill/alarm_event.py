"""Events reaching the timeline.

The alarm as in an account: its state change (made by the failure's injection) is put on the emulator's
default bus as CloudWatch puts it (generator/emulator/alarm_events.py), the stack's AlarmStateChanges rule
delivers it to the deployed timeline function, which runs from its package in the emulator's Lambda runtime
with its role, on the drill's clock; the drill only waits for that delivery and reads the timeline back.

The evidence run's WriteManifest "EC2 Automation Step Status-change Notification" (from which the handler
records the anchor) is still built here in AWS's shape and handed to the real handler, because the drill
runs CollectEvidence in the simulator directly, which emits no events (a run through the emulator's
Automation API does)."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.clock import Clock
from domain.timeline import Kind, TimelineEvent
from domain.timeline_store import TimelineStore
from generator.drill.inject import Injected
from generator.emulator import lambdas
from generator.simulator import ClientFactory, ExecutionRecord
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.simulator.roles import function_clients
from handlers.timeline import app, service

DELIVERY_SECONDS = 60.0


@dataclass
class DrillLambdaContext:
    """The attributes powertools reads from Lambda's context object."""

    function_name: str = "closeloop-timeline"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = f"arn:aws:lambda:us-east-1:{EMULATOR_ACCOUNT_ID}:function:closeloop-timeline"
    aws_request_id: str = ""

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def manifest_written(record: ExecutionRecord, region: str) -> dict[str, Any]:
    """SSM's event for the collection run's WriteManifest step ending (the rule EvidenceManifestAnchors matches it)."""
    step = record.step("WriteManifest")
    end = step.end or step.start

    def said(moment: datetime) -> str:
        return f"{moment:%b} {moment.day}, {moment:%Y} {moment:%-I:%M:%S %p}"  # AWS's "Nov 29, 2016 7:43:25 PM"

    arn = f"arn:aws:ssm:{region}:{EMULATOR_ACCOUNT_ID}"
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "EC2 Automation Step Status-change Notification",
        "source": "aws.ssm",
        "account": EMULATOR_ACCOUNT_ID,
        "time": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [
            f"{arn}:automation-execution/{record.execution_id}",
            f"{arn}:automation-definition/{record.document_name}:1",
        ],
        "detail": {
            "ExecutionId": record.execution_id,
            "Definition": record.document_name,
            "DefinitionVersion": 1.0,
            "Status": str(step.status),
            "StartTime": said(step.start),
            "EndTime": said(end),
            "Time": (end - step.start).total_seconds() * 1000,
            "StepName": step.name,
            "Action": step.action,
        },
    }


def deliver(
    event: dict[str, Any], clients: ClientFactory, table_name: str, clock: Clock, function: str = ""
) -> dict[str, Any]:
    """Call the timeline handler with the event, its clients pointed at the drill's emulator and acting with the
    deployed `function`'s role, on the drill's clock."""
    app.logger.setLevel("WARNING")  # the handler's per-event log line is noise among the drill's progress
    clients = function_clients(clients, function) if function else clients
    handler = app.build(
        service.Clients(clients.client("dynamodb"), clients.client("ssm"), clients.client("cloudwatch")),
        table_name,
        clock,
    )
    return handler(event, DrillLambdaContext(aws_request_id=str(uuid.uuid4())))


class AlarmNotRecorded(Exception):
    """The rule did not bring the alarm to the timeline; the message says what the timeline holds instead."""


def alarm_on_timeline(injected: Injected, clients: ClientFactory, table_name: str) -> TimelineEvent:
    """The alert the timeline function recorded for the injected alarm, once EventBridge's delivery is done."""
    if not lambdas.settle(DELIVERY_SECONDS):
        raise AlarmNotRecorded(f"EventBridge's deliveries did not finish within {DELIVERY_SECONDS:.0f} s")
    events = TimelineStore(clients.client("dynamodb"), table_name).events(injected.incident_id)
    for event in events:
        if event.kind is Kind.ALERT and event.source == injected.alarm_arn:
            return event
    failed = lambdas.invoke.QUEUE.failures[-3:]
    raise AlarmNotRecorded(
        f"no alert from {injected.alarm_arn} on {injected.incident_id}'s timeline "
        f"({len(events)} event(s); failed deliveries: {failed or 'none'})"
    )
