from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    # A CloudFormation parameter type, which Automation does not support.
    data["parameters"]["VpcId"] = {"type": "AWS::EC2::VPC::Id", "default": ""}
