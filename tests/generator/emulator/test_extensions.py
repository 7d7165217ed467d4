"""The operations moto lacks, added by generator/emulator, answered over HTTP to boto3."""

import json
import struct
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.emulator.cloudtrail import TrailEvent, record_event
from generator.emulator.server import running_emulator
from tests.runbooks.scripts.evidence.seed import put_alarm


def test_alarm_history_reads_back_each_state_change_in_order_and_pages_by_100(emulated: str) -> None:
    cloudwatch = boto3.client("cloudwatch")
    for i in range(3):
        put_alarm(cloudwatch, f"api-{i}")
    for round_ in range(40):  # 3 alarms x 40 changes = 120 state updates
        for i in range(3):
            cloudwatch.set_alarm_state(
                AlarmName=f"api-{i}", StateValue="ALARM" if round_ % 2 == 0 else "OK", StateReason=f"round {round_}"
            )
    pages = list(
        cloudwatch.get_paginator("describe_alarm_history").paginate(
            HistoryItemType="StateUpdate", ScanBy="TimestampAscending", PaginationConfig={"PageSize": 100}
        )
    )
    items = [item for page in pages for item in page["AlarmHistoryItems"]]
    assert [len(page["AlarmHistoryItems"]) for page in pages] == [100, 20]
    assert len(items) == 120 and all(item["HistoryItemType"] == "StateUpdate" for item in items)
    first = [item for item in items if item["AlarmName"] == "api-0"][:2]
    assert first[0]["HistorySummary"] == "Alarm updated from OK to ALARM"
    assert json.loads(first[1]["HistoryData"])["oldState"] == {"stateValue": "ALARM", "stateReason": "round 0"}
    assert json.loads(first[1]["HistoryData"])["newState"]["stateReason"] == "round 1"
    times = [item["Timestamp"] for item in items]
    assert times == sorted(times)


def test_alarm_history_honours_the_alarm_name_the_type_and_the_time_range(emulated: str) -> None:
    cloudwatch = boto3.client("cloudwatch")
    put_alarm(cloudwatch, "db")
    put_alarm(cloudwatch, "web")
    cloudwatch.set_alarm_state(AlarmName="db", StateValue="ALARM", StateReason="slow")
    cloudwatch.set_alarm_state(AlarmName="web", StateValue="ALARM", StateReason="5xx")
    only_db = cloudwatch.describe_alarm_history(AlarmName="db", HistoryItemType="StateUpdate")["AlarmHistoryItems"]
    assert [item["AlarmName"] for item in only_db] == ["db"]
    created = cloudwatch.describe_alarm_history(AlarmName="db", HistoryItemType="ConfigurationUpdate")
    assert created["AlarmHistoryItems"][0]["HistorySummary"] == 'Alarm "db" created'
    future = datetime.now(UTC) + timedelta(hours=1)
    assert (
        cloudwatch.describe_alarm_history(StartDate=future, EndDate=future + timedelta(hours=1))["AlarmHistoryItems"]
        == []
    )
    with pytest.raises(ClientError, match="MaxRecords"):
        cloudwatch.describe_alarm_history(MaxRecords=101)


def test_a_metric_widget_image_is_a_png_of_the_requested_size(emulated: str) -> None:
    cloudwatch = boto3.client("cloudwatch")
    cloudwatch.put_metric_data(Namespace="App", MetricData=[{"MetricName": "Errors", "Value": 7.0}])
    widget = {"metrics": [["App", "Errors", {"stat": "Sum"}]], "start": "-PT1H", "width": 400, "height": 200}
    image = cloudwatch.get_metric_widget_image(MetricWidget=json.dumps(widget))["MetricWidgetImage"]
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", image[16:24]) == (400, 200)
    with pytest.raises(ClientError, match="metrics"):
        cloudwatch.get_metric_widget_image(MetricWidget=json.dumps({"metrics": []}))


def test_lookup_events_records_write_calls_with_the_callers_identity_newest_first(emulated: str) -> None:
    iam = boto3.client("iam")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    as_alice = boto3.client("logs", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    as_alice.create_log_group(logGroupName="/app/alice")
    as_alice.describe_log_groups()  # a read: not a management write event
    boto3.client("logs").create_log_group(logGroupName="/app/machine")
    cloudtrail = boto3.client("cloudtrail")
    events = cloudtrail.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventSource", "AttributeValue": "logs.amazonaws.com"}]
    )["Events"]
    assert [(e["EventName"], e["Username"]) for e in events][:2] == [
        ("CreateLogGroup", "closeloop-emulator"),
        ("CreateLogGroup", "alice"),
    ]
    detail = json.loads(events[1]["CloudTrailEvent"])
    assert detail["userIdentity"]["type"] == "IAMUser" and detail["readOnly"] is False
    assert not any(e["EventName"] == "DescribeLogGroups" for e in events)


def test_lookup_events_pages_by_50_filters_by_time_and_takes_one_attribute(emulated: str) -> None:
    start = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    for i in range(120):
        identity = {"type": "IAMUser", "userName": "bob", "arn": "arn:aws:iam::123456789012:user/bob"}
        event = TrailEvent(
            "UpdateService", "ecs.amazonaws.com", "bob", identity, event_time=start + timedelta(seconds=i)
        )
        record_event("123456789012", emulated, event)
    cloudtrail = boto3.client("cloudtrail")
    pages = list(
        cloudtrail.get_paginator("lookup_events").paginate(
            StartTime=start,
            EndTime=start + timedelta(seconds=99),
            LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "bob"}],
        )
    )
    assert [len(page["Events"]) for page in pages] == [50, 50]
    with pytest.raises(ClientError, match="only one attribute"):
        cloudtrail.lookup_events(
            LookupAttributes=[
                {"AttributeKey": "Username", "AttributeValue": "bob"},
                {"AttributeKey": "ReadOnly", "AttributeValue": "false"},
            ]
        )


def test_running_emulator_serves_the_extensions_on_loopback() -> None:
    with running_emulator() as endpoint_url:
        assert endpoint_url.startswith("http://127.0.0.1:")
        cloudwatch = boto3.client(
            "cloudwatch",
            endpoint_url=endpoint_url,
            region_name="eu-north-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        assert cloudwatch.describe_alarm_history()["AlarmHistoryItems"] == []


def test_the_tags_of_a_deleted_alarm_are_resource_not_found_as_in_aws(emulated: str) -> None:
    cloudwatch = boto3.client("cloudwatch")
    arn = f"arn:aws:cloudwatch:{emulated}:123456789012:alarm:Gone"
    put_alarm(cloudwatch, "Gone")
    cloudwatch.tag_resource(ResourceARN=arn, Tags=[{"Key": "k", "Value": "v"}])
    assert cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "k", "Value": "v"}]
    cloudwatch.delete_alarms(AlarmNames=["Gone"])
    with pytest.raises(ClientError) as raised:
        cloudwatch.list_tags_for_resource(ResourceARN=arn)
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
