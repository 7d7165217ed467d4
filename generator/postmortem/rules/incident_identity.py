"""PE160: the incident is named in full, and every timeline event belongs to it."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity


class IncidentIdentity(PostmortemRule):
    id = "PE160"
    severity = Severity.ERROR
    shortdesc = "Incident identified"
    description = (
        "The postmortem names its incident (id, title, class, severity, service, an optional ticket key) and "
        "one postmortem owner, and its timeline holds only that incident's events."
    )
    source_url = sources.ATLASSIAN_HANDBOOK
    owns = (
        "incident",
        *(f"incident.{name}" for name in ("id", "title", "class", "severity", "service", "ticket")),
        "timeline[*].incident_id",
    )

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        incident_id = ctx.postmortem.incident.id
        for index, event in enumerate(ctx.postmortem.timeline):
            if event.incident_id != incident_id:
                yield Issue(
                    f"timeline[{index}].incident_id",
                    f"the event belongs to incident '{event.incident_id}', not '{incident_id}'",
                )
