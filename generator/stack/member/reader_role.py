"""The evidence-reader role of a member account: the central Automation role assumes it to collect evidence.

Its actions are what the collectors' code calls (generator/iam/collectors.py), not a list kept by hand; each
is scoped to the resource the central Automation role's grant for it names (automation_role.EVIDENCE_READS),
in this account and any of the StackSet's regions. Its trust names one principal: the central Automation
role, by ARN, from inside the organisation (`aws:PrincipalOrgID`). generator/iam/member_proof.py proves both.
"""

from troposphere import Ref, Select, Split, Sub, Template
from troposphere.iam import Policy, Role

from generator.iam.collectors import collector_actions
from generator.stack.automation_role import EVIDENCE_READS
from generator.stack.grants import AccountRead, Grant, UnscopedRead
from generator.stack.member.parameters import (
    AUTOMATION_ROLE_ARN,
    IN_ROLE_REGION,
    ORGANIZATION_ID,
    REGIONS,
)
from generator.stack.parameters import NAME_PREFIX
from runbooks.scripts.org import reader_role_name

READER_ROLE = "EvidenceReaderRole"
READER_POLICY = "read-incident-evidence"


class UnscopedCollectorCall(Exception):
    """A collector calls an action no grant of the Automation role scopes: its resource is unknown."""


def _grant_of(action: str, grants: tuple[Grant, ...] = EVIDENCE_READS) -> AccountRead | UnscopedRead:
    for grant in grants:
        if isinstance(grant, AccountRead | UnscopedRead) and action in grant.actions:
            return grant
    raise UnscopedCollectorCall(f"{action}: no evidence read of the Automation role grants it (automation_role.py)")


def reader_statements(actions: list[str], grants: tuple[Grant, ...] = EVIDENCE_READS) -> list[dict[str, object]]:
    """One statement per central grant (the Automation role's, or `grants`) the actions fall under, in any of
    the StackSet's regions."""
    by_grant: dict[str, tuple[AccountRead | UnscopedRead, list[str]]] = {}
    for action in actions:
        grant = _grant_of(action, grants)
        by_grant.setdefault(grant.sid, (grant, []))[1].append(action)
    statements: list[dict[str, object]] = []
    for sid, (grant, granted) in by_grant.items():
        resource: object = (
            Sub("arn:${AWS::Partition}:" + grant.resource.replace("${AWS::Region}", "*"))
            if isinstance(grant, AccountRead)
            else "*"
        )
        statements.append(
            {
                "Sid": sid,
                "Effect": "Allow",
                "Action": sorted(granted),
                "Resource": resource,
                "Condition": {"StringEquals": {"aws:RequestedRegion": Ref(REGIONS)}},
            }
        )
    return statements


def central_role_trust(role_arn_parameter: str, sid: str) -> dict[str, object]:
    """The central account may assume the role only as the one central role the parameter names, and only from
    inside the organisation.

    The principal is the central account, pinned to the role by `aws:PrincipalArn`: a role named directly as
    the principal is stored as its unique id, and a central stack that replaces the role would be locked out."""
    central_account = Select(4, Split(":", Ref(role_arn_parameter)))
    partition = Select(1, Split(":", Ref(role_arn_parameter)))
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": sid,
                "Effect": "Allow",
                "Principal": {
                    "AWS": Sub("arn:${Partition}:iam::${Central}:root", Partition=partition, Central=central_account)
                },
                "Action": "sts:AssumeRole",
                "Condition": {
                    "ArnEquals": {"aws:PrincipalArn": Ref(role_arn_parameter)},
                    "StringEquals": {"aws:PrincipalOrgID": Ref(ORGANIZATION_ID)},
                },
            }
        ],
    }


def reader_trust() -> dict[str, object]:
    """The central account may assume it only as its Automation role, and only from inside the organisation."""
    return central_role_trust(AUTOMATION_ROLE_ARN, "CentralAutomationRoleOnly")


def reader_role() -> Role:
    return Role(
        READER_ROLE,
        Condition=IN_ROLE_REGION,
        RoleName=Sub(reader_role_name("${" + NAME_PREFIX + "}")),
        Description="closeloop: the central Automation role reads incident evidence in this account through it",
        MaxSessionDuration=3600,
        AssumeRolePolicyDocument=reader_trust(),
        Policies=[
            Policy(
                PolicyName=READER_POLICY,
                PolicyDocument={"Version": "2012-10-17", "Statement": reader_statements(list(collector_actions()))},
            )
        ],
    )


def add_reader_role(template: Template) -> None:
    template.add_resource(reader_role())
