"""Benchmark: the evidence collectors' calls, wall time under latency, and memory for a million log events.

Run on demand: `.venv/bin/python -m benchmarks.evidence_collectors`, or with the others through `python -m
benchmarks` (`figures`; quick: best of 1, and 100,000 log events). Three figures, each against a baseline
measured in the same run:

1. Calls made per source / the fewest the APIs' page and batch limits allow for the seeded volumes.
   The emulator pages every list the collectors read at AWS's documented page size (generator/emulator/
   paging.py), so a count under the minimum is a fault of the benchmark or the emulator: it raises.
2. Wall time per source with a fixed latency injected before every request / the lower bound for it:
   the minimal calls made one after another (a step runs its calls in order), or CloudTrail's 2 lookups
   a second when that is slower.
3. Peak Python memory (tracemalloc) while 1,000,000 log events stream through the collector's path
   (paged reads -> gzip NDJSON -> S3 multipart) / the size of those events as NDJSON text.
   The emulator runs in a separate process here, so its own copy of the upload is not counted.
   `--memory-only` runs this part alone.
"""

import json
import math
import os
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config

from benchmarks.figures import Figure, against_minimum, ratio_of
from generator.emulator.extensions import install
from generator.emulator.server import running_emulator
from runbooks.scripts.evidence import alarms, deployments, logs, manual_actions, metrics, snapshots, traces
from runbooks.scripts.evidence.source import Context, run_source
from tests.runbooks.scripts.evidence.seed import Incident, Volumes, seed, write_events_in_window

VOLUMES = Volumes(
    alarms=250,
    alarming=250,
    log_groups={f"/bench/g{i}": 100 for i in range(60)},
    traces=40,
    human_events=400,
    deployments=60,
    services=25,
    lambda_versions=3,
)
LATENCY_SECONDS = 0.05
REPEAT = 3  # each wall time is the best of this many runs: the emulator's own time varies
LOG_EVENTS, QUICK_LOG_EVENTS = 1_000_000, 100_000
SOURCES: dict[str, Callable[[Context], None]] = {
    "alarms": alarms.collect,
    "metrics": metrics.collect,
    "logs": logs.collect,
    "traces": traces.collect,
    "snapshots": snapshots.collect,
    "deployments": deployments.collect,
    "manual_actions": manual_actions.collect,
}


def pages(items: int, size: int) -> int:
    return max(1, math.ceil(items / size))


def minimal_calls(incident: Incident, region: str, events: dict[str, Any]) -> dict[str, int]:
    v = incident.volumes
    listing = pages(v.alarms + 1, 100)  # the seeded alarms, and one that is not the incident's
    queries = v.alarms + 4 + 2 * v.services
    groups = len(v.log_groups)
    share = math.ceil(int(events["LogSampleLimit"]) / groups)
    chunks = pages(groups, 50)
    return {
        "alarms": listing + pages(v.alarming + 1, 100),
        "metrics": listing + pages(queries, 500),
        "logs": 2 * chunks + sum(pages(min(n, share), 10_000) for n in v.log_groups.values()),
        "traces": 1 + pages(min(v.traces, int(events["SlowestTraces"])), 5),
        "snapshots": pages(v.alarming + 1, 100) + listing + min(v.alarming, int(events["MaxSnapshots"])),
        "deployments": 1 + pages(v.deployments, 25) + pages(v.services, 10) + 2 + 1,
        "manual_actions": pages(write_events_in_window(region, incident), 50) + 1,
    }


class UnderMinimum(Exception):
    """A source made fewer calls than AWS's page and batch limits allow: the emulator pages wrongly, or the
    minimum is miscounted."""


