"""What the records know about an incident: its table item, its timeline, its evidence manifest.

Read for `closeloop postmortem draft`. Clients are made here only when none is given, so tests pass the
emulator's. The manifest is the anchored run's (the newest run whose anchor the table keeps, read at its
anchored version; generator/evidence/anchors.py), so a link never points at evidence nobody anchored. A
missing manifest (no evidence collected) or one of another version leaves a note and a draft with fewer
links; a missing table or an incident without any record is an error.
"""

import json
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import ValidationError

from domain import table
from domain.evidence import MANIFEST_NAME, EvidenceManifest, evidence_prefix
from domain.postmortem import EvidenceLink
from domain.timeline import TimelineEvent
from domain.timeline_store import TimelineStore
from generator.evidence.anchors import chosen, run_anchors
from generator.evidence.verify import newest_manifest


class RecordsError(Exception):
    """The records cannot be read, or hold nothing about the incident."""


@dataclass(frozen=True)
class IncidentRecords:
    incident_id: str
    incident: dict[str, str] = field(default_factory=dict)  # the incident item's plain attributes
    events: list[TimelineEvent] = field(default_factory=list)
    manifest: dict[str, Any] | None = None  # as stored; validated against EvidenceManifest when it can be
    evidence: list[EvidenceLink] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_records(
    incident_id: str,
    table_name: str,
    bucket: str | None,
    endpoint_url: str | None = None,
    dynamodb: Any = None,
    s3: Any = None,
) -> IncidentRecords:
    dynamodb = dynamodb or boto3.client("dynamodb", endpoint_url=endpoint_url)
    try:
        item = dynamodb.get_item(
            TableName=table_name,
            Key={
                table.PARTITION_KEY: {"S": table.incident_pk(incident_id)},
                table.SORT_KEY: {"S": table.incident_sk()},
            },
            ConsistentRead=True,
        ).get("Item", {})
        events = TimelineStore(dynamodb, table_name).events(incident_id)
    except (ClientError, BotoCoreError) as error:
        raise RecordsError(f"cannot read table '{table_name}': {error}") from None
    if not item and not events:
        raise RecordsError(f"table '{table_name}' holds no incident record and no timeline event for '{incident_id}'")
    notes: list[str] = []
    manifest: dict[str, Any] | None = None
    evidence: list[EvidenceLink] = []
    if bucket:
        s3 = s3 or boto3.client("s3", endpoint_url=endpoint_url)
        key, version = _anchored(dynamodb, s3, table_name, incident_id, bucket, notes)
        manifest, evidence = _manifest(s3, bucket, key, version, notes)
    else:
        notes.append("no evidence bucket given (--bucket): the draft has no evidence links")
    return IncidentRecords(incident_id, _plain(item), events, manifest, evidence, notes)


def _plain(item: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {name: str(value.get("S", value.get("N"))) for name, value in item.items() if "S" in value or "N" in value}


def _anchored(
    dynamodb: Any, s3: Any, table_name: str, incident_id: str, bucket: str, notes: list[str]
) -> tuple[str, str]:
    """The manifest key and version of the newest anchored run; without an anchor, the newest run's manifest."""
    runs = run_anchors(dynamodb, table_name, incident_id, bucket)
    run = chosen(runs, None)
    if run is None:
        notes.append(f"no evidence anchor in table '{table_name}': the manifest is read unanchored")
        return newest_manifest(s3, bucket, incident_id) or evidence_prefix(incident_id) + MANIFEST_NAME, ""
    if len(runs) > 1:
        notes.append(f"{len(runs)} evidence collection runs: the draft links the newest anchored one, {run.run}")
    if run.disagreement:
        notes.append(run.disagreement)
    return run.anchor.key, run.anchor.version_id


def _manifest(
    s3: Any, bucket: str, key: str, version: str, notes: list[str]
) -> tuple[dict[str, Any] | None, list[EvidenceLink]]:
    url = f"s3://{bucket}/{key}"
    pinned = {"VersionId": version} if version else {}
    try:
        body = s3.get_object(Bucket=bucket, Key=key, **pinned)["Body"].read()
    except ClientError as error:
        notes.append(f"no evidence manifest at {url} ({error.response.get('Error', {}).get('Code', error)})")
        return None, []
    except BotoCoreError as error:
        notes.append(f"cannot read the evidence manifest at {url}: {error}")
        return None, []
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        notes.append(f"the evidence manifest at {url} is not JSON ({error}): linked, not read")
        return None, [EvidenceLink(title="Evidence manifest", url=url)]
    if not isinstance(data, dict):
        notes.append(f"the evidence manifest at {url} is not a JSON object: linked, not read")
        return None, [EvidenceLink(title="Evidence manifest", url=url)]
    try:
        EvidenceManifest.model_validate(data)
    except ValidationError as error:
        # Another collector version: read what is recognisable rather than drop the evidence.
        notes.append(
            f"the evidence manifest at {url} does not match this version's model ({error.error_count()} issue(s))"
        )
    links = [EvidenceLink(title="Evidence manifest", url=url)]
    for artefact in data.get("artefacts") or []:
        if isinstance(artefact, dict) and isinstance(artefact.get("key"), str):
            name = artefact["key"].rsplit("/", 1)[-1]
            links.append(
                EvidenceLink(
                    title=f"{artefact.get('source', 'evidence')}: {name}", url=f"s3://{bucket}/{artefact['key']}"
                )
            )
    for source, report in (data.get("sources") or {}).items():
        if isinstance(report, dict) and report.get("gaps"):
            gaps = "; ".join(map(str, report["gaps"]))
            notes.append(f"evidence source '{source}' is {report.get('status', 'incomplete')}: {gaps}")
    return data, links
