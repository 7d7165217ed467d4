"""The closeloop table on the emulator, a Lambda context, and the timeline handler wired to both."""

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from handlers.timeline import app
from tests.conftest import FIXTURES
from tests.domain.closeloop_table import create_table

EVENTS = FIXTURES / "events"


@dataclass
class FakeLambdaContext:
    """The attributes powertools reads from Lambda's context object."""

    function_name: str = "closeloop-timeline"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:closeloop-timeline"
    aws_request_id: str = "52fdfc07-2182-154f-163f-5f0f9a621d72"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def event_fixture(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / name).read_text())
    return loaded


@pytest.fixture
def table_name(aws_env: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh table named in TABLE_NAME, and the handler's cached clients forgotten around the test."""
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    monkeypatch.setenv(app.TABLE_ENV, name)
    app.configured.cache_clear()
    yield name
    # A test may have put its own wiring in place of `configured` (undone after this teardown).
    getattr(app.configured, "cache_clear", lambda: None)()


@pytest.fixture
def context() -> FakeLambdaContext:
    return FakeLambdaContext()


def items(table: str, incident_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = boto3.client("dynamodb").query(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"INCIDENT#{incident_id}"}},
    )["Items"]
    return found


@pytest.fixture
def ssm() -> Iterator[tuple[Any, Stubber]]:
    """An SSM client whose every request and answer botocore's Stubber checks against SSM's service model."""
    client = boto3.client("ssm", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()
