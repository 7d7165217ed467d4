"""PE115: an alert is on the timeline once."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.timeline_checks import integrity
from generator.validator.finding import Issue, Severity


class TimelineDuplicateAlert(PostmortemRule):
    id = "PE115"
    severity = Severity.ERROR
    shortdesc = "Alert recorded once"
    description = (
        "An alarm that fires once is one alert on the timeline, whichever writers recorded it (the timeline "
        "handler by the alarm's ARN, the evidence collection as cloudwatch-alarm:<name>). A second alert of the "
        "same alarm counts only after that alarm recovered; otherwise it is a copy that misplaces detection."
    )
    source_url = sources.GOOGLE_SRE_WORKBOOK

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for index, finding in integrity(ctx.postmortem.timeline, frozenset({"duplicated alert"})):
            yield Issue("timeline" if index is None else f"timeline[{index}].source", finding.message)
