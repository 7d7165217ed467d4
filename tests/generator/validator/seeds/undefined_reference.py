from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    # The parameter is InstanceId; a plural is a typical slip.
    data["mainSteps"][2]["inputs"]["InstanceIds"] = "{{ InstanceIds }}"
