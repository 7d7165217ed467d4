"""Timeline events in the closeloop table: written once each, read back in time order, page by page.

The DynamoDB client is given (the Lambda's, the CLI's, a test's), never made here, so the same code runs
against AWS, the emulator, or a Stubber.
"""

from typing import Any

from domain import table
from domain.timeline import TimelineEvent

EVENT_PREFIX = "EVENT#"


class TimelineStore:
    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self.dynamodb = dynamodb
        self.table_name = table_name

    def put(self, event: TimelineEvent) -> bool:
        """Write the event unless it is there already; True when this call created it.

        The condition makes a retried write (Lambda retry, re-run step, double click) a no-op, not a duplicate.
        """
        try:
            self.dynamodb.put_item(
                TableName=self.table_name,
                Item=event.to_item(),
                ConditionExpression="attribute_not_exists(#sk)",
                ExpressionAttributeNames={"#sk": table.SORT_KEY},
            )
        except self.dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def events(self, incident_id: str, page_size: int | None = None) -> list[TimelineEvent]:
        """Every event of the incident, oldest first, following LastEvaluatedKey to the last page."""
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :prefix)",
            "ExpressionAttributeNames": {"#pk": table.PARTITION_KEY, "#sk": table.SORT_KEY},
            "ExpressionAttributeValues": {
                ":pk": {"S": table.incident_pk(incident_id)},
                ":prefix": {"S": EVENT_PREFIX},
            },
            "ConsistentRead": True,
        }
        if page_size is not None:
            request["Limit"] = page_size
        found: list[TimelineEvent] = []
        while True:
            page = self.dynamodb.query(**request)
            found += [TimelineEvent.from_item(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return found
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
