"""Events reaching the timeline, built in the shapes AWS sends (tests/fixtures/events/) and handed to the real
timeline handler (handlers/timeline/app.py): the alarm's "CloudWatch Alarm State Change", and the evidence
run's WriteManifest "EC2 Automation Step Status-change Notification", from which it records the anchor."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.clock import Clock
from generator.drill.inject import Injected
from generator.simulator import ClientFactory, ExecutionRecord
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.simulator.roles import function_clients
from handlers.timeline import app, service


@dataclass
class DrillLambdaContext:
    """The attributes powertools reads from Lambda's context object."""

    function_name: str = "closeloop-timeline"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = f"arn:aws:lambda:us-east-1:{EMULATOR_ACCOUNT_ID}:function:closeloop-timeline"
    aws_request_id: str = ""

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def alarm_state_change(injected: Injected, alarm_name: str, region: str) -> dict[str, Any]:
    stamp = injected.alarm_at.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "CloudWatch Alarm State Change",
        "source": "aws.cloudwatch",
        "account": EMULATOR_ACCOUNT_ID,
        "time": injected.alarm_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [injected.alarm_arn],
        "detail": {
            "alarmName": alarm_name,
            "configuration": {"description": f"closeloop drill alarm for {injected.incident_id}"},
            "previousState": {"reason": "Threshold not crossed.", "timestamp": stamp, "value": "OK"},
            "state": {"reason": injected.alarm_reason, "timestamp": stamp, "value": "ALARM"},
        },
    }


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
