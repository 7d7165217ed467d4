"""`closeloop evidence start` and `status` against the Automation API (botocore's Stubber: the emulator has none)."""

import argparse
import json
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from generator.cli import evidence


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    evidence.register(parser.add_subparsers())
    return parser.parse_args(argv)


@pytest.fixture
def ssm(monkeypatch: pytest.MonkeyPatch) -> Stubber:
    client = boto3.client("ssm", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    monkeypatch.setattr(evidence, "session_client", lambda service, endpoint_url: client)
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    return Stubber(client)


def _execution(status: str, steps: list[dict[str, Any]], outputs: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {
        "AutomationExecution": {"AutomationExecutionStatus": status, "StepExecutions": steps, "Outputs": outputs or {}}
    }


def _step(name: str, status: str, gap: str = "") -> dict[str, Any]:
    step: dict[str, Any] = {"StepName": name, "StepStatus": status, "StepExecutionId": name}
    if gap:
        step["Outputs"] = {"Gap": [gap]}
    return step


def test_start_passes_the_parameters_as_lists_and_watch_prints_each_step_once(
    ssm: Stubber, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = {
        "DocumentName": "Closeloop-CollectEvidence",
        "Parameters": {
            "IncidentId": ["INC-7"],
            "WindowStart": ["2026-11-29T10:00:00Z"],
            "LogGroups": ["/a", "/b"],
            "AlarmNamePrefix": ["api-"],
        },
    }
    ssm.add_response(
        "start_automation_execution", {"AutomationExecutionId": "0f6b2f7a-1111-4a2b-9c3d-000000000007"}, expected
    )
    ssm.add_response(
        "get_automation_execution",
        _execution("InProgress", [_step("ResolveWindow", "Success"), _step("CollectAlarms", "InProgress")]),
    )
    ssm.add_response(
        "get_automation_execution",
        _execution(
            "Success",
            [_step("ResolveWindow", "Success"), _step("CollectAlarms", "Success", "CloudTrail throttled")],
            {"WriteManifest.Artefacts": ["12"]},
        ),
    )
    with ssm:
        args = _parse(
            [
                "evidence",
                "start",
                "--incident",
                "INC-7",
                "--start",
                "2026-11-29T10:00:00Z",
                "--log-group",
                "/a",
                "--log-group",
                "/b",
                "--alarm-prefix",
                "api-",
                "--watch",
            ]
        )
        assert args.run(args) == 0
    out = capsys.readouterr().out
    assert "Started Closeloop-CollectEvidence: 0f6b2f7a-1111-4a2b-9c3d-000000000007" in out
    assert out.count("ResolveWindow: Success") == 1
    assert "CollectAlarms: Success: CloudTrail throttled" in out
    assert 'WriteManifest.Artefacts = ["12"]' in out


def test_status_lists_the_steps_and_a_failed_run_is_shown_failed(
    ssm: Stubber, capsys: pytest.CaptureFixture[str]
) -> None:
    ssm.add_response(
        "get_automation_execution",
        _execution("Failed", [_step("ResolveWindow", "Failed")]),
        {"AutomationExecutionId": "0f6b2f7a-1111-4a2b-9c3d-000000000009"},
    )
    with ssm:
        args = _parse(["evidence", "status", "0f6b2f7a-1111-4a2b-9c3d-000000000009"])
        assert args.run(args) == 0
    assert "0f6b2f7a-1111-4a2b-9c3d-000000000009: Failed" in capsys.readouterr().out


def test_verify_defaults_to_the_bucket_of_the_stack_deploy_sh_made(aws_env: str, capsys: Any) -> None:
    cloudformation = boto3.client("cloudformation")
    body = json.dumps(
        {
            "Resources": {"EvidenceBucket": {"Type": "AWS::S3::Bucket"}},
            "Outputs": {"EvidenceBucketName": {"Value": {"Ref": "EvidenceBucket"}}},
        }
    )
    cloudformation.create_stack(StackName="verify-default", TemplateBody=body)
    outputs = cloudformation.describe_stacks(StackName="verify-default")["Stacks"][0]["Outputs"]
    bucket = outputs[0]["OutputValue"]
    assert evidence.stack_bucket(cloudformation, "verify-default") == bucket
    # No manifest yet: the command looked in the stack's bucket (named in its message), not in a made-up one.
    argv = ["evidence", "verify", "--incident", "INC-1", "--stack-name", "verify-default"]
    assert evidence.run_verify(_parse(argv)) == 2
    assert bucket in capsys.readouterr().err


def test_verify_without_the_stack_says_to_give_the_bucket(aws_env: str, capsys: Any) -> None:
    assert evidence.run_verify(_parse(["evidence", "verify", "--incident", "INC-1", "--stack-name", "absent"])) == 2
    assert "stack absent" in capsys.readouterr().err


def test_start_names_the_document_of_the_stack_its_prefix_says(
    ssm: Stubber, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second stack's CollectEvidence: --prefix, else CLOSELOOP_DOCUMENT_PREFIX, else Closeloop-."""
    for given, environment in ((["--prefix", "Team2-"], None), ([], "Team3-")):
        if environment:
            monkeypatch.setenv("CLOSELOOP_DOCUMENT_PREFIX", environment)
        name = f"{environment or 'Team2-'}CollectEvidence"
        expected = {"DocumentName": name, "Parameters": {"IncidentId": ["INC-7"]}}
        ssm.add_response(
            "start_automation_execution", {"AutomationExecutionId": "0f6b2f7a-1111-4a2b-9c3d-000000000008"}, expected
        )
        with ssm:
            args = _parse(["evidence", "start", "--incident", "INC-7", *given])
            assert args.run(args) == 0
        assert f"Started {name}: 0f6b2f7a-1111-4a2b-9c3d-000000000008" in capsys.readouterr().out


def test_a_prefix_aws_refuses_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        _parse(["evidence", "start", "--incident", "INC-7", "--prefix", "aws-ops-"])
    assert exited.value.code == 2
    assert "AWS reserves those names" in capsys.readouterr().err
