"""The enforcement Lambda: the schedule event fixture through the real handler, wired from its environment."""

import json
from datetime import timedelta
from typing import Any

import boto3
import pytest

from domain.ownership import ConfigError
from generator.cli.actions import incident_context
from generator.postmortem.loader import read_file
from handlers.actions.outbox import DynamoOutbox, OutboxEntry
from handlers.enforcement import app
from handlers.enforcement.config import ownership_from_env, policy_from_env
from tests.conftest import FIXTURES
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, postmortem_file
from tests.handlers.enforcement.enforcement_world import TODAY, EnforcementWorld
from tests.handlers.timeline.conftest import FakeLambdaContext

EVENT = FIXTURES / "enforcement" / "scheduled_event.json"


def environment(world: EnforcementWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = boto3.client("secretsmanager").create_secret(
        Name=f"jira-{world.table}",
        SecretString=json.dumps({"base_url": world.jira.url, "email": PEOPLE[0][1], "api_token": TOKEN}),
    )["ARN"]
    values = {
        "TABLE_NAME": world.table,
        "JIRA_SECRET_ARN": secret,
        "CLOSELOOP_JIRA_PROJECT": "OPS",
        "CLOSELOOP_OWNERSHIP": world.ownership.model_dump_json(),
        "CLOSELOOP_POLICY": "",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    app.configured.cache_clear()


def queue_actions(world: EnforcementWorld) -> None:
    """The push's outbox items: they say which service each incident (and so each action) belongs to."""
    postmortem = read_file(postmortem_file(cloud=True)).postmortem
    outbox = DynamoOutbox(boto3.client("dynamodb"), world.table)
    for action in postmortem.actions:
        outbox.save(OutboxEntry(incident=incident_context(postmortem), action=action))


def test_the_scheduled_event_enforces_with_the_event_day(
    cloud_world: EnforcementWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment(cloud_world, monkeypatch)
    queue_actions(cloud_world)
    unowned = cloud_world.add_action("A1", assignee=None, due=TODAY + timedelta(days=1))
    event: dict[str, Any] = json.loads(EVENT.read_text())
    first = app.handler(event, FakeLambdaContext(function_name="closeloop-enforcement"))
    again = app.handler(event, FakeLambdaContext(function_name="closeloop-enforcement"))
    app.configured.cache_clear()
    assert first["today"] == "2026-11-29" and first["counts"] == {"assign:done": 1, "remind:done": 1}
    assert again["counts"] == {"remind:sent before": 1}  # the redelivered event sends nothing twice
    assert cloud_world.jira.issue_fields(unowned)["assignee"] == PEOPLE[1][2]
    assert len(cloud_world.messages()) == 1


def test_anything_but_a_schedule_event_is_refused(
    cloud_world: EnforcementWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment(cloud_world, monkeypatch)
    with pytest.raises(Exception, match="validation error"):
        app.handler({"incident_id": "INC-42"}, FakeLambdaContext())
    app.configured.cache_clear()
    assert cloud_world.jira.requests == []


def test_a_bad_ownership_value_names_the_variable_and_field() -> None:
    with pytest.raises(ConfigError, match=r"CLOSELOOP_OWNERSHIP: services.checkout.escalation: Field required"):
        ownership_from_env({"CLOSELOOP_OWNERSHIP": json.dumps({"services": {"checkout": {"owner": "x"}}})})
    with pytest.raises(ConfigError, match="CLOSELOOP_OWNERSHIP: missing"):
        ownership_from_env({})
    with pytest.raises(ConfigError, match="CLOSELOOP_POLICY: not JSON"):
        policy_from_env({"CLOSELOOP_POLICY": "{rules"})
