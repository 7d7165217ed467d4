"""A Lambda function for every `HandlerSpec`: its own role, dead-letter queue, log group, triggers and alarms."""

from typing import Any, ClassVar

from troposphere import AWSObject, Equals, GetAtt, If, Not, NoValue, Parameter, Ref, Sub, Template
from troposphere.awslambda import Code, DeadLetterConfig, Environment, Function, LoggingConfig
from troposphere.iam import Policy, Role
from troposphere.logs import LogGroup
from troposphere.sqs import Queue

from generator.stack import parameters
from generator.stack.function_alarms import alarms
from generator.stack.function_names import function_name, names
from generator.stack.function_triggers import trigger_resources
from generator.stack.grants import policy_document, service_trust
from generator.stack.handler_specs import ENVIRONMENT, HANDLERS, HandlerSpec
from generator.stack.names import EVIDENCE_BUCKET, JIRA_SECRET, KEY, TABLE, TOPIC, Own, own_arns

RUNTIME = "python3.11"
ARCHITECTURE = "x86_64"  # the zip carries manylinux2014_x86_64 wheels
DLQ_RETENTION_SECONDS = 14 * 24 * 3600  # SQS's maximum: two weeks to notice and replay a failed event


class FunctionLoggingConfig(LoggingConfig):  # type: ignore[misc]
    """Lambda's LoggingConfig: troposphere 4.11 lost LogFormat to a same-named class of another resource."""

    props: ClassVar[dict[str, Any]] = {**LoggingConfig.props, "LogFormat": (str, False)}


FUNCTION_SKIPS = [
    {
        "id": "CKV_AWS_115",
        "comment": "Reserved concurrency fails to deploy in accounts at the default 10-concurrency quota (it must "
        "leave 10 unreserved); the event-driven handlers are idempotent and throttled events are retried. The "
        "public webhook's is the WebhookReservedConcurrency parameter (checkov cannot read a parameter).",
    },
    {
        "id": "CKV_AWS_117",
        "comment": "The handlers reach only AWS APIs and Jira Cloud over HTTPS; a VPC would add NAT gateways and "
        "their cost without anything inside the VPC to protect.",
    },
]


def role(spec: HandlerSpec) -> Role:
    n = names(spec)
    own_statements: list[dict[str, Any]] = [
        {
            "Sid": "WriteOwnLogs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": GetAtt(n["logs"], "Arn"),
        },
        {
            "Sid": "SendToOwnDeadLetterQueue",
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Resource": GetAtt(n["queue"], "Arn"),
        },
        {
            "Sid": "UseTheStackKey",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": own_arns("key"),
        },
    ]
    document = policy_document(spec.grants)
    document["Statement"] = own_statements + document["Statement"]
    return Role(
        n["role"],
        Description=f"closeloop {spec.name} handler",
        AssumeRolePolicyDocument=service_trust("lambda.amazonaws.com"),
        Policies=[Policy(PolicyName=f"closeloop-{spec.name}", PolicyDocument=document)],
    )


def log_group(spec: HandlerSpec) -> LogGroup:
    return LogGroup(
        names(spec)["logs"],
        LogGroupName=Sub(f"/aws/lambda/${{AWS::StackName}}-{spec.name}"),
        RetentionInDays=Ref(parameters.LOG_RETENTION_DAYS),
        KmsKeyId=GetAtt(KEY, "Arn"),
        DeletionPolicy="Delete",
        UpdateReplacePolicy="Delete",
    )


def dead_letter_queue(spec: HandlerSpec) -> Queue:
    return Queue(names(spec)["queue"], KmsMasterKeyId=GetAtt(KEY, "Arn"), MessageRetentionPeriod=DLQ_RETENTION_SECONDS)


def own_value(target: Own) -> Any:
    """What a handler's environment carries for a resource it is granted: the name or ARN its API takes."""
    return {
        "table": Ref(TABLE),
        "bucket-objects": Ref(EVIDENCE_BUCKET),
        "topic": Ref(TOPIC),
        "secret": Ref(JIRA_SECRET),
    }[target]


def environment(spec: HandlerSpec) -> dict[str, Any]:
    variables: dict[str, Any] = {"POWERTOOLS_SERVICE_NAME": f"closeloop-{spec.name}", "POWERTOOLS_LOG_LEVEL": "INFO"}
    for target in spec.granted():
        if target in ENVIRONMENT:
            variables[ENVIRONMENT[target]] = own_value(target)
    variables.update(spec.extra_environment)
    variables.update({name: Ref(parameter) for name, parameter in spec.parameter_environment.items()})
    variables.update({name: Ref(setting) for name, setting in spec.setting_environment.items()})
    return variables


def function(spec: HandlerSpec) -> Function:
    n = names(spec)
    return Function(
        n["function"],
        FunctionName=function_name(spec),
        Description=spec.description,
        Runtime=RUNTIME,
        Architectures=[ARCHITECTURE],
        Handler=spec.entry,
        Code=Code(S3Bucket=Ref(parameters.CODE_BUCKET), S3Key=Ref(parameters.CODE_KEY)),
        Role=GetAtt(n["role"], "Arn"),
        Timeout=spec.timeout_seconds,
        MemorySize=spec.memory_mb,
        ReservedConcurrentExecutions=concurrency(spec),
        DeadLetterConfig=DeadLetterConfig(TargetArn=GetAtt(n["queue"], "Arn")),
        KmsKeyArn=GetAtt(KEY, "Arn"),
        Environment=Environment(Variables=environment(spec)),
        LoggingConfig=FunctionLoggingConfig(LogGroup=Ref(n["logs"]), LogFormat="JSON"),
        Metadata={"checkov": {"skip": FUNCTION_SKIPS}},
    )


def concurrency(spec: HandlerSpec) -> object:
    """The reserved concurrency a public function gets from its stack parameter; 0 reserves none."""
    if spec.concurrency_parameter is None:
        return NoValue
    return If(parameters.WEBHOOK_CONCURRENCY_SET, Ref(spec.concurrency_parameter), NoValue)


def handler_resources(spec: HandlerSpec) -> list[AWSObject]:
    built = [role(spec), log_group(spec), dead_letter_queue(spec), function(spec)]
    return [*built, *trigger_resources(spec), *alarms(spec)]


def add_functions(template: Template, handlers: tuple[HandlerSpec, ...] = HANDLERS) -> None:
    for spec in handlers:
        for resource in handler_resources(spec):
            template.add_resource(resource)
    if any(spec.concurrency_parameter for spec in handlers):
        template.add_parameter(
            Parameter(
                parameters.WEBHOOK_CONCURRENCY,
                Type="Number",
                Default="5",
                MinValue=0,
                MaxValue=1000,
                Description="Reserved concurrency of the webhook's public function URL: a flood of requests uses at "
                "most this many of the account's Lambda concurrency. 0 reserves none (an account at the default quota "
                "of 10 must leave 10 unreserved, so it cannot reserve any).",
            )
        )
        template.add_condition(parameters.WEBHOOK_CONCURRENCY_SET, Not(Equals(Ref(parameters.WEBHOOK_CONCURRENCY), 0)))
