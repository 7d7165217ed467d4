"""Every runbook simulated on a virtual clock set months in the past: what it records is on that clock, in
causal order (the request before its approval, the start of the response before its first phase).

On the wall clock the scripts would stamp today while the approvals carried the virtual time: these runs
would then record events months apart and in the wrong order.
"""

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import boto3

from domain.evidence import manifest_key
from domain.timeline import Kind, TimelineEvent
from generator.evidence.local import run_locally
from generator.simulator import ClientFactory, RunOptions, Status, simulate
from generator.simulator.clock import VirtualClock
from runbooks import catalogue, incident_response, log_timeline_event, rollback_deployment
from tests.runbooks.operator_runs import APPROVER, RESPONDER, lambda_with_versions, new_table, timeline

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _run(endpoint: str, runbook: str, parameters: Mapping[str, object], decisions: dict[str, str]) -> VirtualClock:
    clock = VirtualClock(START)
    document = catalogue.find(runbook)
    assert document is not None
    record = simulate(
        document,
        parameters,
        name=runbook,
        clients=ClientFactory(endpoint),
        options=RunOptions(decisions=dict(decisions)),
        clock=clock,
    )
    assert record.status is Status.SUCCESS, record.failure_message
    return clock


def _on_the_run_clock(events: list[TimelineEvent], clock: VirtualClock) -> None:
    for event in events:
        assert START <= event.recorded_at <= clock.now, (event.text, event.recorded_at)
        assert event.occurred_at <= event.recorded_at, (event.text, event.occurred_at, event.recorded_at)


def _in_order(events: list[TimelineEvent], texts: list[str]) -> None:
    at = {event.text.split(" Notes:")[0]: event.occurred_at for event in events}
    times = [at[text] for text in texts]
    assert times == sorted(times) and len(set(times)) == len(times), list(zip(texts, times, strict=True))


def test_incident_response_engages_before_its_phases_and_all_on_the_run_clock(aws_env: str) -> None:
    table, incident = new_table(), "INC-CLOCK-1"
    parameters = {"IncidentId": incident, "Responders": [RESPONDER], "TableName": table}
    phases = dict.fromkeys(("Triage", "Diagnose", "Mitigate", "Recover"), "approve")
    clock = _run(aws_env, incident_response.NAME, parameters, phases)

    events = timeline(table, incident)
    _on_the_run_clock(events, clock)
    _in_order(
        events,
        [
            "Incident response started with Closeloop-IncidentResponse.",
            "Triage done.",
            "Diagnosis done.",
            "Mitigation done.",
            "Recovery confirmed.",
        ],
    )


def test_a_rollback_is_requested_before_it_is_approved_and_done_after(aws_env: str) -> None:
    table, incident, function = new_table(), "INC-CLOCK-2", lambda_with_versions(3)
    parameters = {
        "IncidentId": incident,
        "Approvers": [APPROVER],
        "FunctionName": function,
        "AliasName": "live",
        "TableName": table,
    }
    clock = _run(aws_env, rollback_deployment.NAME, parameters, {"ApproveRollback": "approve"})

    events = timeline(table, incident)
    _on_the_run_clock(events, clock)
    at = {e.text.split(";")[0].split(":")[0]: e.occurred_at for e in events}
    done = at[f"Alias live of {function} now points to version 2."]
    assert at["Rollback requested"] < at["Rollback approved"] <= done  # an answer never shares its request's second


def test_an_event_logged_from_the_console_is_recorded_at_the_run_clock(aws_env: str) -> None:
    table, incident = new_table(), "INC-CLOCK-3"
    parameters = {"IncidentId": incident, "Kind": "note", "Text": "Paged the payments team.", "TableName": table}
    clock = _run(aws_env, log_timeline_event.NAME, parameters, {})

    [event] = timeline(table, incident)
    assert event.occurred_at == event.recorded_at == START == clock.now  # its one step ran when the run started


def test_evidence_collected_on_a_virtual_clock_is_dated_by_it(aws_env: str) -> None:
    table, incident, bucket = new_table(), "INC-CLOCK-4", "closeloop-clock-evidence"
    clock = VirtualClock(START)
    parameters = {
        "IncidentId": incident,
        "WindowStart": (START - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "WindowEnd": START.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "EvidenceBucket": bucket,
        "TableName": table,
    }
    record = run_locally(parameters, aws_env, clock=clock)

    assert record.status == "Success", record.failure_message
    manifest = (
        boto3.client("s3").get_object(Bucket=bucket, Key=manifest_key(incident, record.execution_id))["Body"].read()
    )
    collected = datetime.fromisoformat(json.loads(manifest)["collected_at"].replace("Z", "+00:00"))
    assert START <= collected <= clock.now
    _on_the_run_clock([e for e in timeline(table, incident) if e.kind is not Kind.NOTE], clock)
