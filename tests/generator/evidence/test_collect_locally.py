"""The whole Closeloop-CollectEvidence runbook through the simulator, against the extended emulator over HTTP.

A seeded incident is collected end to end; the manifest, the artefacts and the derived timeline are
checked, a second run adds nothing, a failing source is a gap while the others complete, and
`closeloop evidence verify` catches an artefact that changed, went missing or was added.
"""

import argparse
import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from domain.evidence import EvidenceManifest, manifest_key, run_prefix, target_prefix
from generator.cli import evidence as evidence_cli
from generator.document import Document
from generator.emulator.extensions import install
from generator.evidence.local import ensure_stores, run_locally
from generator.simulator import ClientFactory, ExecutionRecord, RunOptions, simulate
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.simulator.execution import find_in_catalogue_or_file
from runbooks import collect_evidence, evidence_timeline
from runbooks.collect_evidence import CHILD_DOCUMENTS
from runbooks.evidence_sources import SOURCES
from runbooks.scripts.evidence.manifest import SOURCES as SOURCE_NAMES
from tests.generator.emulator.isolation import next_region
from tests.runbooks.scripts.evidence.seed import Incident, Volumes, seed

SMALL = Volumes(
    alarms=4,
    alarming=3,
    log_groups={"/inc/api": 200},
    traces=4,
    human_events=4,
    deployments=3,
    services=2,
    lambda_versions=1,
)


@pytest.fixture
def incident(aws_env: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str, Incident]]:
    install()
    region = next_region()
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    monkeypatch.setenv("AWS_REGION", region)
    yield aws_env, region, seed(region, SMALL)


def _parameters(incident: Incident, bucket: str, table: str, **extra: Any) -> dict[str, Any]:
    events = incident.events(bucket)
    chosen = {name: events[name] for name in ("IncidentId", "WindowStart", "WindowEnd", "AlarmNamePrefix", "LogGroups")}
    return (
        chosen
        | {
            "Functions": events["Functions"],
            "Services": events["Services"],
            "DeploymentGroups": events["DeploymentGroups"],
            "Stacks": events["Stacks"],
            "EvidenceBucket": bucket,
            "TableName": table,
        }
        | extra
    )


def _run(endpoint: str, region: str, parameters: dict[str, Any]) -> ExecutionRecord:
    return run_locally(parameters, endpoint, region=region)


