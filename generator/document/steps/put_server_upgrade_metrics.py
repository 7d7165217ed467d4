"""`aws:putServerUpgradeMetrics`: Emits a Windows Server upgrade metric (AWS-internal, undocumented)."""

from typing import Literal

from generator.document.base import DocumentPart
from generator.document.steps.base import StepBase


class PutServerUpgradeMetricsInputs(DocumentPart):
    DimensionName: str
    DimensionValue: str
    MetricName: str
    MetricValue: str | int


class PutServerUpgradeMetricsStep(StepBase):
    action: Literal["aws:putServerUpgradeMetrics"]
    inputs: PutServerUpgradeMetricsInputs
