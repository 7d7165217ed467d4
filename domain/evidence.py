"""The evidence manifest: what a collection run stored for an incident, and how to prove it unchanged.

`Closeloop-CollectEvidence` writes it as `incidents/<id>/evidence/manifest.json` beside the artefacts
(its scripts build the same shape as plain dicts; a test holds the two equal). `closeloop evidence
verify` reads it back and recomputes every artefact's SHA-256.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SourceStatus = Literal["complete", "partial", "failed", "missing"]
SCHEMA_VERSION = 1


def evidence_prefix(incident_id: str) -> str:
    return f"incidents/{incident_id}/evidence/"


def manifest_key(incident_id: str) -> str:
    return f"{evidence_prefix(incident_id)}manifest.json"


class Artefact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(description="S3 key, under incidents/<id>/evidence/<source>/")
    source: str
    size: int = Field(ge=0, description="bytes as stored")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="of the bytes as stored")
    content_type: str
    records: int = Field(ge=0, description="NDJSON lines, or 1 for a single document or image")


class SourceReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: SourceStatus
    calls: dict[str, int] = Field(default_factory=dict, description="requests sent, per operation")
    gaps: list[str] = Field(default_factory=list, description="what the source could not get, and how far it got")
    summary: dict[str, Any] = Field(default_factory=dict)
    artefacts: int = Field(ge=0)


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
    artefacts: list[Artefact]

    def gaps(self) -> dict[str, list[str]]:
        return {name: report.gaps for name, report in self.sources.items() if report.gaps}
