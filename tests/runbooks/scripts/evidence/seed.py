"""A seeded incident with known volumes, so a test can say how many calls the page and batch limits allow."""

import io
import json
import math
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

from generator.emulator.cloudtrail import TrailEvent, record_event

ACCOUNT = "123456789012"
# An execution role's trust policy: Lambda refuses a function whose role it cannot assume.
LAMBDA_TRUST = json.dumps(
    {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
)


@dataclass
class Volumes:
    alarms: int = 105
    alarming: int = 105
    log_groups: dict[str, int] = field(default_factory=lambda: {"/inc/api": 12_000, "/inc/worker": 40})
    traces: int = 12
    human_events: int = 120
    deployments: int = 30
    services: int = 12
    lambda_versions: int = 3


@dataclass
class Incident:
    incident_id: str
    start: datetime
    end: datetime
    volumes: Volumes
    function: str = ""
    services: list[str] = field(default_factory=list)
    deployment_group: str = ""
    stack: str = ""

    def events(self, bucket: str, **extra: Any) -> dict[str, Any]:
        return {
            "IncidentId": self.incident_id,
            "WindowStart": self.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WindowEnd": self.end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "EvidenceBucket": bucket,
            "ExecutionId": "exec-1",
            "AlarmNamePrefix": "inc-",
            "LogGroups": list(self.volumes.log_groups),
            "LogSampleLimit": 30_000,
            "PollSeconds": 0.01,
            "SlowestTraces": 7,
            "MaxSnapshots": 10,
            "Functions": [self.function],
            "Services": self.services,
            "DeploymentGroups": [self.deployment_group],
            "Stacks": [self.stack],
        } | extra


def seed(region: str, volumes: Volumes | None = None, account: str = ACCOUNT) -> Incident:
    volumes = volumes or Volumes()
    now = datetime.now(UTC).replace(microsecond=0)
    incident = Incident(
        f"INC-{uuid.uuid4().hex[:6]}", now - timedelta(minutes=20), now + timedelta(minutes=20), volumes
    )
    _alarms(volumes, now)
    _logs(volumes, now)
    _traces(volumes, now)
    _human_actions(region, volumes, now, account)
    incident.deployment_group = _codedeploy(volumes)
    incident.services = _ecs(volumes)
    incident.function = _lambda(volumes)
    incident.stack = _stack()
    return incident


def put_alarm(cloudwatch: Any, name: str, **extra: Any) -> None:
    """An alarm on the application's error count: more than 5 in a minute."""
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        Namespace="App",
        MetricName="Errors",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=5,
        ComparisonOperator="GreaterThanThreshold",
        **extra,
    )


def _alarms(volumes: Volumes, now: datetime) -> None:
    cloudwatch = boto3.client("cloudwatch")
    for i in range(volumes.alarms):
        put_alarm(cloudwatch, f"inc-api-{i:03}", Dimensions=[{"Name": "Route", "Value": f"/r{i}"}])
    cloudwatch.put_metric_alarm(
        AlarmName="other-alarm",
        Namespace="App",
        MetricName="Latency",
        Statistic="Average",
        Period=60,
        EvaluationPeriods=1,
        Threshold=5,
        ComparisonOperator="GreaterThanThreshold",
    )
    cloudwatch.put_metric_data(
        Namespace="App",
        # Stamped by the seed's clock, a minute into the incident: what the emulator's clock says when the
        # request arrives is not this test's to rely on.
        MetricData=[
            {
                "MetricName": "Errors",
                "Value": 9.0,
                "Timestamp": now - timedelta(minutes=1),
                "Dimensions": [{"Name": "Route", "Value": "/r0"}],
            }
        ],
    )
    for i in range(volumes.alarming):
        cloudwatch.set_alarm_state(
            AlarmName=f"inc-api-{i:03}", StateValue="ALARM", StateReason=f"Errors above 5 on /r{i}"
        )
    cloudwatch.set_alarm_state(AlarmName="other-alarm", StateValue="ALARM", StateReason="not this incident")


