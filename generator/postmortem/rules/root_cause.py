"""PE120: the root cause is stated, and kept apart from the contributing factors."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.text import normalised, vague
from generator.validator.finding import Issue, Severity


class RootCause(PostmortemRule):
    id = "PE120"
    severity = Severity.ERROR
    shortdesc = "Root cause apart from contributing factors"
    description = (
        "The root cause says why the incident happened; contributing factors (each with a category: trigger, "
        "detection, rollback, ownership, capacity, dependency, process) say what made it possible, worse or "
        "longer. A factor that repeats the root cause blurs what the actions must fix."
    )
    source_url = sources.ATLASSIAN_HANDBOOK
    owns = ("root_cause", "contributing_factors", "contributing_factors[*].category", "contributing_factors[*].text")

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        postmortem = ctx.postmortem
        reason = vague(postmortem.root_cause, ctx.policy.min_answer_words)
        if reason:
            yield Issue("root_cause", f"no root cause: {reason}")
            return
        cause = normalised(postmortem.root_cause)
        for index, factor in enumerate(postmortem.contributing_factors):
            text = normalised(factor.text)
            if text and (text == cause or text in cause or cause in text):
                yield Issue(
                    f"contributing_factors[{index}].text",
                    "the factor repeats the root cause: keep the root cause in root_cause, and here what made it "
                    "possible, worse or longer",
                )
