"""The actions Lambda (push to Jira from the DynamoDB outbox) under AWS faults, redelivered, and fed bad events.

The outbox and the secret are the emulator's, behind the fault proxy; Jira is the local stand-in (the
Jira side's own faults are the Jira fault tests' part). What counts: every action ends with exactly one
issue in Jira and its outbox item pushed; nothing queued is dropped on the way.
"""

import copy
import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from pydantic import ValidationError

from handlers.actions import app
from handlers.actions.outbox import DynamoOutbox, OutboxState
from handlers.actions.service import enqueue
from tests.conftest import FIXTURES
from tests.domain.closeloop_table import create_table
from tests.faults.aws.proxy import Fault, FaultProxy
from tests.faults.tally import Case, Tally
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, World, world
from tests.handlers.actions.test_app import LambdaContext, action_items, stream_event

AREA = "actions handler"
BAD_EVENTS = FIXTURES / "faults" / "actions"


@pytest.fixture
def pushing(faulty: FaultProxy, botocore_waits: list[float], monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """The four fixture actions queued in a fresh table; the function's environment names it and the secret."""
    made = world(cloud=True)
    table = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(table)
    secret = {"base_url": made.jira.url, "email": PEOPLE[0][1], "api_token": TOKEN}
    arn = boto3.client("secretsmanager").create_secret(Name=f"{table}-jira", SecretString=json.dumps(secret))["ARN"]
    for name, value in {app.TABLE_ENV: table, app.SECRET_ENV: arn, "CLOSELOOP_JIRA_PROJECT": "OPS"}.items():
        monkeypatch.setenv(name, value)
    enqueue(DynamoOutbox(boto3.client("dynamodb"), table), made.incident, made.postmortem.actions)
    made.table = table  # type: ignore[attr-defined]
    app.configured.cache_clear()
    yield made
    app.configured.cache_clear()
    made.jira.stop()


def queued_event(made: World) -> dict[str, Any]:
    """The stream records of the enqueue, as Lambda delivers (and redelivers) them."""
    return stream_event([(None, item) for item in action_items(made.table)])  # type: ignore[attr-defined]


def count(made: World, case: Case) -> None:
    """Lost: actions with no issue, or not pushed; duplicates: issues beyond one per action, links beyond one."""
    actions = [a.id for a in made.postmortem.actions]
    issues = [
        i for i in made.jira.issues() if any(label.startswith("closeloop:INC-42:") for label in i.fields["labels"])
    ]
    labels = [label for i in issues for label in i.fields["labels"] if label.startswith("closeloop:INC-42:")]
    pushed = {item["sk"]["S"] for item in action_items(made.table) if item["state"]["S"] == OutboxState.PUSHED.value}  # type: ignore[attr-defined]
    case.lost = sum(1 for a in actions if f"closeloop:INC-42:{a}" not in labels or f"ACTION#{a}" not in pushed)
    case.duplicates = len(labels) - len(set(labels))
    case.duplicates += sum(max(0, len(i.remote_links) - 1) for i in issues)
    with made.jira.store.lock:
        ticket_links = [link for link in made.jira.store.issue_links if "OPS-1" in (link.inward_key, link.outward_key)]
    case.duplicates += max(0, len(ticket_links) - len(actions))


RETRIED: dict[str, int] = {  # fault -> status (0: the service's throttling error)
    "DynamoDB and Secrets Manager throttled once on each operation": 0,
    "DynamoDB and Secrets Manager 503 once on each operation": 503,
    "DynamoDB and Secrets Manager 500 once on each operation": 500,
}


@pytest.mark.parametrize("fault", sorted(RETRIED))
def test_a_fault_on_each_aws_call_is_retried_and_every_action_pushed_once(
    pushing: World, faulty: FaultProxy, tally: Tally, botocore_waits: list[float], fault: str
) -> None:
    with tally.case(AREA, fault) as case:
        planted = [
            faulty.add(Fault(s, per_operation=True, status=RETRIED[fault])) for s in ("dynamodb", "secretsmanager")
        ]
        report = app.handler(queued_event(pushing), LambdaContext())
        count(pushing, case)
        assert report["counts"]["created"] == 4
        assert len(botocore_waits) == sum(f.total for f in planted) >= 3  # Query, GetSecretValue, PutItem
        assert (case.lost, case.duplicates) == (0, 0)


def test_outbox_writes_failing_after_jira_created_the_issues_then_two_redeliveries(
    pushing: World, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(
        AREA, "every outbox PutItem throttled after the creates; the stream batch delivered 3 times"
    ) as case:
        # The push's lease and the four pending-create records go in (written before the create is sent);
        # every write after them fails.
        faulty.add(Fault("dynamodb", "PutItem", times=0, skip=1 + len(pushing.postmortem.actions)))
        event = queued_event(pushing)
        with pytest.raises(ClientError, match=r"ThrottlingException.*PutItem"):
            app.handler(event, LambdaContext())
        assert len(pushing.jira.issues()) == 5  # the four issues exist; the outbox could not say so
        faulty.clear()
        second = app.handler(event, LambdaContext())
        third = app.handler(event, LambdaContext())
        count(pushing, case)
        # found by label, not created again; first seen by this push, so reported created
        assert [a["outcome"] for a in second["actions"]] == ["created"] * 4
        assert third["actions"] == []  # nothing left queued
        assert (case.lost, case.duplicates) == (0, 0)


def test_an_outbox_write_whose_answer_was_lost_is_not_a_second_issue(
    pushing: World, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(AREA, "outbox PutItem applied, answer a 500, on every save; then a schedule retry") as case:
        faulty.add(Fault("dynamodb", "PutItem", status=500, after_apply=True, every=2, times=0))
        app.handler(queued_event(pushing), LambdaContext())
        scheduled = json.loads((FIXTURES / "actions" / "scheduled_event.json").read_text())
        retry = app.handler(scheduled, LambdaContext())
        count(pushing, case)
        assert retry["actions"] == []
        assert (case.lost, case.duplicates) == (0, 0)


def test_secrets_manager_down_raises_and_leaves_every_action_queued(
    pushing: World, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(AREA, "GetSecretValue throttled on every call, then Lambda's retry") as case:
        faulty.add(Fault("secretsmanager", "GetSecretValue", times=0))
        event = queued_event(pushing)
        with pytest.raises(ClientError, match=r"ThrottlingException.*GetSecretValue"):
            app.handler(event, LambdaContext())
        assert pushing.jira.issues()[1:] == []
        assert {item["state"]["S"] for item in action_items(pushing.table)} == {"queued"}  # type: ignore[attr-defined]
        faulty.clear()
        app.handler(event, LambdaContext())
        count(pushing, case)
        assert (case.lost, case.duplicates) == (0, 0)


@pytest.mark.parametrize("name", sorted(p.name for p in BAD_EVENTS.glob("*.json")))
def test_a_malformed_event_is_refused_and_changes_nothing(pushing: World, tally: Tally, name: str) -> None:
    with tally.case(AREA, f"malformed event {name}") as case:
        before = copy.deepcopy(action_items(pushing.table))  # type: ignore[attr-defined]
        event = json.loads((BAD_EVENTS / name).read_text())
        with pytest.raises(ValidationError) as refused:
            app.handler(event, LambdaContext())
        assert refused.value.errors()[0]["loc"]
        after = action_items(pushing.table)  # type: ignore[attr-defined]
        case.duplicates = len(pushing.jira.issues()) - 1 + sum(a != b for a, b in zip(before, after, strict=True))
        assert pushing.jira.requests == [] and case.duplicates == 0


def test_an_oversized_incident_id_is_refused(pushing: World, tally: Tally) -> None:
    with tally.case(AREA, "direct invocation with a 1 MB incident_id") as case:
        with pytest.raises(ValidationError, match="incident_id"):
            app.handler({"incident_id": "I" * 1_000_000}, LambdaContext())
        case.duplicates = len(pushing.jira.issues()) - 1
        assert pushing.jira.requests == [] and case.duplicates == 0
