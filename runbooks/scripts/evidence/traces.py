"""Traces: X-Ray summaries in the window (faults, errors, throttles counted) and the slowest traces in full.

GetTraceSummaries is asked over slices of at most 6 hours (longer ranges are refused or slow) and paged
to the end; only the `SlowestTraces` slowest ids are kept in memory while the summaries stream to S3.
BatchGetTraces takes 5 ids a call.
"""

import heapq
from datetime import datetime, timedelta
from typing import Any

from runbooks.scripts.evidence.gather import gather
from runbooks.scripts.evidence.source import Context, run_source

SOURCE = "traces"
SLICE_HOURS = 6
BATCH_IDS = 5
DEFAULT_SLOWEST = 25


def window_slices(ctx: Context, hours: float) -> list[tuple[datetime, datetime]]:
    """The window cut into pieces of at most `hours`."""
    pieces, step, cursor = [], timedelta(hours=hours), ctx.start
    while cursor < ctx.end:
        pieces.append((cursor, min(cursor + step, ctx.end)))
        cursor += step
    return pieces


def collect(ctx: Context) -> None:
    xray = ctx.client("xray")
    keep_slowest = int(ctx.events.get("SlowestTraces") or DEFAULT_SLOWEST)
    expression = str(ctx.events.get("TraceFilter") or "")
    counts = {"traces": 0, "faults": 0, "errors": 0, "throttles": 0}
    slowest: list[tuple[float, str]] = []

    def keep(summary: dict[str, Any]) -> bool:
        counts["traces"] += 1
        for flag, name in (("HasFault", "faults"), ("HasError", "errors"), ("HasThrottle", "throttles")):
            counts[name] += 1 if summary.get(flag) else 0
        entry = (float(summary.get("ResponseTime") or summary.get("Duration") or 0.0), str(summary["Id"]))
        (heapq.heappush if len(slowest) < keep_slowest else heapq.heappushpop)(slowest, entry)
        return True

    summaries = ctx.ndjson("summaries.ndjson.gz")
    for start, end in window_slices(ctx, SLICE_HOURS):
        params: dict[str, Any] = {"StartTime": start, "EndTime": end, "Sampling": False, "TimeRangeType": "Event"}
        if expression:
            params["FilterExpression"] = expression
        gather(ctx, summaries, ctx.calls.pages(xray, "get_trace_summaries", **params), "TraceSummaries", keep)
    ctx.keep(summaries)

    ids = [trace_id for _, trace_id in sorted(slowest, reverse=True)]
    full = ctx.ndjson("slowest.ndjson.gz")
    for i in range(0, len(ids), BATCH_IDS):
        gather(ctx, full, ctx.calls.pages(xray, "batch_get_traces", TraceIds=ids[i : i + BATCH_IDS]), "Traces")
    ctx.keep(full)
    ctx.summary = counts | {"slowest": len(ids)}


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_source(SOURCE, collect, events)
