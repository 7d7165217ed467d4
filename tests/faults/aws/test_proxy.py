"""The proxy's answers are each service's own error shapes: botocore reads back the code and status injected."""

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.faults.aws.proxy import Fault, FaultProxy

NO_RETRY = Config(retries={"total_max_attempts": 1})
CALLS: dict[str, tuple[str, str, Callable[[Any], Any]]] = {
    "dynamodb": ("dynamodb", "ListTables", lambda c: c.list_tables()),
    "cloudwatch": ("monitoring", "DescribeAlarms", lambda c: c.describe_alarms()),
    "s3": ("s3", "ListObjectsV2", lambda c: c.list_objects_v2(Bucket="no-such-bucket-x")),
    "sns": ("sns", "ListTopics", lambda c: c.list_topics()),
    "lambda": ("lambda", "ListVersionsByFunction", lambda c: c.list_versions_by_function(FunctionName="f")),
    "xray": ("xray", "BatchGetTraces", lambda c: c.batch_get_traces(TraceIds=["1-2-3"])),
    "logs": ("logs", "DescribeLogGroups", lambda c: c.describe_log_groups()),
    "secretsmanager": ("secretsmanager", "ListSecrets", lambda c: c.list_secrets()),
    "codedeploy": ("codedeploy", "ListApplications", lambda c: c.list_applications()),
    "cloudformation": ("cloudformation", "ListStacks", lambda c: c.list_stacks()),
}
EXPECTED = {
    "dynamodb": ("ThrottlingException", 400),
    "cloudwatch": ("Throttling", 400),
    "s3": ("SlowDown", 503),
    "sns": ("Throttled", 429),
    "lambda": ("TooManyRequestsException", 429),
    "xray": ("ThrottledException", 429),
    "logs": ("ThrottlingException", 400),
    "secretsmanager": ("ThrottlingException", 400),
    "codedeploy": ("ThrottlingException", 400),
    "cloudformation": ("Throttling", 400),
}


@pytest.mark.parametrize("service", sorted(CALLS))
@pytest.mark.parametrize("status", [0, 503])
def test_each_protocols_error_shape_reads_back_as_injected(faulty: FaultProxy, service: str, status: int) -> None:
    signing, operation, call = CALLS[service]
    faulty.add(Fault(signing, operation, status=status))
    with pytest.raises(ClientError) as raised:
        call(boto3.client(service, config=NO_RETRY))  # type: ignore[call-overload]
    code, http = EXPECTED[service] if status == 0 else ("ServiceUnavailable", 503)
    assert raised.value.response["Error"]["Code"] == code
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == http
    assert faulty.calls(signing, operation) == 1
