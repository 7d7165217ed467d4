"""PE111: every timeline time is written in UTC."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity

TIME_FIELDS = ("occurred_at", "recorded_at")


class TimelineUtc(PostmortemRule):
    id = "PE111"
    severity = Severity.ERROR
    shortdesc = "Timeline in UTC"
    description = (
        "Every occurred_at and recorded_at is an ISO-8601 time in UTC (ending in Z or +00:00): times in local "
        "zones, or without a zone, put events of one incident hours apart from each other."
    )
    source_url = sources.GOOGLE_SRE_WORKBOOK
    owns = tuple(f"timeline[*].{name}" for name in TIME_FIELDS)

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for index, event in enumerate(ctx.data.get("timeline") or []):
            for name in TIME_FIELDS:
                written = str(event.get(name, "")) if isinstance(event, dict) else ""
                if not written.strip().upper().endswith(("Z", "+00:00")):
                    yield Issue(f"timeline[{index}].{name}", f"'{written}' is not in UTC: write it with a Z")
