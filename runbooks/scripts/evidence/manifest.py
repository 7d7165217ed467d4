"""Write the incident's evidence manifest from the records the source steps of this run left.

A source whose step never wrote a record (it timed out, or was cancelled) is listed as `missing`, so
the manifest never claims evidence that was not collected. Same shape as domain/evidence.py's
`EvidenceManifest`.

One manifest for every target: `sources` over all of them, `targets` per account/region, every file listed.
"""

import hashlib
import json
import re
from datetime import datetime
from typing import Any

import boto3

from runbooks.scripts.clock import utc_now
from runbooks.scripts.evidence.keys import COLLECTOR_VERSION, listed, manifest_key, record_key
from runbooks.scripts.evidence.store import put_new
from runbooks.scripts.evidence.times import iso, parse_time

SOURCES = ("alarms", "deployments", "logs", "traces", "metrics", "snapshots", "manual_actions")


def source_records(s3: Any, bucket: str, incident_id: str, execution_id: str, sources: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for source in sources:
        try:
            body = s3.get_object(Bucket=bucket, Key=record_key(incident_id, execution_id, source))["Body"].read()
            found[source] = json.loads(body)
        except s3.exceptions.NoSuchKey:
            found[source] = None
    return found


def one_line(gap: str, limit: int = 300) -> str:
    """A gap as one readable line: an HTML error page an endpoint answered with loses its tags."""
    gap = re.sub("<[^>]+>", " ", gap) if "<html" in gap.lower() else gap
    return " ".join(gap.split())[:limit]


def run_targets_of(events: dict[str, Any], records: dict[str, Any]) -> list[str]:
    """The targets (`account/region`) the run fixed in its first step, and any a source's record names besides."""
    named = set(listed(events.get("Targets")))
    named |= {label for record in records.values() for label in ((record or {}).get("targets") or {})}
    return sorted(named)


def target_reports(records: dict[str, Any], targets: list[str]) -> dict[str, Any]:
    """Per account and region, how each source went there (a source that left no record: missing everywhere)."""
    reports: dict[str, Any] = {}
    for label in targets:
        sources: dict[str, Any] = {}
        for source, record in records.items():
            part = ((record or {}).get("targets") or {}).get(label)
            if part is None:
                gap = "the step wrote no record" if record is None else "the step did not read this target"
                part = {"status": "missing", "calls": {}, "gaps": [gap], "summary": {}, "artefacts": 0}
            sources[source] = part | {"gaps": [one_line(gap) for gap in part["gaps"]]}
        # Unreachable from every source that tried: said once for the target, with the first reason.
        tried = [part for part in sources.values() if part["status"] != "missing"]
        unreachable = bool(tried) and all(part["status"] == "unreachable" for part in tried)
        account, _, region = label.partition("/")
        reports[label] = {
            "account": account,
            "region": region,
            "reached": not unreachable,
            "gap": tried[0]["gaps"][0] if unreachable and tried[0]["gaps"] else "",
            "sources": sources,
        }
    return reports


def build_manifest(
    events: dict[str, Any], records: dict[str, Any], now: datetime, targets: list[str]
) -> dict[str, Any]:
    sources: dict[str, Any] = {}
    artefacts: list[dict[str, Any]] = []
    for source, record in records.items():
        if record is None:
            sources[source] = {
                "status": "missing",
                "calls": {},
                "gaps": ["the step wrote no record"],
                "summary": {},
                "artefacts": 0,
            }
            continue
        sources[source] = {
            "status": record["status"],
            "calls": record["calls"],
            "gaps": [one_line(gap) for gap in record["gaps"]],
            "summary": record["summary"],
            "artefacts": len(record["artefacts"]),
        }
        artefacts.extend(record["artefacts"])
    return {
        "schema_version": 2,
        "incident_id": str(events["IncidentId"]),
        "execution_id": str(events.get("ExecutionId") or "local"),
        "collector_version": COLLECTOR_VERSION,
        "collected_at": iso(now),
        "bucket": str(events["EvidenceBucket"]),
        "window": {
            "start": iso(parse_time(str(events["WindowStart"]))),
            "end": iso(parse_time(str(events["WindowEnd"]))),
        },
        "sources": sources,
        "targets": target_reports(records, targets),
        "artefacts": sorted(artefacts, key=lambda artefact: str(artefact["key"])),
    }


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    s3 = boto3.client("s3")
    incident_id, bucket = str(events["IncidentId"]), str(events["EvidenceBucket"])
    execution_id = str(events.get("ExecutionId") or "local")
    records = source_records(s3, bucket, incident_id, execution_id, listed(events.get("Sources")) or list(SOURCES))
    manifest = build_manifest(events, records, utc_now(), run_targets_of(events, records))
    body = json.dumps(manifest, indent=2, sort_keys=True).encode()
    key = manifest_key(incident_id, execution_id)
    stored = put_new(s3, bucket, key, body, "application/json")
    statuses = {name: report["status"] for name, report in manifest["sources"].items()}
    # An unreachable target once, not once per source.
    lost = {label: report["gap"] for label, report in manifest["targets"].items() if not report["reached"]}
    gaps = [f"{label}: {gap}" for label, gap in lost.items()]
    gaps += [
        f"{name}: {gap}"
        for name, report in manifest["sources"].items()
        for gap in report["gaps"]
        if not any(gap.startswith(f"{label}: ") for label in lost)
    ]
    return {
        "ManifestKey": key,
        "ManifestSha256": hashlib.sha256(body).hexdigest(),  # with the version: the anchor verify checks against
        "ManifestVersionId": str(stored.get("VersionId") or ""),
        "Artefacts": len(manifest["artefacts"]),
        "Statuses": json.dumps(statuses, sort_keys=True),
        "Complete": sum(1 for status in statuses.values() if status == "complete"),
        "Gaps": "; ".join(gaps)[:4000],
    }
