"""The drill's stages, in the loop's order, each announced as it starts.

    deploy the stack -> per scenario: Jira up, failure injected, alarm to the timeline (the stack's rule),
    incident response and evidence (the emulator's Automation API), evidence verified, postmortem
    drafted/filled/checked/rendered, actions to Jira, enforcement pass (clock forward), an action resolved
    in Jira (the webhook's function URL), report against the earlier incident.

Scenarios are read and validated before anything starts, so a bad file costs no deploy.

One clock: after the deploy, every time of the run comes from the drill's virtual clock, which the emulator
and the local Jira stamp with, the simulator's runs and their scripts read, the handlers are given and the
enforcement passes move forward. It starts when the first scenario's release goes out, placed so that its
impact started the scenario's `started_minutes_ago` before the drill began (the one read of the wall clock);
each later scenario goes on from where the one before left the clock, so no two incidents share a window.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from domain.clock import system_now
from generator.drill import seams
from generator.drill.alarm_event import AlarmNotRecorded, alarm_on_timeline, member_alarms_on_timeline
from generator.drill.inject import inject
from generator.drill.jira import DrillJira, push_actions, start_jira
from generator.drill.keep import keep_evidence, keep_issues
from generator.drill.member import CentralRoles
from generator.drill.progress import Progress
from generator.drill.records import IncidentItem, write_earlier, write_incident
from generator.drill.respond import collect, log_symptom, respond, verified
from generator.drill.scenario import Scenario
from generator.drill.stack import DeployedStack, deploy_stack
from generator.drill.webhook_stage import WebhookStageError, webhook_stage
from generator.drill.write_up import check_and_render, draft, fill, write
from generator.emulator import lambdas
from generator.emulator.clock import following_run
from generator.emulator.organizations import join_organization
from generator.emulator.server import running_emulator
from generator.evidence.anchors import run_anchors
from generator.simulator import ClientFactory
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.simulator.clock import VirtualClock
from generator.standins.jira.store import stamping_with
from handlers.actions.accounts import JiraAccounts
from handlers.actions.report import Outcome


class DrillError(Exception):
    """A stage did not do what the loop needs; the message says which and why."""


@dataclass
class ScenarioOutcome:
    scenario: str
    incident_id: str
    postmortem: Path | None = None
    rendered: list[Path] = field(default_factory=list)
    manifest: str = ""
    evidence: Path | None = None  # the manifest and the evidence objects, copied out of the emulator's bucket
    jira: Path | None = None  # the incident's Jira issues as the API answers them
    report: Path | None = None
    issues: list[tuple[str, str]] = field(default_factory=list)  # key, summary
    enforcement: str = ""  # what the enforcement passes did, in one line
    webhook: str = ""  # what the webhook did with an owner's resolution, in one line
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run_drill(scenarios: list[Scenario], out: Path, progress: Progress) -> list[ScenarioOutcome]:
    projects = [scenario.jira_project for scenario in scenarios]
    shared = sorted({project for project in projects if projects.count(project) > 1})
    if shared:  # issue keys (OPS-2) would then mean two issues in the one table's reminder ledger
        raise DrillError(f"scenarios share the Jira project {', '.join(shared)}: give each its own jira_project")
    out.mkdir(parents=True, exist_ok=True)
    with running_emulator(strict=True) as endpoint:
        progress.stage(f"AWS emulator on {endpoint}, IAM enforced; deploying the stack (deploy.sh --local's path)")
        # Told its organisation (the emulator's account runs one), the stack makes the members' bus and the
        # timeline function's rules on it; a scenario's member account joins it (member.py).
        organization = f"OrganizationId={join_organization(EMULATOR_ACCOUNT_ID)}"
        stack = deploy_stack(
            endpoint, out, on_heading=lambda heading: progress.step(f"deploy: {heading}"), params=[organization]
        )
        progress.step(f"stack deployed: table {stack.table}, bucket {stack.bucket} (log: {stack.log})")
        clock = drill_clock(scenarios[0], system_now())
        with following_run(clock), stamping_with(lambda: clock.now):  # the emulator and the local Jira stamp with it
            return [run_scenario(scenario, stack, out / scenario.name, progress, clock) for scenario in scenarios]


def drill_clock(first: Scenario, wall_now: datetime) -> VirtualClock:
    """The drill's clock, at the first scenario's release: its impact then started `started_minutes_ago` before now."""
    failure = first.failure
    lead = timedelta(minutes=failure.started_minutes_ago + failure.deployment.minutes_before_start)
    return VirtualClock(wall_now.replace(microsecond=0) - lead)


def run_scenario(
    scenario: Scenario, stack: DeployedStack, out: Path, progress: Progress, clock: VirtualClock
) -> ScenarioOutcome:
    begun = progress.elapsed
    incident_id = f"INC-{scenario.name}-{uuid.uuid4().hex[:6]}"
    outcome = ScenarioOutcome(scenario.name, incident_id)
    clients = ClientFactory(stack.endpoint)
    progress.stage(f"scenario {scenario.name}: {scenario.title} ({incident_id})")
    jira, ticket = start_jira(scenario, incident_id, lambda: clock.now)
    try:
        progress.step(f"local Jira on {jira.standin.url}: {len(scenario.people)} people, incident ticket {ticket}")
        outcome.manifest = _incident(scenario, incident_id, ticket, jira, stack, clients, progress, clock)
        outcome.evidence = keep_evidence(clients.client("s3"), stack.bucket, incident_id, out)
        _postmortem_and_actions(scenario, incident_id, jira, stack, clients, out, outcome, progress, clock)
        _later_stages(scenario, incident_id, jira, stack, clients, out, outcome, progress, clock)
        outcome.jira = keep_issues(jira, [ticket, *(key for key, _ in outcome.issues)], out)
    finally:
        jira.standin.stop()
    outcome.seconds = progress.elapsed - begun
    return outcome


def _incident(
    scenario: Scenario, incident_id: str, ticket: str, jira: DrillJira, stack: DeployedStack,
    clients: ClientFactory, progress: Progress, clock: VirtualClock,
) -> str:  # fmt: skip
    """The incident from the failure to the verified evidence; returns the anchored run's manifest (s3:// URL)."""
    progress.stage("inject the failure")
    injected = inject(scenario, incident_id, clients, clock, CentralRoles.of_stack(stack.outputs))
    failure = scenario.failure
    progress.step(
        f"{_hm(injected.deployed)} deployment {injected.deployment_id} of {failure.deployment.commit[:12]} to "
        f"{injected.deployment_group}; impact from {_hm(injected.started)}"
    )
    progress.step(f"{failure.logs.lines} log lines in {failure.logs.group}, {failure.traces.faulty} failing traces")
    progress.step(
        f"{_hm(injected.alarm_at)} {failure.metric.namespace}/{failure.metric.name} at {failure.metric.peak:g}: "
        f"{failure.alarm} in ALARM"
    )
    owner = jira.accounts[scenario.people[0].username]
    dynamodb = clients.client("dynamodb")
    write_incident(dynamodb, stack.table, IncidentItem(incident_id, scenario, injected.started, owner, ticket))
    write_earlier(dynamodb, stack.table, scenario, owner)
    progress.step(f"incident record written; earlier incident {scenario.earlier.id} of class {scenario.incident_class}")

    progress.stage("the alarm reaches the timeline (EventBridge rule -> the deployed timeline function)")
    try:
        alert = alarm_on_timeline(injected, clients, stack.table)
    except AlarmNotRecorded as error:
        raise DrillError(f"the timeline function did not record the alarm: {error}") from error
    progress.step(f"recorded event {alert.event_id} on {alert.incident_id} at {_hm(alert.recorded_at)}")
    if injected.member_alarms:
        try:
            forwarded = member_alarms_on_timeline(injected, clients, stack.table)
        except AlarmNotRecorded as error:
            raise DrillError(f"the timeline function did not record the member's alarms: {error}") from error
        for event in forwarded:
            progress.step(
                f"member alarm forwarded (member stack -> members' bus -> the timeline function): recorded event "
                f"{event.event_id} in {event.account}/{event.region}"
            )

    progress.stage("Closeloop-IncidentResponse through the emulator's Automation API, the operator's signals")
    engaged = injected.started + timedelta(minutes=scenario.response.engaged_after_minutes)
    clock.sleep((engaged - clock.now).total_seconds())  # the responder, paged, takes the incident up
    role = stack.outputs["AutomationRoleArn"]  # every runbook run acts with the role the stack gives it
    log_symptom(scenario, injected, clients, stack.table, clock, role)
    progress.step(f"{scenario.response.responder} logged the first symptom (Closeloop-LogTimelineEvent)")
    record = respond(scenario, incident_id, injected.started, clients, stack.table, clock, role)
    times = scenario.response.approved_after_minutes
    decided = f"started at +{scenario.response.engaged_after_minutes} min, " + ", ".join(
        f"{phase} {decision} at +{times[phase]} min" for phase, decision in scenario.response.decisions.items()
    )
    steps = len(record["StepExecutions"])
    progress.step(f"{record['AutomationExecutionStatus']} ({steps} steps; {decided} by {scenario.response.responder})")

    progress.stage("Closeloop-CollectEvidence through the emulator's Automation API, then verify")
    evidence = collect(injected, clients, stack.bucket, stack.table, failure.alarm, clock, role)
    outputs = {key: values[0] for key, values in evidence.get("Outputs", {}).items() if values}
    by_source = json.loads(str(outputs.get("WriteManifest.Statuses") or "{}"))
    statuses = ", ".join(f"{source} {status}" for source, status in by_source.items())
    progress.step(f"{outputs.get('WriteManifest.Artefacts')} artefacts: {statuses}")
    # SSM's WriteManifest step event reaches the timeline function through the EvidenceManifestAnchors rule.
    if not lambdas.settle(60):
        raise DrillError("EventBridge's deliveries of the evidence run's events did not finish within 60 s")
    runs = run_anchors(clients.client("dynamodb"), stack.table, incident_id, stack.bucket)
    anchored = next((r for r in runs if r.run == evidence["AutomationExecutionId"]), None)
    if anchored is None or anchored.item is None:
        raise DrillError(f"the timeline function recorded no anchor of {evidence['AutomationExecutionId']}")
    said = "recorded on the incident item" + (" and the timeline" if anchored.timeline else "")
    progress.step(
        f"the timeline function (SSM's WriteManifest event, through its rule) recorded the manifest's anchor: {said}"
    )
    verification, manifest = verified(clients, stack.bucket, stack.table, incident_id)
    progress.step(
        f"verified: {len(verification.verified)} artefact(s) match the manifest's SHA-256, against its anchor"
    )
    return manifest


