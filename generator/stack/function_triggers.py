"""What starts a handler: EventBridge rules (patterns and schedules) with their invoke permissions and the
dead-letter queue's policy for them, or an HTTPS function URL."""

from typing import Any

from troposphere import AWSObject, GetAtt, If, Ref
from troposphere.awslambda import Permission, Url
from troposphere.events import DeadLetterConfig as TargetDeadLetterConfig
from troposphere.events import RetryPolicy, Rule, Target
from troposphere.sqs import QueuePolicy

from generator.stack.function_names import names
from generator.stack.handler_specs import EventPattern, FunctionUrl, HandlerSpec, Schedule

EVENT_RETRIES = 8
EVENT_MAX_AGE_SECONDS = 24 * 3600


def rule_logical_id(spec: HandlerSpec, trigger: EventPattern | Schedule) -> str:
    return f"{spec.logical_name}{trigger.name}Rule"


def condition_of(trigger: EventPattern | Schedule) -> str | None:
    """The template condition a rule (and its permission) is made under: its bus's, for a bus that may not exist."""
    return trigger.condition if isinstance(trigger, EventPattern) else None


def _made_under(trigger: EventPattern | Schedule) -> dict[str, Any]:
    condition = condition_of(trigger)
    return {"Condition": condition} if condition else {}


def rule(spec: HandlerSpec, trigger: EventPattern | Schedule) -> Rule:
    n = names(spec)
    when: dict[str, Any] = (
        {"EventPattern": dict(trigger.pattern)}
        if isinstance(trigger, EventPattern)
        else {"ScheduleExpression": trigger.expression}
    )
    if isinstance(trigger, EventPattern) and trigger.bus:  # one of the stack's own buses, not the default
        when["EventBusName"] = Ref(trigger.bus)
    return Rule(
        rule_logical_id(spec, trigger),
        Description=trigger.description,
        State="ENABLED",
        Targets=[
            Target(
                Id=spec.logical_name,
                Arn=GetAtt(n["function"], "Arn"),
                # An event EventBridge cannot deliver lands in the handler's queue, not on the floor.
                DeadLetterConfig=TargetDeadLetterConfig(Arn=GetAtt(n["queue"], "Arn")),
                RetryPolicy=RetryPolicy(
                    MaximumRetryAttempts=EVENT_RETRIES, MaximumEventAgeInSeconds=EVENT_MAX_AGE_SECONDS
                ),
            )
        ],
        **when,
        **_made_under(trigger),
    )


def rule_permission(spec: HandlerSpec, trigger: EventPattern | Schedule) -> Permission:
    return Permission(
        f"{rule_logical_id(spec, trigger)}Permission",
        Action="lambda:InvokeFunction",
        FunctionName=Ref(names(spec)["function"]),
        Principal="events.amazonaws.com",
        SourceArn=GetAtt(rule_logical_id(spec, trigger), "Arn"),
        **_made_under(trigger),
    )


def _rule_arn(rule_id: str, condition: str | None) -> Any:
    """A rule's ARN; for a rule made under a condition, nothing when it is not made."""
    arn = GetAtt(rule_id, "Arn")
    return If(condition, arn, Ref("AWS::NoValue")) if condition else arn


def dead_letter_policy(
    logical: str, queue: str, rules: list[str], sid: str, conditions: dict[str, str] | None = None
) -> QueuePolicy:
    """EventBridge may send undeliverable events to `queue`, from these rules of the stack only (`conditions`:
    rule -> the condition it is made under)."""
    return QueuePolicy(
        logical,
        Queues=[Ref(queue)],
        PolicyDocument={
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": sid,
                    "Effect": "Allow",
                    "Principal": {"Service": "events.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": GetAtt(queue, "Arn"),
                    "Condition": {
                        "ArnEquals": {"aws:SourceArn": [_rule_arn(r, (conditions or {}).get(r)) for r in rules]}
                    },
                }
            ],
        },
    )


def queue_policy(spec: HandlerSpec, rules: list[str], conditions: dict[str, str] | None = None) -> QueuePolicy:
    """EventBridge may send this handler's undeliverable events to its queue, from its own rules only."""
    n = names(spec)
    return dead_letter_policy(n["queue_policy"], n["queue"], rules, "OwnRulesSendUndeliverableEvents", conditions)


def function_url(spec: HandlerSpec) -> list[AWSObject]:
    n = names(spec)
    skip = {
        "id": "CKV_AWS_258",
        "comment": "Jira webhooks cannot sign requests with SigV4; the handler verifies each delivery's "
        "HMAC-SHA256 signature (X-Hub-Signature) before acting on it.",
    }
    return [
        Url(
            n["url"],
            AuthType="NONE",
            TargetFunctionArn=GetAtt(n["function"], "Arn"),
            Metadata={"checkov": {"skip": [skip]}},
        ),
        Permission(
            n["url_permission"],
            Action="lambda:InvokeFunctionUrl",
            FunctionName=Ref(n["function"]),
            Principal="*",
            FunctionUrlAuthType="NONE",
        ),
        # Since October 2025 a function URL also needs lambda:InvokeFunction, limited to calls through the
        # URL (Lambda developer guide, "Control access to Lambda function URLs"); without it every request is 403.
        Permission(
            n["url_invoke_permission"],
            Action="lambda:InvokeFunction",
            FunctionName=Ref(n["function"]),
            Principal="*",
            InvokedViaFunctionUrl=True,
        ),
    ]


def trigger_resources(spec: HandlerSpec) -> list[AWSObject]:
    resources: list[AWSObject] = []
    rules: list[str] = []
    conditions: dict[str, str] = {}
    for trigger in spec.triggers:
        if isinstance(trigger, FunctionUrl):
            resources += function_url(spec)
        else:
            resources += [rule(spec, trigger), rule_permission(spec, trigger)]
            rules.append(rule_logical_id(spec, trigger))
            condition = condition_of(trigger)
            if condition:
                conditions[rules[-1]] = condition
    if rules:
        resources.append(queue_policy(spec, rules, conditions))
    return resources
