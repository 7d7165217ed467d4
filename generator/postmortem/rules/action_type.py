"""PE143: every action has a type."""

from collections.abc import Iterator

from domain.action import ActionType
from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity


class ActionTypeGiven(PostmortemRule):
    id = "PE143"
    severity = Severity.ERROR
    shortdesc = "Action type"
    description = (
        "Every action has a type (" + ", ".join(t.value for t in ActionType) + "), which says whether it "
        "prevents, detects, mitigates or is process: a user-affecting incident needs one that prevents."
    )
    source_url = sources.GOOGLE_SRE_WORKBOOK
    owns = ("actions[*].type",)

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        # The model refuses a missing or unknown type while the file is read; that refusal is this rule's.
        return iter(())
