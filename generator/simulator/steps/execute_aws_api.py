"""`aws:executeAwsApi`: one boto3 call; the response is the document the output Selectors read."""

from typing import Any

from generator.document.steps.base import StepBase
from generator.simulator.api_calls import call_api
from generator.simulator.execution import Execution
from generator.simulator.result import StepResult

NOT_API_PARAMETERS = ("Service", "Api")


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    params = {key: value for key, value in inputs.items() if key not in NOT_API_PARAMETERS}
    response = call_api(execution, inputs["Service"], inputs["Api"], params)
    return StepResult(selectable=response)
