"""Evidence objects are created, never replaced: every write a collection run makes goes through `put_new`.

`If-None-Match: *` makes S3 refuse (412) a write to a key that exists, and the evidence bucket's policy
refuses a creation without it, so S3 enforces this, not the code. Kept apart from the artefact writers so
the manifest step bundles only this.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError


def _send(client: Any, operation: str, **params: Any) -> Any:
    return getattr(client, operation)(**params)


def put_new(s3: Any, bucket: str, key: str, body: bytes, content_type: str, call: Callable[..., Any] = _send) -> Any:
    """Create the object (answering as PutObject does), or raise: nothing already there is replaced.

    A retried write whose first attempt landed (its answer lost) is refused too: the object there with these
    very bytes is that write, so it stands (its GetObject answer carries the version); other bytes there are
    a conflict, raised."""
    try:
        return call(
            s3, "put_object", Bucket=bucket, Key=key, Body=body, ContentType=content_type,
            ChecksumAlgorithm="SHA256", IfNoneMatch="*",
        )  # fmt: skip
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "PreconditionFailed":
            raise
        there = call(s3, "get_object", Bucket=bucket, Key=key)
        if hashlib.sha256(there["Body"].read()).digest() != hashlib.sha256(body).digest():
            raise
        return there
