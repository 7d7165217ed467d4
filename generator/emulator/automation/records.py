"""The reads: GetAutomationExecution, DescribeAutomationExecutions and DescribeAutomationStepExecutions
answer from the live record in botocore's shapes, with the fields AWS adds and its output limit; and
ListTagsForResource for an execution, which moto refuses."""

import uuid
from datetime import datetime
from typing import Any

from moto.core.responses import ActionResult
from moto.ssm.responses import SimpleSystemManagerResponse

from generator.emulator import simulated
from generator.emulator.automation.runs import RUNS, AutomationError, Run
from generator.simulator import ExecutionRecord

MOTO_LIST_TAGS = SimpleSystemManagerResponse.list_tags_for_resource
OUTPUT_LIMIT = 512  # characters of one step output value AWS returns (botocore: AutomationParameterValue max 512)
# Who started a run of `simulate`: whoever GetCallerIdentity says holds the emulator's credentials (moto's user).
SIMULATED_BY = "arn:aws:sts::{account}:user/moto"


def find_run(self: Any) -> Run:
    execution_id = self._get_param("AutomationExecutionId")
    run = RUNS.get(execution_id) or _simulated(self, execution_id)
    if run is None or run.record is None:
        raise AutomationError("AutomationExecutionNotFoundException", f"Automation execution {execution_id} not found")
    return run


def _simulated(self: Any, execution_id: str) -> Run | None:
    """A run of `simulate` in this process, answered about while it lasts (it is not listed: only asked by id)."""
    record = simulated.find(execution_id)
    if not isinstance(record, ExecutionRecord):
        return None
    by = SIMULATED_BY.format(account=self.current_account)
    return Run(execution_id, record.document_name, "1", by, self.region, record=record)


def execution_api(run: Run) -> dict[str, Any]:
    """The live record in GetAutomationExecution's shape, with the fields AWS adds and its output limit."""
    execution = _snapshot(run)
    execution.update({"ExecutedBy": run.executed_by, "DocumentVersion": run.document_version, "Mode": run.mode})
    for index, step in enumerate(execution["StepExecutions"]):
        step["StepExecutionId"] = str(uuid.uuid5(uuid.UUID(run.execution_id), f"{index}:{step['StepName']}"))
        step["Outputs"] = {key: [v[:OUTPUT_LIMIT] for v in values] for key, values in step["Outputs"].items()}
    converted: dict[str, Any] = _times(execution)
    return converted


def _snapshot(run: Run) -> dict[str, Any]:
    """The record as the API renders it; the run's thread may change a dict while it is read: read again."""
    assert run.record is not None
    for _ in range(4):
        try:
            return run.record.to_api()["AutomationExecution"]  # type: ignore[no-any-return]
        except RuntimeError:
            continue
    return run.record.to_api()["AutomationExecution"]  # type: ignore[no-any-return]


def _times(value: Any) -> Any:
    """ISO-8601 text under a *Time key becomes a datetime, which moto's serializer renders as AWS does."""
    if isinstance(value, dict):
        return {
            k: datetime.fromisoformat(v) if k.endswith("Time") and isinstance(v, str) else _times(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_times(item) for item in value]
    return value


def get_automation_execution(self: Any) -> ActionResult:
    return ActionResult({"AutomationExecution": execution_api(find_run(self))})


METADATA_KEYS = (
    "AutomationExecutionId", "DocumentName", "DocumentVersion", "AutomationExecutionStatus", "ExecutionStartTime",
    "ExecutionEndTime", "ExecutedBy", "Outputs", "Mode", "FailureMessage", "ParentAutomationExecutionId",
)  # fmt: skip


FILTERED = {
    "DocumentNamePrefix": "DocumentName",
    "ExecutionId": "AutomationExecutionId",
    "ExecutionStatus": "AutomationExecutionStatus",
    "ParentExecutionId": "ParentAutomationExecutionId",
}


def describe_automation_executions(self: Any) -> ActionResult:
    filters = {f["Key"]: f["Values"] for f in self._get_param("Filters", [])}
    found = []
    for run in list(RUNS.values()):
        execution = execution_api(run)
        if all(_matches(key, execution, values) for key, values in filters.items()):
            found.append({key: execution[key] for key in METADATA_KEYS if key in execution})
    return ActionResult({"AutomationExecutionMetadataList": found})


def _matches(key: str, execution: dict[str, Any], values: list[str]) -> bool:
    """One DescribeAutomationExecutions filter (AutomationExecutionFilterKey), as AWS applies it."""
    if key in ("StartTimeAfter", "StartTimeBefore"):
        moment = datetime.fromisoformat(values[0].replace("Z", "+00:00"))
        started: datetime = execution["ExecutionStartTime"]
        return started >= moment if key == "StartTimeAfter" else started <= moment
    value = str(execution.get(FILTERED.get(key, key), ""))
    return any(value.startswith(v) for v in values) if key.endswith("Prefix") else value in values


def describe_automation_step_executions(self: Any) -> ActionResult:
    steps = execution_api(find_run(self))["StepExecutions"]
    if self._get_param("ReverseOrder"):
        steps.reverse()
    return ActionResult({"StepExecutions": steps})


def list_tags_for_resource(self: Any) -> Any:
    """An execution's tags (ResourceType Automation, which moto refuses); any other resource type is moto's."""
    if self._get_param("ResourceType") != "Automation":
        return MOTO_LIST_TAGS(self)
    execution_id = self._get_param("ResourceId")
    run = RUNS.get(execution_id)
    if run is None:
        raise AutomationError("InvalidResourceId", f"Automation execution {execution_id} not found")
    return ActionResult({"TagList": run.tags})
