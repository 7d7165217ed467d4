"""Webhook deliveries already taken: `pk=WEBHOOK#<X-Atlassian-Webhook-Identifier>`, expiring by TTL.

A delivery is claimed with a conditional write before anything is done, and released if handling fails
(so Jira's retry of it is handled, not refused). Deliveries older than FRESH are refused outright, which
makes the TTL (KEEP, longer than FRESH) enough: no replay can outlive its record.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from domain import table

FRESH = timedelta(hours=24)
KEEP = timedelta(hours=72)
SORT = "DELIVERY"


class Deliveries:
    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self.dynamodb = dynamodb
        self.table_name = table_name

    def claim(self, delivery_id: str, now: datetime | None = None) -> bool:
        now = now or datetime.now(UTC)
        try:
            self.dynamodb.put_item(
                TableName=self.table_name,
                Item={
                    table.PARTITION_KEY: {"S": table.webhook_delivery_pk(delivery_id)},
                    table.SORT_KEY: {"S": SORT},
                    "received_at": {"S": now.isoformat()},
                    table.TTL_ATTRIBUTE: {"N": str(int((now + KEEP).timestamp()))},
                },
                ConditionExpression="attribute_not_exists(#pk)",
                ExpressionAttributeNames={"#pk": table.PARTITION_KEY},
            )
        except self.dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def release(self, delivery_id: str) -> None:
        key = {table.PARTITION_KEY: {"S": table.webhook_delivery_pk(delivery_id)}, table.SORT_KEY: {"S": SORT}}
        self.dynamodb.delete_item(TableName=self.table_name, Key=key)
