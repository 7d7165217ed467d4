"""Each collector against the extended emulator over HTTP, for one seeded incident with known volumes.

The calls are counted with botocore's `before-send` hook (every HTTP request, retries included) and held
to at most 1.05 times the fewest the APIs' page and batch limits allow for the seeded volumes.
"""

import gzip
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from runbooks.scripts.evidence import alarms, deployments, logs, manual_actions, metrics, snapshots, traces
from runbooks.scripts.evidence.keys import evidence_key, record_key
from runbooks.scripts.evidence.retry import Calls
from runbooks.scripts.evidence.source import Context, run_source
from tests.runbooks.scripts.evidence.conftest import CountingClients, EvidenceEnv
from tests.runbooks.scripts.evidence.seed import Incident, pages, seed, write_events_in_window

Collect = Callable[[Context], None]


@pytest.fixture(scope="module")
def seeded(moto_endpoint: str) -> Iterator[tuple[EvidenceEnv, Incident]]:
    """One incident for the module (seeding takes a few seconds), in a region of its own."""
    from generator.emulator.extensions import install
    from tests.generator.emulator.isolation import next_region

    install()
    region = next_region()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "AWS_ENDPOINT_URL": moto_endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": region,
            "AWS_REGION": region,
            "AWS_MAX_ATTEMPTS": "1",
        }.items():
            patch.setenv(name, value)
        patch.delenv("AWS_PROFILE", raising=False)
        bucket = f"evidence-seeded-{region}"
        boto3.client("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})  # type: ignore[typeddict-item]
        yield EvidenceEnv(moto_endpoint, region, bucket, ""), seed(region)


def collect(
    source: str, function: Collect, env: EvidenceEnv, incident: Incident, **extra: Any
) -> tuple[dict[str, Any], CountingClients]:
    counting = CountingClients()
    payload = run_source(source, function, incident.events(env.bucket, **extra), clients=counting)
    return payload, counting


def record(env: EvidenceEnv, incident: Incident, source: str, execution: str = "exec-1") -> dict[str, Any]:
    body = boto3.client("s3").get_object(Bucket=env.bucket, Key=record_key(incident.incident_id, execution, source))[
        "Body"
    ]
    return json.loads(body.read())  # type: ignore[no-any-return]


def home_key(env: EvidenceEnv, incident: Incident, source: str, name: str) -> str:
    """Where a run that names no target keeps an artefact: under the home account and region."""
    return evidence_key(incident.incident_id, "exec-1", EMULATOR_ACCOUNT_ID, env.region, source, name)


def lines(env: EvidenceEnv, key: str) -> list[dict[str, Any]]:
    body = boto3.client("s3").get_object(Bucket=env.bucket, Key=key)["Body"].read()
    return [json.loads(line) for line in gzip.decompress(body).splitlines()]


def assert_minimal(calls: dict[str, int], minimal: dict[str, int]) -> None:
    """No other operations, none more often than the limits need, and 1.05x the minimum at most overall.

    The emulator enforces no page size of its own (moto returns 106 alarms in one DescribeAlarms page), so a
    count may come out below the minimum AWS allows; the extensions do page (alarm history, CloudTrail).
    """
    assert set(calls) == set(minimal), calls
    assert all(calls[op] <= minimal[op] for op in minimal), (calls, minimal)
    assert sum(calls.values()) <= 1.05 * sum(minimal.values())


def test_alarms_one_history_listing_for_every_alarm(seeded: tuple[EvidenceEnv, Incident]) -> None:
    env, incident = seeded
    payload, counting = collect("alarms", alarms.collect, env, incident)
    v = incident.volumes
    calls = counting.evidence_calls()
    assert payload["Status"] == "complete", payload["Gap"]
    assert_minimal(calls, {"DescribeAlarms": pages(v.alarms, 100), "DescribeAlarmHistory": pages(v.alarming, 100)})
    assert calls["DescribeAlarmHistory"] == 2  # the extension pages by 100 as CloudWatch does
    changes = lines(env, home_key(env, incident, "alarms", "state-changes.ndjson.gz"))
    assert len(changes) == v.alarming and all(c["AlarmName"].startswith("inc-") for c in changes)
    assert json.loads(payload["Summary"])["first_alarm"]["alarm"] == "inc-api-000"


def test_metrics_one_get_metric_data_per_500_queries(seeded: tuple[EvidenceEnv, Incident]) -> None:
    env, incident = seeded
    payload, counting = collect("metrics", metrics.collect, env, incident)
    queries = incident.volumes.alarms + 4 + 2 * incident.volumes.services  # alarms, 4 Lambda, 2 per ECS service
    calls = counting.evidence_calls()
    assert payload["Status"] == "complete", payload["Gap"]
    assert_minimal(calls, {"DescribeAlarms": pages(incident.volumes.alarms, 100), "GetMetricData": pages(queries, 500)})
    assert "GetMetricStatistics" not in calls
    series = lines(env, home_key(env, incident, "metrics", "series.ndjson.gz"))
    assert len(series) == queries
    route0 = [s for s in series if s["MetricStat"]["Metric"].get("Dimensions") == [{"Name": "Route", "Value": "/r0"}]]
    assert route0 and route0[0]["Values"] == [9.0], (route0, json.loads(payload["Summary"]))


def test_metrics_batches_respect_both_limits() -> None:
    many = [{"Id": f"m{i}", "MetricStat": {"Period": 60}} for i in range(1201)]
    assert [len(b) for b in metrics.batches(many, 3600)] == [500, 500, 201]  # 60 points each: the 500 cap
    assert [len(b) for b in metrics.batches(many[:10], 86400 * 14)] == [5, 5]  # 20,160 points each: 100,800 cap
    assert metrics.series_period(*_span(days=20)) == 300  # 60 s data is gone after 15 days


def _span(days: int) -> tuple[Any, Any, Any]:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    return now - timedelta(days=days), now - timedelta(days=days - 1), now


def test_logs_one_query_per_50_groups_and_a_paged_bounded_sample(seeded: tuple[EvidenceEnv, Incident]) -> None:
    env, incident = seeded
    payload, counting = collect("logs", logs.collect, env, incident)
    groups = incident.volumes.log_groups
    share = 30_000 // len(groups)
    filter_pages = sum(pages(min(n, share), 10_000) for n in groups.values())
    calls = counting.evidence_calls()
    assert payload["Status"] == "complete", payload["Gap"]
    # The emulator ignores the query's error filter, so every event is an "error" row: 12,040 rows are two
    # result sets of at most 10,000, and the second query starts where the first one's rows ended.
    result_sets = pages(sum(groups.values()), 10_000)
    assert_minimal(calls, {"StartQuery": result_sets, "GetQueryResults": result_sets, "FilterLogEvents": filter_pages})
    errors = lines(env, home_key(env, incident, "logs", "errors.ndjson.gz"))
    assert len(errors) == len({json.dumps(row, sort_keys=True) for row in errors}) == sum(groups.values())
    sample = lines(env, home_key(env, incident, "logs", "sample.ndjson.gz"))
    assert len(sample) == sum(groups.values())
    assert json.loads(payload["Summary"])["sampled_events"] == sum(groups.values())


def test_the_log_sample_stops_at_its_bound(seeded: tuple[EvidenceEnv, Incident]) -> None:
    env, incident = seeded
    payload, counting = collect("logs", logs.collect, env, incident, LogSampleLimit=2_000, ExecutionId="exec-bound")
    assert json.loads(payload["Summary"])["sampled_events"] == 1_000 + 40
    assert counting.evidence_calls()["FilterLogEvents"] == 2


def test_traces_summaries_then_the_slowest_five_at_a_time(seeded: tuple[EvidenceEnv, Incident]) -> None:
    env, incident = seeded
    payload, counting = collect("traces", traces.collect, env, incident)
    calls = counting.evidence_calls()
    assert payload["Status"] == "complete", payload["Gap"]
    assert_minimal(calls, {"GetTraceSummaries": 1, "BatchGetTraces": pages(7, 5)})
    summary = json.loads(payload["Summary"])
    assert summary["traces"] == incident.volumes.traces and summary["slowest"] == 7
    slowest = lines(env, home_key(env, incident, "traces", "slowest.ndjson.gz"))
    assert len(slowest) == 7


def test_manual_actions_keeps_people_and_pages_by_50(seeded: tuple[EvidenceEnv, Incident]) -> None:
    env, incident = seeded
    writes = write_events_in_window(env.region, incident)
    payload, counting = collect("manual_actions", manual_actions.collect, env, incident)
    calls = counting.evidence_calls()
    assert_minimal(calls, {"LookupEvents": pages(writes, 50), "DescribeAutomationExecutions": 1})
    assert calls["LookupEvents"] == pages(writes, 50) > 2  # the extension pages by 50 as CloudTrail does
    people = lines(env, home_key(env, incident, "manual_actions", "cloudtrail.ndjson.gz"))
    assert len(people) == incident.volumes.human_events  # the seeding calls were the emulator's machine role
    assert {p["Username"] for p in people} == {"oncall-alice"}
    # The emulator answers DescribeAutomationExecutions (generator/emulator/automation/): nothing is a gap
    assert payload["Status"] == "complete", payload["Gap"]


def test_deployments_batched_to_each_apis_limit(seeded: tuple[EvidenceEnv, Incident]) -> None:
    env, incident = seeded
    payload, counting = collect("deployments", deployments.collect, env, incident)
    v = incident.volumes
    calls = counting.evidence_calls()
    assert payload["Status"] == "complete", payload["Gap"]
    minimal = {
        "ListDeployments": 1,
        "BatchGetDeployments": pages(v.deployments, 25),
        "DescribeServices": pages(v.services, 10),
    }
    assert_minimal(calls, minimal | {"ListVersionsByFunction": 1, "ListAliases": 1, "DescribeStackEvents": 1})
    markers = lines(env, home_key(env, incident, "deployments", "markers.ndjson.gz"))
    kinds = {kind: sum(1 for m in markers if m["kind"] == kind) for kind in {m["kind"] for m in markers}}
    assert kinds["codedeploy"] == v.deployments and kinds["ecs"] == v.services and kinds["lambda"] == v.lambda_versions
    assert {m["commit"] for m in markers if m["kind"] == "codedeploy"} == {f"{i:040x}" for i in range(v.deployments)}
    for kind in kinds:  # each service's markers in time order
        moments = [datetime.fromisoformat(m["at"].replace("Z", "+00:00")) for m in markers if m["kind"] == kind]
        assert moments == sorted(moments)


def test_snapshots_one_png_per_alarm_up_to_the_cap_with_the_rest_a_gap(seeded: tuple[EvidenceEnv, Incident]) -> None:
    env, incident = seeded
    payload, counting = collect("snapshots", snapshots.collect, env, incident)
    v = incident.volumes
    calls = counting.evidence_calls()
    minimal = {"DescribeAlarmHistory": pages(v.alarming, 100), "DescribeAlarms": pages(v.alarms, 100)}
    assert_minimal(calls, minimal | {"GetMetricWidgetImage": 10})
    assert payload["Status"] == "partial" and "105 alarms changed state" in payload["Gap"]
    kept = record(env, incident, "snapshots")["artefacts"]
    assert len(kept) == 10 and all(a["content_type"] == "image/png" for a in kept)


def test_every_artefact_in_a_record_matches_its_bytes_in_s3(seeded: tuple[EvidenceEnv, Incident]) -> None:
    import hashlib

    env, incident = seeded
    collect("alarms", alarms.collect, env, incident, ExecutionId="exec-bytes")  # a run of its own: its own prefix
    for artefact in record(env, incident, "alarms", "exec-bytes")["artefacts"]:
        body = boto3.client("s3").get_object(Bucket=env.bucket, Key=artefact["key"])["Body"].read()
        assert (len(body), hashlib.sha256(body).hexdigest()) == (artefact["size"], artefact["sha256"])


def test_a_second_run_over_the_same_evidence_writes_the_same_bytes(seeded: tuple[EvidenceEnv, Incident]) -> None:
    env, incident = seeded
    collect("deployments", deployments.collect, env, incident, ExecutionId="exec-first")
    first = record(env, incident, "deployments", "exec-first")["artefacts"]
    collect("deployments", deployments.collect, env, incident, ExecutionId="exec-again")
    again = record(env, incident, "deployments", "exec-again")["artefacts"]
    # under its own run prefix (nothing of the first run replaced), the same bytes
    assert [a | {"key": a["key"].replace("/exec-again/", "/exec-first/"), "version_id": None} for a in again] == [
        a | {"version_id": None} for a in first
    ]


def test_a_complete_query_is_read_to_its_last_page() -> None:
    client = boto3.client("logs", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    row = [{"field": "@message", "value": "boom"}]
    first = {"status": "Complete", "results": [row], "nextToken": "t1"}
    with Stubber(client) as stubber:
        stubber.add_response(
            "get_query_results",
            {"status": "Complete", "results": [row, row], "nextToken": "t2"},
            {"queryId": "q", "nextToken": "t1"},
        )
        stubber.add_response(
            "get_query_results", {"status": "Complete", "results": [row]}, {"queryId": "q", "nextToken": "t2"}
        )
        assert len(logs.result_rows(Calls(), client, "q", first)) == 4


def test_a_metric_math_alarms_snapshot_keeps_each_metrics_dimensions_and_period() -> None:
    alarm = {
        "AlarmName": "ErrorRate",
        "Threshold": 5.0,
        "Metrics": [
            {"Id": "rate", "Expression": "errors / requests * 100", "Label": "error %"},
            {
                "Id": "errors",
                "ReturnData": False,
                "MetricStat": {
                    "Metric": {
                        "Namespace": "AWS/ApplicationELB",
                        "MetricName": "HTTPCode_Target_5XX_Count",
                        "Dimensions": [{"Name": "LoadBalancer", "Value": "app/web/1"}],
                    },
                    "Period": 300,
                    "Stat": "Sum",
                },
            },
        ],
    }
    rows = snapshots.widget(alarm, "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z")["metrics"]
    assert rows[1] == [
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        "LoadBalancer",
        "app/web/1",
        {"id": "errors", "stat": "Sum", "period": 300, "visible": False},
    ]
