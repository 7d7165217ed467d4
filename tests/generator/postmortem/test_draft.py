"""`closeloop postmortem draft` against the emulator: the records' facts in, a placeholder per judgement."""

import hashlib
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from domain import table
from domain.evidence import Artefact, EvidenceManifest, SourceReport, Window, manifest_key
from domain.evidence_anchor import ManifestAnchor
from domain.incident_store import IncidentStore
from domain.postmortem import is_placeholder
from domain.timeline import TimelineEvent
from domain.timeline_store import TimelineStore
from generator.postmortem.draft import draft_yaml
from generator.postmortem.engine import check_text
from generator.postmortem.loader import read_file, read_text
from generator.postmortem.records import RecordsError, read_records
from generator.postmortem.rules.placeholders import Placeholders
from tests.domain.closeloop_table import create_table
from tests.generator.postmortem.conftest import COMPLETE, fixture_accounts
from tests.generator.postmortem.run import run_postmortem

INCIDENT = "INC-42"
TODAY = date(2026, 11, 24)


@pytest.fixture
def records(aws_env: str) -> dict[str, str]:
    """A table with the complete fixture's incident and timeline, and a bucket with its evidence manifest."""
    names = {"table": f"closeloop-{uuid.uuid4().hex[:8]}", "bucket": f"evidence-{uuid.uuid4().hex[:8]}"}
    create_table(names["table"])
    dynamodb = boto3.client("dynamodb")
    dynamodb.put_item(
        TableName=names["table"],
        Item={
            table.PARTITION_KEY: {"S": table.incident_pk(INCIDENT)},
            table.SORT_KEY: {"S": table.incident_sk()},
            "title": {"S": "Checkout errors after the payments client release"},
            "incident_class": {"S": "bad-deploy"},
            "severity": {"S": "SEV2"},
            "service": {"S": "checkout"},
            "ticket": {"S": "OPS-1234"},
        },
    )
    store = TimelineStore(dynamodb, names["table"])
    for event in read_file(COMPLETE).postmortem.timeline:
        store.put(event)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=names["bucket"])
    anchor(dynamodb, names, manifest(names["bucket"]).model_dump_json().encode())
    return names


def anchor(dynamodb: Any, names: dict[str, str], body: bytes, run: str = "run-1") -> str:
    """Store the manifest and anchor it on the incident item, as the collection run and the timeline function do."""
    key = manifest_key(INCIDENT, run)
    stored = boto3.client("s3").put_object(Bucket=names["bucket"], Key=key, Body=body)
    version = str(stored.get("VersionId") or "")
    kept = ManifestAnchor(names["bucket"], key, version, hashlib.sha256(body).hexdigest())
    IncidentStore(dynamodb, names["table"]).record_anchor(
        INCIDENT, run, kept, datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
    )
    return version


def manifest(bucket: str) -> EvidenceManifest:
    prefix = f"incidents/{INCIDENT}/evidence/run-1"
    return EvidenceManifest(
        incident_id=INCIDENT,
        execution_id="8a1b2c3d-0000-4000-8000-000000000009",
        collector_version="1",
        collected_at="2026-11-20T18:30:00Z",
        bucket=bucket,
        window=Window(start="2026-11-20T16:30:00Z", end="2026-11-20T18:00:00Z"),
        sources={
            "alarms": SourceReport(status="complete", artefacts=1, summary={"first_alarm": {"alarm": "x", "at": "y"}}),
            "deployments": SourceReport(
                status="partial", artefacts=1, gaps=["Pipelines: AccessDenied"], summary={"markers": {"Stacks": 2}}
            ),
        },
        artefacts=[
            Artefact(key=f"{prefix}/alarms/history.ndjson.gz", source="alarms", size=10, sha256="a" * 64,
                     content_type="application/x-ndjson", records=3),
            Artefact(key=f"{prefix}/deployments/markers.ndjson.gz", source="deployments", size=10, sha256="b" * 64,
                     content_type="application/x-ndjson", records=2),
        ],
    )  # fmt: skip


def test_the_draft_holds_the_records_facts_and_loads(records: dict[str, str]) -> None:
    found = read_records(INCIDENT, records["table"], records["bucket"])
    loaded = read_text(draft_yaml(found, TODAY), "draft.yaml")
    draft = loaded.postmortem
    complete = read_file(COMPLETE).postmortem
    assert draft.incident.id == INCIDENT and draft.incident.ticket == "OPS-1234"
    assert draft.incident.incident_class == "bad-deploy"
    assert [e.event_id for e in draft.timeline] == [e.event_id for e in complete.timeline]
    assert draft.answers.when_it_started.startswith("The impact started at 2026-11-20T17:02:00Z")
    assert "2026-11-20T17:09:00Z" in draft.answers.how_detected and "checkout-5xx-rate" in draft.answers.how_detected
    assert "17:31:00Z mitigation: Rolled checkout back" in draft.answers.how_responded
    assert is_placeholder(draft.answers.what_changed) and "Release 2026.11.20-3" in draft.answers.what_changed
    assert "2 Stacks" in draft.answers.what_changed
    bucket = records["bucket"]
    assert [link.url for link in draft.evidence] == [
        f"s3://{bucket}/incidents/{INCIDENT}/evidence/run-1/manifest.json",
        f"s3://{bucket}/incidents/{INCIDENT}/evidence/run-1/alarms/history.ndjson.gz",
        f"s3://{bucket}/incidents/{INCIDENT}/evidence/run-1/deployments/markers.ndjson.gz",
    ]
    assert found.notes == ["evidence source 'deployments' is partial: Pipelines: AccessDenied"]


