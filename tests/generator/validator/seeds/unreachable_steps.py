from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    # Stopping ends the automation, so the instance is never started again.
    data["mainSteps"][1]["isEnd"] = True
