"""PE142: every action has a priority and a due date within that priority's cap."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity


class ActionSchedule(PostmortemRule):
    id = "PE142"
    severity = Severity.ERROR
    shortdesc = "Action due within its priority's cap"
    description = (
        "Every action has a priority and a due date. Priority actions have a deadline counted from the "
        "postmortem's date (Atlassian: 4 or 8 weeks; by default highest 28 days, high 56 days), and no action "
        "is due before the postmortem was written."
    )
    source_url = sources.ATLASSIAN_HANDBOOK
    owns = ("actions[*].priority", "actions[*].due", "written_on")

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        written_on = ctx.postmortem.written_on
        for index, action in enumerate(ctx.postmortem.actions):
            latest = ctx.policy.due_dates.latest_due(action.priority, written_on)
            if action.due < written_on:
                yield Issue(f"actions[{index}].due", f"due {action.due}, before the postmortem ({written_on})")
            elif latest is not None and action.due > latest:
                days = (latest - written_on).days
                yield Issue(
                    f"actions[{index}].due",
                    f"due {action.due}: a {action.priority} action is due within {days} days of {written_on}, "
                    f"by {latest}; lower its priority or bring the date in",
                )
