"""The response in the simulator: `Closeloop-IncidentResponse` with the scenario's operator decisions (each
given at the scenario's minute, on the simulator's virtual clock), and
`Closeloop-CollectEvidence` for the failure window, both against the drill's emulator; then the evidence
verified as `closeloop evidence verify` does."""

from datetime import datetime, timedelta
from typing import Any

from generator.document.steps.base import StepBase
from generator.drill.inject import Injected
from generator.drill.scenario import Scenario
from generator.evidence.anchors import chosen, run_anchors
from generator.evidence.local import run_locally
from generator.evidence.verify import Anchor, Verification, verify
from generator.simulator import ClientFactory, ExecutionRecord, RunOptions, simulate
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.simulator.clock import VirtualClock
from generator.simulator.execution import Decision, Execution
from runbooks import catalogue
from runbooks.incident_response import NAME as RESPONSE_RUNBOOK
from runbooks.log_timeline_event import NAME as LOG_EVENT_RUNBOOK

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class RunbookError(Exception):
    """A runbook ended otherwise than the scenario's decisions say it should."""


def responder_arn(username: str) -> str:
    return f"arn:aws:iam::{EMULATOR_ACCOUNT_ID}:user/{username}"


def simulated(
    runbook: str,
    parameters: dict[str, Any],
    clients: ClientFactory,
    options: RunOptions,
    clock: VirtualClock | None = None,
) -> ExecutionRecord:
    document = catalogue.find(runbook)
    if document is None:
        raise RunbookError(f"{runbook} is not in the runbook catalogue")
    return simulate(document, parameters, name=runbook, clients=clients, options=options, clock=clock)


def as_role(role: str) -> dict[str, str]:
    """The run-time parameter that makes a run assume the stack's Automation role, as the deployed documents'
    default does (none: the run acts as its caller)."""
    return {"AutomationAssumeRole": role} if role else {}


def log_symptom(
    scenario: Scenario, injected: Injected, clients: ClientFactory, table_name: str, clock: VirtualClock,
    role: str = "",
) -> ExecutionRecord:  # fmt: skip
    """The responder records when the impact started, from the console, as operators do (when paged)."""
    parameters = as_role(role) | {
        "IncidentId": injected.incident_id,
        "Kind": "symptom",
        "Text": scenario.response.first_symptom,
        "OccurredAt": injected.started.strftime(TIME_FORMAT),
        "Source": injected.alarm_arn,
        "TableName": table_name,
    }
    record = simulated(LOG_EVENT_RUNBOOK, parameters, clients, RunOptions(), clock)
    if record.status != "Success":
        raise RunbookError(f"{LOG_EVENT_RUNBOOK} ended {record.status}: {record.failure_message}")
    return record


def timed_decision(decision: str, at: datetime, note: str = "") -> Decision:
    """The operator's decision, given when the scenario says, with their note as the approval's comment: the
    run's virtual clock moves to `at` first, so the approval (and the timeline event made from it) carries it."""

    def decide(step: StepBase, execution: Execution) -> str:
        waited = (at - execution.clock.now).total_seconds()
        if waited < 0:
            raise RunbookError(f"{step.name} is reached at {execution.clock.now:%H:%M:%S}, after its time {at:%H:%M}")
        execution.clock.sleep(waited)
        return f"{decision}:{note}" if note else decision

    return decide


def respond(
    scenario: Scenario,
    incident_id: str,
    started: datetime,
    clients: ClientFactory,
    table_name: str,
    clock: VirtualClock,
    role: str = "",
) -> ExecutionRecord:
    """The response runbook, started now on the run's clock (the responder was paged), each phase approved at
    its minute after `started` (the first symptom)."""
    parameters: dict[str, Any] = as_role(role) | {
        "IncidentId": incident_id,
        "Responders": [responder_arn(scenario.response.responder)],
        "CollectEvidence": False,  # collected below with the window and selectors the scenario knows
        "TableName": table_name,
    }
    times = scenario.response.approved_after_minutes
    decisions: dict[str, Decision] = {
        str(phase): timed_decision(
            str(decision), started + timedelta(minutes=times[phase]), scenario.response.notes.get(phase, "")
        )
        for phase, decision in scenario.response.decisions.items()
    }
    record = simulated(RESPONSE_RUNBOOK, parameters, clients, RunOptions(decisions=decisions), clock)
    expected = "Success" if all(d == "approve" for d in scenario.response.decisions.values()) else "Failed"
    if record.status != expected:
        raise RunbookError(f"{RESPONSE_RUNBOOK} ended {record.status}, not {expected}: {record.failure_message}")
    return record


def evidence_parameters(
    injected: Injected, bucket: str, table_name: str, alarm: str, window_end: datetime
) -> dict[str, Any]:
    return {
        "IncidentId": injected.incident_id,
        "WindowStart": injected.window_start.strftime(TIME_FORMAT),
        "WindowEnd": window_end.strftime(TIME_FORMAT),
        "AlarmNamePrefix": alarm,
        "LogGroups": [injected.log_group],
        "DeploymentGroups": [injected.deployment_group],
        "EvidenceBucket": bucket,
        "TableName": table_name,
    }


def collect(
    injected: Injected, clients: ClientFactory, bucket: str, table_name: str, alarm: str, clock: VirtualClock,
    role: str = "",
) -> ExecutionRecord:  # fmt: skip
    """Evidence for the window from before the release until now (the response is over), on the run's clock."""
    parameters = as_role(role) | evidence_parameters(injected, bucket, table_name, alarm, clock.now)
    record = run_locally(parameters, clients.endpoint_url, region=clients.region, clock=clock)
    if record.status != "Success":
        raise RunbookError(f"Closeloop-CollectEvidence ended {record.status}: {record.failure_message}")
    return record


def verified(clients: ClientFactory, bucket: str, table_name: str, incident_id: str) -> tuple[Verification, str]:
    """The newest anchored run's evidence verified against its anchor (as `closeloop evidence verify` does);
    returns the verification and the run's manifest as an s3:// URL."""
    run = chosen(run_anchors(clients.client("dynamodb"), table_name, incident_id, bucket), None)
    if run is None:
        raise RunbookError(f"no evidence anchor for {incident_id} in {table_name}: the timeline handler recorded none")
    anchor = Anchor(run.anchor.sha256, run.anchor.version_id or None, key=run.anchor.key)
    result = verify(clients.client("s3"), bucket, incident_id, anchor)
    if not result.intact or run.disagreement:
        raise RunbookError(
            f"evidence for {incident_id} does not verify: missing {result.missing}, "
            f"changed {[c.key for c in result.changed]}, unlisted {result.unlisted}, "
            f"mismatched {result.mismatched}, {run.disagreement or 'anchors agree'}"
        )
    return result, f"s3://{bucket}/{run.anchor.key}"
