"""The execution's and its steps' status events reach a rule on the default bus in AWS's shape."""

import json
from typing import Any

import boto3

from tests.conftest import FIXTURES
from tests.generator.emulator.automation.driving import (
    until,
    waiting_at,
)


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
