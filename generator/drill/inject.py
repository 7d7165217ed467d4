"""Inject a scenario's failure into the emulator: a deployment with a commit id, error logs, failing traces,
a metric crossing its alarm (tagged with the incident) and the operators' console actions (CloudTrail).

This is the production form of the seeding the evidence tests use (tests/runbooks/scripts/evidence/seed.py),
shaped by a scenario instead of by volumes. The alarm's state change is returned, not delivered: the
drill hands it to the timeline handler as EventBridge would.

With a member account (`member:` in the scenario) the workload is there: its release, logs, traces, regional
alarm and console actions go to each of the member's regions, acting in that account, and the member stack
is deployed there (its reader roles trust `central`'s roles, the central stack's). The paging alarm
and its metric stay central, as a monitoring account's alarm on the workload's metric, tagged with the
incident.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from domain.timeline import INCIDENT_TAG
from generator.drill.member import CentralRoles, member_resources, workloads
from generator.drill.scenario import Scenario
from generator.emulator.cloudtrail import TrailEvent, record_event
from generator.simulator import ClientFactory
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.simulator.clock import VirtualClock

# The evidence window opens this long before the impact (or before the deployment, if that is earlier).
WINDOW_BEFORE = timedelta(minutes=15)


@dataclass(frozen=True)
class Injected:
    incident_id: str
    deployed: datetime
    started: datetime
    window_start: datetime
    alarm_arn: str
    alarm_reason: str
    alarm_at: datetime
    deployment_id: str
    deployment_group: str
    log_group: str
    # With a member account: its account/region targets, and its log groups and deployment groups by ARN.
    targets: list[str] = field(default_factory=list)
    member_resources: dict[str, list[str]] = field(default_factory=dict)
    # The member's regional alarms (tagged with the incident), whose state changes its member stack forwards.
    member_alarms: list[str] = field(default_factory=list)


def inject(
    scenario: Scenario, incident_id: str, clients: ClientFactory, clock: VirtualClock, central: CentralRoles
) -> Injected:
    """The failure, on the run's clock: the alarm defined and the release deployed (now), the impact starting
    the deployment's minutes later, the alarm firing at its minute; the clock is left at the alarm.

    Logs, traces, datapoints and console actions carry their own times across the impact (the scenario's
    `started_minutes_ago` of it, and the operators' minutes), written when the impact starts."""
    failure = scenario.failure
    deployed = clock.now
    started = deployed + timedelta(minutes=failure.deployment.minutes_before_start)
    until = started + timedelta(minutes=failure.started_minutes_ago)
    recovered = started + timedelta(minutes=scenario.response.approved_after_minutes["Recover"])
    cloudwatch = clients.client("cloudwatch")
    arn = _alarm(scenario, incident_id, cloudwatch)
    places = workloads(scenario, clients, central)
    deployment_ids = [_deployment(scenario, where.client("codedeploy"), account) for account, _, where in places]
    clock.sleep((started - clock.now).total_seconds())
    for _, _, where in places:
        _logs(scenario, incident_id, where.client("logs"), started, until)
        _traces(scenario, where.client("xray"), started, until)
    _metric(scenario, cloudwatch, started, recovered, max(until, recovered))
    member_alarms = []
    if scenario.member:
        for _, _, where in places:
            member_alarms.append(_alarm(scenario, incident_id, where.client("cloudwatch")))
            _metric(scenario, where.client("cloudwatch"), started, recovered, max(until, recovered))
    _console_actions(scenario, clients.region, started)
    alarm_at = started + timedelta(minutes=failure.detected_after_minutes)
    clock.sleep((alarm_at - clock.now).total_seconds())
    reason = _fire(scenario, cloudwatch)
    if scenario.member:  # the regional alarms go off with the paging one, at the same second
        for _, _, where in places:
            _fire(scenario, where.client("cloudwatch"))
    return Injected(
        incident_id=incident_id,
        deployed=deployed,
        started=started,
        window_start=min(started - WINDOW_BEFORE, deployed - timedelta(minutes=5)),
        alarm_arn=arn,
        alarm_reason=reason,
        alarm_at=alarm_at,
        deployment_id=deployment_ids[0],
        deployment_group=f"{failure.deployment.application}/{failure.deployment.group}",
        log_group=failure.logs.group,
        targets=[f"{account}/{region}" for account, region, _ in places] if scenario.member else [],
        member_resources=member_resources(scenario),
        member_alarms=member_alarms,
    )


def _deployment(scenario: Scenario, codedeploy: Any, account: str = EMULATOR_ACCOUNT_ID) -> str:
    deployment = scenario.failure.deployment
    if deployment.application not in codedeploy.list_applications().get("applications", []):
        codedeploy.create_application(applicationName=deployment.application, computePlatform="Server")
    groups = codedeploy.list_deployment_groups(applicationName=deployment.application).get("deploymentGroups", [])
    if deployment.group not in groups:
        codedeploy.create_deployment_group(
            applicationName=deployment.application,
            deploymentGroupName=deployment.group,
            serviceRoleArn=f"arn:aws:iam::{account}:role/codedeploy",
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


def _metric(scenario: Scenario, cloudwatch: Any, started: datetime, recovered: datetime, until: datetime) -> None:
    """A datapoint a minute: the baseline, the peak from the impact's start until recovery, the baseline again."""
    metric = scenario.failure.metric
    points = []
    moment = started - timedelta(minutes=10)
    while moment <= until:
        value = metric.peak if started <= moment < recovered else metric.baseline
        points.append({"MetricName": metric.name, "Timestamp": moment, "Value": value, "Unit": metric.unit})
        moment += timedelta(minutes=1)
    for start in range(0, len(points), 500):  # PutMetricData takes up to 1000 values per call
        cloudwatch.put_metric_data(Namespace=metric.namespace, MetricData=points[start : start + 500])


def _alarm(scenario: Scenario, incident_id: str, cloudwatch: Any) -> str:
    """The alarm on the metric, tagged with the incident; defined before the release goes out."""
    metric, name = scenario.failure.metric, scenario.failure.alarm
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
    return str(cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]["AlarmArn"])


def _fire(scenario: Scenario, cloudwatch: Any) -> str:
    """The alarm goes to ALARM now (the emulator stamps the change with the run's clock); its reason."""
    metric = scenario.failure.metric
    reason = (
        f"Threshold Crossed: 1 out of the last 1 datapoints [{metric.peak:g}] was greater than the threshold "
        f"({metric.threshold:g})."
    )
    cloudwatch.set_alarm_state(AlarmName=scenario.failure.alarm, StateValue="ALARM", StateReason=reason)
    return reason


def _console_actions(scenario: Scenario, region: str, started: datetime) -> None:
    """Each operator's call, in the account (and region) the workload runs in."""
    account = scenario.member.account if scenario.member else EMULATOR_ACCOUNT_ID
    for action in scenario.failure.console_actions:
        where = action.region or (scenario.member.regions[0] if scenario.member else region)
        arn = f"arn:aws:iam::{account}:user/{action.user}"
        identity = {"type": "IAMUser", "userName": action.user, "arn": arn}
        at = started + timedelta(minutes=action.minutes_after_start)
        record_event(account, where, TrailEvent(action.event, action.source, action.user, identity, event_time=at))


def _millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)
