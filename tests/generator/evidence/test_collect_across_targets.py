"""`closeloop evidence start --local --target ...`: Closeloop-CollectEvidence over a member account's two regions
and an account without the reader role, through the document, its child documents and the emulator."""

import argparse
import json
import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from domain.evidence import EvidenceManifest, run_of, target_prefix
from generator.cli import evidence as evidence_cli
from generator.emulator.accounts import in_account, make_reader_role
from generator.emulator.extensions import install
from generator.evidence.local import ensure_stores
from generator.evidence.verify import newest_manifest, verify
from generator.simulator import ClientFactory
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from tests.generator.emulator.isolation import next_region

MEMBER, STRANGER = "210987654321", "333333333333"


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    evidence_cli.register(parser.add_subparsers())
    args = parser.parse_args(["evidence", *argv])
    status: int = args.run(args)
    return status


def test_one_run_collects_each_member_region_into_one_manifest_and_names_the_unreachable_one(
    aws_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    install()
    home, regions = next_region(), [next_region(), next_region()]
    monkeypatch.setenv("AWS_DEFAULT_REGION", home)
    monkeypatch.setenv("AWS_REGION", home)
    make_reader_role(boto3.client("iam"), MEMBER, EMULATOR_ACCOUNT_ID)
    for region in regions:
        cloudwatch = in_account(boto3.client("cloudwatch", region_name=region), MEMBER)
        cloudwatch.put_metric_alarm(
            AlarmName=f"shop-{region}", Namespace="Shop", MetricName="Errors", Statistic="Sum", Period=60,
            EvaluationPeriods=1, Threshold=5, ComparisonOperator="GreaterThanThreshold",
        )  # fmt: skip
        cloudwatch.set_alarm_state(AlarmName=f"shop-{region}", StateValue="ALARM", StateReason="errors")
    suffix = uuid.uuid4().hex[:8]
    bucket, table, incident = f"evidence-{suffix}", f"closeloop-{suffix}", f"INC-T{suffix[:5]}"
    ensure_stores(ClientFactory(aws_env, region=home), bucket, table)
    now = datetime.now(UTC).replace(microsecond=0)
    targets = [f"{MEMBER}/{r}" for r in regions] + [f"{STRANGER}/{regions[0]}"]
    argv = ["start", "--local", "--endpoint-url", aws_env, "--incident", incident, "--alarm-prefix", "shop-"]
    argv += [
        "--start",
        f"{now - timedelta(minutes=30):%Y-%m-%dT%H:%M:%SZ}",
        "--end",
        f"{now + timedelta(minutes=1):%Y-%m-%dT%H:%M:%SZ}",
    ]
    argv += ["--bucket", bucket, "--table", table, *(f"--target={target}" for target in targets)]
    assert _cli(argv) == 0, capsys.readouterr()

    key = newest_manifest(boto3.client("s3"), bucket, incident)  # the CLI's one run
    assert key is not None
    run = run_of(incident, key)
    assert run is not None
    body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    written = EvidenceManifest.model_validate_json(body)
    assert sorted(written.targets) == sorted(targets)  # only the targets given: no plain name asked for home
    for region in regions:
        key = f"{target_prefix(incident, run, MEMBER, region)}alarms/state-changes.ndjson.gz"
        assert [a.records for a in written.artefacts if a.key == key] == [1], written.artefacts
    lost = written.targets[f"{STRANGER}/{regions[0]}"]
    assert not lost.reached and "AccessDenied" in lost.gap
    assert verify(boto3.client("s3"), bucket, incident).intact


def test_a_target_that_is_not_an_account_and_region_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        _cli(["start", "--incident", "INC-1", "--target", "eu-west-1"])
    assert refused.value.code == 2
    assert "argument --target: 'eu-west-1' is not an account/region such as 123456789012/eu-west-1" in (
        capsys.readouterr().err
    )


def test_the_targets_are_passed_as_the_documents_parameter() -> None:
    parser = argparse.ArgumentParser()
    evidence_cli.register(parser.add_subparsers())
    args = parser.parse_args(["evidence", "start", "--incident", "INC-1", "--target", "210987654321:eu-west-1"])
    assert evidence_cli.parameters(args)["Targets"] == ["210987654321/eu-west-1"]
    assert json.dumps(evidence_cli.parameters(args))  # plain values, as StartAutomationExecution takes them
