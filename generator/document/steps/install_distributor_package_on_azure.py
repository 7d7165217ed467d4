"""`aws:installDistributorPackageOnAzure`: Installs a Distributor package on Azure VMs (AWS-internal, undocumented)."""

from typing import Any, ClassVar, Literal

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

    # Undocumented, so the evidence is AWS's own AWS-InstallDistributorPackageOnAzure, whose document
    # outputs name these outputs of its only step, which declares none.
    implicit_outputs: ClassVar[tuple[str, ...]] = (
        "Status",
        "PackageName",
        "PackageVersion",
        "Installed",
        "Region",
        "AzureLocation",
        "AzureVmSize",
        "DetectedPlatform",
        "DetectedPlatformVersion",
        "DetectedPlatformFamily",
        "DetectedArchitecture",
    )
