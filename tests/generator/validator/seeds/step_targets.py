from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    # A typo in the step a rejected approval should jump to.
    data["mainSteps"][0]["onFailure"] = "step:startInstance"
