"""The shape every evidence source shares: a window, counted clients, artefacts, gaps, and one record.

A collector module defines `SOURCE` and `collect(ctx)`, and its handler is `run_source(SOURCE, collect,
events)`. Whatever happens inside `collect`, the step ends with a record of what the source got: a
source that fails is a gap in the manifest, never an aborted run, so the other sources still collect.
The record goes to S3 under the execution's id; the manifest step reads the records of its own run only.

A run reads one or more targets (account/region, runbooks/scripts/evidence/targets.py): each is collected
with its own clients, calls and gaps, in parallel threads, so N targets take about as long as the slowest
one. A target whose role cannot be assumed is that target's gap; the record lists every target.
"""

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from runbooks.scripts.clock import SCRIPT_THREADS
from runbooks.scripts.evidence.artefacts import NdjsonWriter, json_value, put_blob
from runbooks.scripts.evidence.keys import evidence_key, record_key
from runbooks.scripts.evidence.narrow import for_target
from runbooks.scripts.evidence.retry import Calls, Throttled
from runbooks.scripts.evidence.sessions import (
    DEFAULT_READER_ROLE,
    ClientMaker,
    SessionClient,
    Unreachable,
    default_clients,
    run_targets,
    session_client,
    target_clients,
)
from runbooks.scripts.evidence.store import put_new
from runbooks.scripts.evidence.target import Target
from runbooks.scripts.evidence.times import iso, parse_time

# aws:executeScript stops a step at 600 s; a source stops itself earlier and records how far it got.
STEP_BUDGET_SECONDS = 540.0
# Targets read at once in one step: each thread mostly waits on the network (CloudTrail allows 2 lookups a
# second per account and region, so targets never share a rate limit).
PARALLEL_TARGETS = 16


class Context:
    def __init__(self, source: str, events: dict[str, Any], clients: ClientMaker, calls: Calls, target: Target) -> None:
        self.source = source
        self.events = events
        self.target = target
        self.incident_id = str(events["IncidentId"])
        self.execution_id = str(events.get("ExecutionId") or "local")
        self.start = parse_time(str(events["WindowStart"]))
        self.end = parse_time(str(events["WindowEnd"]))
        if self.end <= self.start:
            raise ValueError(f"WindowEnd {iso(self.end)} is not after WindowStart {iso(self.start)}")
        self.bucket = str(events["EvidenceBucket"])
        self.calls = calls
        self.artefacts: list[dict[str, Any]] = []
        self.gaps: list[str] = []
        self.summary: dict[str, Any] = {}
        self.deadline = time.monotonic() + float(events.get("BudgetSeconds") or STEP_BUDGET_SECONDS)
        self._clients = clients
        self._made: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._made:
            self._made[service] = self._clients(service)
        return self._made[service]

    def key(self, name: str) -> str:
        return evidence_key(
            self.incident_id, self.execution_id, self.target.account, self.target.region, self.source, name
        )

    def ndjson(self, name: str) -> NdjsonWriter:
        return NdjsonWriter(self.calls, self.client("s3"), self.bucket, self.key(name), self.source)

    def keep(self, writer: NdjsonWriter) -> None:
        self.artefacts.append(writer.close())

    def blob(self, name: str, body: bytes, content_type: str) -> None:
        self.artefacts.append(
            put_blob(self.calls, self.client("s3"), self.bucket, self.key(name), self.source, body, content_type)
        )

    def out_of_time(self) -> bool:
        return time.monotonic() > self.deadline


