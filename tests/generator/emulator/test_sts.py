"""AssumeRole in the emulator refuses what AWS refuses: a missing role, or one that does not trust the caller."""

import json

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.emulator.accounts import in_account
from generator.emulator.sts import caller_principals, trusts

MEMBER = "210987654321"


def _role(name: str, principal: object) -> None:
    iam = in_account(boto3.client("iam"), MEMBER)
    trust = {"Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))


def test_a_role_trusting_the_callers_account_is_assumed_into_that_account(emulated: str) -> None:
    _role("reader-trusting", {"AWS": "arn:aws:iam::123456789012:root"})
    sts = boto3.client("sts")
    granted = sts.assume_role(RoleArn=f"arn:aws:iam::{MEMBER}:role/reader-trusting", RoleSessionName="t1")
    member = boto3.client(
        "sts",
        aws_access_key_id=granted["Credentials"]["AccessKeyId"],
        aws_secret_access_key=granted["Credentials"]["SecretAccessKey"],
        aws_session_token=granted["Credentials"]["SessionToken"],
    )
    assert member.get_caller_identity()["Account"] == MEMBER


@pytest.mark.parametrize(
    ("name", "principal"),
    [("no-such-role", None), ("reader-other", {"AWS": "arn:aws:iam::999999999999:root"})],
)
def test_a_missing_or_untrusting_role_is_access_denied(emulated: str, name: str, principal: object) -> None:
    if principal is not None:
        _role(name, principal)
    with pytest.raises(ClientError) as refused:
        boto3.client("sts").assume_role(RoleArn=f"arn:aws:iam::{MEMBER}:role/{name}", RoleSessionName="t2")
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    assert f"sts:AssumeRole on resource: arn:aws:iam::{MEMBER}:role/{name}" in str(refused.value)


def test_a_trust_names_the_callers_role_and_an_assumed_role_matches_it() -> None:
    caller = "arn:aws:sts::123456789012:assumed-role/Closeloop-Automation/run-1"
    principals = caller_principals(caller, "123456789012")
    assert "arn:aws:iam::123456789012:role/Closeloop-Automation" in principals
    pinned = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": ["arn:aws:iam::123456789012:role/Closeloop-Automation"]},
                "Action": ["sts:AssumeRole", "sts:TagSession"],
            }
        ]
    }
    other = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:role/Other"},
                "Action": "sts:AssumeRole",
            }
        ]
    }
    denied = {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}]}
    assert trusts(pinned, principals) and not trusts(other, principals) and not trusts(denied, principals)
