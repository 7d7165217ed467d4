"""The timeline Lambda under AWS faults, redelivered as Lambda and EventBridge redeliver, and fed bad events.

The real handler runs with its own clients (botocore's default retries, standard mode) through the fault
proxy. What counts: the alarm's event is on the incident's timeline exactly once after the deliveries end,
and a refused event leaves nothing in the table.
"""

import copy
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
)
from botocore.exceptions import ClientError
from pydantic import ValidationError

from handlers.timeline import app
from tests.conftest import FIXTURES
from tests.domain.closeloop_table import create_table
from tests.faults.aws.proxy import Answer, Fault, FaultProxy, Request
from tests.faults.tally import Tally
from tests.handlers.timeline.conftest import FakeLambdaContext, event_fixture

AREA = "timeline handler"
BAD_EVENTS = FIXTURES / "faults" / "timeline"


@dataclass
class Timeline:
    table: str
    incident: str

    def events(self) -> list[dict[str, Any]]:
        answer = boto3.client("dynamodb").query(
            TableName=self.table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": f"INCIDENT#{self.incident}"}},
            ConsistentRead=True,
        )
        items: list[dict[str, Any]] = answer["Items"]
        return items

    def items(self) -> int:
        return int(boto3.client("dynamodb").scan(TableName=self.table, Select="COUNT")["Count"])

    def count(self, case: Any, expected: int = 1) -> None:
        found = len(self.events())
        case.lost, case.duplicates = max(0, expected - found), max(0, found - expected)


@pytest.fixture
def timeline(faulty: FaultProxy, botocore_waits: list[float], monkeypatch: pytest.MonkeyPatch) -> Iterator[Timeline]:
    table = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(table)
    monkeypatch.setenv(app.TABLE_ENV, table)
    incident = f"INC-{uuid.uuid4().hex[:6]}"
    cloudwatch = boto3.client("cloudwatch")
    cloudwatch.put_metric_alarm(AlarmName="ServerCpuTooHigh", MetricName="CPUUtilization", Namespace="AWS/EC2",
                                Statistic="Average", Period=300, EvaluationPeriods=1, Threshold=50.0,
                                ComparisonOperator="GreaterThanThreshold")  # fmt: skip
    arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh"
    cloudwatch.tag_resource(ResourceARN=arn, Tags=[{"Key": "closeloop:incident", "Value": incident}])
    app.configured.cache_clear()
    yield Timeline(table, incident)
    app.configured.cache_clear()


def alarm_event() -> dict[str, Any]:
    return event_fixture("cloudwatch_alarm_state_change_alarm.json")


# One delivery under each fault: botocore retries and the event is recorded.
RETRIED = {
    "DynamoDB throttled once on each operation": [Fault("dynamodb", per_operation=True)],
    "DynamoDB 500 InternalFailure once on each operation": [Fault("dynamodb", status=500, per_operation=True)],
    "CloudWatch ListTagsForResource throttled, then 503": [
        Fault("monitoring", "ListTagsForResource"),
        Fault("monitoring", "ListTagsForResource", status=503),
    ],
}


@pytest.mark.parametrize("fault", sorted(RETRIED))
def test_a_fault_on_each_aws_call_is_retried_and_the_event_recorded_once(
    timeline: Timeline, faulty: FaultProxy, tally: Tally, botocore_waits: list[float], fault: str
) -> None:
    with tally.case(AREA, fault) as case:
        planted = [faulty.add(copy.deepcopy(f)) for f in RETRIED[fault]]
        first = app.handler(alarm_event(), FakeLambdaContext())
        again = app.handler(alarm_event(), FakeLambdaContext())  # Lambda's retry of a delivery it thinks failed
        timeline.count(case)
        assert first["recorded"] is True and again == first
        assert len(botocore_waits) == sum(f.total for f in planted) > 0
        assert (case.lost, case.duplicates) == (0, 0)


def test_a_write_whose_answer_was_lost_is_not_made_twice(timeline: Timeline, faulty: FaultProxy, tally: Tally) -> None:
    with tally.case(AREA, "the event's PutItem applied, its answer a 500; botocore resends it") as case:
        # The first PutItem is the idempotency record; the second is the event.
        lost_answer = faulty.add(Fault("dynamodb", "PutItem", status=500, skip=1, after_apply=True))
        first = app.handler(alarm_event(), FakeLambdaContext())
        retried = app.handler(alarm_event(), FakeLambdaContext())
        timeline.count(case)
        assert lost_answer.total == 1 and first == retried
        assert first["recorded"] is False and first["skipped"] == "already on the timeline"  # the resend found it
        assert (case.lost, case.duplicates) == (0, 0)


