"""Object requests checked against the bucket policy with its Conditions, as S3 checks them.

moto 5.2.5 checks a bucket policy on object requests but evaluates no Condition: a statement whose action
matches denies the request whatever its Condition says (FACTS.md: a TLS-only deny blocks everything), and
CompleteMultipartUpload is checked as `s3:PostObject`, an action no policy names. So a bucket that
enforces conditional writes (`s3:if-none-match`, AWS's "Enforce conditional writes on Amazon S3 buckets")
could not be emulated at all. Here an object request is mapped to the action S3 authorizes it as, with
the request context the condition keys read, and the policy's statements are evaluated with IAM's rules
(generator/emulator/conditions.py, the emulator's one evaluator): an explicit Deny refuses with 403 AccessDenied.

What the emulator cannot know is absent from the context, as in AWS for a key a request does not carry:
the caller's principal ARN (so a Deny "to everyone but the break-glass role" refuses everyone), source
IP, VPC. `aws:SecureTransport` is true: the emulator's plain HTTP on loopback stands for AWS's HTTPS
endpoint (closeloop's clients send nothing over the network to it). Only statements whose principal is
everyone (`*`) apply; the emulator checks no identity. An operator this module does not know makes its
Deny apply: the emulator refuses rather than lets through what it cannot decide.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

from moto.iam.access_control import PermissionResult
from moto.s3.exceptions import S3AccessDeniedError, S3ClientError
from moto.s3.models import FakeBucket
from moto.s3.responses import S3Response

from generator.emulator.conditions import holds, wildcard


@dataclass(frozen=True)
class ObjectRequest:
    """What S3 authorizes an object request as: its actions, the object's ARN, and the request context."""

    actions: tuple[str, ...]
    resource: str
    context: Mapping[str, str] = field(default_factory=dict)


def object_request(
    method: str, bucket: str, key: str, query: Mapping[str, Any], headers: Mapping[str, str]
) -> ObjectRequest:
    """The S3 authorization of one object request (AWS's "Actions, resources, and condition keys for Amazon S3")."""
    has = {name.lower(): value for name, value in headers.items()}
    context: dict[str, str] = {"aws:SecureTransport": "true"}
    for header, condition in (("if-none-match", "s3:if-none-match"), ("if-match", "s3:if-match")):
        if header in has:
            context[condition] = str(has[header])
    versioned = "versionId" in query
    if method in ("GET", "HEAD"):
        actions: tuple[str, ...] = ("s3:GetObjectVersion",) if versioned else ("s3:GetObject",)
        for sub, action in (("retention", "s3:GetObjectRetention"), ("legal-hold", "s3:GetObjectLegalHold"),
                            ("tagging", "s3:GetObjectTagging"), ("acl", "s3:GetObjectAcl")):  # fmt: skip
            if sub in query:
                actions = (action,)
    elif method == "DELETE":
        actions = ("s3:DeleteObjectVersion",) if versioned else ("s3:DeleteObject",)
        if "uploadId" in query:
            actions = ("s3:AbortMultipartUpload",)
    elif method == "PUT" and ("retention" in query or "legal-hold" in query or "tagging" in query or "acl" in query):
        sub = next(s for s in ("retention", "legal-hold", "tagging", "acl") if s in query)
        actions = ({"retention": "s3:PutObjectRetention", "legal-hold": "s3:PutObjectLegalHold",
                    "tagging": "s3:PutObjectTagging", "acl": "s3:PutObjectAcl"}[sub],)  # fmt: skip
    elif method in ("PUT", "POST"):
        actions = ("s3:PutObject",)
        # CreateMultipartUpload and UploadPart(Copy) take no conditional header: they are not the object's creation.
        creates = not ("uploads" in query or (method == "PUT" and "partNumber" in query))
        context["s3:ObjectCreationOperation"] = "true" if creates else "false"
    else:
        actions = (f"s3:{method.title()}Object",)
    if has.get("x-amz-bypass-governance-retention", "").lower() == "true":
        actions += ("s3:BypassGovernanceRetention",)
    return ObjectRequest(actions, f"arn:aws:s3:::{bucket}/{key}", context)


def denied(policy: str | bytes | None, request: ObjectRequest) -> bool:
    """True when a statement of the bucket policy explicitly denies the request."""
    if not policy:
        return False
    statements = json.loads(policy).get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        if statement.get("Effect") == "Deny" and _applies(statement, request):
            return True
    return False


def _listed(value: Any) -> list[str]:
    return [str(item) for item in (value if isinstance(value, list) else [value])]


def _matches(patterns: Any, value: str, ignore_case: bool = False) -> bool:
    return any(wildcard(pattern, value, ignore_case) for pattern in _listed(patterns))


def _applies(statement: Mapping[str, Any], request: ObjectRequest) -> bool:
    if statement.get("Principal") not in ("*", {"AWS": "*"}):
        return False  # a named principal: the emulator does not know who is calling
    if "Action" in statement:
        acts = any(_matches(statement["Action"], action, ignore_case=True) for action in request.actions)
    else:
        acts = not any(_matches(statement.get("NotAction", []), action, ignore_case=True) for action in request.actions)
    if "Resource" in statement:
        on = _matches(statement["Resource"], request.resource)
    else:
        on = not _matches(statement.get("NotResource", []), request.resource)
    # An operator the evaluator cannot decide makes the Deny apply: refused rather than let through.
    return acts and on and holds(statement.get("Condition"), request.context) is not False


_installed = False


def install() -> None:
    """Check object requests against the bucket policy as above; moto's own check keeps only what it gets right.

    Process-wide and idempotent, like the other extensions."""
    global _installed
    if _installed:
        return
    original = S3Response._key_response

    def _key_response(self: S3Response, request: Any, full_url: str) -> Any:
        name = self.parse_bucket_name_from_url(request, full_url)
        try:
            bucket = self.backend.get_bucket(name)
        except S3ClientError:
            bucket = None  # moto answers NoSuchBucket itself
        if bucket is not None and bucket.policy:
            query = parse_qs(urlparse(full_url).query, keep_blank_values=True)
            asked = object_request(request.method, name, self.parse_key_name(), query, dict(request.headers))
            if denied(bucket.policy, asked):
                raise S3AccessDeniedError()
        return original(self, request, full_url)

    def get_permission(self: FakeBucket, action: str, resource: str) -> PermissionResult:
        # moto's own check (no request context): only a Deny without conditions it cannot see still applies.
        asked = ObjectRequest((action,), resource, {"aws:SecureTransport": "true"})
        return PermissionResult.DENIED if denied(self.policy, asked) else PermissionResult.NEUTRAL

    S3Response._key_response = _key_response  # type: ignore[method-assign]
    FakeBucket.get_permission = get_permission  # type: ignore[method-assign]
    _installed = True
