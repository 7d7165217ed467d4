"""Run `Closeloop-CollectEvidence` through the simulator against the extended emulator (`--local`)."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.exceptions import ClientError

from generator.emulator.server import running_emulator
from generator.simulator import ClientFactory, ExecutionRecord, RunOptions, simulate
from generator.simulator.clients import EMULATOR_REGION
from generator.simulator.clock import VirtualClock
from generator.simulator.execution import StepObserver
from runbooks import collect_evidence


@contextmanager
def local_endpoint(endpoint_url: str | None) -> Iterator[str]:
    """The given emulator endpoint, or an extended emulator started for the run."""
    if endpoint_url:
        yield endpoint_url
        return
    with running_emulator() as started:
        yield started


def exists(read: Callable[[], object]) -> bool:
    try:
        read()
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchBucket", "ResourceNotFoundException"):
            return False
        raise
    return True


def ensure_stores(factory: ClientFactory, bucket: str, table: str) -> None:
    """A fresh emulator has neither the evidence bucket nor the table the stack would have made."""
    s3, dynamodb = factory.client("s3"), factory.client("dynamodb")
    # Asked by name, not listed: ListTables answers 100 names a page, so a listing misses tables in a busy
    # account (or emulator) and the create then fails on a table that exists.
    if not exists(lambda: s3.head_bucket(Bucket=bucket)):
        # us-east-1 is the one region that takes no location constraint
        where = (
            {}
            if factory.region == "us-east-1"
            else {"CreateBucketConfiguration": {"LocationConstraint": factory.region}}
        )
        s3.create_bucket(Bucket=bucket, **where)
    if not exists(lambda: dynamodb.describe_table(TableName=table)):
        keys = [("pk", "HASH"), ("sk", "RANGE")]
        dynamodb.create_table(
            TableName=table,
            KeySchema=[{"AttributeName": name, "KeyType": kind} for name, kind in keys],
            AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name, _ in keys],
            BillingMode="PAY_PER_REQUEST",
        )


def run_locally(
    parameters: Mapping[str, Any],
    endpoint_url: str | None = None,
    on_step_end: StepObserver | None = None,
    region: str = EMULATOR_REGION,
    clock: VirtualClock | None = None,
) -> ExecutionRecord:
    with local_endpoint(endpoint_url) as endpoint:
        factory = ClientFactory(endpoint, region=region)
        ensure_stores(
            factory,
            str(parameters.get("EvidenceBucket", "closeloop-evidence")),
            str(parameters.get("TableName", "closeloop")),
        )
        return simulate(
            collect_evidence.build(),
            dict(parameters),
            name=collect_evidence.NAME,
            clients=factory,
            options=RunOptions(on_step_end=on_step_end),
            clock=clock,
        )


def session_client(service: str, endpoint_url: str | None) -> Any:
    return boto3.session.Session().client(service, endpoint_url=endpoint_url)  # type: ignore[call-overload]
