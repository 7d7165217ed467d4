from typing import Any

CORPUS_DOCUMENT = "AWS-ReleaseElasticIP"


def seed(data: dict[str, Any]) -> None:
    # A handler renamed in the script but not in the step.
    inputs = data["mainSteps"][1]["inputs"]
    inputs["Script"] = inputs["Script"].replace(f"def {inputs['Handler']}(", "def renamed_handler(")
