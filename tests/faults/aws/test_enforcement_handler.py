"""The enforcement Lambda under AWS faults (the ledger in DynamoDB, SNS, the secret), redelivered, fed bad events.

Two action issues: A1 without an owner, due tomorrow (assign, and a reminder), A2 ten days overdue (a
reminder and an escalation). A fault-free run makes 4 Jira comments and 3 SNS messages; under any fault,
after the deliveries end, there must be exactly those: none missing, none twice.
"""

import json
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from pydantic import ValidationError

from handlers.enforcement import app
from tests.conftest import FIXTURES
from tests.faults.aws.proxy import Fault, FaultProxy
from tests.faults.tally import Case, Tally
from tests.handlers.enforcement.enforcement_world import TODAY, EnforcementWorld, make_world
from tests.handlers.enforcement.test_app import environment, queue_actions
from tests.handlers.timeline.conftest import FakeLambdaContext

AREA = "enforcement handler"
SCHEDULE = FIXTURES / "enforcement" / "scheduled_event.json"
BAD_EVENTS = FIXTURES / "faults" / "enforcement"
COMMENTS, MESSAGES = 4, 3


@pytest.fixture
def enforcing(
    faulty: FaultProxy, botocore_waits: list[float], monkeypatch: pytest.MonkeyPatch
) -> Iterator[EnforcementWorld]:
    world = make_world(cloud=True)
    environment(world, monkeypatch)
    queue_actions(world)
    world.add_action("A1", assignee=None, due=TODAY + timedelta(days=1))
    world.add_action("A2", assignee=0, due=TODAY - timedelta(days=10))
    app.configured.cache_clear()
    yield world
    app.configured.cache_clear()
    world.jira.stop()


def run() -> dict[str, Any]:
    return app.handler(json.loads(SCHEDULE.read_text()), FakeLambdaContext(function_name="closeloop-enforcement"))


def count(world: EnforcementWorld, case: Case) -> None:
    comments = Counter(json.dumps(body, sort_keys=True) for i in world.jira.issues() for body in world.comments(i.key))
    messages = Counter(json.loads(m["Body"])["Message"] for m in world.messages())
    case.lost = max(0, COMMENTS - len(comments)) + max(0, MESSAGES - len(messages))
    case.duplicates = sum(n - 1 for n in comments.values()) + sum(n - 1 for n in messages.values())


def test_a_fault_free_run_makes_the_expected_comments_and_messages(enforcing: EnforcementWorld, tally: Tally) -> None:
    with tally.case(AREA, "no fault, the schedule delivered twice (the reference)") as case:
        run()
        run()
        count(enforcing, case)
        assert (case.lost, case.duplicates) == (0, 0)


RETRIED: dict[str, int] = {  # fault -> status (0: the service's throttling error)
    "DynamoDB, SNS and Secrets Manager throttled once on each operation": 0,
    "DynamoDB, SNS and Secrets Manager 503 once on each operation": 503,
    "DynamoDB, SNS and Secrets Manager 500 once on each operation": 500,
}


@pytest.mark.parametrize("fault", sorted(RETRIED))
def test_a_fault_on_each_aws_call_is_retried_and_each_reminder_sent_once(
    enforcing: EnforcementWorld, faulty: FaultProxy, tally: Tally, botocore_waits: list[float], fault: str
) -> None:
    with tally.case(AREA, fault) as case:
        planted = [
            faulty.add(Fault(s, per_operation=True, status=RETRIED[fault]))
            for s in ("dynamodb", "sns", "secretsmanager")
        ]
        first = run()
        run()  # EventBridge's retry of a delivery it thinks failed
        count(enforcing, case)
        assert not any(step["result"].startswith("failed") for step in first["steps"])
        assert len(botocore_waits) == sum(f.total for f in planted) >= 4  # Query, GetSecretValue, PutItem, Publish
        assert (case.lost, case.duplicates) == (0, 0)


def test_a_ledger_claim_whose_answer_was_lost_still_sends_the_reminder(
    enforcing: EnforcementWorld, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(AREA, "ledger PutItem applied, its answer a 500, on every claim") as case:
        faulty.add(Fault("dynamodb", "PutItem", status=500, after_apply=True, every=2, times=0))
        run()
        run()
        count(enforcing, case)
        assert (case.lost, case.duplicates) == (0, 0)


def test_sns_down_for_a_whole_run_raises_and_the_retry_sends_each_reminder_once(
    enforcing: EnforcementWorld, faulty: FaultProxy, tally: Tally
) -> None:
    with tally.case(AREA, "SNS Publish throttled on every call, then the schedule's retry, twice") as case:
        faulty.add(Fault("sns", "Publish", times=0))
        with pytest.raises(ClientError, match=r"Throttled.*Publish"):
            run()
        faulty.clear()
        run()
        run()
        count(enforcing, case)
        assert (case.lost, case.duplicates) == (0, 0)


@pytest.mark.parametrize("name", sorted(p.name for p in BAD_EVENTS.glob("*.json")))
def test_a_malformed_event_is_refused_and_changes_nothing(enforcing: EnforcementWorld, tally: Tally, name: str) -> None:
    with tally.case(AREA, f"malformed event {name}") as case:
        event = json.loads((BAD_EVENTS / name).read_text())
        with pytest.raises(ValidationError) as refused:
            app.handler(event, FakeLambdaContext(function_name="closeloop-enforcement"))
        assert refused.value.errors()[0]["loc"]
        reminders = {":r": {"S": "REMINDER#"}}
        scan = boto3.client("dynamodb").scan
        ledger = scan(
            TableName=enforcing.table, FilterExpression="begins_with(pk, :r)", ExpressionAttributeValues=reminders
        )
        ledger_items = ledger["Items"]
        case.duplicates = len(ledger_items) + len(enforcing.messages())
        assert enforcing.jira.requests == [] and case.duplicates == 0
