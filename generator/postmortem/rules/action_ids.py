"""PE146: action ids are unique within the postmortem."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity


class ActionIds(PostmortemRule):
    id = "PE146"
    severity = Severity.ERROR
    shortdesc = "Unique action ids"
    description = (
        "An action's id is how Jira finds its issue again (it is part of the external id stored there), so "
        "ids are unique within the postmortem and never reused: two actions with one id would share an issue."
    )
    source_url = sources.ATLASSIAN_HANDBOOK
    owns = ("actions", "actions[*].id")

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        first_seen: dict[str, int] = {}
        for index, action in enumerate(ctx.postmortem.actions):
            if action.id in first_seen:
                yield Issue(
                    f"actions[{index}].id", f"id '{action.id}' is already used by actions[{first_seen[action.id]}]"
                )
            else:
                first_seen[action.id] = index
