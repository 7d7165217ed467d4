"""Run-time parameters every closeloop runbook shares, written once: the table and the assume role are the
ones the stack fills in with its own resources (generator/stack/documents.py)."""

from generator.document import Parameter

# An automation execution id as Automation writes it (a UUID); the simulator and the emulator use the same shape.
RUN_ID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
# aws:approve tells approvers only through a topic whose name starts with "Automation" (aws:approve reference).
NOTIFICATION_TOPIC_PATTERN = r"^Automation[A-Za-z0-9_-]{0,246}$"
# The topic of the stack deploy.sh makes by default (topic_and_secret.py: Automation-closeloop-<stack>).
DEFAULT_NOTIFICATION_TOPIC = "Automation-closeloop-closeloop"
# The topic's ARN in the account, region and partition the run is in.
NOTIFICATION_ARN = (
    "arn:{{ global:AWS_PARTITION }}:sns:{{ global:REGION }}:{{ global:ACCOUNT_ID }}:{{ NotificationTopic }}"
)


def notification_parameter() -> Parameter:
    """The topic an approval step notifies its approvers on; the stack sets its own as the default."""
    return Parameter(
        type="String",
        description="(Optional) The SNS topic (name) approvers are told on, in this account and region; the "
        "stack sets its own. Automation notifies only topics whose names start with Automation.",
        default=DEFAULT_NOTIFICATION_TOPIC,
        allowedPattern=NOTIFICATION_TOPIC_PATTERN,
    )


def common_parameters() -> dict[str, Parameter]:
    return {
        "TableName": Parameter(
            type="String",
            description="(Optional) The closeloop table; the stack sets its name.",
            default="closeloop",
            allowedPattern=r"^[A-Za-z0-9_.-]{3,255}$",
        ),
        "AutomationAssumeRole": Parameter(
            type="String",
            description="(Optional) The role Automation assumes; empty runs as the caller.",
            default="",
        ),
    }
