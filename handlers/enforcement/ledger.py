"""What enforcement has already sent: one record per (issue, reminder kind, due date), claimed before sending.

A reminder is claimed with a conditional write and released again if sending fails, so it goes out once
however often the handler runs, and a failed send is retried next run. The table keeps the records
(`pk=REMINDER#<issue>`, as domain/table.py defines); a JSON file keeps them for the CLI.
"""

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from domain import table

KEEP = timedelta(days=400)  # after a year nobody needs to know a reminder of an action long closed was sent


class Ledger(Protocol):
    def claim(self, issue_key: str, reminder: str) -> bool:
        """True when this call recorded the reminder (send it); False when it was sent before."""
        ...

    def sent(self, issue_key: str, reminder: str) -> bool:
        """Whether the reminder was sent (a dry run asks this and writes nothing)."""
        ...

    def release(self, issue_key: str, reminder: str) -> None:
        """Forget a claim whose send failed, so that the next run sends it."""
        ...


class DynamoLedger:
    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self.dynamodb = dynamodb
        self.table_name = table_name

    def claim(self, issue_key: str, reminder: str) -> bool:
        now = datetime.now(UTC)
        try:
            self.dynamodb.put_item(
                TableName=self.table_name,
                Item={
                    table.PARTITION_KEY: {"S": table.reminder_pk(issue_key)},
                    table.SORT_KEY: {"S": reminder},
                    "sent_at": {"S": now.isoformat()},
                    table.TTL_ATTRIBUTE: {"N": str(int((now + KEEP).timestamp()))},
                },
                ConditionExpression="attribute_not_exists(#pk)",
                ExpressionAttributeNames={"#pk": table.PARTITION_KEY},
            )
        except self.dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    @staticmethod
    def _key(issue_key: str, reminder: str) -> dict[str, dict[str, str]]:
        return {table.PARTITION_KEY: {"S": table.reminder_pk(issue_key)}, table.SORT_KEY: {"S": reminder}}

    def sent(self, issue_key: str, reminder: str) -> bool:
        found = self.dynamodb.get_item(
            TableName=self.table_name, Key=self._key(issue_key, reminder), ConsistentRead=True
        )
        return "Item" in found

    def release(self, issue_key: str, reminder: str) -> None:
        self.dynamodb.delete_item(TableName=self.table_name, Key=self._key(issue_key, reminder))


class JsonFileLedger:
    """The CLI's ledger: one JSON file of `issue/reminder` keys, rewritten atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> set[str]:
        if not self.path.exists():
            return set()
        try:
            return set(json.loads(self.path.read_text(encoding="utf-8"))["sent"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{self.path}: not a closeloop reminder ledger: {error}") from None

    def _save(self, sent: set[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps({"sent": sorted(sent)}, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, self.path)

    def claim(self, issue_key: str, reminder: str) -> bool:
        sent = self._load()
        key = f"{issue_key}/{reminder}"
        if key in sent:
            return False
        self._save(sent | {key})
        return True

    def sent(self, issue_key: str, reminder: str) -> bool:
        return f"{issue_key}/{reminder}" in self._load()

    def release(self, issue_key: str, reminder: str) -> None:
        self._save(self._load() - {f"{issue_key}/{reminder}"})
