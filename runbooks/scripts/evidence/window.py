"""The collection window: as given, or from the first alarm before the end (minus a margin) up to now.

It also fixes the run's targets once, for every later step.

An incident commander usually launches collection while the incident runs and knows neither time
exactly: the end defaults to now, the start to the earliest alarm that went to ALARM in the day before
the end (matching the alarm name prefix, if any), less 30 minutes; with no alarm, the two hours before.
The alarms are every target's, each read as the collectors read it (sessions.py); a target that cannot be
read is a note in Basis, not a failure.
"""

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

from runbooks.scripts.clock import SCRIPT_THREADS, utc_now
from runbooks.scripts.evidence.retry import Calls
from runbooks.scripts.evidence.sessions import DEFAULT_READER_ROLE, ClientMaker, Unreachable, error_line, target_clients
from runbooks.scripts.evidence.target import Target
from runbooks.scripts.evidence.targets import targets_named
from runbooks.scripts.evidence.times import iso, parse_time

LOOKBACK = timedelta(hours=24)
MARGIN = timedelta(minutes=30)
NO_ALARM_SPAN = timedelta(hours=2)


def first_alarm(cloudwatch: Any, prefix: str, start: datetime, end: datetime) -> datetime | None:
    params: dict[str, Any] = {
        "HistoryItemType": "StateUpdate",
        "AlarmTypes": ["MetricAlarm", "CompositeAlarm"],
        "StartDate": start,
        "EndDate": end,
        "ScanBy": "TimestampAscending",
        "MaxRecords": 100,
    }
    calls = Calls()  # throttling and a 5xx are retried as every collector's calls are (the clients do not)
    while True:
        page = calls.call(cloudwatch, "describe_alarm_history", **params)
        for item in page.get("AlarmHistoryItems", []):
            went = json.loads(item.get("HistoryData") or "{}").get("newState", {}).get("stateValue")
            if went == "ALARM" and item["AlarmName"].startswith(prefix):
                return item["Timestamp"].astimezone(UTC)  # type: ignore[no-any-return]
        if not page.get("NextToken"):
            return None
        params["NextToken"] = page["NextToken"]


def first_alarm_anywhere(
    prefix: str, clients: Callable[[Target], ClientMaker], targets: list[Target], end: datetime
) -> tuple[datetime | None, list[str]]:
    """The earliest ALARM of all targets (read in parallel), and a note for each target not read."""

    def read(target: Target) -> tuple[datetime | None, str]:
        try:
            return first_alarm(clients(target)("cloudwatch"), prefix, end - LOOKBACK, end), ""
        except Exception as error:  # unreachable, or its alarm history refused: the others still count
            return None, f"{target.label} not read: {error if isinstance(error, Unreachable) else error_line(error)}"

    with ThreadPoolExecutor(min(len(targets), 16), thread_name_prefix=SCRIPT_THREADS) as pool:
        found = list(pool.map(read, targets))
    return min((when for when, _ in found if when), default=None), [note for _, note in found if note]


def resolve(
    events: dict[str, Any], clients: Callable[[Target], ClientMaker], now: datetime, targets: list[Target]
) -> dict[str, str]:
    end = parse_time(str(events["WindowEnd"])) if events.get("WindowEnd") else now
    if events.get("WindowStart"):
        start, basis = parse_time(str(events["WindowStart"])), "given"
    else:
        alarm, notes = first_alarm_anywhere(str(events.get("AlarmNamePrefix") or ""), clients, targets, end)
        start, basis = (
            (alarm - MARGIN, "first alarm less 30 minutes") if alarm else (end - NO_ALARM_SPAN, "no alarm: 2 hours")
        )
        basis = "; ".join([basis, *notes])
    if end <= start:
        raise ValueError(f"WindowEnd {iso(end)} is not after WindowStart {iso(start)}")
    return {"WindowStart": iso(start), "WindowEnd": iso(end), "Basis": basis}


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    """The window, and the run's targets (home: this account and region)."""
    account = str(boto3.client("sts").get_caller_identity()["Account"])  # needs no permission
    home = Target(account, str(boto3.session.Session().region_name))
    targets = targets_named(events, home)
    role = str(events.get("EvidenceReaderRole") or DEFAULT_READER_ROLE)
    resolved = resolve(events, lambda target: target_clients(target, home, role), utc_now(), targets)
    return resolved | {"Home": home.label, "Targets": [target.label for target in targets]}
