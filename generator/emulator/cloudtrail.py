"""CloudTrail LookupEvents over the management events the emulator's own server received.

Every successful write call to the server is recorded as CloudTrail would record it (data events such as
S3 object writes, PutLogEvents or DynamoDB item writes are not management events and are left out), with
the caller's identity from its access key: an IAM user created in the emulator is an `IAMUser`, a key
from AssumeRole an `AssumedRole`, anything else the emulator's own machine role. `record_event` adds an
event directly (an incident seeded at a given time). The events live on moto's CloudTrail backend, so
moto's reset forgets them with everything else.
"""

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from moto.cloudtrail.models import cloudtrail_backends

from generator.emulator import clock

MAX_RESULTS = 50
LOOKUP_KEYS = {
    "EventId": "event_id",
    "EventName": "event_name",
    "ReadOnly": "read_only",
    "Username": "username",
    "EventSource": "event_source",
    "AccessKeyId": "access_key_id",
    "ResourceType": None,
    "ResourceName": None,
}
_LOCK = threading.Lock()
# Kept on moto's own backend object, so moto's reset (a new backend) forgets them.
STORE_ATTRIBUTE = "closeloop_events"


@dataclass
class TrailEvent:
    event_name: str
    event_source: str
    username: str
    user_identity: dict[str, Any]
    event_time: datetime = field(default_factory=clock.now)
    read_only: bool = False
    access_key_id: str = ""
    resources: list[dict[str, str]] = field(default_factory=list)
    request_parameters: dict[str, Any] | None = None
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def to_api(self, account_id: str, region: str) -> dict[str, Any]:
        detail = {
            "eventVersion": "1.09",
            "userIdentity": self.user_identity,
            "eventTime": self.event_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": self.event_source,
            "eventName": self.event_name,
            "awsRegion": region,
            "requestParameters": self.request_parameters,
            "eventID": self.event_id,
            "readOnly": self.read_only,
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": account_id,
            "eventCategory": "Management",
        }
        return {
            "EventId": self.event_id,
            "EventName": self.event_name,
            "ReadOnly": "true" if self.read_only else "false",
            "AccessKeyId": self.access_key_id,
            "EventTime": self.event_time.timestamp(),
            "EventSource": self.event_source,
            "Username": self.username,
            "Resources": [{"ResourceType": r["type"], "ResourceName": r["name"]} for r in self.resources],
            "CloudTrailEvent": json.dumps(detail),
        }


def recorded_events(account_id: str, region: str) -> list[TrailEvent]:
    backend = cloudtrail_backends[account_id][region]
    with _LOCK:
        if not hasattr(backend, STORE_ATTRIBUTE):
            setattr(backend, STORE_ATTRIBUTE, [])
        events: list[TrailEvent] = getattr(backend, STORE_ATTRIBUTE)
        return events


def record_event(account_id: str, region: str, event: TrailEvent) -> None:
    events = recorded_events(account_id, region)
    with _LOCK:
        events.append(event)


def lookup_events(self: Any) -> str:
    """The LookupEvents operation, newest first, one lookup attribute, at most 50 a page."""
    from moto.cloudtrail.exceptions import InvalidParameterCombinationException

    attributes = self._get_param("LookupAttributes") or []
    if len(attributes) > 1:
        raise InvalidParameterCombinationException("LookupAttributes accepts only one attribute")
    max_results = int(self._get_param("MaxResults") or MAX_RESULTS)
    if not 1 <= max_results <= MAX_RESULTS:
        raise InvalidParameterCombinationException(f"MaxResults {max_results} is not between 1 and {MAX_RESULTS}")
    start, end = _time(self._get_param("StartTime")), _time(self._get_param("EndTime"))
    events = [
        event
        for event in list(recorded_events(self.current_account, self.region))
        if (start is None or event.event_time >= start)
        and (end is None or event.event_time <= end)
        and all(_matches(event, attribute) for attribute in attributes)
    ]
    events.sort(key=lambda event: (event.event_time, event.event_id), reverse=True)
    offset = int(self._get_param("NextToken") or 0)
    page = events[offset : offset + max_results]
    result: dict[str, Any] = {"Events": [event.to_api(self.current_account, self.region) for event in page]}
    if offset + max_results < len(events):
        result["NextToken"] = str(offset + max_results)
    return json.dumps(result)


def _matches(event: TrailEvent, attribute: dict[str, str]) -> bool:
    key, value = attribute.get("AttributeKey", ""), attribute.get("AttributeValue", "")
    if key not in LOOKUP_KEYS:
        from moto.cloudtrail.exceptions import InvalidParameterCombinationException

        raise InvalidParameterCombinationException(f"AttributeKey {key} is not one of {', '.join(LOOKUP_KEYS)}")
    if key == "ReadOnly":
        return event.read_only == (value.lower() == "true")
    if key in ("ResourceType", "ResourceName"):
        part = "type" if key == "ResourceType" else "name"
        return any(resource[part] == value for resource in event.resources)
    return str(getattr(event, LOOKUP_KEYS[key] or "")) == value


def _time(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
