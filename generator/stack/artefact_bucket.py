"""The bucket deploy.sh uploads the Lambda package and the template to: one per account and region.

CloudFormation needs the package in S3 before the stack exists (the stack cannot hold its own code),
and a template over 51,200 bytes must come from S3 too. The bucket is private, encrypted and TLS-only;
objects are keyed by content (the package's SHA-256), so an upload is skipped when the key is there.
"""

import json
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from generator.stack.target import Target


def bucket_name(account: str, region: str) -> str:
    return f"closeloop-deploy-{account}-{region}"


def tls_only_policy(bucket: str, partition: str) -> str:
    """`partition`: aws, aws-cn or aws-us-gov; an ARN with the wrong one matches nothing (the Deny would not apply)."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyRequestsWithoutTls",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [f"arn:{partition}:s3:::{bucket}", f"arn:{partition}:s3:::{bucket}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


class BucketError(Exception):
    pass


def _exists(s3: Any, bucket: str) -> bool:
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as error:
        code = error.response["Error"]["Code"]
        if code in ("404", "NoSuchBucket", "NotFound"):
            return False
        if code in ("403", "AccessDenied", "Forbidden"):
            raise BucketError(
                f"the deploy bucket {bucket} exists but these credentials may not use it "
                "(another account owns the name, or a policy denies it)"
            ) from None
        raise
    return True


def ensure_bucket(target: Target, account: str, notes: list[str]) -> str:
    s3 = target.client("s3")
    bucket = bucket_name(account, target.region)
    if _exists(s3, bucket):
        return bucket
    where = {} if target.region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": target.region}}
    s3.create_bucket(Bucket=bucket, **where)
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    if target.local:
        # The emulator enforces a Deny without its Condition: a TLS-only policy would refuse every request.
        notes.append(f"deploy bucket {bucket}: TLS-only bucket policy not applied (the emulator ignores its condition)")
    else:
        partition = target.session().get_partition_for_region(target.region)
        s3.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket, partition))
    print(f"created deploy bucket {bucket}")
    return bucket


def upload(target: Target, bucket: str, key: str, path: Path) -> bool:
    """Upload unless the key is there already (keys are content hashes); True when this call uploaded."""
    s3 = target.client("s3")
    try:
        s3.head_object(Bucket=bucket, Key=key)
        return False
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("404", "NoSuchKey", "NotFound"):
            raise
    s3.upload_file(str(path), bucket, key)
    return True
