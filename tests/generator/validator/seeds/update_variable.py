from typing import Any

CORPUS_DOCUMENT = "AWS-ExportNodes"


def seed(data: dict[str, Any]) -> None:
    # NextToken is a String variable; an Integer literal is not converted.
    update = data["mainSteps"][0]["inputs"]["Steps"][1]
    assert update["action"] == "aws:updateVariable"
    update["inputs"]["Value"] = 0
