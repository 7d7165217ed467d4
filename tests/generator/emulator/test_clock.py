"""The emulator stamps with the clock of the run it follows: CodeDeploy create times, alarm state changes and
CloudTrail events carry the run's time, and the real clock comes back when the run ends."""

from datetime import UTC, datetime, timedelta

import boto3

from generator.emulator.clock import following, now

AT = datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)


def test_moto_and_the_extensions_stamp_with_the_followed_clock(emulated: str) -> None:
    codedeploy, cloudwatch, cloudtrail = (boto3.client(name) for name in ("codedeploy", "cloudwatch", "cloudtrail"))
    with following(lambda: AT):
        codedeploy.create_application(applicationName="clocked", computePlatform="Server")
        group = {"applicationName": "clocked", "deploymentGroupName": "prod"}
        codedeploy.create_deployment_group(**group, serviceRoleArn="arn:aws:iam::123456789012:role/codedeploy")
        deployment = codedeploy.create_deployment(**group)["deploymentId"]
        cloudwatch.put_metric_alarm(
            AlarmName="clocked-alarm", MetricName="Errors", Namespace="Clock", Statistic="Sum", Period=60,
            EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold",
        )  # fmt: skip
    with following(lambda: AT + timedelta(minutes=7)):
        cloudwatch.set_alarm_state(AlarmName="clocked-alarm", StateValue="ALARM", StateReason="test")

    created = codedeploy.get_deployment(deploymentId=deployment)["deploymentInfo"]["createTime"]
    assert created == AT
    [change] = cloudwatch.describe_alarm_history(AlarmName="clocked-alarm", HistoryItemType="StateUpdate")[
        "AlarmHistoryItems"
    ]
    assert change["Timestamp"] == AT + timedelta(minutes=7)
    trail = cloudtrail.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateDeployment"}],
        StartTime=AT - timedelta(minutes=1),
        EndTime=AT + timedelta(minutes=1),
    )["Events"]
    assert [event["EventTime"] for event in trail] == [AT]


def test_without_a_run_the_emulator_reads_the_real_clock() -> None:
    with following(lambda: AT):
        assert now() == AT
    assert abs(now() - datetime.now(UTC)) < timedelta(seconds=5)
