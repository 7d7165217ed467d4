"""Incident items in the closeloop table: opened once, read, listed (by class, in time order), closed once.

The item also holds each evidence collection run's manifest anchor (`evidence_anchors`, a map by run id),
written once per run by the timeline handler. The DynamoDB client is given (the CLI's, a test's), never made here.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain import table
from domain.evidence_anchor import ManifestAnchor
from domain.incident import SECOND, IncidentRecord, Status

ANCHORS = "evidence_anchors"


class Anchored(StrEnum):
    """What recording a run's anchor on the incident item did."""

    RECORDED = "recorded on the incident item"
    ALREADY = "already on the incident item"
    NO_INCIDENT = "the incident has no item in the table: the anchor is on the timeline only"
    CONFLICT = "the incident item holds another anchor for this run: kept, not replaced"


@dataclass(frozen=True)
class ItemAnchor:
    run: str
    anchor: ManifestAnchor
    recorded_at: str


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

    def record_anchor(self, incident_id: str, run: str, anchor: ManifestAnchor, at: datetime) -> Anchored:
        """Keep a collection run's manifest anchor on the incident's item, once: a run's anchor is never replaced."""
        try:  # the map first: DynamoDB sets no path inside an attribute that is not there
            self.dynamodb.update_item(
                TableName=self.table_name,
                Key=_key(incident_id),
                UpdateExpression="SET #anchors = if_not_exists(#anchors, :none)",
                ConditionExpression="attribute_exists(#pk)",
                ExpressionAttributeNames={"#pk": table.PARTITION_KEY, "#anchors": ANCHORS},
                ExpressionAttributeValues={":none": {"M": {}}},
            )
        except self.dynamodb.exceptions.ConditionalCheckFailedException:
            return Anchored.NO_INCIDENT
        try:
            self.dynamodb.update_item(
                TableName=self.table_name,
                Key=_key(incident_id),
                UpdateExpression="SET #anchors.#run = :anchor",
                ConditionExpression="attribute_not_exists(#anchors.#run)",
                ExpressionAttributeNames={"#anchors": ANCHORS, "#run": run},
                ExpressionAttributeValues={":anchor": anchor.to_attribute(run, at.strftime(SECOND))},
            )
        except self.dynamodb.exceptions.ConditionalCheckFailedException:
            kept = next((found.anchor for found in self.anchors(incident_id) if found.run == run), None)
            return Anchored.ALREADY if kept == anchor else Anchored.CONFLICT
        return Anchored.RECORDED

    def anchors(self, incident_id: str) -> list[ItemAnchor]:
        """The evidence anchors on the incident's item, oldest first (none when there is no item)."""
        item = self.dynamodb.get_item(
            TableName=self.table_name,
            Key=_key(incident_id),
            ConsistentRead=True,
            ProjectionExpression="#anchors",
            ExpressionAttributeNames={"#anchors": ANCHORS},
        ).get("Item", {})
        found = []
        for run, value in (item.get(ANCHORS, {}).get("M") or {}).items():
            anchor = ManifestAnchor.from_attribute(value)
            if anchor is not None:
                found.append(ItemAnchor(run, anchor, str(value["M"].get("recorded_at", {}).get("S", ""))))
        return sorted(found, key=lambda entry: (entry.recorded_at, entry.run))

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
