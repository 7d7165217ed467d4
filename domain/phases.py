"""Where the time went: an incident's phases from its timeline, the timeline's integrity, the bottleneck.

The marks are the first event of each kind that stands for a moment (impact start, detection, first human
action, mitigation, recovery); the phases are the spans between consecutive marks. Compare phases, not
the total: "detection took 40 minutes" says what to fix, "MTTR was 70 minutes" does not.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from domain.timeline import Kind, TimelineEvent, alert_origin


class Mark(StrEnum):
    IMPACT_START = "impact start"
    DETECTION = "detection"
    FIRST_HUMAN_ACTION = "first human action"
    MITIGATION = "mitigation"
    RECOVERY = "recovery"


# Which event kinds set each mark (the first one in time wins), in the order the marks should come.
MARK_KINDS: dict[Mark, frozenset[Kind]] = {
    Mark.IMPACT_START: frozenset({Kind.SYMPTOM}),
    Mark.DETECTION: frozenset({Kind.ALERT, Kind.DETECTED}),
    Mark.FIRST_HUMAN_ACTION: frozenset({Kind.HUMAN_ACTION, Kind.ENGAGED}),
    Mark.MITIGATION: frozenset({Kind.MITIGATION, Kind.MITIGATED}),
    Mark.RECOVERY: frozenset({Kind.RECOVERY, Kind.RESOLVED}),
}
PHASE_NAMES = {
    Mark.DETECTION: "detect",
    Mark.FIRST_HUMAN_ACTION: "engage",
    Mark.MITIGATION: "mitigate",
    Mark.RECOVERY: "recover",
}
# Kinds that may precede the impact: the deployment that caused it, a note giving context.
BEFORE_IMPACT_ALLOWED = frozenset({Kind.DEPLOYMENT, Kind.NOTE})
# Kinds that start an incident or answer its start: none of them can come after the incident recovered.
# (Notes, evidence, clean-up actions and the commander's `resolved` may.)
NOT_AFTER_RECOVERY = frozenset({Kind.DEPLOYMENT, Kind.SYMPTOM, Kind.ALERT, Kind.DETECTED, Kind.ENGAGED})


@dataclass(frozen=True)
class Phase:
    name: str  # detect, engage, mitigate, recover
    start: Mark
    end: Mark
    started: datetime
    ended: datetime

    @property
    def duration(self) -> timedelta:
        return self.ended - self.started


@dataclass(frozen=True)
class Finding:
    check: str
    message: str
    event_id: str | None = None


@dataclass(frozen=True)
class PhaseReport:
    marks: dict[Mark, TimelineEvent]
    phases: list[Phase]
    findings: list[Finding]

    @property
    def bottleneck(self) -> Phase | None:
        """The longest phase; None when no phase could be measured."""
        return max(self.phases, key=lambda phase: phase.duration, default=None)

    @property
    def total(self) -> timedelta | None:
        if Mark.IMPACT_START in self.marks and Mark.RECOVERY in self.marks:
            return self.marks[Mark.RECOVERY].occurred_at - self.marks[Mark.IMPACT_START].occurred_at
        return None


def analyse(events: Sequence[TimelineEvent]) -> PhaseReport:
    ordered = sorted(events, key=lambda event: (event.occurred_at, event.event_id))
    marks = _marks(ordered)
    return PhaseReport(marks, _phases(marks), _integrity(ordered, marks))


def _marks(ordered: Sequence[TimelineEvent]) -> dict[Mark, TimelineEvent]:
    marks: dict[Mark, TimelineEvent] = {}
    for mark, kinds in MARK_KINDS.items():
        first = next((event for event in ordered if event.kind in kinds), None)
        if first is not None:
            marks[mark] = first
    return marks


def _phases(marks: dict[Mark, TimelineEvent]) -> list[Phase]:
    return spans(marks)


def spans(marks: dict[Mark, TimelineEvent], boundaries: Collection[Mark] | None = None) -> list[Phase]:
    """The phases between consecutive boundary marks (default: every mark the timeline has).

    A phase across a mark that is not a boundary is named after every phase it covers (detection to
    mitigation without a first human action is `engage+mitigate`), so one name is always one definition:
    "mitigate" never silently includes the time it took to engage. Incidents compared with each other are
    measured between the same boundaries (`generator/report`)."""
    order = list(MARK_KINDS)
    present = [mark for mark in order if mark in marks and (boundaries is None or mark in boundaries)]
    phases: list[Phase] = []
    for start, end in pairwise(present):
        covered = order[order.index(start) + 1 : order.index(end) + 1]
        name = "+".join(PHASE_NAMES[mark] for mark in covered)
        phases.append(Phase(name, start, end, marks[start].occurred_at, marks[end].occurred_at))
    return phases


def _integrity(ordered: Sequence[TimelineEvent], marks: dict[Mark, TimelineEvent]) -> list[Finding]:
    findings = [
        Finding("missing mark", f"no {mark.value} event ({' or '.join(sorted(MARK_KINDS[mark]))})")
        for mark in MARK_KINDS
        if mark not in marks
    ]
    impact = marks.get(Mark.IMPACT_START)
    if impact is not None:
        findings += [
            Finding(
                "impact start first",
                f"{event.kind.value} at {event.occurred_at:%H:%M:%S} comes before the impact start "
                f"at {impact.occurred_at:%H:%M:%S}",
                event.event_id,
            )
            for event in ordered
            if event.occurred_at < impact.occurred_at and event.kind not in BEFORE_IMPACT_ALLOWED
        ]
    mitigation, recovery = marks.get(Mark.MITIGATION), marks.get(Mark.RECOVERY)
    if recovery is not None and (mitigation is None or mitigation.occurred_at > recovery.occurred_at):
        findings.append(
            Finding(
                "mitigation before recovery",
                "recovery is recorded with no mitigation before it",
                recovery.event_id,
            )
        )
    if recovery is not None:
        findings += [
            Finding(
                "after recovery",
                f"{event.kind.value} at {event.occurred_at:%H:%M:%S} comes after the recovery at "
                f"{recovery.occurred_at:%H:%M:%S}: nothing of the incident starts after it recovered "
                "(a late copy of an earlier event, or a clock that is off)",
                event.event_id,
            )
            for event in ordered
            if event.occurred_at > recovery.occurred_at and event.kind in NOT_AFTER_RECOVERY
        ]
    findings += [
        Finding(
            "duplicated alert",
            f"alert at {event.occurred_at:%H:%M:%S} repeats the alert of {alert_origin(event.source)} at "
            f"{earlier.occurred_at:%H:%M:%S} with no recovery of it in between: one alert, recorded twice",
            event.event_id,
        )
        for event, earlier in duplicate_alerts(ordered)
    ]
    findings += [
        Finding("every event has a source", f"{event.kind.value} '{event.text[:60]}' has no source", event.event_id)
        for event in ordered
        if not event.source.strip()
    ]
    findings += [
        Finding(
            "recorded after it occurred",
            f"{event.kind.value} '{event.text[:60]}' was recorded before it occurred",
            event.event_id,
        )
        for event in ordered
        if event.recorded_at.replace(microsecond=0) < event.occurred_at
    ]
    return findings


def duplicate_alerts(ordered: Sequence[TimelineEvent]) -> list[tuple[TimelineEvent, TimelineEvent]]:
    """(copy, first) for each alert that repeats an earlier alert of the same origin (an alarm, whichever
    writer recorded it) with no recovery of that origin in between. An alarm that recovers and fires again
    raises a new alert; one that fires once and is recorded by the timeline handler and again by the
    evidence collection does not."""
    firing: dict[str, list[TimelineEvent]] = {}
    copies: list[tuple[TimelineEvent, TimelineEvent]] = []
    # Of two records of one moment, the one written down first is the original.
    for event in sorted(ordered, key=lambda e: (e.occurred_at, e.recorded_at, e.event_id)):
        origin = alert_origin(event.source)
        if not origin:
            continue
        same = [first for first in firing.get(origin, []) if same_place(first, event)]
        if event.kind is Kind.ALERT:
            if same:
                copies.append((event, same[0]))
            else:
                firing.setdefault(origin, []).append(event)
        elif event.kind is Kind.RECOVERY:
            firing[origin] = [first for first in firing.get(origin, []) if first not in same]
    return copies


def same_place(a: TimelineEvent, b: TimelineEvent) -> bool:
    """Whether two records can be of one alarm: the same account and region wherever both say which (alarms of
    one name in two accounts are two alarms; a record that does not say where matches either)."""
    return all(not x or not y or x == y for x, y in zip(a.place, b.place, strict=True))