class Clients:
    """Counts requests and waits `latency` before each one, as a distant endpoint would."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.calls = 0
        self.s3_calls = 0

    def __call__(self, service: str) -> Any:
        client = boto3.client(service, config=Config(retries={"total_max_attempts": 1}))  # type: ignore[call-overload]
        client.meta.events.register("before-send", self._before_send)
        return client

    def _before_send(self, event_name: str, **_: Any) -> None:
        if ".s3." in event_name:
            self.s3_calls += 1
        else:
            self.calls += 1
        if self.latency:
            time.sleep(self.latency)


@dataclass(frozen=True)
class SourceRun:
    """One source: calls made and the fewest possible, wall time without and with latency, and its bound."""

    source: str
    calls: int
    minimal: int
    wall0: float
    wall_latency: float
    bound: float
    status: str

    @property
    def added(self) -> float:
        return self.wall_latency - self.wall0


def calls_and_time(endpoint: str, repeat: int = REPEAT) -> list[SourceRun]:
    install()
    region = "eu-west-3"
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION=region,
        AWS_REGION=region,
    )
    boto3.client("s3").create_bucket(Bucket="bench-evidence", CreateBucketConfiguration={"LocationConstraint": region})  # type: ignore[typeddict-item]
    started = time.perf_counter()
    incident = seed(region, VOLUMES)
    print(f"seeded in {time.perf_counter() - started:.1f} s: {VOLUMES}", file=sys.stderr)
    events = incident.events("bench-evidence", MaxSnapshots=25, SlowestTraces=25, PollSeconds=0.05)
    runs = []
    for source, collect in SOURCES.items():
        # The emulator records each write call as a CloudTrail event, the runs' own included: count afresh.
        minimal = minimal_calls(incident, region, events)
        walls, counted = [], Clients(0)
        for latency in (0.0, LATENCY_SECONDS):
            best = float("inf")
            for _ in range(repeat):
                counted = Clients(latency)
                start = time.perf_counter()
                payload = run_source(source, collect, events, clients=counted)
                best = min(best, time.perf_counter() - start)
            walls.append(best)
        # Every request waits once, one after another: the fewest evidence calls plus the S3 writes made.
        if counted.calls < minimal[source]:
            raise UnderMinimum(f"{source}: {counted.calls} calls, fewer than the {minimal[source]} AWS allows")
        bound = (minimal[source] + counted.s3_calls) * LATENCY_SECONDS
        runs.append(SourceRun(source, counted.calls, minimal[source], walls[0], walls[1], bound, payload["Status"]))
    return runs


def print_calls_and_time(runs: list[SourceRun]) -> None:
    columns = [("calls", 6), ("minimal", 8), ("ratio", 6), ("wall0 s", 8), ("wallL s", 8), ("added", 7), ("bound", 7)]
    header = f"{'source':<16}" + "".join(f"{name:>{width}}" for name, width in columns) + f"{'ratio':>6}"
    print(f"\n{header}  status")
    for run in runs:
        print(
            f"{run.source:<16}{run.calls:>6}{run.minimal:>8}{run.calls / run.minimal:>6.2f}"
            f"{run.wall0:>8.2f}{run.wall_latency:>8.2f}{run.added:>7.2f}{run.bound:>7.2f}{run.added / run.bound:>6.2f}"
            f"  {run.status}"
        )
        if run.source == "manual_actions":
            paced = (run.minimal - 2) * manual_actions.LOOKUP_INTERVAL_SECONDS
            print(f"{'':<16}CloudTrail's 2 lookups/s alone need {paced:.2f} s; the run took {run.wall_latency:.2f} s")
    print(f"wall0: no latency (the emulator's own work); wallL: {LATENCY_SECONDS * 1000:.0f} ms before every request")
    print("added = wallL - wall0, against bound = (minimal calls + S3 writes) x latency")


class PagedLogEvents:
    """FilterLogEvents' answers for `total` events, 10,000 a page, made as they are asked for."""

    def __init__(self, total: int) -> None:
        self.total = total

    def filter_log_events(self, **params: Any) -> dict[str, Any]:
        start = int(params.get("nextToken") or 0)
        end = min(self.total, start + int(params["limit"]))
        page: dict[str, Any] = {
            "events": [
                {
                    "timestamp": 1_795_900_000_000 + i,
                    "logStreamName": "s",
                    "eventId": f"{i:020}",
                    "message": f"ERROR request {i} failed: upstream timeout after 3000 ms",
                }
                for i in range(start, end)
            ]
        }
        if end < self.total:
            page["nextToken"] = str(end)
        return page


@contextmanager
def separate_emulator() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass(frozen=True)
class MemoryRun:
    events: int
    seconds: float  # untraced
    peak_bytes: int  # tracemalloc's peak while streaming
    text_bytes: int  # the events as NDJSON text, held whole
    status: str
    summary: Any


