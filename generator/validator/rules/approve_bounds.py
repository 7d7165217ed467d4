"""E5004: an `aws:approve` step stays within the limits of the action."""

import re
from collections.abc import Iterator

from generator.document.references import PLACEHOLDER
from generator.document.steps.approve import ApproveStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

MAX_APPROVERS = 10
MAX_MESSAGE_CHARS = 4096
MAX_TIMEOUT_SECONDS = 30 * 24 * 3600
TOPIC_PREFIX = "Automation"
SNS_TOPIC_ARN = re.compile(r"arn:[a-z0-9-]+:sns:[a-z0-9-]+:\d{12}:(?P<topic>[A-Za-z0-9_-]{1,256})")


def templated(value: object) -> bool:
    return isinstance(value, str) and PLACEHOLDER.search(value) is not None


class ApproveBounds(Rule):
    id = "E5004"
    severity = Severity.ERROR
    shortdesc = "aws:approve outside its limits"
    description = (
        "`aws:approve` takes at most 10 approvers, a MinRequiredApprovals between 1 and the number of "
        "approvers, a Message of at most 4,096 characters and a timeout of at most 30 days, and only notifies "
        "an SNS topic whose name starts with `Automation`; outside these the step fails."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-approve.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            if isinstance(step, ApproveStep):
                yield from self._check_step(path, step)

    def _check_step(self, path: str, step: ApproveStep) -> Iterator[Issue]:
        inputs, name = step.inputs, step.name
        approvers = inputs.Approvers if isinstance(inputs.Approvers, list) else None
        if approvers is not None and len(approvers) > MAX_APPROVERS:
            yield Issue(
                f"{path}.inputs.Approvers", f"step '{name}' lists {len(approvers)} approvers, over {MAX_APPROVERS}"
            )
        minimum = inputs.MinRequiredApprovals
        if isinstance(minimum, int):
            # A templated approver (`{{ Approvers }}`) may expand to several, so the count is then unknown.
            known = approvers is not None and not any(templated(a) for a in approvers)
            if minimum < 1:
                yield Issue(
                    f"{path}.inputs.MinRequiredApprovals", f"step '{name}' MinRequiredApprovals {minimum} is below 1"
                )
            elif known and approvers is not None and minimum > len(approvers):
                yield Issue(
                    f"{path}.inputs.MinRequiredApprovals",
                    f"step '{name}' requires {minimum} approvals but lists only {len(approvers)} approvers",
                )
        if inputs.Message is not None and len(inputs.Message) > MAX_MESSAGE_CHARS and not templated(inputs.Message):
            yield Issue(
                f"{path}.inputs.Message",
                f"step '{name}' Message is {len(inputs.Message):,} characters, over {MAX_MESSAGE_CHARS:,}",
            )
        if isinstance(step.timeoutSeconds, int) and step.timeoutSeconds > MAX_TIMEOUT_SECONDS:
            yield Issue(
                f"{path}.timeoutSeconds",
                f"step '{name}' timeoutSeconds {step.timeoutSeconds:,} is over 30 days ({MAX_TIMEOUT_SECONDS:,} s)",
            )
        arn = inputs.NotificationArn
        if arn is not None and not templated(arn):
            match = SNS_TOPIC_ARN.fullmatch(arn)
            if match is None:
                yield Issue(
                    f"{path}.inputs.NotificationArn", f"step '{name}' NotificationArn '{arn}' is not an SNS topic ARN"
                )
            elif not match.group("topic").startswith(TOPIC_PREFIX):
                yield Issue(
                    f"{path}.inputs.NotificationArn",
                    f"step '{name}' notifies SNS topic '{match.group('topic')}', whose name does not start with "
                    f"'{TOPIC_PREFIX}'",
                )
