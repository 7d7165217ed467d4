from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    # 2.2 is the schema of Command documents.
    data["schemaVersion"] = "2.2"
