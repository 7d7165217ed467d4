"""`Closeloop-LogTimelineEvent`'s script (runbooks/scripts/timeline_event.py) under DynamoDB faults, run again
as a retried step is: the event is on the timeline once. Its client is botocore's default (standard mode)."""

import uuid
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from runbooks.scripts import timeline_event
from tests.domain.closeloop_table import create_table
from tests.faults.aws.proxy import Fault, FaultProxy
from tests.faults.tally import Tally

AREA = "LogTimelineEvent script"


def step_input(table: str) -> dict[str, Any]:
    return {"IncidentId": f"INC-{uuid.uuid4().hex[:6]}", "Kind": "mitigation", "Text": "Rolled back the release",
            "OccurredAt": "2026-11-29T17:05:00Z", "Source": "runbook", "Actor": "ana", "TableName": table}  # fmt: skip


def events_of(table: str, incident: str) -> int:
    key = {":pk": {"S": f"INCIDENT#{incident}"}}
    answer = boto3.client("dynamodb").query(
        TableName=table, KeyConditionExpression="pk = :pk", ExpressionAttributeValues=key
    )
    return int(answer["Count"])


@pytest.fixture
def table(faulty: FaultProxy, botocore_waits: list[float]) -> str:
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    return name


def test_a_put_whose_answer_was_lost_records_the_event_once(table: str, faulty: FaultProxy, tally: Tally) -> None:
    with tally.case(AREA, "PutItem applied, its answer a 500; the step run twice") as case:
        faulty.add(Fault("dynamodb", "PutItem", status=500, after_apply=True))
        given = step_input(table)
        first = timeline_event.handler(given, None)
        second = timeline_event.handler(given, None)
        found = events_of(table, given["IncidentId"])
        case.lost, case.duplicates = max(0, 1 - found), max(0, found - 1)
        assert first["EventId"] == second["EventId"] and second["Created"] is False
        assert (case.lost, case.duplicates) == (0, 0)


def test_dynamodb_throttled_for_the_whole_step_fails_it_and_the_rerun_records_once(
    table: str, faulty: FaultProxy, tally: Tally, botocore_waits: list[float]
) -> None:
    with tally.case(AREA, "PutItem throttled on every call, then the step rerun") as case:
        faulty.add(Fault("dynamodb", "PutItem", times=0))
        given = step_input(table)
        with pytest.raises(ClientError, match=r"ThrottlingException.*PutItem.*reached max retries: 3"):
            timeline_event.handler(given, None)
        assert len(botocore_waits) == 3
        faulty.clear()
        assert timeline_event.handler(given, None)["Created"] is True
        found = events_of(table, given["IncidentId"])
        case.lost, case.duplicates = max(0, 1 - found), max(0, found - 1)
        assert (case.lost, case.duplicates) == (0, 0)
