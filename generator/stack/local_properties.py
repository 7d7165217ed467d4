"""Properties the emulator's CloudFormation ignores (FACTS.md): read back, set through the API, reported.

Versioning and the public-access block of both buckets, the evidence bucket's Object Lock default
retention, the table's point-in-time recovery. Each is a `Gap`: how to tell it is there, and the call
that puts it there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from generator.stack import parameters
from generator.stack.target import Target


@dataclass(frozen=True)
class Gap:
    """A property the emulator's CloudFormation ignores: how to read it back, and the API call that sets it."""

    label: str
    present: Callable[[], bool]
    apply: Callable[[], Any]

    def close(self) -> str:
        if self.present():
            return f"{self.label}: kept by the emulator"
        try:
            self.apply()
        except Exception as error:  # the emulator refusing an API is what this report is for
            return f"{self.label}: ignored by the emulator and could not be applied: {error}"
        after = "" if self.present() else " (but the emulator still does not report it)"
        return f"{self.label}: ignored by the emulator's CloudFormation; applied through the API{after}"


PRIVATE = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}


def bucket_gaps(s3: Any, bucket: str) -> list[Gap]:
    def versioned() -> bool:
        return bool(s3.get_bucket_versioning(Bucket=bucket).get("Status") == "Enabled")

    def blocked() -> bool:
        try:
            return bool(s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == PRIVATE)
        except ClientError:
            return False

    return [
        Gap(
            f"{bucket}: versioning",
            versioned,
            lambda: s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"}),
        ),
        Gap(
            f"{bucket}: public access block",
            blocked,
            lambda: s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=PRIVATE),
        ),
    ]


def object_lock_gap(s3: Any, bucket: str, mode: str, days: int) -> Gap:
    def locked() -> bool:
        try:
            rule = s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"].get("Rule", {})
        except ClientError:
            return False
        return bool(rule.get("DefaultRetention", {}) == {"Mode": mode, "Days": days})

    lock = {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": mode, "Days": days}}}
    return Gap(
        f"{bucket}: Object Lock ({mode}, {days} days)",
        locked,
        lambda: s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration=lock),
    )


def recovery_gap(dynamodb: Any, table: str) -> Gap:
    def recoverable() -> bool:
        backups = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
        return bool(backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED")

    return Gap(
        f"{table}: point-in-time recovery",
        recoverable,
        lambda: dynamodb.update_continuous_backups(
            TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        ),
    )


def close_property_gaps(target: Target, outputs: dict[str, str], params: dict[str, str]) -> list[str]:
    s3 = target.client("s3")
    evidence = outputs["EvidenceBucketName"]
    gaps = [
        *bucket_gaps(s3, evidence),
        *bucket_gaps(s3, outputs["AccessLogBucketName"]),
        object_lock_gap(s3, evidence, params[parameters.OBJECT_LOCK_MODE], int(params[parameters.OBJECT_LOCK_DAYS])),
        recovery_gap(target.client("dynamodb"), outputs["TableName"]),
    ]
    return [gap.close() for gap in gaps]
