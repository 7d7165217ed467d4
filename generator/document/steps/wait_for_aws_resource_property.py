"""`aws:waitForAwsResourceProperty`: Polls an AWS API until a property has one of the desired values."""

from typing import Literal

from generator.document.steps.base import ResourcePropertyInputs, StepBase


class WaitForAwsResourcePropertyInputs(ResourcePropertyInputs):
    """API parameters other than the listed ones pass through to the call."""


class WaitForAwsResourcePropertyStep(StepBase):
    action: Literal["aws:waitForAwsResourceProperty"]
    inputs: WaitForAwsResourcePropertyInputs
