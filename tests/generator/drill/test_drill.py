"""`closeloop drill` over every scenario in scenarios/, end to end on the embedded emulator and local Jira."""

import re

import pytest
import yaml

from domain.postmortem import Postmortem
from generator.drill.loader import find_scenario, scenario_files
from tests.generator.drill.conftest import DrillRun

SCENARIOS = sorted(scenario_files())
STAGES = (
    "inject the failure",
    "the alarm reaches the timeline",
    "Closeloop-IncidentResponse in the simulator",
    "Closeloop-CollectEvidence, then verify",
    "postmortem: draft, fill the judgement, check, render",
    "prevention actions into Jira",
    "scheduled enforcement pass",
    "report:",
)


def test_there_are_the_three_classes_the_issue_names() -> None:
    assert {"bad-deploy", "dependency-outage", "capacity-exhaustion"} <= set(SCENARIOS)


def test_every_scenario_goes_round_the_loop(drill_run: DrillRun) -> None:
    assert drill_run.status == 0, drill_run.printed[-3000:]
    for name in SCENARIOS:
        section = drill_run.printed.split(f"== scenario {name}:")[1].split("== scenario ")[0]
        positions = [section.find(f"== {stage}") for stage in STAGES]
        assert -1 not in positions and positions == sorted(positions), (name, positions)
        assert "verified: 11 artefact(s) match" in section or re.search(r"verified: \d+ artefact", section)


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_postmortem_is_checked_rendered_and_holds_the_loop(drill_run: DrillRun, name: str) -> None:
    scenario = find_scenario(name)
    folder = drill_run.out / name
    [path] = folder.glob("INC-*.postmortem.yaml")
    postmortem = Postmortem.model_validate(yaml.safe_load(path.read_text()))
    kinds = {event.kind.value for event in postmortem.timeline}
    # the alarm via the timeline handler, the operator's symptom, the runbook's phases, the evidence's deployment
    assert {"alert", "symptom", "engaged", "mitigation", "recovery", "deployment"} <= kinds, kinds
    assert postmortem.incident.incident_class == scenario.incident_class
    assert postmortem.root_cause == scenario.postmortem.root_cause
    assert [a.title for a in postmortem.actions] == [a.title for a in scenario.postmortem.actions]
    assert (folder / f"{path.stem}.md").is_file() and (folder / f"{path.stem}-timeline.png").stat().st_size > 1000
    assert scenario.failure.deployment.commit in path.read_text()  # the deployment's commit reached the record


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_action_is_one_jira_issue_named_in_the_summary(drill_run: DrillRun, name: str) -> None:
    scenario = find_scenario(name)
    done = drill_run.printed.split("== done")[1]
    block = done.split(f"\n{name} (")[1].split("\n\n")[0]
    for index, action in enumerate(scenario.postmortem.actions, start=2):  # issue 1 is the incident ticket
        assert f"Jira {scenario.jira_project}-{index}: {action.title}" in block
    for label in ("postmortem:", "chart:", "manifest:   s3://", "report:"):
        assert label in block


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_report_compares_the_incident_with_the_earlier_one_of_its_class(drill_run: DrillRun, name: str) -> None:
    scenario = find_scenario(name)
    report = (drill_run.out / name / "report.md").read_text()
    assert f"## {scenario.incident_class}" in report
    assert "Incidents: 2 (repeats: 1)" in report  # this incident and the scenario's earlier one
    assert "Latest faster than the one before:" in report
    assert (drill_run.out / name / f"trend-{scenario.incident_class}.png").stat().st_size > 1000
