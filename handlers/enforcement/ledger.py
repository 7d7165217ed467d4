"""What enforcement has already sent: one record per (issue, reminder kind, due date), claimed before sending.

A reminder is claimed with a conditional write and released again if sending fails, so it goes out once
however often the handler runs, and a failed send is retried next run. The table keeps the records
(`pk=REMINDER#<issue>`, as domain/table.py defines); a JSON file keeps them for the CLI.

A fix (an owner assigned, a due date set, an issue reopened) stands once Jira applied it, and the next run
sees nothing to fix; if its explaining comment was refused, the ledger keeps that comment as owed
(`pk=ENFORCEMENT#OWED-COMMENTS`, one Query per run) until a run sends it.
"""

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from domain import table
from handlers.enforcement.claim import claim

KEEP = timedelta(days=400)  # after a year nobody needs to know a reminder of an action long closed was sent


@dataclass(frozen=True)
class OwedComment:
    issue_key: str
    note: str  # the step's kind and a digest of the text: one owed record per distinct comment
    text: str
    mention: str | None
    copies_before: int  # how many comments said this text when the fix ran: more later means it was applied

    @property
    def key(self) -> str:
        return f"{self.issue_key}#{self.note}"

    @property
    def kind(self) -> str:
        return self.note.split("#")[0]


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

    def owe(self, comment: OwedComment) -> None:
        """Keep a comment whose fix Jira applied and whose own request it refused."""
        ...

    def owed(self) -> list[OwedComment]:
        """Every comment still owed."""
        ...

    def settle(self, comment: OwedComment) -> None:
        """The comment is in Jira now."""
        ...


class DynamoLedger:
    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self.dynamodb = dynamodb
        self.table_name = table_name

    def claim(self, issue_key: str, reminder: str) -> bool:
        now = datetime.now(UTC)
        item = {
            table.PARTITION_KEY: {"S": table.reminder_pk(issue_key)},
            table.SORT_KEY: {"S": reminder},
            "sent_at": {"S": now.isoformat()},
            table.TTL_ATTRIBUTE: {"N": str(int((now + KEEP).timestamp()))},
        }
        return claim(self.dynamodb, self.table_name, item)  # a retried put of our own claim is still ours

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

    def _owed_key(self, comment: OwedComment) -> dict[str, dict[str, str]]:
        return {table.PARTITION_KEY: {"S": table.owed_comments_pk()}, table.SORT_KEY: {"S": comment.key}}

    def owe(self, comment: OwedComment) -> None:
        expires = int((datetime.now(UTC) + KEEP).timestamp())
        item = {**self._owed_key(comment), "comment": {"S": json.dumps(asdict(comment))},
                table.TTL_ATTRIBUTE: {"N": str(expires)}}  # fmt: skip
        self.dynamodb.put_item(TableName=self.table_name, Item=item)  # the same comment owed twice is one item

    def owed(self) -> list[OwedComment]:
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "#pk = :pk",
            "ExpressionAttributeNames": {"#pk": table.PARTITION_KEY},
            "ExpressionAttributeValues": {":pk": {"S": table.owed_comments_pk()}},
            "ConsistentRead": True,
        }
        found: list[OwedComment] = []
        while True:
            page = self.dynamodb.query(**request)
            found += [OwedComment(**json.loads(item["comment"]["S"])) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return found
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def settle(self, comment: OwedComment) -> None:
        self.dynamodb.delete_item(TableName=self.table_name, Key=self._owed_key(comment))


class JsonFileLedger:
    """The CLI's ledger: one JSON file of `issue/reminder` keys, rewritten atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> tuple[set[str], dict[str, OwedComment]]:
        if not self.path.exists():
            return set(), {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            owed = [OwedComment(**item) for item in data.get("owed", [])]
            return set(data["sent"]), {comment.key: comment for comment in owed}
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{self.path}: not a closeloop reminder ledger: {error}") from None

    def _write(self, sent: set[str], owed: dict[str, OwedComment]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        body = {"sent": sorted(sent), "owed": [asdict(owed[key]) for key in sorted(owed)]}
        temporary.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, self.path)

    def _load(self) -> set[str]:
        return self._read()[0]

    def _save(self, sent: set[str]) -> None:
        self._write(sent, self._read()[1])

    def owe(self, comment: OwedComment) -> None:
        sent, owed = self._read()
        self._write(sent, owed | {comment.key: comment})

    def owed(self) -> list[OwedComment]:
        return list(self._read()[1].values())

    def settle(self, comment: OwedComment) -> None:
        sent, owed = self._read()
        self._write(sent, {key: c for key, c in owed.items() if key != comment.key})

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
