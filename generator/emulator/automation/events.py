"""The EventBridge events SSM puts on the account's default bus as an execution and its steps change status
("EC2 Automation Step/Execution Status-change Notification"), so the stack's rules see them."""

import contextlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from generator.emulator.automation.runs import Run
from generator.simulator import ExecutionRecord


def event_bus(account: str, region: str) -> Callable[[dict[str, Any]], None]:
    """Put an event on the emulator's default bus, as SSM does, so the stack's rules see it (best effort:
    moto cannot deliver to every target kind, and a run never fails because an event was not delivered)."""
    from moto.events.models import events_backends

    def emit(entry: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):  # moto raises NotImplementedError for a Lambda target
            events_backends[account][region].put_events([entry])

    return emit


def _event(run: Run, detail_type: str, detail: dict[str, Any]) -> dict[str, Any]:
    account = run.executed_by.split(":")[4]
    resources = [
        f"arn:aws:ssm:{run.region}:{account}:automation-execution/{run.execution_id}",
        f"arn:aws:ssm:{run.region}:{account}:automation-definition/{run.document_name}:{run.document_version}",
    ]
    return {"Source": "aws.ssm", "DetailType": detail_type, "Detail": json.dumps(detail), "Resources": resources}


def _common(run: Run, status: str, start: datetime, end: datetime | None) -> dict[str, Any]:
    """The detail fields both of AWS's Automation status events carry (tests/fixtures/events/ssm_*.json)."""
    return {
        "ExecutionId": run.execution_id,
        "Definition": run.document_name,
        "DefinitionVersion": float(run.document_version),
        "Status": status,
        "StartTime": _event_time(start),
        "EndTime": _event_time(end or start),
        "Time": ((end or start) - start).total_seconds() * 1000,
    }


def _event_time(moment: datetime) -> str:
    return f"{moment:%b} {moment.day}, {moment:%Y} {moment:%-I:%M:%S %p}"  # AWS's "Nov 29, 2016 7:43:25 PM"


def step_event(run: Run, step: Any) -> dict[str, Any]:
    detail = _common(run, str(step.status), step.start, step.end) | {"StepName": step.name, "Action": step.action}
    return _event(run, "EC2 Automation Step Status-change Notification", detail)


def execution_event(run: Run, record: ExecutionRecord) -> dict[str, Any]:
    detail = _common(run, str(record.status), record.start, record.end) | {"ExecutedBy": run.executed_by}
    return _event(run, "EC2 Automation Execution Status-change Notification", detail)
