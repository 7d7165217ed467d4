"""An alarm's state change reaches the default event bus as CloudWatch puts it there (AWS's documented event,
tests/fixtures/events/), stamped with the emulator's clock; a call that keeps the state emits nothing."""

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from moto.events.models import EventsBackend

from generator.emulator.clock import following
from tests.conftest import FIXTURES


def test_a_state_change_is_put_on_the_bus_in_cloudwatchs_shape(emulated: str, monkeypatch: pytest.MonkeyPatch) -> None:
    put: list[dict[str, Any]] = []
    original = EventsBackend.put_events

    def recording(self: EventsBackend, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        put.extend(entries)
        return original(self, entries)

    monkeypatch.setattr(EventsBackend, "put_events", recording)
    cloudwatch = boto3.client("cloudwatch")
    name = f"checkout-5xx-{uuid.uuid4().hex[:6]}"
    cloudwatch.put_metric_alarm(
        AlarmName=name, AlarmDescription="Checkout 5xx", Namespace="Checkout", MetricName="5xx", Statistic="Sum",
        Period=60, EvaluationPeriods=1, Threshold=5, ComparisonOperator="GreaterThanThreshold",
        Dimensions=[{"Name": "Service", "Value": "checkout"}],
    )  # fmt: skip
    moment = datetime(2026, 11, 30, 19, 25, 0, tzinfo=UTC)
    with following(lambda: moment):
        cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="Threshold Crossed")
        cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="Threshold Crossed again")
    assert len(put) == 1  # the second call changed nothing: no event
    entry = put[0]
    documented = json.loads((FIXTURES / "events" / "cloudwatch_alarm_state_change_alarm.json").read_text())
    assert (entry["Source"], entry["DetailType"]) == (documented["source"], documented["detail-type"])
    assert entry["Resources"] == [cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]["AlarmArn"]]
    assert entry["Time"] == moment.timestamp()
    detail = json.loads(entry["Detail"])
    assert set(detail) == set(documented["detail"])
    assert set(detail["state"]) <= set(documented["detail"]["state"])
    assert detail["state"]["value"] == "ALARM" and detail["previousState"]["value"] == "OK"
    assert detail["state"]["timestamp"] == "2026-11-30T19:25:00.000+0000"
    metric = detail["configuration"]["metrics"][0]["metricStat"]
    assert metric["metric"] == {"dimensions": {"Service": "checkout"}, "name": "5xx", "namespace": "Checkout"}
    assert detail["configuration"]["description"] == "Checkout 5xx"
