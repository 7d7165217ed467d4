"""SSM Automation executions on the emulator, driven as an operator's client would: boto3 and the AWS CLI."""

import json
import os
import subprocess
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import boto3
import botocore.session
import pytest

from generator.emulator.automation import RUNS, execution_api
from handlers.timeline.execution_link import execution_incident
from tests.conftest import FIXTURES

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


@pytest.fixture
def ssm(emulated: str) -> Any:
    client = boto3.client("ssm")
    name = f"Closeloop-Try-{emulated}"
    client.create_document(Name=name, Content=json.dumps(DOCUMENT), DocumentType="Automation", DocumentFormat="JSON")
    client.document_name = name
    return client


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


def test_a_run_waits_for_approval_then_resume_and_ends_success(ssm: Any) -> None:
    execution_id = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]})[
        "AutomationExecutionId"
    ]
    waiting = until(ssm, execution_id, waiting_at("Approval"))
    approval = waiting["StepExecutions"][-1]
    assert approval["StepStatus"] == "Waiting"
    assert "ExecutionEndTime" not in approval and "FailureMessage" not in approval
    assert waiting["ExecutedBy"] and waiting["DocumentVersion"] == "1"
    assert all(step["StepExecutionId"] for step in waiting["StepExecutions"])
    assert waiting["StepExecutions"][0]["Outputs"]["Text"] == ["x" * 512]  # AWS returns at most 512 characters
    # What the emulator serialises (botocore's parser would drop a member its model lacks, so check the source)
    output = SSM.operation_model("GetAutomationExecution").output_shape
    assert_in_shape({"AutomationExecution": execution_api(RUNS[execution_id])}, output, "Get")

    ssm.send_automation_signal(
        AutomationExecutionId=execution_id, SignalType="Approve", Payload={"StepName": ["Approval"]}
    )
    until(ssm, execution_id, waiting_at("Hold"))
    ssm.send_automation_signal(AutomationExecutionId=execution_id, SignalType="Resume")
    done = until(ssm, execution_id, lambda e: e["AutomationExecutionStatus"] == "Success")
    assert [s["StepStatus"] for s in done["StepExecutions"]] == ["Success"] * 3
    assert done["StepExecutions"][1]["Outputs"]["ApprovalStatus"] == ["Approved"]

    listed = ssm.describe_automation_executions(Filters=[{"Key": "ExecutionId", "Values": [execution_id]}])
    assert [m["AutomationExecutionStatus"] for m in listed["AutomationExecutionMetadataList"]] == ["Success"]
    steps = ssm.describe_automation_step_executions(AutomationExecutionId=execution_id, ReverseOrder=True)
    assert [s["StepName"] for s in steps["StepExecutions"]] == ["Hold", "Approval", "Long"]
    for operation, answer in (("DescribeAutomationExecutions", listed), ("DescribeAutomationStepExecutions", steps)):
        assert_in_shape(answer, SSM.operation_model(operation).output_shape, operation)


def test_reject_fails_the_run_and_stop_cancels_a_waiting_one(ssm: Any) -> None:
    rejected = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]})
    until(ssm, rejected["AutomationExecutionId"], waiting_at("Approval"))
    ssm.send_automation_signal(AutomationExecutionId=rejected["AutomationExecutionId"], SignalType="Reject")
    failed = until(ssm, rejected["AutomationExecutionId"], lambda e: e["AutomationExecutionStatus"] == "Failed")
    assert failed["StepExecutions"][-1]["StepStatus"] == "Failed"

    stopped = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]})
    until(ssm, stopped["AutomationExecutionId"], waiting_at("Approval"))
    ssm.stop_automation_execution(AutomationExecutionId=stopped["AutomationExecutionId"])
    until(ssm, stopped["AutomationExecutionId"], lambda e: e["AutomationExecutionStatus"] == "Cancelled")


def test_refusals_are_awss_errors(ssm: Any) -> None:
    with pytest.raises(ssm.exceptions.InvalidAutomationExecutionParametersException):
        ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["NOT LOWER"]})
    with pytest.raises(ssm.exceptions.AutomationExecutionNotFoundException):
        ssm.get_automation_execution(AutomationExecutionId="00000000-0000-0000-0000-000000000000")
    started = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]})
    until(ssm, started["AutomationExecutionId"], waiting_at("Approval"))
    with pytest.raises(ssm.exceptions.InvalidAutomationSignalException):
        ssm.send_automation_signal(
            AutomationExecutionId=started["AutomationExecutionId"], SignalType="Approve", Payload={"StepName": ["Hold"]}
        )
    ssm.stop_automation_execution(AutomationExecutionId=started["AutomationExecutionId"])


def test_the_aws_cli_drives_a_run(ssm: Any, emulated: str) -> None:
    started = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]})
    execution_id = started["AutomationExecutionId"]
    until(ssm, execution_id, waiting_at("Approval"))
    cli = ["aws", "ssm", "--endpoint-url", os.environ["AWS_ENDPOINT_URL"], "--region", emulated, "--output", "json"]
    subprocess.run([*cli, "send-automation-signal", "--automation-execution-id", execution_id,
                    "--signal-type", "Approve"], check=True, capture_output=True)  # fmt: skip
    until(ssm, execution_id, waiting_at("Hold"))
    shown = subprocess.run([*cli, "get-automation-execution", "--automation-execution-id", execution_id],
                           check=True, capture_output=True, text=True)  # fmt: skip
    execution = json.loads(shown.stdout)["AutomationExecution"]
    assert execution["AutomationExecutionStatus"] == "Waiting"
    assert [s["StepStatus"] for s in execution["StepExecutions"]] == ["Success", "Success", "Waiting"]
    subprocess.run([*cli, "stop-automation-execution", "--automation-execution-id", execution_id],
                   check=True, capture_output=True)  # fmt: skip


