"""Webhook secrets rotate: the previous one verifies during its grace period, and a warm container re-reads."""

import json
from datetime import UTC, datetime, timedelta

import aws_lambda_powertools.utilities.parameters.base as base
import boto3
import pytest

from handlers.webhook import app
from handlers.webhook.secrets import SECRET_TTL, secret_reader, valid_secrets
from handlers.webhook.signature import sign
from tests.handlers.webhook.conftest import SECRET, Hooks

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_the_previous_secret_verifies_only_until_its_grace_period_ends() -> None:
    content = {"webhook_secret": "new", "webhook_secret_previous": "old",
               "webhook_secret_previous_until": "2026-12-04T12:00:00Z"}  # fmt: skip
    assert valid_secrets(content, NOW, "s") == [b"new", b"old"]
    assert valid_secrets(content, NOW + timedelta(days=2), "s") == [b"new"]
    assert valid_secrets(content | {"webhook_secret_previous_until": "soon"}, NOW, "s") == [b"new"]
    with pytest.raises(RuntimeError, match="no webhook_secret"):
        valid_secrets({"webhook_secret_previous": "old"}, NOW, "s")


def test_a_warm_container_reads_the_secret_again_after_its_ttl(aws_env: str) -> None:
    client = boto3.client("secretsmanager")
    arn = client.create_secret(Name="ttl-test", SecretString=json.dumps({"webhook_secret": "one"}))["ARN"]
    clock = [NOW]
    read = secret_reader(client, arn, lambda: clock[0])
    assert read() == [b"one"]
    client.put_secret_value(SecretId=arn, SecretString=json.dumps({"webhook_secret": "two"}))
    assert read() == [b"one"]  # cached: no Secrets Manager call per request
    expired = datetime.now() + timedelta(seconds=SECRET_TTL + 1)  # powertools' cache keeps naive local times
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(base, "datetime", _FrozenDatetime(expired))
        assert read() == [b"two"]


class _FrozenDatetime:
    """`datetime` as powertools' cache sees it: `now()` is a moment past the TTL."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self, tz: object = None) -> datetime:
        return self.moment

    def __getattr__(self, name: str) -> object:
        return getattr(datetime, name)


def test_during_a_rotation_deliveries_signed_with_either_secret_are_accepted(hooks: Hooks) -> None:
    secret_arn = boto3.client("secretsmanager").list_secrets()["SecretList"][-1]["ARN"]
    content = json.loads(boto3.client("secretsmanager").get_secret_value(SecretId=secret_arn)["SecretString"])
    until = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    rotated = content | {"webhook_secret": "rotated-secret", "webhook_secret_previous": SECRET.decode(),
                         "webhook_secret_previous_until": until}  # fmt: skip
    boto3.client("secretsmanager").put_secret_value(SecretId=secret_arn, SecretString=json.dumps(rotated))
    app.configured.cache_clear()
    for secret in (SECRET, b"rotated-secret"):
        body = json.dumps(hooks.payload("duedate_cleared.json")).encode()
        headers = {"x-hub-signature": sign(secret, body), "x-atlassian-webhook-identifier": secret.decode()}
        assert hooks.call(body, headers)["statusCode"] == 200
    body = json.dumps(hooks.payload("duedate_cleared.json")).encode()
    forged = {"x-hub-signature": sign(b"neither", body), "x-atlassian-webhook-identifier": "x"}
    assert hooks.call(body, forged)["statusCode"] == 403
