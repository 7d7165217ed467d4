"""Evidence is created, never replaced (If-None-Match: *; the bucket policy refuses a write without it)."""

from typing import Any

from botocore.exceptions import ClientError


def put_new(s3: Any, bucket: str, key: str, body: bytes, content_type: str, call: Any = None) -> Any:
    """PutObject, or raise; a resent write whose answer was lost stands if its bytes are there."""
    call = call or (lambda client, name, **params: getattr(client, name)(**params))
    try:
        return call(s3, "put_object", Bucket=bucket, Key=key, Body=body, ContentType=content_type,
                    ChecksumAlgorithm="SHA256", IfNoneMatch="*")  # fmt: skip
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "PreconditionFailed":
            raise
        there = call(s3, "get_object", Bucket=bucket, Key=key)
        if there["Body"].read() != body:
            raise
        return there
