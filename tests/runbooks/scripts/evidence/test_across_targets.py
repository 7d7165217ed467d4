"""One collection over a member account's two regions and an account that cannot be reached: every target's
evidence under its account/region, one manifest that verifies as a whole, the unreachable target a gap."""

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from domain.evidence import EvidenceManifest, manifest_key, target_prefix
from generator.emulator.accounts import in_account, make_reader_role
from generator.evidence.verify import verify
from runbooks.scripts.evidence import alarms, manifest, manual_actions, timeline
from runbooks.scripts.evidence.sessions import DEFAULT_READER_ROLE, session_client
from runbooks.scripts.evidence.source import run_source
from tests.generator.emulator.isolation import next_region
from tests.runbooks.scripts.evidence.conftest import EvidenceEnv
from tests.runbooks.scripts.evidence.seed import ACCOUNT

MEMBER = "210987654321"
STRANGER = "333333333333"  # no reader role there

RUN = "run-org-1"  # the collection run (its prefix holds the manifest and every target's artefacts)


def _member_role() -> None:
    make_reader_role(boto3.client("iam"), MEMBER, ACCOUNT)


def _alarming(region: str, name: str) -> None:
    cloudwatch = in_account(boto3.client("cloudwatch", region_name=region), MEMBER)
    cloudwatch.put_metric_alarm(
        AlarmName=name, Namespace="App", MetricName="Errors", Statistic="Sum", Period=60,
        EvaluationPeriods=1, Threshold=5, ComparisonOperator="GreaterThanThreshold",
    )  # fmt: skip
    cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason=f"errors in {region}")


@pytest.fixture
def collected(evidence_env: EvidenceEnv) -> tuple[EvidenceEnv, dict[str, Any], list[str], set[str]]:
    _member_role()
    regions = [next_region(), next_region()]
    for region in regions:
        _alarming(region, f"checkout-{region}")
    now = datetime.now(UTC).replace(microsecond=0)
    targets = [f"{MEMBER}/{region}" for region in regions] + [f"{STRANGER}/{regions[0]}"]
    events = {
        "IncidentId": "INC-ORG1",
        "EvidenceBucket": evidence_env.bucket,
        "ExecutionId": RUN,
        "WindowStart": (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "WindowEnd": (now + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Home": f"{ACCOUNT}/{evidence_env.region}",
        "Targets": targets,
        "AlarmNamePrefix": "checkout-",
    }
    threads: set[str] = set()

    def member(session: Any, service: str) -> Any:
        threads.add(threading.current_thread().name)
        return session_client(session, service)

    for source, collect in (("alarms", alarms.collect), ("manual_actions", manual_actions.collect)):
        run_source(source, collect, events, member=member)
    summary = manifest.handler(events | {"Sources": ["alarms", "manual_actions"]}, None)
    return evidence_env, summary, regions, threads


def _manifest(env: EvidenceEnv) -> EvidenceManifest:
    body = boto3.client("s3").get_object(Bucket=env.bucket, Key=manifest_key("INC-ORG1", RUN))["Body"].read()
    return EvidenceManifest.model_validate_json(body)


def test_each_targets_evidence_lands_under_its_account_and_region_in_one_manifest(
    collected: tuple[EvidenceEnv, dict[str, Any], list[str], set[str]],
) -> None:
    env, summary, regions, threads = collected
    written = _manifest(env)
    assert list(written.targets) == sorted([f"{MEMBER}/{r}" for r in regions] + [f"{STRANGER}/{regions[0]}"])
    for region in regions:
        prefix = target_prefix("INC-ORG1", RUN, MEMBER, region)
        changes = [a for a in written.artefacts if a.key == f"{prefix}alarms/state-changes.ndjson.gz"]
        assert len(changes) == 1 and changes[0].records == 1, written.artefacts
        assert written.targets[f"{MEMBER}/{region}"].reached
        assert written.targets[f"{MEMBER}/{region}"].sources["alarms"].status == "complete"
    assert any(name.startswith("closeloop-script") for name in threads)  # the targets were read in parallel
    assert summary["Artefacts"] == len(written.artefacts)


def test_an_unreachable_target_is_one_gap_with_its_reason_not_a_failed_collection(
    collected: tuple[EvidenceEnv, dict[str, Any], list[str], set[str]],
) -> None:
    env, summary, regions, _ = collected
    written = _manifest(env)
    lost = written.targets[f"{STRANGER}/{regions[0]}"]
    assert not lost.reached and {report.status for report in lost.sources.values()} == {"unreachable"}
    assert lost.gap.startswith(
        f"cannot assume arn:aws:iam::{STRANGER}:role/{DEFAULT_READER_ROLE} in {regions[0]}: AccessDenied"
    )
    assert written.sources["alarms"].status == "partial"  # the member's two regions collected
    assert sum(STRANGER in gap for gap in summary["Gaps"].split("; ")) == 1 and "\n" not in summary["Gaps"]
    assert not any(a.key.startswith(target_prefix("INC-ORG1", RUN, STRANGER, regions[0])) for a in written.artefacts)


def test_the_manifest_verifies_as_a_whole_and_the_timeline_says_where(
    collected: tuple[EvidenceEnv, dict[str, Any], list[str], set[str]],
) -> None:
    env, _, regions, _ = collected
    result = verify(boto3.client("s3"), env.bucket, "INC-ORG1")
    assert result.intact and len(result.verified) == len(result.manifest.artefacts) > 4
    derived = timeline.handler(
        {"IncidentId": "INC-ORG1", "EvidenceBucket": env.bucket, "TableName": env.table, "ExecutionId": RUN}, None
    )
    assert derived["FirstAlert"]
    items = boto3.client("dynamodb").scan(TableName=env.table)["Items"]
    [alert] = [item for item in items if item["kind"]["S"] == "alert"]  # the first, of the two regions' alarms
    assert alert["account"]["S"] == MEMBER and alert["region"]["S"] in regions
    assert f"checkout-{alert['region']['S']} went to ALARM" in alert["text"]["S"]
