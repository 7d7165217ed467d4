from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    data["mainSteps"][0]["inputs"]["MinRequiredApprovals"] = 0
