"""Timeline events derived from the evidence: the first alert, each deployment, and each write a person made
in the window (CloudTrail), as a `human_action` by that person.

The events are read from the artefacts the manifest lists (each checked against its SHA-256 first, so
nothing is derived from changed evidence) and built by `timeline_event.event_item`, whose ids come
from the events' content: the same evidence gives the same keys, and a second run writes nothing new.
Existing events are found with one BatchGetItem per 100 keys; new ones go 25 to a BatchWriteItem.
"""

import gzip
import hashlib
import json
import random
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import boto3

from runbooks.scripts.clock import utc_now
from runbooks.scripts.evidence.keys import key_target, manifest_key
from runbooks.scripts.timeline_event import event_item

ACTOR = "closeloop:evidence"
GET_BATCH = 100
WRITE_BATCH = 25
MAX_HUMAN_ACTIONS = 50  # a timeline people read; the rest stay in the evidence


def artefact_lines(s3: Any, bucket: str, artefact: dict[str, Any]) -> Iterator[dict[str, Any]]:
    body = s3.get_object(Bucket=bucket, Key=artefact["key"])["Body"].read()
    if hashlib.sha256(body).hexdigest() != artefact["sha256"]:
        raise ValueError(f"{artefact['key']} does not match its SHA-256 in the manifest: not deriving from it")
    for line in gzip.decompress(body).splitlines():
        yield json.loads(line)


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def derived(incident_id: str, records: dict[str, list[dict[str, Any]]]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    alerts = [
        c
        for c in records.get("alarms/state-changes", [])
        if json.loads(c["HistoryData"]).get("newState", {}).get("stateValue") == "ALARM"
    ]
    first_alert = min(alerts, key=lambda c: (_at(c["Timestamp"]), c["AlarmName"]), default=None)
    if first_alert:
        reason = json.loads(first_alert["HistoryData"])["newState"].get("stateReason", "")
        found.append(
            {
                "Kind": "alert",
                "OccurredAt": first_alert["Timestamp"],
                "Source": f"cloudwatch-alarm:{first_alert['AlarmName']}",
                "Text": f"First alert: {first_alert['AlarmName']} went to ALARM. {reason}"[:500],
                "Where": first_alert.get("_target", ""),
            }
        )
    for m in records.get("deployments/markers", []):
        commit = f" (commit {m['commit']})" if m.get("commit") else ""
        found.append(
            {
                "Kind": "deployment",
                "OccurredAt": m["at"],
                "Source": f"{m['kind']}:{m['id']}",
                "Text": f"{m['kind']} deployment of {m['target']}: {m['status']}{commit}"[:500],
                "Where": m.get("_target", ""),
            }
        )
    # Every write a person made in the window, by that person: the manual actions the response took.
    people = sorted(records.get("manual_actions/cloudtrail", []), key=lambda e: (_at(e["EventTime"]), e["EventId"]))
    for action in people[:MAX_HUMAN_ACTIONS]:
        who = str(action["CloudTrailEvent"].get("userIdentity", {}).get("arn") or action.get("Username"))
        found.append(
            {
                "Kind": "human_action",
                "OccurredAt": action["EventTime"],
                "Source": f"cloudtrail:{action['EventId']}",
                "Text": f"{action.get('Username') or who} called {action['EventName']} on {action.get('EventSource')}",
                "Where": action.get("_target", ""),
                "Actor": who,
            }
        )
    return [event | {"IncidentId": incident_id} for event in found]


def placed(item: dict[str, Any], event: dict[str, str]) -> dict[str, Any]:
    """The item with the account and region its evidence was read in (domain/timeline.py's `account`, `region`)."""
    account, _, region = event.get("Where", "").partition("/")
    return item | ({"account": {"S": account}, "region": {"S": region}} if region else {})


def existing_keys(dynamodb: Any, table: str, items: list[dict[str, Any]]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for i in range(0, len(items), GET_BATCH):
        keys = [{"pk": item["pk"], "sk": item["sk"]} for item in items[i : i + GET_BATCH]]
        request = {table: {"Keys": keys, "ProjectionExpression": "pk, sk"}}
        while request:
            answer = dynamodb.batch_get_item(RequestItems=request)
            found |= {(row["pk"]["S"], row["sk"]["S"]) for row in answer.get("Responses", {}).get(table, [])}
            request = answer.get("UnprocessedKeys") or {}
    return found


def alert_times(dynamodb: Any, table: str, incident_id: str) -> set[tuple[str, str]]:
    """When the incident's timeline has an alert (the alarm's own event, from the timeline handler), and its key."""
    query: dict[str, Any] = {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :events)",
        "FilterExpression": "#kind = :alert",
        "ExpressionAttributeNames": {"#kind": "kind"},
        "ExpressionAttributeValues": {
            ":pk": {"S": f"INCIDENT#{incident_id}"},
            ":events": {"S": "EVENT#"},
            ":alert": {"S": "alert"},
        },
        "ProjectionExpression": "occurred_at, sk",
    }
    found: set[tuple[str, str]] = set()
    while True:
        answer = dynamodb.query(**query)
        found |= {(row["occurred_at"]["S"], row["sk"]["S"]) for row in answer.get("Items", [])}
        if not answer.get("LastEvaluatedKey"):
            return found
        query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def _alerted(item: dict[str, Any], alerts: set[tuple[str, str]]) -> bool:
    return any(at == item["occurred_at"]["S"] and sk != item["sk"]["S"] for at, sk in alerts)


def write_new(dynamodb: Any, table: str, items: list[dict[str, Any]]) -> None:
    for i in range(0, len(items), WRITE_BATCH):
        request = {table: [{"PutRequest": {"Item": item}} for item in items[i : i + WRITE_BATCH]]}
        for attempt in range(8):
            request = dynamodb.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
            if not request:
                break
            time.sleep(random.uniform(0, min(8.0, 0.1 * 2**attempt)))
        if request:
            raise RuntimeError(f"{len(request[table])} timeline events stayed unprocessed after 8 attempts")


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    s3, dynamodb = boto3.client("s3"), boto3.client("dynamodb")
    incident_id, bucket, table = str(events["IncidentId"]), str(events["EvidenceBucket"]), str(events["TableName"])
    key = manifest_key(incident_id, str(events.get("ExecutionId") or "local"))  # this run's manifest
    manifest = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    wanted = {"alarms/state-changes", "deployments/markers", "manual_actions/cloudtrail"}
    records: dict[str, list[dict[str, Any]]] = {}
    for artefact in manifest["artefacts"]:
        name = f"{artefact['source']}/{artefact['key'].rsplit('/', 1)[-1].removesuffix('.ndjson.gz')}"
        if name in wanted:
            target = key_target(artefact["key"])
            records.setdefault(name, []).extend(
                line | {"_target": target} for line in artefact_lines(s3, bucket, artefact)
            )
    now = utc_now()
    alerts = alert_times(dynamodb, table, incident_id)
    items = [
        placed(event_item(event, event.pop("Actor", ACTOR), now), event) for event in derived(incident_id, records)
    ]
    # Another alert already on the timeline at that second (the alarm's own event) is this one: no second copy.
    items = [i for i in items if i["kind"]["S"] != "alert" or not _alerted(i, alerts)]
    there = existing_keys(dynamodb, table, items)
    new = [item for item in items if (item["pk"]["S"], item["sk"]["S"]) not in there]
    write_new(dynamodb, table, new)
    kinds = [item["kind"]["S"] for item in items]
    return {
        "Events": len(items),
        "Created": len(new),
        "FirstAlert": next((item["occurred_at"]["S"] for item in items if item["kind"]["S"] == "alert"), ""),
        "Deployments": kinds.count("deployment"),
        "FirstHumanAction": next(
            (item["occurred_at"]["S"] for item in items if item["kind"]["S"] == "human_action"), ""
        ),
    }
