"""E3001: every step's action is one Automation runs."""

from collections.abc import Iterator

from generator.document import UnknownStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule


class UnknownAction(Rule):
    id = "E3001"
    severity = Severity.ERROR
    shortdesc = "Unknown action"
    description = (
        "A step's action must be one of the Automation actions (`aws:executeScript`, `aws:branch`, ...). "
        "AWS refuses a document with an action it does not know; a typo here is caught only at creation."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            if isinstance(step, UnknownStep):
                yield Issue(f"{path}.action", f"step '{step.name}' uses unknown action '{step.action}'")
