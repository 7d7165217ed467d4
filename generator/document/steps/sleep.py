"""`aws:sleep`: Waits for an ISO-8601 duration or until a timestamp."""

from typing import Literal

from generator.document.base import DocumentPart
from generator.document.steps.base import StepBase


class SleepInputs(DocumentPart):
    Duration: str | None = None
    Timestamp: str | None = None


class SleepStep(StepBase):
    action: Literal["aws:sleep"]
    inputs: SleepInputs
