"""Who acts on a strict emulator: a role's session as an AWS service gets it, and a request's own caller.

`role_credentials` hands out a role's credentials as Automation (ssm.amazonaws.com) or Lambda gets them, only
when the role exists and its trust policy lets that service assume it, with the conditions on the keys the
service sets (aws:SourceArn, aws:SourceAccount), evaluated as AssumeRole evaluates any trust (sts.py).
`caller_credentials` and `may` read a request's principal and what it is allowed (iam:PassRole).
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.emulator.access import (
    ADMIN_ACCESS_KEY,
    allowed,
    document,
    listed,
    partition_of,
    strict_endpoint,
)
from generator.emulator.sts import trust_allows


@dataclass(frozen=True)
class RoleCredentials:
    access_key_id: str
    secret_access_key: str
    session_token: str


class UntrustedService(Exception):
    """The role's trust policy does not let the service assume it (AWS refuses to run the document or function)."""


def role_credentials(
    account_id: str, region: str, role_arn: str, service: str, session_name: str, context: Mapping[str, str]
) -> RoleCredentials:
    """Credentials for `role_arn` as `service` (ssm.amazonaws.com, lambda.amazonaws.com) gets them in AWS:
    the role must exist and trust the service, with the trust policy's conditions on `context` (aws:SourceArn,
    aws:SourceAccount) holding. Raises UntrustedService otherwise."""
    from moto.iam.exceptions import NotFoundException
    from moto.iam.models import iam_backends
    from moto.sts.models import sts_backends

    partition = partition_of(region)
    try:
        role = iam_backends[account_id][partition].get_role_by_arn(role_arn)
    except NotFoundException:
        raise UntrustedService(f"the role {role_arn} does not exist") from None
    if not trusts(json.loads(role.assume_role_policy_document), service, context):
        raise UntrustedService(f"the role {role_arn} does not trust {service} to assume it (its trust policy)")
    session = sts_backends[account_id][partition].assume_role(
        region_name=region, role_session_name=session_name[:64], role_arn=role_arn, policy="", duration=3600,
        external_id="",
    )  # fmt: skip
    return RoleCredentials(session.access_key_id, session.secret_access_key, session.session_token)


def service_credentials(
    endpoint_url: str, account_id: str, region: str, role_arn: str, service: str, session_name: str,
    context: Mapping[str, str],
) -> RoleCredentials | None:  # fmt: skip
    """`role_credentials` when `endpoint_url` is a strict emulator of this process, else None (the caller's
    own credentials then stand: a lax emulator checks none, and AWS or a remote emulator hands out its own)."""
    if not strict_endpoint(endpoint_url):
        return None
    return role_credentials(account_id, region, role_arn, service, session_name, context)


def _principal(account_id: str, partition: str, access_key_id: str) -> Any:
    """moto's principal for a key: a role session's or an IAM user's (CreateAccessKeyFailure for neither)."""
    from moto.iam.access_control import AssumedRoleAccessKey, IAMUserAccessKey
    from moto.sts.models import sts_backends

    for session in sts_backends[account_id][partition].assumed_roles:
        if session.access_key_id == access_key_id:
            token = {"X-Amz-Security-Token": session.session_token}
            return AssumedRoleAccessKey(account_id, partition, access_key_id, token)
    return IAMUserAccessKey(account_id, partition, access_key_id, {})


def caller_credentials(response: Any) -> RoleCredentials | None:
    """The credentials a request was signed with, as the emulator issued them; None for the administrator's
    (or a key the emulator does not know, which a strict emulator has refused already)."""
    from moto.iam.access_control import CreateAccessKeyFailure

    key = str(response.headers.get("Authorization") or "").partition("Credential=")[2].partition("/")[0]
    if not key or key == ADMIN_ACCESS_KEY:
        return None
    try:
        principal = _principal(response.current_account, partition_of(response.region), key)
    except CreateAccessKeyFailure:
        return None
    found = principal.create_credentials()
    return RoleCredentials(found.access_key, found.secret_key, found.token or "")


def may(endpoint_url: str, account_id: str, region: str, access_key_id: str, action: str, resource: str) -> bool:
    """Whether the principal holding `access_key_id` is allowed `action` on `resource`, as a strict emulator of
    this process decides it (always, on any other endpoint)."""
    if not strict_endpoint(endpoint_url) or access_key_id == ADMIN_ACCESS_KEY:
        return True
    principal = _principal(account_id, partition_of(region), access_key_id)
    return allowed([document(policy) for policy in principal.collect_policies()], action, resource)


def trusts(policy: Mapping[str, Any], service: str, context: Mapping[str, str]) -> bool:
    """Whether the trust policy lets `service` assume its role with `context` (AssumeRole's own evaluation)."""

    def named(principal: Any) -> bool:
        return principal == "*" or (isinstance(principal, Mapping) and service in listed(principal.get("Service")))

    return trust_allows(policy, named, context)
