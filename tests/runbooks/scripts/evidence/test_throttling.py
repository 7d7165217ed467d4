"""Throttling is retried with backoff and jitter, paced to CloudTrail's rate, and never loses a page.

CloudTrail's throttling answers cannot be provoked in the emulator, so LookupEvents is botocore's Stubber
here; the artefacts still go to the emulator's S3.
"""

import gzip
import json
import time
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from runbooks.scripts.evidence import manual_actions, retry
from runbooks.scripts.evidence.keys import evidence_key
from runbooks.scripts.evidence.source import run_source
from tests.runbooks.scripts.evidence.conftest import EvidenceEnv
from tests.runbooks.scripts.evidence.seed import ACCOUNT

WINDOW = {"WindowStart": "2026-11-29T10:00:00Z", "WindowEnd": "2026-11-29T11:00:00Z"}


def _event(i: int) -> dict[str, Any]:
    detail = {"userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::1:user/alice"}}
    return {
        "EventId": f"e{i}",
        "EventName": "UpdateService",
        "Username": "alice",
        "EventTime": datetime(2026, 11, 29, 10, 30, i, tzinfo=UTC),
        "CloudTrailEvent": json.dumps(detail),
    }


def _lookup(token: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "false"}],
        "StartTime": datetime(2026, 11, 29, 10, tzinfo=UTC),
        "EndTime": datetime(2026, 11, 29, 11, tzinfo=UTC),
        "MaxResults": 50,
    }
    return params | ({"NextToken": token} if token else {})


class _Clock:
    """The `time` module as retry.py sees it: sleeps recorded, not slept."""

    def __init__(self, slept: list[float]) -> None:
        self.slept = slept

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    def monotonic(self) -> float:
        return time.monotonic()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(retry, "time", _Clock(slept))
    return slept


def _run(env: EvidenceEnv, cloudtrail: Any) -> dict[str, Any]:
    def clients(service: str) -> Any:
        return cloudtrail if service == "cloudtrail" else boto3.client(service)  # type: ignore[call-overload]

    events = {"IncidentId": "INC-T1", "EvidenceBucket": env.bucket, "ExecutionId": "x"} | WINDOW
    return run_source("manual_actions", manual_actions.collect, events, clients=clients)


def _people(env: EvidenceEnv) -> list[dict[str, Any]]:
    key = evidence_key("INC-T1", "x", ACCOUNT, env.region, "manual_actions", "cloudtrail.ndjson.gz")
    body = boto3.client("s3").get_object(Bucket=env.bucket, Key=key)["Body"].read()
    return [json.loads(line) for line in gzip.decompress(body).splitlines()]


def test_throttled_pages_are_retried_with_jittered_backoff_and_none_is_lost(
    evidence_env: EvidenceEnv, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    jitter: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        jitter.append((low, high))
        return high

    monkeypatch.setattr("random.uniform", uniform)  # retry.py draws its jitter from the random module
    cloudtrail = boto3.client("cloudtrail")
    with Stubber(cloudtrail) as stub:
        stub.add_response("lookup_events", {"Events": [_event(0), _event(1)], "NextToken": "t1"}, _lookup())
        stub.add_client_error(
            "lookup_events", "ThrottlingException", http_status_code=400, expected_params=_lookup("t1")
        )
        stub.add_client_error(
            "lookup_events", "ThrottlingException", http_status_code=400, expected_params=_lookup("t1")
        )
        stub.add_response("lookup_events", {"Events": [_event(2)], "NextToken": "t2"}, _lookup("t1"))
        stub.add_response("lookup_events", {"Events": [_event(3)]}, _lookup("t2"))
        _run(evidence_env, cloudtrail)
        stub.assert_no_pending_responses()
    assert [p["EventId"] for p in _people(evidence_env)] == ["e0", "e1", "e2", "e3"]
    key = "incidents/INC-T1/collection/x/manual_actions.json"
    calls = json.loads(boto3.client("s3").get_object(Bucket=evidence_env.bucket, Key=key)["Body"].read())["calls"]
    assert calls["lookup_events"] == 5  # three pages, two of them throttled once each
    # Full jitter: each wait is drawn from [0, base x 2^attempt], so the ranges double; drawn at the top here.
    assert jitter == [(0, 0.25), (0, 0.5)]
    assert 0.25 in sleeps and 0.5 in sleeps


def test_lookups_are_paced_to_two_a_second(evidence_env: EvidenceEnv, sleeps: list[float]) -> None:
    cloudtrail = boto3.client("cloudtrail")
    with Stubber(cloudtrail) as stub:
        stub.add_response("lookup_events", {"Events": [_event(0)], "NextToken": "t1"}, _lookup())
        stub.add_response("lookup_events", {"Events": [_event(1)], "NextToken": "t2"}, _lookup("t1"))
        stub.add_response("lookup_events", {"Events": [_event(2)]}, _lookup("t2"))
        _run(evidence_env, cloudtrail)
    # sleep is recorded, not slept, so each pause is the whole interval since the clock barely moved
    assert len(sleeps) == 2 and all(0.45 <= s <= 0.5 for s in sleeps)


def test_throttling_that_outlasts_the_retries_is_a_gap_that_keeps_the_pages_already_read(
    evidence_env: EvidenceEnv, sleeps: list[float]
) -> None:
    cloudtrail = boto3.client("cloudtrail")
    with Stubber(cloudtrail) as stub:
        stub.add_response("lookup_events", {"Events": [_event(0)], "NextToken": "t1"}, _lookup())
        stub.add_response("lookup_events", {"Events": [_event(1)], "NextToken": "t2"}, _lookup("t1"))
        for _ in range(6):
            stub.add_client_error(
                "lookup_events", "ThrottlingException", http_status_code=400, expected_params=_lookup("t2")
            )
        payload = _run(evidence_env, cloudtrail)
    assert payload["Status"] == "partial"
    assert "lookup_events throttled after 5 retries: 2 pages kept" in payload["Gap"]
    assert [p["EventId"] for p in _people(evidence_env)] == ["e0", "e1"]


def test_a_source_that_fails_is_recorded_as_failed_with_its_error(evidence_env: EvidenceEnv) -> None:
    def broken(ctx: Any) -> None:
        ctx.calls.call(boto3.client("cloudwatch"), "describe_alarms", AlarmNames="not a list")

    events = {"IncidentId": "INC-F1", "EvidenceBucket": evidence_env.bucket, "ExecutionId": "x"} | WINDOW
    payload = run_source("alarms", broken, events)
    assert payload["Status"] == "failed" and "ParamValidationError" in payload["Gap"]
    body = boto3.client("s3").get_object(Bucket=evidence_env.bucket, Key="incidents/INC-F1/collection/x/alarms.json")
    assert json.loads(body["Body"].read())["status"] == "failed"
