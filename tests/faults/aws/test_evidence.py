"""Throttling and 5xx on every evidence collector call: each source still ends with its record, nothing is lost
(the artefacts match a fault-free run byte for byte, or the shortfall is a gap the manifest names) and nothing
is written twice. The collectors retry through `retry.Calls` (botocore's own retries off); the manifest,
window and timeline steps use botocore's default retries (standard mode). Retry waits are recorded, not slept.
"""

import contextlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError

from generator.emulator.cloudtrail import TrailEvent, record_event
from generator.emulator.extensions import install
from generator.evidence.local import run_locally
from runbooks.scripts.evidence import (
    alarms,
    manifest,
    retry,
    timeline,
    window,
)
from runbooks.scripts.evidence.keys import manifest_key, record_key
from runbooks.scripts.evidence.source import run_source
from tests.domain.closeloop_table import create_table
from tests.faults.aws.conftest import RecordingClock
from tests.faults.aws.proxy import SERVICES, Answer, Fault, FaultProxy, Request
from tests.faults.tally import Tally
from tests.generator.emulator.isolation import next_region
from tests.runbooks.scripts.evidence.seed import ACCOUNT, Incident, Volumes, seed
from tests.runbooks.scripts.evidence.test_manifest_and_timeline import COLLECTORS

SMALL = Volumes(alarms=3, alarming=2, log_groups={"/inc/api": 30}, traces=3, human_events=3, deployments=2,
                services=1, lambda_versions=1)  # fmt: skip
# Each source's first listing, and the service (signing name) that answers it.
FIRST_LISTING = {
    "alarms": ("monitoring", "DescribeAlarms"),
    "deployments": ("codedeploy", "ListDeployments"),
    "logs": ("logs", "StartQuery"),
    "traces": ("xray", "GetTraceSummaries"),
    "metrics": ("monitoring", "GetMetricData"),
    "snapshots": ("monitoring", "DescribeAlarmHistory"),
    "manual_actions": ("cloudtrail", "LookupEvents"),
}
# What one fault-free run wrote per source: artefact key -> (sha256, records).
Artefacts = dict[str, tuple[str, int]]


class Seeded:
    def __init__(self, region: str, bucket: str, table: str, incident: Incident) -> None:
        self.region, self.bucket, self.table, self.incident = region, bucket, table, incident
        self.baseline: dict[str, Artefacts] = {}

    def incident_id(self, execution: str) -> str:
        """A faulted run files its evidence under an incident id of its own: the fault-free artefacts stay."""
        return self.incident.incident_id if execution == "base" else f"{self.incident.incident_id}-{execution}"

    def events(self, execution: str) -> dict[str, Any]:
        return self.incident.events(
            self.bucket, IncidentId=self.incident_id(execution), ExecutionId=execution, TableName=self.table
        )

    def record(self, source: str, execution: str) -> dict[str, Any]:
        key = record_key(self.incident_id(execution), execution, source)
        return json.loads(boto3.client("s3").get_object(Bucket=self.bucket, Key=key)["Body"].read())  # type: ignore[no-any-return]

    def manifest(self, execution: str = "base", key: str = "") -> dict[str, Any]:
        key = key or manifest_key(self.incident_id(execution), execution)
        return json.loads(boto3.client("s3").get_object(Bucket=self.bucket, Key=key)["Body"].read())  # type: ignore[no-any-return]

    def timeline_items(self) -> list[dict[str, Any]]:
        pk = {":pk": {"S": f"INCIDENT#{self.incident.incident_id}"}}
        answer = boto3.client("dynamodb").query(
            TableName=self.table, KeyConditionExpression="pk = :pk", ExpressionAttributeValues=pk, ConsistentRead=True
        )
        items: list[dict[str, Any]] = answer["Items"]
        return items


def artefacts(record: dict[str, Any]) -> Artefacts:
    """By the key below the run's own evidence folder (`alarms/state-changes.ndjson.gz`)."""
    return {
        a["key"].split("/evidence/", 1)[1].split("/", 1)[1]: (a["sha256"], a["records"]) for a in record["artefacts"]
    }


def shortfall(expected: Artefacts, got: Artefacts) -> tuple[int, int]:
    """(lost, duplicated) records: per artefact, fewer or more than the fault-free run wrote, or other bytes."""
    lost = duplicated = 0
    for key, (sha, records) in expected.items():
        got_sha, got_records = got.get(key, ("", 0))
        lost += max(0, records - got_records)
        duplicated += max(0, got_records - records)
        if got_sha != sha and got_records == records:
            lost += 1  # the same count but other bytes: something was replaced
    return lost, duplicated


