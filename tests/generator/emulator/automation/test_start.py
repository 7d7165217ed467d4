"""StartAutomationExecution runs the stored document in the background, as an operator's boto3 or AWS CLI
starts it; a child document runs as an execution of its own."""

import json
import os
import subprocess
from typing import Any

import boto3
import pytest

from handlers.timeline.execution_link import execution_incident
from tests.generator.emulator.automation.driving import (
    until,
    waiting_at,
)


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
