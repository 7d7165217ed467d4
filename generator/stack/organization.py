"""The central side of an organisation: the bus member accounts forward their events to, and the
service-managed StackSet that gives every account of the chosen organisational units the member stack.

Both exist only when the stack is told its organisation (`OrganizationId`); the StackSet only when it is
also told which organisational units and regions to deploy to. A StackSet with service-managed
permissions is created from the organisation's management account or a delegated administrator
(`MemberStackSetCallAs`); with AutoDeployment on, an account that joins one of the units gets the member
stack, and one that leaves loses it.
"""

from troposphere import And, Condition, Equals, GetAtt, Join, Not, Output, Parameter, Ref, Select, Sub, Template
from troposphere.cloudformation import (
    AutoDeployment,
    DeploymentTargets,
    ManagedExecution,
    OperationPreferences,
    StackInstances,
    StackSet,
)
from troposphere.cloudformation import Parameter as StackSetParameter
from troposphere.events import EventBus

from generator.document.writer import dump_yaml
from generator.stack.function_names import names
from generator.stack.handler_specs import TIMELINE
from generator.stack.member import parameters as member
from generator.stack.member.template import build_member_template
from generator.stack.names import AUTOMATION_ROLE, HAS_ORGANIZATION, MEMBER_BUS
from generator.stack.parameters import NAME_PREFIX, PREFIX_VARIABLE
from runbooks.scripts.org import forwarding_bus_name

ORGANIZATION_ID = "OrganizationId"
MEMBER_UNITS = "MemberOrganizationalUnitIds"
MEMBER_REGIONS = "MemberRegions"
CALL_AS = "MemberStackSetCallAs"
DEPLOYS_MEMBERS = "DeploysMemberStacks"
MEMBER_STACK_SET = "MemberStackSet"
# The bus is this stack's: a second stack (another NamePrefix) in the account has its own.
BUS_NAME = forwarding_bus_name(PREFIX_VARIABLE)
ORGANIZATIONAL_UNIT_PATTERN = r"^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$"


def add_organization_parameters(template: Template) -> None:
    template.add_parameter(
        Parameter(
            ORGANIZATION_ID,
            Type="String",
            Default="",
            AllowedPattern=r"^$|" + member.ORGANIZATION_ID_PATTERN,
            Description="Your AWS Organizations id (o-...), to collect evidence and events from member accounts. "
            "Empty: this account only.",
        )
    )
    template.add_parameter(
        Parameter(
            MEMBER_UNITS,
            Type="CommaDelimitedList",
            Default="",
            Description="Organisational units (ou-... or the root r-...) whose accounts get the member stack. "
            "Empty: no StackSet (deploy templates/cloudformation/closeloop-member.yaml yourself).",
        )
    )
    template.add_parameter(
        Parameter(
            MEMBER_REGIONS,
            Type="CommaDelimitedList",
            Default="",
            Description="The regions the member stack goes to in each account; the first also gets the account's "
            "evidence-reader role (IAM is global).",
        )
    )
    template.add_parameter(
        Parameter(
            CALL_AS,
            Type="String",
            Default="DELEGATED_ADMIN",
            AllowedValues=["DELEGATED_ADMIN", "SELF"],
            Description="DELEGATED_ADMIN when this account is a delegated administrator for StackSets (AWS's "
            "advice: keep the management account out of day-to-day work); SELF in the management account.",
        )
    )
    template.add_condition(HAS_ORGANIZATION, Not(Equals(Ref(ORGANIZATION_ID), "")))
    template.add_condition(
        DEPLOYS_MEMBERS,
        And(
            Condition(HAS_ORGANIZATION),
            Not(Equals(Join("", Ref(MEMBER_UNITS)), "")),
            Not(Equals(Join("", Ref(MEMBER_REGIONS)), "")),
        ),
    )


def bus_policy() -> dict[str, object]:
    """Only principals of the organisation may put events on the bus (the members' forwarder roles)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "OrganisationMembersOnly",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "events:PutEvents",
                "Resource": Sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/" + BUS_NAME),
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": Ref(ORGANIZATION_ID)}},
            }
        ],
    }


def member_bus() -> EventBus:
    return EventBus(
        MEMBER_BUS,
        Condition=HAS_ORGANIZATION,
        Name=Sub(BUS_NAME),
        Description="closeloop: alarm and Automation events forwarded by the organisation's member accounts",
        Policy=bus_policy(),
    )


def member_template_body() -> str:
    return dump_yaml(build_member_template().to_dict())


def member_stack_set() -> StackSet:
    regions = Ref(MEMBER_REGIONS)
    values = {
        member.AUTOMATION_ROLE_ARN: GetAtt(AUTOMATION_ROLE, "Arn"),
        member.TIMELINE_ROLE_ARN: GetAtt(names(TIMELINE)["role"], "Arn"),
        member.EVENT_BUS_ARN: GetAtt(MEMBER_BUS, "Arn"),
        member.ORGANIZATION_ID: Ref(ORGANIZATION_ID),
        member.ROLE_REGION: Select(0, regions),
        member.REGIONS: Join(",", regions),
        NAME_PREFIX: Ref(NAME_PREFIX),  # the member stack takes the same parameter
    }
    return StackSet(
        MEMBER_STACK_SET,
        Condition=DEPLOYS_MEMBERS,
        StackSetName=Sub("${AWS::StackName}-members"),
        Description="closeloop member accounts: evidence-reader and timeline-reader roles, and event forwarding",
        PermissionModel="SERVICE_MANAGED",
        CallAs=Ref(CALL_AS),
        AutoDeployment=AutoDeployment(Enabled=True, RetainStacksOnAccountRemoval=False),
        Capabilities=["CAPABILITY_NAMED_IAM"],
        ManagedExecution=ManagedExecution(Active=True),
        # A few accounts at a time, regions in parallel; a tenth failing stops the rollout.
        OperationPreferences=OperationPreferences(
            MaxConcurrentPercentage=25, FailureTolerancePercentage=10, RegionConcurrencyType="PARALLEL"
        ),
        Parameters=[StackSetParameter(ParameterKey=k, ParameterValue=v) for k, v in values.items()],
        StackInstancesGroup=[
            StackInstances(
                DeploymentTargets=DeploymentTargets(OrganizationalUnitIds=Ref(MEMBER_UNITS)), Regions=regions
            )
        ],
        TemplateBody=member_template_body(),
    )


def add_organization(template: Template) -> None:
    add_organization_parameters(template)
    template.add_resource(member_bus())
    template.add_resource(member_stack_set())
    template.add_output(
        Output(
            "MemberEventBusArn",
            Condition=HAS_ORGANIZATION,
            Description="Where member accounts forward their alarm and Automation events",
            Value=GetAtt(MEMBER_BUS, "Arn"),
        )
    )
