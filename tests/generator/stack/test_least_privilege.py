"""Every role is least privilege: no `*` action, writes only to closeloop's own resources, reads only within
this account, and only AWS services may assume a role. (Which resource types and condition keys each action
takes, and `*` only where it takes none, is proven against the IAM database: tests/generator/iam/.)"""

import re
from typing import Any

from domain.member_roles import timeline_reader_name
from generator.stack.parameters import PREFIX_VARIABLE
from runbooks.catalogue import BASES, RUNBOOKS
from runbooks.scripts.org import reader_role_name
from tests.generator.stack.conftest import policy_statements, resources_of

READ_VERBS = ("Get", "List", "Describe", "BatchGet", "Query", "Scan", "Lookup", "Filter", "StartQuery")
# What closeloop owns: its resources in this template are the only place a write may go.
OWN_TYPES = {
    "AWS::DynamoDB::Table",
    "AWS::S3::Bucket",
    "AWS::SNS::Topic",
    "AWS::SQS::Queue",
    "AWS::Logs::LogGroup",
    "AWS::KMS::Key",
    "AWS::SecretsManager::Secret",
    "AWS::IAM::Role",
}


def actions(statement: dict[str, Any]) -> list[str]:
    value = statement["Action"]
    return [value] if isinstance(value, str) else list(value)


def resources(statement: dict[str, Any]) -> list[Any]:
    value = statement["Resource"]
    return value if isinstance(value, list) else [value]


def is_read(action: str) -> bool:
    return action.split(":", 1)[1].startswith(READ_VERBS)


def names_own_resource(resource: Any, template: dict[str, Any]) -> bool:
    """A Ref/GetAtt/Sub of one of closeloop's own resources, or one of closeloop's own documents."""
    owned = {logical for kind in OWN_TYPES for logical in resources_of(template, kind)}
    if isinstance(resource, dict) and "Ref" in resource:
        return resource["Ref"] in owned
    if isinstance(resource, dict) and "Fn::GetAtt" in resource:
        return resource["Fn::GetAtt"][0] in owned and resource["Fn::GetAtt"][1] == "Arn"
    if isinstance(resource, dict) and "Fn::Sub" in resource:
        text = resource["Fn::Sub"]
        # This stack's documents: the stack's NamePrefix and a catalogue runbook's base.
        documents = "|".join(re.escape(base) for base in BASES)
        if re.fullmatch(
            rf"arn:\$\{{AWS::Partition\}}:ssm:\$\{{AWS::Region\}}:\$\{{AWS::AccountId\}}:automation-definition/\$\{{NamePrefix\}}({documents}):\*",
            text,
        ):
            return True
        # The operator's reminder topics, named by the prefix the stack is given (ReminderTopicPrefix).
        if text == "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ReminderTopicPrefix}*":
            return True
        match = re.fullmatch(r"\$\{(\w+)\.Arn\}/.*", text)
        return bool(match and match.group(1) in owned)
    return False


def test_no_statement_allows_every_action(template: dict[str, Any]) -> None:
    for role, statement in policy_statements(template):
        for action in actions(statement):
            assert "*" not in action, f"{role}: {statement['Sid']} allows {action}"


# Central role -> the one member-stack role it may assume (a read through another account's role).
MEMBER_ROLES = {
    "AutomationRole": reader_role_name(PREFIX_VARIABLE),
    "TimelineHandlerRole": timeline_reader_name(PREFIX_VARIABLE),
}


def assumes_member_role(statement: dict[str, Any], name: str | None = None) -> bool:
    """Exactly AssumeRole of one of the member stacks' reader roles (`name`, or either)."""
    patterns = [f"arn:${{AWS::Partition}}:iam::*:role/{n}" for n in ([name] if name else MEMBER_ROLES.values())]
    return actions(statement) == ["sts:AssumeRole"] and resources(statement) in [[{"Fn::Sub": p}] for p in patterns]


def test_each_central_role_that_reads_members_assumes_its_own_member_role_and_no_other(
    template: dict[str, Any],
) -> None:
    assuming = [(r, s) for r, s in policy_statements(template) if "sts:AssumeRole" in actions(s)]
    assert sorted(role for role, _ in assuming) == sorted(MEMBER_ROLES)
    assert all(assumes_member_role(statement, MEMBER_ROLES[role]) for role, statement in assuming), assuming


def test_writes_go_only_to_closeloops_own_resources(template: dict[str, Any]) -> None:
    writes = 0
    for role, statement in policy_statements(template):
        if all(is_read(a) for a in actions(statement)) or assumes_member_role(statement):
            continue
        writes += 1
        for resource in resources(statement):
            assert names_own_resource(resource, template), f"{role}: {statement['Sid']} writes to {resource}"
    assert writes >= 5  # the check looked at the role's real writes, not at nothing


def test_reads_of_other_resources_stay_in_this_account_and_region(template: dict[str, Any]) -> None:
    for role, statement in policy_statements(template):
        for resource in resources(statement):
            if (
                isinstance(resource, dict)
                and "Fn::Sub" in resource
                and not names_own_resource(resource, template)
                and not assumes_member_role(statement)  # other accounts are read through their own role
            ):
                text = resource["Fn::Sub"]
                assert "${AWS::Region}:${AWS::AccountId}:" in text, f"{role}: {statement['Sid']} reads {text}"
                assert all(is_read(a) for a in actions(statement))


def test_pass_role_passes_only_the_automation_role_to_ssm(template: dict[str, Any]) -> None:
    passing = [(r, s) for r, s in policy_statements(template) if "iam:PassRole" in actions(s)]
    assert passing
    for _, statement in passing:
        assert statement["Resource"] == {"Fn::GetAtt": ["AutomationRole", "Arn"]}
        assert statement["Condition"] == {"StringEquals": {"iam:PassedToService": "ssm.amazonaws.com"}}


def test_only_aws_services_assume_the_roles(template: dict[str, Any]) -> None:
    for logical, role in resources_of(template, "AWS::IAM::Role").items():
        for statement in role["Properties"]["AssumeRolePolicyDocument"]["Statement"]:
            assert set(statement["Principal"]) == {"Service"}, logical
            assert statement["Principal"]["Service"] in ("ssm.amazonaws.com", "lambda.amazonaws.com"), logical


def test_every_role_is_checked(template: dict[str, Any]) -> None:
    roles = set(resources_of(template, "AWS::IAM::Role"))
    assert {role for role, _ in policy_statements(template)} == roles


def test_every_execute_aws_api_step_is_allowed_by_the_automation_role(template: dict[str, Any]) -> None:
    allowed = {a for role, s in policy_statements(template) if role == "AutomationRole" for a in actions(s)}
    for name, builder in RUNBOOKS.items():
        for path, step in builder().all_steps():
            if step.action == "aws:executeAwsApi":
                inputs = step.model_dump()["inputs"]
                action = f"{inputs['Service']}:{inputs['Api']}"
                assert action in allowed, f"{name} {path} calls {action}, which the automation role does not allow"
