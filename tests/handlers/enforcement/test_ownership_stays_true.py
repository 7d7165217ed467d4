"""Ownership that stays true: no owed comment for a fix Jira refused, and an inactive owner owns nothing."""

from datetime import timedelta

import boto3

from handlers.actions.issue_content import plain_text
from handlers.enforcement.ledger import DynamoLedger, OwedComment
from tests.handlers.actions.jira_world import PEOPLE
from tests.handlers.enforcement.enforcement_world import TODAY, EnforcementWorld, person


def texts(world: EnforcementWorld, key: str) -> list[str]:
    return [plain_text(body) for body in world.comments(key)]


def deactivate(world: EnforcementWorld, index: int) -> None:
    with world.jira.store.lock:
        world.jira.store.users[PEOPLE[index][2]].active = False


def owed(world: EnforcementWorld) -> list[OwedComment]:
    return DynamoLedger(boto3.client("dynamodb"), world.table).owed()


def test_an_assignment_jira_refused_owes_no_comment_and_is_flagged_once(world: EnforcementWorld) -> None:
    deactivate(world, 1)  # the ownership map's owner of the service
    key = world.add_action("A1", assignee=None, due=TODAY + timedelta(days=20))

    first = world.enforcer().run(TODAY)

    assert first.outcomes[0].result.startswith("failed: update") and "done" in first.outcomes[0].result
    assert owed(world) == []  # Jira refused the assignment for certain: there is nothing to explain later
    assert [t for t in texts(world, key) if "could not assign this action" in t] and len(texts(world, key)) == 1
    with world.jira.store.lock:  # a person assigns someone active
        world.jira.store.issues[key].fields["assignee"] = PEOPLE[2][2]

    world.enforcer().run(TODAY + timedelta(days=1))
    world.enforcer().run(TODAY + timedelta(days=2))

    assert not [t for t in texts(world, key) if "assigned this action to its service's owner" in t]
    assert len(texts(world, key)) == 1  # the flag, once


def test_an_owed_assignment_comment_is_dropped_once_someone_else_owns_the_issue(world: EnforcementWorld) -> None:
    key = world.add_action("A1", assignee=2, due=TODAY + timedelta(days=20))
    ledger = DynamoLedger(boto3.client("dynamodb"), world.table)
    text = "closeloop assigned this action to its service's owner: every prevention action needs one owner."
    ledger.owe(OwedComment(key, "assign#0123456789abcdef", text, person(1, world.cloud), 0))  # an older run's

    report = world.enforcer().run(TODAY)

    assert report.outcomes == [] and owed(world) == [] and world.comments(key) == []


def test_an_owed_comment_jira_refuses_for_certain_is_dropped(world: EnforcementWorld) -> None:
    ledger = DynamoLedger(boto3.client("dynamodb"), world.table)
    ledger.owe(OwedComment("OPS-999", "set_due#0123456789abcdef", "closeloop set the due date.", None, 0))

    report = world.enforcer().run(TODAY)

    assert [o.result.endswith("(the owed comment is dropped: Jira refused it)") for o in report.outcomes] == [True]
    assert owed(world) == []


def test_an_owner_deactivated_later_is_no_owner_the_service_owner_takes_over(world: EnforcementWorld) -> None:
    key = world.add_action("A1", assignee=0, due=TODAY + timedelta(days=20))
    deactivate(world, 0)

    report = world.enforcer().run(TODAY)

    assert [(o.step.kind.value, o.result) for o in report.outcomes] == [("assign", "done")]
    assert world.jira.issue_fields(key)["assignee"] == person(1, cloud=True)  # the store keeps accountIds
    assert any("Priya Raman is no longer active in Jira" in t for t in texts(world, key))


def test_an_inactive_owner_the_map_still_names_is_flagged_not_reassigned_to_itself(world: EnforcementWorld) -> None:
    key = world.add_action("A1", assignee=1, due=TODAY + timedelta(days=20))
    deactivate(world, 1)

    first = world.enforcer().run(TODAY)
    second = world.enforcer().run(TODAY)

    assert [(o.step.kind.value, o.result) for o in first.outcomes] == [("no_owner_known", "done")]
    assert [o.result for o in second.outcomes] == ["sent before"]
    assert len(texts(world, key)) == 1 and "Tomas Lindqvist is no longer an active Jira account" in texts(world, key)[0]
