"""The execution record uses GetAutomationExecution's field names and status values (botocore's ssm model)."""

import json

import botocore.session

from generator.simulator import ClientFactory, RunOptions
from tests.generator.simulator.documents import run_fixture

MODEL = botocore.session.get_session().get_service_model("ssm")


def _members(shape_name: str) -> set[str]:
    return set(MODEL.shape_for(shape_name).members)  # type: ignore[attr-defined]


def test_the_record_has_only_fields_the_api_defines(clients: ClientFactory) -> None:
    record = run_fixture("loops", clients, options=RunOptions())

    data = json.loads(json.dumps(record.to_api()))
    execution = data["AutomationExecution"]
    assert set(execution) <= _members("AutomationExecution")
    statuses = set(MODEL.shape_for("AutomationExecutionStatus").enum)  # type: ignore[attr-defined]
    assert execution["AutomationExecutionStatus"] in statuses
    for step in execution["StepExecutions"]:
        assert set(step) <= _members("StepExecution")
        assert step["StepStatus"] in statuses
        assert all(isinstance(value, str) for value in step["Inputs"].values())
        assert all(isinstance(value, list) for value in step["Outputs"].values())
    nested = [step for step in execution["StepExecutions"] if "ParentStepDetails" in step]
    assert nested and set(nested[0]["ParentStepDetails"]) <= _members("ParentStepDetails")
    assert execution["Outputs"]["OverItems.CurrentIteration"] == ["3"]


def test_inputs_are_recorded_as_resolved(clients: ClientFactory) -> None:
    record = run_fixture("loops", clients)

    first_add = next(
        step for step in record.to_api()["AutomationExecution"]["StepExecutions"] if step["StepName"] == "Add"
    )
    assert json.loads(first_add["Inputs"]["InputPayload"]) == {"total": 0, "value": 10}
