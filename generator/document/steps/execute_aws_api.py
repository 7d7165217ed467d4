"""`aws:executeAwsApi`: Calls an AWS API operation."""

from typing import Literal

from generator.document.steps.base import ApiCallInputs, StepBase


class ExecuteAwsApiInputs(ApiCallInputs):
    """API parameters other than Service and Api pass through to the call."""


class ExecuteAwsApiStep(StepBase):
    action: Literal["aws:executeAwsApi"]
    inputs: ExecuteAwsApiInputs
