from typing import Any

CORPUS_DOCUMENT = "AWSResilienceHub-ScaleUpAsgSOP_2020-07-01"


def seed(data: dict[str, Any]) -> None:
    # A week and a day: over the 604,799 s an aws:sleep can wait.
    data["mainSteps"][10]["inputs"]["Duration"] = "P8D"
