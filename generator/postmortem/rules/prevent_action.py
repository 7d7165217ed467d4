"""PE150: a user-affecting incident has a high-priority prevent action, or a recorded exception."""

from collections.abc import Iterator

from domain.action import ActionPurpose, ActionStatus
from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity


class PreventAction(PostmortemRule):
    id = "PE150"
    severity = Severity.ERROR
    shortdesc = "High-priority prevent action"
    description = (
        "When users were affected, at least one action that prevents recurrence (a rollback safeguard, a "
        "test or canary gate, a capacity or dependency fix) has priority high or highest and is not dropped; "
        "otherwise prevent_exception records why not and who approved it."
    )
    source_url = sources.ATLASSIAN_HANDBOOK
    owns = ("prevent_exception", "prevent_exception.reason")

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        postmortem = ctx.postmortem
        if not postmortem.impact.user_affecting or postmortem.prevent_exception is not None:
            return
        if any(
            action.purpose is ActionPurpose.PREVENT
            and action.priority.is_high
            and action.status is not ActionStatus.NOT_DOING
            for action in postmortem.actions
        ):
            return
        yield Issue(
            "actions",
            "users were affected but no prevent action (rollback_safeguard, test_canary_gate, "
            "capacity_dependency_fix) has priority high or highest: add one, or record prevent_exception",
        )
