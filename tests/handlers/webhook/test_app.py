"""The webhook Lambda through its function URL event: fixture payloads, signed, against the local Jira."""

import dataclasses
import json
import time
from datetime import date
from typing import Any

import boto3
import pytest

from domain.action import ActionStatus
from domain.timeline_store import TimelineStore
from handlers.actions.issue_content import plain_text
from handlers.actions.outbox import DynamoOutbox
from handlers.enforcement import jira_writes
from handlers.webhook import app
from handlers.webhook.signature import sign
from tests.handlers.actions.jira_world import PEOPLE
from tests.handlers.webhook.conftest import SECRET, Hooks


def body_of(answer: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(answer["body"])
    return loaded


def table_items(hooks: Hooks) -> int:
    return int(boto3.client("dynamodb").scan(TableName=hooks.world.table, Select="COUNT")["Count"])


def test_a_removed_assignee_is_restored_from_the_ownership_map(hooks: Hooks) -> None:
    with hooks.world.jira.store.lock:
        hooks.world.jira.store.issues[hooks.issue_key].fields["assignee"] = None
    answer = hooks.send(hooks.payload("assignee_removed.json"))
    assert answer["statusCode"] == 200, answer
    assert hooks.world.jira.issue_fields(hooks.issue_key)["assignee"] == PEOPLE[1][2]
    assert "restored the owner" in plain_text(hooks.world.comments(hooks.issue_key)[-1])


def test_a_cleared_due_date_is_restored_to_the_committed_one(hooks: Hooks) -> None:
    answer = hooks.send(hooks.payload("duedate_cleared.json"))
    assert body_of(answer)["done"] == ["restored due date 2026-12-18"]
    assert hooks.world.jira.issue_fields(hooks.issue_key)["duedate"] == "2026-12-18"


def test_a_resolution_reaches_the_timeline_once_and_the_outbox(hooks: Hooks) -> None:
    payload = hooks.payload("resolved.json")
    first = body_of(hooks.send(payload))
    again = hooks.send(payload)  # the same signed body again under a new delivery id: a replay
    assert first["done"] == ["recorded done on the timeline of INC-42", "outbox status done"]
    assert again["statusCode"] == 409 and "replayed" in body_of(again)["message"]
    events = TimelineStore(boto3.client("dynamodb"), hooks.world.table).events("INC-42")
    assert [(e.actor, e.source) for e in events] == [(PEOPLE[1][2], f"jira:{hooks.issue_key}")]
    assert events[0].text.endswith(f"done in Jira ({hooks.issue_key}) by {PEOPLE[1][0]}")  # a name, not an id
    assert abs(events[0].occurred_at.timestamp() - payload["timestamp"] / 1000) < 1
    entry = next(
        e for e in DynamoOutbox(boto3.client("dynamodb"), hooks.world.table).entries("INC-42") if e.action.id == "A1"
    )
    assert entry.action.status is ActionStatus.DONE and entry.action.evidence


def test_closed_as_not_doing_counts_only_with_a_reason_and_an_approver(hooks: Hooks) -> None:
    outbox = DynamoOutbox(boto3.client("dynamodb"), hooks.world.table)

    def status() -> ActionStatus:
        return next(e for e in outbox.entries("INC-42") if e.action.id == "A1").action.status

    payload = hooks.payload("resolved.json")
    payload["issue"]["fields"]["labels"].append("closeloop-not-doing")
    assert body_of(hooks.send(payload))["done"] == [
        "recorded closed as not doing on the timeline of INC-42",
        "closed as not doing without a reason and an approver's approval: left to the daily pass",
    ]
    assert status() is ActionStatus.OPEN
    owner = hooks.world.api_as(1)  # the action's owner, approving their own "not doing" by typing a name
    jira_writes.comment(owner, hooks.issue_key, "Reason: the service is retired in January.\nApprover: lead-7")
    payload["timestamp"] += 1  # Jira's next delivery about the issue (a replay of the first would be refused)
    assert body_of(hooks.send(payload))["done"] == [  # anyone can type a name: only an approver's own comment counts
        "closed as not doing without a reason and an approver's approval: left to the daily pass"
    ]
    jira_writes.comment(hooks.world.api_as(2), hooks.issue_key, "Approver: Grace")  # the escalation contact
    payload["timestamp"] += 1
    assert body_of(hooks.send(payload))["done"] == ["outbox status not_doing"]  # the timeline has it already
    entry = next(e for e in outbox.entries("INC-42") if e.action.id == "A1")
    assert (entry.action.status, entry.action.reason, entry.action.approver) == (
        ActionStatus.NOT_DOING,
        "the service is retired in January.",
        PEOPLE[2][2],  # who approved: the comment's author, not the name typed
    )
    reopened = hooks.payload("resolved.json")  # the issue was reopened: out of the Done category again
    reopened["issue"]["fields"]["status"] = {"name": "To Do", "statusCategory": {"key": "new"}}
    reopened["timestamp"] = payload["timestamp"] + 1
    assert body_of(hooks.send(reopened))["done"] == ["outbox status open"]
    assert status() is ActionStatus.OPEN


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"x-hub-signature": "sha256=" + "0" * 64}, 403),
        ({"x-hub-signature": "sha1=abc"}, 403),
        ({"x-hub-signature": "wrong-secret"}, 403),
    ],
    ids=["unsigned", "forged", "malformed-signature", "other-secret"],
)
def test_unsigned_and_forged_webhooks_are_refused_without_effect(
    hooks: Hooks, headers: dict[str, str], status: int
) -> None:
    with hooks.world.jira.store.lock:
        hooks.world.jira.store.issues[hooks.issue_key].fields["assignee"] = None
    body = json.dumps(hooks.payload("assignee_removed.json")).encode()
    if headers.get("x-hub-signature") == "wrong-secret":
        headers = {"x-hub-signature": sign(b"not-the-secret", body)}
    before = table_items(hooks)
    answer = hooks.call(body, {**headers, "x-atlassian-webhook-identifier": "delivery-1"})
    assert answer["statusCode"] == status
    assert hooks.world.jira.requests == [] and table_items(hooks) == before


