"""What deploy.sh says around `aws cloudformation deploy`: failed resources' reasons, stuck stacks, the command.

The emulator's stack events are stack-level only (FACTS.md), so the failed-resource report reads events
given to botocore's Stubber in the shape CloudFormation sends them.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from generator.stack import cloudformation as cfn
from generator.stack.target import Target

STARTED = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)


def event(logical: str, kind: str, status: str, seconds: int, reason: str = "") -> dict[str, Any]:
    return {
        "StackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/closeloop/1",
        "EventId": f"{logical}-{seconds}",
        "StackName": "closeloop",
        "LogicalResourceId": logical,
        "ResourceType": kind,
        "Timestamp": STARTED + timedelta(seconds=seconds),
        "ResourceStatus": status,
        **({"ResourceStatusReason": reason} if reason else {}),
    }


class StubbedTarget(Target):
    def client(self, service: str) -> Any:
        return self._client  # type: ignore[attr-defined]


def test_a_failed_deploy_names_each_failed_resource_and_its_reason() -> None:
    client = boto3.client("cloudformation", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    events = [  # newest first, as CloudFormation lists them
        event("closeloop", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", 90),
        event("Table", "AWS::DynamoDB::Table", "CREATE_FAILED", 40, "Resource creation cancelled"),
        event(
            "EvidenceBucket", "AWS::S3::Bucket", "CREATE_FAILED", 30, "Object Lock requires versioning (Service: S3)"
        ),
        event("Key", "AWS::KMS::Key", "CREATE_COMPLETE", 20),
        event("OldBucket", "AWS::S3::Bucket", "CREATE_FAILED", -600, "an earlier deploy's failure"),
    ]
    target = StubbedTarget(region="eu-west-1")
    object.__setattr__(target, "_client", client)
    with Stubber(client) as stubber:
        stubber.add_response("describe_stack_events", {"StackEvents": events}, {"StackName": "closeloop"})
        report = cfn.failure_report(target, "closeloop", STARTED, "Failed to create/update the stack.")
    assert report.splitlines() == [
        "deploying stack closeloop failed.",
        "Failed resources (oldest first):",
        "  EvidenceBucket (AWS::S3::Bucket): Object Lock requires versioning (Service: S3)",
        "  Table (AWS::DynamoDB::Table): Resource creation cancelled",
    ]


def test_a_rolled_back_new_stack_is_refused_with_how_to_clear_it() -> None:
    with pytest.raises(cfn.DeployError, match=r"ROLLBACK_COMPLETE.*delete-stack --stack-name closeloop"):
        cfn.check_deployable({"StackStatus": "ROLLBACK_COMPLETE"}, "closeloop")
    cfn.check_deployable({"StackStatus": "UPDATE_ROLLBACK_COMPLETE"}, "closeloop")
    cfn.check_deployable(None, "closeloop")


def test_the_deploy_command_uses_a_change_set_the_bucket_and_every_parameter() -> None:
    target = Target(region="eu-west-1", profile="ops")
    command = cfn.deploy_command(target, "closeloop", Path("t.yaml"), "bucket", {"B": "2", "A": "1"})
    assert command[:3] == ["aws", "cloudformation", "deploy"]
    assert command[command.index("--profile") + 1] == "ops" and command[command.index("--region") + 1] == "eu-west-1"
    assert "--no-execute-changeset" not in command and "--no-fail-on-empty-changeset" in command
    assert command[command.index("--s3-bucket") + 1] == "bucket"
    overrides = command.index("--parameter-overrides")
    assert command[overrides + 1 : overrides + 3] == ["A=1", "B=2"]
