"""The timeline's integrity as `domain.phases` judges it, located by the event's index in the file.

The phase analysis is the one the incident metrics use, so a postmortem and the metrics agree on what a
sound timeline is; the rules only say where in the file each finding is.
"""

from collections.abc import Iterator

from domain.phases import Finding, analyse
from domain.timeline import TimelineEvent


def integrity(timeline: list[TimelineEvent], checks: frozenset[str]) -> Iterator[tuple[int | None, Finding]]:
    """The findings of the named checks, each with the index of its event (None: about the whole timeline)."""
    index_of: dict[str, int] = {}
    for index, event in enumerate(timeline):
        index_of.setdefault(event.event_id, index)
    for finding in analyse(timeline).findings:
        if finding.check in checks:
            yield (index_of.get(finding.event_id) if finding.event_id else None), finding
