"""Everything a user or the closeloop CLI needs from the stack, as outputs."""

from collections.abc import Iterable
from typing import Any

from troposphere import GetAtt, Join, Output, Ref, Template

from generator.stack.documents import document_logical_id
from generator.stack.function_names import names as function_names
from generator.stack.handler_specs import HANDLERS, TIMELINE, FunctionUrl, HandlerSpec
from generator.stack.names import ACCESS_LOG_BUCKET, AUTOMATION_ROLE, EVIDENCE_BUCKET, JIRA_SECRET, KEY, TABLE, TOPIC
from runbooks.catalogue import RUNBOOKS

# Output name -> (value, what a user does with it).
SHARED: dict[str, tuple[Any, str]] = {
    "EvidenceBucketName": (Ref(EVIDENCE_BUCKET), "Where evidence is written (versioned, Object Lock)"),
    "AccessLogBucketName": (Ref(ACCESS_LOG_BUCKET), "S3 server access logs of the evidence bucket"),
    "TableName": (Ref(TABLE), "Incidents, timeline events and the action outbox"),
    "TableArn": (GetAtt(TABLE, "Arn"), "The table's ARN, for policies"),
    "TopicArn": (Ref(TOPIC), "Notifications for owners and incident commanders: subscribe to it"),
    "JiraSecretArn": (
        Ref(JIRA_SECRET),
        "Holds every key the functions read: base_url, email, api_token (put yours: put-secret-value) and "
        "webhook_secret (generated; give it to Jira's webhook; rotate with webhook_secret_previous)",
    ),
    "KeyArn": (GetAtt(KEY, "Arn"), "The KMS key encrypting closeloop's data"),
    "AutomationRoleArn": (GetAtt(AUTOMATION_ROLE, "Arn"), "The role closeloop's runbooks run as"),
    "TimelineRoleArn": (
        GetAtt(function_names(TIMELINE)["role"], "Arn"),
        "The timeline function's role: a member stack trusts it (its CentralTimelineRoleArn) to read there",
    ),
}


def stack_outputs(document_names: Iterable[str], handlers: tuple[HandlerSpec, ...]) -> list[Output]:
    outputs = [Output(name, Description=about, Value=value) for name, (value, about) in SHARED.items()]
    ordered = sorted(document_names)
    # Each as the stack named it (its NamePrefix): a document's Ref is its name.
    listed = Join(",", [Ref(document_logical_id(name)) for name in ordered])
    outputs.append(Output("DocumentNames", Description="this stack's SSM Automation documents", Value=listed))
    outputs += [Output(f"{document_logical_id(name)}Name", Value=Ref(document_logical_id(name))) for name in ordered]
    for spec in handlers:
        n = function_names(spec)
        outputs.append(Output(f"{n['function']}Name", Description=spec.description, Value=Ref(n["function"])))
        if any(isinstance(trigger, FunctionUrl) for trigger in spec.triggers):
            url = GetAtt(n["url"], "FunctionUrl")
            outputs.append(
                Output(f"{n['function']}WebhookUrl", Description="The HTTPS endpoint to give Jira", Value=url)
            )
    return outputs


def add_outputs(
    template: Template, document_names: Iterable[str] = RUNBOOKS, handlers: tuple[HandlerSpec, ...] = HANDLERS
) -> None:
    for output in stack_outputs(document_names, handlers):
        template.add_output(output)
