"""The timeline-reader role of a member account: the central timeline function assumes it to find which incident
an event this account forwarded belongs to (an alarm's tags; an Automation execution, its tags and OpsItem).

It is not the evidence reader (reader_role.py): each central role gets its own member role, so each trust names
one principal. Its actions are what the timeline handler calls on the clients it makes in a member account
(handlers/timeline/accounts.py, read from the handler's code), each scoped as the timeline function's own grant
for it (handler_specs.TIMELINE), in this account and any of the StackSet's regions. Its trust admits the
central timeline function's role only, by ARN, from inside the organisation. generator/iam/member_proof.py
proves both.
"""

from troposphere import Sub, Template
from troposphere.iam import Policy, Role

from domain.member_roles import timeline_reader_name
from generator.iam.member_reads import timeline_member_actions
from generator.stack.handler_specs import TIMELINE
from generator.stack.member.parameters import IN_ROLE_REGION, TIMELINE_ROLE_ARN
from generator.stack.member.reader_role import central_role_trust, reader_statements
from generator.stack.parameters import NAME_PREFIX

TIMELINE_READER_ROLE = "TimelineReaderRole"
TIMELINE_READER_POLICY = "read-what-links-events-to-incidents"


def timeline_reader_role() -> Role:
    return Role(
        TIMELINE_READER_ROLE,
        Condition=IN_ROLE_REGION,
        RoleName=Sub(timeline_reader_name("${" + NAME_PREFIX + "}")),
        Description="closeloop: the central timeline function reads the alarm tags and Automation executions of "
        "this account's forwarded events through it",
        MaxSessionDuration=3600,
        AssumeRolePolicyDocument=central_role_trust(TIMELINE_ROLE_ARN, "CentralTimelineFunctionOnly"),
        Policies=[
            Policy(
                PolicyName=TIMELINE_READER_POLICY,
                PolicyDocument={
                    "Version": "2012-10-17",
                    "Statement": reader_statements(list(timeline_member_actions()), TIMELINE.grants),
                },
            )
        ],
    )


def add_timeline_reader_role(template: Template) -> None:
    template.add_resource(timeline_reader_role())
