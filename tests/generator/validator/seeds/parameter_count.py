from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    # One parameter per instance, as a generator might emit them, until there are 201.
    parameters = data["parameters"]
    for index in range(201 - len(parameters)):
        parameters[f"InstanceId{index}"] = {"type": "String", "default": ""}
