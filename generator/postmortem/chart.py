"""The timeline chart: every event on a UTC time axis, one row per phase, the impact window shaded.

Drawn on a matplotlib `Figure` with the Agg canvas (no display, no global pyplot state), so it renders the
same on a laptop, in CI and in a container.
"""

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import DateFormatter, date2num
from matplotlib.figure import Figure

from domain.phases import MARK_KINDS, Mark
from domain.places import event_place
from domain.timeline import Kind, TimelineEvent

# Rows from the top: what caused it, what users saw, what the team saw and did, how it ended, the rest.
ROWS: list[tuple[str, frozenset[Kind], str]] = [
    ("change", frozenset({Kind.DEPLOYMENT}), "tab:purple"),
    ("impact", MARK_KINDS[Mark.IMPACT_START], "tab:red"),
    ("detection", MARK_KINDS[Mark.DETECTION], "tab:orange"),
    ("response", frozenset({Kind.ENGAGED, Kind.HUMAN_ACTION, Kind.MITIGATION, Kind.MITIGATED}), "tab:blue"),
    ("recovery", MARK_KINDS[Mark.RECOVERY], "tab:green"),
    ("other", frozenset({Kind.NOTE, Kind.EVIDENCE}), "tab:gray"),
]


def row_of(kind: Kind) -> int:
    return next(index for index, (_, kinds, _) in enumerate(ROWS) if kind in kinds)


def draw_timeline(
    events: list[TimelineEvent], path: Path, title: str, account_names: Mapping[str, str] | None = None
) -> Path:
    figure = Figure(figsize=(11, 4), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    ordered = sorted(events, key=lambda event: event.occurred_at)
    start = next((e.occurred_at for e in ordered if e.kind in MARK_KINDS[Mark.IMPACT_START]), None)
    end = next((e.occurred_at for e in ordered if e.kind in MARK_KINDS[Mark.RECOVERY]), None)
    if start and end and end > start:
        axes.axvspan(_num(start), _num(end), color="tab:red", alpha=0.08, label="impact")
    for index, (_, kinds, colour) in enumerate(ROWS):
        chosen = [e for e in ordered if e.kind in kinds]
        if chosen:
            axes.scatter([_num(e.occurred_at) for e in chosen], [index] * len(chosen), color=colour, s=60, zorder=3)
    # Over several accounts or regions each marker says where, as the report's table does.
    several = len({event.place for event in ordered}) > 1
    for number, event in enumerate(ordered, start=1):
        where = (_num(event.occurred_at), row_of(event.kind))
        label = f"{number} {event_place(event, account_names)}".strip() if several else str(number)
        axes.annotate(label, where, xytext=(0, 7), textcoords="offset points", ha="center", fontsize=8)
    axes.set_yticks(range(len(ROWS)), [name for name, _, _ in ROWS])
    axes.set_ylim(len(ROWS) - 0.5, -0.7)
    axes.xaxis.set_major_formatter(DateFormatter("%H:%M", tz="UTC"))  # type: ignore[no-untyped-call]
    axes.set_xlabel("UTC" + (f" ({ordered[0].occurred_at:%Y-%m-%d})" if ordered else ""))
    axes.grid(axis="x", alpha=0.3)
    axes.set_title(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    return path


def _num(moment: datetime) -> float:
    """Matplotlib's date number (its date helpers carry no types)."""
    return float(date2num(moment))  # type: ignore[no-untyped-call]