def _postmortem_and_actions(
    scenario: Scenario, incident_id: str, jira: DrillJira, stack: DeployedStack, clients: ClientFactory,
    out: Path, outcome: ScenarioOutcome, progress: Progress, clock: VirtualClock,
) -> None:  # fmt: skip
    progress.stage("postmortem: draft, fill the judgement, check, render")
    dynamodb, s3 = clients.client("dynamodb"), clients.client("s3")
    data = draft(incident_id, stack.table, stack.bucket, dynamodb, s3, clock.now.date())
    path = out / f"{incident_id}.postmortem.yaml"
    write(fill(data, scenario, jira.accounts), path, scenario)
    written = check_and_render(path, JiraAccounts(jira.connect()))
    outcome.postmortem, outcome.rendered = path, written.rendered
    progress.step(
        f"{path}: {len(written.postmortem.timeline)} timeline events, check clean ({len(written.findings)} notes)"
    )

    progress.stage("prevention actions into Jira")
    markdown = next(path for path in written.rendered if path.suffix == ".md")
    report = push_actions(jira, written.postmortem, clients.client("dynamodb"), stack.table, clients.region, markdown)
    queued = [r for r in report.results if r.outcome == Outcome.QUEUED]
    if queued:
        raise DrillError("actions still queued: " + "; ".join(r.as_text() for r in queued))
    outcome.issues = [(str(r.key), jira.issue_summary(str(r.key))) for r in report.results]
    for key, summary in outcome.issues:
        progress.step(f"{key}: {summary}")


