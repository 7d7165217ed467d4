"""The evidence manifest model and the keys the collection scripts use are the same shapes."""

import pytest
from pydantic import ValidationError

from domain.evidence import Artefact, EvidenceManifest, evidence_prefix, manifest_key, run_of, run_prefix, target_prefix
from runbooks.scripts.evidence import keys


def test_the_scripts_and_the_domain_agree_on_where_the_manifest_and_artefacts_are() -> None:
    assert manifest_key("INC-1", "run-1") == keys.manifest_key("INC-1", "run-1")
    key = keys.evidence_key("INC-1", "run-1", "210987654321", "eu-west-1", "logs", "sample.ndjson.gz")
    assert key == f"{target_prefix('INC-1', 'run-1', '210987654321', 'eu-west-1')}logs/sample.ndjson.gz"
    assert key.startswith(run_prefix("INC-1", "run-1")) and run_prefix("INC-1", "run-1").startswith(
        evidence_prefix("INC-1")
    )
    assert keys.key_target(key) == "210987654321/eu-west-1"


def test_a_manifest_key_names_its_run_and_nothing_else_does() -> None:
    assert run_of("INC-1", manifest_key("INC-1", "run-1")) == "run-1"
    assert run_of("INC-1", "incidents/INC-1/evidence/manifest.json") is None  # before runs had prefixes
    assert run_of("INC-1", "incidents/INC-1/evidence/run-1/logs/manifest.json") is None
    assert run_of("INC-2", manifest_key("INC-1", "run-1")) is None


def test_an_artefact_without_a_sha256_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="sha256"):
        Artefact(key="k", source="logs", size=1, sha256="not-a-hash", content_type="x", records=1)


def test_an_unknown_source_status_is_refused() -> None:
    data = {
        "incident_id": "INC-1",
        "execution_id": "e",
        "collector_version": "1",
        "collected_at": "t",
        "bucket": "b",
        "window": {"start": "s", "end": "e"},
        "artefacts": [],
        "sources": {"logs": {"status": "fine", "artefacts": 0}},
    }
    with pytest.raises(ValidationError, match=r"sources\.logs\.status"):
        EvidenceManifest.model_validate(data)
