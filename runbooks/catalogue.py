"""Every runbook closeloop ships, by document name. `closeloop build` writes each to templates/ssm/."""

from collections.abc import Callable

from generator.document import Document
from runbooks import log_timeline_event

Builder = Callable[[], Document]

RUNBOOKS: dict[str, Builder] = {
    log_timeline_event.NAME: log_timeline_event.build,
}


def names() -> list[str]:
    return sorted(RUNBOOKS)


def find(name: str) -> Document | None:
    """The document a runbook builds, or None when the catalogue has no runbook of that name."""
    builder = RUNBOOKS.get(name)
    return builder() if builder else None
