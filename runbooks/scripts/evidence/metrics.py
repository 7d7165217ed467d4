"""Metrics around the window: the alarms' metrics and the chosen services' key metrics, via GetMetricData.

One GetMetricData call takes 500 queries and returns at most 100,800 datapoints, so queries are packed
into as few calls as those two limits allow (never one GetMetricStatistics per metric). The period is
the finest CloudWatch still keeps for the window's age (60 s for 15 days, 300 s for 63, then 1 h), made
coarser only when one series alone would pass the datapoint limit.
"""

import math
from datetime import datetime, timedelta
from typing import Any

from runbooks.scripts.clock import utc_now
from runbooks.scripts.evidence.gather import gather
from runbooks.scripts.evidence.keys import listed
from runbooks.scripts.evidence.source import Context, run_source

SOURCE = "metrics"
MAX_QUERIES = 500
MAX_DATAPOINTS = 100_800
MARGIN = timedelta(minutes=15)
LAMBDA_METRICS = (("Errors", "Sum"), ("Throttles", "Sum"), ("Invocations", "Sum"), ("Duration", "p99"))
ECS_METRICS = (("CPUUtilization", "Average"), ("MemoryUtilization", "Average"))


def retained_period(start: datetime, now: datetime) -> int:
    age = now - start
    return 60 if age <= timedelta(days=15) else 300 if age <= timedelta(days=63) else 3600


def series_period(start: datetime, end: datetime, now: datetime, wanted: int = 60) -> int:
    period = max(wanted, retained_period(start, now))
    span = (end - start).total_seconds()
    if math.ceil(span / period) > MAX_DATAPOINTS:  # periods above 60 s are multiples of 60
        period = 60 * math.ceil(span / MAX_DATAPOINTS / 60)
    return period


def stat(namespace: str, name: str, dimensions: list[dict[str, str]], statistic: str, period: int) -> dict[str, Any]:
    return {
        "Metric": {"Namespace": namespace, "MetricName": name, "Dimensions": dimensions},
        "Period": period,
        "Stat": statistic,
    }


def alarm_stats(alarm: dict[str, Any], period: int) -> list[dict[str, Any]]:
    if alarm.get("MetricName"):
        statistic = alarm.get("Statistic") or alarm.get("ExtendedStatistic") or "Average"
        wanted = max(period, int(alarm.get("Period") or period))
        return [stat(alarm["Namespace"], alarm["MetricName"], alarm.get("Dimensions", []), statistic, wanted)]
    # A metric-math alarm: its metrics are kept; the expression is not recomputed here.
    return [
        query["MetricStat"] | {"Period": max(period, query["MetricStat"].get("Period", period))}
        for query in alarm.get("Metrics", [])
        if query.get("MetricStat")
    ]


def service_stats(events: dict[str, Any], period: int) -> list[dict[str, Any]]:
    found = []
    for function in listed(events.get("Functions")):
        dims = [{"Name": "FunctionName", "Value": function}]
        found += [stat("AWS/Lambda", name, dims, statistic, period) for name, statistic in LAMBDA_METRICS]
    for service in listed(events.get("Services")):
        cluster, _, name = service.rpartition("/")
        dims = [{"Name": "ClusterName", "Value": cluster or "default"}, {"Name": "ServiceName", "Value": name}]
        found += [stat("AWS/ECS", metric, dims, statistic, period) for metric, statistic in ECS_METRICS]
    return found


def batches(queries: list[dict[str, Any]], span_seconds: float) -> list[list[dict[str, Any]]]:
    """Queries packed by the two per-call limits: 500 queries, 100,800 datapoints."""
    packed: list[list[dict[str, Any]]] = [[]]
    points = 0
    for query in queries:
        needed = math.ceil(span_seconds / query["MetricStat"]["Period"])
        if packed[-1] and (len(packed[-1]) == MAX_QUERIES or points + needed > MAX_DATAPOINTS):
            packed.append([])
            points = 0
        packed[-1].append(query)
        points += needed
    return [batch for batch in packed if batch]


def collect(ctx: Context) -> None:
    cloudwatch = ctx.client("cloudwatch")
    now = utc_now()
    start, end = ctx.start - MARGIN, min(ctx.end + MARGIN, now)
    end = end if end > start else ctx.end
    period = series_period(start, end, now)
    prefix = str(ctx.events.get("AlarmNamePrefix") or "")
    listing: dict[str, Any] = {"AlarmTypes": ["MetricAlarm"], "MaxRecords": 100}
    if prefix:
        listing["AlarmNamePrefix"] = prefix
    stats = [
        s
        for page in ctx.calls.pages(cloudwatch, "describe_alarms", **listing)
        for alarm in page.get("MetricAlarms", [])
        for s in alarm_stats(alarm, period)
    ]
    stats += service_stats(ctx.events, period)
    unique = {repr(sorted(s["Metric"].items())) + s["Stat"] + str(s["Period"]): s for s in stats}
    queries = [{"Id": f"m{i}", "MetricStat": s, "ReturnData": True} for i, s in enumerate(unique.values())]
    writer = ctx.ndjson("series.ndjson.gz")
    labels = {query["Id"]: query["MetricStat"] for query in queries}
    for batch in batches(queries, (end - start).total_seconds()):
        pages = ctx.calls.pages(
            cloudwatch,
            "get_metric_data",
            MetricDataQueries=batch,
            StartTime=start,
            EndTime=end,
            ScanBy="TimestampAscending",
        )

        def keep(result: dict[str, Any]) -> bool:
            result["MetricStat"] = labels[result["Id"]]
            return True

        gather(ctx, writer, pages, "MetricDataResults", keep)
    ctx.keep(writer)
    ctx.summary = {"series": len(queries), "period": period, "start": start, "end": end}


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_source(SOURCE, collect, events)
