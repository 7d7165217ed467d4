"""PE144: every action's title starts with a verb that names a change."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.text import words
from generator.postmortem.verbs import ACTION_VERBS, NON_ACTIONS
from generator.validator.finding import Issue, Severity


class ActionTitle(PostmortemRule):
    id = "PE144"
    severity = Severity.ERROR
    shortdesc = "Action title starts with a verb"
    description = (
        "An action's title starts with a verb that names a change ('Add', 'Fix', 'Alert', 'Gate'). "
        "'Investigate', 'Improve', 'Look into' or 'Review' name a study or a wish: the action is the change "
        "that would come out of it."
    )
    source_url = sources.GOOGLE_SRE_WORKBOOK
    owns = ("actions[*].title",)

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for index, action in enumerate(ctx.postmortem.actions):
            found = words(action.title)
            first = found[0].lower() if found else ""
            if first in NON_ACTIONS:
                yield Issue(
                    f"actions[{index}].title",
                    f"'{found[0]}' is not an action: name the change to make (e.g. 'Add', 'Fix', 'Gate')",
                )
            elif first not in ACTION_VERBS | ctx.policy.action_verbs:
                yield Issue(
                    f"actions[{index}].title",
                    f"the title does not start with a verb ('{found[0] if found else ''}'): start with the change, "
                    "e.g. 'Add', 'Fix', 'Alert', 'Gate', 'Document'",
                )
