"""The denies that protect evidence, which a least-privilege policy must keep: a change that drops one fails
`closeloop build --check` as a missing grant does.

Each `RequiredDeny` says which bucket's policy, which actions it must refuse to everyone (`Principal: *`),
on the objects (and the bucket where it says so), under which condition key. A deny is found by what it
does, not by its Sid, so rewording one is fine and weakening one is not.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.iam.findings import ANY, Finding
from generator.iam.iam_data import expanded
from generator.iam.statements import as_list, shown
from generator.stack.names import ACCESS_LOG_BUCKET, EVIDENCE_BUCKET


@dataclass(frozen=True)
class RequiredDeny:
    bucket: str  # logical id
    actions: tuple[str, ...]
    condition_key: str
    why: str
    on_bucket: bool = True  # the bucket itself too, not only its objects


REQUIRED_DENIES: tuple[RequiredDeny, ...] = (
    RequiredDeny(EVIDENCE_BUCKET, ("s3:*",), "aws:SecureTransport", "no request without TLS"),
    RequiredDeny(
        EVIDENCE_BUCKET,
        (
            "s3:BypassGovernanceRetention",
            "s3:PutObjectRetention",
            "s3:PutObjectLegalHold",
            "s3:PutBucketObjectLockConfiguration",
        ),
        "aws:PrincipalArn",
        "only the break-glass role changes retention",
    ),
    RequiredDeny(
        EVIDENCE_BUCKET,
        ("s3:PutObject",),
        "s3:if-none-match",
        "no object is created without If-None-Match, so none is replaced",
        on_bucket=False,
    ),
    RequiredDeny(ACCESS_LOG_BUCKET, ("s3:*",), "aws:SecureTransport", "no request without TLS"),
)


def _bucket_policy(template: Mapping[str, Any], bucket: str) -> Iterator[dict[str, Any]]:
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::S3::BucketPolicy" and resource["Properties"]["Bucket"] == {"Ref": bucket}:
            yield from as_list(resource["Properties"]["PolicyDocument"]["Statement"])


def _covers(statement: Mapping[str, Any], required: RequiredDeny) -> bool:
    if statement.get("Effect") != "Deny" or statement.get("Principal") != "*":
        return False
    denied = {a for pattern in as_list(statement["Action"]) for a in expanded(pattern)}
    wanted = {a for pattern in required.actions for a in expanded(pattern)}
    resources = {shown(r) for r in as_list(statement["Resource"])}
    on = {f"${{{required.bucket}.Arn}}/*"} | ({f"{required.bucket}.Arn"} if required.on_bucket else set())
    keys = {k.lower() for operator in statement.get("Condition", {}).values() for k in operator}
    return wanted <= denied and on <= resources and required.condition_key.lower() in keys


def missing_denies(template: Mapping[str, Any], required: tuple[RequiredDeny, ...] = REQUIRED_DENIES) -> list[Finding]:
    return [
        Finding(f"{deny.bucket}'s policy", ", ".join(deny.actions), ANY, f"the deny is missing or weakened: {deny.why}")
        for deny in required
        if deny.bucket in template["Resources"]
        and not any(_covers(statement, deny) for statement in _bucket_policy(template, deny.bucket))
    ]
