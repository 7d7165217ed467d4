"""The emulator checks a bucket policy's Conditions on object requests, as S3 does (boto3 over HTTP).

moto alone denies a request by any statement whose action matches, Condition or not, and never sees a
CompleteMultipartUpload as s3:PutObject: a bucket that enforces conditional writes could not be emulated.
"""

import json
import uuid
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.emulator.bucket_policy import object_request

# A Deny in the shape AWS's "Enforce conditional writes" page gives as Allows: an object creation (PutObject,
# CompleteMultipartUpload) without If-None-Match is refused; CreateMultipartUpload and UploadPart take none.
CONDITIONAL_WRITES = {
    "Sid": "NewObjectsOnly",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:PutObject",
    "Resource": "arn:aws:s3:::{bucket}/*",
    "Condition": {"Null": {"s3:if-none-match": "true"}, "Bool": {"s3:ObjectCreationOperation": "true"}},
}
TLS_ONLY = {
    "Sid": "DenyRequestsWithoutTls",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": ["arn:aws:s3:::{bucket}", "arn:aws:s3:::{bucket}/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}
LOCK_CHANGES = {
    "Sid": "OnlyTheBreakGlassRoleChangesRetention",
    "Effect": "Deny",
    "Principal": "*",
    "Action": ["s3:BypassGovernanceRetention", "s3:PutObjectRetention"],
    "Resource": "arn:aws:s3:::{bucket}/*",
    "Condition": {"StringNotEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/break-glass"}},
}


@pytest.fixture
def bucket(emulated: str) -> tuple[Any, str]:
    s3, name = boto3.client("s3", region_name="us-east-1"), f"policy-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    statements = json.loads(json.dumps([CONDITIONAL_WRITES, TLS_ONLY, LOCK_CHANGES]).replace("{bucket}", name))
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    return s3, name


def refused(error: pytest.ExceptionInfo[ClientError]) -> tuple[int, str]:
    return error.value.response["ResponseMetadata"]["HTTPStatusCode"], error.value.response["Error"]["Code"]


def test_a_put_without_if_none_match_is_refused_and_one_with_it_writes_once(bucket: tuple[Any, str]) -> None:
    s3, name = bucket
    with pytest.raises(ClientError) as error:
        s3.put_object(Bucket=name, Key="incidents/INC-1/a.json", Body=b"{}")
    assert refused(error) == (403, "AccessDenied")
    s3.put_object(Bucket=name, Key="incidents/INC-1/a.json", Body=b"{}", IfNoneMatch="*")
    with pytest.raises(ClientError) as error:  # the key exists: S3's own precondition, not the policy
        s3.put_object(Bucket=name, Key="incidents/INC-1/a.json", Body=b"[]", IfNoneMatch="*")
    assert refused(error) == (412, "PreconditionFailed")
    assert s3.get_object(Bucket=name, Key="incidents/INC-1/a.json")["Body"].read() == b"{}"  # reads still pass TLS


def test_a_multipart_upload_is_refused_only_at_its_completion_without_if_none_match(bucket: tuple[Any, str]) -> None:
    s3, name = bucket
    key = "incidents/INC-1/big.ndjson.gz"
    upload = s3.create_multipart_upload(Bucket=name, Key=key)["UploadId"]
    part = s3.upload_part(Bucket=name, Key=key, UploadId=upload, PartNumber=1, Body=b"x" * 10)
    parts = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]}
    with pytest.raises(ClientError) as error:
        s3.complete_multipart_upload(Bucket=name, Key=key, UploadId=upload, MultipartUpload=parts)
    assert refused(error) == (403, "AccessDenied")
    s3.complete_multipart_upload(Bucket=name, Key=key, UploadId=upload, MultipartUpload=parts, IfNoneMatch="*")
    assert s3.get_object(Bucket=name, Key=key)["Body"].read() == b"x" * 10


def test_retention_changes_are_refused_to_a_caller_the_emulator_cannot_name(bucket: tuple[Any, str]) -> None:
    s3, name = bucket
    s3.put_object(Bucket=name, Key="k", Body=b"{}", IfNoneMatch="*")
    with pytest.raises(ClientError) as error:
        s3.put_object_retention(
            Bucket=name, Key="k", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": "2030-01-01T00:00:00Z"}
        )
    assert refused(error) == (403, "AccessDenied")


def test_requests_map_to_the_actions_and_keys_s3_authorizes_them_as() -> None:
    put = object_request("PUT", "b", "k", {}, {"If-None-Match": "*"})
    assert put.actions == ("s3:PutObject",) and put.resource == "arn:aws:s3:::b/k"
    assert (put.context["s3:if-none-match"], put.context["s3:ObjectCreationOperation"]) == ("*", "true")
    part = object_request("PUT", "b", "k", {"partNumber": ["1"], "uploadId": ["u"]}, {})
    assert part.context["s3:ObjectCreationOperation"] == "false" and "s3:if-none-match" not in part.context
    bypass = object_request("DELETE", "b", "k", {"versionId": ["v"]}, {"x-amz-bypass-governance-retention": "true"})
    assert bypass.actions == ("s3:DeleteObjectVersion", "s3:BypassGovernanceRetention")
