"""`aws:assertAwsResourceProperty`: Asserts that a property returned by an AWS API has one of the desired values."""

from typing import Literal

from generator.document.steps.base import ResourcePropertyInputs, StepBase


class AssertAwsResourcePropertyInputs(ResourcePropertyInputs):
    """API parameters other than the listed ones pass through to the call."""


class AssertAwsResourcePropertyStep(StepBase):
    action: Literal["aws:assertAwsResourceProperty"]
    inputs: AssertAwsResourcePropertyInputs
