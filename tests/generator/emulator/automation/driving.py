"""Driving an execution as an operator's client does, and checking what it answers against botocore's model."""

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import botocore.session

DOCUMENT = {
    "schemaVersion": "0.3",
    "parameters": {"Who": {"type": "String", "allowedPattern": "^[a-z]+$"}},
    "mainSteps": [
        {
            "name": "Long",
            "action": "aws:executeScript",
            "inputs": {
                "Runtime": "python3.11",
                "Handler": "handler",
                "Script": "def handler(events, context):\n    return {'text': 'x' * 600}",
                "InputPayload": {},
            },
            "outputs": [{"Name": "Text", "Selector": "$.Payload.text", "Type": "String"}],
        },
        {"name": "Approval", "action": "aws:approve", "inputs": {"Approvers": ["arn:aws:iam::123456789012:role/op"]}},
        {"name": "Hold", "action": "aws:pause", "inputs": {}},
    ],
}
SSM = botocore.session.get_session().get_service_model("ssm")


def until(ssm: Any, execution_id: str, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The execution once `done` holds (the run goes on in the emulator's background thread)."""
    for _ in range(200):
        execution: dict[str, Any] = ssm.get_automation_execution(AutomationExecutionId=execution_id)[
            "AutomationExecution"
        ]
        if done(execution):
            return execution
        time.sleep(0.02)
    raise AssertionError(f"the execution never got there: {execution}")


def waiting_at(step: str) -> Callable[[dict[str, Any]], bool]:
    return lambda e: e["AutomationExecutionStatus"] == "Waiting" and e["StepExecutions"][-1]["StepName"] == step


def assert_in_shape(value: Any, shape: Any, where: str) -> None:
    """Every member the emulator answers is one botocore's model has, of the model's type and length."""
    if shape.type_name == "structure":
        assert isinstance(value, dict), where
        for key, item in value.items():
            if key == "ResponseMetadata":  # botocore's own, on every parsed answer
                continue
            assert key in shape.members, f"{where}.{key} is not in {shape.name}"
            assert_in_shape(item, shape.members[key], f"{where}.{key}")
    elif shape.type_name == "list":
        for index, item in enumerate(value):
            assert_in_shape(item, shape.member, f"{where}[{index}]")
    elif shape.type_name == "map":
        for key, item in value.items():
            assert_in_shape(item, shape.value, f"{where}[{key}]")
    elif shape.type_name == "timestamp":
        assert isinstance(value, datetime), where
    elif shape.type_name == "string":
        assert isinstance(value, str), where
        if "max" in shape.metadata:
            assert len(value) <= shape.metadata["max"], f"{where} is over {shape.metadata['max']} characters"


def start(ssm: Any, **extra: Any) -> str:
    answer = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]}, **extra)
    return str(answer["AutomationExecutionId"])


def signal(ssm: Any, execution_id: str, kind: str, **payload: str) -> None:
    given = {key: [value] for key, value in payload.items()}
    ssm.send_automation_signal(AutomationExecutionId=execution_id, SignalType=kind, Payload=given)


def pending_at(step: str) -> Any:
    return lambda e: (
        e["AutomationExecutionStatus"] == "Waiting"
        and e["StepExecutions"][-1]["StepName"] == step
        and (e["StepExecutions"][-1]["StepStatus"] == "Pending")
    )
