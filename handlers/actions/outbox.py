"""The outbox: every action waiting for Jira, and what Jira answered, so that nothing is lost.

An action is written here (queued) before Jira is asked; it stays queued, with the reason, until its
issue exists and matches; a later push retries it. One interface, two stores: the stack's DynamoDB
table (`pk=INCIDENT#<id>`, `sk=ACTION#<action id>`, as `domain/table.py` defines) for the Lambda, and
a local JSON file for the CLI.
"""

import hashlib
import json
import os
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain import table
from domain.action import Action
from domain.postmortem import EvidenceLink

ACTION_PREFIX = "ACTION#"


class OutboxState(StrEnum):
    QUEUED = "queued"  # not in Jira yet, or changed since: the next push sends it
    IN_DOUBT = "in_doubt"  # a create was sent and its answer lost: search before creating again
    PUSHED = "pushed"  # Jira's issue matches the action


class IncidentContext(BaseModel):
    """What an action's issue says about its incident."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    incident_class: str
    severity: str
    service: str
    ticket: str | None = None
    evidence: tuple[EvidenceLink, ...] = ()
    region: str | None = None  # the evidence bucket's region: s3:// links open on its S3 console page
    postmortem_url: str | None = None  # where people read the postmortem: each issue links to it


class OutboxEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    incident: IncidentContext
    action: Action
    state: OutboxState = OutboxState.QUEUED
    issue_key: str | None = None
    reason: str | None = Field(default=None, description="Why the action is still queued (Jira's answer).")
    attempts: int = 0
    linked: bool = Field(default=False, description="The issue link and the remote link are in place.")
    create_sent_at: datetime | None = Field(
        default=None,
        description="When a create was sent whose answer never came: the action is not created again before "
        "the search index has had its lag to show the issue.",
    )
    updated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @property
    def content_hash(self) -> str:
        """Changes when what Jira should show changes; not when the push state does."""
        content = {"incident": self.incident.model_dump(mode="json"), "action": self.action.model_dump(mode="json")}
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


class OutboxError(Exception):
    """The outbox cannot be read or written: the message names where."""


class Outbox(Protocol):
    def entries(self, incident_id: str) -> list[OutboxEntry]:
        """Every action of the incident, in action-id order."""
        ...

    def pending(self) -> list[OutboxEntry]:
        """Every action of every incident that is not pushed (queued or in doubt)."""
        ...

    def save(self, entry: OutboxEntry) -> None: ...


class JsonFileOutbox:
    """The CLI's outbox: one JSON file, rewritten whole (atomically) on every save."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, OutboxEntry]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {key: OutboxEntry.model_validate(value) for key, value in data["entries"].items()}
        except (OSError, ValueError, KeyError, TypeError, ValidationError) as error:
            raise OutboxError(f"{self.path}: not a closeloop outbox file: {error}") from None

    def entries(self, incident_id: str) -> list[OutboxEntry]:
        found = [e for e in self._load().values() if e.incident.id == incident_id]
        return sorted(found, key=lambda e: e.action.id)

    def pending(self) -> list[OutboxEntry]:
        return [e for e in self._load().values() if e.state != OutboxState.PUSHED]

    def save(self, entry: OutboxEntry) -> None:
        entries = self._load()
        entries[f"{entry.incident.id}/{entry.action.id}"] = entry
        data = {"version": 1, "entries": {key: value.model_dump(mode="json") for key, value in sorted(entries.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, self.path)  # a crash mid-write leaves the old file, never half a file


class DynamoOutbox:
    """The stack's outbox: one item per action in the closeloop table; the client is given, never made here."""

    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self.dynamodb = dynamodb
        self.table_name = table_name

    @staticmethod
    def item(entry: OutboxEntry) -> dict[str, Any]:
        return {
            table.PARTITION_KEY: {"S": table.incident_pk(entry.incident.id)},
            table.SORT_KEY: {"S": table.action_sk(entry.action.id)},
            "state": {"S": entry.state.value},
            "content_hash": {"S": entry.content_hash},
            "entry": {"S": entry.model_dump_json()},
        }

    @staticmethod
    def from_item(item: dict[str, Any]) -> OutboxEntry:
        return OutboxEntry.model_validate_json(item["entry"]["S"])

    def entries(self, incident_id: str) -> list[OutboxEntry]:
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :prefix)",
            "ExpressionAttributeNames": {"#pk": table.PARTITION_KEY, "#sk": table.SORT_KEY},
            "ExpressionAttributeValues": {
                ":pk": {"S": table.incident_pk(incident_id)},
                ":prefix": {"S": ACTION_PREFIX},
            },
            "ConsistentRead": True,
        }
        return [self.from_item(item) for item in self._pages("query", request)]

    def pending(self) -> list[OutboxEntry]:
        """A scan: incidents are few and the table small; a queued action is rare and must not be missed."""
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "FilterExpression": "begins_with(#sk, :prefix) AND #state <> :pushed",
            "ExpressionAttributeNames": {"#sk": table.SORT_KEY, "#state": "state"},
            "ExpressionAttributeValues": {":prefix": {"S": ACTION_PREFIX}, ":pushed": {"S": OutboxState.PUSHED.value}},
            "ConsistentRead": True,
        }
        return [self.from_item(item) for item in self._pages("scan", request)]

    def _pages(self, operation: str, request: dict[str, Any]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page = getattr(self.dynamodb, operation)(**request)
            items.extend(page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return items
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def save(self, entry: OutboxEntry) -> None:
        self.dynamodb.put_item(TableName=self.table_name, Item=self.item(entry))
