"""E3003: every jump (`nextStep`, `onFailure`, `onCancel`, branch targets) names a step it can reach."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.document import StepBase
from generator.document.steps.branch import BranchStep
from generator.document.steps.loop import LoopStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

ON_FAILURE_KEYWORDS = ("Abort", "Continue")
# AWS documents only Abort and `step:<name>` for onCancel; no corpus document uses anything else.
ON_CANCEL_KEYWORDS = ("Abort",)
STEP_PREFIX = "step:"


@dataclass(frozen=True)
class StepList:
    """One flow: `mainSteps` or a loop body, with the step paths its steps may jump to by name.

    A loop-body step may jump to a step of its own body or of any enclosing list (AWS's own
    AWSSupport-RestoreEC2InstanceFromSnapshot sends loop-body failures to a mainSteps step), but a step
    outside a loop cannot jump into its body: the body runs only as part of its loop.
    """

    path: str
    steps: Sequence[StepBase]
    targets: dict[str, str]


def step_lists(ctx: ValidationContext) -> list[StepList]:
    found: list[StepList] = []

    def visit(path: str, steps: Sequence[StepBase], enclosing: dict[str, str]) -> None:
        own = {step.name: f"{path}[{index}]" for index, step in enumerate(steps)}
        targets = {**enclosing, **own}
        found.append(StepList(path, steps, targets))
        for index, step in enumerate(steps):
            if isinstance(step, LoopStep):
                visit(f"{path}[{index}].inputs.Steps", step.inputs.Steps, targets)

    visit("mainSteps", ctx.document.mainSteps, {})
    return found


def jumps(step: StepBase, path: str) -> Iterator[tuple[str, str, str]]:
    """(field path, field label, target step name) for each jump a step declares by name."""
    if step.nextStep is not None:
        yield f"{path}.nextStep", "nextStep", step.nextStep
    for field, value in (("onFailure", step.onFailure), ("onCancel", step.onCancel)):
        if value is not None and value.startswith(STEP_PREFIX) and value != STEP_PREFIX:
            yield f"{path}.{field}", field, value.removeprefix(STEP_PREFIX)
    if isinstance(step, BranchStep):
        for index, choice in enumerate(step.inputs.Choices):
            if choice.NextStep is not None:
                yield f"{path}.inputs.Choices[{index}].NextStep", "branch choice NextStep", choice.NextStep
        if step.inputs.Default is not None:
            yield f"{path}.inputs.Default", "branch Default", step.inputs.Default


class StepTargets(Rule):
    id = "E3003"
    severity = Severity.ERROR
    shortdesc = "Step targets"
    description = (
        "`nextStep`, `onFailure: step:<name>`, `onCancel: step:<name>` and a branch's `NextStep` / `Default` "
        "must name an existing step the step can jump to (its own step list or, from a loop body, an "
        "enclosing one), and `onFailure` / `onCancel` must use their documented syntax. AWS refuses a "
        "document whose jumps lead nowhere."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        every_step = {step.name: path for path, step in ctx.steps}
        for flow in step_lists(ctx):
            for index, step in enumerate(flow.steps):
                path = f"{flow.path}[{index}]"
                yield from self._syntax(step, path)
                for field_path, label, target in jumps(step, path):
                    if target not in flow.targets:
                        yield Issue(field_path, self._missing(step.name, label, target, every_step.get(target)))

    @staticmethod
    def _syntax(step: StepBase, path: str) -> Iterator[Issue]:
        for field, value, keywords in (
            ("onFailure", step.onFailure, ON_FAILURE_KEYWORDS),
            ("onCancel", step.onCancel, ON_CANCEL_KEYWORDS),
        ):
            if value is None or value in keywords or (value.startswith(STEP_PREFIX) and value != STEP_PREFIX):
                continue
            allowed = ", ".join([*keywords, "step:<StepName>"])
            yield Issue(f"{path}.{field}", f"step '{step.name}' has {field} '{value}'; allowed: {allowed}")

    @staticmethod
    def _missing(step: str, label: str, target: str, elsewhere: str | None) -> str:
        if elsewhere is None:
            return f"step '{step}' {label} names no step '{target}' in the document"
        return (
            f"step '{step}' {label} jumps to '{target}' inside the loop body at {elsewhere}; "
            "a step can only jump within its own step list or to an enclosing one"
        )
