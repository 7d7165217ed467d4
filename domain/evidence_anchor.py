"""The evidence anchor: a collection run's manifest key, S3 version and SHA-256, kept outside the bucket.

The timeline handler records it, from SSM's own record of the run (the WriteManifest step's outputs), as
an `evidence` event on the incident's timeline: a different role from the Automation role that writes the
bucket, so whoever can rewrite the evidence cannot also rewrite what it must match. `closeloop evidence
verify` reads the newest one back. The event's source is `s3://<bucket>/<key>?versionId=<v>#sha256=<h>`.
"""

import re
from dataclasses import dataclass

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
