"""The proof's resource and condition half: each fault injected into the built template is one finding."""

import copy
from collections.abc import Callable
from typing import Any

import pytest

from generator.iam.arns import can_name
from generator.iam.findings import Finding
from generator.iam.proof import stack_findings
from generator.iam.resource_proof import resource_findings

TABLE = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"
INDEX = TABLE + "/index/${IndexName}"
LOG_STREAM = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}"


@pytest.mark.parametrize(
    ("pattern", "arn_format", "names"),
    [
        ("arn:aws:dynamodb:eu-west-1:1:table/t", TABLE, True),
        ("arn:aws:dynamodb:eu-west-1:1:table/t/index/*", TABLE, False),
        ("arn:aws:dynamodb:eu-west-1:1:table/t/index/*", INDEX, True),
        ("arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/f:*", LOG_STREAM, True),  # a log group's Arn, ":*"
        ("arn:aws:sns:eu-west-1:1:topic", TABLE, False),
    ],
)
def test_a_resource_names_a_type_when_its_wildcards_can_match_the_types_format(
    pattern: str, arn_format: str, names: bool
) -> None:
    assert can_name(pattern, arn_format) is names


def statement(template: dict[str, Any], role_policy: str, sid: str) -> dict[str, Any]:
    resources = template["Resources"]
    if role_policy in resources and resources[role_policy]["Type"] == "AWS::IAM::Policy":
        found = resources[role_policy]["Properties"]["PolicyDocument"]["Statement"]
    else:
        found = [s for p in resources[role_policy]["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]]
    return next(s for s in found if s.get("Sid") == sid)


def findings_after(template: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> list[Finding]:
    changed = copy.deepcopy(template)
    change(changed)
    return resource_findings(changed)


def test_the_shipped_stacks_resources_and_conditions_pass(template: dict[str, Any]) -> None:
    assert resource_findings(template) == []


def test_a_star_for_an_action_that_takes_a_resource_type_fails(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        statement(t, "AutomationRolePolicy", "ReadLogs")["Resource"] = "*"

    findings = findings_after(template, change)
    assert {f.action for f in findings} == {"logs:FilterLogEvents", "logs:StartQuery", "logs:GetQueryResults"}
    assert all(f.resource == "*" and f.problem.startswith("`*` where the action takes") for f in findings)


def test_a_resource_of_a_type_the_action_does_not_take_fails(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        statement(t, "TimelineHandlerRole", "RecordTimelineEvents")["Resource"] = [{"Fn::Sub": "${Table.Arn}/index/*"}]

    findings = findings_after(template, change)
    assert {f.action for f in findings} == {
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
    }
    assert findings[0].line().startswith("TimelineHandlerRole (closeloop-timeline): dynamodb:")
    assert "${Table.Arn}/index/*: names no resource of a type the action takes" in findings[0].line()


def test_a_write_beyond_closeloops_own_resources_fails(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        every_table = {"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*"}
        statement(t, "WebhookHandlerRole", "RecordDeliveries")["Resource"] = [every_table]

    writes = {f.action for f in findings_after(template, change) if "not closeloop's own" in f.problem}
    assert writes == {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}  # not Query, GetItem


def test_a_read_in_another_account_fails(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        elsewhere = {"Fn::Sub": "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:999999999999:alarm:*"}
        statement(t, "TimelineHandlerRole", "ReadAlarmTags")["Resource"] = elsewhere

    assert [f.problem for f in findings_after(template, change)] == ["a read outside this account and region"]


def test_a_resource_for_an_action_that_takes_none_fails(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        statement(t, "AutomationRolePolicy", "ReadApisThatTakeNoResource")["Resource"] = {
            "Fn::GetAtt": ["Table", "Arn"]
        }

    findings = findings_after(template, change)
    assert "cloudtrail:LookupEvents" in {f.action for f in findings}
    assert all(f.problem == "the action takes no resource type: only `*` can grant it" for f in findings)


def test_a_condition_key_the_action_does_not_take_fails_and_a_global_one_passes(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        passing = statement(t, "AutomationRolePolicy", "PassThisRoleToChildAutomations")
        passing["Condition"] = {"StringEquals": {"iam:PassedToService": "ssm.amazonaws.com", "ssm:Overwrite": "x"}}
        publishing = statement(t, "AutomationRolePolicy", "NotifyOwnersAndCommanders")
        publishing["Condition"] = {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}

    findings = findings_after(template, change)
    assert [f.line() for f in findings] == [
        "AutomationRole (AutomationRolePolicy): iam:PassRole: condition key ssm:Overwrite is not one the action takes"
    ]


def test_a_resource_policys_wildcard_actions_are_checked_one_by_one(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        logs = t["Resources"]["Key"]["Properties"]["KeyPolicy"]["Statement"][1]
        logs["Action"] = [*logs["Action"], "kms:Describe*"]

    findings = findings_after(template, change)
    assert {(f.where, f.action) for f in findings} == {
        ("Key", "kms:DescribeKey"),
        ("Key", "kms:DescribeCustomKeyStores"),
    }


def test_a_role_no_proof_covers_is_a_finding(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    changed["Resources"]["SpareRole"] = copy.deepcopy(changed["Resources"]["ActionsHandlerRole"])
    spare = [f for f in stack_findings(changed) if f.where.startswith("SpareRole")]
    assert [f.line() for f in spare] == [
        "SpareRole: *: no proof knows what runs as this role: add its RoleNeeds to stack_roles"
    ]


def test_assuming_any_role_but_the_member_reader_elsewhere_fails(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        other = {"Fn::Sub": "arn:${AWS::Partition}:iam::*:role/Admin"}
        statement(t, "AutomationRolePolicy", "ReadOtherTargetsThroughTheirReaderRole")["Resource"] = other

    assert [(f.action, f.problem) for f in findings_after(template, change)] == [
        ("sts:AssumeRole", "a write to a resource that is not closeloop's own")
    ]
