"""From a boto3 method or an API name to the IAM action it needs.

The action is `<service prefix>:<OperationName>` for nearly every API; where AWS's Service Authorization
Reference says otherwise the difference is listed here with its source, and where an API needs further
actions to succeed (AWS's "dependent actions" the IAM database does not carry) those are listed too.
"""

from collections.abc import Mapping
from functools import cache

import botocore.session
from botocore.exceptions import UnknownServiceError

# botocore service name -> IAM service prefix, where they differ.
IAM_PREFIX: Mapping[str, str] = {"monitoring": "cloudwatch"}

# APIs whose IAM action is named otherwise (Service Authorization Reference, "Actions defined by ...").
RENAMED: Mapping[str, tuple[str, ...]] = {
    "s3:ListObjectsV2": ("s3:ListBucket",),
    "s3:ListObjects": ("s3:ListBucket",),
    "s3:HeadObject": ("s3:GetObject",),
    "s3:HeadBucket": ("s3:ListBucket",),
    "s3:ListObjectVersions": ("s3:ListBucketVersions",),
    "s3:CreateMultipartUpload": ("s3:PutObject",),
    "s3:UploadPart": ("s3:PutObject",),
    "s3:CompleteMultipartUpload": ("s3:PutObject",),
    # Lambda's Invoke API is authorized as lambda:InvokeFunction (Lambda API reference, "Invoke").
    "lambda:Invoke": ("lambda:InvokeFunction",),
    # GetCallerIdentity needs no permission ("No permissions are required", STS API reference).
    "sts:GetCallerIdentity": (),
}

# Actions an API needs besides its own (CodeDeploy API permissions reference: CreateDeployment also
# requires GetDeploymentConfig and GetApplicationRevision; the IAM database lists no dependent action).
DEPENDENT: Mapping[str, tuple[str, ...]] = {
    "codedeploy:CreateDeployment": ("codedeploy:GetDeploymentConfig", "codedeploy:GetApplicationRevision"),
}


@cache
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


@cache
def operations(service: str) -> Mapping[str, str]:
    """A botocore service's boto3 method names -> operation names; empty for an unknown service."""
    from botocore import xform_name

    try:
        model = _session().get_service_model(service)
    except UnknownServiceError:
        return {}
    return {xform_name(name): name for name in model.operation_names}


def iam_actions(service: str, operation: str) -> tuple[str, ...]:
    """The IAM actions one call needs: `service` as boto3 names it, `operation` as the API does."""
    prefix = IAM_PREFIX.get(service, service)
    call = f"{prefix}:{operation}"
    own = RENAMED.get(call, (call,))
    return (*own, *DEPENDENT.get(call, ()))
