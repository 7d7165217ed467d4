from typing import Any

CORPUS_DOCUMENT = "AWS-ExportNodes"


def seed(data: dict[str, Any]) -> None:
    data["mainSteps"][0]["inputs"]["MaxIterations"] = 101
