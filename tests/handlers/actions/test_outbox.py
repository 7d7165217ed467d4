"""The outbox in a local file and in the closeloop table (on the emulator): the same behaviour from both."""

import uuid
from datetime import date
from pathlib import Path

import boto3
import pytest

from domain.action import Action, ActionType, Priority
from handlers.actions.outbox import (
    DynamoOutbox,
    IncidentContext,
    JsonFileOutbox,
    Outbox,
    OutboxEntry,
    OutboxError,
    OutboxState,
)
from handlers.actions.service import enqueue
from tests.domain.closeloop_table import create_table

INCIDENT = IncidentContext(id="INC-7", title="Queue backlog", incident_class="capacity", severity="SEV3", service="q")


def action(number: int, title: str = "Add a queue-depth alarm") -> Action:
    return Action(
        id=f"A{number}",
        title=title,
        type=ActionType.ALERT_THRESHOLD,
        owner="712020:owner",
        due=date(2026, 12, 20),
        priority=Priority.HIGH,
        done_condition="The alarm fires at 1,000 messages.",
    )


def check_outbox(outbox: Outbox) -> None:
    entries = enqueue(outbox, INCIDENT, [action(2), action(1)])
    assert [e.state for e in entries] == [OutboxState.QUEUED] * 2
    assert [e.action.id for e in outbox.entries("INC-7")] == ["A1", "A2"]
    assert outbox.entries("INC-8") == []

    pushed = entries[0].model_copy(update={"state": OutboxState.PUSHED, "issue_key": "OPS-9", "reason": None})
    outbox.save(pushed)
    assert [e.action.id for e in outbox.pending()] == ["A1"]

    # Pushed and unchanged: stays pushed. Pushed and changed: queued again, keeping its issue key.
    again = enqueue(outbox, INCIDENT, [action(2)])
    assert again[0].state == OutboxState.PUSHED
    changed = enqueue(outbox, INCIDENT, [action(2, title="Add a queue-age alarm")])
    assert (changed[0].state, changed[0].issue_key, changed[0].reason) == (
        OutboxState.QUEUED,
        "OPS-9",
        "changed since the last push",
    )
    stored = {e.action.id: e for e in outbox.entries("INC-7")}
    assert stored["A2"].action.title == "Add a queue-age alarm" and stored["A2"].issue_key == "OPS-9"


def test_the_file_outbox(tmp_path: Path) -> None:
    check_outbox(JsonFileOutbox(tmp_path / "deep" / "outbox.json"))
    assert not list((tmp_path / "deep").glob("*.tmp"))


def test_the_table_outbox(aws_env: str) -> None:
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    check_outbox(DynamoOutbox(boto3.client("dynamodb"), name))


def test_the_table_outbox_reads_every_page(aws_env: str) -> None:
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    outbox = DynamoOutbox(boto3.client("dynamodb"), name)
    big = INCIDENT.model_copy(update={"title": "x" * 300_000})  # ~300 KB per item: a 1 MB page holds three
    for number in range(7):
        outbox.save(OutboxEntry(incident=big, action=action(number)))
    assert len(outbox.entries("INC-7")) == 7
    assert len(outbox.pending()) == 7


def test_a_file_that_is_not_an_outbox_is_named(tmp_path: Path) -> None:
    path = tmp_path / "outbox.json"
    path.write_text('{"entries": {"x": {"nonsense": 1}}}')
    with pytest.raises(OutboxError, match=str(path)):
        JsonFileOutbox(path).entries("INC-7")
