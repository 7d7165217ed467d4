from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    data["parameters"]["MaxAttempts"] = {"type": "Integer", "default": "3"}