def _later_stages(
    scenario: Scenario, incident_id: str, jira: DrillJira, stack: DeployedStack, clients: ClientFactory,
    out: Path, outcome: ScenarioOutcome, progress: Progress, clock: VirtualClock,
) -> None:  # fmt: skip
    advances = tuple(timedelta(days=days) for days in scenario.enforcement.passes_after_days)
    state = seams.LoopState(
        scenario, incident_id, scenario.earlier.id, clients, stack.table, stack.bucket, stack.outputs, jira,
        [key for key, _ in outcome.issues], out, advances, clock,
    )  # fmt: skip
    days = ", ".join(f"+{days}" for days in scenario.enforcement.passes_after_days)
    progress.stage(f"scheduled enforcement pass (enforcement handler, daily schedule event), clock {days} days")
    if seams.ENFORCEMENT is None:
        outcome.skipped.append("enforcement")
        progress.skipped("the enforcement handler is not wired into the drill yet (generator/drill/seams.py)")
    else:
        enforced = seams.ENFORCEMENT(state)
        for line in enforced.lines:
            progress.step(line)
        if enforced.failures:
            raise DrillError("the enforcement pass failed: " + "; ".join(enforced.failures))
        outcome.enforcement = enforced.summary(advances)
    progress.stage("an owner resolves an action in Jira; Jira's signed webhook reaches the function URL")
    try:
        resolved = webhook_stage(state)
    except WebhookStageError as error:
        raise DrillError(f"the webhook stage: {error}") from error
    for line in resolved.lines():
        progress.step(line)
    outcome.webhook = f"{resolved.issue} resolved in Jira -> {resolved.outbox_status} via the webhook"
    progress.stage(f"report: {incident_id} against {scenario.earlier.id} (class {scenario.incident_class})")
    if seams.REPORT is None:
        outcome.skipped.append("report")
        progress.skipped("`closeloop report` is not wired into the drill yet (generator/drill/seams.py)")
    else:
        outcome.report = seams.REPORT(state)
        progress.step(f"wrote {outcome.report}")


def _hm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def summary(outcomes: list[ScenarioOutcome], progress: Progress) -> None:
    progress.stage("done")
    for o in outcomes:
        progress.say(f"{o.scenario} ({o.incident_id}, {o.seconds:.0f}s):")
        progress.say(f"  postmortem: {o.postmortem}")
        for path in o.rendered:
            progress.say(f"  {'chart' if path.suffix == '.png' else 'rendered'}: {path}")
        progress.say(f"  manifest:   {o.manifest}")
        progress.say(f"  evidence:   {o.evidence or 'not kept'} (the manifest and every object, as S3 held them)")
        progress.say(f"  jira:       {o.jira or 'not kept'} (each issue with its comments, as Jira answered)")
        progress.say(f"  report:     {o.report or 'not made (the report stage is not wired yet)'}")
        progress.say(f"  enforcement: {o.enforcement or 'not run (the enforcement stage is not wired yet)'}")
        progress.say(f"  webhook:    {o.webhook or 'not run'}")
        for key, text in o.issues:
            progress.say(f"  Jira {key}: {text}")
        if o.skipped:
            progress.say(f"  skipped stages: {', '.join(o.skipped)}")
