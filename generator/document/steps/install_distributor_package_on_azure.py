"""`aws:installDistributorPackageOnAzure`: Installs a Distributor package on Azure VMs (AWS-internal, undocumented)."""

from typing import Any, Literal

from generator.document.base import DocumentPart, Templated
from generator.document.steps.base import StepBase


class InstallDistributorPackageOnAzureInputs(DocumentPart):
    Action: str
    InstallationType: str | None = None
    PackageName: str
    Version: str | None = None
    AdditionalArguments: dict[str, Any] | Templated | None = None
    CloudConnector: str | None = None
    AzureVmResourceId: str | list[str] | None = None


class InstallDistributorPackageOnAzureStep(StepBase):
    action: Literal["aws:installDistributorPackageOnAzure"]
    inputs: InstallDistributorPackageOnAzureInputs
