"""W3004: every step can be reached from the first step by some path of Automation's flow."""

from collections.abc import Iterator

from generator.document import StepBase
from generator.document.steps.branch import BranchStep
from generator.document.steps.loop import LoopStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule
from generator.validator.rules.step_targets import StepList, jumps, step_lists


def _is_end(step: StepBase) -> bool:
    # `isEnd: "{{ Flag }}"` is decided at run time, so it may also fall through.
    return step.isEnd is True or step.isEnd == "true"


def successors(flow: StepList, index: int) -> list[str]:
    """Paths of the steps Automation may run after `flow.steps[index]`, in or outside its list."""
    step = flow.steps[index]
    path = f"{flow.path}[{index}]"
    after = [f"{flow.path}[{index + 1}]"] if index + 1 < len(flow.steps) else []
    found = [flow.targets[name] for _, _, name in jumps(step, path) if name in flow.targets]
    if isinstance(step, LoopStep) and step.inputs.Steps:
        found.append(f"{path}.inputs.Steps[0]")
    if isinstance(step, BranchStep):
        # A branch without Default goes on to the next step when no choice matches.
        return found + ([] if step.inputs.Default is not None else after)
    if step.nextStep is not None or _is_end(step):
        return found
    # The last step of a loop body returns to its loop, whose own successors are already counted.
    return found + after


def reachable(ctx: ValidationContext) -> set[str]:
    flows = step_lists(ctx)
    graph: dict[str, list[str]] = {}
    for flow in flows:
        for index in range(len(flow.steps)):
            graph[f"{flow.path}[{index}]"] = successors(flow, index)
    seen: set[str] = set()
    todo = ["mainSteps[0]"]
    while todo:
        path = todo.pop()
        if path not in seen and path in graph:
            seen.add(path)
            todo.extend(graph[path])
    return seen


class UnreachableSteps(Rule):
    id = "W3004"
    severity = Severity.WARNING
    shortdesc = "Unreachable steps"
    description = (
        "A step that no path reaches from the first step never runs: steps run in order unless `isEnd`, "
        "`nextStep` or a branch sends the automation elsewhere, plus `onFailure` / `onCancel: step:<name>`. "
        "Such a step is usually a forgotten `nextStep` or a branch missing a choice."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-branch-condition.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        seen = reachable(ctx)
        for flow in step_lists(ctx):
            # Inside an unreachable loop, only the loop itself is reported.
            owner = flow.path.removesuffix(".inputs.Steps")
            if flow.path != "mainSteps" and owner not in seen:
                continue
            for index, step in enumerate(flow.steps):
                path = f"{flow.path}[{index}]"
                if path not in seen:
                    yield Issue(f"{path}.name", f"step '{step.name}' is never reached from the first step")
