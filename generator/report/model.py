"""The per-class report, computed from incidents, their timelines and their actions (no I/O here).

Phases are compared within a class against the class median (Google, "Incident Metrics in SRE": MTTR
alone is poor for trends), like with like: every incident of a class is measured between the same marks,
the ones all of them have. When one incident has no first human action (an `engaged` or an operator's
action), engage and mitigate are one phase, `engage+mitigate`, for every incident of its class, instead of
its "mitigate" silently holding the time it took to engage. "Faster" compares the latest incident's phases,
summed, with the one before it. An open action is overdue when its due date has passed, or when the daily
pass escalated it for its current due date (the reminder ledger says so), whatever day the report is run.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median
from typing import Any
from urllib.parse import quote

from domain.accounts import DisplayNames
from domain.action import Action, ActionStatus
from domain.escape.markdown import md_text
from domain.phases import MARK_KINDS, Mark, analyse, spans
from domain.timeline import TimelineEvent

NO_OWNER = "(none)"


@dataclass(frozen=True)
class ActionState:
    """What the report counts of one action: from the outbox (Action) or from its Jira issue, where the
    assignee may be nobody, which a postmortem's Action never allows."""

    status: ActionStatus
    owner: str | None
    due: date
    issue_key: str | None = None
    escalated: bool = False  # the daily pass escalated it for this due date

    @classmethod
    def of(cls, action: Action, issue_key: str | None = None) -> "ActionState":
        return cls(action.status, action.owner.strip() or None, action.due, issue_key)


@dataclass(frozen=True)
class IncidentInput:
    incident_id: str
    incident_class: str
    started_at: datetime
    events: list[TimelineEvent]
    actions: list[ActionState]


@dataclass
class IncidentRow:
    incident_id: str
    started_at: datetime
    phases: dict[str, float]  # minutes
    missing: list[str] = field(default_factory=list)  # marks the timeline lacks (Mark values)
    against_median: dict[str, float] = field(default_factory=dict)  # phase / class median


@dataclass
class ClassReport:
    incident_class: str
    phase_names: list[str]  # the same phases for every incident of the class
    incidents: list[IncidentRow]
    medians: dict[str, float]
    latest_faster: bool | None
    repeats: int
    actions: dict[str, int]
    by_owner: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "class": self.incident_class,
            "repeats": self.repeats,
            "phases": self.phase_names,
            "medians_minutes": self.medians,
            "latest_faster_than_previous": self.latest_faster,
            "incidents": [
                {
                    "id": row.incident_id,
                    "started_at": row.started_at.isoformat(),
                    "phases_minutes": row.phases,
                    "missing_marks": row.missing,
                    "against_median": row.against_median,
                }
                for row in self.incidents
            ],
            "actions": self.actions,
            "actions_by_owner": self.by_owner,
        }


def phase_minutes(marks: dict[Mark, TimelineEvent], boundaries: set[Mark]) -> dict[str, float]:
    return {phase.name: round(phase.duration.total_seconds() / 60, 1) for phase in spans(marks, boundaries)}


def latest_faster(rows: list[IncidentRow]) -> bool | None:
    if len(rows) < 2:
        return None
    latest, previous = rows[-1].phases, rows[-2].phases
    shared = [name for name in latest if name in previous]
    if not shared:
        return None
    return sum(latest[n] for n in shared) < sum(previous[n] for n in shared)


def action_counts(actions: list[ActionState], today: date) -> tuple[dict[str, int], dict[str, int]]:
    counts = Counter({"open": 0, "done": 0, "not_doing": 0, "overdue": 0, "without_owner": 0})
    owners: Counter[str] = Counter()
    for action in actions:
        counts[action.status.value] += 1
        if action.status is ActionStatus.OPEN:
            counts["overdue"] += action.due < today or action.escalated
            counts["without_owner"] += action.owner is None
            owners[action.owner or NO_OWNER] += 1
    return dict(counts), dict(sorted(owners.items()))


def class_report(incident_class: str, incidents: list[IncidentInput], today: date) -> ClassReport:
    ordered = sorted(incidents, key=lambda i: i.started_at)
    marks = [analyse(i.events).marks for i in ordered]
    common = set(MARK_KINDS).intersection(*marks)  # the marks every incident of the class has
    rows = [
        IncidentRow(i.incident_id, i.started_at, phase_minutes(m, common), [k.value for k in MARK_KINDS if k not in m])
        for i, m in zip(ordered, marks, strict=True)
    ]
    names = [phase.name for phase in spans(marks[0], common)] if marks else []
    medians = {
        name: round(median(values), 1)
        for name in names
        if (values := [row.phases[name] for row in rows if name in row.phases])
    }
    for row in rows:
        row.against_median = {
            name: round(minutes / medians[name], 2) for name, minutes in row.phases.items() if medians.get(name)
        }
    actions, by_owner = action_counts([a for i in ordered for a in i.actions], today)
    repeats = max(len(rows) - 1, 0)
    return ClassReport(incident_class, names, rows, medians, latest_faster(rows), repeats, actions, by_owner)


def markdown(reports: list[ClassReport], charts: dict[str, str], names: DisplayNames | None = None) -> str:
    """The report as Markdown; owners by their Jira display names (`names`), never by account id."""
    lines, t, person = ["# closeloop report", ""], md_text, names or DisplayNames()
    for report in reports:
        faster = {True: "yes", False: "no", None: "not comparable"}[report.latest_faster]
        lines += [f"## {t(report.incident_class)}", ""]
        lines += [f"Incidents: {len(report.incidents)} (repeats: {report.repeats}). "
                  f"Latest faster than the one before: {faster}.", ""]  # fmt: skip
        phases = report.phase_names
        lines += ["| incident | started | " + " | ".join(phases) + " |", "|---|---|" + "---|" * len(phases)]
        for row in report.incidents:
            cells = [
                f"{row.phases[n]} min (x{row.against_median.get(n, 0)})" if n in row.phases else "-" for n in phases
            ]
            lines.append(f"| {t(row.incident_id)} | {row.started_at:%Y-%m-%d %H:%M} | " + " | ".join(cells) + " |")
        medians = [f"{report.medians[n]} min" if n in report.medians else "-" for n in phases]
        lines += ["| median | | " + " | ".join(medians) + " |", ""]
        lines += [
            f"{t(row.incident_id)} has no {' and no '.join(row.missing)} mark: every incident of the class is "
            f"measured between the marks all of them have ({', '.join(phases) or 'none'})."
            for row in report.incidents
            if row.missing
        ]
        lines += [""] if any(row.missing for row in report.incidents) else []
        lines.append(
            "Actions: " + ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in report.actions.items())
        )
        lines += [
            "",
            "By owner (open): "
            + (", ".join(f"{t(person(o) if o != NO_OWNER else o)}: {n}" for o, n in report.by_owner.items()) or "none"),
            "",
        ]
        if report.incident_class in charts:
            chart = quote(charts[report.incident_class])
            lines += [f"![trend of {t(report.incident_class)}]({chart})", ""]
    return "\n".join(lines)
