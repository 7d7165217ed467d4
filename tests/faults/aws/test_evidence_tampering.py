"""The review's eight ways of quietly rewriting an incident's evidence, each one caught by `evidence verify`.

A collection is written as the CollectEvidence scripts write it (artefacts through `put_blob`, the manifest
through the manifest step, in a versioned bucket as the stack makes it), anchored by the manifest's SHA-256
and version id from the step's outputs. Then each attack is made with plain S3 calls, as someone holding
write access to the bucket (or the right to bypass governance retention) would make it.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from domain.evidence_anchor import ManifestAnchor
from domain.incident import IncidentRecord
from domain.incident_store import IncidentStore
from domain.timeline import Kind, TimelineEvent
from domain.timeline_store import TimelineStore
from generator.cli import main
from generator.evidence.verify import Anchor, ManifestMissing, verify
from runbooks.scripts.evidence import manifest as manifest_step
from runbooks.scripts.evidence.artefacts import put_blob
from runbooks.scripts.evidence.keys import evidence_key, manifest_key, record_key
from runbooks.scripts.evidence.retry import Calls
from tests.domain.closeloop_table import create_table
from tests.faults.tally import Tally

INCIDENT, OTHER = "INC-77", "INC-78"
ACCOUNT, REGION = "123456789012", "us-east-1"  # where the run read (the home target)
WINDOW = ("2026-11-29T17:00:00Z", "2026-11-29T18:00:00Z")


@dataclass
class Collected:
    s3: Any
    bucket: str
    anchor: Anchor
    keys: list[str]
    run: str  # the collection run's execution id: its objects are under its own prefix


def collect(s3: Any, bucket: str, incident: str) -> Collected:
    """Two artefacts and their source record, then the manifest step itself, as one run writes them."""
    execution = str(uuid.uuid4())
    artefacts = [
        put_blob(
            Calls(),
            s3,
            bucket,
            evidence_key(incident, execution, ACCOUNT, REGION, "alarms", name),
            "alarms",
            body,
            "application/json",
        )
        for name, body in (("state.json", b'{"alarm": "ALARM"}'), ("defs.json", b'{"alarms": 2}'))
    ]
    record = {"status": "complete", "calls": {"describe_alarms": 1}, "gaps": [], "summary": {}, "artefacts": artefacts}
    s3.put_object(Bucket=bucket, Key=record_key(incident, execution, "alarms"), Body=json.dumps(record).encode())
    events = {"IncidentId": incident, "EvidenceBucket": bucket, "ExecutionId": execution, "Sources": ["alarms"],
              "WindowStart": WINDOW[0], "WindowEnd": WINDOW[1]}  # fmt: skip
    out = manifest_step.handler(events, None)
    anchor = Anchor(out["ManifestSha256"], out["ManifestVersionId"] or None, WINDOW, key=out["ManifestKey"])
    return Collected(s3, bucket, anchor, [str(a["key"]) for a in artefacts], execution)


def manifest_of(c: Collected) -> dict[str, Any]:
    body = c.s3.get_object(Bucket=c.bucket, Key=manifest_key(INCIDENT, c.run))["Body"].read()
    loaded: dict[str, Any] = json.loads(body)
    return loaded


def put_manifest(c: Collected, manifest: dict[str, Any]) -> None:
    c.s3.put_object(Bucket=c.bucket, Key=manifest_key(INCIDENT, c.run), Body=json.dumps(manifest, indent=2).encode())


def altered(c: Collected) -> None:
    c.s3.put_object(Bucket=c.bucket, Key=c.keys[0], Body=b'{"alarm": "OK"}')


def deleted(c: Collected) -> None:
    c.s3.delete_object(Bucket=c.bucket, Key=c.keys[1])


def added(c: Collected) -> None:
    c.s3.put_object(
        Bucket=c.bucket, Key=evidence_key(INCIDENT, c.run, ACCOUNT, REGION, "alarms", "planted.json"), Body=b"{}"
    )


def consistent_rewrite(c: Collected) -> None:
    body = b'{"alarm": "OK"}'
    c.s3.put_object(Bucket=c.bucket, Key=c.keys[0], Body=body)
    manifest = manifest_of(c)
    entry = next(a for a in manifest["artefacts"] if a["key"] == c.keys[0])
    entry.update(sha256=hashlib.sha256(body).hexdigest(), size=len(body), version_id=None)
    put_manifest(c, manifest)


def entry_dropped(c: Collected) -> None:
    manifest = manifest_of(c)
    manifest["artefacts"] = [a for a in manifest["artefacts"] if a["key"] != c.keys[1]]
    put_manifest(c, manifest)
    c.s3.delete_object(Bucket=c.bucket, Key=c.keys[1])


def metadata_edited(c: Collected) -> None:
    manifest = manifest_of(c)
    manifest["sources"]["alarms"].update(status="complete", gaps=[])
    manifest["window"]["start"] = "2026-11-29T17:30:00Z"
    put_manifest(c, manifest)


def governance_overwrite(c: Collected) -> None:
    """With s3:BypassGovernanceRetention: the original versions are deleted outright and replaced, so no
    second version or delete marker is left behind; only the anchor still knows the old manifest."""
    manifest = manifest_of(c)
    manifest["sources"]["alarms"]["gaps"] = ["nothing to see"]
    for key in (manifest_key(INCIDENT, c.run), c.keys[0]):
        for version in c.s3.list_object_versions(Bucket=c.bucket, Prefix=key)["Versions"]:
            c.s3.delete_object(Bucket=c.bucket, Key=key, VersionId=version["VersionId"])
    c.s3.put_object(Bucket=c.bucket, Key=c.keys[0], Body=b'{"alarm": "OK"}')
    put_manifest(c, manifest)


def another_incidents_manifest(c: Collected) -> None:
    other = collect(c.s3, c.bucket, OTHER)
    body = other.s3.get_object(Bucket=c.bucket, Key=manifest_key(OTHER, other.run))["Body"].read()
    key = manifest_key(INCIDENT, c.run)
    for version in c.s3.list_object_versions(Bucket=c.bucket, Prefix=key)["Versions"]:
        c.s3.delete_object(Bucket=c.bucket, Key=key, VersionId=version["VersionId"])
    stored = c.s3.put_object(Bucket=c.bucket, Key=key, Body=body)
    c.anchor = Anchor(other.anchor.sha256, stored["VersionId"], WINDOW, key=key)  # even an anchor matching the bytes


TAMPERING: dict[str, Callable[[Collected], None]] = {
    "an artefact altered": altered,
    "an artefact deleted": deleted,
    "an object added under the evidence prefix": added,
    "an artefact and the manifest rewritten consistently": consistent_rewrite,
    "an entry dropped from the manifest and its object deleted": entry_dropped,
    "status, gaps and window edited in the manifest": metadata_edited,
    "an overwrite that bypasses governance retention": governance_overwrite,
    "another incident's manifest put in its place": another_incidents_manifest,
}


@pytest.fixture
def collected(aws_env: str) -> Collected:
    s3 = boto3.client("s3")
    bucket = f"evidence-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return collect(s3, bucket, INCIDENT)


def test_an_untouched_collection_verifies_against_its_anchor(collected: Collected) -> None:
    result = verify(collected.s3, collected.bucket, INCIDENT, collected.anchor)
    assert result.intact and result.anchored and len(result.verified) == 2, result


@pytest.mark.parametrize("name", sorted(TAMPERING))
def test_verify_catches_each_tampering(collected: Collected, tally: Tally, name: str) -> None:
    with tally.case("evidence chain of custody", name, kind="attack") as case:
        TAMPERING[name](collected)
        try:
            result = verify(collected.s3, collected.bucket, INCIDENT, collected.anchor)
            caught = not result.intact
        except ManifestMissing:
            caught = True  # the anchored manifest version is gone: reported, exit 2
        case.lost = int(not caught)
        assert caught, name


def test_verify_reads_the_anchor_the_timeline_recorded(
    collected: Collected, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the timeline function records it from SSM's record of the run; `verify --table` finds it there."""
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    anchor = ManifestAnchor(collected.bucket, manifest_key(INCIDENT, collected.run), str(collected.anchor.version_id),
                            collected.anchor.sha256)  # fmt: skip
    now = datetime.now(UTC)
    store = TimelineStore(boto3.client("dynamodb"), name)
    store.put(TimelineEvent(incident_id=INCIDENT, kind=Kind.EVIDENCE, occurred_at=now, recorded_at=now,
                            actor="ssm", source=anchor.source, text="Evidence manifest stored"))  # fmt: skip
    command = ["evidence", "verify", "--incident", INCIDENT, "--bucket", collected.bucket, "--table", name]
    assert main(command) == 0 and "against the run's anchor" in capsys.readouterr().out
    governance_overwrite(collected)
    assert main(command) == 2  # the anchored manifest version is gone
    assert "does not exist" in capsys.readouterr().err


