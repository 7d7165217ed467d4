"""Incident items in the closeloop table: opened once, read, listed (by class, in time order), closed once.

The DynamoDB client is given (the CLI's, a test's), never made here.
"""

from datetime import datetime
from typing import Any

from domain import table
from domain.incident import SECOND, IncidentRecord, Status


class IncidentStore:
    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self.dynamodb = dynamodb
        self.table_name = table_name

    def open(self, incident: IncidentRecord) -> bool:
        """Write the incident unless it exists; True when this call opened it (a second open keeps the first)."""
        try:
            self.dynamodb.put_item(
                TableName=self.table_name,
                Item=incident.to_item(),
                ConditionExpression="attribute_not_exists(#pk)",
                ExpressionAttributeNames={"#pk": table.PARTITION_KEY},
            )
        except self.dynamodb.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def get(self, incident_id: str) -> IncidentRecord | None:
        item = self.dynamodb.get_item(TableName=self.table_name, Key=_key(incident_id), ConsistentRead=True).get("Item")
        return IncidentRecord.from_item(item) if item else None

    def close(self, incident_id: str, at: datetime) -> bool:
        """Mark an open incident closed at `at`; False when it is closed already. A missing incident raises KeyError."""
        try:
            self.dynamodb.update_item(
                TableName=self.table_name,
                Key=_key(incident_id),
                UpdateExpression="SET #status = :closed, closed_at = :at",
                ConditionExpression="attribute_exists(#pk) AND #status <> :closed",
                ExpressionAttributeNames={"#pk": table.PARTITION_KEY, "#status": "status"},
                ExpressionAttributeValues={":closed": {"S": Status.CLOSED.value}, ":at": {"S": at.strftime(SECOND)}},
            )
        except self.dynamodb.exceptions.ConditionalCheckFailedException:
            if self.get(incident_id) is None:
                raise KeyError(incident_id) from None
            return False
        return True

    def list(self, incident_class: str | None = None) -> list[IncidentRecord]:
        """Every incident (of a class: through the class index), oldest start first, page by page."""
        request: dict[str, Any] = {"TableName": self.table_name}
        if incident_class is None:
            operation = self.dynamodb.scan
            request |= {
                "FilterExpression": "#sk = :sk",
                "ExpressionAttributeNames": {"#sk": table.SORT_KEY},
                "ExpressionAttributeValues": {":sk": {"S": table.incident_sk()}},
            }
        else:
            operation = self.dynamodb.query
            request |= {
                "IndexName": table.CLASS_INDEX,
                "KeyConditionExpression": "#pk = :pk",
                "ExpressionAttributeNames": {"#pk": table.CLASS_INDEX_PARTITION_KEY},
                "ExpressionAttributeValues": {":pk": {"S": table.class_pk(incident_class)}},
            }
        found: list[IncidentRecord] = []
        while True:
            page = operation(**request)
            found += [IncidentRecord.from_item(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return sorted(found, key=lambda incident: (incident.started_at, incident.incident_id))
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _key(incident_id: str) -> dict[str, dict[str, str]]:
    return {
        table.PARTITION_KEY: {"S": table.incident_pk(incident_id)},
        table.SORT_KEY: {"S": table.incident_sk()},
    }
