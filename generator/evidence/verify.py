"""Prove an incident's evidence unchanged, against an anchor kept outside the bucket.

The anchor is what the collection run put in its execution outputs: the manifest's key (under the run's own
prefix), SHA-256 and S3 version id (`WriteManifest.ManifestKey`, `.ManifestSha256`, `.ManifestVersionId`).
With it, the manifest is read at that version and its bytes must hash to that SHA-256: a manifest rewritten
to match rewritten artefacts, with an entry dropped, or with its status, gaps or window edited, no longer
does. Without it the most recently written run's manifest is read and said to be unanchored.

Every artefact is read at the version the manifest recorded and hashed as it streams. Every key under the
run's prefix (the manifest's folder) is listed with its versions: a key with more than one version (an overwrite,
even one made by bypassing governance retention) or a delete marker is reported, as is a key the manifest
does not list. The manifest must name this incident, this bucket and, when given, the anchored window.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from domain.evidence import EvidenceManifest, evidence_prefix, run_of

CHUNK_BYTES = 1024 * 1024
# What S3 answers for a key or version that is not there (a delete marker as the latest: 404/NoSuchKey; a
# malformed version id: InvalidArgument; without s3:ListBucket a missing key is AccessDenied: not gone).
GONE = {"NoSuchKey", "NoSuchVersion", "404", "InvalidArgument", "MethodNotAllowed"}


@dataclass(frozen=True)
class Anchor:
    """The manifest as the collection run stored it (from the execution's outputs)."""

    sha256: str
    version_id: str | None = None
    window: tuple[str, str] | None = None  # the run's resolved window (start, end), when known
    key: str | None = None  # the run's manifest key, as anchored (default: the incident's manifest key)


@dataclass
class Changed:
    key: str
    expected: str
    actual: str


@dataclass
class Verification:
    manifest: EvidenceManifest
    anchored: bool = False
    verified: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)  # keys with more than one version or a delete marker
    mismatched: list[str] = field(default_factory=list)  # what the manifest says that the anchor or call does not

    @property
    def intact(self) -> bool:
        return not (self.missing or self.changed or self.unlisted or self.rewritten or self.mismatched)


class ManifestMissing(Exception):
    """No manifest for the incident in the bucket (or not at the anchored version): nothing can be verified."""


def newest_manifest(s3: Any, bucket: str, incident_id: str) -> str | None:
    """Without an anchor: the manifest of the incident's most recently written run, if any."""
    found: list[tuple[Any, str]] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=evidence_prefix(incident_id)):
        found += [(o["LastModified"], o["Key"]) for o in page.get("Contents", []) if run_of(incident_id, o["Key"])]
    return max(found)[1] if found else None


def verify(s3: Any, bucket: str, incident_id: str, anchor: Anchor | None = None) -> Verification:
    key = anchor.key if anchor is not None and anchor.key else newest_manifest(s3, bucket, incident_id)
    if key is None:
        where = f"s3://{bucket}/{evidence_prefix(incident_id)}"
        raise ManifestMissing(f"no run's manifest under {where}: no evidence was collected for {incident_id}")
    body = _manifest_bytes(s3, bucket, key, incident_id, anchor)
    manifest = EvidenceManifest.model_validate_json(body)
    result = Verification(manifest, anchored=anchor is not None)
    if anchor is not None and hashlib.sha256(body).hexdigest() != anchor.sha256:
        result.mismatched.append(f"manifest SHA-256 {hashlib.sha256(body).hexdigest()[:12]} is not the anchor's")
    result.mismatched += _claims(manifest, bucket, incident_id, anchor)
    versions = _versions(s3, bucket, key.rsplit("/", 1)[0] + "/")  # the run's objects: the manifest's folder
    result.rewritten = sorted(k for k, (count, deleted) in versions.items() if count > 1 or deleted)
    stored = {k for k, (count, deleted) in versions.items() if count > deleted}
    for artefact in manifest.artefacts:
        actual = _sha256(s3, bucket, artefact.key, artefact.version_id)
        if actual is None:
            result.missing.append(artefact.key)
        elif actual == artefact.sha256:
            result.verified.append(artefact.key)
        else:
            result.changed.append(Changed(artefact.key, artefact.sha256, actual))
    result.unlisted = sorted(stored - {artefact.key for artefact in manifest.artefacts} - {key})
    return result


def _manifest_bytes(s3: Any, bucket: str, key: str, incident_id: str, anchor: Anchor | None) -> bytes:
    pinned = {"VersionId": anchor.version_id} if anchor and anchor.version_id else {}
    try:
        body: bytes = s3.get_object(Bucket=bucket, Key=key, **pinned)["Body"].read()
    except s3.exceptions.ClientError as error:
        if _code(error) not in GONE:
            raise  # no such bucket, access denied: not a verdict on the evidence
        at = f" at version {anchor.version_id}" if pinned and anchor else ""
        raise ManifestMissing(
            f"s3://{bucket}/{key}{at} does not exist ({_code(error)}): no evidence was collected for {incident_id}"
        ) from None
    return body


def _claims(manifest: EvidenceManifest, bucket: str, incident_id: str, anchor: Anchor | None) -> list[str]:
    wrong = []
    if manifest.incident_id != incident_id:
        wrong.append(f"the manifest is {manifest.incident_id}'s, not {incident_id}'s")
    if manifest.bucket != bucket:
        wrong.append(f"the manifest names bucket {manifest.bucket}, not {bucket}")
    if anchor is not None and anchor.window and (manifest.window.start, manifest.window.end) != anchor.window:
        wrong.append(f"the manifest's window {manifest.window.start}..{manifest.window.end} is not the run's")
    return wrong


def _versions(s3: Any, bucket: str, prefix: str) -> dict[str, tuple[int, bool]]:
    """Per key: how many versions it has, and whether any delete marker (an unversioned bucket: one each)."""
    counts: Counter[str] = Counter()
    deleted: set[str] = set()
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix):
        counts.update(item["Key"] for item in page.get("Versions", []))
        deleted.update(item["Key"] for item in page.get("DeleteMarkers", []))
    return {k: (counts[k], k in deleted) for k in set(counts) | deleted}


def _sha256(s3: Any, bucket: str, key: str, version_id: str | None) -> str | None:
    pinned = {"VersionId": version_id} if version_id else {}
    digest = hashlib.sha256()
    try:
        body = s3.get_object(Bucket=bucket, Key=key, **pinned)["Body"]
    except s3.exceptions.ClientError as error:
        if _code(error) not in GONE:
            raise
        return None  # gone (NoSuchKey, NoSuchVersion), or a delete marker is the latest
    for chunk in iter(lambda: body.read(CHUNK_BYTES), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _code(error: Exception) -> str:
    response = getattr(error, "response", {}) or {}
    return str(response.get("Error", {}).get("Code") or type(error).__name__)
