"""STS AssumeRole as AWS decides it: the role must exist and its trust policy must allow the caller, Conditions
included; anything else is AccessDenied.

moto hands out credentials for any role ARN, in any account, existing or not (its docstring says so). That
lets a cross-account collection look healthy against a member that never deployed its reader role, or whose
trust pins another role or another organisation. Here the role's trust policy is evaluated as IAM evaluates
it ("Policy evaluation logic"): a statement applies when its action covers `sts:AssumeRole`, its principal
names the caller (`*`, the caller's account as its id or `:root`, the caller's role or user, or the session
itself) and its Condition holds (generator/emulator/conditions.py) for the request context AWS gives
AssumeRole: `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:PrincipalOrgID` and
`aws:PrincipalOrgPaths` (from moto's Organizations backend, absent outside an organisation), `sts:ExternalId`
and `sts:RoleSessionName` when the request carries them, `aws:RequestedRegion`, `aws:SecureTransport`.
`aws:SourceAccount` and `aws:SourceArn` are absent: only a service calling on a resource's behalf sets them
(principals.py). An explicit Deny wins; otherwise some Allow must hold.

The refusal is STS's AccessDenied: HTTP 403, a Sender fault, in the query protocol's ErrorResponse (see
`install_common_errors`: STS's model names no such shape, as AWS's common errors are not in the models).
The caller's own identity policy (its `sts:AssumeRole` grant) is checked by access.py on a strict emulator.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from moto.core import errors, serialize
from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.iam.models import iam_backends
from moto.sts.models import sts_backends
from moto.sts.responses import TokenResponse

from generator.emulator.access import listed, matches, partition_of, statements
from generator.emulator.conditions import Context, holds
from generator.emulator.organizations import organization_of, organization_paths

_moto_assume_role = TokenResponse.assume_role
# AWS's common errors that its service models leave out, as AWS answers them (STS, IAM: "AccessDenied", 403).
COMMON_ERRORS = {"AccessDenied": 403}


class AccessDenied(ServiceException):
    code = "AccessDenied"


@dataclass(frozen=True)
class Caller:
    """Who asks: the account, the ARN it calls as (a role's session ARN), and the principal a policy names."""

    account: str
    arn: str
    principal_arn: str
    principal_type: str

    def named_as(self) -> set[str]:
        """The values a trust policy's `Principal: {"AWS": ...}` may hold for this caller."""
        root = f"arn:{self.arn.split(':')[1]}:iam::{self.account}:root"
        return {"*", self.account, root, self.principal_arn, self.arn}


def caller(access_key: str, region: str, account: str) -> Caller:
    """The caller of a request signed with `access_key` in `account` (moto's own identity for unknown keys)."""
    partition = partition_of(region)
    backend = sts_backends[account][partition]
    _, arn, account = backend.get_caller_identity(access_key, region)
    session = next((s for s in sts_backends[account][partition].assumed_roles if s.access_key_id == access_key), None)
    if session is not None:
        return Caller(account, arn, str(session.role_arn), "AssumedRole")
    return Caller(account, arn, arn.replace(":sts::", ":iam::", 1), "User")


def request_context(who: Caller, region: str, external_id: str | None, session_name: str | None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "aws:PrincipalArn": who.principal_arn,
        "aws:PrincipalAccount": who.account,
        "aws:PrincipalType": who.principal_type,
        "aws:RequestedRegion": region,
        "aws:SecureTransport": "true",
    }
    org = organization_of(who.account)
    if org is not None:
        context["aws:PrincipalOrgID"] = org
        context["aws:PrincipalOrgPaths"] = organization_paths(who.account)
    if external_id is not None:
        context["sts:ExternalId"] = external_id
    if session_name is not None:
        context["sts:RoleSessionName"] = session_name
    return context


def trust_allows(policy: str | Mapping[str, Any], names: Callable[[Any], bool], context: Context) -> bool:
    """Whether a trust policy lets a principal (`names(Principal)` says whether a statement names it) assume its
    role in `context`: an applying Deny refuses, else an applying Allow is needed. An undecidable Condition
    makes a Deny apply and an Allow not."""
    document = json.loads(unquote(policy)) if isinstance(policy, str) else policy
    permitted = False
    for statement in statements(document):
        if "Action" in statement:
            acts = matches(listed(statement["Action"]), "sts:AssumeRole", case_sensitive=False)
        else:
            acts = not matches(listed(statement.get("NotAction")), "sts:AssumeRole", case_sensitive=False)
        named = names(statement["Principal"]) if "Principal" in statement else not names(statement.get("NotPrincipal"))
        if not acts or not named:
            continue
        verdict = holds(statement.get("Condition"), context)
        if statement.get("Effect") == "Deny" and verdict is not False:
            return False
        permitted = permitted or (statement.get("Effect") == "Allow" and verdict is True)
    return permitted


def names_aws(who: Caller) -> Callable[[Any], bool]:
    """Whether a statement's Principal names this caller (an AWS principal, never a service)."""
    known = who.named_as()

    def named(principal: Any) -> bool:
        if principal == "*":
            return True
        return isinstance(principal, Mapping) and bool(known & set(listed(principal.get("AWS"))))

    return named


def assume_role(self: TokenResponse) -> ActionResult:
    role_arn = str(self._get_param("RoleArn"))
    who = caller(self.get_access_key(), self.region, self.current_account)
    denied = AccessDenied(f"User: {who.arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}")
    parts = role_arn.split(":", 5)
    if len(parts) < 6 or not parts[5].startswith("role/"):
        raise denied
    name = parts[5].rsplit("/", 1)[-1]
    roles = [role for role in iam_backends[parts[4]][partition_of(self.region)].roles.values() if role.name == name]
    context = request_context(who, self.region, self._get_param("ExternalId"), self._get_param("RoleSessionName"))
    if not roles or not trust_allows(roles[0].assume_role_policy_document, names_aws(who), context):
        raise denied
    return _moto_assume_role(self)


_moto_error_model = serialize.get_error_model  # type: ignore[attr-defined]


def _error_model(exception: Exception, service_model: Any) -> errors.ErrorShape:
    code = str(getattr(exception, "code", ""))
    if code in COMMON_ERRORS and errors.ErrorLookupFactory().for_service(service_model).from_code(code) is None:
        error = {"code": code, "httpStatusCode": COMMON_ERRORS[code], "senderFault": True}
        return errors.ErrorShape(code, {"exception": True, "type": "structure", "members": {}, "error": error})
    return _moto_error_model(exception, service_model)


def install_common_errors() -> None:
    """Answer AWS's common errors a service model leaves out (AccessDenied) with their status and fault, as AWS
    does, not as a 400 moto warns about. Process-wide and idempotent."""
    setattr(serialize, "get_error_model", _error_model)  # noqa: B010 (moto keeps the name module-private)
