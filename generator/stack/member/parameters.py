"""What a member stack is told by the central stack's StackSet (generator/stack/organization.py)."""

from troposphere import Equals, Parameter, Ref, Template

from domain.member_roles import TIMELINE_READER
from generator.stack.parameters import name_prefix_parameter
from runbooks.scripts.org import READER_ROLE

# IAM role names are at most 64 characters (IAM quotas): the prefix leaves room for the longer role name.
PREFIX_MAX_LENGTH = 64 - max(len(READER_ROLE), len(TIMELINE_READER))
AUTOMATION_ROLE_ARN = "CentralAutomationRoleArn"
TIMELINE_ROLE_ARN = "CentralTimelineRoleArn"
EVENT_BUS_ARN = "CentralEventBusArn"
ORGANIZATION_ID = "OrganizationId"
ROLE_REGION = "ReaderRoleRegion"
REGIONS = "Regions"
# IAM is global: the account's one evidence-reader role is made by the stack instance in this region only.
IN_ROLE_REGION = "InReaderRoleRegion"

ROLE_ARN_PATTERN = r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$"
BUS_ARN_PATTERN = r"^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus/[\w.\-/]{1,256}$"
# AWS Organizations: "o-" and 10 to 32 lowercase letters or digits (Organization API reference, Id).
ORGANIZATION_ID_PATTERN = r"^o-[a-z0-9]{10,32}$"
REGION_PATTERN = r"^[a-z]{2}(-[a-z]+)+-\d$"


def add_member_parameters(template: Template) -> None:
    template.add_parameter(
        name_prefix_parameter(
            "The central stack's NamePrefix: the roles are <prefix>EvidenceReader and <prefix>TimelineReader.",
            PREFIX_MAX_LENGTH,
        )
    )
    template.add_parameter(
        Parameter(
            AUTOMATION_ROLE_ARN,
            Type="String",
            AllowedPattern=ROLE_ARN_PATTERN,
            Description="The central closeloop stack's Automation role (its AutomationRoleArn output): the only "
            "principal that may assume this account's evidence-reader role.",
        )
    )
    template.add_parameter(
        Parameter(
            TIMELINE_ROLE_ARN,
            Type="String",
            AllowedPattern=ROLE_ARN_PATTERN,
            Description="The central closeloop stack's timeline function role: the only principal that may assume "
            "this account's timeline-reader role, to find the incident of an event this account forwarded.",
        )
    )
    template.add_parameter(
        Parameter(
            EVENT_BUS_ARN,
            Type="String",
            AllowedPattern=BUS_ARN_PATTERN,
            Description="The central account's bus for member events (its MemberEventBusArn output).",
        )
    )
    template.add_parameter(
        Parameter(
            ORGANIZATION_ID,
            Type="String",
            AllowedPattern=ORGANIZATION_ID_PATTERN,
            Description="The organisation's id (o-...): the reader role trusts the central role only from inside it.",
        )
    )
    template.add_parameter(
        Parameter(
            ROLE_REGION,
            Type="String",
            AllowedPattern=REGION_PATTERN,
            Description="The one region whose stack instance creates the account's reader roles (IAM is "
            "global); every region's instance forwards that region's events.",
        )
    )
    template.add_parameter(
        Parameter(
            REGIONS,
            Type="CommaDelimitedList",
            Description="The regions the StackSet deploys to: the reader roles read in these regions only.",
        )
    )
    template.add_condition(IN_ROLE_REGION, Equals(Ref("AWS::Region"), Ref(ROLE_REGION)))
