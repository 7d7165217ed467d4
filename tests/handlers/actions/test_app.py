"""The actions Lambda, called as Lambda calls it: the table and the secret on the emulator, Jira local."""

import copy
import json
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.parser import ValidationError

from domain import table
from handlers.actions import app
from handlers.actions.outbox import DynamoOutbox, OutboxState
from handlers.actions.service import enqueue
from tests.conftest import FIXTURES
from tests.handlers.actions.jira_world import World


@dataclass
class LambdaContext:
    """The attributes powertools reads from Lambda's context object."""

    function_name: str = "closeloop-actions"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:closeloop-actions"
    aws_request_id: str = "0f8fad5b-d9cb-469f-a165-70867728950e"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def action_items(table_name: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = boto3.client("dynamodb").query(
        TableName=table_name,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues={":pk": {"S": "INCIDENT#INC-42"}, ":prefix": {"S": "ACTION#"}},
    )["Items"]
    return found


def stream_event(changes: list[tuple[dict[str, Any] | None, dict[str, Any]]]) -> dict[str, Any]:
    """Stream records (old image, new image) in the shape Lambda delivers them."""
    template = json.loads((FIXTURES / "actions" / "dynamodb_stream_record.json").read_text())
    records = []
    for number, (old, new) in enumerate(changes):
        record = copy.deepcopy(template)
        record["eventID"] = f"{record['eventID'][:-2]}{number:02d}"
        record["eventName"] = "INSERT" if old is None else "MODIFY"
        record["dynamodb"]["Keys"] = {k: new[k] for k in (table.PARTITION_KEY, table.SORT_KEY)}
        record["dynamodb"]["NewImage"] = new
        if old is not None:
            record["dynamodb"]["OldImage"] = old
        records.append(record)
    return {"Records": records}


def test_new_actions_in_the_table_are_pushed_and_the_push_does_not_trigger_itself(
    lambda_env: str, cloud_world: World
) -> None:
    enqueue(DynamoOutbox(boto3.client("dynamodb"), lambda_env), cloud_world.incident, cloud_world.postmortem.actions)
    queued = action_items(lambda_env)

    report = app.handler(stream_event([(None, item) for item in queued]), LambdaContext())

    assert report["counts"]["created"] == 4
    assert len(cloud_world.jira.issues()) == 5
    pushed = action_items(lambda_env)
    assert {item["state"]["S"] for item in pushed} == {OutboxState.PUSHED.value}
    before = len(cloud_world.jira.requests)

    # The push's own writes come back on the stream: they are not new work.
    echo = app.handler(stream_event(list(zip(queued, pushed, strict=True))), LambdaContext())

    assert echo["actions"] == []
    assert len(cloud_world.jira.requests) == before


def test_a_schedule_retries_what_is_still_queued(lambda_env: str, cloud_world: World) -> None:
    outbox = DynamoOutbox(boto3.client("dynamodb"), lambda_env)
    actions = list(cloud_world.postmortem.actions)
    actions[1] = actions[1].model_copy(update={"owner": "712020:new-hire"})  # not in Jira yet
    enqueue(outbox, cloud_world.incident, actions)
    first = app.handler(stream_event([(None, item) for item in action_items(lambda_env)]), LambdaContext())
    assert [a["outcome"] for a in first["actions"]] == ["created", "queued", "created", "created"]
    assert [e.action.id for e in outbox.pending()] == ["A2"]

    cloud_world.jira.add_user("New Hire", "new.hire@example.com", account_id="712020:new-hire")
    scheduled = json.loads((FIXTURES / "actions" / "scheduled_event.json").read_text())
    retried = app.handler(scheduled, LambdaContext())

    assert [(a["action"], a["outcome"]) for a in retried["actions"]] == [("A2", "created")]
    assert outbox.pending() == []
    assert len(cloud_world.jira.issues()) == 5


def test_a_direct_invocation_pushes_one_incident(lambda_env: str, cloud_world: World) -> None:
    outbox = DynamoOutbox(boto3.client("dynamodb"), lambda_env)
    enqueue(outbox, cloud_world.incident, cloud_world.postmortem.actions)
    other = cloud_world.incident.model_copy(update={"id": "INC-43"})
    enqueue(outbox, other, cloud_world.postmortem.actions[:1])

    report = app.handler({"incident_id": "INC-42"}, LambdaContext())

    assert [(a["incident"], a["outcome"]) for a in report["actions"]] == [("INC-42", "created")] * 4
    assert [e.incident.id for e in outbox.pending()] == ["INC-43"]


def test_an_event_of_another_shape_is_refused(lambda_env: str) -> None:
    with pytest.raises(ValidationError):
        app.handler({"hello": "world"}, LambdaContext())
    with pytest.raises(ValidationError):
        app.handler({"incident_id": "INC-42", "dry_run": True}, LambdaContext())
