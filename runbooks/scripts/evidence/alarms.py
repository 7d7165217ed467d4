"""Alert timestamps: every alarm state change in the window, and the alarms' definitions.

DescribeAlarmHistory without an AlarmName covers every alarm in one paged listing (100 items a page),
so the history costs ceil(changes / 100) calls however many alarms there are; an alarm name prefix is
applied to the items, which the API cannot filter by. DescribeAlarms pages 100 alarms at a time.
"""

import json
from typing import Any

from runbooks.scripts.evidence.gather import gather
from runbooks.scripts.evidence.source import Context, run_source
from runbooks.scripts.evidence.times import iso

SOURCE = "alarms"
ALARM_TYPES = ["MetricAlarm", "CompositeAlarm"]


def alarm_listing(ctx: Context) -> dict[str, Any]:
    prefix = str(ctx.events.get("AlarmNamePrefix") or "")
    params: dict[str, Any] = {"AlarmTypes": ALARM_TYPES, "MaxRecords": 100}
    if prefix:
        params["AlarmNamePrefix"] = prefix
    return params


def collect(ctx: Context) -> None:
    cloudwatch = ctx.client("cloudwatch")
    prefix = str(ctx.events.get("AlarmNamePrefix") or "")
    definitions = ctx.ndjson("definitions.ndjson.gz")
    pages = ctx.calls.pages(cloudwatch, "describe_alarms", **alarm_listing(ctx))
    alarm_count = gather(ctx, definitions, pages, ("MetricAlarms", "CompositeAlarms"))
    ctx.keep(definitions)

    changes = ctx.ndjson("state-changes.ndjson.gz")
    first_alarm: dict[str, Any] = {}

    def keep(item: dict[str, Any]) -> bool:
        if prefix and not str(item.get("AlarmName", "")).startswith(prefix):
            return False
        data = json.loads(item.get("HistoryData") or "{}")
        moment = item["Timestamp"]
        if data.get("newState", {}).get("stateValue") == "ALARM" and (
            not first_alarm or moment < first_alarm["Timestamp"]
        ):
            first_alarm.update(item)
        return True

    history = ctx.calls.pages(
        cloudwatch,
        "describe_alarm_history",
        HistoryItemType="StateUpdate",
        AlarmTypes=ALARM_TYPES,
        StartDate=ctx.start,
        EndDate=ctx.end,
        ScanBy="TimestampAscending",
        MaxRecords=100,
    )
    transitions = gather(ctx, changes, history, "AlarmHistoryItems", keep)
    ctx.keep(changes)
    ctx.summary = {"alarms": alarm_count, "state_changes": transitions}
    if first_alarm:
        ctx.summary["first_alarm"] = {"alarm": first_alarm["AlarmName"], "at": iso(first_alarm["Timestamp"])}


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_source(SOURCE, collect, events)
