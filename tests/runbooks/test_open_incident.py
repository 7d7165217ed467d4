"""Closeloop-OpenIncident, and Closeloop-IncidentResponse opening the incident, in the simulator on the emulator."""

import boto3
import pytest

from domain.incident_store import IncidentStore
from domain.timeline import Kind
from generator.simulator import RunOptions, Status
from generator.simulator.errors import ParameterError
from runbooks import incident_response, open_incident
from tests.runbooks.operator_runs import EMULATOR_CALLER, RESPONDER, new_table, run, timeline

FIELDS = {"Title": "Card payments fail", "IncidentClass": "dependency", "Severity": "SEV1", "Service": "payments"}
PHASES = dict.fromkeys(("Triage", "Diagnose", "Mitigate", "Recover"), "approve")


def test_an_operator_opens_an_incident_once(aws_env: str) -> None:
    table = new_table()
    parameters = {"IncidentId": "INC-400", **FIELDS, "Commander": "ana", "TableName": table}
    first = run(aws_env, open_incident.NAME, parameters)
    second = run(aws_env, open_incident.NAME, parameters | {"Title": "Renamed", "Severity": "SEV3"})

    assert first.status is second.status is Status.SUCCESS, first.failure_message
    assert (first.outputs["OpenIncident.Opened"], second.outputs["OpenIncident.Opened"]) == (True, False)
    found = IncidentStore(boto3.client("dynamodb"), table).get("INC-400")
    assert found is not None
    assert (found.title, found.severity, found.commander) == ("Card payments fail", "SEV1", "ana")


def test_the_console_refuses_a_severity_or_id_outside_the_patterns(aws_env: str) -> None:
    table = new_table()
    for bad in ({"Severity": "high"}, {"IncidentId": "INC 400"}, {"IncidentClass": "Dependency"}):
        parameters = {"IncidentId": "INC-401", **FIELDS, "TableName": table} | bad
        with pytest.raises(ParameterError, match=f"parameter {next(iter(bad))}: "):
            run(aws_env, open_incident.NAME, parameters)
    assert IncidentStore(boto3.client("dynamodb"), table).list() == []


def test_the_response_opens_an_incident_that_is_not_open_yet(aws_env: str) -> None:
    table = new_table()
    parameters = {"IncidentId": "INC-402", "Responders": [RESPONDER], "TableName": table, **FIELDS}
    record = run(aws_env, incident_response.NAME, parameters, RunOptions(decisions=dict(PHASES)))

    assert record.status is Status.SUCCESS, record.failure_message
    assert record.step("OpenIncident").outputs["Opened"] is True
    found = IncidentStore(boto3.client("dynamodb"), table).get("INC-402")
    assert found is not None and (found.incident_class, found.commander) == ("dependency", EMULATOR_CALLER)
    assert Kind.RECOVERY in {event.kind for event in timeline(table, "INC-402")}


def test_the_response_leaves_an_open_incident_alone(aws_env: str) -> None:
    table = new_table()
    run(aws_env, open_incident.NAME, {"IncidentId": "INC-403", **FIELDS, "Commander": "ana", "TableName": table})
    parameters = {"IncidentId": "INC-403", "Responders": [RESPONDER], "TableName": table, "Severity": "SEV4"}
    record = run(aws_env, incident_response.NAME, parameters, RunOptions(decisions=dict(PHASES)))

    assert record.status is Status.SUCCESS and record.step("OpenIncident").outputs["Opened"] is False
    found = IncidentStore(boto3.client("dynamodb"), table).get("INC-403")
    assert found is not None and (found.severity, found.commander) == ("SEV1", "ana")


def test_without_the_fields_the_opening_step_fails_in_one_line_and_the_response_goes_on(aws_env: str) -> None:
    table = new_table()
    parameters = {"IncidentId": "INC-404", "Responders": [RESPONDER], "TableName": table}
    record = run(aws_env, incident_response.NAME, parameters, RunOptions(decisions=dict(PHASES)))

    assert record.status is Status.SUCCESS
    opening = record.step("OpenIncident")
    assert opening.status is Status.FAILED
    assert "cannot be opened without Title, IncidentClass, Severity, Service" in (opening.failure_message or "")
    assert IncidentStore(boto3.client("dynamodb"), table).get("INC-404") is None
    assert len(timeline(table, "INC-404")) == 5