@pytest.fixture(scope="module")
def seeded(fault_proxy: FaultProxy) -> Seeded:
    """One incident and a fault-free collection of it, for the module (seeding takes a few seconds)."""
    install()
    region = next_region()
    with pytest.MonkeyPatch.context() as patch:  # undone before the tests: each sets its own environment
        for name, value in {
            "AWS_ENDPOINT_URL": fault_proxy.url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": region,
            "AWS_REGION": region,
            "AWS_MAX_ATTEMPTS": "1",
        }.items():
            patch.setenv(name, value)
        bucket = f"evidence-faults-{region}"
        boto3.client("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})  # type: ignore[typeddict-item]
        table = f"closeloop-faults-{region}"
        create_table(table)
        incident = seed(region, SMALL)
        after_alert = datetime.now(UTC) + timedelta(seconds=30)
        identity = {"type": "IAMUser", "userName": "oncall-bob", "arn": f"arn:aws:iam::{ACCOUNT}:user/oncall-bob"}
        record_event(ACCOUNT, region, TrailEvent("RebootDBInstance", "rds.amazonaws.com", "oncall-bob", identity,
                                                 event_time=after_alert))  # fmt: skip
        world = Seeded(region, bucket, table, incident)
        for source, collect in COLLECTORS.items():
            run_source(source, collect, world.events("base"))
            world.baseline[source] = artefacts(world.record(source, "base"))
    return world


@pytest.fixture
def evidence(faulty: FaultProxy, seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> Seeded:
    monkeypatch.setenv("AWS_DEFAULT_REGION", seeded.region)
    monkeypatch.setenv("AWS_REGION", seeded.region)
    monkeypatch.setattr(retry, "time", RecordingClock())  # the collectors' own backoff: recorded, not slept
    return seeded


ONCE_EACH: dict[str, int] = {  # fault -> status (0: the service's throttling error)
    "throttled once on each operation": 0,
    "503 ServiceUnavailable once on each operation": 503,
    "500 InternalFailure once on each operation": 500,
}


@pytest.mark.parametrize("fault", sorted(ONCE_EACH))
@pytest.mark.parametrize("source", sorted(COLLECTORS))
def test_a_fault_on_each_call_is_retried_and_the_evidence_is_whole(
    evidence: Seeded, faulty: FaultProxy, tally: Tally, source: str, fault: str
) -> None:
    with tally.case(f"evidence collector {source}", fault) as case:
        planted = [faulty.add(Fault(s, per_operation=True, status=ONCE_EACH[fault])) for s in SERVICES]
        execution = f"{source}-{fault.split()[0]}"
        payload = run_source(source, COLLECTORS[source], evidence.events(execution))
        record = evidence.record(source, execution)
        case.lost, case.duplicates = shortfall(evidence.baseline[source], artefacts(record))
        assert sum(f.total for f in planted) >= 2  # the listing and the S3 writes were each faulted
        # every source, manual actions included: the emulator answers DescribeAutomationExecutions
        assert payload["Status"] == record["status"] == "complete", payload["Gap"]
        assert (case.lost, case.duplicates) == (0, 0)


@pytest.mark.parametrize("source", sorted(COLLECTORS))
def test_throttling_that_outlasts_the_retries_is_a_gap_the_manifest_names(
    evidence: Seeded, faulty: FaultProxy, tally: Tally, source: str
) -> None:
    service, operation = FIRST_LISTING[source]
    with tally.case(f"evidence collector {source}", f"{operation} throttled on every call") as case:
        faulty.add(Fault(service, operation, times=0))
        execution = f"{source}-persistent"
        payload = run_source(source, COLLECTORS[source], evidence.events(execution))
        record = evidence.record(source, execution)  # the record is written whatever the source got
        assert payload["Status"] in ("partial", "failed")
        assert f"{xform_name(operation)} throttled after 5 retries" in payload["Gap"]
        faulty.clear()
        manifest.handler(evidence.events(execution) | {"Sources": [source]}, None)
        written = evidence.manifest(execution)["sources"][source]
        declared = any(f"{xform_name(operation)} throttled" in gap for gap in written["gaps"])
        lost, case.duplicates = shortfall(evidence.baseline[source], artefacts(record))
        case.lost = 0 if declared else lost  # what is missing is named in the manifest, not silently absent
        assert declared and (case.lost, case.duplicates) == (0, 0)


def test_every_s3_write_answered_slowdown_once_is_retried(evidence: Seeded, faulty: FaultProxy, tally: Tally) -> None:
    with tally.case("evidence collector alarms", "S3 SlowDown on every other PutObject (artefacts and record)") as case:
        slow = faulty.add(Fault("s3", "PutObject", times=0, every=2))
        payload = run_source("alarms", alarms.collect, evidence.events("alarms-s3"))
        case.lost, case.duplicates = shortfall(
            evidence.baseline["alarms"], artefacts(evidence.record("alarms", "alarms-s3"))
        )
        assert slow.total == 3 and payload["Status"] == "complete"  # two artefacts and the record
        assert (case.lost, case.duplicates) == (0, 0)


def base_manifest(evidence: Seeded) -> dict[str, Any]:
    """The fault-free run's manifest, written once: a run's manifest is a new object or nothing (If-None-Match)."""
    with contextlib.suppress(boto3.client("s3").exceptions.ClientError):
        return evidence.manifest()
    manifest.handler(evidence.events("base"), None)
    return evidence.manifest()


def records_copied(evidence: Seeded, execution: str) -> dict[str, Any]:
    """The fault-free run's source records, as another run's: that run's manifest step lists the same artefacts."""
    s3 = boto3.client("s3")
    for source in COLLECTORS:
        body = json.dumps(evidence.record(source, "base")).encode()
        s3.put_object(Bucket=evidence.bucket, Key=record_key(evidence.incident_id(execution), execution, source),
                      Body=body, IfNoneMatch="*")  # fmt: skip
    return evidence.events(execution)


def test_the_manifest_step_retries_s3_and_lists_every_artefact_once(
    evidence: Seeded, faulty: FaultProxy, tally: Tally, botocore_waits: list[float]
) -> None:
    expected = [a["key"] for a in base_manifest(evidence)["artefacts"]]
    with tally.case("evidence manifest step", "S3 SlowDown on every other GetObject, 503 on the PutObject") as case:
        events = records_copied(evidence, "manifest-faults")
        reads = faulty.add(Fault("s3", "GetObject", times=0, every=2))
        write = faulty.add(Fault("s3", "PutObject", status=503))
        manifest.handler(events, None)
        assert reads.total == len(COLLECTORS) and write.total == 1  # each source's record read, the manifest put
        assert len(botocore_waits) == reads.total + write.total  # botocore's standard mode backed off each time
        faulty.clear()
        got = [a["key"] for a in evidence.manifest("manifest-faults")["artefacts"]]
        case.lost, case.duplicates = len(set(expected) - set(got)), len(got) - len(set(got))
        assert got == expected and (case.lost, case.duplicates) == (0, 0)


def test_the_window_step_retries_the_alarm_history(
    evidence: Seeded, faulty: FaultProxy, tally: Tally, botocore_waits: list[float]
) -> None:
    events = {"WindowStart": "", "WindowEnd": evidence.events("base")["WindowEnd"], "AlarmNamePrefix": "inc-"}
    expected = window.handler(events, None)
    with tally.case("evidence window step", "DescribeAlarmHistory throttled, then 500") as case:
        faulty.add(Fault("monitoring", "DescribeAlarmHistory"))
        faulty.add(Fault("monitoring", "DescribeAlarmHistory", status=500))
        got = window.handler(events, None)
        case.lost = 0 if got == expected else 1
        assert got == expected and expected["Basis"] == "first alarm less 30 minutes"
        assert botocore_waits == []  # retried by the step itself (its clients make one attempt), not botocore


def derived_events(evidence: Seeded) -> list[tuple[str, str, str]]:
    return sorted((i["kind"]["S"], i["source"]["S"], i["occurred_at"]["S"]) for i in evidence.timeline_items())


def fresh_timeline(evidence: Seeded) -> None:
    dynamodb = boto3.client("dynamodb")
    for item in evidence.timeline_items():
        dynamodb.delete_item(TableName=evidence.table, Key={"pk": item["pk"], "sk": item["sk"]})


def unprocessed(request: Request) -> Answer:
    """BatchWriteItem's answer when DynamoDB took none of the batch: every request back as unprocessed."""
    body = json.dumps({"UnprocessedItems": json.loads(request.body)["RequestItems"]}).encode()
    return 200, {"content-type": "application/x-amz-json-1.0"}, body


TIMELINE_FAULTS: dict[str, list[Fault]] = {
    "BatchGetItem throttled, BatchWriteItem 500 after it was applied": [
        Fault("dynamodb", "BatchGetItem"),
        Fault("dynamodb", "BatchWriteItem", status=500, after_apply=True),
    ],
    "BatchWriteItem leaves the whole batch unprocessed once": [Fault("dynamodb", "BatchWriteItem", answer=unprocessed)],
    "S3 GetObject 503 on the manifest and each artefact": [Fault("s3", "GetObject", status=503, times=0, every=2)],
}


@pytest.mark.parametrize("fault", sorted(TIMELINE_FAULTS))
def test_the_timeline_step_writes_each_derived_event_once(
    evidence: Seeded, faulty: FaultProxy, tally: Tally, botocore_waits: list[float], fault: str
) -> None:
    base_manifest(evidence)
    fresh_timeline(evidence)
    expected = timeline.handler(evidence.events("base"), None)
    wanted = derived_events(evidence)
    fresh_timeline(evidence)
    with tally.case("evidence timeline step", fault) as case:
        planted = [faulty.add(Fault(**{**vars(f), "fired": {}, "seen": {}})) for f in TIMELINE_FAULTS[fault]]
        first = timeline.handler(evidence.events("base"), None)
        again = timeline.handler(evidence.events("base"), None)  # the step run a second time: nothing new
        got = derived_events(evidence)
        case.lost, case.duplicates = len(set(wanted) - set(got)), len(got) - len(set(got))
        assert all(f.total for f in planted)
        assert first["Created"] == expected["Created"] == len(wanted) >= 3 and again["Created"] == 0
        assert got == wanted and (case.lost, case.duplicates) == (0, 0)


def test_the_timeline_step_stops_with_the_error_when_dynamodb_stays_throttled_and_a_rerun_completes(
    evidence: Seeded, faulty: FaultProxy, tally: Tally, botocore_waits: list[float]
) -> None:
    base_manifest(evidence)
    fresh_timeline(evidence)
    timeline.handler(evidence.events("base"), None)
    wanted = derived_events(evidence)
    fresh_timeline(evidence)
    with tally.case("evidence timeline step", "BatchWriteItem throttled on every call, then the step rerun") as case:
        faulty.add(Fault("dynamodb", "BatchWriteItem", times=0))
        with pytest.raises(ClientError, match=r"ThrottlingException.*BatchWriteItem.*reached max retries: 3"):
            timeline.handler(evidence.events("base"), None)
        assert len(botocore_waits) == 3  # DynamoDB: 4 attempts in standard mode
        faulty.clear()
        assert derived_events(evidence) == []
        rerun = timeline.handler(evidence.events("base"), None)
        got = derived_events(evidence)
        case.lost, case.duplicates = len(set(wanted) - set(got)), len(got) - len(set(got))
        assert rerun["Created"] == len(wanted) and got == wanted
        assert (case.lost, case.duplicates) == (0, 0)


RUNBOOK_FAULTS: dict[str, int] = {
    "every evidence API throttled once on each operation": 0,
    "every evidence API 503 once on each operation": 503,
}
STABLE = ("alarms", "deployments", "logs", "traces", "snapshots")  # metrics and CloudTrail reach up to now


@pytest.mark.parametrize("fault", sorted(RUNBOOK_FAULTS))
def test_the_collect_evidence_runbook_completes_under_faults_with_every_artefact(
    evidence: Seeded, faulty: FaultProxy, tally: Tally, fault: str
) -> None:
    """The generated document itself, through the simulator: the packed step scripts, the step wiring, the outputs."""
    execution = f"runbook-{RUNBOOK_FAULTS[fault]}"
    events = evidence.events(execution)
    parameters = {name: events[name] for name in ("IncidentId", "WindowStart", "WindowEnd", "AlarmNamePrefix")}
    parameters |= {name: events[name] for name in ("LogGroups", "Functions", "Services", "DeploymentGroups", "Stacks")}
    parameters |= {"EvidenceBucket": evidence.bucket, "TableName": evidence.table}
    with tally.case("CollectEvidence runbook", fault) as case:
        # The evidence services only: the simulator runs scripts with AWS_MAX_ATTEMPTS=1, so the steps that lean
        # on botocore's retries (S3 for the manifest, DynamoDB for the timeline) are faulted on their own above.
        sources = set(SERVICES) - {"s3", "dynamodb", "sts", "sqs", "sns", "secretsmanager"}
        planted = [faulty.add(Fault(s, per_operation=True, status=RUNBOOK_FAULTS[fault])) for s in sources]
        record = run_locally(parameters, faulty.url, region=evidence.region)
        assert record.status == "Success", record.failure_message
        faulty.clear()
        written = evidence.manifest(key=record.outputs["WriteManifest.ManifestKey"])  # the simulator's execution id
        got: Artefacts = {}
        for source in written["sources"]:
            got |= artefacts({"artefacts": [a for a in written["artefacts"] if a["source"] == source]})
        expected = {k: v for source in STABLE for k, v in evidence.baseline[source].items()}
        case.lost, case.duplicates = shortfall(expected, got)
        statuses = {source: report["status"] for source, report in written["sources"].items()}
        assert sum(f.total for f in planted) >= 12  # the first call of every evidence operation failed once
        assert statuses == dict.fromkeys(COLLECTORS, "complete")
        derived = record.outputs["DeriveTimeline.Output"]  # the outputs of its child, CollectEvidence-Timeline
        assert derived["DeriveTimeline.Events"] >= 4 and derived["DeriveTimeline.FirstAlert"]
        assert (case.lost, case.duplicates) == (0, 0)
