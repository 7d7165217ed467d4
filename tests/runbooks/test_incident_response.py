"""Closeloop-IncidentResponse run in the simulator against the emulator over HTTP: each phase on the timeline."""

from domain.timeline import Kind
from generator.document.model import Document
from generator.document.reader import read_file
from generator.simulator import RunOptions, Status
from generator.simulator.execution import find_in_catalogue_or_file
from runbooks.incident_response import EVIDENCE_RUNBOOK, NAME
from runbooks.log_timeline_event import NAME as LOG_TIMELINE_EVENT_NAME
from tests.conftest import FIXTURES
from tests.runbooks.operator_runs import EMULATOR_CALLER, RESPONDER, new_table, run, timeline

PHASES = ("Triage", "Diagnose", "Mitigate", "Recover")


def _parameters(table: str, incident: str, evidence: bool = False) -> dict[str, object]:
    return {"IncidentId": incident, "Responders": [RESPONDER], "CollectEvidence": evidence, "TableName": table}


def test_each_phase_approved_leaves_its_event_with_the_operator(aws_env: str) -> None:
    table = new_table()
    record = run(aws_env, NAME, _parameters(table, "INC-100"), RunOptions(decisions=dict.fromkeys(PHASES, "approve")))

    assert record.status is Status.SUCCESS, record.failure_message
    assert "CollectEvidence" not in [step.name for step in record.steps]
    events = {(e.kind, e.text): e for e in timeline(table, "INC-100")}
    assert set(events) == {
        (Kind.ENGAGED, "Incident response started with Closeloop-IncidentResponse."),
        (Kind.HUMAN_ACTION, "Triage done."),
        (Kind.HUMAN_ACTION, "Diagnosis done."),
        (Kind.MITIGATION, "Mitigation done."),
        (Kind.RECOVERY, "Recovery confirmed."),
    }
    assert events[(Kind.MITIGATION, "Mitigation done.")].actor == RESPONDER
    assert events[(Kind.MITIGATION, "Mitigation done.")].source == f"automation:{record.execution_id}#Mitigate"
    # Who started the response: the run's ExecutedBy, which for a simulated run is the emulator's caller.
    assert events[(Kind.ENGAGED, "Incident response started with Closeloop-IncidentResponse.")].actor == EMULATOR_CALLER
    # Each phase is logged by a child run of Closeloop-LogTimelineEvent, told this run's id: the person, not a role.
    assert record.outputs["RecordRecovery.Output"]["RecordEvent.Actor"] == RESPONDER
    loggers = [child for child in record.children if child.document_name == LOG_TIMELINE_EVENT_NAME]
    assert len(loggers) == 5 and {c.parameters["RunbookExecutionId"] for c in loggers} == {record.execution_id}


def test_the_run_waits_at_the_first_phase_nobody_completed(aws_env: str) -> None:
    table = new_table()
    record = run(aws_env, NAME, _parameters(table, "INC-101"), RunOptions(decisions={"Triage": "approve"}))
    assert record.status is Status.WAITING and "Diagnose" in (record.failure_message or "")
    assert sorted(e.kind for e in timeline(table, "INC-101")) == [Kind.ENGAGED, Kind.HUMAN_ACTION]


def test_a_rejected_phase_stops_the_runbook_and_is_logged_with_who_when_and_why(aws_env: str) -> None:
    table = new_table()
    decisions = {"Triage": "approve", "Diagnose": "approve", "Mitigate": "reject: failover would lose the queue"}
    record = run(aws_env, NAME, _parameters(table, "INC-102"), RunOptions(decisions=dict(decisions)))

    assert record.status is Status.FAILED  # the rejected step is critical: the run ends as AWS ends it
    assert "Step Mitigate Failed" in (record.failure_message or "")
    assert [step.name for step in record.steps][-2:] == ["Mitigate", "RecordRejection"]
    assert "Recover" not in [step.name for step in record.steps]
    events = timeline(table, "INC-102")
    assert [e.text for e in events] == [
        "Incident response started with Closeloop-IncidentResponse.",
        "Triage done.",
        "Diagnosis done.",
        "Mitigate not approved; the response stopped following Closeloop-IncidentResponse there. "
        "Notes: failover would lose the queue",
    ]
    rejection = events[-1]
    assert rejection.kind is Kind.HUMAN_ACTION and rejection.actor == RESPONDER
    assert rejection.source == f"automation:{record.execution_id}#Mitigate"
    # When it was refused: the decision's time on the run's clock, after the approval before it.
    refused = record.step("Mitigate").end
    assert refused is not None and rejection.occurred_at == refused.replace(microsecond=0)
    assert events[-2].occurred_at <= rejection.occurred_at


def test_a_phase_rejected_without_a_comment_is_logged_without_notes(aws_env: str) -> None:
    table = new_table()
    record = run(aws_env, NAME, _parameters(table, "INC-105"), RunOptions(decisions={"Triage": "reject"}))
    assert record.status is Status.FAILED
    rejection = timeline(table, "INC-105")[-1]
    assert (rejection.text, rejection.actor) == (
        "Triage not approved; the response stopped following Closeloop-IncidentResponse there.",
        RESPONDER,
    )


def _finder(child: Document | None) -> RunOptions:
    def find(name: str) -> Document | None:
        return child if name == EVIDENCE_RUNBOOK else find_in_catalogue_or_file(name)

    return RunOptions(decisions=dict.fromkeys(PHASES, "approve"), find_document=find)


def test_evidence_collection_runs_first_when_asked_and_is_logged(aws_env: str) -> None:
    table = new_table()
    child = read_file(FIXTURES / "runbooks" / "collect_evidence_standin.yaml").document
    record = run(aws_env, NAME, _parameters(table, "INC-103", evidence=True), _finder(child))

    assert record.status is Status.SUCCESS, record.failure_message
    assert record.step("CollectEvidence").status is Status.SUCCESS
    evidence = next(child for child in record.children if child.document_name == EVIDENCE_RUNBOOK)
    assert evidence.parameters == {"IncidentId": "INC-103", "TableName": table, "AutomationAssumeRole": ""}
    assert Kind.EVIDENCE in {e.kind for e in timeline(table, "INC-103")}


def test_evidence_collection_that_fails_is_logged_and_the_response_goes_on(aws_env: str) -> None:
    table = new_table()
    record = run(aws_env, NAME, _parameters(table, "INC-104", evidence=True), _finder(None))
    assert record.status is Status.SUCCESS, record.failure_message
    assert record.step("CollectEvidence").status is Status.FAILED
    kinds = sorted(e.kind.value for e in timeline(table, "INC-104"))
    assert kinds == ["engaged", "evidence", "human_action", "human_action", "mitigation", "recovery"]


def test_an_approvers_comment_becomes_the_phases_notes(aws_env: str) -> None:
    table = new_table()
    decisions = dict.fromkeys(PHASES, "approve") | {"Mitigate": "approve: rolled back to 4.1: errors gone"}
    record = run(aws_env, NAME, _parameters(table, "INC-104"), RunOptions(decisions=dict(decisions)))

    assert record.status is Status.SUCCESS, record.failure_message
    texts = {e.text for e in timeline(table, "INC-104")}
    assert "Mitigation done. Notes: rolled back to 4.1: errors gone" in texts
    assert "Triage done." in texts  # no comment, no notes
