"""E2001: a document declares at most 200 parameters."""

from collections.abc import Iterator

from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# botocore's SSM model: a document takes at most 200 parameters.
MAX_PARAMETERS = 200


class ParameterCount(Rule):
    id = "E2001"
    severity = Severity.ERROR
    shortdesc = "Too many parameters"
    description = (
        "Systems Manager accepts at most 200 run-time parameters in a document; a generated document that "
        "declares more (for example one per resource) is refused when it is created."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DocumentParameter.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        count = len(ctx.parameters)
        if count > MAX_PARAMETERS:
            yield Issue("parameters", f"the document declares {count} parameters, over the limit of {MAX_PARAMETERS}")