def test_step_and_execution_status_events_reach_a_rule_in_awss_shape(ssm: Any, emulated: str) -> None:
    sqs, events = boto3.client("sqs"), boto3.client("events")
    queue = sqs.create_queue(QueueName=f"automation-events-{emulated}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name=f"automation-{emulated}", EventPattern=json.dumps({"source": ["aws.ssm"]}))
    events.put_targets(Rule=f"automation-{emulated}", Targets=[{"Id": "queue", "Arn": arn}])
    execution_id = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]})[
        "AutomationExecutionId"
    ]
    until(ssm, execution_id, waiting_at("Approval"))
    ssm.stop_automation_execution(AutomationExecutionId=execution_id)
    until(ssm, execution_id, lambda e: e["AutomationExecutionStatus"] == "Cancelled")
    received = []
    while batch := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
        received += [json.loads(m["Body"]) for m in batch]
        sqs.delete_message_batch(QueueUrl=queue, Entries=[{"Id": m["MessageId"], "ReceiptHandle": m["ReceiptHandle"]}
                                                          for m in batch])  # fmt: skip
    kinds = [(e["detail-type"], e["detail"]["Status"]) for e in received]
    assert ("EC2 Automation Step Status-change Notification", "Success") in kinds  # the script step
    assert kinds[-1] == ("EC2 Automation Execution Status-change Notification", "Cancelled")
    for event in received:  # the same detail fields as AWS's documented examples
        documented = "step" if "Step" in event["detail-type"] else "execution"
        example = json.loads((FIXTURES / "events" / f"ssm_automation_{documented}_status_change.json").read_text())
        assert set(event["detail"]) == set(example["detail"]), event["detail-type"]
        assert event["detail"]["ExecutionId"] == execution_id and event["source"] == "aws.ssm"


CHILD = {
    "schemaVersion": "0.3",
    "parameters": {"Run": {"type": "String"}},
    "mainSteps": [
        {
            "name": "Echo",
            "action": "aws:executeScript",
            "inputs": {
                "Runtime": "python3.11",
                "Handler": "handler",
                "Script": "def handler(events, context):\n    return {'run': events['run']}",
                "InputPayload": {"run": "{{ Run }}"},
            },
            "outputs": [{"Name": "Run", "Selector": "$.Payload.run", "Type": "String"}],
        }
    ],
    "outputs": ["Echo.Run"],
}


def parent_of(child: str) -> dict[str, Any]:
    return {
        "schemaVersion": "0.3",
        "parameters": {"IncidentId": {"type": "String"}},
        "mainSteps": [
            {
                "name": "RunChild",
                "action": "aws:executeAutomation",
                "inputs": {"DocumentName": child, "RuntimeParameters": {"Run": "{{ automation:EXECUTION_ID }}"}},
            }
        ],
    }


def test_a_child_automation_runs_from_the_stored_document_as_an_execution_of_its_own(emulated: str) -> None:
    """As in AWS: the child is the account's document (not a catalogue one), listed and answered by its own id,
    with the parent's id, its own status events, and the parent's incident through the timeline's parent link."""
    ssm, sqs, events = boto3.client("ssm"), boto3.client("sqs"), boto3.client("events")
    child, parent = f"Closeloop-Child-{emulated}", f"Closeloop-Parent-{emulated}"
    for name, content in ((child, CHILD), (parent, parent_of(child))):
        ssm.create_document(Name=name, Content=json.dumps(content), DocumentType="Automation", DocumentFormat="JSON")
    queue = sqs.create_queue(QueueName=f"child-events-{emulated}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name=f"child-{emulated}", EventPattern=json.dumps({"source": ["aws.ssm"]}))
    events.put_targets(Rule=f"child-{emulated}", Targets=[{"Id": "queue", "Arn": arn}])

    started = ssm.start_automation_execution(DocumentName=parent, Parameters={"IncidentId": ["INC-2026-0042"]})
    execution_id = started["AutomationExecutionId"]
    done = until(ssm, execution_id, lambda e: e["AutomationExecutionStatus"] == "Success")

    listed = ssm.describe_automation_executions(Filters=[{"Key": "ParentExecutionId", "Values": [execution_id]}])
    (metadata,) = listed["AutomationExecutionMetadataList"]
    assert metadata["DocumentName"] == child and metadata["AutomationExecutionStatus"] == "Success"
    child_execution = ssm.get_automation_execution(AutomationExecutionId=metadata["AutomationExecutionId"])[
        "AutomationExecution"
    ]
    assert child_execution["ParentAutomationExecutionId"] == execution_id
    assert child_execution["Outputs"]["Echo.Run"] == [execution_id]  # the parent's id, passed explicitly
    assert done["StepExecutions"][0]["Outputs"]["ExecutionId"] == [metadata["AutomationExecutionId"]]
    assert execution_incident(ssm, child_execution) == ("INC-2026-0042", f"its IncidentId parameter ({execution_id})")

    received = []
    while batch := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
        received += [json.loads(m["Body"]) for m in batch]
        sqs.delete_message_batch(QueueUrl=queue, Entries=[{"Id": m["MessageId"], "ReceiptHandle": m["ReceiptHandle"]}
                                                          for m in batch])  # fmt: skip
    seen = {(e["detail"]["Definition"], e["detail"].get("StepName", ""), e["detail"]["ExecutionId"]) for e in received}
    assert (child, "Echo", metadata["AutomationExecutionId"]) in seen  # a child's step is the child's
    assert (parent, "RunChild", execution_id) in seen
    assert (child, "", metadata["AutomationExecutionId"]) in seen  # the child's own execution event
