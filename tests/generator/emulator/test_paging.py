"""AWS's page sizes on the emulator (generator/emulator/paging.py): moto answers these lists in one page."""

import io
import zipfile

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.emulator.paging import PAGE_SIZES, paginator
from tests.runbooks.scripts.evidence.seed import LAMBDA_TRUST


def code() -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    return packed.getvalue()


def test_every_paged_api_has_its_tokens_in_botocores_paginator_model() -> None:
    for page_size in PAGE_SIZES:
        keys = paginator(page_size.service, page_size.operation)
        assert keys.input_token and keys.output_token and keys.result_keys, page_size


def test_describe_alarms_answers_at_most_100_alarms_a_page_and_the_rest_by_token(emulated: str) -> None:
    cloudwatch = boto3.client("cloudwatch")
    for i in range(130):
        cloudwatch.put_metric_alarm(
            AlarmName=f"paged-{i:03}", Namespace="App", MetricName="Errors", Statistic="Sum", Period=60,
            EvaluationPeriods=1, Threshold=5, ComparisonOperator="GreaterThanThreshold",
        )  # fmt: skip
    first = cloudwatch.describe_alarms(AlarmNamePrefix="paged-")
    assert len(first["MetricAlarms"]) == 100 and first["NextToken"]
    rest = cloudwatch.describe_alarms(AlarmNamePrefix="paged-", NextToken=first["NextToken"])
    assert len(rest["MetricAlarms"]) == 30 and "NextToken" not in rest
    names = [a["AlarmName"] for a in first["MetricAlarms"] + rest["MetricAlarms"]]
    assert sorted(names) == [f"paged-{i:03}" for i in range(130)]
    smaller = cloudwatch.describe_alarms(AlarmNamePrefix="paged-", MaxRecords=7)  # the caller's smaller limit
    assert len(smaller["MetricAlarms"]) == 7
    with pytest.raises(ClientError, match="InvalidNextToken"):
        cloudwatch.describe_alarms(NextToken="not-a-token")


def test_lambda_lists_at_most_50_versions_a_response_even_when_asked_for_more(emulated: str) -> None:
    lambda_ = boto3.client("lambda")
    role = boto3.client("iam").create_role(RoleName=f"paged-{emulated}", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"][
        "Arn"
    ]
    lambda_.create_function(
        FunctionName="paged", Runtime="python3.12", Role=role, Handler="app.handler", Code={"ZipFile": code()}
    )
    for i in range(55):
        lambda_.update_function_configuration(FunctionName="paged", Description=f"v{i}")
        lambda_.publish_version(FunctionName="paged")
    first = lambda_.list_versions_by_function(FunctionName="paged", MaxItems=1000)
    assert len(first["Versions"]) == 50 and first["NextMarker"]
    rest = lambda_.list_versions_by_function(FunctionName="paged", Marker=first["NextMarker"])
    assert len(first["Versions"]) + len(rest["Versions"]) == 56 and "NextMarker" not in rest  # $LATEST and 55
