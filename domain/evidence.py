"""The evidence manifest: what a collection run stored for an incident, and how to prove it unchanged.

`Closeloop-CollectEvidence` writes each run's under its own prefix, `incidents/<id>/evidence/<ExecutionId>/`:
its one `manifest.json`, and the artefacts under `<account>/<region>/<source>/` for every account and region
the run read (its scripts build the same shapes as plain dicts; a test holds the two equal). `closeloop
evidence verify` reads it back and recomputes every artefact's SHA-256.
"""

from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import quote, urlencode

from pydantic import BaseModel, ConfigDict, Field

SourceStatus = Literal["complete", "partial", "failed", "missing"]
# One source in one account and region: as a source, or the target's role could not be assumed there.
TargetSourceStatus = Literal["complete", "partial", "failed", "missing", "unreachable"]
SCHEMA_VERSION = 2


# The S3 console's page for one object; `region` and `prefix` (the key) go in the query.
S3_CONSOLE_OBJECT = "https://console.aws.amazon.com/s3/object/{bucket}"


def browser_url(url: str, region: str | None = None) -> str:
    """Where a person opens a piece of evidence: an s3:// object on its S3 console page (in its region when
    known), any other URL as it is. An s3:// URI opens nowhere in a browser or in Jira."""
    if not url.startswith("s3://"):
        return url
    bucket, _, key = url.removeprefix("s3://").partition("/")
    query = ({"region": region} if region else {}) | {"prefix": key}
    return f"{S3_CONSOLE_OBJECT.format(bucket=quote(bucket, safe=''))}?{urlencode(query, quote_via=quote, safe='/')}"


def region_of(environ: Mapping[str, str]) -> str | None:
    """The region the evidence bucket is in, as the AWS SDKs find it in the environment (a Lambda's AWS_REGION)."""
    return environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION") or None


MANIFEST_NAME = "manifest.json"


def evidence_prefix(incident_id: str) -> str:
    """Every collection run of the incident, each under its own run prefix."""
    return f"incidents/{incident_id}/evidence/"


def run_prefix(incident_id: str, run: str) -> str:
    """One collection run's objects (`run` is its Automation execution id): written once, never replaced."""
    return f"{evidence_prefix(incident_id)}{run}/"


def target_prefix(incident_id: str, run: str, account: str, region: str) -> str:
    """Where one run's artefacts of one account and region are (runbooks/scripts/evidence/keys.py writes under it)."""
    return f"{run_prefix(incident_id, run)}{account}/{region}/"


def manifest_key(incident_id: str, run: str) -> str:
    return f"{run_prefix(incident_id, run)}{MANIFEST_NAME}"


def run_of(incident_id: str, key: str) -> str | None:
    """The run a manifest key belongs to, or None when the key is not a run's manifest of this incident."""
    run = key.removeprefix(evidence_prefix(incident_id)).removesuffix(f"/{MANIFEST_NAME}")
    return run if run and "/" not in run and key == manifest_key(incident_id, run) else None


class Artefact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(description="S3 key, under incidents/<id>/evidence/<run>/<account>/<region>/<source>/")
    source: str
    size: int = Field(ge=0, description="bytes as stored")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="of the bytes as stored")
    content_type: str
    records: int = Field(ge=0, description="NDJSON lines, or 1 for a single document or image")
    version_id: str | None = Field(default=None, description="the S3 version written (versioned bucket)")


class SourceReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: SourceStatus
    calls: dict[str, int] = Field(default_factory=dict, description="requests sent, per operation")
    gaps: list[str] = Field(default_factory=list, description="what the source could not get, and how far it got")
    summary: dict[str, Any] = Field(default_factory=dict)
    artefacts: int = Field(ge=0)


class TargetSourceReport(SourceReport):
    status: TargetSourceStatus  # type: ignore[assignment]


class TargetReport(BaseModel):
    """One account and region the run read, and how each source went there."""

    model_config = ConfigDict(extra="forbid")

    account: str = Field(pattern=r"^\d{12}$")
    region: str
    reached: bool = Field(description="false when no source could assume the target's role")
    gap: str = Field(default="", description="why the target could not be read, in one line")
    sources: dict[str, TargetSourceReport]


class Window(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: str
    end: str


class EvidenceManifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    incident_id: str
    execution_id: str
    collector_version: str
    collected_at: str
    bucket: str
    window: Window
    sources: dict[str, SourceReport]
    targets: dict[str, TargetReport] = Field(
        default_factory=dict, description="per account/region (schema 2; a schema-1 manifest read the home one only)"
    )
    artefacts: list[Artefact]

    def gaps(self) -> dict[str, list[str]]:
        return {name: report.gaps for name, report in self.sources.items() if report.gaps}