def _verify(endpoint: str, incident_id: str, bucket: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    evidence_cli.register(parser.add_subparsers())
    args = parser.parse_args(
        ["evidence", "verify", "--incident", incident_id, "--bucket", bucket, "--endpoint-url", endpoint]
    )
    status: int = args.run(args)
    return status, capsys.readouterr().out


def _timeline(record: ExecutionRecord) -> ExecutionRecord:
    """The run's timeline child (CollectEvidence-Timeline), which derived its events."""
    return next(child for child in record.children if child.document_name == evidence_timeline.NAME)


def _names() -> tuple[str, str]:
    suffix = uuid.uuid4().hex[:8]
    return f"evidence-{suffix}", f"closeloop-{suffix}"


def test_a_seeded_incident_collected_end_to_end_then_again_without_duplicates(
    incident: tuple[str, str, Incident], capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint, region, seeded = incident
    bucket, table = _names()
    first = _run(endpoint, region, _parameters(seeded, bucket, table))
    assert first.status == "Success", first.failure_message
    outputs = first.outputs
    statuses = json.loads(outputs["WriteManifest.Statuses"])
    assert statuses == dict.fromkeys(SOURCE_NAMES, "complete"), (
        statuses
    )  # manual actions too: the emulator lists executions
    manifest = EvidenceManifest.model_validate_json(
        boto3.client("s3").get_object(Bucket=bucket, Key=outputs["WriteManifest.ManifestKey"])["Body"].read()
    )
    assert outputs["WriteManifest.ManifestKey"] == manifest_key(seeded.incident_id, first.execution_id)
    assert manifest.execution_id == first.execution_id and outputs["WriteManifest.Artefacts"] == len(manifest.artefacts)
    # Each source, and the timeline, ran as a child execution of its own, with the parent's id (a source's files
    # go under it, else it would be missing; the timeline reads that run's manifest).
    assert sorted(child.document_name for child in first.children) == sorted(CHILD_DOCUMENTS)
    assert {child.parent_execution_id for child in first.children} == {first.execution_id}
    assert {child.parameters["ExecutionId"] for child in first.children} == {first.execution_id}
    assert {a.source for a in manifest.artefacts} == {
        "alarms",
        "deployments",
        "logs",
        "traces",
        "metrics",
        "snapshots",
        "manual_actions",
    }
    derived = _timeline(first).outputs
    assert outputs["DeriveTimeline.Output"] == derived
    assert derived["DeriveTimeline.Events"] >= 1 + SMALL.deployments and derived["DeriveTimeline.FirstAlert"]
    assert _verify(endpoint, seeded.incident_id, bucket, capsys)[0] == 0

    second = _run(endpoint, region, _parameters(seeded, bucket, table))
    assert second.status == "Success"
    assert _timeline(second).outputs["DeriveTimeline.Events"] == derived["DeriveTimeline.Events"]
    assert next(s for s in _timeline(second).steps if s.name == "DeriveTimeline").outputs["Created"] == 0
    again = EvidenceManifest.model_validate_json(
        boto3.client("s3").get_object(Bucket=bucket, Key=second.outputs["WriteManifest.ManifestKey"])["Body"].read()
    )
    unchanged = {"alarms", "deployments", "logs", "traces", "snapshots"}  # metrics and CloudTrail reach up to now
    # a second run writes under its own prefix (nothing of the first is replaced), the same bytes for the same window
    assert all(a.key.startswith(run_prefix(seeded.incident_id, second.execution_id)) for a in again.artefacts)
    assert {
        a.key.rsplit(f"/{second.execution_id}/", 1)[1]: a.sha256 for a in again.artefacts if a.source in unchanged
    } == {a.key.rsplit(f"/{first.execution_id}/", 1)[1]: a.sha256 for a in manifest.artefacts if a.source in unchanged}


def test_a_failing_source_is_a_gap_and_the_others_complete(incident: tuple[str, str, Incident]) -> None:
    endpoint, region, seeded = incident
    bucket, table = _names()
    record = _run(endpoint, region, _parameters(seeded, bucket, table, LogGroups=["/no/such/group"]))
    assert record.status == "Success"
    statuses = json.loads(record.outputs["WriteManifest.Statuses"])
    assert statuses["logs"] == "failed"
    assert statuses["alarms"] == statuses["traces"] == "complete"
    manifest = json.loads(
        boto3.client("s3").get_object(Bucket=bucket, Key=record.outputs["WriteManifest.ManifestKey"])["Body"].read()
    )
    assert (
        manifest["sources"]["logs"]["status"] == "failed"
        and "ResourceNotFound" in manifest["sources"]["logs"]["gaps"][0]
    )
    assert "logs:" in record.outputs["WriteManifest.Gaps"]


def test_verify_reports_a_changed_a_missing_and_an_unlisted_artefact(
    incident: tuple[str, str, Incident], capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint, region, seeded = incident
    bucket, table = _names()
    ran = _run(endpoint, region, _parameters(seeded, bucket, table))
    assert ran.status == "Success"
    prefix = target_prefix(seeded.incident_id, ran.execution_id, EMULATOR_ACCOUNT_ID, region).rstrip("/")
    s3 = boto3.client("s3")
    s3.put_object(Bucket=bucket, Key=f"{prefix}/alarms/state-changes.ndjson.gz", Body=b"rewritten")
    s3.delete_object(Bucket=bucket, Key=f"{prefix}/traces/summaries.ndjson.gz")
    s3.put_object(Bucket=bucket, Key=f"{prefix}/logs/extra.txt", Body=b"added later")
    status, out = _verify(endpoint, seeded.incident_id, bucket, capsys)
    assert status == 1
    assert f"changed: {prefix}/alarms/state-changes.ndjson.gz" in out
    assert f"missing: {prefix}/traces/summaries.ndjson.gz" in out
    assert f"unlisted: {prefix}/logs/extra.txt" in out


def test_verify_without_a_manifest_says_so(aws_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    bucket, _ = _names()
    boto3.client("s3").create_bucket(Bucket=bucket)
    parser = argparse.ArgumentParser()
    evidence_cli.register(parser.add_subparsers())
    args = parser.parse_args(
        ["evidence", "verify", "--incident", "INC-NONE", "--bucket", bucket, "--endpoint-url", aws_env]
    )
    assert args.run(args) == 2
    assert "no evidence was collected for INC-NONE" in capsys.readouterr().err


def test_a_source_whose_child_cannot_run_is_missing_and_the_others_complete(
    incident: tuple[str, str, Incident],
) -> None:
    """onFailure Continue: a child that fails to start or run fails its step only; the manifest names the gap."""
    endpoint, region, seeded = incident
    bucket, table = _names()
    broken = collect_evidence.source_document(SOURCES[0])  # the alarms

    def find(name: str) -> Document | None:
        return None if name == broken else find_in_catalogue_or_file(name)

    parameters = _parameters(seeded, bucket, table)
    ensure_stores(ClientFactory(endpoint, region=region), bucket, table)
    record = simulate(
        collect_evidence.build(),
        parameters,
        name=collect_evidence.NAME,
        clients=ClientFactory(endpoint, region=region),
        options=RunOptions(find_document=find),
    )
    assert record.status == "Success", record.failure_message  # the run goes on, as AWS does with Continue
    assert record.step(SOURCES[0].step).status == "Failed"
    statuses = json.loads(record.outputs["WriteManifest.Statuses"])
    assert statuses["alarms"] == "missing"
    assert {status for source, status in statuses.items() if source != "alarms"} == {"complete"}
