"""The timeline event model: UTC times, refused zone-less times, and the same id and item as the runbook script."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from domain.timeline import Kind, TimelineEvent, ZoneError, parse_time
from runbooks.scripts import timeline_event

RECORDED = datetime(2026, 11, 29, 17, 30, 0, 123456, tzinfo=UTC)


def event(**overrides: object) -> TimelineEvent:
    fields: dict[str, object] = {
        "incident_id": "INC-1",
        "kind": "mitigation",
        "occurred_at": "2026-11-29T17:05:00Z",
        "recorded_at": RECORDED,
        "actor": "arn:aws:iam::1:user/ana",
        "source": "automation:exec-1",
        "text": "Rolled back deployment d-123",
        **overrides,
    }
    return TimelineEvent.model_validate(fields)


def test_the_kinds_are_the_scripts_kinds() -> None:
    assert tuple(kind.value for kind in Kind) == timeline_event.KINDS


def test_model_and_script_write_the_same_item_for_the_same_fact() -> None:
    script_input = {
        "IncidentId": "INC-1",
        "Kind": "mitigation",
        "Text": "Rolled back deployment d-123",
        "OccurredAt": "2026-11-29T17:05:00Z",
        "Source": "automation:exec-1",
        "ExecutionId": "exec-1",
    }
    assert timeline_event.event_item(script_input, "arn:aws:iam::1:user/ana", RECORDED) == event().to_item()


def test_an_offset_time_is_kept_in_utc_and_milliseconds_do_not_change_the_id() -> None:
    paris = event(occurred_at=datetime(2026, 11, 29, 18, 5, 0, 400000, tzinfo=timezone(timedelta(hours=1))))
    assert paris.occurred_at == datetime(2026, 11, 29, 17, 5, tzinfo=UTC)
    assert paris.event_id == event().event_id
    assert event(text="Failed over").event_id != event().event_id


@pytest.mark.parametrize("value", ["2026-11-29T17:05:00", "2026-11-29 17:05"])
def test_a_time_without_zone_is_refused_with_the_field_and_value(value: str) -> None:
    with pytest.raises(ValidationError, match=rf"occurred_at\n.*'{value}' has no time zone"):
        event(occurred_at=value)
    with pytest.raises(ValidationError, match="Input should have timezone info"):
        event(occurred_at=datetime(2026, 11, 29, 17, 5))  # a naive datetime object, not text


def test_parse_time_says_what_is_wrong() -> None:
    assert parse_time("2026-11-29T18:05+01:00") == datetime(2026, 11, 29, 17, 5, tzinfo=UTC)
    with pytest.raises(ZoneError, match="--at '2026-11-29T17:05' has no time zone"):
        parse_time("2026-11-29T17:05", "--at")
    with pytest.raises(ValueError, match="'yesterday' is not an ISO-8601 time"):
        parse_time("yesterday")


def test_an_item_reads_back_as_the_same_event() -> None:
    assert TimelineEvent.from_item(event().to_item()) == event()


def test_unknown_kind_and_empty_text_are_refused() -> None:
    with pytest.raises(ValidationError, match="kind"):
        event(kind="fixed")
    with pytest.raises(ValidationError, match="text"):
        event(text="")
