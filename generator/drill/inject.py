"""Inject a scenario's failure into the emulator: a deployment with a commit id, error logs, failing traces,
a metric crossing its alarm (tagged with the incident) and the operators' console actions (CloudTrail).

This is the production form of the seeding the evidence tests use (tests/runbooks/scripts/evidence/seed.py),
shaped by a scenario instead of by volumes. The alarm's state change is returned, not delivered: the
drill hands it to the timeline handler as EventBridge would.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.timeline import INCIDENT_TAG
from generator.drill.scenario import Scenario
from generator.emulator import TrailEvent, record_event
from generator.simulator import ClientFactory
from generator.simulator.clients import EMULATOR_ACCOUNT_ID

# The window's end reaches past 'now' so the collectors see what the operators do during the response.
WINDOW_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class Injected:
    incident_id: str
    started: datetime
    window_start: datetime
    window_end: datetime
    alarm_arn: str
    alarm_reason: str
    alarm_at: datetime
    deployment_id: str
    deployment_group: str
    log_group: str


def inject(scenario: Scenario, incident_id: str, clients: ClientFactory, now: datetime | None = None) -> Injected:
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    failure = scenario.failure
    started = now - timedelta(minutes=failure.started_minutes_ago)
    deployment_id = _deployment(scenario, clients.client("codedeploy"))
    _logs(scenario, incident_id, clients.client("logs"), started, now)
    _traces(scenario, clients.client("xray"), started, now)
    arn, reason = _metric_and_alarm(scenario, incident_id, clients.client("cloudwatch"), started, now)
    _console_actions(scenario, clients.region, started)
    return Injected(
        incident_id=incident_id,
        started=started,
        window_start=started - timedelta(minutes=15),
        window_end=now + WINDOW_AFTER,
        alarm_arn=arn,
        alarm_reason=reason,
        alarm_at=started + timedelta(minutes=failure.detected_after_minutes),
        deployment_id=deployment_id,
        deployment_group=f"{failure.deployment.application}/{failure.deployment.group}",
        log_group=failure.logs.group,
    )


def _deployment(scenario: Scenario, codedeploy: Any) -> str:
    deployment = scenario.failure.deployment
    if deployment.application not in codedeploy.list_applications().get("applications", []):
        codedeploy.create_application(applicationName=deployment.application, computePlatform="Server")
    groups = codedeploy.list_deployment_groups(applicationName=deployment.application).get("deploymentGroups", [])
    if deployment.group not in groups:
        codedeploy.create_deployment_group(
            applicationName=deployment.application,
            deploymentGroupName=deployment.group,
            serviceRoleArn=f"arn:aws:iam::{EMULATOR_ACCOUNT_ID}:role/codedeploy",
        )
    location = {"repository": deployment.repository, "commitId": deployment.commit}
    answer = codedeploy.create_deployment(
        applicationName=deployment.application,
        deploymentGroupName=deployment.group,
        revision={"revisionType": "GitHub", "gitHubLocation": location},
        description=f"{scenario.service} release {deployment.commit[:7]}",
    )
    return str(answer["deploymentId"])


def _logs(scenario: Scenario, incident_id: str, logs: Any, started: datetime, now: datetime) -> None:
    spec = scenario.failure.logs
    if not logs.describe_log_groups(logGroupNamePrefix=spec.group).get("logGroups"):
        logs.create_log_group(logGroupName=spec.group)
    logs.create_log_stream(logGroupName=spec.group, logStreamName=incident_id)
    first, step = _millis(started), max(1, (_millis(now) - _millis(started)) // spec.lines)
    events = [
        {
            "timestamp": first + step * i,
            "message": spec.error if i % spec.error_every == 0 else f"INFO {scenario.service} request {i} served",
        }
        for i in range(spec.lines)
    ]
    logs.put_log_events(logGroupName=spec.group, logStreamName=incident_id, logEvents=events)


def _traces(scenario: Scenario, xray: Any, started: datetime, now: datetime) -> None:
    spec = scenario.failure.traces
    span = (now - started).total_seconds()
    segments = []
    for i in range(spec.count):
        start = started.timestamp() + span * i / spec.count
        faulty = i < spec.faulty
        segment = {
            "name": spec.service,
            "id": uuid.uuid4().hex[:16],
            "trace_id": f"1-{int(start):08x}-{uuid.uuid4().hex[:24]}",
            "start_time": start,
            "end_time": start + (2.5 if faulty else 0.08),
            "fault": faulty,
        }
        segments.append(json.dumps(segment))
    xray.put_trace_segments(TraceSegmentDocuments=segments)


def _metric_and_alarm(
    scenario: Scenario, incident_id: str, cloudwatch: Any, started: datetime, now: datetime
) -> tuple[str, str]:
    metric, name = scenario.failure.metric, scenario.failure.alarm
    points = []
    moment = started - timedelta(minutes=10)
    while moment <= now:
        value = metric.peak if moment >= started else metric.baseline
        points.append({"MetricName": metric.name, "Timestamp": moment, "Value": value, "Unit": metric.unit})
        moment += timedelta(minutes=1)
    for start in range(0, len(points), 500):  # PutMetricData takes up to 1000 values per call
        cloudwatch.put_metric_data(Namespace=metric.namespace, MetricData=points[start : start + 500])
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        AlarmDescription=f"{metric.name} of {scenario.service} above {metric.threshold:g}",
        Namespace=metric.namespace,
        MetricName=metric.name,
        Statistic="Average",
        Period=60,
        EvaluationPeriods=1,
        Threshold=metric.threshold,
        ComparisonOperator="GreaterThanThreshold",
        Tags=[{"Key": INCIDENT_TAG, "Value": incident_id}],
    )
    reason = (
        f"Threshold Crossed: 1 out of the last 1 datapoints [{metric.peak:g}] was greater than the threshold "
        f"({metric.threshold:g})."
    )
    cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason=reason)
    arn = cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]["AlarmArn"]
    return str(arn), reason


def _console_actions(scenario: Scenario, region: str, started: datetime) -> None:
    for action in scenario.failure.console_actions:
        arn = f"arn:aws:iam::{EMULATOR_ACCOUNT_ID}:user/{action.user}"
        identity = {"type": "IAMUser", "userName": action.user, "arn": arn}
        at = started + timedelta(minutes=action.minutes_after_start)
        record_event(
            EMULATOR_ACCOUNT_ID, region, TrailEvent(action.event, action.source, action.user, identity, event_time=at)
        )


def _millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)
