from typing import Any

CORPUS_DOCUMENT = "AWS-ExportNodes"


def seed(data: dict[str, Any]) -> None:
    # An unclosed index: Automation cannot read the selector at all.
    script = data["mainSteps"][0]["inputs"]["Steps"][0]
    assert script["action"] == "aws:executeScript"
    script["outputs"][0]["Selector"] = "$.Payload.Items[0"
