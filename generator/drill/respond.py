"""The response in the simulator: `Closeloop-IncidentResponse` with the scenario's operator decisions, and
`Closeloop-CollectEvidence` for the failure window, both against the drill's emulator; then the evidence
verified as `closeloop evidence verify` does."""

from typing import Any

from generator.drill.inject import Injected
from generator.drill.scenario import Scenario
from generator.evidence.local import run_locally
from generator.evidence.verify import Verification, verify
from generator.simulator import ClientFactory, ExecutionRecord, RunOptions, simulate
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.simulator.execution import Decision
from runbooks import catalogue
from runbooks.incident_response import NAME as RESPONSE_RUNBOOK
from runbooks.log_timeline_event import NAME as LOG_EVENT_RUNBOOK

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class RunbookError(Exception):
    """A runbook ended otherwise than the scenario's decisions say it should."""


def responder_arn(username: str) -> str:
    return f"arn:aws:iam::{EMULATOR_ACCOUNT_ID}:user/{username}"


def simulated(runbook: str, parameters: dict[str, Any], clients: ClientFactory, options: RunOptions) -> ExecutionRecord:
    document = catalogue.find(runbook)
    if document is None:
        raise RunbookError(f"{runbook} is not in the runbook catalogue")
    return simulate(document, parameters, name=runbook, clients=clients, options=options)


def log_symptom(scenario: Scenario, injected: Injected, clients: ClientFactory, table_name: str) -> ExecutionRecord:
    """The responder records when the impact started, from the console, as operators do."""
    parameters = {
        "IncidentId": injected.incident_id,
        "Kind": "symptom",
        "Text": scenario.response.first_symptom,
        "OccurredAt": injected.started.strftime(TIME_FORMAT),
        "Source": injected.alarm_arn,
        "TableName": table_name,
    }
    record = simulated(LOG_EVENT_RUNBOOK, parameters, clients, RunOptions())
    if record.status != "Success":
        raise RunbookError(f"{LOG_EVENT_RUNBOOK} ended {record.status}: {record.failure_message}")
    return record


def respond(scenario: Scenario, incident_id: str, clients: ClientFactory, table_name: str) -> ExecutionRecord:
    parameters: dict[str, Any] = {
        "IncidentId": incident_id,
        "Responders": [responder_arn(scenario.response.responder)],
        "CollectEvidence": False,  # collected below with the window and selectors the scenario knows
        "TableName": table_name,
    }
    decisions: dict[str, Decision] = {str(phase): str(d) for phase, d in scenario.response.decisions.items()}
    options = RunOptions(decisions=decisions)
    record = simulated(RESPONSE_RUNBOOK, parameters, clients, options)
    expected = "Success" if all(d == "approve" for d in scenario.response.decisions.values()) else "Failed"
    if record.status != expected:
        raise RunbookError(f"{RESPONSE_RUNBOOK} ended {record.status}, not {expected}: {record.failure_message}")
    return record


def evidence_parameters(injected: Injected, bucket: str, table_name: str, alarm: str) -> dict[str, Any]:
    return {
        "IncidentId": injected.incident_id,
        "WindowStart": injected.window_start.strftime(TIME_FORMAT),
        "WindowEnd": injected.window_end.strftime(TIME_FORMAT),
        "AlarmNamePrefix": alarm,
        "LogGroups": [injected.log_group],
        "DeploymentGroups": [injected.deployment_group],
        "EvidenceBucket": bucket,
        "TableName": table_name,
    }


def collect(injected: Injected, clients: ClientFactory, bucket: str, table_name: str, alarm: str) -> ExecutionRecord:
    parameters = evidence_parameters(injected, bucket, table_name, alarm)
    record = run_locally(parameters, clients.endpoint_url, region=clients.region)
    if record.status != "Success":
        raise RunbookError(f"Closeloop-CollectEvidence ended {record.status}: {record.failure_message}")
    return record


def verified(clients: ClientFactory, bucket: str, incident_id: str) -> Verification:
    result = verify(clients.client("s3"), bucket, incident_id)
    if not result.intact:
        raise RunbookError(
            f"evidence for {incident_id} does not verify: missing {result.missing}, "
            f"changed {[c.key for c in result.changed]}, unlisted {result.unlisted}"
        )
    return result
