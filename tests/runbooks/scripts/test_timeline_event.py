"""The timeline script against the emulator over HTTP: one event per fact, however often it runs."""

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from runbooks.scripts import timeline_event

NOW = datetime(2026, 11, 29, 17, 30, 0, tzinfo=UTC)


def _table(name: str) -> None:
    boto3.client("dynamodb").create_table(
        TableName=name,
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST",
    )


def _events(table: str, **overrides: str) -> dict[str, Any]:
    return {
        "IncidentId": "INC-1",
        "Kind": "mitigation",
        "Text": "Rolled back deployment d-123",
        "OccurredAt": "2026-11-29T17:05:00Z",
        "Source": "",
        "TableName": table,
        "ExecutionId": "exec-1",
        **overrides,
    }


def test_occurred_at_is_normalised_to_utc_seconds_and_empty_means_now() -> None:
    assert timeline_event.occurred_at("2026-11-29T17:05Z", NOW) == "2026-11-29T17:05:00Z"
    assert timeline_event.occurred_at("2026-11-29T17:05:07.25+00:00", NOW) == "2026-11-29T17:05:07Z"
    assert timeline_event.occurred_at("", NOW) == "2026-11-29T17:30:00Z"


@pytest.mark.parametrize(
    "value", ["2026-11-29T17:05:00", "2026-11-29 17:05:00Z", "yesterday", "2026-11-29T17:05+02:00"]
)
def test_a_time_without_utc_zone_is_refused_with_the_value(value: str) -> None:
    with pytest.raises(ValueError, match=value.replace("+", r"\+")):
        timeline_event.occurred_at(value, NOW)


def test_the_id_depends_on_what_happened_not_when_it_was_recorded() -> None:
    first = timeline_event.event_item(_events("t"), "arn:aws:iam::1:user/ana", NOW)
    later = timeline_event.event_item(_events("t"), "arn:aws:iam::1:user/ana", NOW.replace(hour=23))
    other = timeline_event.event_item(_events("t", Text="Failed over"), "arn:aws:iam::1:user/ana", NOW)
    assert first["event_id"] == later["event_id"] != other["event_id"]
    assert first["recorded_at"] != later["recorded_at"]


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="Kind 'fixed'"):
        timeline_event.event_item(_events("t", Kind="fixed"), "me", NOW)


def test_handler_records_once_with_the_caller_as_actor(aws_env: str) -> None:
    table = f"closeloop-{uuid.uuid4().hex[:8]}"
    _table(table)
    first = timeline_event.handler(_events(table), None)
    second = timeline_event.handler(_events(table), None)

    assert first["Created"] is True and second["Created"] is False
    assert first["EventId"] == second["EventId"]
    # The emulator has no GetAutomationExecution, so the actor falls back to the caller's identity.
    assert first["Actor"].startswith("arn:aws:")
    items = boto3.client("dynamodb").query(
        TableName=table, KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": "INCIDENT#INC-1"}}
    )["Items"]
    assert len(items) == 1
    assert items[0]["kind"] == {"S": "mitigation"}
    assert items[0]["occurred_at"] == {"S": "2026-11-29T17:05:00Z"}
    assert items[0]["source"] == {"S": "automation:exec-1"}


def test_an_explicit_actor_is_kept(aws_env: str) -> None:
    table = f"closeloop-{uuid.uuid4().hex[:8]}"
    _table(table)
    result = timeline_event.handler({**_events(table), "Actor": "arn:aws:iam::1:user/ana"}, None)
    assert result["Actor"] == "arn:aws:iam::1:user/ana"


# An operator step: who completed it, their notes and when, from the approval or from GetAutomationExecution.
BO = "arn:aws:iam::123456789012:user/bo"
EXECUTION = "4105a4fc-f944-11e6-9d32-8fb2db27a909"  # GetAutomationExecution wants the 36-character form


def _operator_events(**overrides: Any) -> dict[str, Any]:
    events = _events("t", OccurredAt="", Text="Triage done.", ExecutionId=EXECUTION)
    return {**events, "StepName": "Triage", **overrides}


def _clients() -> tuple[Any, Any]:
    return boto3.client("ssm", region_name="us-east-1"), boto3.client("sts", region_name="us-east-1")


def test_an_approval_passed_in_gives_the_approver_the_time_and_the_notes() -> None:
    ssm, sts = _clients()
    decision = {
        "Approver": BO,
        "Decision": "Approve",
        "ApprovalDecisionTime": "2026-11-29T17:12:03.034463Z",
        "Comment": "Checkout errors for 8% of EU users; SEV2",
    }
    with Stubber(ssm) as ssm_stub, Stubber(sts) as sts_stub:  # neither API may be called
        events = timeline_event.operator_step(_operator_events(Decisions=json.dumps([decision])), ssm, sts)
        ssm_stub.assert_no_pending_responses()
        sts_stub.assert_no_pending_responses()
    assert events["Actor"] == BO
    assert events["OccurredAt"] == "2026-11-29T17:12:03Z"
    assert events["Text"] == "Triage done. Notes: Checkout errors for 8% of EU users; SEV2"
    assert events["Source"] == f"automation:{EXECUTION}#Triage"


