"""The webhook Lambda wired to the emulator (table, secret) and a local Jira, as a function URL calls it."""

import base64
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from generator.cli.actions import incident_context
from generator.postmortem.loader import read_file
from handlers.actions.outbox import DynamoOutbox, OutboxEntry, OutboxState
from handlers.webhook import app
from handlers.webhook.signature import sign
from tests.conftest import FIXTURES
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, postmortem_file
from tests.handlers.enforcement.enforcement_world import EnforcementWorld, make_world
from tests.handlers.timeline.conftest import FakeLambdaContext

WEBHOOKS = FIXTURES / "webhooks"
SECRET = b"webhook-secret-for-tests"


@dataclass
class Hooks:
    world: EnforcementWorld
    issue_key: str

    def payload(self, name: str) -> dict[str, Any]:
        """A fixture webhook about this world's issue, sent now."""
        data: dict[str, Any] = json.loads((WEBHOOKS / name).read_text())
        data["issue"]["key"] = self.issue_key
        data["timestamp"] = int(time.time() * 1000)
        return data

    def call(self, body: bytes, headers: dict[str, str], base64_body: bool = False) -> dict[str, Any]:
        event = {
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": "/",
            "rawQueryString": "",
            "headers": {"content-type": "application/json", "user-agent": "Atlassian Webhook HTTP Client", **headers},
            "requestContext": {
                "accountId": "anonymous",
                "apiId": "abcdefghij",
                "domainName": "abcdefghij.lambda-url.us-east-1.on.aws",
                "domainPrefix": "abcdefghij",
                "http": {"method": "POST", "path": "/", "protocol": "HTTP/1.1", "sourceIp": "13.52.5.96",
                         "userAgent": "Atlassian Webhook HTTP Client"},
                "requestId": str(uuid.uuid4()),
                "routeKey": "$default",
                "stage": "$default",
                "time": "29/Nov/2026:19:00:00 +0000",
                "timeEpoch": int(time.time() * 1000),
            },
            "body": base64.b64encode(body).decode() if base64_body else body.decode(),
            "isBase64Encoded": base64_body,
        }  # fmt: skip
        answer: dict[str, Any] = app.handler(event, FakeLambdaContext(function_name="closeloop-webhook"))
        return answer

    def send(self, data: dict[str, Any], delivery: str | None = None, secret: bytes = SECRET) -> dict[str, Any]:
        body = json.dumps(data).encode()
        headers = {
            "x-hub-signature": sign(secret, body),
            "x-atlassian-webhook-identifier": delivery or str(uuid.uuid4()),
        }
        return self.call(body, headers)


@pytest.fixture
def hooks(aws_env: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hooks]:
    world = make_world(cloud=True)
    secret = boto3.client("secretsmanager").create_secret(
        Name=f"jira-{world.table}",
        SecretString=json.dumps(
            {"base_url": world.jira.url, "email": PEOPLE[0][1], "api_token": TOKEN, "webhook_secret": SECRET.decode()}
        ),
    )["ARN"]
    environment = {
        "TABLE_NAME": world.table,
        "JIRA_SECRET_ARN": secret,
        "CLOSELOOP_JIRA_PROJECT": "OPS",
        "CLOSELOOP_OWNERSHIP": world.ownership.model_dump_json(),
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    postmortem = read_file(postmortem_file(cloud=True)).postmortem
    outbox = DynamoOutbox(boto3.client("dynamodb"), world.table)
    key = world.add_action("A1", assignee=1, due=None)
    for action in postmortem.actions:
        outbox.save(OutboxEntry(incident=incident_context(postmortem), action=action, state=OutboxState.PUSHED,
                                issue_key=key if action.id == "A1" else None))  # fmt: skip
    app.configured.cache_clear()
    yield Hooks(world, key)
    app.configured.cache_clear()
    world.jira.stop()
