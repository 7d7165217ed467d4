"""PE112: every timeline event says where it comes from, and was not recorded before it happened."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.timeline_checks import integrity
from generator.validator.finding import Issue, Severity

FIELD_OF_CHECK = {"every event has a source": "source", "recorded after it occurred": "recorded_at"}


class TimelineSources(PostmortemRule):
    id = "PE112"
    severity = Severity.ERROR
    shortdesc = "Timeline events sourced"
    description = (
        "Every event names its source (an alarm, an automation step, a commit, a link) and an actor, and keeps "
        "when it happened (occurred_at) apart from when it was written down (recorded_at), which is not earlier."
    )
    source_url = sources.PAGERDUTY_GUIDE
    owns = ("timeline[*].source", "timeline[*].actor")

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for index, finding in integrity(ctx.postmortem.timeline, frozenset(FIELD_OF_CHECK)):
            path = "timeline" if index is None else f"timeline[{index}].{FIELD_OF_CHECK[finding.check]}"
            yield Issue(path, f"{finding.check}: {finding.message}")