def test_dynamodb_down_for_the_whole_delivery_raises_and_the_retry_records_it(
    timeline: Timeline, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(AREA, "every PutItem throttled for one delivery, then Lambda's retry") as case:
        faulty.add(Fault("dynamodb", "PutItem", times=0))
        with pytest.raises(IdempotencyPersistenceLayerError, match="save in progress record"):
            app.handler(alarm_event(), FakeLambdaContext())
        assert timeline.items() == 0
        faulty.clear()
        retried = app.handler(alarm_event(), FakeLambdaContext())
        timeline.count(case)
        assert retried["recorded"] is True and (case.lost, case.duplicates) == (0, 0)


def test_three_deliveries_with_the_event_write_failing_in_the_first(
    timeline: Timeline, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(AREA, "event PutItem throttled past botocore's 4 attempts, delivered 3 times") as case:
        faulty.add(Fault("dynamodb", "PutItem", skip=1, times=4))  # the idempotency record goes in; the event does not
        with pytest.raises(ClientError, match=r"ThrottlingException.*PutItem"):
            app.handler(alarm_event(), FakeLambdaContext())
        assert timeline.events() == [] and timeline.items() == 0  # powertools removed its in-progress record
        second = app.handler(alarm_event(), FakeLambdaContext())
        third = app.handler(alarm_event(), FakeLambdaContext())
        timeline.count(case)
        assert second["recorded"] is True and third == second
        assert (case.lost, case.duplicates) == (0, 0)


@dataclass
class ShortLivedContext(FakeLambdaContext):
    """An invocation about to time out: its in-progress idempotency record expires at once."""

    def get_remaining_time_in_millis(self) -> int:
        return 1


def test_a_lost_success_record_is_retried_after_the_in_progress_record_expires(
    timeline: Timeline, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(AREA, "idempotency success record never saved (UpdateItem throttled), then redelivered") as case:
        faulty.add(Fault("dynamodb", "UpdateItem", times=0))
        with pytest.raises(IdempotencyPersistenceLayerError, match="update record state to success"):
            app.handler(alarm_event(), ShortLivedContext())
        assert len(timeline.events()) == 1  # the event itself was written before
        faulty.clear()
        retried = app.handler(alarm_event(), FakeLambdaContext())
        timeline.count(case)
        assert retried["recorded"] is False and retried["skipped"] == "already on the timeline"
        assert (case.lost, case.duplicates) == (0, 0)


def test_a_redelivery_while_the_first_is_in_progress_is_refused_for_a_later_retry(
    timeline: Timeline, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(AREA, "idempotency success record lost, redelivered before the in-progress record expires") as case:
        faulty.add(Fault("dynamodb", "UpdateItem", times=0))
        with pytest.raises(IdempotencyPersistenceLayerError):
            app.handler(alarm_event(), FakeLambdaContext())
        faulty.clear()
        with pytest.raises(IdempotencyAlreadyInProgressError):  # raised: Lambda retries it later, nothing dropped
            app.handler(alarm_event(), FakeLambdaContext())
        timeline.count(case)
        assert (case.lost, case.duplicates) == (0, 0)


@pytest.mark.parametrize("name", sorted(p.name for p in BAD_EVENTS.glob("*.json")))
def test_a_malformed_event_is_refused_with_the_field_and_leaves_nothing(
    timeline: Timeline, tally: Tally, name: str
) -> None:
    with tally.case(AREA, f"malformed event {name}") as case:
        event = json.loads((BAD_EVENTS / name).read_text())
        with pytest.raises(ValidationError) as refused:
            app.handler(event, FakeLambdaContext())
        assert refused.value.errors()[0]["loc"]  # pydantic names the field
        case.duplicates = timeline.items()  # any item left behind is a side effect
        assert case.duplicates == 0


def test_an_oversized_text_is_refused_and_an_oversized_alarm_reason_is_cut(timeline: Timeline, tally: Tally) -> None:
    with tally.case(AREA, "direct call with a 400 KB Text") as case:
        direct = {"IncidentId": timeline.incident, "Kind": "note", "Text": "x" * 400_000,
                  "OccurredAt": "2026-11-29T17:05:00Z", "Source": "runbook", "Actor": "ana"}  # fmt: skip
        with pytest.raises(ValidationError, match="text"):
            app.handler(direct, FakeLambdaContext())
        case.duplicates = timeline.items()
        assert case.duplicates == 0
    with tally.case(AREA, "alarm event with a 200 KB state reason") as case:
        event = alarm_event()
        event["detail"]["state"]["reason"] = "Threshold Crossed " + "y" * 200_000
        assert app.handler(event, FakeLambdaContext())["recorded"] is True
        [item] = timeline.events()
        assert len(item["text"]["S"]) < 400
        timeline.count(case)
        assert (case.lost, case.duplicates) == (0, 0)


def automation_execution(request: Request) -> Answer:
    """GetAutomationExecution, which the emulator lacks, answered as SSM does (awsJson1_1)."""
    execution_id = json.loads(request.body)["AutomationExecutionId"]
    execution = {
        "AutomationExecutionId": execution_id,
        "DocumentName": "runcommand1",
        "ExecutedBy": "arn:aws:iam::123456789012:user/ana",
        "Parameters": {"IncidentId": [INCIDENT_OF_STEP]},
        "StepExecutions": [],
    }
    body = {"AutomationExecution": execution}
    return 200, {"content-type": "application/x-amz-json-1.1"}, json.dumps(body).encode()


INCIDENT_OF_STEP = "INC-step01"


def test_a_step_events_ssm_read_throttled_then_503_is_retried_and_recorded_once(
    timeline: Timeline, faulty: FaultProxy, tally: Tally, botocore_waits: list[float]
) -> None:
    with tally.case(AREA, "SSM GetAutomationExecution throttled, then 503, for a step event delivered twice") as case:
        faulty.add(Fault("ssm", "GetAutomationExecution"))
        faulty.add(Fault("ssm", "GetAutomationExecution", status=503))
        faulty.add(Fault("ssm", "GetAutomationExecution", times=0, answer=automation_execution))
        event = event_fixture("ssm_automation_step_status_change.json")
        first = app.handler(event, FakeLambdaContext())
        again = app.handler(event, FakeLambdaContext())
        found = len(Timeline(timeline.table, INCIDENT_OF_STEP).events())
        case.lost, case.duplicates = max(0, 1 - found), max(0, found - 1)
        assert first["recorded"] is True and again == first and len(botocore_waits) == 2
        assert (case.lost, case.duplicates) == (0, 0)
