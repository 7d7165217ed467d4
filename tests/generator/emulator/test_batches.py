"""AWS's per-call caps on batch APIs (generator/emulator/batches.py): moto lets any number through."""

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.emulator.batches import CAPS


def over_cap(service: str, call: str, **params: Any) -> str:
    with pytest.raises(ClientError) as refused:
        getattr(boto3.client(service), call)(**params)  # type: ignore[call-overload]
    return str(refused.value.response["Error"]["Code"])


def query(i: int) -> dict[str, Any]:
    metric = {"Namespace": "App", "MetricName": "Errors"}
    return {"Id": f"q{i}", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"}}


def test_each_cap_names_its_source() -> None:
    assert all(cap.cap > 0 and str(cap.cap) in cap.source for cap in CAPS)


def test_a_batch_over_awss_cap_is_refused_with_awss_error(emulated: str) -> None:
    ids = [f"d-{i:09}" for i in range(26)]
    assert over_cap("codedeploy", "batch_get_deployments", deploymentIds=ids) == "BatchLimitExceededException"
    services = [f"s{i}" for i in range(11)]
    assert over_cap("ecs", "describe_services", cluster="c", services=services) == "InvalidParameterException"
    window = {"StartTime": 1_795_000_000, "EndTime": 1_795_003_600}
    queries = [query(i) for i in range(501)]
    assert over_cap("cloudwatch", "get_metric_data", MetricDataQueries=queries, **window) == "InvalidParameterValue"
    groups = [f"/g{i}" for i in range(51)]
    code = over_cap("logs", "start_query", logGroupNames=groups, queryString="fields @message", startTime=1, endTime=2)
    assert code == "InvalidParameterException"


def test_a_batch_at_the_cap_is_answered(emulated: str) -> None:
    window = {"StartTime": 1_795_000_000, "EndTime": 1_795_003_600}
    answer = boto3.client("cloudwatch").get_metric_data(MetricDataQueries=[query(i) for i in range(500)], **window)
    assert len(answer["MetricDataResults"]) == 500
