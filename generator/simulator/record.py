"""The execution record, shaped like SSM's `GetAutomationExecution` answer (botocore's ssm service model).

Values are kept typed while the run goes on; `to_api()` renders them the way the API does: parameters
and outputs as lists of strings, step inputs as JSON text, times as ISO-8601 on the virtual clock.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """The AutomationExecutionStatus values a simulated run or step can take."""

    PENDING = "Pending"
    IN_PROGRESS = "InProgress"
    WAITING = "Waiting"
    SUCCESS = "Success"
    TIMED_OUT = "TimedOut"
    CANCELLED = "Cancelled"
    FAILED = "Failed"


@dataclass
class ParentStep:
    """For a step run inside an `aws:loop`: the loop step and the iteration."""

    step_name: str
    action: str
    iteration: int
    iterator_value: Any = None


@dataclass
class StepRecord:
    name: str
    action: str
    start: datetime
    status: Status = Status.IN_PROGRESS
    end: datetime | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    failure_message: str | None = None
    failure_type: str | None = None
    attempts: int = 0
    is_critical: bool = True
    is_end: bool = False
    next_step: str | None = None
    on_failure: str | None = None
    timeout_seconds: int | None = None
    max_attempts: int = 1
    parent: ParentStep | None = None
    # The execution the step belongs to (a child's steps are its own execution's): not part of the API's shape.
    execution_id: str = ""

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "StepName": self.name,
            "Action": self.action,
            "StepStatus": str(self.status),
            "ExecutionStartTime": self.start.isoformat(),
            "Inputs": {key: json.dumps(value, default=str) for key, value in self.inputs.items()},
            "Outputs": {key: _as_strings(value) for key, value in self.outputs.items()},
            "MaxAttempts": self.max_attempts,
            "OnFailure": self.on_failure or "Abort",
            "IsCritical": self.is_critical,
            "IsEnd": self.is_end,
        }
        # A step that has not ended (one waiting for approval included) has no end time and no failure in AWS.
        ended = self.status not in (Status.WAITING, Status.IN_PROGRESS, Status.PENDING)
        if self.end is not None and ended:
            data["ExecutionEndTime"] = self.end.isoformat()
        if self.timeout_seconds is not None:
            data["TimeoutSeconds"] = self.timeout_seconds
        if self.next_step:
            data["NextStep"] = self.next_step
        if self.failure_message is not None and ended:
            data["FailureMessage"] = self.failure_message
            data["FailureDetails"] = {"FailureStage": "Execution", "FailureType": self.failure_type or "Verification"}
        if self.parent is not None:
            data["ParentStepDetails"] = {
                "StepName": self.parent.step_name,
                "Action": self.parent.action,
                "Iteration": self.parent.iteration,
                "IteratorValue": _as_text(self.parent.iterator_value),
            }
        return data


@dataclass
class ExecutionRecord:
    execution_id: str
    document_name: str
    start: datetime
    parameters: dict[str, Any]
    status: Status = Status.IN_PROGRESS
    end: datetime | None = None
    steps: list[StepRecord] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    failure_message: str | None = None
    parent_execution_id: str | None = None
    # Child executions started by `aws:executeAutomation` (AWS lists them as executions of their own).
    children: list["ExecutionRecord"] = field(default_factory=list)

    def step(self, name: str) -> StepRecord:
        """The last record of the step with this name (a loop body step has one per iteration)."""
        for record in reversed(self.steps):
            if record.name == name:
                return record
        raise KeyError(name)

    def to_api(self) -> dict[str, Any]:
        execution: dict[str, Any] = {
            "AutomationExecutionId": self.execution_id,
            "DocumentName": self.document_name,
            "AutomationExecutionStatus": str(self.status),
            "ExecutionStartTime": self.start.isoformat(),
            "Mode": "Auto",
            "Parameters": {key: _as_strings(value) for key, value in self.parameters.items()},
            "Outputs": {key: _as_strings(value) for key, value in self.outputs.items()},
            "StepExecutions": [step.to_api() for step in self.steps],
            "StepExecutionsTruncated": False,
        }
        if self.end is not None:
            execution["ExecutionEndTime"] = self.end.isoformat()
        if self.failure_message is not None:
            execution["FailureMessage"] = self.failure_message
        if self.parent_execution_id is not None:
            execution["ParentAutomationExecutionId"] = self.parent_execution_id
        return {"AutomationExecution": execution}


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, default=str) if isinstance(value, dict | list) else str(value)


def _as_strings(value: Any) -> list[str]:
    """AutomationParameterMap values are lists of strings: a list keeps its items, anything else is one."""
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    return [_as_text(value)]
