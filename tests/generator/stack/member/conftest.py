"""The member template as data, and the central template, as the member stack's tests have them; and the member
template deployed into an account of the emulator as a StackSet's instances would be."""

from typing import Any

import boto3
import pytest

from generator.emulator.accounts import in_account
from generator.stack.member.template import build_member_template
from generator.stack.render import MEMBER_TEMPLATE_FILE
from tests.conftest import ROOT
from tests.generator.stack.conftest import template as template

__all__ = ["member", "template"]
MEMBER_STACK = "closeloop-member"


@pytest.fixture(scope="session")
def member() -> dict[str, Any]:
    data: dict[str, Any] = build_member_template().to_dict()
    return data


def client(service: str, account: str, region: str) -> Any:
    """A client of the emulator acting in `account` (its administrator)."""
    return in_account(boto3.client(service, region_name=region), account)  # type: ignore[call-overload]


def deploy_member_template(account: str, regions: list[str], values: dict[str, str]) -> dict[str, str]:
    """The generated member template in each region of `account` (the roles in the first); region -> status."""
    body = (ROOT / MEMBER_TEMPLATE_FILE).read_text(encoding="utf-8")
    given = {"ReaderRoleRegion": regions[0], "Regions": ",".join(regions), **values}
    statuses = {}
    for region in regions:
        cloudformation = client("cloudformation", account, region)
        cloudformation.create_stack(
            StackName=MEMBER_STACK,
            TemplateBody=body,
            Capabilities=["CAPABILITY_NAMED_IAM"],
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in given.items()],
        )
        statuses[region] = cloudformation.describe_stacks(StackName=MEMBER_STACK)["Stacks"][0]["StackStatus"]
    return statuses


def credentials(answer: dict[str, Any]) -> dict[str, str]:
    """An AssumeRole answer's credentials, as boto3.client takes them."""
    granted = answer["Credentials"]
    return {
        "aws_access_key_id": granted["AccessKeyId"],
        "aws_secret_access_key": granted["SecretAccessKey"],
        "aws_session_token": granted["SessionToken"],
    }
