"""The webhook Lambda under AWS faults (its deliveries table, the outbox, the timeline, the secret), Jira's
redeliveries, and malformed, oversized and forged bodies through the function URL event.

A resolution webhook must end with the action's resolution on the incident's timeline exactly once and
its outbox item done, whatever failed on the way and however often Jira sent it; a refused body leaves
the table and Jira as they were.
"""

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest

from domain.timeline_store import TimelineStore
from handlers.actions.outbox import DynamoOutbox
from handlers.webhook import app, deliveries
from handlers.webhook.signature import sign
from tests.conftest import FIXTURES
from tests.faults.aws.proxy import Fault, FaultProxy
from tests.faults.tally import Case, Tally
from tests.handlers.webhook.conftest import SECRET, Hooks

AREA = "webhook handler"
BAD_BODIES = FIXTURES / "faults" / "webhooks"
FUNCTION_URL_LIMIT = 6 * 1024 * 1024  # bytes a function URL passes to the function (Lambda's sync payload)


@pytest.fixture
def faulty_hooks(faulty: FaultProxy, botocore_waits: list[float], hooks: Hooks) -> Iterator[Hooks]:
    app.configured.cache_clear()  # `hooks` set the environment; this test's clients go through the proxy
    yield hooks
    app.configured.cache_clear()


def timeline_entries(hooks: Hooks) -> int:
    return len(TimelineStore(boto3.client("dynamodb"), hooks.world.table).events("INC-42"))


def count(hooks: Hooks, case: Case) -> None:
    found = timeline_entries(hooks)
    [entry] = [
        e for e in DynamoOutbox(boto3.client("dynamodb"), hooks.world.table).entries("INC-42") if e.action.id == "A1"
    ]
    case.lost = max(0, 1 - found) + (0 if entry.action.status.value == "done" else 1)
    case.duplicates = max(0, found - 1)


def status(answer: dict[str, Any]) -> int:
    return int(answer["statusCode"])


RETRIED: dict[str, int] = {  # fault -> status (0: the service's throttling error)
    "DynamoDB and Secrets Manager throttled once on each operation": 0,
    "DynamoDB and Secrets Manager 503 once on each operation": 503,
    "DynamoDB and Secrets Manager 500 once on each operation": 500,
}


@pytest.mark.parametrize("fault", sorted(RETRIED))
def test_a_fault_on_each_aws_call_is_retried_and_the_resolution_recorded_once(
    faulty_hooks: Hooks, faulty: FaultProxy, tally: Tally, botocore_waits: list[float], fault: str
) -> None:
    with tally.case(AREA, fault) as case:
        planted = [
            faulty.add(Fault(s, per_operation=True, status=RETRIED[fault])) for s in ("dynamodb", "secretsmanager")
        ]
        payload = faulty_hooks.payload("resolved.json")
        assert status(faulty_hooks.send(payload, delivery="d-1")) == 200
        assert status(faulty_hooks.send(payload, delivery="d-1")) == 409  # Jira's redelivery of the same delivery
        count(faulty_hooks, case)
        assert len(botocore_waits) == sum(f.total for f in planted) >= 3
        assert (case.lost, case.duplicates) == (0, 0)


