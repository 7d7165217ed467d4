"""Every runbook closeloop ships, by document name. `closeloop build` writes each to templates/ssm/."""

from collections.abc import Callable

from generator.document import Document
from runbooks import collect_evidence, incident_response, log_timeline_event, open_incident, rollback_deployment

Builder = Callable[[], Document]

RUNBOOKS: dict[str, Builder] = {
    collect_evidence.NAME: collect_evidence.build,
    log_timeline_event.NAME: log_timeline_event.build,
    incident_response.NAME: incident_response.build,
    open_incident.NAME: open_incident.build,
    rollback_deployment.NAME: rollback_deployment.build,
}


# Runbooks that change the customer's own resources. closeloop's Automation role may write only to
# closeloop's resources (least privilege), so the stack does not make it their default role: they run
# with the permissions of whoever starts them, or a role that person names.
RUNS_AS_CALLER = frozenset({rollback_deployment.NAME})


def names() -> list[str]:
    return sorted(RUNBOOKS)


def find(name: str) -> Document | None:
    """The document a runbook builds, or None when the catalogue has no runbook of that name."""
    builder = RUNBOOKS.get(name)
    return builder() if builder else None