def anchored_twice(collected: Collected) -> tuple[str, ManifestAnchor]:
    """A table with the run's anchor on the incident item and on the timeline, as the timeline function writes it."""
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    anchor = ManifestAnchor(collected.bucket, manifest_key(INCIDENT, collected.run), str(collected.anchor.version_id),
                            collected.anchor.sha256)  # fmt: skip
    dynamodb, now = boto3.client("dynamodb"), datetime.now(UTC)
    items = IncidentStore(dynamodb, name)
    items.open(IncidentRecord(incident_id=INCIDENT, title="Checkout returns 5xx", incident_class="bad-deploy",
                              severity="SEV2", service="checkout", commander="ana", started_at=now,
                              opened_at=now))  # fmt: skip
    items.record_anchor(INCIDENT, collected.run, anchor, now)
    TimelineStore(dynamodb, name).put(evidence_event(anchor, now))
    return name, anchor


def evidence_event(anchor: ManifestAnchor, at: datetime) -> TimelineEvent:
    return TimelineEvent(incident_id=INCIDENT, kind=Kind.EVIDENCE, occurred_at=at, recorded_at=at, actor="ssm",
                         source=anchor.source, text="Evidence manifest stored")  # fmt: skip


def test_a_rewrite_that_also_rewrites_the_timelines_anchor_is_caught_by_the_incident_items(
    collected: Collected, tally: Tally, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whoever rewrites the evidence consistently and adds a timeline anchor to match still leaves the run's
    anchor on the incident item (written once): verify reports that the two records disagree."""
    attack = "a consistent rewrite with a matching timeline anchor"
    with tally.case("evidence chain of custody", attack, kind="attack") as case:
        table, anchor = anchored_twice(collected)
        consistent_rewrite(collected)
        listed = collected.s3.list_object_versions(Bucket=collected.bucket, Prefix=anchor.key)
        newest = next(v for v in listed["Versions"] if v["IsLatest"])
        body = collected.s3.get_object(Bucket=collected.bucket, Key=anchor.key)["Body"].read()
        forged = ManifestAnchor(anchor.bucket, anchor.key, newest["VersionId"], hashlib.sha256(body).hexdigest())
        TimelineStore(boto3.client("dynamodb"), table).put(evidence_event(forged, datetime.now(UTC)))
        command = ["evidence", "verify", "--incident", INCIDENT, "--bucket", collected.bucket, "--table", table]
        code = main(command)
        out = capsys.readouterr().out
        case.lost = int(code == 0)
        assert code == 1 and "anchors disagree" in out and "the incident item says" in out, out
