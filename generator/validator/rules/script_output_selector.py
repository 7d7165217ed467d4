"""W4004: an `aws:executeScript` output selects from `$.Payload`, where the handler's return value is."""

from collections.abc import Iterator

from generator.document.steps.execute_script import ExecuteScriptStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule
from generator.validator.rules.output_selector import reads_script_payload, selector_problem


class ScriptOutputSelector(Rule):
    id = "W4004"
    severity = Severity.WARNING
    shortdesc = "Script output outside $.Payload"
    description = (
        'A script step\'s result is `{"Payload": <what the handler returned>}`, so an output whose selector '
        "does not start with `$.Payload` never matches and the output is never set. AWS stores selectors "
        "unchecked, so it accepts the document; the defect shows only when a later step reads the output."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            if not isinstance(step, ExecuteScriptStep):
                continue
            for index, output in enumerate(step.outputs or []):
                # A selector outside the supported subset is E4002's finding; say nothing twice.
                if selector_problem(output.Selector) is None and not reads_script_payload(output.Selector):
                    yield Issue(
                        f"{path}.outputs[{index}].Selector",
                        f"Selector '{output.Selector}' of output '{output.Name}' of script step '{step.name}' "
                        "does not start with $.Payload, where the script's return value is: it never matches",
                    )
