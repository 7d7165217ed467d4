"""The response: `Closeloop-LogTimelineEvent` and `Closeloop-IncidentResponse` started through the emulator's
SSM Automation API as an operator's client would (operator.py), each phase decided at the scenario's minute on
the drill's clock, and `Closeloop-CollectEvidence` for the failure window the same way; then the evidence
verified as `closeloop evidence verify` does."""

from datetime import datetime, timedelta
from typing import Any

from generator.drill import operator
from generator.drill.inject import Injected
from generator.drill.scenario import Scenario
from generator.evidence.anchors import chosen, run_anchors
from generator.evidence.verify import Anchor, Verification, verify
from generator.simulator import ClientFactory
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.simulator.clock import VirtualClock
from runbooks.collect_evidence import NAME as COLLECT_RUNBOOK
from runbooks.incident_response import NAME as RESPONSE_RUNBOOK
from runbooks.log_timeline_event import NAME as LOG_EVENT_RUNBOOK

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class RunbookError(Exception):
    """A runbook ended otherwise than the scenario's decisions say it should."""


def responder_arn(username: str) -> str:
    return f"arn:aws:iam::{EMULATOR_ACCOUNT_ID}:user/{username}"


def as_role(role: str) -> dict[str, str]:
    """The run-time parameter that makes a run assume the stack's Automation role, as the deployed documents'
    default does (none: the run acts as its caller)."""
    return {"AutomationAssumeRole": role} if role else {}


def log_symptom(
    scenario: Scenario, injected: Injected, clients: ClientFactory, table_name: str, clock: VirtualClock,
    role: str = "",
) -> dict[str, Any]:  # fmt: skip
    """The responder records when the impact started, from the console, as operators do (when paged): through
    the emulator's Automation API; the ended run as GetAutomationExecution answers it."""
    parameters = as_role(role) | {
        "IncidentId": injected.incident_id,
        "Kind": "symptom",
        "Text": scenario.response.first_symptom,
        "OccurredAt": injected.started.strftime(TIME_FORMAT),
        "Source": injected.alarm_arn,
        "TableName": table_name,
    }
    ended = operator.run(clients, LOG_EVENT_RUNBOOK, parameters, clock)
    if ended["AutomationExecutionStatus"] != "Success":
        raise RunbookError(
            f"{LOG_EVENT_RUNBOOK} ended {ended['AutomationExecutionStatus']}: {ended.get('FailureMessage')}"
        )
    return ended


def respond(
    scenario: Scenario,
    incident_id: str,
    started: datetime,
    clients: ClientFactory,
    table_name: str,
    clock: VirtualClock,
    role: str = "",
) -> dict[str, Any]:
    """The response runbook, started now through the emulator's Automation API (the responder was paged), each
    phase approved (SendAutomationSignal, with the responder's note) at its minute after `started` (the first
    symptom), on the drill's clock; the ended run as GetAutomationExecution answers it."""
    parameters: dict[str, Any] = as_role(role) | {
        "IncidentId": incident_id,
        "Responders": [responder_arn(scenario.response.responder)],
        "CollectEvidence": False,  # collected below with the window and selectors the scenario knows
        "TableName": table_name,
    }
    times = scenario.response.approved_after_minutes
    decisions = {
        str(phase): operator.Decision(
            str(decision), started + timedelta(minutes=times[phase]), scenario.response.notes.get(phase, "")
        )
        for phase, decision in scenario.response.decisions.items()
    }
    try:
        ended = operator.run(clients, RESPONSE_RUNBOOK, parameters, clock, decisions)
    except operator.OperatorError as error:
        raise RunbookError(f"{RESPONSE_RUNBOOK}: {error}") from error
    status = ended["AutomationExecutionStatus"]
    expected = "Success" if all(d == "approve" for d in scenario.response.decisions.values()) else "Failed"
    if status != expected:
        raise RunbookError(f"{RESPONSE_RUNBOOK} ended {status}, not {expected}: {ended.get('FailureMessage')}")
    return ended


def evidence_parameters(
    injected: Injected, bucket: str, table_name: str, alarm: str, window_end: datetime, home: str
) -> dict[str, Any]:
    """The window and selectors; with a member account, its regions as targets beside `home` (the paging
    alarm's account/region) and the workload's groups by ARN, so each is read where it is."""
    found: dict[str, Any] = {
        "IncidentId": injected.incident_id,
        "WindowStart": injected.window_start.strftime(TIME_FORMAT),
        "WindowEnd": window_end.strftime(TIME_FORMAT),
        "AlarmNamePrefix": alarm,
        "LogGroups": [injected.log_group],
        "DeploymentGroups": [injected.deployment_group],
        "EvidenceBucket": bucket,
        "TableName": table_name,
    }
    if injected.targets:
        found |= {"Targets": [home, *injected.targets], **injected.member_resources}
    return found


def collect(
    injected: Injected, clients: ClientFactory, bucket: str, table_name: str, alarm: str, clock: VirtualClock,
    role: str = "",
) -> dict[str, Any]:  # fmt: skip
    """Evidence for the window from before the release until now (the response is over), on the run's clock,
    started through the emulator's Automation API; the ended run as GetAutomationExecution answers it."""
    home = f"{EMULATOR_ACCOUNT_ID}/{clients.region}"
    parameters = as_role(role) | evidence_parameters(injected, bucket, table_name, alarm, clock.now, home)
    try:
        ended = operator.run(clients, COLLECT_RUNBOOK, parameters, clock)
    except operator.OperatorError as error:
        raise RunbookError(f"{COLLECT_RUNBOOK}: {error}") from error
    if ended["AutomationExecutionStatus"] != "Success":
        status, why = ended["AutomationExecutionStatus"], ended.get("FailureMessage")
        raise RunbookError(f"{COLLECT_RUNBOOK} ended {status}: {why}")
    return ended


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
