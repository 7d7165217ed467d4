"""Evidence is created, never replaced (runbooks/scripts/evidence/store.py), on the emulator over HTTP."""

import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

from runbooks.scripts.evidence.store import put_new


@pytest.fixture
def bucket(aws_env: str) -> str:
    name = f"store-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def test_a_key_that_exists_is_never_replaced(bucket: str) -> None:
    s3 = boto3.client("s3")
    first = put_new(s3, bucket, "incidents/INC-1/evidence/run-1/a.json", b"{}", "application/json")
    with pytest.raises(ClientError, match="PreconditionFailed"):
        put_new(s3, bucket, "incidents/INC-1/evidence/run-1/a.json", b'{"changed": 1}', "application/json")
    versions = s3.list_object_versions(Bucket=bucket, Prefix="incidents/")["Versions"]
    assert [v["VersionId"] for v in versions] == [first["VersionId"]]  # one version: the first write


def test_a_write_resent_after_it_landed_stands_as_that_write(bucket: str) -> None:
    """Its answer lost, the write is sent again and refused (412): the same bytes there are this write."""
    s3 = boto3.client("s3")
    first = put_new(s3, bucket, "incidents/INC-1/evidence/run-1/b.json", b"[1]", "application/json")
    again = put_new(s3, bucket, "incidents/INC-1/evidence/run-1/b.json", b"[1]", "application/json")
    assert again["VersionId"] == first["VersionId"]
