"""`aws:runInstances`: Launches EC2 instances and waits for them."""

from typing import ClassVar, Literal

from generator.document.base import OpenPart
from generator.document.steps.base import StepBase


class RunInstancesInputs(OpenPart):
    """RunInstances parameters pass through to EC2, so unknown keys are kept."""

    ImageId: str


class RunInstancesStep(StepBase):
    action: Literal["aws:runInstances"]
    inputs: RunInstancesInputs

    # Outputs the action returns without a declared Selector (aws:runInstances reference: both).
    implicit_outputs: ClassVar[tuple[str, ...]] = ("InstanceIds", "InstanceStates")
