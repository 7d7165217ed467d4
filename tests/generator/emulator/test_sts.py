"""AssumeRole in the emulator refuses what AWS refuses: a missing role, or one whose trust policy, Conditions
included, does not allow the caller; the refusal is STS's AccessDenied (403, a Sender fault).

Every test here has accounts and roles of its own (moto's backends live as long as the session)."""

import contextlib
import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.emulator.accounts import in_account
from generator.emulator.organizations import join_organization, organization_of, organization_paths
from generator.emulator.principals import UntrustedService, role_credentials
from generator.emulator.sts import Caller, names_aws, trust_allows
from tests.generator.emulator.sessions import as_session

MEMBER = "210987654321"
# No AccessDenied in STS's model (a common error): moto warned and answered 400 before the emulator said 403.
pytestmark = pytest.mark.filterwarnings("error:.*does not match an error shape")


def _role(name: str, *statements: dict[str, Any], account: str = MEMBER) -> str:
    iam = in_account(boto3.client("iam"), account)
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({"Statement": list(statements)}))
    return f"arn:aws:iam::{account}:role/{name}"


def _allow(principal: object, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return {**statement, "Condition": condition} if condition else statement


def _sts(account: str | None = None, granted: dict[str, Any] | None = None) -> Any:
    """STS as `account`'s administrator, or with a role session's credentials."""
    if granted is not None:
        return as_session("sts", granted)
    return in_account(boto3.client("sts"), account) if account else boto3.client("sts")


def _as_role(account: str, name: str) -> Any:
    """STS with a session of role `name` in `account` (made there by the first test that asks, trusting its own
    account)."""
    arn = f"arn:aws:iam::{account}:role/{name}"
    iam = in_account(boto3.client("iam"), account)
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        _role(name, _allow({"AWS": f"arn:aws:iam::{account}:root"}), account=account)
    return _sts(granted=_sts(account).assume_role(RoleArn=arn, RoleSessionName="caller"))


def _refused(sts: Any, role_arn: str, **extra: str) -> ClientError:
    with pytest.raises(ClientError) as refused:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="t1", **extra)
    return refused.value


def test_a_role_trusting_the_callers_account_is_assumed_into_that_account(emulated: str) -> None:
    arn = _role("reader-trusting", _allow({"AWS": "arn:aws:iam::123456789012:root"}))
    granted = boto3.client("sts").assume_role(RoleArn=arn, RoleSessionName="t1")
    assert _sts(granted=granted).get_caller_identity()["Account"] == MEMBER


@pytest.mark.parametrize(
    ("name", "principal"),
    [("no-such-role", None), ("reader-other", {"AWS": "arn:aws:iam::999999999999:root"})],
)
def test_a_missing_or_untrusting_role_is_sts_access_denied(emulated: str, name: str, principal: object) -> None:
    if principal is not None:
        _role(name, _allow(principal))
    refused = _refused(boto3.client("sts"), f"arn:aws:iam::{MEMBER}:role/{name}")
    assert refused.response["Error"]["Code"] == "AccessDenied"
    assert refused.response["Error"].get("Type") == "Sender"
    assert refused.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert f"sts:AssumeRole on resource: arn:aws:iam::{MEMBER}:role/{name}" in str(refused)


def test_principal_org_id_admits_the_organisations_accounts_and_refuses_others(emulated: str) -> None:
    management, member, outsider = "310000000001", "310000000002", "310000000003"
    org = join_organization(management, member)
    assert organization_of(member) == organization_of(management) == org and organization_of(outsider) is None
    assert organization_paths(member)[0].startswith(f"{org}/r-")
    arn = _role("org-only", _allow({"AWS": "*"}, {"StringEquals": {"aws:PrincipalOrgID": org}}), account=member)
    assert _sts(management).assume_role(RoleArn=arn, RoleSessionName="t1")["Credentials"]
    refused = _refused(_sts(outsider), arn)
    assert refused.response["Error"]["Code"] == "AccessDenied"
    assert "arn:aws:sts::310000000003:" in str(refused)  # names who was refused


