"""The member template deployed into a second account of the emulator, in two regions, as a StackSet would:
the reader role exists once, only in its region's instance, under its published name; the central Automation
role assumes it and reads the member's alarms; and a member alarm event reaches the central bus whole, with
the member's account and region.

moto keeps one set of backends per account (generator/emulator/accounts.py); AssumeRole refuses a role that
does not exist or whose trust (Conditions too) refuses the caller (generator/emulator/sts.py), and bus-to-bus
delivery keeps the event as AWS does (generator/emulator/buses.py).
"""

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from domain.member_roles import timeline_reader_arn
from generator.emulator.extensions import install
from generator.emulator.organizations import join_organization
from runbooks.scripts.org import forwarding_bus_name, reader_role_arn
from tests.generator.stack.member.conftest import client as member_client
from tests.generator.stack.member.conftest import credentials, deploy_member_template
from tests.generator.stack.test_step_rule import event
from tests.runbooks.scripts.evidence.seed import put_alarm

CENTRAL = "111122223333"  # accounts of this test alone: the session's other tests use 123456789012
MEMBER = "444455556666"
HOME, OTHER = "us-east-1", "eu-west-1"
# moto's CloudFormation skips AWS::SQS::QueuePolicy (the dead-letter queue's); it warns, the rest deploys.
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse .* but it's not supported")


def client(service: str, account: str, region: str = HOME) -> Any:
    return member_client(service, account, region)


@pytest.fixture(scope="module")
def central(moto_endpoint: str) -> Iterator[dict[str, str]]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "AWS_ENDPOINT_URL": moto_endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_MAX_ATTEMPTS": "1",
        }.items():
            patch.setenv(name, value)
        install()
        iam = client("iam", CENTRAL)
        trust = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": CENTRAL}, "Action": "sts:AssumeRole"}]}
        role = iam.create_role(RoleName="closeloop-AutomationRole", AssumeRolePolicyDocument=json.dumps(trust))
        timeline = iam.create_role(RoleName="closeloop-TimelineRole", AssumeRolePolicyDocument=json.dumps(trust))
        events = client("events", CENTRAL)
        bus = events.create_event_bus(Name=forwarding_bus_name())["EventBusArn"]
        queue = client("sqs", CENTRAL).create_queue(QueueName="forwarded")["QueueUrl"]
        queue_arn = f"arn:aws:sqs:{HOME}:{CENTRAL}:forwarded"
        events.put_rule(Name="everything", EventBusName=bus, EventPattern=json.dumps({"source": ["aws.cloudwatch"]}))
        events.put_targets(Rule="everything", EventBusName=bus, Targets=[{"Id": "q", "Arn": queue_arn}])
        yield {"role": role["Role"]["Arn"], "timeline": timeline["Role"]["Arn"], "bus": bus, "queue": queue}


@pytest.fixture(scope="module")
def member(central: dict[str, str]) -> dict[str, str]:
    """The member template deployed in two regions of the member account, as the StackSet's instances."""
    values = {
        "CentralAutomationRoleArn": central["role"],
        "CentralTimelineRoleArn": central["timeline"],
        "CentralEventBusArn": central["bus"],
        "OrganizationId": join_organization(CENTRAL, MEMBER),  # the reader trusts the central role only from it
    }
    return deploy_member_template(MEMBER, [HOME, OTHER], values)


def test_both_regions_instances_are_created(member: dict[str, str]) -> None:
    assert member == {HOME: "CREATE_COMPLETE", OTHER: "CREATE_COMPLETE"}


def test_the_reader_role_is_in_the_member_account_once_under_its_published_name(member: dict[str, str]) -> None:
    role = client("iam", MEMBER).get_role(RoleName="Closeloop-EvidenceReader")["Role"]
    assert role["Arn"] == reader_role_arn(MEMBER)
    outputs = client("cloudformation", MEMBER, OTHER).describe_stacks(StackName="closeloop-member")["Stacks"][0]
    assert "EvidenceReaderRoleArn" not in {o["OutputKey"] for o in outputs.get("Outputs", [])}
    names = [r["RoleName"] for r in client("iam", CENTRAL).list_roles()["Roles"]]
    assert "Closeloop-EvidenceReader" not in names


def test_the_timeline_reader_is_there_once_too_apart_from_the_evidence_reader(member: dict[str, str]) -> None:
    role = client("iam", MEMBER).get_role(RoleName="Closeloop-TimelineReader")["Role"]
    assert role["Arn"] == timeline_reader_arn(MEMBER, "Closeloop-")
    outputs = client("cloudformation", MEMBER, OTHER).describe_stacks(StackName="closeloop-member")["Stacks"][0]
    assert "TimelineReaderRoleArn" not in {o["OutputKey"] for o in outputs.get("Outputs", [])}
    home = client("cloudformation", MEMBER, HOME).describe_stacks(StackName="closeloop-member")["Stacks"][0]
    assert {o["OutputKey"]: o["OutputValue"] for o in home["Outputs"]}["TimelineReaderRoleArn"] == role["Arn"]


def test_each_region_forwards_to_the_central_bus(member: dict[str, str], central: dict[str, str]) -> None:
    for region in (HOME, OTHER):
        events = client("events", MEMBER, region)
        rules = [r["Name"] for r in events.list_rules()["Rules"]]
        forwarding = [r for r in rules if "ForwardAlarmStateChanges" in r]
        assert forwarding, rules
        (target,) = events.list_targets_by_rule(Rule=forwarding[0])["Targets"]
        assert target["Arn"] == central["bus"]
        assert target["RoleArn"].startswith(f"arn:aws:iam::{MEMBER}:role/")


def test_the_central_automation_role_reads_the_members_alarms(member: dict[str, str], central: dict[str, str]) -> None:
    put_alarm(client("cloudwatch", MEMBER, OTHER), "checkout-5xx")
    as_central = client("sts", CENTRAL).assume_role(RoleArn=central["role"], RoleSessionName="automation")
    automation = boto3.client("sts", region_name=HOME, **credentials(as_central))  # type: ignore[call-overload]
    as_reader = automation.assume_role(RoleArn=reader_role_arn(MEMBER), RoleSessionName="closeloop-evidence")
    cloudwatch = boto3.client("cloudwatch", region_name=OTHER, **credentials(as_reader))  # type: ignore[call-overload]
    assert [a["AlarmName"] for a in cloudwatch.describe_alarms()["MetricAlarms"]] == ["checkout-5xx"]


def test_a_member_alarm_event_reaches_the_central_bus_with_its_account_and_region(
    member: dict[str, str], central: dict[str, str]
) -> None:
    alarm = event("cloudwatch_alarm_state_change_alarm.json")
    client("events", MEMBER, OTHER).put_events(
        Entries=[
            {
                "Source": alarm["source"],
                "DetailType": alarm["detail-type"],
                "Detail": json.dumps(alarm["detail"]),
                "Resources": [f"arn:aws:cloudwatch:{OTHER}:{MEMBER}:alarm:ServerCpuTooHigh"],
            }
        ]
    )
    sqs = client("sqs", CENTRAL)
    messages = sqs.receive_message(QueueUrl=central["queue"], MaxNumberOfMessages=10).get("Messages", [])
    arrived = [json.loads(m["Body"]) for m in messages]
    assert [(e["account"], e["region"], e["resources"]) for e in arrived] == [
        (MEMBER, OTHER, [f"arn:aws:cloudwatch:{OTHER}:{MEMBER}:alarm:ServerCpuTooHigh"])
    ]
