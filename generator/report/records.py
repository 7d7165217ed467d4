"""The report's inputs from the closeloop table: incident items (by class through the class index),
their timelines, their actions' outbox items (closeloop's view of Jira, kept current by the webhook), and
the reminder ledger's escalations (an escalated action is overdue)."""

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from domain import table
from domain.action import ActionStatus
from domain.timeline import parse_time
from domain.timeline_store import TimelineStore
from generator.report.model import ActionState, IncidentInput
from handlers.actions.outbox import DynamoOutbox, OutboxEntry
from handlers.enforcement.ledger import DynamoLedger, Ledger
from handlers.enforcement.plan import escalation_once

# How the report sees an incident's actions: the outbox's copy (the default), or Jira's (jira_view.py).
ActionView = Callable[[list[OutboxEntry]], list[ActionState]]


def outbox_view(entries: list[OutboxEntry]) -> list[ActionState]:
    return [ActionState.of(entry.action, entry.issue_key) for entry in entries]


def with_escalations(states: list[ActionState], ledger: Ledger) -> list[ActionState]:
    """Each state marked escalated when the daily pass escalated its issue for the due date it has now."""
    return [
        replace(state, escalated=ledger.sent(state.issue_key, escalation_once(state.due)))
        if state.issue_key and state.status is ActionStatus.OPEN
        else state
        for state in states
    ]


def _pages(dynamodb: Any, operation: str, request: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = getattr(dynamodb, operation)(**request)
        items += page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def incident_items(dynamodb: Any, table_name: str, incident_class: str | None) -> list[dict[str, Any]]:
    if incident_class is not None:
        request: dict[str, Any] = {
            "TableName": table_name,
            "IndexName": table.CLASS_INDEX,
            "KeyConditionExpression": "#pk = :pk",
            "ExpressionAttributeNames": {"#pk": table.CLASS_INDEX_PARTITION_KEY},
            "ExpressionAttributeValues": {":pk": {"S": table.class_pk(incident_class)}},
        }
        return _pages(dynamodb, "query", request)
    request = {
        "TableName": table_name,
        "FilterExpression": "#sk = :sk",
        "ExpressionAttributeNames": {"#sk": table.SORT_KEY},
        "ExpressionAttributeValues": {":sk": {"S": table.incident_sk()}},
    }
    return _pages(dynamodb, "scan", request)


def read_incidents(
    dynamodb: Any, table_name: str, incident_class: str | None, view: ActionView = outbox_view
) -> list[IncidentInput]:
    timelines, outbox = TimelineStore(dynamodb, table_name), DynamoOutbox(dynamodb, table_name)
    ledger = DynamoLedger(dynamodb, table_name)
    found: list[IncidentInput] = []
    for item in incident_items(dynamodb, table_name, incident_class):
        incident_id = item["incident_id"]["S"]
        started = item.get("started_at", {}).get("S")
        events = timelines.events(incident_id)
        when: datetime = parse_time(started, "started_at") if started else min(e.occurred_at for e in events)
        actions = with_escalations(view(outbox.entries(incident_id)), ledger)
        found.append(IncidentInput(incident_id, item["incident_class"]["S"], when, events, actions))
    return found
