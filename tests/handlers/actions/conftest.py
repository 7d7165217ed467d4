"""Fixtures for the push tests: a seeded local Jira per flavour, stopped after each test; the Lambda's table."""

import json
import uuid
from collections.abc import Iterator

import boto3
import pytest

from handlers.actions import app
from tests.domain.closeloop_table import create_table
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, World, world


@pytest.fixture(params=[True, False], ids=["cloud", "datacenter"])
def jira_world(request: pytest.FixtureRequest) -> Iterator[World]:
    made = world(cloud=request.param)
    yield made
    made.jira.stop()


@pytest.fixture
def cloud_world() -> Iterator[World]:
    made = world(cloud=True)
    yield made
    made.jira.stop()


@pytest.fixture
def lambda_env(aws_env: str, cloud_world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh table and the stack's secret (pointing at the local Jira), named in the function's environment."""
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    secret = {"base_url": cloud_world.jira.url, "email": PEOPLE[0][1], "api_token": TOKEN}
    arn = boto3.client("secretsmanager").create_secret(Name=f"{name}-jira", SecretString=json.dumps(secret))["ARN"]
    monkeypatch.setenv(app.TABLE_ENV, name)
    monkeypatch.setenv(app.SECRET_ENV, arn)
    monkeypatch.setenv("CLOSELOOP_JIRA_PROJECT", "OPS")
    monkeypatch.setenv("CLOSELOOP_INCIDENT_URL", "https://closeloop.example.com/incidents/{incident_id}")
    app.configured.cache_clear()
    yield name
    app.configured.cache_clear()
