"""`aws:shareSQLMedia`: Shares SQL Server installation media (AWS-internal, undocumented)."""

from typing import ClassVar, Literal

from generator.document.base import DocumentPart
from generator.document.steps.base import StepBase


class ShareSQLMediaInputs(DocumentPart):
    SQLServerVersion: str
    SQLServerEdition: str
    InstanceId: str


class ShareSQLMediaStep(StepBase):
    action: Literal["aws:shareSQLMedia"]
    inputs: ShareSQLMediaInputs

    # Undocumented, so the evidence is AWS's own AWSEC2-CloneInstanceAndUpgradeSQLServer: it selects
    # `$.EBSSnapshotId` from this action's result and references `{{ Step.EBSSnapshotId }}` directly.
    implicit_outputs: ClassVar[tuple[str, ...]] = ("EBSSnapshotId",)
