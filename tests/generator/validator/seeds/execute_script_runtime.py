from typing import Any

CORPUS_DOCUMENT = "AWS-ReleaseElasticIP"


def seed(data: dict[str, Any]) -> None:
    data["mainSteps"][1]["inputs"]["Runtime"] = "python3.8"
