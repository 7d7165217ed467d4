"""The member stack's real trust policy, deployed from the generated template, is decided on the emulator as AWS
decides it: the central Automation role from inside the organisation assumes the reader role; another role of
the central account, that account's administrator, and the same role pinned from an account outside the
organisation are refused.

Two member stacks side by side (prefixes A- and B-) in one member account of the organisation: A trusts the
Automation role of a central account in the organisation, B that of a central account outside it."""

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.emulator.accounts import in_account
from generator.emulator.extensions import install
from generator.emulator.organizations import join_organization
from generator.stack.render import MEMBER_TEMPLATE_FILE
from tests.conftest import ROOT
from tests.generator.emulator.sessions import as_session

CENTRAL, OUTSIDE, MEMBER = "340000000001", "340000000002", "340000000003"  # accounts of this test alone
REGION = "eu-west-2"
AUTOMATION = "closeloop-AutomationRole"
pytestmark = [
    pytest.mark.filterwarnings("ignore:Tried to parse .* but it's not supported"),  # moto skips the queue policy
    pytest.mark.filterwarnings("error:.*does not match an error shape"),
]


def _client(service: str, account: str, **keys: str) -> Any:
    return in_account(boto3.client(service, region_name=REGION, **keys), account)  # type: ignore[call-overload]


def _session(account: str, role: str) -> Any:
    """STS with a session of `role` in `account` (made there, trusting its own account)."""
    trust = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": account}, "Action": "sts:AssumeRole"}]}
    iam = _client("iam", account)
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))
    arn = f"arn:aws:iam::{account}:role/{role}"
    return as_session("sts", _client("sts", account).assume_role(RoleArn=arn, RoleSessionName="automation"), REGION)


@pytest.fixture(scope="module")
def readers(moto_endpoint: str) -> Iterator[dict[str, str]]:
    """The reader role of each member stack by prefix: A- trusts CENTRAL's Automation role, B- OUTSIDE's."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {"AWS_ENDPOINT_URL": moto_endpoint, "AWS_ACCESS_KEY_ID": "testing",
                            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_MAX_ATTEMPTS": "1"}.items():  # fmt: skip
            patch.setenv(name, value)
        install()
        organization = join_organization(CENTRAL, MEMBER)
        body = (ROOT / MEMBER_TEMPLATE_FILE).read_text(encoding="utf-8")
        cloudformation = _client("cloudformation", MEMBER)
        for prefix, central in (("A-", CENTRAL), ("B-", OUTSIDE)):
            values = {
                "NamePrefix": prefix,
                "CentralAutomationRoleArn": f"arn:aws:iam::{central}:role/{AUTOMATION}",
                "CentralTimelineRoleArn": f"arn:aws:iam::{central}:role/closeloop-TimelineHandlerRole",
                "CentralEventBusArn": f"arn:aws:events:{REGION}:{central}:event-bus/closeloop-forwarded",
                "OrganizationId": organization,
                "ReaderRoleRegion": REGION,
                "Regions": REGION,
            }
            cloudformation.create_stack(
                StackName=f"{prefix}closeloop-member",
                TemplateBody=body,
                Capabilities=["CAPABILITY_NAMED_IAM"],
                Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()],
            )
            status = cloudformation.describe_stacks(StackName=f"{prefix}closeloop-member")["Stacks"][0]["StackStatus"]
            assert status == "CREATE_COMPLETE"
        yield {prefix: f"arn:aws:iam::{MEMBER}:role/{prefix}EvidenceReader" for prefix in ("A-", "B-")}


def _refusal(sts: Any, role_arn: str) -> dict[str, Any]:
    with pytest.raises(ClientError) as refused:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="closeloop-evidence")
    return dict(refused.value.response["Error"], Status=refused.value.response["ResponseMetadata"]["HTTPStatusCode"])


def test_the_central_automation_role_in_the_organisation_reads_through_the_reader_role(
    readers: dict[str, str],
) -> None:
    granted = _session(CENTRAL, AUTOMATION).assume_role(RoleArn=readers["A-"], RoleSessionName="closeloop-evidence")
    member = as_session("sts", granted, REGION)
    assert member.get_caller_identity()["Arn"].startswith(f"arn:aws:sts::{MEMBER}:assumed-role/A-EvidenceReader/")


def test_another_role_of_the_central_account_is_refused(readers: dict[str, str]) -> None:
    refusal = _refusal(_session(CENTRAL, "closeloop-Other"), readers["A-"])
    assert (refusal["Code"], refusal["Type"], refusal["Status"]) == ("AccessDenied", "Sender", 403)
    assert f"assumed-role/closeloop-Other/automation is not authorized to perform: sts:AssumeRole on resource: " \
           f"{readers['A-']}" in refusal["Message"]  # fmt: skip


def test_the_central_accounts_administrator_is_refused(readers: dict[str, str]) -> None:
    assert _refusal(_client("sts", CENTRAL), readers["A-"])["Code"] == "AccessDenied"


def test_the_pinned_role_from_an_account_outside_the_organisation_is_refused(readers: dict[str, str]) -> None:
    assert _refusal(_session(OUTSIDE, AUTOMATION), readers["B-"])["Code"] == "AccessDenied"


def test_the_central_role_is_refused_by_a_reader_pinned_to_another_account(readers: dict[str, str]) -> None:
    assert _refusal(_session(CENTRAL, AUTOMATION), readers["B-"])["Code"] == "AccessDenied"
