"""The prevention action model: one owner, a status with its record, caps by priority, a stable external id."""

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.action import (
    DEFAULT_DUE_DATE_POLICY,
    Action,
    ActionPurpose,
    ActionStatus,
    ActionType,
    DueDatePolicy,
    Priority,
)


def action(**changes: Any) -> Action:
    data: dict[str, Any] = {
        "id": "A1",
        "title": "Add a canary gate to the checkout deploy",
        "type": "test_canary_gate",
        "owner": "5b10ac8d82e05b22cc7d4ef5",
        "due": "2026-12-20",
        "priority": "high",
        "done_condition": "A deploy that raises the 5xx rate above 1% in the canary stops before 10% of hosts.",
    }
    data.update(changes)
    return Action.model_validate(data)


def test_an_action_reads_dates_and_enums_from_strings() -> None:
    read = action()
    assert read.due == date(2026, 12, 20)
    assert read.type is ActionType.TEST_CANARY_GATE
    assert read.priority is Priority.HIGH and read.priority.jira_name == "High"
    assert read.status is ActionStatus.OPEN
    assert read.purpose is ActionPurpose.PREVENT


def test_an_action_has_exactly_one_owner() -> None:
    with pytest.raises(ValidationError, match="exactly one owner, got 2"):
        action(owner=["alice", "bob"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "done"}, "needs evidence"),
        ({"status": "not_doing", "reason": "replaced by A2"}, "reason and an approver"),
        ({"id": "A 1"}, "should match pattern"),
        ({"type": "alert"}, "Input should be"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
    ],
)
def test_what_an_action_refuses(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        action(**changes)


def test_done_and_not_doing_carry_their_record() -> None:
    assert action(status="done", evidence=["https://git.example.com/pr/1"]).status is ActionStatus.DONE
    not_doing = action(status="not_doing", reason="the service is retired in January", approver="lead-account")
    assert not_doing.approver == "lead-account"


def test_every_type_has_a_purpose_and_three_prevent() -> None:
    prevent = [t for t in ActionType if t.purpose is ActionPurpose.PREVENT]
    assert len(prevent) == 3 and ActionType.ALERT_THRESHOLD not in prevent


def test_due_date_caps_follow_atlassians_priority_targets_by_default() -> None:
    written = date(2026, 11, 29)
    assert DEFAULT_DUE_DATE_POLICY.latest_due(Priority.HIGHEST, written) == date(2026, 12, 27)
    assert DEFAULT_DUE_DATE_POLICY.latest_due(Priority.HIGH, written) == date(2027, 1, 24)
    assert DEFAULT_DUE_DATE_POLICY.latest_due(Priority.LOW, written) is None
    team = DueDatePolicy(caps={Priority.MEDIUM: 90})
    assert team.latest_due(Priority.MEDIUM, written) == date(2027, 2, 27)
    assert team.latest_due(Priority.HIGH, written) is None


def test_the_external_id_depends_only_on_incident_and_action_id() -> None:
    assert action().external_id("INC-7") == action(title="Add a different gate").external_id("INC-7")
    assert action().external_id("INC-7") == "closeloop:INC-7:A1"
