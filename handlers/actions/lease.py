"""One push at a time per incident: a lease taken before the outbox is read and given back after the push.

Two pushes of one incident at once (the schedule and the table's stream in AWS, two terminals) would
both read "not in Jira yet" and both create. The lease makes the second one wait or stand back; because
the holder reads the outbox only once it holds the lease, it sees everything the push before it wrote.

- `DynamoLease` (the Lambda, the drill): an item `pk=INCIDENT#<id>`, `sk=PUSH-LEASE` in the closeloop table,
  taken with a conditional PutItem (no item, an expired one, or this holder's own: a retried put whose first
  answer was lost is still ours) and given back by a conditional put that ends it. A holder that dies lets
  its lease expire after `seconds` (longer than the function's timeout).
- `FileLease` (the CLI): an exclusive `flock` on a file beside the outbox; the kernel lets go of it when
  the process ends, however it ends, so it needs no expiry.
"""

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Protocol

from domain import table
from domain.clock import Clock, system_now
from domain.escape.filename import safe_name

LEASE_SK = table.push_lease_sk()
# Longer than the actions function's timeout (300 s): a push that dies holding the lease lets it go after this.
LEASE_SECONDS = 360.0
NAMES = {"#pk": table.PARTITION_KEY, "#holder": "holder", "#until": "until"}


@dataclass(frozen=True)
class Holder:
    who: str
    since: datetime
    until: datetime | None  # None: held until its process ends

    def describe(self) -> str:
        ends = f", its lease ends {self.until:%H:%M:%S} UTC" if self.until else ""
        return f"{self.who}, since {self.since:%Y-%m-%d %H:%M:%S} UTC{ends}"


class Busy(Exception):
    """Another push of the incident holds the lease."""

    def __init__(self, incident_id: str, holder: Holder) -> None:
        super().__init__(
            f"another push of {incident_id} is running ({holder.describe()}): it pushes these actions; "
            "push again once it has ended"
        )
        self.incident_id, self.holder = incident_id, holder


class Lease(Protocol):
    def take(self, incident_id: str) -> Holder | None:
        """Take the incident's lease: None when this holder has it now, else who holds it."""
        ...

    def give_back(self, incident_id: str) -> None: ...


@contextmanager
def held(
    lease: Lease, incident_id: str, wait: float = 0.0, sleep: Callable[[float], None] = time.sleep, poll: float = 1.0
) -> Iterator[None]:
    """Hold the incident's lease for the block, waiting up to `wait` seconds for it; raises Busy after that."""
    waited = 0.0
    while (holder := lease.take(incident_id)) is not None:
        if waited >= wait:
            raise Busy(incident_id, holder)
        sleep(poll)
        waited += poll
    try:
        yield
    except BaseException:
        with suppress(Exception):  # the first error is the one to report; the lease expires if this fails too
            lease.give_back(incident_id)
        raise
    lease.give_back(incident_id)


class DynamoLease:
    def __init__(
        self,
        dynamodb: Any,
        table_name: str,
        holder: str,
        seconds: float,
        now: Clock = system_now,
    ) -> None:
        self.dynamodb, self.table_name, self.holder, self.seconds, self.now = dynamodb, table_name, holder, seconds, now

    def _key(self, incident_id: str) -> dict[str, dict[str, str]]:
        return {table.PARTITION_KEY: {"S": table.incident_pk(incident_id)}, table.SORT_KEY: {"S": LEASE_SK}}

    def _put(self, incident_id: str, until: datetime, condition: str, values: dict[str, Any]) -> dict[str, Any] | None:
        """The conditional put; None when it was applied, else the item that stood in its way."""
        now = self.now()
        item = {
            **self._key(incident_id),
            "holder": {"S": self.holder},
            "since": {"S": now.isoformat()},
            "until": {"N": str(until.timestamp())},
            table.TTL_ATTRIBUTE: {"N": str(int(until.timestamp()) + 86400)},  # DynamoDB tidies it a day later
        }
        try:
            self.dynamodb.put_item(
                TableName=self.table_name,
                Item=item,
                ConditionExpression=condition,
                # DynamoDB refuses names and values an expression does not use
                ExpressionAttributeNames={k: v for k, v in NAMES.items() if k in condition},
                ExpressionAttributeValues={":me": {"S": self.holder}, **values},
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self.dynamodb.exceptions.ConditionalCheckFailedException as error:
            found: dict[str, Any] = error.response.get("Item") or {}
            return found
        return None

    def take(self, incident_id: str) -> Holder | None:
        now = self.now()
        condition = "attribute_not_exists(#pk) OR #until < :now OR #holder = :me"
        other = self._put(
            incident_id, now + timedelta(seconds=self.seconds), condition, {":now": {"N": str(now.timestamp())}}
        )
        if other is None:
            return None
        since = datetime.fromisoformat(other.get("since", {}).get("S", now.isoformat()))
        until = datetime.fromtimestamp(float(other.get("until", {}).get("N", now.timestamp())), UTC)
        return Holder(other.get("holder", {}).get("S", "another push"), since, until)

    def give_back(self, incident_id: str) -> None:
        """End the lease (a put that makes it expired), only if it is still this holder's."""
        self._put(incident_id, self.now() - timedelta(seconds=1), "#holder = :me", {})


def this_process() -> str:
    """A push from the command line, as another push names it."""
    return f"closeloop actions push (process {os.getpid()} on {os.uname().nodename})"


class FileLease:
    def __init__(self, folder: Path, holder: str | None = None) -> None:
        self.folder = folder
        self.holder = holder or this_process()
        self._open: dict[str, IO[str]] = {}

    def take(self, incident_id: str) -> Holder | None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = open(self.folder / f"{safe_name(incident_id)}.lock", "a+", encoding="utf-8")  # noqa: SIM115
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            try:
                said = json.loads(handle.read() or "{}")
            except ValueError:
                said = {}
            handle.close()
            since = datetime.fromisoformat(said["since"]) if "since" in said else system_now()
            return Holder(str(said.get("holder", "another push")), since, None)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"holder": self.holder, "since": system_now().isoformat()}))
        handle.flush()
        self._open[incident_id] = handle
        return None

    def give_back(self, incident_id: str) -> None:
        handle = self._open.pop(incident_id, None)
        if handle is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            handle.close()
