"""The manifest the scripts write is domain/evidence.py's model, and the timeline derived from it is idempotent."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from domain.evidence import EvidenceManifest, manifest_key
from domain.table import event_sk, incident_pk
from generator.emulator.cloudtrail import TrailEvent, record_event
from runbooks.scripts import timeline_event
from runbooks.scripts.evidence import (
    alarms,
    deployments,
    logs,
    manifest,
    manual_actions,
    metrics,
    snapshots,
    timeline,
    traces,
)
from runbooks.scripts.evidence.keys import evidence_key
from runbooks.scripts.evidence.source import run_source
from tests.runbooks.scripts.evidence.conftest import EvidenceEnv
from tests.runbooks.scripts.evidence.seed import ACCOUNT, Incident, Volumes, seed

SMALL = Volumes(
    alarms=3,
    alarming=2,
    log_groups={"/inc/api": 30},
    traces=3,
    human_events=3,
    deployments=2,
    services=1,
    lambda_versions=1,
)
COLLECTORS = {
    "alarms": alarms.collect,
    "deployments": deployments.collect,
    "logs": logs.collect,
    "traces": traces.collect,
    "metrics": metrics.collect,
    "snapshots": snapshots.collect,
    "manual_actions": manual_actions.collect,
}


@pytest.fixture
def collected(evidence_env: EvidenceEnv) -> tuple[EvidenceEnv, Incident, dict[str, Any]]:
    incident = seed(evidence_env.region, SMALL)
    after_alert = datetime.now(UTC) + timedelta(seconds=30)
    identity = {"type": "IAMUser", "userName": "oncall-bob", "arn": f"arn:aws:iam::{ACCOUNT}:user/oncall-bob"}
    record_event(
        ACCOUNT,
        evidence_env.region,
        TrailEvent("RebootDBInstance", "rds.amazonaws.com", "oncall-bob", identity, event_time=after_alert),
    )
    events = incident.events(evidence_env.bucket)
    for source, collect in COLLECTORS.items():
        run_source(source, collect, events)
    summary = manifest.handler(events, None)
    return evidence_env, incident, summary


def _manifest(env: EvidenceEnv, incident: Incident, run: str = "exec-1") -> dict[str, Any]:
    key = manifest_key(incident.incident_id, run)  # the seeded run's execution id, unless named
    body = boto3.client("s3").get_object(Bucket=env.bucket, Key=key)["Body"].read()
    return json.loads(body)  # type: ignore[no-any-return]


def test_the_scripts_manifest_is_the_domain_model(collected: tuple[EvidenceEnv, Incident, dict[str, Any]]) -> None:
    env, incident, summary = collected
    written = _manifest(env, incident)
    model = EvidenceManifest.model_validate(written)
    assert model.model_dump(mode="json") == written
    assert set(model.sources) == set(COLLECTORS)
    assert summary["Artefacts"] == len(model.artefacts) > 7
    home = f"incidents/{incident.incident_id}/evidence/exec-1/{ACCOUNT}/{env.region}"
    assert all(a.key.startswith(f"{home}/{a.source}/") for a in model.artefacts)
    assert list(model.targets) == [f"{ACCOUNT}/{env.region}"] and model.targets[f"{ACCOUNT}/{env.region}"].reached
    assert not model.sources["manual_actions"].gaps  # the emulator lists Automation executions too
    assert model.sources["alarms"].calls["describe_alarm_history"] == 1


def test_a_source_that_left_no_record_is_missing_not_silently_absent(evidence_env: EvidenceEnv) -> None:
    incident = Incident("INC-M1", datetime(2026, 11, 29, 10, tzinfo=UTC), datetime(2026, 11, 29, 11, tzinfo=UTC), SMALL)
    events = incident.events(evidence_env.bucket, ExecutionId="run-2")
    run_source("alarms", alarms.collect, events)
    manifest.handler(events | {"Sources": ["alarms", "logs"]}, None)
    written = EvidenceManifest.model_validate(_manifest(evidence_env, incident, "run-2"))
    assert written.sources["alarms"].status == "complete"
    assert written.sources["logs"].status == "missing" and written.sources["logs"].gaps == ["the step wrote no record"]


def _timeline(env: EvidenceEnv, incident: Incident) -> list[dict[str, Any]]:
    answer = boto3.client("dynamodb").query(
        TableName=env.table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": incident_pk(incident.incident_id)}},
    )
    items: list[dict[str, Any]] = answer["Items"]
    return items


def test_the_timeline_gets_the_first_alert_each_deployment_and_the_first_human_action_once(
    collected: tuple[EvidenceEnv, Incident, dict[str, Any]],
) -> None:
    env, incident, _ = collected
    events = {"IncidentId": incident.incident_id, "EvidenceBucket": env.bucket, "TableName": env.table,
              "ExecutionId": "exec-1"}  # fmt: skip
    first = timeline.handler(events, None)
    items = _timeline(env, incident)
    kinds = sorted(item["kind"]["S"] for item in items)
    deployments_in_window = SMALL.deployments + SMALL.services + SMALL.lambda_versions + 1  # + the stack's creation
    assert kinds.count("alert") == 1 and kinds.count("human_action") >= 1
    assert kinds.count("deployment") >= deployments_in_window
    assert first["Created"] == first["Events"] == len(items)
    humans = [item for item in items if item["kind"]["S"] == "human_action"]
    assert any("oncall-bob" in item["text"]["S"] for item in humans)
    # each manual action by the person who made it, not by the collector
    assert all(item["actor"]["S"].startswith("arn:aws:") for item in humans), [i["actor"] for i in humans]
    for item in items:  # the keys domain/table.py defines, from timeline_event's content-derived ids
        expected_id = timeline_event.event_id(
            incident.incident_id, item["kind"]["S"], item["occurred_at"]["S"], item["source"]["S"], item["text"]["S"]
        )
        assert item["sk"]["S"] == event_sk(item["occurred_at"]["S"], expected_id)
    second = timeline.handler(events, None)
    assert second["Created"] == 0 and second["Events"] == first["Events"]
    assert _timeline(env, incident) == items


def test_the_timeline_is_not_derived_from_a_changed_artefact(
    collected: tuple[EvidenceEnv, Incident, dict[str, Any]],
) -> None:
    env, incident, _ = collected
    key = evidence_key(incident.incident_id, "exec-1", ACCOUNT, env.region, "alarms", "state-changes.ndjson.gz")
    boto3.client("s3").put_object(Bucket=env.bucket, Key=key, Body=b"changed")
    with pytest.raises(ValueError, match="does not match its SHA-256"):
        timeline.handler(
            {
                "IncidentId": incident.incident_id,
                "EvidenceBucket": env.bucket,
                "TableName": env.table,
                "ExecutionId": "exec-1",
            },
            None,
        )
