"""E3002: step names are unique in the document."""

from collections.abc import Iterator

from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule


class DuplicateStepNames(Rule):
    id = "E3002"
    severity = Severity.ERROR
    shortdesc = "Duplicate step names"
    description = (
        "Step names identify steps for `nextStep`, `onFailure`, branch targets and `{{ Step.Output }}` "
        "references, so each must be unique across the document, loop bodies included."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        first_seen: dict[str, str] = {}
        for path, step in ctx.steps:
            if step.name in first_seen:
                yield Issue(f"{path}.name", f"step name '{step.name}' is already used at {first_seen[step.name]}")
            else:
                first_seen[step.name] = path
