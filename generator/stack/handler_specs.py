"""One entry per Lambda handler package in handlers/: adding a handler to the stack is one `HandlerSpec`.

Convention: `handlers/<name>/app.py` exposes `handler(event, context)`. A spec says what the handler may
touch (writes only to closeloop's own resources, `grants.OwnGrant`; reads of this account's resources,
`grants.AccountRead`), what starts it (EventBridge patterns, schedules, an HTTPS function URL) and which
runtime packages the zip must carry for it. The stack gives every handler its own role, dead-letter
queue, log group and alarms (functions.py).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from troposphere import Sub

from domain.documents import BASES_ENVIRONMENT, PREFIX_ENVIRONMENT
from domain.member_roles import timeline_reader_name
from domain.timeline import TERMINAL_STEP_STATUSES
from generator.stack.grants import AccountRead, AssumeMemberRole, Grant, OwnGrant, PrefixedWrite
from generator.stack.names import HAS_ORGANIZATION, MEMBER_BUS, Own, logical_id
from generator.stack.parameters import NAME_PREFIX, PREFIX_VARIABLE
from runbooks.catalogue import BASES

# The environment a handler gets for each of closeloop's resources it is granted.
ENVIRONMENT: Mapping[Own, str] = {
    "table": "TABLE_NAME",
    "bucket-objects": "EVIDENCE_BUCKET",
    "topic": "TOPIC_ARN",
    "secret": "JIRA_SECRET_ARN",
}
# What every handler imports besides handlers/ and domain/ (boto3 is in Lambda's Python runtime).
BASE_REQUIREMENTS = ("aws-lambda-powertools", "pydantic")


@dataclass(frozen=True)
class EventPattern:
    """An EventBridge rule whose matches invoke the handler: on the default bus, or on a bus of the stack
    (`bus`, its logical id) that exists under a template condition (`condition`)."""

    name: str
    description: str
    pattern: Mapping[str, Any]
    bus: str | None = None
    condition: str | None = None


@dataclass(frozen=True)
class Schedule:
    """An EventBridge schedule rule (`rate(...)`/`cron(...)`): an Events rule, which the emulator also runs."""

    name: str
    description: str
    expression: str


@dataclass(frozen=True)
class FunctionUrl:
    """An HTTPS endpoint without IAM auth: the handler must authenticate each request itself (signature)."""

    description: str


Trigger = EventPattern | Schedule | FunctionUrl


@dataclass(frozen=True)
class HandlerSpec:
    name: str  # the package under handlers/
    description: str
    grants: tuple[Grant, ...]
    triggers: tuple[Trigger, ...]
    requirements: tuple[str, ...] = BASE_REQUIREMENTS
    timeout_seconds: int = 30
    memory_mb: int = 256
    extra_environment: Mapping[str, str] = field(default_factory=dict)
    # Environment variable -> the stack parameter whose value it carries.
    parameter_environment: Mapping[str, str] = field(default_factory=dict)
    # The stack parameter giving the function's reserved concurrency (a public entry point), if any.
    concurrency_parameter: str | None = None
    # Environment variable -> the logical id of the stack's SSM parameter whose name it carries.
    setting_environment: Mapping[str, str] = field(default_factory=dict)

    @property
    def entry(self) -> str:
        return f"handlers.{self.name}.app.handler"

    @property
    def module(self) -> str:
        return f"handlers.{self.name}.app"

    @property
    def logical_name(self) -> str:
        return logical_id(self.name) + "Handler"

    def granted(self) -> list[Own]:
        return sorted({target for grant in self.grants if isinstance(grant, OwnGrant) for target in grant.on})


ALARM_STATE_CHANGES = EventPattern(
    name="AlarmStateChanges",
    description="Every CloudWatch alarm state change in this account and region becomes a timeline event",
    pattern={"source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"]},
)
# This stack's documents, by the names it gives them (the stack's NamePrefix, documents.py).
OWN_DOCUMENTS = [Sub(PREFIX_VARIABLE + base) for base in BASES]

# Steps of every other runbook (AWS-RestartEC2Instance, your own) that end; this stack's runbooks log their
# own steps, with the operator's notes, so the rule leaves them out, as the handler does. Another closeloop
# stack's runbooks cannot be left out here (EventBridge's anything-but takes a list of exact names, or one
# prefix): the handler recognises and skips those (handlers/timeline/service.py).
AUTOMATION_STEP_CHANGES = EventPattern(
    name="AutomationStepChanges",
    description="Steps of runbooks other than this stack's that end become events of their incident's timeline",
    pattern={
        "source": ["aws.ssm"],
        "detail-type": ["EC2 Automation Step Status-change Notification"],
        "detail": {
            "Definition": [{"anything-but": OWN_DOCUMENTS}],
            "Status": list(TERMINAL_STEP_STATUSES),
        },
    },
)

# The one closeloop step the timeline function records itself: the evidence manifest's anchor (its key, S3
# version and SHA-256), read from SSM's record of the run, so the role that writes the bucket never writes it.
# Only this stack's documents: another stack's manifest is that stack's to anchor.
MANIFEST_ANCHORS = EventPattern(
    name="EvidenceManifestAnchors",
    description="Each evidence manifest's version and SHA-256 onto its incident's timeline, from SSM's record",
    pattern={
        "source": ["aws.ssm"],
        "detail-type": ["EC2 Automation Step Status-change Notification"],
        "detail": {
            "Definition": OWN_DOCUMENTS,
            "StepName": ["WriteManifest"],
            "Status": ["Success"],
        },
    },
)

# The same events from the organisation's member accounts, as their member stacks forward them to the members' bus
# (generator/stack/member/forwarding.py); EventBridge keeps each one's account and region, and the handler reads
# the alarm's tags or the execution there, through the member's timeline reader. A member's manifest anchor is
# not this stack's to record: closeloop's runbooks run here.
MEMBER_ALARM_STATE_CHANGES = EventPattern(
    name="MemberAlarmStateChanges",
    description="Alarm state changes forwarded by member accounts become timeline events",
    pattern=ALARM_STATE_CHANGES.pattern,
    bus=MEMBER_BUS,
    condition=HAS_ORGANIZATION,
)
MEMBER_AUTOMATION_STEP_CHANGES = EventPattern(
    name="MemberAutomationStepChanges",
    description="Runbook steps that end in member accounts become events of their incident's timeline",
    pattern=AUTOMATION_STEP_CHANGES.pattern,
    bus=MEMBER_BUS,
    condition=HAS_ORGANIZATION,
)

TIMELINE = HandlerSpec(
    name="timeline",
    description="closeloop: alarm state changes and runbook step changes onto incident timelines",
    grants=(
        # Put: timeline events; Get/Update/Delete too: powertools' idempotency records live in the same table.
        OwnGrant(
            "RecordTimelineEvents",
            ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
            ("table",),
        ),
        # Which incident an alarm or an automation belongs to is in its tags.
        AccountRead(
            "ReadAlarmTags", ("cloudwatch:ListTagsForResource",), "cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*"
        ),
        AccountRead(
            "ReadAutomationExecutions",
            ("ssm:GetAutomationExecution", "ssm:ListTagsForResource"),
            "ssm:${AWS::Region}:${AWS::AccountId}:automation-execution/*",
        ),
        # An execution started from an OpsCenter OpsItem: the OpsItem's operational data names the incident.
        AccountRead("ReadOpsItems", ("ssm:GetOpsItem",), "ssm:${AWS::Region}:${AWS::AccountId}:opsitem/*"),
        # The same reads in a member account, through the timeline reader its member stack makes.
        AssumeMemberRole("ReadMemberEventsThroughTheirTimelineReader", timeline_reader_name(PREFIX_VARIABLE)),
    ),
    triggers=(
        ALARM_STATE_CHANGES,
        AUTOMATION_STEP_CHANGES,
        MANIFEST_ANCHORS,
        MEMBER_ALARM_STATE_CHANGES,
        MEMBER_AUTOMATION_STEP_CHANGES,
    ),
    # Which runbooks are this stack's own: its prefix, and every document base it deploys.
    extra_environment={BASES_ENVIRONMENT: ",".join(BASES)},
    parameter_environment={PREFIX_ENVIRONMENT: NAME_PREFIX},
)

ACTIONS = HandlerSpec(
    name="actions",
    description="closeloop: push queued prevention actions to Jira, and retry what Jira refused",
    grants=(
        OwnGrant("ReadAndQueueActions", ("dynamodb:Query", "dynamodb:Scan", "dynamodb:PutItem"), ("table",)),
        OwnGrant("ReadJiraCredentials", ("secretsmanager:GetSecretValue",), ("secret",)),
        OwnGrant("DecryptJiraCredentials", ("kms:Decrypt",), ("key",)),
    ),
    # What Jira refused (rate limits, an outage) stays queued; the schedule retries it.
    triggers=(Schedule("RetryQueuedActions", "Push prevention actions still queued for Jira", "rate(15 minutes)"),),
    requirements=(*BASE_REQUIREMENTS, "jira"),
    timeout_seconds=300,
    parameter_environment={"CLOSELOOP_JIRA_PROJECT": "JiraProject"},
)

# The ownership map and policy are stack parameters the stack stores as SSM parameters (settings.py): the
# environment carries only their names (Lambda's environment is 4 KB in all); the handlers read them cached.
OWNERSHIP_ENVIRONMENT = {"CLOSELOOP_JIRA_PROJECT": "JiraProject"}
OWNERSHIP_SETTINGS = {
    "CLOSELOOP_OWNERSHIP_PARAMETER": "OwnershipMapSetting",
    "CLOSELOOP_POLICY_PARAMETER": "EnforcementPolicySetting",
}
READ_SETTINGS = OwnGrant("ReadOwnershipMapAndPolicy", ("ssm:GetParameter",), ("settings",))

ENFORCEMENT = HandlerSpec(
    name="enforcement",
    description="closeloop: keep every prevention action owned, dated and reminded, daily",
    grants=(
        # Query: which service an incident is (its outbox items); Put/Get/Delete: the reminder ledger.
        OwnGrant(
            "RemindOnce", ("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"), ("table",)
        ),
        OwnGrant("ReadJiraCredentials", ("secretsmanager:GetSecretValue",), ("secret",)),
        # Reminders go to the stack's topic (encrypted with the stack's key), with the service as a message
        # attribute that owners' subscriptions filter on.
        OwnGrant("PublishReminders", ("sns:Publish",), ("topic",)),
        # ... and to the ownership map's per-service topics, which must be named with ReminderTopicPrefix.
        PrefixedWrite(
            "PublishRemindersToServiceTopics",
            ("sns:Publish",),
            "sns:${AWS::Region}:${AWS::AccountId}:${ReminderTopicPrefix}*",
        ),
        OwnGrant("DecryptJiraCredentialsAndEncryptReminders", ("kms:Decrypt", "kms:GenerateDataKey"), ("key",)),
        READ_SETTINGS,
    ),
    triggers=(
        Schedule("EnforceActionsDaily", "Enforce owners, due dates and reminders on actions", "cron(0 6 * * ? *)"),
    ),
    requirements=(*BASE_REQUIREMENTS, "jira"),
    timeout_seconds=900,
    parameter_environment={**OWNERSHIP_ENVIRONMENT, "CLOSELOOP_REMINDER_TOPIC_PREFIX": "ReminderTopicPrefix"},
    setting_environment=OWNERSHIP_SETTINGS,
)

WEBHOOK = HandlerSpec(
    name="webhook",
    description="closeloop: Jira webhooks keep action issues owned and dated and record their resolution",
    grants=(
        # Put/Get/Update/Delete: a delivery's claim, its replay check and its done mark (webhook/deliveries.py),
        # and timeline events; Query/Put: the outbox's view of each action.
        OwnGrant(
            "RecordDeliveries",
            ("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
            ("table",),
        ),
        OwnGrant("ReadJiraCredentials", ("secretsmanager:GetSecretValue",), ("secret",)),
        OwnGrant("DecryptJiraCredentials", ("kms:Decrypt",), ("key",)),
        READ_SETTINGS,
    ),
    triggers=(FunctionUrl("Jira webhooks, authenticated by their X-Hub-Signature"),),
    requirements=(*BASE_REQUIREMENTS, "jira"),
    timeout_seconds=30,
    parameter_environment=OWNERSHIP_ENVIRONMENT,
    concurrency_parameter="WebhookReservedConcurrency",
    setting_environment=OWNERSHIP_SETTINGS,
)

HANDLERS: tuple[HandlerSpec, ...] = (TIMELINE, ACTIONS, ENFORCEMENT, WEBHOOK)


def requirements(handlers: tuple[HandlerSpec, ...] = HANDLERS) -> list[str]:
    """The runtime packages the one Lambda zip carries: the union over every handler."""
    return sorted({req for spec in handlers for req in spec.requirements})
