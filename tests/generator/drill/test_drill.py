"""`closeloop drill` over every scenario in scenarios/, end to end on the embedded emulator and local Jira."""

import hashlib
import html
import json
import re
from datetime import datetime, timedelta

import pytest
import yaml

from domain.phases import analyse
from domain.postmortem import Postmortem
from generator.drill.loader import find_scenario, scenario_files
from tests.generator.drill.conftest import DrillRun

SCENARIOS = sorted(scenario_files())
LATE_KINDS = ("note", "evidence")  # what may follow the recovery: notes and the evidence's collection
STAGES = (
    "inject the failure",
    "the alarm reaches the timeline",
    "Closeloop-IncidentResponse through the emulator's Automation API",
    "Closeloop-CollectEvidence through the emulator's Automation API, then verify",
    "postmortem: draft, fill the judgement, check, render",
    "prevention actions into Jira",
    "scheduled enforcement pass",
    "an owner resolves an action in Jira",
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
        # the timeline handler took the run's anchor from SSM's record; verify read it back from the table
        assert "recorded the manifest's anchor: recorded on the incident item" in section
        assert "against its anchor" in section


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
    rendered = (folder / f"{path.stem}.md").read_text()
    assert "712020:" not in rendered and scenario.people[0].display_name in rendered  # names, not account ids
    assert scenario.failure.deployment.commit in path.read_text()  # the deployment's commit reached the record


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_action_is_one_jira_issue_named_in_the_summary(drill_run: DrillRun, name: str) -> None:
    scenario = find_scenario(name)
    done = drill_run.printed.split("== done")[1]
    block = done.split(f"\n{name} (")[1].split("\n\n")[0]
    for index, action in enumerate(scenario.postmortem.actions, start=2):  # issue 1 is the incident ticket
        assert f"Jira {scenario.jira_project}-{index}: {action.title}" in block
    for label in ("postmortem:", "chart:", "manifest:   s3://", "report:", "enforcement: "):
        assert label in block


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_report_compares_the_incident_with_the_earlier_one_of_its_class(drill_run: DrillRun, name: str) -> None:
    scenario = find_scenario(name)
    report = (drill_run.out / name / "report.md").read_text()
    assert f"## {scenario.incident_class}" in report
    assert "Incidents: 2 (repeats: 1)" in report  # this incident and the scenario's earlier one
    assert "Latest faster than the one before:" in report
    assert "By owner (open): " in report and "712020:" not in report  # owners by their Jira display names
    assert (drill_run.out / name / f"trend-{scenario.incident_class}.png").stat().st_size > 1000


def _section(drill_run: DrillRun, name: str, stage: str) -> str:
    scenario = drill_run.printed.split(f"== scenario {name}:")[1].split("== scenario ")[0]
    return scenario.split(f"== {stage}")[1].split("\n== ")[0]


def _done_steps(section: str) -> list[tuple[str, str, str]]:
    """(issue, kind, text) of every step a pass printed as done."""
    return re.findall(r"^ {5}([A-Z]+-\d+) (\w+)(?: -> \S+)?: (.+)$", section, re.MULTILINE)


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_scheduled_passes_remind_then_escalate_and_a_repeat_sends_nothing(drill_run: DrillRun, name: str) -> None:
    scenario = find_scenario(name)
    section = _section(drill_run, name, "scheduled enforcement pass")
    days = scenario.enforcement.passes_after_days
    passes = re.findall(r"^ {3}day \+(\d+)( again)? \(\d{4}-\d{2}-\d{2}\): (\d+) action issue", section, re.MULTILINE)
    assert [int(day) for day, _, _ in passes] == days
    assert {int(issues) for _, _, issues in passes} == {len(scenario.postmortem.actions)}
    kinds = [kind for _, kind, _ in _done_steps(section)]
    assert "remind" in kinds and "escalate" in kinds, section
    repeat = section.split(f"day +{days[-1]} again")[1]
    assert "nothing sent:" in repeat and "were sent before (the ledger" in repeat
    summary = drill_run.printed.split("== done")[1].split(f"\n{name} (")[1].split("\n\n")[0]
    assert re.search(rf"enforcement: {len(days)} pass\(es\) .*escalated.*not sent again", summary), summary


@pytest.mark.parametrize("name", SCENARIOS)
def test_jira_holds_each_reminder_once_and_the_ledger_each_send(drill_run: DrillRun, name: str) -> None:
    enforced = drill_run.enforced[name]
    steps = _done_steps(_section(drill_run, name, "scheduled enforcement pass"))
    for key, issue in enforced.issues.items():
        printed = [text for issue_key, _, text in steps if issue_key == key]
        closeloop = [c for c in issue.comments if c.startswith(("Reminder:", "Escalation:", "closeloop "))]
        # Every step done wrote one comment, and the repeated pass none: the same comment is never there twice.
        assert sorted(printed) == sorted(closeloop), (key, printed, issue.comments)
        sent = [kind for issue_key, kind, _ in steps if issue_key == key]  # every write is claimed first
        assert len(issue.ledger) == len(sent) and len(set(issue.ledger)) == len(issue.ledger), issue.ledger
    assert any(c.startswith("Reminder:") for i in enforced.issues.values() for c in i.comments)
    assert any(c.startswith("Escalation:") for i in enforced.issues.values() for c in i.comments)


def test_an_action_left_without_owner_is_assigned_to_the_service_owner(drill_run: DrillRun) -> None:
    scenario = find_scenario("capacity-exhaustion")
    [unassigned] = scenario.enforcement.unassign_after_push
    owner = scenario.enforcement.ownership.services[scenario.service].owner
    enforced = drill_run.enforced[scenario.name]
    key = f"{scenario.jira_project}-{[a.id for a in scenario.postmortem.actions].index(unassigned) + 2}"
    section = _section(drill_run, scenario.name, "scheduled enforcement pass")
    assert f"{key} (action {unassigned}) unassigned in Jira after the push" in section
    [display] = [p.display_name for p in scenario.people if p.username == owner]
    assert f"{key} assign -> {owner}: closeloop assigned this action to {display}, its service's owner" in section
    assert enforced.issues[key].assignee == enforced.accounts[owner]
    assert [a.owner for a in scenario.postmortem.actions if a.id == unassigned] != [owner]  # a real change


@pytest.mark.parametrize("name", SCENARIOS)
def test_phase_durations_are_the_scenarios_minutes(drill_run: DrillRun, name: str) -> None:
    scenario = find_scenario(name)
    times, detect = scenario.response.approved_after_minutes, scenario.failure.detected_after_minutes
    engaged = scenario.response.engaged_after_minutes  # the response runbook started: the first human action
    expected = {
        "detect": detect,
        "engage": engaged - detect,
        "mitigate": times["Mitigate"] - engaged,
        "recover": times["Recover"] - times["Mitigate"],
    }
    [path] = (drill_run.out / name).glob("INC-*.postmortem.yaml")
    postmortem = Postmortem.model_validate(yaml.safe_load(path.read_text()))
    phases = {phase.name: phase.duration.total_seconds() / 60 for phase in analyse(postmortem.timeline).phases}
    assert phases == expected
    rendered = path.with_suffix("").with_suffix(".postmortem.md").read_text()
    for phase, minutes in expected.items():
        assert re.search(rf"^\| {phase} \|[^|]+\|[^|]+\| {minutes} min \|$", rendered, re.MULTILINE), phase
    [row] = [
        line for line in (drill_run.out / name / "report.md").read_text().splitlines() if postmortem.incident.id in line
    ]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    # The earlier incident of the class has no first human action: the report compares both as detect,
    # engage+mitigate, recover (like with like), not this one's "mitigate" with the earlier one's longer span.
    like_with_like = [expected["detect"], expected["engage"] + expected["mitigate"], expected["recover"]]
    assert [cell.split(" min")[0] for cell in cells[2:5]] == [f"{m:.1f}" for m in like_with_like], row
    assert (
        "| incident | started | detect | engage+mitigate | recover |"
        in (drill_run.out / name / "report.md").read_text()
    )


def _postmortem(drill_run: DrillRun, name: str) -> Postmortem:
    [path] = (drill_run.out / name).glob("INC-*.postmortem.yaml")
    return Postmortem.model_validate(yaml.safe_load(path.read_text()))


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_record_is_in_causal_order_on_one_clock(drill_run: DrillRun, name: str) -> None:
    postmortem = _postmortem(drill_run, name)
    events = postmortem.timeline
    at = {(e.kind.value, e.text.split(" Notes: ")[0]): e.occurred_at for e in events}

    def first(kind: str) -> datetime:
        return min(e.occurred_at for e in events if e.kind.value == kind)

    recovered = max(e.occurred_at for e in events if e.kind.value == "recovery")
    assert first("deployment") < first("symptom") < first("alert") <= first("engaged")
    assert first("engaged") < at[("human_action", "Triage done.")]  # the response is requested before it is done
    after = [(e.kind.value, e.text) for e in events if e.occurred_at > recovered and e.kind.value not in LATE_KINDS]
    assert after == [], after  # nothing of the incident after its recovery
    # Each alarm once, not again from the evidence; a member's regional alarms are alarms of their own places.
    member = find_scenario(name).member
    alarms = 1 + (len(member.regions) if member else 0)
    alerts = [e for e in events if e.kind.value == "alert"]
    assert len(alerts) == len({e.place for e in alerts}) == alarms, alerts
    for event in events:  # a record never precedes what it records, and all of it is on the drill's clock
        assert event.occurred_at <= event.recorded_at <= recovered + timedelta(hours=1), event
    assert postmortem.written_on >= recovered.date()


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_operators_console_actions_reach_the_timeline_by_who_did_them(drill_run: DrillRun, name: str) -> None:
    scenario = find_scenario(name)
    postmortem = _postmortem(drill_run, name)
    humans = [e for e in postmortem.timeline if e.kind.value == "human_action" and e.source.startswith("cloudtrail:")]
    started = min(e.occurred_at for e in postmortem.timeline if e.kind.value == "symptom")
    for action in scenario.failure.console_actions:
        [event] = [e for e in humans if f"called {action.event} " in e.text]
        assert event.actor.endswith(f":user/{action.user}"), event
        assert event.occurred_at == started + timedelta(minutes=action.minutes_after_start)
    section = drill_run.printed.split(f"== scenario {name}:")[1].split("== scenario ")[0]
    assert "manual_actions complete" in section


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_out_folder_keeps_everything_the_drill_points_to(drill_run: DrillRun, name: str) -> None:
    scenario, folder = find_scenario(name), drill_run.out / name
    [kept_manifest] = (folder / "evidence" / "evidence").glob("*/manifest.json")  # the one run, under its own id
    manifest = json.loads(kept_manifest.read_text())
    for artefact in manifest["artefacts"]:  # every object the manifest lists, byte for byte
        kept = folder / "evidence" / artefact["key"].split("/", 2)[2]
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == artefact["sha256"], artefact["key"]
    keys = [f"{scenario.jira_project}-{n}" for n in range(1, len(scenario.postmortem.actions) + 2)]
    for key in keys:  # the incident ticket and one issue per action, with their comments
        kept_issue = json.loads((folder / "jira" / f"{key}.json").read_text())
        assert kept_issue["issue"]["key"] == key and "comments" in kept_issue["comments"]
    block = drill_run.printed.split("== done")[1].split(f"\n{name} (")[1].split("\n\n")[0]
    assert f"evidence:   {folder / 'evidence'}" in block and f"jira:       {folder / 'jira'}" in block
    assert {p.name for p in folder.iterdir()} >= {"report.md", "evidence", "jira"}


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_approval_carries_the_responders_words_to_the_postmortem(drill_run: DrillRun, name: str) -> None:
    scenario = find_scenario(name)
    [path] = (drill_run.out / name).glob("INC-*.postmortem.yaml")
    texts = [e.text for e in _postmortem(drill_run, name).timeline]
    rendered = path.with_suffix("").with_suffix(".postmortem.md").read_text()
    for phase, note in scenario.response.notes.items():
        assert any(text.endswith(f"Notes: {note}") for text in texts), (phase, texts)
        assert note in html.unescape(rendered), phase


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_alarm_and_an_owners_resolution_come_through_the_deployed_functions(drill_run: DrillRun, name: str) -> None:
    """The alarm's state change reaches the timeline through the stack's rule and the deployed timeline function;
    an action resolved in Jira comes back as a signed webhook delivery to the deployed function's URL, which
    marks it done on the timeline and in the outbox. The drill calls neither handler itself."""
    section = drill_run.printed.split(f"== scenario {name}:")[1].split("== scenario ")[0]
    assert "(EventBridge rule -> the deployed timeline function)" in section
    assert re.search(r"recorded event [0-9a-f]+ on INC-", section)
    assert "Jira's signed delivery to the webhook's function URL: HTTP 200" in section
    found = re.search(
        r"timeline: Prevention action (A\d+) done in Jira \((\w+-\d+)\) by ([^;]+); outbox: done", section
    )
    assert found, section
    kept = json.loads((drill_run.out / name / "jira" / f"{found[2]}.json").read_text())
    assert kept["issue"]["fields"]["status"]["statusCategory"]["key"] == "done"


def test_a_failure_across_a_member_accounts_two_regions_is_one_manifest_and_one_timeline(drill_run: DrillRun) -> None:
    scenario = find_scenario("member-two-regions")
    assert scenario.member is not None and len(scenario.member.regions) == 2
    members = [f"{scenario.member.account}/{region}" for region in scenario.member.regions]
    folder = drill_run.out / scenario.name
    [kept_manifest] = (folder / "evidence" / "evidence").glob("*/manifest.json")  # the one run, under its own id
    manifest = json.loads(kept_manifest.read_text())
    assert set(members) < set(manifest["targets"])  # the member's two regions, and the central alarm's own
    assert all(manifest["targets"][target]["reached"] for target in manifest["targets"])
    for target in members:  # each region's release, logs and alarm, under its account/region in the one manifest
        keys = {a["key"].split(f"/{target}/", 1)[1] for a in manifest["artefacts"] if f"/{target}/" in a["key"]}
        assert {"deployments/markers.ndjson.gz", "logs/errors.ndjson.gz", "alarms/state-changes.ndjson.gz"} <= keys
    events = _postmortem(drill_run, scenario.name).timeline
    for target in members:  # the timeline says where: the release and an operator's call in each region
        assert any(e.kind.value == "deployment" and "/".join(e.place) == target for e in events), target
        assert any(e.kind.value == "human_action" and "/".join(e.place) == target for e in events), target


def test_a_member_accounts_alarms_reach_the_timeline_through_the_members_bus(drill_run: DrillRun) -> None:
    """Each member region's alarm, forwarded by its member stack to the central members' bus, recorded by the
    deployed timeline function (through the member's timeline reader) with the member's account and region."""
    scenario = find_scenario("member-two-regions")
    assert scenario.member is not None
    section = drill_run.printed.split(f"== scenario {scenario.name}:")[1].split("== scenario ")[0]
    forwarded = re.findall(r"member alarm forwarded .*: recorded event [0-9a-f]+ in (\d{12})/([a-z0-9-]+)", section)
    places = [(scenario.member.account, region) for region in scenario.member.regions]
    assert sorted(forwarded) == sorted(places), section
    alerts = [e for e in _postmortem(drill_run, scenario.name).timeline if e.kind.value == "alert"]
    for account, region in places:
        [alert] = [e for e in alerts if e.place == (account, region)]
        assert alert.source == f"arn:aws:cloudwatch:{region}:{account}:alarm:{scenario.failure.alarm}"
