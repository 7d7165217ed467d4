"""A PNG of an incident: its phases as bars on a time axis, its events as labelled markers below.

matplotlib with the Agg backend (no display needed, safe in CI and on servers).
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from domain.phases import analyse
from domain.places import event_place
from domain.timeline import Kind, TimelineEvent
from generator.timeline.report import duration

PHASE_COLOURS = {"detect": "#d62728", "engage": "#ff7f0e", "mitigate": "#1f77b4", "recover": "#2ca02c"}
KIND_COLOURS = {
    Kind.SYMPTOM: "#d62728",
    Kind.ALERT: "#ff7f0e",
    Kind.MITIGATION: "#1f77b4",
    Kind.MITIGATED: "#1f77b4",
    Kind.RECOVERY: "#2ca02c",
    Kind.RESOLVED: "#2ca02c",
}


def _num(moment: datetime) -> float:
    """matplotlib's date number for a moment (its own function is untyped)."""
    return float(mdates.date2num(moment))  # type: ignore[no-untyped-call]


def render(
    incident_id: str, events: Sequence[TimelineEvent], out: Path, account_names: Mapping[str, str] | None = None
) -> Path:
    ordered = sorted(events, key=lambda e: (e.occurred_at, e.event_id))
    report = analyse(ordered)
    several = len({event.place for event in ordered}) > 1

    def where(event: TimelineEvent) -> str:
        """`[payments-prod (111122223333), eu-west-1] `, when the incident spans several places."""
        label = event_place(event, account_names) if several else ""
        return f"[{label}] " if label else ""

    height = 2.5 + 0.32 * len(ordered)
    figure, (phases_axis, events_axis) = plt.subplots(
        2, 1, figsize=(12, height), sharex=True, gridspec_kw={"height_ratios": [1.2, max(1.0, 0.32 * len(ordered))]}
    )
    try:
        for phase in report.phases:
            start, width = _num(phase.started), _num(phase.ended) - _num(phase.started)
            colour = PHASE_COLOURS.get(phase.name, "grey")
            bold = report.bottleneck is not None and phase.name == report.bottleneck.name
            phases_axis.barh(0, width, left=start, color=colour, edgecolor="black", linewidth=2 if bold else 0.5)
            label = f"{phase.name}\n{duration(phase.duration)}" + (" (bottleneck)" if bold else "")
            phases_axis.text(start + width / 2, 0, label, ha="center", va="center", fontsize=8, color="white")
        phases_axis.set_yticks([])
        phases_axis.set_title(f"{incident_id}: where the time went (UTC)")
        for row, event in enumerate(ordered):
            when = _num(event.occurred_at)
            events_axis.plot(when, -row, "o", color=KIND_COLOURS.get(event.kind, "#7f7f7f"))
            events_axis.annotate(
                f"{event.occurred_at:%H:%M} {where(event)}{event.kind.value}: {event.text[:70]}",
                (when, -row),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        if ordered:
            # Room on the right for the labels of the last events.
            first, last = _num(ordered[0].occurred_at), _num(ordered[-1].occurred_at)
            span = max(last - first, 1 / 24 / 60)
            events_axis.set_xlim(first - 0.03 * span, last + 0.6 * span)
        events_axis.set_yticks([])
        events_axis.set_ylim(-len(ordered), 1)
        events_axis.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))  # type: ignore[no-untyped-call]
        figure.tight_layout()
        out.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(out, dpi=100)
    finally:
        plt.close(figure)
    return out
