"""Graph snapshots: a PNG of each alarm's metric, as operators saw it, for the alarms that changed state.

GetMetricWidgetImage draws one widget per call, so the calls are one per alarm that changed state in the
window (found with one paged DescribeAlarmHistory), plus the alarm listing; at most `MaxSnapshots`.
"""

import json
from datetime import timedelta
from typing import Any

from domain.escape.filename import safe_name
from runbooks.scripts.evidence.source import Context, run_source
from runbooks.scripts.evidence.times import iso

SOURCE = "snapshots"
SNAPSHOT_MARGIN = timedelta(minutes=30)
DEFAULT_MAX_SNAPSHOTS = 50


def metric_row(namespace: str, name: str, dimensions: list[dict[str, str]]) -> list[Any]:
    """A widget metric: namespace, name, then each dimension's name and value (without them it is another metric)."""
    row: list[Any] = [namespace, name]
    for dimension in dimensions:
        row += [dimension["Name"], dimension["Value"]]
    return row


def stat_row(q: dict[str, Any]) -> list[Any]:
    """One metric of a metric-math alarm, with its dimensions and the period the alarm evaluates it at."""
    stat, metric = q["MetricStat"], q["MetricStat"]["Metric"]
    options = {"id": q["Id"], "stat": stat["Stat"], "period": stat["Period"], "visible": q.get("ReturnData", True)}
    return [*metric_row(metric["Namespace"], metric["MetricName"], metric.get("Dimensions", [])), options]


def widget(alarm: dict[str, Any], start: str, end: str) -> dict[str, Any]:
    if alarm.get("MetricName"):
        row = metric_row(alarm["Namespace"], alarm["MetricName"], alarm.get("Dimensions", []))
        options = {
            "stat": alarm.get("Statistic") or alarm.get("ExtendedStatistic") or "Average",
            "period": alarm.get("Period", 60),
        }
        rows = [[*row, options]]
    else:
        rows = [
            [{"expression": q["Expression"], "id": q["Id"], "label": q.get("Label", q["Id"])}]
            if q.get("Expression")
            else stat_row(q)
            for q in alarm.get("Metrics", [])
        ]
    image: dict[str, Any] = {
        "title": alarm["AlarmName"],
        "metrics": rows,
        "start": start,
        "end": end,
        "width": 800,
        "height": 400,
    }
    if alarm.get("Threshold") is not None:
        image["annotations"] = {"horizontal": [{"label": "threshold", "value": alarm["Threshold"]}]}
    return image


def collect(ctx: Context) -> None:
    cloudwatch = ctx.client("cloudwatch")
    prefix = str(ctx.events.get("AlarmNamePrefix") or "")
    limit = int(ctx.events.get("MaxSnapshots") or DEFAULT_MAX_SNAPSHOTS)
    changed: dict[str, None] = {}
    history = ctx.calls.pages(
        cloudwatch,
        "describe_alarm_history",
        HistoryItemType="StateUpdate",
        AlarmTypes=["MetricAlarm"],
        StartDate=ctx.start,
        EndDate=ctx.end,
        ScanBy="TimestampAscending",
        MaxRecords=100,
    )
    for page in history:
        changed.update(
            (item["AlarmName"], None)
            for item in page.get("AlarmHistoryItems", [])
            if item["AlarmName"].startswith(prefix)
        )
    listing: dict[str, Any] = {"AlarmTypes": ["MetricAlarm"], "MaxRecords": 100}
    if prefix:
        listing["AlarmNamePrefix"] = prefix
    alarms = {
        alarm["AlarmName"]: alarm
        for page in ctx.calls.pages(cloudwatch, "describe_alarms", **listing)
        for alarm in page.get("MetricAlarms", [])
        if alarm["AlarmName"] in changed
    }
    names = [name for name in changed if name in alarms]
    if len(names) > limit:
        ctx.gaps.append(f"{len(names)} alarms changed state; snapshots kept for the first {limit} (MaxSnapshots)")
    start, end = iso(ctx.start - SNAPSHOT_MARGIN), iso(ctx.end + SNAPSHOT_MARGIN)
    for name in names[:limit]:
        if ctx.out_of_time():
            ctx.gaps.append(f"stopped at the step's time budget after {len(ctx.artefacts)} snapshots")
            break
        answer = ctx.calls.call(
            cloudwatch, "get_metric_widget_image", MetricWidget=json.dumps(widget(alarms[name], start, end))
        )
        ctx.blob(f"{safe_name(name)}.png", answer["MetricWidgetImage"], "image/png")
    ctx.summary = {"alarms_changed": len(names), "snapshots": len(ctx.artefacts)}


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_source(SOURCE, collect, events)