def test_without_decisions_passed_in_the_step_is_read_from_get_automation_execution() -> None:
    ssm, sts = _clients()
    decision = json.dumps({"Approver": BO, "Decision": "Approve", "ApprovalDecisionTime": "2026-11-29T17:12:03Z"})
    answer = {
        "AutomationExecution": {
            "ExecutedBy": "arn:aws:iam::123456789012:user/ana",
            "StepExecutions": [
                {"StepName": "Triage", "Action": "aws:approve", "Outputs": {"ApproverDecisions": [decision]}}
            ],
        }
    }
    with Stubber(ssm) as stub:
        stub.add_response("get_automation_execution", answer, {"AutomationExecutionId": EXECUTION})
        events = timeline_event.operator_step(_operator_events(Decisions="{{ Triage.ApproverDecisions }}"), ssm, sts)
        stub.assert_no_pending_responses()
    assert (events["Actor"], events["OccurredAt"], events["Text"]) == (BO, "2026-11-29T17:12:03Z", "Triage done.")


def test_a_paused_step_is_the_executors_at_the_time_it_ended() -> None:
    ssm, sts = _clients()
    answer = {
        "AutomationExecution": {
            "ExecutedBy": "arn:aws:iam::123456789012:user/ana",
            "StepExecutions": [
                {"StepName": "Triage", "Action": "aws:pause", "ExecutionEndTime": datetime(2026, 11, 29, 17, 20, 9)}
            ],
        }
    }
    with Stubber(ssm) as stub:
        stub.add_response("get_automation_execution", answer, {"AutomationExecutionId": EXECUTION})
        events = timeline_event.operator_step(_operator_events(), ssm, sts)
    assert events["Actor"] == "arn:aws:iam::123456789012:user/ana"
    assert events["OccurredAt"] == "2026-11-29T17:20:09Z"


def test_without_access_to_the_execution_the_caller_is_the_operator() -> None:
    ssm, sts = _clients()
    caller = {"UserId": "AIDA", "Account": "123456789012", "Arn": "arn:aws:sts::123456789012:assumed-role/Ops/ana"}
    with Stubber(ssm) as ssm_stub, Stubber(sts) as sts_stub:
        ssm_stub.add_client_error("get_automation_execution", "AccessDeniedException")
        ssm_stub.add_client_error("get_automation_execution", "AccessDeniedException")
        sts_stub.add_response("get_caller_identity", caller, {})
        events = timeline_event.operator_step(_operator_events(), ssm, sts)
    assert events["Actor"] == caller["Arn"]
    assert events["OccurredAt"] == ""  # the handler then records it as happening now


@pytest.mark.parametrize(
    "value",
    [
        [{"Approver": BO}],
        json.dumps([{"Approver": BO}]),
        [json.dumps({"Approver": BO})],
        {"Approver": BO},
    ],
)
def test_decisions_are_read_in_every_shape_automation_may_pass_them(value: Any) -> None:
    assert timeline_event.decisions_of(value) == [{"Approver": BO}]


def test_unusable_decisions_are_none() -> None:
    assert timeline_event.decisions_of("{{ Triage.ApproverDecisions }}") == []
    assert timeline_event.decisions_of(None) == []


def test_an_operator_step_run_twice_is_recorded_once(aws_env: str) -> None:
    table = f"closeloop-{uuid.uuid4().hex[:8]}"
    _table(table)
    decisions = [{"Type": "Approve", "Approver": BO, "Timestamp": "2026-11-29T17:12:03+00:00"}]
    first = timeline_event.handler(_operator_events(TableName=table, Decisions=decisions), None)
    second = timeline_event.handler(_operator_events(TableName=table, Decisions=decisions), None)
    assert (first["Created"], second["Created"], first["Actor"]) == (True, False, BO)


def test_the_rejected_step_is_the_last_approval_that_failed_or_timed_out() -> None:
    ssm, _ = _clients()
    steps = [
        {"StepName": "Triage", "Action": "aws:approve", "StepStatus": "Success"},
        {"StepName": "Diagnose", "Action": "aws:approve", "StepStatus": "Failed"},
        {"StepName": "RecordDiagnosis", "Action": "aws:executeScript", "StepStatus": "Failed"},
        {"StepName": "Mitigate", "Action": "aws:approve", "StepStatus": "TimedOut"},
        {"StepName": "RecordRejection", "Action": "aws:executeScript", "StepStatus": "InProgress"},
    ]
    with Stubber(ssm) as stub:
        stub.add_response("get_automation_execution", {"AutomationExecution": {"StepExecutions": steps}})
        stub.add_client_error("get_automation_execution", "AccessDeniedException")
        assert timeline_event.rejected_step(ssm, EXECUTION) == "Mitigate"
        assert timeline_event.rejected_step(ssm, EXECUTION) == ""  # no access: the caller says "A step"
