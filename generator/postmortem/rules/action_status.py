"""PE147: a closed action carries its record: evidence when done, reason and approver when not doing."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity

LINK_SCHEMES = ("https://", "http://", "s3://")


class ActionStatusRecord(PostmortemRule):
    id = "PE147"
    severity = Severity.ERROR
    shortdesc = "Action status recorded"
    description = (
        "An action is open, done with evidence (links anyone can follow), or not_doing with a reason and the "
        "account that approved it; an action is never just dropped."
    )
    source_url = sources.ATLASSIAN_HANDBOOK
    owns = ("actions[*]", "actions[*].status", "actions[*].evidence", "actions[*].reason")

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for index, action in enumerate(ctx.postmortem.actions):
            for number, link in enumerate(action.evidence):
                if not link.startswith(LINK_SCHEMES):
                    yield Issue(f"actions[{index}].evidence[{number}]", f"'{link}' is not a link (https:// or s3://)")
