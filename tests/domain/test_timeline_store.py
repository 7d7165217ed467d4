"""The timeline store against the emulator over HTTP: conditional writes, paged reads in time order."""

import uuid
from datetime import UTC, datetime, timedelta

import boto3

from domain import table
from domain.timeline import Kind, TimelineEvent
from domain.timeline_store import TimelineStore
from tests.domain.closeloop_table import create_table

START = datetime(2026, 11, 29, 17, 0, tzinfo=UTC)


def event(minute: int, incident: str = "INC-1", text: str = "p99 over 2 s") -> TimelineEvent:
    return TimelineEvent(
        incident_id=incident,
        kind=Kind.ALERT,
        occurred_at=START + timedelta(minutes=minute),
        recorded_at=START + timedelta(hours=1),
        actor="aws.cloudwatch",
        source="arn:aws:cloudwatch:us-east-1:123456789012:alarm:Latency",
        text=text,
    )


def store() -> TimelineStore:
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    return TimelineStore(boto3.client("dynamodb"), name)


def test_a_second_write_of_the_same_event_creates_nothing(aws_env: str) -> None:
    timeline = store()
    assert timeline.put(event(0)) is True
    assert timeline.put(event(0)) is False
    assert timeline.put(event(0, text="p99 over 3 s")) is True
    assert len(timeline.events("INC-1")) == 2


def test_reads_every_page_in_time_order_and_only_this_incidents_events(aws_env: str) -> None:
    timeline = store()
    for minute in (30, 0, 50, 10, 20):
        timeline.put(event(minute))
    timeline.put(event(5, incident="INC-2"))
    # Another kind of item in the same partition, as the evidence manifest writes it.
    timeline.dynamodb.put_item(
        TableName=timeline.table_name,
        Item={table.PARTITION_KEY: {"S": table.incident_pk("INC-1")}, table.SORT_KEY: {"S": table.evidence_sk("x")}},
    )
    found = timeline.events("INC-1", page_size=2)
    assert [e.occurred_at.minute for e in found] == [0, 10, 20, 30, 50]
    assert found[0] == event(0)
    assert timeline.events("INC-3") == []
