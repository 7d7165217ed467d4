"""Logs around the window: a Logs Insights query for errors over the chosen groups, and a bounded raw sample.

StartQuery takes at most 50 log groups and a result set holds at most 10,000 rows: groups go 50 to a
query, the queries run side by side, and a query that comes back full is continued from its last row's
time, so wide windows are read whole instead of truncated. The raw sample (FilterLogEvents, 10,000
events a page) is capped at `LogSampleLimit` events shared across the groups, streamed to S3.
"""

import json
import math
import time
from datetime import UTC, datetime
from typing import Any

from runbooks.scripts.evidence.keys import listed
from runbooks.scripts.evidence.retry import Throttled
from runbooks.scripts.evidence.source import Context, run_source

SOURCE = "logs"
MAX_GROUPS_PER_QUERY = 50
MAX_ROWS = 10_000
MAX_PAGE_EVENTS = 10_000
CONCURRENT_QUERIES = 10  # Logs Insights runs 30 queries at once per account; leave room for people
DEFAULT_SAMPLE_LIMIT = 10_000
ERRORS_QUERY = (
    "fields @timestamp, @log, @logStream, @message"
    " | filter @message like /(?i)(error|exception|fatal|fail|timeout|throttl)/"
    " | sort @timestamp asc | limit 10000"
)
DONE = ("Complete", "Failed", "Cancelled", "Timeout", "Unknown")


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def row_second(row: dict[str, str]) -> int:
    """The epoch second of an Insights row's @timestamp ("2026-11-29 17:05:00.123", UTC; the emulator: epoch ms)."""
    if row["@timestamp"].isdigit():
        return int(row["@timestamp"]) // 1000
    moment = datetime.strptime(row["@timestamp"][:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return int(moment.timestamp())


def insights(ctx: Context, groups: list[str]) -> int:
    """Errors over the groups, 50 to a query, queries side by side.

    A result set holds at most 10,000 rows, sorted by time: a full one is kept and the query asked again
    from the second of its last row, so ceil(rows / 10,000) queries read everything. Rows of that boundary
    second already written are skipped the second time.
    """
    logs = ctx.client("logs")
    writer = ctx.ndjson("errors.ndjson.gz")
    queued: list[tuple[list[str], int, int, set[str]]] = [
        (groups[i : i + MAX_GROUPS_PER_QUERY], epoch(ctx.start), epoch(ctx.end), set())
        for i in range(0, len(groups), MAX_GROUPS_PER_QUERY)
    ]
    running: dict[str, tuple[list[str], int, int, set[str]]] = {}
    rows, delay = 0, float(ctx.events.get("PollSeconds") or 1.0)
    while queued or running:
        while queued and len(running) < CONCURRENT_QUERIES:
            chunk, start, end, seen = queued.pop(0)
            answer = ctx.calls.call(
                logs,
                "start_query",
                logGroupNames=chunk,
                startTime=start,
                endTime=end,
                queryString=ERRORS_QUERY,
                limit=MAX_ROWS,
            )
            running[answer["queryId"]] = (chunk, start, end, seen)
        time.sleep(delay)  # a query takes a moment; polling at once would only cost calls
        for query_id in list(running):
            result = ctx.calls.call(logs, "get_query_results", queryId=query_id)
            if result["status"] not in DONE:
                continue
            chunk, start, end, seen = running.pop(query_id)
            if result["status"] != "Complete":
                ctx.gaps.append(f"Logs Insights query over {len(chunk)} groups {start}-{end} ended {result['status']}")
                continue
            results = result_rows(ctx.calls, logs, query_id, result)
            found = [{f["field"]: f["value"] for f in row if f["field"] != "@ptr"} for row in results]
            last = row_second(found[-1]) if found else start
            boundary: set[str] = set()
            for row in found:
                text = json.dumps(row, sort_keys=True)
                if text in seen:
                    continue
                writer.write(row)
                rows += 1
                if row_second(row) == last:
                    boundary.add(text)
            if len(found) >= MAX_ROWS:
                if last == start and not boundary - seen:
                    ctx.gaps.append(f"over {MAX_ROWS} error rows in the second {start} for {len(chunk)} groups")
                else:
                    queued.append((chunk, last, end, seen | boundary if last == start else boundary))
        if ctx.out_of_time():
            left = len(queued) + len(running)
            ctx.gaps.append(f"Logs Insights stopped at the step's time budget with {left} queries left")
            break
        delay = min(delay * 1.5, 10.0)
    ctx.keep(writer)
    return rows


def sample(ctx: Context, groups: list[str]) -> int:
    logs = ctx.client("logs")
    limit = int(ctx.events.get("LogSampleLimit") or DEFAULT_SAMPLE_LIMIT)
    share = math.ceil(limit / len(groups))
    writer = ctx.ndjson("sample.ndjson.gz")
    total = 0
    for group in groups:
        taken = 0
        pages = ctx.calls.pages(
            logs,
            "filter_log_events",
            token="nextToken",
            logGroupName=group,
            startTime=epoch(ctx.start) * 1000,
            endTime=epoch(ctx.end) * 1000,
            limit=min(MAX_PAGE_EVENTS, share),
        )
        try:
            for page in pages:
                for event in page.get("events", [])[: share - taken]:
                    writer.write(event | {"logGroupName": group})
                    taken += 1
                if taken >= share or ctx.out_of_time():
                    break
        except Throttled as error:
            ctx.gaps.append(f"{group}: {error}")
        total += taken
    ctx.keep(writer)
    return total


def collect(ctx: Context) -> None:
    groups = listed(ctx.events.get("LogGroups"))
    if not groups:
        ctx.summary = {"log_groups": 0, "note": "no log groups chosen"}
        return
    rows = insights(ctx, groups)
    ctx.summary = {"log_groups": len(groups), "error_rows": rows, "sampled_events": sample(ctx, groups)}


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_source(SOURCE, collect, events)


def result_rows(calls: Any, logs: Any, query_id: str, first: dict[str, Any]) -> list[Any]:
    """Every row of a complete query: GetQueryResults pages its rows (`nextToken`), so follow it to the end."""
    rows = list(first.get("results", []))
    token = first.get("nextToken")
    while token:
        page = calls.call(logs, "get_query_results", queryId=query_id, nextToken=token)
        rows += page.get("results", [])
        token = page.get("nextToken")
    return rows
