"""The default window starts 30 minutes before the first alarm of any of the run's targets (the ones it collects),
each target's alarms read through its reader role as the collectors read them; a target that cannot be read is a
note, not a failed step.

Every alarm state change is stamped at a time of the test's choosing (the emulator's clock), and the run's
now is fixed: nothing depends on when the suite runs."""

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from generator.emulator.accounts import in_account, make_reader_role
from generator.emulator.clock import following
from runbooks.scripts.evidence import window
from runbooks.scripts.evidence.sessions import DEFAULT_READER_ROLE
from tests.generator.emulator.isolation import next_region
from tests.runbooks.scripts.evidence.conftest import EvidenceEnv
from tests.runbooks.scripts.evidence.seed import ACCOUNT, put_alarm

MEMBER = "210987654321"
STRANGER = "333333333333"  # no reader role there
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _went_to_alarm(region: str, name: str, minutes_ago: int, account: str = ACCOUNT) -> None:
    cloudwatch = in_account(boto3.client("cloudwatch", region_name=region), account)
    put_alarm(cloudwatch, name)
    with following(lambda: NOW - timedelta(minutes=minutes_ago)):
        cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason=f"errors in {region}")


@pytest.fixture
def member_regions(evidence_env: EvidenceEnv, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Two regions of the member account; in the home region an alarm 10 minutes ago, in the member's first
    region one 50 minutes ago (the earliest), in its second one 20 minutes ago and an unrelated one earlier."""
    make_reader_role(boto3.client("iam"), MEMBER, ACCOUNT)
    regions = [next_region(), next_region()]
    _went_to_alarm(evidence_env.region, "shop-home", 10)
    _went_to_alarm(regions[0], "shop-first", 50, MEMBER)
    _went_to_alarm(regions[1], "shop-second", 20, MEMBER)
    _went_to_alarm(regions[1], "billing-earlier", 90, MEMBER)  # another prefix: not this incident's
    monkeypatch.setattr(window, "utc_now", lambda: NOW)
    return regions


def _resolved(events: dict[str, Any]) -> dict[str, Any]:
    return window.handler({"AlarmNamePrefix": "shop-", "EvidenceReaderRole": DEFAULT_READER_ROLE} | events, None)


def test_the_window_starts_before_the_earliest_alarm_of_any_target(
    evidence_env: EvidenceEnv, member_regions: list[str]
) -> None:
    resolved = _resolved({"Targets": [f"{MEMBER}/{region}" for region in member_regions]})
    assert resolved["WindowStart"] == "2026-11-29T10:40:00Z"  # 50 minutes ago, less 30
    assert resolved["WindowEnd"] == "2026-11-29T12:00:00Z"
    assert resolved["Basis"] == "first alarm less 30 minutes"
    assert resolved["Targets"] == [f"{MEMBER}/{region}" for region in member_regions]  # what the run collects


def test_without_targets_the_home_alarms_alone_decide(evidence_env: EvidenceEnv, member_regions: list[str]) -> None:
    resolved = _resolved({})
    assert resolved["WindowStart"] == "2026-11-29T11:20:00Z"  # the home alarm, 10 minutes ago
    assert resolved["Targets"] == [f"{ACCOUNT}/{evidence_env.region}"]


def test_a_target_that_cannot_be_read_is_a_note_and_the_others_still_decide(
    evidence_env: EvidenceEnv, member_regions: list[str]
) -> None:
    stranger = f"{STRANGER}/{member_regions[0]}"
    resolved = _resolved({"Targets": [f"{MEMBER}/{member_regions[1]}", stranger]})
    assert resolved["WindowStart"] == "2026-11-29T11:10:00Z"  # the member's second region, 20 minutes ago
    basis, note = resolved["Basis"].split("; ")
    assert basis == "first alarm less 30 minutes"
    assert note.startswith(
        f"{stranger} not read: cannot assume arn:aws:iam::{STRANGER}:role/{DEFAULT_READER_ROLE} "
        f"in {member_regions[0]}: AccessDenied"
    )
    assert stranger in resolved["Targets"]  # still a target: the collection records its gap


def test_no_alarm_anywhere_is_the_two_hours_before_the_end(
    evidence_env: EvidenceEnv, member_regions: list[str]
) -> None:
    resolved = _resolved({"AlarmNamePrefix": "nothing-", "Targets": [f"{MEMBER}/{member_regions[0]}"]})
    assert (resolved["WindowStart"], resolved["Basis"]) == ("2026-11-29T10:00:00Z", "no alarm: 2 hours")


def test_a_given_window_reads_no_alarm() -> None:
    asked: list[object] = []

    def clients(target: object) -> Any:
        asked.append(target)
        raise AssertionError("no alarm is read when the start is given")

    given = window.resolve({"WindowStart": "2026-11-29T09:00:00Z"}, clients, NOW, [])
    assert given == {"WindowStart": "2026-11-29T09:00:00Z", "WindowEnd": "2026-11-29T12:00:00Z", "Basis": "given"}
    with pytest.raises(ValueError, match="not after"):
        window.resolve({"WindowStart": "2026-11-29T12:00:00Z", "WindowEnd": "2026-11-29T11:00:00Z"}, clients, NOW, [])
    assert asked == []
