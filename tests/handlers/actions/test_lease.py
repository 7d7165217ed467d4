"""One push at a time per incident: the table's lease (conditional puts, expiry) and two overlapping Lambda runs."""

import os
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from generator.standins.jira import Fault, FaultKind
from handlers.actions import app
from handlers.actions.lease import Busy, DynamoLease, held
from handlers.actions.outbox import DynamoOutbox
from handlers.actions.service import enqueue
from tests.handlers.actions.jira_world import ManualClock, World


def leases(table_name: str, clock: ManualClock) -> tuple[DynamoLease, DynamoLease]:
    dynamodb = boto3.client("dynamodb")
    return (
        DynamoLease(dynamodb, table_name, "push one", 360, clock.now),
        DynamoLease(dynamodb, table_name, "push two", 360, clock.now),
    )


def test_the_lease_goes_to_one_push_until_given_back_or_expired(lambda_env: str) -> None:
    clock = ManualClock()
    one, two = leases(lambda_env, clock)

    assert one.take("INC-42") is None
    assert one.take("INC-42") is None  # a retried put whose answer was lost is still this holder's
    holder = two.take("INC-42")
    assert holder is not None and holder.who == "push one"
    assert holder.until == clock.now() + timedelta(seconds=360)
    assert two.take("INC-7") is None  # another incident is another lease

    one.give_back("INC-42")
    assert two.take("INC-42") is None
    two.give_back("INC-42")
    two.give_back("INC-42")  # giving back twice (a retried call) changes nothing

    assert one.take("INC-42") is None
    clock.sleep(361)  # its holder died: the lease expires
    assert two.take("INC-42") is None
    one.give_back("INC-42")  # the dead holder's late give-back cannot end the new holder's lease
    assert one.take("INC-42") is not None


def test_a_busy_lease_says_who_holds_it_since_when_and_until_when(lambda_env: str) -> None:
    clock = ManualClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    one, two = leases(lambda_env, clock)
    assert one.take("INC-42") is None

    with pytest.raises(Busy) as busy, held(two, "INC-42"):
        pass

    assert str(busy.value) == (
        "another push of INC-42 is running (push one, since 2026-12-01 09:00:00 UTC, its lease ends 09:06:00 UTC): "
        "it pushes these actions; push again once it has ended"
    )


def test_two_overlapping_lambda_pushes_make_one_issue_per_action(lambda_env: str, cloud_world: World) -> None:
    dynamodb = boto3.client("dynamodb")
    enqueue(DynamoOutbox(dynamodb, lambda_env), cloud_world.incident, cloud_world.postmortem.actions)
    barrier = cloud_world.jira.faults.add(Fault(FaultKind.HOLD, "POST", r"/issue/bulk$"))
    # Two containers: the schedule's run and the stream's run, each with its own lease holder.
    first_deps, second_deps = (
        app.configured(),
        app.dependencies(
            {
                app.TABLE_ENV: lambda_env,
                app.SECRET_ENV: os.environ[app.SECRET_ENV],
                "CLOSELOOP_JIRA_PROJECT": "OPS",
            },
            dynamodb,
            boto3.client("secretsmanager"),
        ),
    )
    answers: list[dict[str, Any]] = []
    schedule = {"incident_id": "INC-42"}
    running = threading.Thread(target=lambda: answers.append(app.handle(schedule, first_deps)))
    running.start()
    try:
        assert barrier.arrived.wait(10)  # the first push holds the lease and waits inside its create
        second = app.handle(schedule, second_deps)
    finally:
        barrier.gate.set()
        running.join(10)

    assert second["actions"] == [] and len(second["busy"]) == 1
    assert second["busy"][0].startswith("another push of INC-42 is running (the actions function (")
    assert answers[0]["counts"]["created"] == 4
    assert cloud_world.jira.count("POST", r"/issue/bulk$") == 1 and len(cloud_world.jira.issues()) == 5
    later = app.handle(schedule, second_deps)  # once the first has ended, the lease is free again
    assert later == {"dry_run": False, "counts": {}, "actions": []}
