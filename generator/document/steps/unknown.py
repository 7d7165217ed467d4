"""A step whose action this model does not know: kept whole, so nothing is lost on a round trip."""

from typing import Any

from pydantic import ConfigDict

from generator.document.steps.base import StepBase


class UnknownStep(StepBase):
    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=True)

    inputs: dict[str, Any] | None = None
