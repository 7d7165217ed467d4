"""E5006: an `aws:loop` step has a body, one way to iterate, and at most 100 iterations."""

from collections.abc import Iterator

from generator.document.steps.loop import LoopStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

MAX_ITERATIONS = 100


class LoopBounds(Rule):
    id = "E5006"
    severity = Severity.ERROR
    shortdesc = "aws:loop outside its limits"
    description = (
        "`aws:loop` runs a non-empty list of Steps either over Iterators or while a LoopCondition holds "
        "(exactly one of the two), at most MaxIterations times, which must be between 1 and 100."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-loop.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            if isinstance(step, LoopStep):
                yield from self._check_step(path, step)

    def _check_step(self, path: str, step: LoopStep) -> Iterator[Issue]:
        inputs, name = step.inputs, step.name
        maximum = inputs.MaxIterations
        # Templated values (`{{ Step.Count }}`) are strings, known only at run time.
        if isinstance(maximum, int) and not 1 <= maximum <= MAX_ITERATIONS:
            yield Issue(
                f"{path}.inputs.MaxIterations",
                f"step '{name}' MaxIterations {maximum} is outside 1-{MAX_ITERATIONS}",
            )
        if not inputs.Steps:
            yield Issue(f"{path}.inputs.Steps", f"step '{name}' has no Steps to loop over")
        if (inputs.Iterators is None) == (inputs.LoopCondition is None):
            which = (
                "both Iterators and LoopCondition"
                if inputs.Iterators is not None
                else "neither Iterators nor LoopCondition"
            )
            yield Issue(f"{path}.inputs", f"step '{name}' gives {which}; it needs exactly one")
