"""PW113: an event's occurred_at is not a copy of its recorded_at."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity


class TimelineTimesApart(PostmortemRule):
    id = "PW113"
    severity = Severity.WARNING
    shortdesc = "Occurred-at copied from recorded-at"
    description = (
        "An event written down later is placed on the timeline by when it happened. The same text in "
        "occurred_at and recorded_at usually means the time of writing was copied: check it."
    )
    source_url = sources.GOOGLE_SRE_WORKBOOK

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for index, event in enumerate(ctx.data.get("timeline") or []):
            if isinstance(event, dict) and str(event.get("occurred_at")) == str(event.get("recorded_at")):
                yield Issue(
                    f"timeline[{index}].occurred_at",
                    "occurred_at is the same as recorded_at: write when it happened, not when it was noted",
                )
