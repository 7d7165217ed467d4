"""Deliveries about one action apply in the order Jira sent them: an older one arriving later is ignored.

Jira does not promise delivery order, and a captured delivery can be replayed under a new identifier: a
"resolved" sent before a reopen must not set the action back to done. Each action keeps the newest
`timestamp` applied (`pk=WEBHOOK-ORDER#<incident>#<action>`); a delivery advances it with a conditional
write, and one older than it is ignored. An equal timestamp passes: Jira's retry of the same delivery
(whose first try failed after advancing) and two changes in the same millisecond both apply.
"""

from typing import Any

from domain import table

SORT = "ORDER"


class ActionOrder:
    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self.dynamodb = dynamodb
        self.table_name = table_name

    def advance(self, incident_id: str, action_id: str, timestamp_ms: int) -> bool:
        """True when no later delivery about the action was applied before (and this one is now the latest)."""
        try:
            self.dynamodb.update_item(
                TableName=self.table_name,
                Key={
                    table.PARTITION_KEY: {"S": table.webhook_order_pk(incident_id, action_id)},
                    table.SORT_KEY: {"S": SORT},
                },
                UpdateExpression="SET applied_ms = :ts",
                ConditionExpression="attribute_not_exists(applied_ms) OR applied_ms <= :ts",
                ExpressionAttributeValues={":ts": {"N": str(timestamp_ms)}},
            )
        except self.dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True
