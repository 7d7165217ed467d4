"""A client acting with the credentials an AssumeRole answer granted (a role's session)."""

from typing import Any

import boto3


def as_session(service: str, granted: dict[str, Any], region: str | None = None) -> Any:
    keys = granted["Credentials"]
    return boto3.client(  # type: ignore[call-overload]
        service,
        region_name=region,
        aws_access_key_id=keys["AccessKeyId"],
        aws_secret_access_key=keys["SecretAccessKey"],
        aws_session_token=keys["SessionToken"],
    )