def test_a_replayed_delivery_is_refused_and_changes_nothing(hooks: Hooks) -> None:
    payload = hooks.payload("assignee_removed.json")
    with hooks.world.jira.store.lock:
        hooks.world.jira.store.issues[hooks.issue_key].fields["assignee"] = None
    assert hooks.send(payload, delivery="d-1")["statusCode"] == 200
    with hooks.world.jira.store.lock:
        hooks.world.jira.store.issues[hooks.issue_key].fields["assignee"] = None
    requests = len(hooks.world.jira.requests)
    assert hooks.send(payload, delivery="d-1")["statusCode"] == 409
    assert len(hooks.world.jira.requests) == requests
    assert hooks.world.jira.issue_fields(hooks.issue_key)["assignee"] is None


def test_malformed_and_stale_webhooks_are_refused(hooks: Hooks) -> None:
    before = table_items(hooks)
    not_json = b"{not json"
    assert (
        hooks.call(not_json, {"x-hub-signature": sign(SECRET, not_json), "x-atlassian-webhook-identifier": "x"})[
            "statusCode"
        ]
        == 400
    )
    no_delivery = json.dumps(hooks.payload("resolved.json")).encode()
    assert hooks.call(no_delivery, {"x-hub-signature": sign(SECRET, no_delivery)})["statusCode"] == 400
    stale = hooks.payload("resolved.json") | {"timestamp": int((time.time() - 2 * 86400) * 1000)}
    assert hooks.send(stale)["statusCode"] == 409
    assert hooks.world.jira.requests == [] and table_items(hooks) == before


def test_a_base64_body_is_verified_over_its_bytes(hooks: Hooks) -> None:
    body = json.dumps(hooks.payload("duedate_cleared.json"), ensure_ascii=False).encode()
    headers = {"x-hub-signature": sign(SECRET, body), "x-atlassian-webhook-identifier": "b64"}
    assert hooks.call(body, headers, base64_body=True)["statusCode"] == 200


def test_an_issue_that_is_not_an_action_is_left_alone(hooks: Hooks) -> None:
    payload = hooks.payload("resolved.json")
    payload["issue"]["fields"]["labels"] = ["customer"]
    assert body_of(hooks.send(payload))["done"] == []
    assert hooks.world.jira.requests == []


@pytest.mark.parametrize("header", [None, "sha1=abc", "sha256=zz"])
def test_an_unsigned_request_is_refused_before_the_secret_is_read(hooks: Hooks, header: str | None) -> None:
    def no_secret() -> list[bytes]:
        raise AssertionError("the secret was read for a request that carries no usable signature")

    deps = dataclasses.replace(app.configured(), secret=no_secret)
    headers = {"x-hub-signature": header} if header else {}
    assert app.receive(b"{}", headers, deps).status_code in (401, 403)


def test_the_daily_pass_and_the_webhook_restore_a_removed_owner_once_between_them(hooks: Hooks) -> None:
    with hooks.world.jira.store.lock:
        issue = hooks.world.jira.store.issues[hooks.issue_key]
        issue.fields["assignee"] = None
        removed_at = issue.fields["updated"]  # Jira's stamp of the removal, which both read
    hooks.world.enforcer().run(date(2026, 11, 29))
    restored = [c for c in hooks.world.comments(hooks.issue_key) if "owner" in plain_text(c)]
    payload = hooks.payload("assignee_removed.json")
    payload["issue"]["fields"]["updated"] = removed_at  # the delivery of that same removal, arriving later
    answer = body_of(hooks.send(payload))
    assert answer["done"] == ["owner restored already (by the daily pass, for this same change)"]
    after = [c for c in hooks.world.comments(hooks.issue_key) if "owner" in plain_text(c)]
    assert len(restored) == 1 and after == restored
