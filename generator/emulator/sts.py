"""STS AssumeRole as AWS refuses it: a role that does not exist, or does not trust the caller, is AccessDenied.

moto hands out credentials for any role ARN, in any account, existing or not (its docstring says so). That
lets a cross-account collection look healthy against a member that never deployed its reader role. Here the
role must exist in its account and its trust policy must allow `sts:AssumeRole` to the caller: to `*`, to the
caller's account (its id or `:root`), or to the caller's own role. Conditions (`aws:PrincipalOrgID`) are not
evaluated; the least-privilege proof checks those statically.
"""

import json
from typing import Any
from urllib.parse import unquote

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.iam.models import iam_backends
from moto.sts.responses import TokenResponse

_moto_assume_role = TokenResponse.assume_role
ASSUME_ACTIONS = {"sts:assumerole", "sts:*", "*"}


class AccessDenied(ServiceException):
    code = "AccessDenied"


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def caller_principals(caller_arn: str, account: str) -> set[str]:
    """The principals a trust policy may name for this caller: `*`, its account, and its role or user."""
    found = {"*", account, f"arn:aws:iam::{account}:root"}
    if ":assumed-role/" in caller_arn:  # arn:aws:sts::A:assumed-role/Role/session -> arn:aws:iam::A:role/Role
        role = caller_arn.split(":assumed-role/", 1)[1].split("/", 1)[0]
        found.add(f"arn:aws:iam::{account}:role/{role}")
    found.add(caller_arn)
    return found


def trusts(policy: str | dict[str, Any], principals: set[str]) -> bool:
    document = json.loads(unquote(policy)) if isinstance(policy, str) else policy
    for statement in _listed(document.get("Statement", [])):
        actions = {str(action).lower() for action in _listed(statement.get("Action", []))}
        if statement.get("Effect") != "Allow" or not actions & ASSUME_ACTIONS:
            continue
        named = statement.get("Principal")
        trusted = {"*"} if named == "*" else {str(p) for p in _listed((named or {}).get("AWS", []))}
        if trusted & principals:
            return True
    return False


def assume_role(self: TokenResponse) -> ActionResult:
    role_arn = str(self._get_param("RoleArn"))
    _, caller_arn, account = self.backend.get_caller_identity(self.get_access_key(), self.region)
    denied = AccessDenied(f"User: {caller_arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}")
    parts = role_arn.split(":", 5)
    if len(parts) < 6 or not parts[5].startswith("role/"):
        raise denied
    name = parts[5].rsplit("/", 1)[-1]
    roles = [role for role in iam_backends[parts[4]]["aws"].roles.values() if role.name == name]
    if not roles or not trusts(roles[0].assume_role_policy_document, caller_principals(caller_arn, account)):
        raise denied
    return _moto_assume_role(self)
