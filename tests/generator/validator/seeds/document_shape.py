from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    del data["mainSteps"][0]["name"]
