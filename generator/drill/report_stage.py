"""The drill's report stage: `closeloop report --jira` for the scenario's class, which now holds this incident
and the scenario's earlier one, so it says whether this one resolved faster than the last. Its actions are
counted as their issues stand in the drill's Jira after the enforcement passes (no webhook reaches the
emulator to bring the outbox up to date)."""

from pathlib import Path
from typing import TYPE_CHECKING

from domain.accounts import DisplayNames
from domain.ownership import DEFAULT_POLICY
from generator.report.chart import trend_chart
from generator.report.jira_view import action_issues, jira_view
from generator.report.model import class_report, markdown
from generator.report.records import read_incidents
from handlers.actions.accounts import JiraAccounts

if TYPE_CHECKING:
    from generator.drill.seams import LoopState


def class_report_stage(state: "LoopState") -> Path:
    incident_class = state.scenario.incident_class
    connect = state.jira.connect()
    issues = action_issues(connect(), state.scenario.jira_project)
    incidents = read_incidents(
        state.clients.client("dynamodb"), state.table, incident_class, jira_view(issues, DEFAULT_POLICY)
    )
    report = class_report(incident_class, incidents, state.clock.now.date())
    chart = trend_chart(report, state.out / f"trend-{incident_class}.png")
    path = state.out / "report.md"
    names = DisplayNames(JiraAccounts(connect))
    path.write_text(markdown([report], {incident_class: chart.name}, names) + "\n", encoding="utf-8")
    return path
