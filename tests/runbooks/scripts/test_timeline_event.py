"""The timeline script against the emulator over HTTP: one event per fact, however often it runs."""

import uuid
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

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