def test_a_delivery_claim_whose_answer_was_lost_is_still_handled(
    faulty_hooks: Hooks, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(AREA, "the delivery's claim (PutItem) applied, its answer a 500") as case:
        faulty.add(Fault("dynamodb", "PutItem", status=500, after_apply=True))
        answer = faulty_hooks.send(faulty_hooks.payload("resolved.json"), delivery="d-2")
        count(faulty_hooks, case)
        assert status(answer) == 200, answer["body"]
        assert (case.lost, case.duplicates) == (0, 0)


def test_dynamodb_down_while_handling_leaves_the_delivery_for_jiras_retry(
    faulty_hooks: Hooks, faulty: FaultProxy, tally: Tally, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tally.case(AREA, "DynamoDB throttled on every write after the claim; Jira retries 3 times") as case:
        monkeypatch.setattr(deliveries, "LEASE", timedelta(seconds=0))  # a crashed handler's claim lapses
        payload = faulty_hooks.payload("resolved.json")
        # The claim goes in; the timeline write, the outbox write and the claim's release all fail.
        faulty.add(Fault("dynamodb", "PutItem", skip=1, times=0))
        faulty.add(Fault("dynamodb", "DeleteItem", times=0))
        faulty.add(Fault("dynamodb", "UpdateItem", times=0))
        with pytest.raises(Exception, match="ThrottlingException"):
            faulty_hooks.send(payload, delivery="d-3")  # the function URL answers 502: Jira sends it again
        faulty.clear()
        answers = [status(faulty_hooks.send(payload, delivery="d-3")) for _ in range(2)]
        count(faulty_hooks, case)
        assert answers == [200, 409]
        assert (case.lost, case.duplicates) == (0, 0)


def test_a_redelivery_while_the_first_is_still_being_handled_is_asked_to_come_back(
    faulty_hooks: Hooks, tally: Tally
) -> None:
    with tally.case(AREA, "Jira's redelivery while the first delivery's claim is held") as case:
        deliveries_table = deliveries.Deliveries(boto3.client("dynamodb"), faulty_hooks.world.table)
        [held, _] = app.delivery_claims("d-4", b"")
        assert deliveries_table.claim(held) is deliveries.Claim.TAKEN  # a handler still working on it
        answer = faulty_hooks.send(faulty_hooks.payload("resolved.json"), delivery="d-4")
        assert status(answer) == 503 and "retry-after" in {k.lower() for k in answer["headers"]}
        case.duplicates = timeline_entries(faulty_hooks)
        assert case.duplicates == 0


def signed(body: bytes) -> dict[str, str]:
    return {"x-hub-signature": sign(SECRET, body), "x-atlassian-webhook-identifier": str(uuid.uuid4())}


def resolved(hooks: Hooks) -> bytes:
    return json.dumps(hooks.payload("resolved.json")).encode()


def fixture_body(hooks: Hooks, name: str) -> tuple[bytes, dict[str, str], int]:
    body = (BAD_BODIES / f"{name}.json").read_bytes()  # signed as Jira would sign it
    return body, signed(body), 400


def oversized(hooks: Hooks) -> tuple[bytes, dict[str, str], int]:
    body = resolved(hooks)[:-1] + b', "padding": "' + b"x" * FUNCTION_URL_LIMIT + b'"}'
    return body, signed(body), 413


def huge_key(hooks: Hooks) -> tuple[bytes, dict[str, str], int]:
    payload = hooks.payload("resolved.json")
    payload["issue"]["key"] = "OPS-" + "7" * 1_000_000
    body = json.dumps(payload).encode()
    return body, signed(body), 400


def latin1(hooks: Hooks) -> tuple[bytes, dict[str, str], int]:
    text = json.dumps(hooks.payload("resolved.json"), ensure_ascii=False).replace("Done", "Fertig \u00e9")
    body = text.encode("latin-1")
    return body, signed(body), 400


def other_secret(hooks: Hooks) -> tuple[bytes, dict[str, str], int]:
    body = resolved(hooks)
    return body, signed(body) | {"x-hub-signature": sign(b"guessed-secret", body)}, 403


def tampered(hooks: Hooks) -> tuple[bytes, dict[str, str], int]:
    body = resolved(hooks)
    return body.replace(b'"Done"', b'"To Do"'), signed(body), 403


BAD_BODY: dict[str, Callable[[Hooks], tuple[bytes, dict[str, str], int]]] = {
    "over the 6 MB function URL limit": oversized,
    "a 1 MB issue key": huge_key,
    "not UTF-8 (Latin-1 bytes)": latin1,
    "not JSON": lambda hooks: (b"{not json", signed(b"{not json"), 400),
    "forged: signed with another secret": other_secret,
    "forged: body changed after signing": tampered,
    "unsigned": lambda hooks: (resolved(hooks), {"x-atlassian-webhook-identifier": "u-1"}, 401),
}
BAD_NAMES = sorted(p.stem for p in BAD_BODIES.glob("*.json")) + sorted(BAD_BODY)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_bad_body_gets_a_status_and_a_message_and_changes_nothing(hooks: Hooks, tally: Tally, name: str) -> None:
    with tally.case(AREA, f"bad body: {name}", kind="attack") as case:
        body, headers, expected = BAD_BODY[name](hooks) if name in BAD_BODY else fixture_body(hooks, name)
        items = boto3.client("dynamodb").scan(TableName=hooks.world.table, Select="COUNT")["Count"]
        answer = hooks.call(body, headers, base64_body=True)  # as a function URL passes a binary body
        message = json.loads(answer["body"])["message"]
        after = boto3.client("dynamodb").scan(TableName=hooks.world.table, Select="COUNT")["Count"]
        case.duplicates = after - items + len(hooks.world.jira.requests)
        assert (status(answer), case.duplicates) == (expected, 0), message
        assert message
