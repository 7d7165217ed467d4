"""Each region's forwarding of a member account's incident events to the central account's bus.

What is forwarded is what the central timeline handler records: alarm state changes, Automation steps that
end, and Automation executions that change status. EventBridge keeps an event's `account` and `region`
when it passes it to another bus, so the central timeline knows where each event happened. A rule whose
target is a bus in another account delivers through a role of this account (EventBridge user guide,
"Permissions for event buses": a role is recommended whenever the target is an event bus); the central bus
admits the organisation only (generator/stack/organization.py). What EventBridge cannot deliver after its
retries waits in this region's queue, not on the floor.
"""

from typing import Any

from troposphere import AccountId, GetAtt, Ref, Template
from troposphere.events import DeadLetterConfig, RetryPolicy, Rule, Target
from troposphere.iam import Policy, Role
from troposphere.sqs import Queue, QueuePolicy

from domain.timeline import TERMINAL_STEP_STATUSES
from generator.stack.function_triggers import EVENT_MAX_AGE_SECONDS, EVENT_RETRIES, dead_letter_policy
from generator.stack.grants import service_trust
from generator.stack.handler_specs import ALARM_STATE_CHANGES
from generator.stack.member.parameters import EVENT_BUS_ARN

FORWARDER_ROLE = "EventForwarderRole"
UNDELIVERED_QUEUE = "UndeliveredEventsQueue"
UNDELIVERED_QUEUE_POLICY = "UndeliveredEventsQueuePolicy"
STEP_DETAIL_TYPE = "EC2 Automation Step Status-change Notification"
EXECUTION_DETAIL_TYPE = "EC2 Automation Execution Status-change Notification"

SSE_SQS_SKIP = {
    "id": "CKV_AWS_27",
    "comment": "Encrypted with SSE-SQS (SqsManagedSseEnabled), which checkov does not read. EventBridge cannot "
    "use the AWS-managed alias/aws/sqs key, and a customer-managed key per account and region costs 1 USD a month.",
}
# Rule logical id -> (what it forwards, its event pattern).
FORWARDED: dict[str, tuple[str, dict[str, Any]]] = {
    "ForwardAlarmStateChanges": ("CloudWatch alarm state changes", dict(ALARM_STATE_CHANGES.pattern)),
    "ForwardAutomationSteps": (
        "Automation steps that end",
        {"source": ["aws.ssm"], "detail-type": [STEP_DETAIL_TYPE], "detail": {"Status": list(TERMINAL_STEP_STATUSES)}},
    ),
    "ForwardAutomationExecutions": (
        "Automation executions that change status",
        {"source": ["aws.ssm"], "detail-type": [EXECUTION_DETAIL_TYPE]},
    ),
}


def forwarder_role() -> Role:
    """EventBridge in this account, for this account's rules only, may put events on the central bus only."""
    return Role(
        FORWARDER_ROLE,
        Description="closeloop: EventBridge forwards this region's incident events to the central account's bus",
        AssumeRolePolicyDocument=service_trust(
            "events.amazonaws.com", {"StringEquals": {"aws:SourceAccount": AccountId}}
        ),
        Policies=[
            Policy(
                PolicyName="forward-to-the-central-bus",
                PolicyDocument={
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "PutOnTheCentralBusOnly",
                            "Effect": "Allow",
                            "Action": "events:PutEvents",
                            "Resource": Ref(EVENT_BUS_ARN),
                        }
                    ],
                },
            )
        ],
    )


def forwarding_rule(logical: str, what: str, pattern: dict[str, Any]) -> Rule:
    return Rule(
        logical,
        Description=f"closeloop: {what} in this account and region, to the central account's bus",
        State="ENABLED",
        EventPattern=pattern,
        Targets=[
            Target(
                Id="CentralBus",
                Arn=Ref(EVENT_BUS_ARN),
                RoleArn=GetAtt(FORWARDER_ROLE, "Arn"),
                DeadLetterConfig=DeadLetterConfig(Arn=GetAtt(UNDELIVERED_QUEUE, "Arn")),
                RetryPolicy=RetryPolicy(
                    MaximumRetryAttempts=EVENT_RETRIES, MaximumEventAgeInSeconds=EVENT_MAX_AGE_SECONDS
                ),
            )
        ],
    )


def undelivered_queue() -> list[Queue | QueuePolicy]:
    return [
        Queue(
            UNDELIVERED_QUEUE,
            SqsManagedSseEnabled=True,
            MessageRetentionPeriod=14 * 24 * 3600,
            Metadata={"checkov": {"skip": [SSE_SQS_SKIP]}},
        ),
        dead_letter_policy(
            UNDELIVERED_QUEUE_POLICY, UNDELIVERED_QUEUE, list(FORWARDED), "ForwardingRulesKeepUndeliveredEvents"
        ),
    ]


def add_forwarding(template: Template) -> None:
    template.add_resource(forwarder_role())
    for resource in undelivered_queue():
        template.add_resource(resource)
    for logical, (what, pattern) in FORWARDED.items():
        template.add_resource(forwarding_rule(logical, what, pattern))
