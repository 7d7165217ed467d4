"""PE114: nothing that starts or answers the incident comes after its recovery."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.timeline_checks import integrity
from generator.validator.finding import Issue, Severity


class TimelineAfterRecovery(PostmortemRule):
    id = "PE114"
    severity = Severity.ERROR
    shortdesc = "Nothing starts after recovery"
    description = (
        "Once the incident has recovered (the first recovery or resolved event), no deployment, symptom, alert, "
        "detection or engagement of it can follow: such an event is a late copy of an earlier one or was stamped "
        "by a clock that is off, and it puts the cause after its effect. Notes, evidence and clean-up may follow."
    )
    source_url = sources.GOOGLE_SRE_WORKBOOK

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for index, finding in integrity(ctx.postmortem.timeline, frozenset({"after recovery"})):
            yield Issue("timeline" if index is None else f"timeline[{index}].occurred_at", finding.message)
