"""Webhook deliveries already taken: `pk=WEBHOOK#<X-Atlassian-Webhook-Identifier>`, expiring by TTL.

A delivery is claimed with a conditional write before anything is done, marked done after, and released
if handling fails (so Jira's retry of it is handled, not refused). A claim is a lease: when the handler
dies or DynamoDB fails so that the release fails too, the claim lapses after LEASE and Jira's retry is
handled then; until it lapses a redelivery is asked to come back (503), not refused. A claim's own write
whose answer was lost is recognised by its token (`handlers.enforcement.claim`). Deliveries older than
FRESH are refused outright, which makes the TTL (KEEP, longer than FRESH) enough: no replay can outlive
its record.
"""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from domain import table
from domain.clock import system_now
from handlers.enforcement.claim import claim

FRESH = timedelta(hours=24)
KEEP = timedelta(hours=72)
LEASE = timedelta(minutes=2)  # longer than the function's timeout: a live handler's claim never lapses
SORT = "DELIVERY"
HANDLING, DONE = "handling", "done"


class Claim(StrEnum):
    TAKEN = "taken"  # this call holds the delivery: handle it
    DONE_BEFORE = "done before"  # handled already: a replay
    HELD = "held"  # another call is handling it (or died doing so): come back after the lease


class Deliveries:
    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self.dynamodb = dynamodb
        self.table_name = table_name

    def _key(self, delivery_id: str) -> dict[str, dict[str, str]]:
        return {table.PARTITION_KEY: {"S": table.webhook_delivery_pk(delivery_id)}, table.SORT_KEY: {"S": SORT}}

    def claim(self, delivery_id: str, now: datetime | None = None) -> Claim:
        now = now or system_now()
        item = self._key(delivery_id) | {
            "received_at": {"S": now.isoformat()},
            "state": {"S": HANDLING},
            "lease_until": {"N": str(int((now + LEASE).timestamp()))},
            table.TTL_ATTRIBUTE: {"N": str(int((now + KEEP).timestamp()))},
        }
        lapsed = "#state = :handling AND lease_until <= :now"  # a claim whose handler never finished
        values = {":handling": {"S": HANDLING}, ":now": {"N": str(int(now.timestamp()))}}
        if claim(self.dynamodb, self.table_name, item, lapsed, values, {"#state": "state"}):
            return Claim.TAKEN
        stored = self.dynamodb.get_item(TableName=self.table_name, Key=self._key(delivery_id), ConsistentRead=True)
        return Claim.HELD if stored.get("Item", {}).get("state", {}).get("S") == HANDLING else Claim.DONE_BEFORE

    def done(self, delivery_id: str) -> None:
        self.dynamodb.update_item(
            TableName=self.table_name,
            Key=self._key(delivery_id),
            UpdateExpression="SET #state = :done REMOVE lease_until",
            ExpressionAttributeNames={"#state": "state"},
            ExpressionAttributeValues={":done": {"S": DONE}},
        )

    def release(self, delivery_id: str) -> None:
        self.dynamodb.delete_item(TableName=self.table_name, Key=self._key(delivery_id))
