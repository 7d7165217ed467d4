"""E5001: every `aws:executeScript` step names a runtime AWS runs today."""

from collections.abc import Iterator

from generator.document.references import PLACEHOLDER
from generator.document.steps.execute_script import ExecuteScriptStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# python3.11 is the runtime AWS recommends (FACTS.md). 3.9 and 3.10 are accepted: nothing retires them
# yet and live AWS documents still use python3.9 (AWSMigrationHub-MGNRehostAutomation, 23 steps).
# PowerShell 7.4 is the PowerShell runtime of AWS's own current documents.
SUPPORTED = ("python3.11", "python3.10", "python3.9", "PowerShell 7.4")
# python3.6-3.8 can no longer be created or run (FACTS.md). PowerShell Core 6.0 and PowerShell 7.0 ran on
# .NET Core 2.1 and 3.1, long retired as managed runtimes, and no live AWS document uses them: treating
# them as retired is an inference, not a documented refusal.
RETIRED = ("python3.6", "python3.7", "python3.8", "PowerShell Core 6.0", "PowerShell 7.0")


class ExecuteScriptRuntime(Rule):
    id = "E5001"
    severity = Severity.ERROR
    shortdesc = "Unsupported executeScript runtime"
    description = (
        "An `aws:executeScript` step's Runtime must be one AWS runs today (python3.11, python3.10, python3.9 or "
        "PowerShell 7.4): documents naming a retired runtime such as python3.7 can no longer be created or run."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            if not isinstance(step, ExecuteScriptStep):
                continue
            runtime = step.inputs.Runtime
            if runtime in SUPPORTED or PLACEHOLDER.search(runtime):
                continue
            if runtime in RETIRED:
                why = "is retired: AWS no longer creates or runs documents that use it"
            else:
                why = "is not a runtime aws:executeScript supports"
            current = "PowerShell 7.4" if runtime.startswith("PowerShell") else "python3.11"
            yield Issue(f"{path}.inputs.Runtime", f"step '{step.name}' runtime '{runtime}' {why} (use {current})")
