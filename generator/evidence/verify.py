"""Prove an incident's evidence unchanged: every artefact the manifest lists, hashed again from S3.

Reports what is missing (listed, not there), changed (there, other bytes) and unlisted (there under the
evidence prefix, not in the manifest). Artefacts are hashed as they stream, never read whole.
"""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from domain.evidence import EvidenceManifest, evidence_prefix, manifest_key

CHUNK_BYTES = 1024 * 1024


@dataclass
class Changed:
    key: str
    expected: str
    actual: str


@dataclass
class Verification:
    manifest: EvidenceManifest
    verified: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not (self.missing or self.changed or self.unlisted)


class ManifestMissing(Exception):
    """No manifest for the incident in the bucket: nothing can be verified."""


def verify(s3: Any, bucket: str, incident_id: str) -> Verification:
    key = manifest_key(incident_id)
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except s3.exceptions.NoSuchKey:
        raise ManifestMissing(
            f"s3://{bucket}/{key} does not exist: no evidence was collected for {incident_id}"
        ) from None
    manifest = EvidenceManifest.model_validate_json(body)
    result = Verification(manifest)
    stored = set(_keys(s3, bucket, evidence_prefix(incident_id))) - {key}
    for artefact in manifest.artefacts:
        if artefact.key not in stored:
            result.missing.append(artefact.key)
            continue
        actual = _sha256(s3, bucket, artefact.key)
        if actual == artefact.sha256:
            result.verified.append(artefact.key)
        else:
            result.changed.append(Changed(artefact.key, artefact.sha256, actual))
    result.unlisted = sorted(stored - {artefact.key for artefact in manifest.artefacts})
    return result


def _keys(s3: Any, bucket: str, prefix: str) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def _sha256(s3: Any, bucket: str, key: str) -> str:
    digest = hashlib.sha256()
    body = s3.get_object(Bucket=bucket, Key=key)["Body"]
    for chunk in iter(lambda: body.read(CHUNK_BYTES), b""):
        digest.update(chunk)
    return digest.hexdigest()
