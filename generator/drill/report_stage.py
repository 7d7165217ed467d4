"""The drill's report stage: `closeloop report` for the scenario's class, which now holds this incident and
the scenario's earlier one, so it says whether this one resolved faster than the last."""

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.report.chart import trend_chart
from generator.report.model import class_report, markdown
from generator.report.records import read_incidents

if TYPE_CHECKING:
    from generator.drill.seams import LoopState


def class_report_stage(state: "LoopState") -> Path:
    incident_class = state.scenario.incident_class
    incidents = read_incidents(state.clients.client("dynamodb"), state.table, incident_class)
    report = class_report(incident_class, incidents, datetime.now(UTC).date())
    chart = trend_chart(report, state.out / f"trend-{incident_class}.png")
    path = state.out / "report.md"
    path.write_text(markdown([report], {incident_class: chart.name}) + "\n", encoding="utf-8")
    return path
