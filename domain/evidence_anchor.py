"""The evidence anchor: a collection run's manifest key, S3 version and SHA-256, kept outside the bucket.

The timeline handler records it twice, from SSM's own record of the run (the WriteManifest step's outputs):
as an `evidence` event on the incident's timeline, and on the incident's item (`evidence_anchors`, one entry
per run, written once). That is a different role from the Automation role that writes the bucket, so
whoever can rewrite the evidence cannot also rewrite what it must match. `closeloop evidence verify` reads
both back and reports where they disagree. The event's source is `s3://<bucket>/<key>?versionId=<v>#sha256=<h>`.
"""

import re
from dataclasses import dataclass
from typing import Any

_SOURCE = re.compile(
    r"^s3://(?P<bucket>[^/]+)/(?P<key>[^?#]+)\?versionId=(?P<version>[^#]*)#sha256=(?P<sha>[0-9a-f]{64})$"
)


@dataclass(frozen=True)
class ManifestAnchor:
    bucket: str
    key: str
    version_id: str
    sha256: str

    @property
    def source(self) -> str:
        return f"s3://{self.bucket}/{self.key}?versionId={self.version_id}#sha256={self.sha256}"

    @classmethod
    def from_source(cls, source: str) -> "ManifestAnchor | None":
        found = _SOURCE.match(source)
        if found is None:
            return None
        return cls(found["bucket"], found["key"], found["version"], found["sha"])

    def to_attribute(self, run: str, recorded_at: str) -> dict[str, Any]:
        """The incident item's entry for one run (DynamoDB attribute-value form)."""
        values = {"run": run, "bucket": self.bucket, "key": self.key, "version_id": self.version_id}
        values |= {"sha256": self.sha256, "recorded_at": recorded_at}
        return {"M": {name: {"S": value} for name, value in values.items()}}

    @classmethod
    def from_attribute(cls, value: dict[str, Any]) -> "ManifestAnchor | None":
        """An entry of the incident item's `evidence_anchors`; None when it is not one this version wrote."""
        plain = {name: field.get("S") for name, field in (value.get("M") or {}).items()}
        if not all(isinstance(plain.get(name), str) for name in ("bucket", "key", "version_id", "sha256")):
            return None
        return cls(str(plain["bucket"]), str(plain["key"]), str(plain["version_id"]), str(plain["sha256"]))
