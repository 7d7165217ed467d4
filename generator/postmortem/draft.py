"""A postmortem pre-filled from the records: the facts they hold, and a placeholder for every judgement.

Times, detection, the response and the deployments come from the timeline (and the evidence summary when
the timeline lacks them); the summary, the impact, what happened, the root cause, the contributing factors
and the actions are for people, so they are written as `TODO: ...` placeholders that `check` reports.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import yaml

from domain.action import ActionType, Priority
from domain.phases import MARK_KINDS, Mark, duplicate_alerts
from domain.postmortem import PLACEHOLDER
from domain.timeline import Kind, TimelineEvent, format_second
from generator.postmortem.records import IncidentRecords

RESPONSE_KINDS = frozenset({Kind.ENGAGED, Kind.HUMAN_ACTION, Kind.MITIGATION, Kind.MITIGATED})
HEADER = (
    "# Drafted by `closeloop postmortem draft` from the incident's timeline and evidence.\n"
    "# Replace every TODO, review the pre-filled answers, then run `closeloop postmortem check` on this file.\n"
)


def todo(hint: str) -> str:
    return f"{PLACEHOLDER}: {hint}"


def draft_data(records: IncidentRecords, today: date) -> dict[str, Any]:
    events = sorted(records.events, key=lambda event: event.occurred_at)
    copies = duplicate_alerts(events)
    for copy, first in copies:
        records.notes.append(
            f"left out the alert '{copy.text[:60]}' ({copy.source}): it repeats the alert recorded at "
            f"{_at(first)} by {first.actor}"
        )
    dropped = {copy.event_id for copy, _ in copies}
    events = [event for event in events if event.event_id not in dropped]
    item = records.incident
    incident: dict[str, Any] = {
        "id": records.incident_id,
        "title": item.get("title") or todo("a short title people will recognise"),
        "class": item.get("incident_class") or item.get("class") or todo("the incident class, e.g. bad-deploy"),
        "severity": item.get("severity") or todo("the declared severity, e.g. SEV2"),
        "service": item.get("service") or todo("the affected service"),
        "postmortem_owner": item.get("postmortem_owner") or todo("the Jira account that owns this postmortem"),
    }
    if item.get("ticket"):
        incident["ticket"] = item["ticket"]
    return {
        "incident": incident,
        "written_on": today.isoformat(),
        "summary": todo("one paragraph: what happened, to whom, for how long, and what ended it"),
        "impact": {
            "description": todo(f"who was affected, how, how many; {_window(events)}"),
            "user_affecting": True,
        },
        "answers": {
            "what_happened": todo("what happened, in the order it happened"),
            "when_it_started": _started(events),
            "how_detected": _detected(events, records.manifest),
            "how_responded": _responded(events),
            "what_changed": _changed(events, records.manifest),
        },
        "timeline": [_event(event) for event in events],
        "root_cause": todo("why it happened, about systems and processes, never a person"),
        "contributing_factors": [
            {"category": "trigger", "text": todo("what made it possible, worse or longer; one entry per factor")}
        ],
        "actions": [
            {
                "id": "A1",
                "title": todo("a change, starting with a verb (e.g. Add a canary gate to ...)"),
                "type": ActionType.ROLLBACK_SAFEGUARD.value,
                "owner": todo("the owner's Jira accountId (Cloud) or username (Data Center)"),
                "due": (today + timedelta(days=28)).isoformat(),
                "priority": Priority.HIGH.value,
                "done_condition": todo("what anyone can check to see it is done"),
            }
        ],
        "evidence": [link.model_dump() for link in records.evidence],
    }


def draft_yaml(records: IncidentRecords, today: date | None = None) -> str:
    data = draft_data(records, today or datetime.now(UTC).date())
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
    # A judgement with a safe default: true demands a prevent action until someone says no user saw it.
    text = text.replace("  user_affecting: true\n", "  user_affecting: true  # TODO: false if no user saw the impact\n")
    return HEADER + text


def _event(event: TimelineEvent) -> dict[str, str]:
    data = event.model_dump(mode="json", exclude={"event_id"})
    data["occurred_at"] = format_second(event.occurred_at)
    data["recorded_at"] = event.recorded_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {key: str(value) for key, value in data.items()}


def _first(events: list[TimelineEvent], mark: Mark) -> TimelineEvent | None:
    return next((event for event in events if event.kind in MARK_KINDS[mark]), None)


def _said(text: str) -> str:
    """An event's text inside a sentence: without its own closing full stop."""
    return text.strip().rstrip(".")


def _at(event: TimelineEvent) -> str:
    return format_second(event.occurred_at)


def _window(events: list[TimelineEvent]) -> str:
    start, end = _first(events, Mark.IMPACT_START), _first(events, Mark.RECOVERY)
    if start and end:
        return f"the timeline has impact from {_at(start)} to {_at(end)}"
    return "the timeline does not mark both the impact start and the recovery"


def _started(events: list[TimelineEvent]) -> str:
    start, end = _first(events, Mark.IMPACT_START), _first(events, Mark.RECOVERY)
    if start is None:
        return todo("when the impact started (the timeline has no symptom event)")
    started = f"The impact started at {_at(start)} ({_said(start.text)})"
    if end is None:
        return todo(f"when the impact ended. {started}.")
    return f"{started}; it ended at {_at(end)} ({_said(end.text)})."


def _detected(events: list[TimelineEvent], manifest: dict[str, Any] | None) -> str:
    found = _first(events, Mark.DETECTION)
    if found is not None:
        said = _said(found.text)
        return f"Detected at {_at(found)} by {found.kind.value} from {found.actor}: {said} (source: {found.source})."
    first_alarm = ((manifest or {}).get("sources", {}).get("alarms", {}).get("summary", {}) or {}).get("first_alarm")
    if isinstance(first_alarm, dict) and first_alarm.get("alarm"):
        return todo(f"confirm: the first alarm in the evidence is {first_alarm['alarm']} at {first_alarm.get('at')}.")
    return todo("how the team found out: which alert, or who reported it")


def _responded(events: list[TimelineEvent]) -> str:
    steps = [f"{_at(e)} {e.kind.value}: {_said(e.text)}" for e in events if e.kind in RESPONSE_KINDS]
    if not steps:
        return todo("who was engaged, what they tried, what worked")
    return "From the timeline: " + "; ".join(steps) + "."


def _changed(events: list[TimelineEvent], manifest: dict[str, Any] | None) -> str:
    deployments = [f"{_at(e)}: {_said(e.text)} ({e.source})" for e in events if e.kind is Kind.DEPLOYMENT]
    markers = ((manifest or {}).get("sources", {}).get("deployments", {}).get("summary", {}) or {}).get("markers")
    found = []
    if deployments:
        found.append("Deployments on the timeline: " + "; ".join(deployments) + ".")
    if isinstance(markers, dict) and any(markers.values()):
        counts = ", ".join(f"{count} {kind}" for kind, count in markers.items() if count)
        found.append(f"The evidence holds deployment markers in the window ({counts}).")
    if not found:
        return todo("what changed: a deployment, a config change, load, a dependency")
    return todo("say which change caused it. " + " ".join(found))
