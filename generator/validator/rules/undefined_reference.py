"""E4001: every `{{ reference }}` Automation resolves, and every document output, names something defined."""

from collections.abc import Iterator
from typing import Any

from generator.document import StepBase, UnknownStep
from generator.document.references import DOCUMENTED_BUILTINS, Reference, ReferenceKind, walk_references
from generator.document.steps.loop import LoopStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# Step fields that Automation does not interpolate: names, Markdown text, the jumps (E3003 checks
# them) and output declarations (E4002 checks them). Every other field of a step may hold references.
NOT_INTERPOLATED = frozenset({"name", "action", "description", "nextStep", "onFailure", "onCancel", "outputs"})


def step_fields(step: StepBase, raw: dict[str, Any]) -> dict[str, Any]:
    """The step's interpolated fields as data; a loop's body steps are walked as steps of their own."""
    data = {key: value for key, value in raw.items() if key not in NOT_INTERPOLATED}
    if isinstance(step, LoopStep) and isinstance(data.get("inputs"), dict):
        data["inputs"] = {key: value for key, value in data["inputs"].items() if key != "Steps"}
    return data


def interpolated(ctx: ValidationContext) -> Iterator[tuple[str, Reference]]:
    """Every reference where Automation substitutes one: assumeRole, parameter and variable defaults,
    and step fields. Descriptions are Markdown shown as written, so `{{ }}` there is only text."""
    yield from walk_references(ctx.document.assumeRole, "assumeRole")
    for name, parameter in ctx.parameters.items():
        yield from walk_references(parameter.to_data().get("default"), f"parameters.{name}.default")
    for name, variable in ctx.variables.items():
        yield from walk_references(variable.to_data().get("default"), f"variables.{name}.default")
    for path, step in ctx.steps:
        yield from walk_references(step_fields(step, ctx.raw_steps[path]), path)


class UndefinedReference(Rule):
    id = "E4001"
    severity = Severity.ERROR
    shortdesc = "Undefined reference"
    description = (
        "A `{{ }}` reference must name a declared parameter, a declared variable (`variable:X`), an output "
        "an existing step declares or returns (`Step.Output`), a documented built-in (`global:` / "
        "`automation:`) or a Parameter Store value (`ssm:`). Document `outputs` must name step outputs. An "
        "undefined reference is refused or left unresolved, and the step gets the literal braces."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-variables.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, reference in interpolated(ctx):
            problem = self._problem(ctx, reference)
            if problem:
                yield Issue(path, f"reference '{{{{ {reference.token} }}}}' {problem}")
        for index, output in enumerate(ctx.document.outputs or []):
            step, dot, name = output.partition(".")
            if not dot or not step or not name:
                yield Issue(f"outputs[{index}]", f"document output '{output}' must be written 'StepName.OutputName'")
                continue
            problem = self._step_output_problem(ctx, step, name.split(".")[0])
            if problem:
                yield Issue(f"outputs[{index}]", f"document output '{output}' {problem}")

    def _problem(self, ctx: ValidationContext, reference: Reference) -> str | None:
        kind = reference.kind
        if kind == ReferenceKind.PARAMETER and reference.name not in ctx.parameters:
            return "names no declared parameter"
        if kind == ReferenceKind.VARIABLE and reference.name not in ctx.variables:
            return f"names no declared variable; declared: {', '.join(sorted(ctx.variables)) or 'none'}"
        if kind == ReferenceKind.BUILTIN and reference.name not in DOCUMENTED_BUILTINS:
            return f"is not a built-in; documented: {', '.join(sorted(DOCUMENTED_BUILTINS))}"
        if kind == ReferenceKind.UNKNOWN_NAMESPACE:
            return "uses an unknown namespace; known: variable:, global:, automation:, ssm:"
        if kind == ReferenceKind.STEP_OUTPUT and reference.output is not None:
            return self._step_output_problem(ctx, reference.name, reference.output)
        return None

    @staticmethod
    def _step_output_problem(ctx: ValidationContext, step_name: str, output: str) -> str | None:
        step = ctx.steps_by_name.get(step_name)
        if step is None:
            return f"names no step '{step_name}'"
        if isinstance(step, UnknownStep):
            return None  # E3001 reports the action; what it would return is unknown.
        names = step.output_names()
        if output not in names:
            known = ", ".join(sorted(names)) or "none"
            return f"names no output of step '{step_name}' ({step.action}); its outputs: {known}"
        return None