def test_the_alert_the_evidence_recorded_again_is_left_out_with_a_note(records: dict[str, str]) -> None:
    handler_alert = next(e for e in read_file(COMPLETE).postmortem.timeline if e.kind.value == "alert")
    copy = handler_alert.model_copy(
        update={"source": "cloudwatch-alarm:checkout-5xx-rate", "actor": "closeloop:evidence", "text": "First alert"}
    )
    copy = copy.model_copy(update={"recorded_at": handler_alert.recorded_at + timedelta(minutes=40)})
    TimelineStore(boto3.client("dynamodb"), records["table"]).put(TimelineEvent.model_validate(copy.model_dump()))
    found = read_records(INCIDENT, records["table"], records["bucket"])
    assert len(found.events) == len(read_file(COMPLETE).postmortem.timeline) + 1
    draft = read_text(draft_yaml(found, TODAY), "draft.yaml").postmortem
    assert [e.source for e in draft.timeline if e.kind.value == "alert"] == [handler_alert.source]
    assert any("left out the alert 'First alert'" in note for note in found.notes)


def test_check_reports_every_judgement_left_to_people(records: dict[str, str]) -> None:
    text = draft_yaml(read_records(INCIDENT, records["table"], records["bucket"]), TODAY)
    findings = check_text(text, "draft.yaml", fixture_accounts())
    placeholders = {f.path for f in findings if f.rule == Placeholders.id}
    assert placeholders == {
        "incident.postmortem_owner",
        "summary",
        "impact.description",
        "answers.what_happened",
        "answers.what_changed",
        "root_cause",
        "contributing_factors[0].text",
        "actions[0].title",
        "actions[0].owner",
        "actions[0].done_condition",
    }
    assert all(f.line for f in findings)


def test_a_draft_filled_in_by_people_passes_the_check(records: dict[str, str]) -> None:
    text = draft_yaml(read_records(INCIDENT, records["table"], records["bucket"]), TODAY)
    complete = read_file(COMPLETE).data
    data: dict[str, Any] = read_text(text, "draft.yaml").data
    data["incident"]["postmortem_owner"] = complete["incident"]["postmortem_owner"]
    for field in ("summary", "impact", "answers", "root_cause", "contributing_factors", "actions"):
        data[field] = complete[field]
    assert check_text(json.dumps(data), "filled.json", fixture_accounts()) == []


def test_the_command_writes_the_draft_and_says_what_is_missing(
    records: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "INC-42.yaml"
    argv = ["draft", "--incident", INCIDENT, "--table", records["table"], "--bucket", records["bucket"]]
    assert run_postmortem([*argv, "--out", str(out)]) == 0
    assert read_file(out).postmortem.incident.id == INCIDENT
    assert "note: evidence source 'deployments' is partial" in capsys.readouterr().err
    out.write_text("# edited by people\n")
    assert run_postmortem([*argv, "--out", str(out)]) == 2
    assert "exists and may hold people's edits" in capsys.readouterr().err
    assert out.read_text() == "# edited by people\n"
    assert run_postmortem([*argv, "--out", str(out), "--force"]) == 0
    assert read_file(out).postmortem.incident.id == INCIDENT


def test_without_a_manifest_the_draft_has_no_links_and_a_note(records: dict[str, str]) -> None:
    boto3.client("s3").delete_object(Bucket=records["bucket"], Key=manifest_key(INCIDENT, "run-1"))
    found = read_records(INCIDENT, records["table"], records["bucket"])
    assert found.evidence == []
    assert any("no evidence manifest at s3://" in note for note in found.notes)


def test_the_draft_links_the_anchored_manifest_not_a_later_write_over_it(records: dict[str, str]) -> None:
    s3, bucket = boto3.client("s3"), records["bucket"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    anchored = manifest(bucket).model_copy(update={"execution_id": "run-2"})
    anchor(boto3.client("dynamodb"), records, anchored.model_dump_json().encode(), run="run-2")
    planted = anchored.model_copy(update={"execution_id": "planted", "artefacts": []})
    s3.put_object(Bucket=bucket, Key=manifest_key(INCIDENT, "run-2"), Body=planted.model_dump_json())
    found = read_records(INCIDENT, records["table"], bucket)
    assert found.manifest is not None and found.manifest["execution_id"] == "run-2"
    assert len(found.evidence) == 3  # the manifest and its two artefacts
    assert any("2 evidence collection runs: the draft links the newest anchored one, run-2" in n for n in found.notes)


def test_a_manifest_of_another_version_is_still_linked(records: dict[str, str]) -> None:
    older = {"incident_id": INCIDENT, "artefacts": [{"key": "incidents/INC-42/evidence/logs/app.ndjson.gz"}]}
    boto3.client("s3").put_object(Bucket=records["bucket"], Key=manifest_key(INCIDENT, "run-1"), Body=json.dumps(older))
    found = read_records(INCIDENT, records["table"], records["bucket"])
    assert [link.title for link in found.evidence] == ["Evidence manifest", "evidence: app.ndjson.gz"]
    assert "does not match this version's model" in found.notes[0]


def test_an_unknown_incident_or_table_is_an_error_that_says_which(
    records: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(RecordsError, match="no incident record and no timeline event for 'INC-404'"):
        read_records("INC-404", records["table"], None)
    assert run_postmortem(["draft", "--incident", INCIDENT, "--table", "no-such-table"]) == 2
    assert "cannot read table 'no-such-table'" in capsys.readouterr().err
