"""PE110: the timeline starts with the impact, has every mark, and mitigation comes before recovery."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.timeline_checks import integrity
from generator.validator.finding import Issue, Severity

CHECKS = frozenset({"missing mark", "impact start first", "mitigation before recovery"})


class TimelineOrder(PostmortemRule):
    id = "PE110"
    severity = Severity.ERROR
    shortdesc = "Timeline integrity"
    description = (
        "The timeline marks the start of impact (the first symptom), detection, the first human action, "
        "mitigation and recovery. Only the deployment that caused it or a note may come before the impact, "
        "and a mitigation comes before recovery."
    )
    source_url = sources.GOOGLE_SRE_WORKBOOK
    owns = ("timeline",)

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        if not ctx.postmortem.timeline:
            yield Issue("timeline", "the timeline is empty: record what happened, from the first symptom on")
            return
        for index, finding in integrity(ctx.postmortem.timeline, CHECKS):
            path = "timeline" if index is None else f"timeline[{index}].occurred_at"
            yield Issue(path, f"{finding.check}: {finding.message}")
