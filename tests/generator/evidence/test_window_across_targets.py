"""Closeloop-CollectEvidence without a WindowStart, through the document on the emulator: ResolveWindow reads
the alarms of the run's member targets through the reader role the run names, and starts 30 minutes before
the earliest; the run's clock and every alarm's state change are at times of the test's choosing."""

import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from generator.emulator.accounts import in_account, make_reader_role
from generator.emulator.clock import following
from generator.emulator.extensions import install
from generator.evidence.local import run_locally
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.simulator.clock import VirtualClock
from tests.generator.emulator.isolation import next_region
from tests.runbooks.scripts.evidence.seed import put_alarm

MEMBER = "250000000001"  # this test's own: its reader role has a name of its own too
ROLE = "Team9-EvidenceReader"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_the_documents_default_window_starts_before_the_earliest_member_alarm(
    aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    install()
    home, regions = next_region(), [next_region(), next_region()]
    monkeypatch.setenv("AWS_DEFAULT_REGION", home)
    make_reader_role(boto3.client("iam"), MEMBER, EMULATOR_ACCOUNT_ID, ROLE)
    for region, minutes_ago in zip(regions, (45, 15), strict=True):
        cloudwatch = in_account(boto3.client("cloudwatch", region_name=region), MEMBER)
        put_alarm(cloudwatch, f"shop-{region}")
        with following(lambda ago=minutes_ago: NOW - timedelta(minutes=ago)):  # type: ignore[misc]
            cloudwatch.set_alarm_state(AlarmName=f"shop-{region}", StateValue="ALARM", StateReason="errors")
    suffix = uuid.uuid4().hex[:8]
    parameters = {
        "IncidentId": f"INC-W{suffix[:5]}",
        "AlarmNamePrefix": "shop-",
        "Targets": [f"{MEMBER}/{region}" for region in regions],
        "EvidenceReaderRole": ROLE,
        "EvidenceBucket": f"evidence-{suffix}",
        "TableName": f"closeloop-{suffix}",
    }
    record = run_locally(parameters, aws_env, region=home, clock=VirtualClock(now=NOW))
    assert record.outputs["ResolveWindow.WindowStart"] == "2026-11-30T07:45:00Z"  # 45 minutes ago, less 30
    assert record.outputs["ResolveWindow.WindowEnd"] == "2026-11-30T09:00:00Z"
