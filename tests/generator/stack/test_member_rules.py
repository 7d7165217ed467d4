"""The timeline function's rules on the members' bus, as deployed, against AWS's documented events: what a member
stack forwards and the handler records reaches the handler, each rule is the only source its invoke permission
and the dead-letter queue admit, and the rules exist only where the bus does (a stack told its organisation).

Patterns are evaluated by moto's EventBridge matcher, held to AWS's documented semantics in test_step_rule.py.
"""

import copy
from typing import Any

import pytest

from generator.stack.member.forwarding import FORWARDED
from handlers.timeline.models import REQUEST, AlarmStateChangeEvent, StepStatusChangeEvent
from tests.generator.stack.conftest import resolved, resources_of
from tests.generator.stack.test_step_rule import event, matches, step

MEMBER = "444455556666"
BUS = "MemberEventBus"


def member_copy(delivered: dict[str, Any]) -> dict[str, Any]:
    """The event as it reaches the central bus from a member: EventBridge keeps its account and region."""
    return {**copy.deepcopy(delivered), "account": MEMBER, "region": "eu-west-1"}


@pytest.fixture(scope="module")
def rules(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Logical id -> rule, for the rules on the members' bus, as stack Closeloop- deploys them."""
    found = resolved(resources_of(template, "AWS::Events::Rule"), {"NamePrefix": "Closeloop-"})
    return {k: r for k, r in found.items() if r["Properties"].get("EventBusName") == {"Ref": BUS}}


def central_takes(rules: dict[str, dict[str, Any]], delivered: dict[str, Any]) -> bool:
    return any(matches(rule["Properties"]["EventPattern"], delivered) for rule in rules.values())


def members_forward(delivered: dict[str, Any]) -> bool:
    return any(matches(pattern, delivered) for _, pattern in FORWARDED.values())


def test_the_members_bus_has_the_timeline_functions_alarm_and_step_rules_only_with_the_bus(
    template: dict[str, Any], rules: dict[str, dict[str, Any]]
) -> None:
    assert sorted(rules) == [
        "TimelineHandlerMemberAlarmStateChangesRule",
        "TimelineHandlerMemberAutomationStepChangesRule",
    ]
    assert template["Resources"][BUS]["Condition"] == "HasOrganization"
    for rule in rules.values():
        assert rule["Condition"] == "HasOrganization"
        [target] = rule["Properties"]["Targets"]
        assert target["Arn"] == {"Fn::GetAtt": ["TimelineHandler", "Arn"]}
        assert target["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": ["TimelineHandlerDeadLetterQueue", "Arn"]}}
        assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0


def test_each_rule_is_the_only_source_its_permission_admits(
    template: dict[str, Any], rules: dict[str, dict[str, Any]]
) -> None:
    permissions = resources_of(template, "AWS::Lambda::Permission")
    for logical in rules:
        permission = permissions[f"{logical}Permission"]
        assert permission["Condition"] == "HasOrganization"
        assert permission["Properties"]["Principal"] == "events.amazonaws.com"
        assert permission["Properties"]["SourceArn"] == {"Fn::GetAtt": [logical, "Arn"]}


def test_the_dead_letter_queue_admits_the_rules_when_they_exist(
    template: dict[str, Any], rules: dict[str, dict[str, Any]]
) -> None:
    policy = template["Resources"]["TimelineHandlerDeadLetterQueuePolicy"]["Properties"]["PolicyDocument"]
    [statement] = policy["Statement"]
    sources = statement["Condition"]["ArnEquals"]["aws:SourceArn"]
    for logical in rules:
        arn = {"Fn::GetAtt": [logical, "Arn"]}
        assert {"Fn::If": ["HasOrganization", arn, {"Ref": "AWS::NoValue"}]} in sources


@pytest.mark.parametrize(
    "delivered",
    [
        event("cloudwatch_alarm_state_change_alarm.json"),
        event("cloudwatch_alarm_state_change_ok.json"),
        step(),
        step(Definition="AWS-RestartEC2Instance", Status="Failed"),
    ],
    ids=["alarm", "recovery", "step", "failed-aws-runbook-step"],
)
def test_awss_documented_events_a_member_forwards_reach_the_handler_which_parses_them(
    rules: dict[str, dict[str, Any]], delivered: dict[str, Any]
) -> None:
    forwarded = member_copy(delivered)
    assert members_forward(forwarded) and central_takes(rules, forwarded)
    request = REQUEST.validate_python(forwarded)
    assert isinstance(request, AlarmStateChangeEvent | StepStatusChangeEvent)
    assert (request.account, request.region) == (MEMBER, "eu-west-1")


@pytest.mark.parametrize(
    "delivered",
    [
        # Forwarded by members, but no event the handler records: the run's own steps say what happened.
        event("ssm_automation_execution_status_change.json"),
        step(Status="InProgress"),
        # closeloop's runbooks run in the central account: a member's runbook of that name is not this stack's.
        step(Definition="Closeloop-CollectEvidence", StepName="WriteManifest"),
    ],
    ids=["execution-status", "step-not-ended", "closeloop-manifest"],
)
def test_what_the_handler_would_not_record_stays_off_it(
    rules: dict[str, dict[str, Any]], delivered: dict[str, Any]
) -> None:
    assert not central_takes(rules, member_copy(delivered))


def test_every_event_the_central_rules_take_is_one_members_forward(rules: dict[str, dict[str, Any]]) -> None:
    """The central rules' patterns are the home rules', and narrower than the members' forwarding."""
    for logical, rule in rules.items():
        pattern = rule["Properties"]["EventPattern"]
        detail_types = pattern["detail-type"]
        forwarding = [p for _, p in FORWARDED.values() if p["detail-type"] == detail_types]
        assert forwarding, f"{logical}: no member rule forwards {detail_types}"
