from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    # A Java-style look-ahead that RE2 cannot compile.
    data["parameters"]["InstanceId"]["allowedPattern"] = "^(?!i-0{8}$)i-[a-f0-9]{8,17}$"
