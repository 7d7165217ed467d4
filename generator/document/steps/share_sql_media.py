"""`aws:shareSQLMedia`: Shares SQL Server installation media (AWS-internal, undocumented)."""

from typing import Literal

from generator.document.base import DocumentPart
from generator.document.steps.base import StepBase


class ShareSQLMediaInputs(DocumentPart):
    SQLServerVersion: str
    SQLServerEdition: str
    InstanceId: str


class ShareSQLMediaStep(StepBase):
    action: Literal["aws:shareSQLMedia"]
    inputs: ShareSQLMediaInputs
