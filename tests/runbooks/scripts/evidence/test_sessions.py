"""Clients per target: the run's own at home, the member's reader role elsewhere, a one-line gap when refused."""

import boto3
import pytest
from botocore.stub import Stubber

from generator.emulator.accounts import in_account, make_reader_role
from runbooks.scripts.evidence.sessions import (
    Unreachable,
    error_line,
    member_role_arn,
    partition,
    run_targets,
    target_clients,
)
from runbooks.scripts.evidence.target import Target
from runbooks.scripts.org import READER_SESSION
from tests.generator.emulator.isolation import next_region
from tests.runbooks.scripts.evidence.conftest import EvidenceEnv
from tests.runbooks.scripts.evidence.seed import ACCOUNT, put_alarm

MEMBER = "210987654321"
READER = "Closeloop-EvidenceReader-test"


def _reader_role(account: str, trusted: str) -> None:
    make_reader_role(boto3.client("iam"), account, trusted.split(":")[4], READER)


def test_the_home_target_uses_the_runs_own_clients() -> None:
    home = Target(ACCOUNT, "eu-west-3")
    made: list[str] = []

    def own(service: str) -> str:
        made.append(service)
        return f"own {service}"

    assert target_clients(home, home, READER, own)("cloudwatch") == "own cloudwatch"
    assert made == ["cloudwatch"]


def test_a_member_is_read_with_its_reader_role_and_the_evidence_still_goes_home(evidence_env: EvidenceEnv) -> None:
    _reader_role(MEMBER, f"arn:aws:iam::{ACCOUNT}:root")
    member = Target(MEMBER, "eu-central-1")
    put_alarm(in_account(boto3.client("cloudwatch", region_name=member.region), MEMBER), "member-only")
    clients = target_clients(member, Target(ACCOUNT, evidence_env.region), READER)
    assert clients("sts").get_caller_identity()["Arn"].endswith(f":assumed-role/{READER}/{READER_SESSION}")
    assert [a["AlarmName"] for a in clients("cloudwatch").describe_alarms()["MetricAlarms"]] == ["member-only"]
    assert clients("s3").head_bucket(Bucket=evidence_env.bucket)  # the central bucket, with the run's own role


def test_a_role_that_cannot_be_assumed_is_unreachable_in_one_line(evidence_env: EvidenceEnv) -> None:
    stranger = Target("333333333333", "eu-west-2")
    with pytest.raises(Unreachable) as refused:
        target_clients(stranger, Target(ACCOUNT, evidence_env.region), "missing-role")
    text = str(refused.value)
    assert "\n" not in text and text.startswith(
        "cannot assume arn:aws:iam::333333333333:role/missing-role in eu-west-2: AccessDenied: User: "
    )


def test_another_region_of_the_home_account_is_read_through_its_reader_role_too(evidence_env: EvidenceEnv) -> None:
    other, home = Target(ACCOUNT, next_region()), Target(ACCOUNT, evidence_env.region)
    with pytest.raises(Unreachable, match=f"cannot assume arn:aws:iam::{ACCOUNT}:role/not-deployed-here"):
        target_clients(other, home, "not-deployed-here")
    _reader_role(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root")
    put_alarm(boto3.client("cloudwatch", region_name=other.region), "home-account-elsewhere")
    clients = target_clients(other, home, READER)
    assert clients("sts").get_caller_identity()["Arn"].endswith(f":assumed-role/{READER}/{READER_SESSION}")
    assert [a["AlarmName"] for a in clients("cloudwatch").describe_alarms()["MetricAlarms"]] == [
        "home-account-elsewhere"
    ]


def test_the_home_and_targets_come_from_the_window_step_or_from_sts(evidence_env: EvidenceEnv) -> None:
    given = {"Home": f"{ACCOUNT}/us-east-1", "Targets": [f"{MEMBER}/eu-west-1", f"{MEMBER}/us-east-1"]}
    assert run_targets(given) == (
        Target(ACCOUNT, "us-east-1"),
        [Target(MEMBER, "eu-west-1"), Target(MEMBER, "us-east-1")],
    )
    home = Target(ACCOUNT, evidence_env.region)
    assert run_targets({"Functions": ["checkout"]}) == (home, [home])


def test_roles_are_named_in_the_targets_partition_and_errors_read_as_one_line() -> None:
    assert partition("cn-north-1") == "aws-cn" and partition("us-gov-west-1") == "aws-us-gov"
    assert member_role_arn(Target(MEMBER, "cn-north-1"), "R") == f"arn:aws-cn:iam::{MEMBER}:role/R"
    assert error_line(ValueError("no\n  route")) == "ValueError: no route"


def test_a_region_the_account_has_not_enabled_is_unreachable_with_stss_reason() -> None:
    """STS answers RegionDisabledException in a region the account has not enabled (the emulator enables all)."""
    sts = boto3.client("sts", region_name="ap-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    message = "STS is not activated in this region for account:210987654321."
    with Stubber(sts) as stub:
        stub.add_client_error("assume_role", "RegionDisabledException", message, 403)
        with pytest.raises(Unreachable) as refused:
            target_clients(Target(MEMBER, "ap-east-1"), Target(ACCOUNT, "us-east-1"), READER, member=lambda _s, _n: sts)
    assert str(refused.value) == (
        f"cannot assume arn:aws:iam::{MEMBER}:role/{READER} in ap-east-1: RegionDisabledException: {message}"
    )