def log_memory(total: int = LOG_EVENTS) -> MemoryRun:
    with separate_emulator() as endpoint:
        os.environ.update(
            AWS_ENDPOINT_URL=endpoint,
            AWS_ACCESS_KEY_ID="bench",
            AWS_SECRET_ACCESS_KEY="bench",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_REGION="us-east-1",
        )
        boto3.client("s3").create_bucket(Bucket="bench-logs")
        source = PagedLogEvents(total)
        page = source.filter_log_events(limit=10_000)["events"]
        text_bytes = sum(len(json.dumps(event | {"logGroupName": "/g"})) + 1 for event in page)
        text_bytes = text_bytes * total // len(page)

        def clients(service: str) -> Any:
            return source if service == "logs" else boto3.client(service)  # type: ignore[call-overload]

        def collect(ctx: Context) -> None:
            ctx.summary = {"sampled_events": logs.sample(ctx, ["/g"])}

        events = {
            "IncidentId": "INC-BENCH",
            "WindowStart": "2026-11-29T10:00:00Z",
            "WindowEnd": "2026-11-29T11:00:00Z",
            "EvidenceBucket": "bench-logs",
            "ExecutionId": "bench",
            "LogSampleLimit": total,
        }
        started = time.perf_counter()
        run_source("logs", collect, events, clients=clients)
        wall = time.perf_counter() - started
        tracemalloc.start()
        payload = run_source("logs", collect, events, clients=clients)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return MemoryRun(total, wall, peak, text_bytes, payload["Status"], payload["Summary"])


def print_log_memory(run: MemoryRun) -> None:
    print(f"\n{run.events:,} log events streamed in {run.seconds:.1f} s untraced ({run.status}, {run.summary})")
    peak, whole = run.peak_bytes / 2**20, run.text_bytes / 2**20
    print(f"  peak traced memory {peak:.1f} MiB; the events as NDJSON text {whole:.1f} MiB")
    print(f"  ratio peak / held whole: {run.peak_bytes / run.text_bytes:.3f}")


def source_figures(runs: list[SourceRun], repeat: int) -> list[Figure]:
    name = "evidence_collectors"
    calls_note = {"alarms": "seeded volumes as in the module; the emulator pages at AWS's documented page sizes"}
    time_note = {"alarms": f"best of {repeat} runs each with and without latency; added = with - without"}
    for run in runs:
        if run.source == "manual_actions":
            paced = (run.minimal - 2) * manual_actions.LOOKUP_INTERVAL_SECONDS
            time_note[run.source] = (
                f"CloudTrail's 2 lookups/s alone need {paced:.2f} s; the run with latency took {run.wall_latency:.2f} s"
            )
    rows = [
        against_minimum(
            name,
            f"{run.source}: calls made",
            run.calls,
            run.minimal,
            "calls",
            "minimum",
            calls_note.get(run.source, ""),
        )
        for run in runs
    ]
    rows += [
        Figure(
            name,
            f"{run.source}: time added by {LATENCY_SECONDS * 1000:.0f} ms latency per request",
            run.added,
            "s",
            "bound: (minimal calls + S3 writes) x latency",
            run.bound,
            ratio_of(run.added, run.bound),
            "x the bound (measured / bound)",
            time_note.get(run.source, ""),
        )
        for run in runs
    ]
    return rows


def memory_figure(run: MemoryRun) -> Figure:
    return Figure(
        "evidence_collectors",
        f"logs: peak Python memory streaming {run.events:,} log events to S3",
        run.peak_bytes / 2**20,
        "MiB",
        "the events as NDJSON text, held whole",
        run.text_bytes / 2**20,
        ratio_of(run.peak_bytes, run.text_bytes),
        "x the size held whole (measured / baseline)",
        f"tracemalloc peak; the emulator runs in a separate process; untraced run {run.seconds:.1f} s",
    )


def figures(quick: bool = False, log_events: int | None = None, repeat: int | None = None) -> list[Figure]:
    repeat = repeat or (1 if quick else REPEAT)
    with running_emulator() as endpoint:
        rows = source_figures(calls_and_time(endpoint, repeat), repeat)
    rows.append(memory_figure(log_memory(log_events or (QUICK_LOG_EVENTS if quick else LOG_EVENTS))))
    return rows


def main() -> None:
    if "--memory-only" not in sys.argv:
        with running_emulator() as endpoint:
            print_calls_and_time(calls_and_time(endpoint))
    print_log_memory(log_memory())


if __name__ == "__main__":
    main()
