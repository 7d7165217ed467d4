"""The shape every evidence source shares: a window, counted clients, artefacts, gaps, and one record.

A collector module defines `SOURCE` and `collect(ctx)`, and its handler is `run_source(SOURCE, collect,
events)`. Whatever happens inside `collect`, the step ends with a record of what the source got: a
source that fails is a gap in the manifest, never an aborted run, so the other sources still collect.
The record goes to S3 under the execution's id; the manifest step reads the records of its own run only.
"""

import json
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

import boto3
from botocore.config import Config

from runbooks.scripts.evidence.artefacts import NdjsonWriter, json_value, put_blob
from runbooks.scripts.evidence.keys import evidence_key, record_key
from runbooks.scripts.evidence.retry import Calls, Throttled
from runbooks.scripts.evidence.times import iso, parse_time

# aws:executeScript stops a step at 600 s; a source stops itself earlier and records how far it got.
STEP_BUDGET_SECONDS = 540.0
ClientMaker = Callable[[str], Any]


def default_clients(service: str) -> Any:
    # botocore's own retries are off: Calls retries throttling itself, so every request is counted.
    return boto3.client(service, config=Config(retries={"total_max_attempts": 1}))  # type: ignore[call-overload]


class Context:
    def __init__(self, source: str, events: dict[str, Any], clients: ClientMaker, calls: Calls) -> None:
        self.source = source
        self.events = events
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
        return evidence_key(self.incident_id, self.source, name)

    def ndjson(self, name: str) -> NdjsonWriter:
        return NdjsonWriter(self.calls, self.client("s3"), self.bucket, self.key(name), self.source)

    def keep(self, writer: NdjsonWriter) -> None:
        self.artefacts.append(writer.close())

    def blob(self, name: str, body: bytes, content_type: str) -> None:
        self.artefacts.append(
            put_blob(self.calls, self.client("s3"), self.bucket, self.key(name), self.source, body, content_type)
        )

    def gather(
        self,
        writer: NdjsonWriter,
        pages: Iterable[Any],
        fields: str | tuple[str, ...],
        keep: Callable[[Any], bool] | None = None,
    ) -> int:
        """Write the `fields` items of each page that `keep` accepts; throttling or running out of time is a gap."""
        written = 0
        names = (fields,) if isinstance(fields, str) else fields
        try:
            for page in pages:
                for item in (item for name in names for item in page.get(name) or []):
                    if keep is None or keep(item):
                        writer.write(item)
                        written += 1
                if self.out_of_time():
                    self.gaps.append(f"{writer.key}: stopped at the step's time budget after {written} records")
                    break
        except Throttled as error:
            self.gaps.append(str(error))
        return written

    def out_of_time(self) -> bool:
        return time.monotonic() > self.deadline

    def window_slices(self, hours: float) -> list[tuple[datetime, datetime]]:
        """The window cut into pieces of at most `hours` (APIs that want short ranges, long windows)."""
        pieces, step, cursor = [], timedelta(hours=hours), self.start
        while cursor < self.end:
            pieces.append((cursor, min(cursor + step, self.end)))
            cursor += step
        return pieces


def run_source(
    source: str, collect: Callable[[Context], None], events: dict[str, Any], clients: ClientMaker | None = None
) -> dict[str, Any]:
    calls = Calls()
    ctx = Context(source, events, clients or default_clients, calls)
    try:
        collect(ctx)
        status = "partial" if ctx.gaps else "complete"
    except Throttled as error:
        status = "failed"
        ctx.gaps.append(str(error))
    except Exception as error:  # a failing source is a gap; it must not abort the other sources
        status = "failed"
        ctx.gaps.append(f"{type(error).__name__}: {error}"[:500])
    record = {
        "source": source,
        "status": status,
        "calls": dict(sorted(calls.counts.items())),
        "gaps": ctx.gaps,
        "summary": ctx.summary,
        "artefacts": ctx.artefacts,
        "execution_id": ctx.execution_id,
    }
    body = json.dumps(record, sort_keys=True, default=json_value).encode()
    # Retried like every other call: without its record the manifest lists the source as missing.
    calls.call(
        ctx.client("s3"),
        "put_object",
        Bucket=ctx.bucket,
        Key=record_key(ctx.incident_id, ctx.execution_id, source),
        Body=body,
        ContentType="application/json",
        ChecksumAlgorithm="SHA256",
    )
    return {
        "Source": source,
        "Status": status,
        "Calls": calls.total(),
        "Artefacts": len(ctx.artefacts),
        "Gap": "; ".join(ctx.gaps)[:1000],
        "Summary": json.dumps(ctx.summary, sort_keys=True, default=json_value)[:2000],
    }
