"""W5003: an `aws:executeScript` step does not ask for more than the 600 s the action can run."""

from collections.abc import Iterator

from generator.document.steps.execute_script import ExecuteScriptStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# "Each aws:executeScript action can run up to a maximum duration of 600 seconds (10 minutes)."
MAX_SECONDS = 600


class ExecuteScriptTimeout(Rule):
    # A warning: AWS accepts a larger timeoutSeconds (nine steps in seven of its own live documents
    # set 900-3600) but stops the script at 600 s anyway, so the value promises time the step never gets.
    id = "W5003"
    severity = Severity.WARNING
    shortdesc = "executeScript timeout over 600 s"
    description = (
        "An `aws:executeScript` step runs at most 600 seconds whatever its timeoutSeconds says; a larger value "
        "hides that a long script will be cut off. Split the work or move it to Lambda or Run Command."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            # Templated values (`{{ Timeout }}`) are strings, known only at run time.
            timeout = step.timeoutSeconds if isinstance(step, ExecuteScriptStep) else None
            if isinstance(timeout, int) and timeout > MAX_SECONDS:
                yield Issue(
                    f"{path}.timeoutSeconds",
                    f"step '{step.name}' timeoutSeconds {step.timeoutSeconds} is over the {MAX_SECONDS} s "
                    "an aws:executeScript step can run",
                )
