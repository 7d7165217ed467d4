"""The security review's webhook attacks, each tried through the function URL event against the real handler.

Every delivery here is correctly signed (an attacker holding a captured body, or a Jira user who can set
labels in another project): what must hold is that nothing it asks for happens. Counted as attacks.
"""

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from domain.action import ActionStatus
from domain.timeline_store import TimelineStore
from handlers.actions.outbox import DynamoOutbox
from handlers.webhook.signature import sign
from tests.faults.tally import Tally
from tests.handlers.webhook.conftest import SECRET, Hooks

AREA = "webhook attacks"


def status_of(hooks: Hooks) -> ActionStatus:
    entries = DynamoOutbox(boto3.client("dynamodb"), hooks.world.table).entries("INC-42")
    return next(e for e in entries if e.action.id == "A1").action.status


def timeline(hooks: Hooks, incident: str = "INC-42") -> int:
    return len(TimelineStore(boto3.client("dynamodb"), hooks.world.table).events(incident))


def raw(hooks: Hooks, body: bytes, delivery: str) -> dict[str, Any]:
    return hooks.call(body, {"x-hub-signature": sign(SECRET, body), "x-atlassian-webhook-identifier": delivery})


def reopened(hooks: Hooks) -> dict[str, Any]:
    data = hooks.payload("resolved.json")
    data["issue"]["fields"]["status"] = {"name": "To Do", "statusCategory": {"key": "new"}}
    return data


def foreign(label: str, key: str = "EVIL-1") -> Callable[[Hooks], dict[str, Any]]:
    def made(hooks: Hooks) -> dict[str, Any]:
        data = hooks.payload("resolved.json")
        data["issue"]["key"] = key
        data["issue"]["fields"]["labels"] = ["closeloop", label]
        return data

    return made


OUT_OF_SCOPE: dict[str, Callable[[Hooks], dict[str, Any]]] = {
    "resolved EVIL-1 in another project, labelled closeloop:INC-42:A1": foreign("closeloop:INC-42:A1"),
    "resolved issue labelled for an unknown incident": foreign("closeloop:INC-999:A1", "OPS-777"),
    "resolved OPS issue closeloop did not push, labelled closeloop:INC-42:A1": foreign("closeloop:INC-42:A1", "OPS-9"),
    "resolved issue in a project whose key starts like ours (OPSX-1)": foreign("closeloop:INC-42:A1", "OPSX-1"),
}


@pytest.mark.parametrize("name", sorted(OUT_OF_SCOPE))
def test_a_signed_delivery_about_an_issue_closeloop_did_not_push_changes_nothing(
    hooks: Hooks, tally: Tally, name: str
) -> None:
    with tally.case(AREA, name, kind="attack") as case:
        answer = hooks.send(OUT_OF_SCOPE[name](hooks))
        assert answer["statusCode"] == 200 and json.loads(answer["body"])["ignored"]
        case.duplicates = timeline(hooks) + timeline(hooks, "INC-999") + len(hooks.world.jira.requests)
        assert case.duplicates == 0 and status_of(hooks) is ActionStatus.OPEN


def test_an_assignee_removed_on_a_foreign_issue_is_not_assigned_or_commented(hooks: Hooks, tally: Tally) -> None:
    with tally.case(AREA, "assignee removed on EVIL-1 labelled closeloop:INC-42:A1", kind="attack") as case:
        data = hooks.payload("assignee_removed.json")
        data["issue"]["key"] = "EVIL-1"
        data["issue"]["fields"]["assignee"] = None
        assert hooks.send(data)["statusCode"] == 200
        case.duplicates = len(hooks.world.jira.requests)
        assert case.duplicates == 0


def test_a_captured_resolution_replayed_under_a_new_id_after_a_reopen_is_refused(hooks: Hooks, tally: Tally) -> None:
    with tally.case(AREA, "resolved body replayed under a new delivery id after a reopen", kind="attack") as case:
        resolved = json.dumps(hooks.payload("resolved.json")).encode()
        assert raw(hooks, resolved, "d-1")["statusCode"] == 200
        later = reopened(hooks) | {"timestamp": json.loads(resolved)["timestamp"] + 1000}
        assert hooks.send(later)["statusCode"] == 200
        answer = raw(hooks, resolved, "d-new")
        case.duplicates = int(status_of(hooks) is not ActionStatus.OPEN)
        assert answer["statusCode"] == 409 and case.duplicates == 0


@pytest.mark.parametrize("spelling", ["D-1", "d-1 ", "D-1\t"])
def test_a_delivery_id_in_other_letters_is_the_same_delivery(hooks: Hooks, tally: Tally, spelling: str) -> None:
    with tally.case(AREA, f"delivery id d-1 replayed as {spelling!r} with a re-stamped body", kind="attack") as case:
        first = hooks.payload("assignee_removed.json")
        assert hooks.send(first, delivery="d-1")["statusCode"] == 200
        second = first | {"timestamp": first["timestamp"] + 1}
        requests = len(hooks.world.jira.requests)
        answer = hooks.send(second, delivery=spelling)
        case.duplicates = len(hooks.world.jira.requests) - requests
        assert answer["statusCode"] == 409 and case.duplicates == 0


def test_an_older_delivery_arriving_after_a_newer_one_is_ignored(hooks: Hooks, tally: Tally) -> None:
    with tally.case(AREA, "resolved (older) delivered after the reopen (newer), different ids", kind="attack") as case:
        resolved = hooks.payload("resolved.json")
        newer = reopened(hooks) | {"timestamp": resolved["timestamp"] + 5000}
        assert hooks.send(newer)["statusCode"] == 200
        answer = json.loads(hooks.send(resolved)["body"])
        case.duplicates = timeline(hooks) + int(status_of(hooks) is not ActionStatus.OPEN)
        assert answer["ignored"].startswith("older than") and case.duplicates == 0


TIMESTAMPS: dict[str, Callable[[], int]] = {
    "stamped 10 minutes ahead": lambda: int((time.time() + 600) * 1000),
    "stamped a year ahead": lambda: int((time.time() + 365 * 86400) * 1000),
    "a timestamp past year 9999 (once an OverflowError, a 502)": lambda: 10**20,
    "a timestamp of 2**63": lambda: 2**63,
    "a negative timestamp": lambda: -1,
}


@pytest.mark.parametrize("name", sorted(TIMESTAMPS))
def test_a_delivery_from_the_future_or_no_time_at_all_is_refused_with_a_4xx(
    hooks: Hooks, tally: Tally, name: str
) -> None:
    with tally.case(AREA, name, kind="attack") as case:
        data = hooks.payload("resolved.json") | {"timestamp": TIMESTAMPS[name]()}
        answer = hooks.send(data)
        case.duplicates = timeline(hooks) + len(hooks.world.jira.requests)
        assert answer["statusCode"] == 400 and json.loads(answer["body"])["message"]
        assert case.duplicates == 0


def test_a_delivery_a_minute_ahead_is_within_the_clock_skew(hooks: Hooks) -> None:
    data = hooks.payload("resolved.json") | {"timestamp": int((time.time() + 60) * 1000)}
    assert hooks.send(data, delivery=str(uuid.uuid4()))["statusCode"] == 200