@pytest.mark.parametrize(
    ("operator", "pattern"),
    [
        ("StringEquals", "arn:aws:iam::320000000001:role/closeloop-Automation"),
        ("ArnEquals", "arn:aws:iam::320000000001:role/closeloop-Automation"),
        ("ArnLike", "arn:aws:iam::320000000001:role/closeloop-*"),
    ],
)
def test_principal_arn_admits_the_pinned_role_and_refuses_another_role_of_that_account(
    emulated: str, operator: str, pattern: str
) -> None:
    central = "320000000001"
    root = {"AWS": f"arn:aws:iam::{central}:root"}
    arn = _role(f"pinned-{operator}", _allow(root, {operator: {"aws:PrincipalArn": pattern}}))
    assert _as_role(central, "closeloop-Automation").assume_role(RoleArn=arn, RoleSessionName="t1")["Credentials"]
    assert _refused(_as_role(central, "Other"), arn).response["Error"]["Code"] == "AccessDenied"
    assert _refused(_sts(central), arn).response["Error"]["Code"] == "AccessDenied"  # the administrator neither


def test_an_external_id_where_required_must_be_given_and_right(emulated: str) -> None:
    arn = _role("vendor", _allow({"AWS": "123456789012"}, {"StringEquals": {"sts:ExternalId": "ticket-7f3a"}}))
    sts = boto3.client("sts")
    assert _refused(sts, arn).response["Error"]["Code"] == "AccessDenied"
    assert _refused(sts, arn, ExternalId="ticket-0000").response["Error"]["Code"] == "AccessDenied"
    assert sts.assume_role(RoleArn=arn, RoleSessionName="t1", ExternalId="ticket-7f3a")["Credentials"]


def test_an_explicit_deny_wins_over_the_allow(emulated: str) -> None:
    central = "330000000001"
    deny = {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
            "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Other"}}}  # fmt: skip
    arn = _role("denying", _allow({"AWS": central}), deny)
    assert _as_role(central, "closeloop-Automation").assume_role(RoleArn=arn, RoleSessionName="t1")
    assert _refused(_as_role(central, "Other"), arn).response["Error"]["Code"] == "AccessDenied"


def test_source_account_holds_only_for_a_service_acting_for_that_account(emulated: str) -> None:
    """aws:SourceAccount is set by a service acting on a resource's behalf, never on a principal's own call."""
    condition = {"StringEquals": {"aws:SourceAccount": MEMBER}}
    arn = _role("service-pinned", _allow({"Service": "ssm.amazonaws.com"}, condition))
    assert role_credentials(MEMBER, emulated, arn, "ssm.amazonaws.com", "run", {"aws:SourceAccount": MEMBER})
    with pytest.raises(UntrustedService):
        role_credentials(MEMBER, emulated, arn, "ssm.amazonaws.com", "run", {"aws:SourceAccount": "999999999999"})
    direct = _role("source-pinned", _allow({"AWS": "123456789012"}, condition))
    assert _refused(boto3.client("sts"), direct).response["Error"]["Code"] == "AccessDenied"


def test_a_trust_names_the_callers_role_and_an_undecidable_condition_never_allows() -> None:
    automation = Caller(
        "123456789012",
        "arn:aws:sts::123456789012:assumed-role/Closeloop-Automation/run-1",
        "arn:aws:iam::123456789012:role/Closeloop-Automation",
        "AssumedRole",
    )
    named = names_aws(automation)
    pinned = {"Statement": [_allow({"AWS": ["arn:aws:iam::123456789012:role/Closeloop-Automation"]})]}
    other = {"Statement": [_allow({"AWS": "arn:aws:iam::123456789012:role/Other"})]}
    undecidable = {"Statement": [_allow("*", {"BinaryEquals": {"aws:Key": "QQ=="}})]}
    denied = {"Statement": [_allow("*"), {"Effect": "Deny", "Principal": "*", "Action": "sts:*",
                                          "Condition": {"BinaryEquals": {"aws:Key": "QQ=="}}}]}  # fmt: skip
    assert trust_allows(pinned, named, {}) and not trust_allows(other, named, {})
    assert not trust_allows(undecidable, named, {}) and not trust_allows(denied, named, {})
