"""Evidence collectors against the extended emulator: a region, bucket and table of the test's own."""

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.config import Config

from generator.emulator.extensions import install
from tests.generator.emulator.isolation import next_region


@dataclass
class EvidenceEnv:
    endpoint_url: str
    region: str
    bucket: str
    table: str


class CountingClients:
    """A client maker for `run_source` that counts every HTTP request sent, per service and operation."""

    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str]] = Counter()

    def __call__(self, service: str) -> Any:
        client = boto3.client(service, config=Config(retries={"total_max_attempts": 1}))  # type: ignore[call-overload]
        client.meta.events.register("before-send", self._count)
        return client

    def _count(self, event_name: str, **kwargs: Any) -> None:
        service_name, operation = event_name.split(".", 2)[1:]
        self.requests[(service_name, operation)] += 1

    def evidence_calls(self) -> Counter[str]:
        """Requests to the evidence APIs (S3 writes of the artefacts are the output, not the collection)."""
        return Counter({op: n for (service, op), n in self.requests.items() if service != "s3"})


@pytest.fixture
def evidence_env(aws_env: str, monkeypatch: pytest.MonkeyPatch) -> EvidenceEnv:
    install()
    region = next_region()
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    monkeypatch.setenv("AWS_REGION", region)
    bucket = f"evidence-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})  # type: ignore[typeddict-item]
    table = f"closeloop-{uuid.uuid4().hex[:8]}"
    boto3.client("dynamodb").create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return EvidenceEnv(aws_env, region, bucket, table)


@pytest.fixture
def counting() -> CountingClients:
    return CountingClients()