def _logs(volumes: Volumes, now: datetime) -> None:
    logs = boto3.client("logs")
    base = int((now - timedelta(minutes=15)).timestamp() * 1000)
    for group, count in volumes.log_groups.items():
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName="s")
        for start in range(0, count, 10_000):
            batch = [
                {"timestamp": base + 50 * i, "message": f"{'ERROR' if i % 100 == 0 else 'INFO'} request {i}"}
                for i in range(start, min(count, start + 10_000))
            ]
            logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=batch)


def _traces(volumes: Volumes, now: datetime) -> None:
    xray = boto3.client("xray")
    segments = []
    for i in range(volumes.traces):
        start = (now - timedelta(minutes=5)).timestamp() + i
        trace_id = f"1-{int(start):08x}-{uuid.uuid4().hex[:24]}"
        segment = {
            "name": "api",
            "id": uuid.uuid4().hex[:16],
            "trace_id": trace_id,
            "start_time": start,
            "end_time": start + 0.1 * (i + 1),
            "fault": i % 4 == 0,
        }
        segments.append(json.dumps(segment))
    xray.put_trace_segments(TraceSegmentDocuments=segments)


def _human_actions(region: str, volumes: Volumes, now: datetime, account: str) -> None:
    identity = {"type": "IAMUser", "userName": "oncall-alice", "arn": f"arn:aws:iam::{account}:user/oncall-alice"}
    for i in range(volumes.human_events):
        at = now - timedelta(minutes=15) + timedelta(seconds=10 * i)
        record_event(
            account, region, TrailEvent("UpdateService", "ecs.amazonaws.com", "oncall-alice", identity, event_time=at)
        )


def _codedeploy(volumes: Volumes) -> str:
    codedeploy = boto3.client("codedeploy")
    codedeploy.create_application(applicationName="shop", computePlatform="Server")
    codedeploy.create_deployment_group(
        applicationName="shop", deploymentGroupName="prod", serviceRoleArn=f"arn:aws:iam::{ACCOUNT}:role/cd"
    )
    for i in range(volumes.deployments):
        commit = f"{i:040x}"
        codedeploy.create_deployment(
            applicationName="shop",
            deploymentGroupName="prod",
            revision={"revisionType": "GitHub", "gitHubLocation": {"repository": "acme/shop", "commitId": commit}},
        )
    return "shop/prod"


def _ecs(volumes: Volumes) -> list[str]:
    ecs = boto3.client("ecs")
    ecs.create_cluster(clusterName="prod")
    ecs.register_task_definition(family="web", containerDefinitions=[{"name": "web", "image": "web:1", "memory": 128}])
    for i in range(volumes.services):
        ecs.create_service(cluster="prod", serviceName=f"web-{i}", taskDefinition="web", desiredCount=1)
    return [f"prod/web-{i}" for i in range(volumes.services)]


def _lambda(volumes: Volumes) -> str:
    iam = boto3.client("iam")
    role = iam.create_role(RoleName=f"fn-{uuid.uuid4().hex[:6]}", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    awslambda = boto3.client("lambda")
    name = f"checkout-{uuid.uuid4().hex[:6]}"
    awslambda.create_function(
        FunctionName=name, Runtime="python3.11", Role=role, Handler="index.handler", Code={"ZipFile": buffer.getvalue()}
    )
    for i in range(volumes.lambda_versions):  # an unchanged function publishes no new version
        awslambda.update_function_configuration(FunctionName=name, Description=f"release {i}")
        awslambda.publish_version(FunctionName=name)
    awslambda.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    return name


def _stack() -> str:
    name = f"shop-{uuid.uuid4().hex[:6]}"
    template = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}
    boto3.client("cloudformation").create_stack(StackName=name, TemplateBody=json.dumps(template))
    return name


def write_events_in_window(region: str, incident: Incident) -> int:
    """Write (ReadOnly=false) CloudTrail events the emulator holds for the window: the listing's volume."""
    from generator.emulator.cloudtrail import recorded_events

    return sum(
        1
        for e in recorded_events(ACCOUNT, region)
        if not e.read_only and incident.start <= e.event_time <= incident.end
    )


def pages(items: int, per_page: int) -> int:
    return max(1, math.ceil(items / per_page))
