"""PE145: every action has a checkable done-condition."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.text import vague
from generator.validator.finding import Issue, Severity


class ActionDoneCondition(PostmortemRule):
    id = "PE145"
    severity = Severity.ERROR
    shortdesc = "Action done-condition"
    description = (
        "Every action says when it is done, as something anyone can check ('a deploy that raises 5xx above 1% "
        "in the canary stops'), not 'done', 'fixed' or 'improved'."
    )
    source_url = sources.GOOGLE_SRE_WORKBOOK
    owns = ("actions[*].done_condition",)

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for index, action in enumerate(ctx.postmortem.actions):
            reason = vague(action.done_condition, ctx.policy.min_done_condition_words)
            if reason:
                yield Issue(f"actions[{index}].done_condition", f"not a checkable done-condition: {reason}")