def collect_target(
    source: str,
    collect: Callable[[Context], None],
    events: dict[str, Any],
    target: Target,
    home: Target,
    clients: ClientMaker,
    member: SessionClient,
) -> dict[str, Any]:
    """One target's part of the source: its status, calls, gaps, summary and artefacts."""
    calls = Calls()
    role = str(events.get("EvidenceReaderRole") or DEFAULT_READER_ROLE)
    ctx: Context | None = None
    try:
        maker = target_clients(target, home, role, clients, member)
        ctx = Context(source, for_target(events, target, home), maker, calls, target)
        collect(ctx)
        status = "partial" if ctx.gaps else "complete"
    except Unreachable as error:
        status = "unreachable"
        gaps = [str(error)]
    except Throttled as error:
        status = "failed"
        gaps = [str(error)]
    except Exception as error:  # a failing source is a gap; it must not abort the other sources
        status = "failed"
        gaps = [f"{type(error).__name__}: {error}"[:500]]
    if ctx is not None:
        gaps = ctx.gaps + (gaps if status == "failed" else [])
    return {
        "target": target.label,
        "status": status,
        "calls": dict(sorted(calls.counts.items())),
        "gaps": gaps if status != "complete" else [],
        "summary": ctx.summary if ctx else {},
        "artefacts": ctx.artefacts if ctx else [],
    }


def merged(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The targets' summaries as one: counts added, lists joined, the earliest of timed facts (`at`)."""
    if len(summaries) == 1:
        return summaries[0]
    found: dict[str, Any] = {}
    for summary in summaries:
        for name, value in summary.items():
            have = found.get(name)
            if have is None:
                found[name] = value
            elif isinstance(value, bool) or not isinstance(value, int | float | list | dict):
                continue  # a setting such as a period: the first target's
            elif isinstance(value, int | float | list):
                found[name] = have + value
            elif "at" in value:
                found[name] = min(have, value, key=lambda fact: str(fact.get("at")))
            else:
                found[name] = have | value
    return found


def source_record(source: str, execution_id: str, parts: list[dict[str, Any]]) -> dict[str, Any]:
    """What the manifest step reads: the source over every target, and each target's own part."""
    calls: dict[str, int] = {}
    for part in parts:
        for operation, count in part["calls"].items():
            calls[operation] = calls.get(operation, 0) + count
    many = len(parts) > 1
    return {
        "source": source,
        "status": combined_status([part["status"] for part in parts]),
        "calls": dict(sorted(calls.items())),
        # With one target the gaps read as before; with several each says whose it is.
        "gaps": [f"{part['target']}: {gap}" if many else gap for part in parts for gap in part["gaps"]],
        "summary": merged([part["summary"] for part in parts]),
        "artefacts": [artefact for part in parts for artefact in part["artefacts"]],
        "execution_id": execution_id,
        "targets": {
            part["target"]: {key: part[key] for key in ("status", "calls", "gaps", "summary")}
            | {"artefacts": len(part["artefacts"])}
            for part in parts
        },
    }


def combined_status(statuses: list[str]) -> str:
    """A source over several targets: complete when every target is, failed when none gave anything."""
    if all(status == "complete" for status in statuses):
        return "complete"
    if all(status in ("failed", "unreachable") for status in statuses):
        return "failed"
    return "partial"


def run_source(
    source: str,
    collect: Callable[[Context], None],
    events: dict[str, Any],
    clients: ClientMaker | None = None,
    member: SessionClient | None = None,
) -> dict[str, Any]:
    home, targets = run_targets(events)

    home_clients, member_clients = clients or default_clients, member or session_client

    def one(target: Target) -> dict[str, Any]:
        return collect_target(source, collect, events, target, home, home_clients, member_clients)

    if len(targets) == 1:
        parts = [one(targets[0])]
    else:
        with ThreadPoolExecutor(min(len(targets), PARALLEL_TARGETS), thread_name_prefix=SCRIPT_THREADS) as pool:
            parts = list(pool.map(one, targets))
    record = source_record(source, str(events.get("ExecutionId") or "local"), parts)
    body = json.dumps(record, sort_keys=True, default=json_value).encode()
    # Retried like every other call: without its record the manifest lists the source as missing.
    key = record_key(str(events["IncidentId"]), record["execution_id"], source)
    put_new(home_clients("s3"), str(events["EvidenceBucket"]), key, body, "application/json", Calls().call)
    return {
        "Source": source,
        "Status": record["status"],
        "Calls": sum(record["calls"].values()),
        "Artefacts": len(record["artefacts"]),
        "Gap": "; ".join(record["gaps"])[:1000],
        "Summary": json.dumps(record["summary"], sort_keys=True, default=json_value)[:2000],
    }
