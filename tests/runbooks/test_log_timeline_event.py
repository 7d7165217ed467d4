"""Closeloop-LogTimelineEvent run in the simulator against the emulator: one event per fact, with its operator."""

from domain.timeline import Kind
from generator.simulator import Status
from runbooks.log_timeline_event import NAME
from tests.runbooks.operator_runs import EMULATOR_CALLER, new_table, run, timeline


def test_an_operator_logs_a_symptom_and_a_second_run_adds_nothing(aws_env: str) -> None:
    table = new_table()
    parameters = {
        "IncidentId": "INC-300",
        "Kind": "symptom",
        "Text": "Customers report failed card payments",
        "OccurredAt": "2024-11-29T16:58:00Z",
        "Source": "https://support.example/tickets/4411",
        "TableName": table,
    }
    first, second = run(aws_env, NAME, parameters), run(aws_env, NAME, parameters)

    assert first.status is second.status is Status.SUCCESS
    assert (first.outputs["RecordEvent.Created"], second.outputs["RecordEvent.Created"]) == (True, False)
    [event] = timeline(table, "INC-300")
    assert (event.kind, event.actor, event.source) == (Kind.SYMPTOM, EMULATOR_CALLER, parameters["Source"])
    assert event.occurred_at.isoformat() == "2024-11-29T16:58:00+00:00"
