"""The timeline and where its time went, as Markdown for people and as JSON for tools."""

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from domain.escape.markdown import md_text
from domain.phases import PhaseReport, analyse
from domain.places import event_place, spans_places
from domain.principals import principal_name
from domain.timeline import TimelineEvent


def duration(delta: timedelta) -> str:
    """`1 h 05 min`, `25 min`, `40 s`: how long, the way people say it."""
    seconds = int(delta.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours} h {minutes:02d} min"
    if minutes:
        return f"{sign}{minutes} min" + (f" {secs:02d} s" if secs else "")
    return f"{sign}{secs} s"


def markdown(incident_id: str, events: Sequence[TimelineEvent], account_names: Mapping[str, str] | None = None) -> str:
    report = analyse(events)
    # Where each event happened, once the events say so; accounts by name where the ownership map names them.
    where = spans_places(events)
    lines = [
        f"# Timeline of {md_text(incident_id)}",
        "",
        "| when (UTC) | what | text |" + (" where |" if where else "") + " who | source |",
        "|---|---|---|" + ("---|" if where else "") + "---|---|",
    ]
    for event in sorted(events, key=lambda e: (e.occurred_at, e.event_id)):
        place = f" {md_text(event_place(event, account_names))} |" if where else ""
        lines.append(
            f"| {event.occurred_at:%Y-%m-%d %H:%M:%S} | {event.kind.value} | {md_text(event.text)} |{place}"
            f" {md_text(principal_name(event.actor))} | {md_text(event.source) or '(none)'} |"
        )
    lines += ["", "## Where the time went", "", *_phase_lines(report)]
    lines += ["", "## Checks", ""]
    lines += [f"- **{f.check}**: {md_text(f.message)}" for f in report.findings] or [
        "- the timeline passes every check"
    ]
    return "\n".join(lines) + "\n"


def _phase_lines(report: PhaseReport) -> list[str]:
    if not report.phases:
        return ["Not enough marks to measure any phase yet."]
    lines = ["| phase | from | to | took |", "|---|---|---|---|"]
    lines += [
        f"| {p.name} | {p.start.value} {p.started:%H:%M:%S} | {p.end.value} {p.ended:%H:%M:%S} "
        f"| {duration(p.duration)} |"
        for p in report.phases
    ]
    bottleneck, total = report.bottleneck, report.total
    if bottleneck is not None:
        share = f", {bottleneck.duration / total:.0%} of {duration(total)} from impact to recovery" if total else ""
        lines += ["", f"The bottleneck was **{bottleneck.name}**: {duration(bottleneck.duration)}{share}."]
    return lines


def as_json(incident_id: str, events: Sequence[TimelineEvent]) -> dict[str, Any]:
    report = analyse(events)
    bottleneck = report.bottleneck
    return {
        "incident_id": incident_id,
        "events": [event.model_dump(mode="json") for event in events],
        "phases": [
            {
                "name": p.name,
                "from": p.start.value,
                "to": p.end.value,
                "started_at": p.started.isoformat(),
                "ended_at": p.ended.isoformat(),
                "seconds": p.duration.total_seconds(),
            }
            for p in report.phases
        ],
        "bottleneck": bottleneck.name if bottleneck else None,
        "total_seconds": report.total.total_seconds() if report.total else None,
        "findings": [{"check": f.check, "message": f.message, "event_id": f.event_id} for f in report.findings],
    }
