"""Clear errors before anything is built: no AWS CLI, no credentials, a wrong region, an unknown option."""

import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.stack import deploy
from generator.stack.preflight import PreflightError, check_aws_cli, check_credentials, check_region
from generator.stack.target import Target
from tests.conftest import ROOT


@pytest.fixture
def no_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials anywhere: empty config files, no environment keys, no instance metadata."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "config").write_text("[profile other]\nregion = eu-west-1\n")
    (tmp_path / "credentials").write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)


def test_a_missing_aws_cli_is_named_with_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(PreflightError, match=r"AWS CLI \(`aws`\) is not on PATH.*Install it"):
        check_aws_cli({"PATH": str(tmp_path)})


def test_a_wrong_region_is_refused_with_the_regions_it_may_mean() -> None:
    with pytest.raises(PreflightError, match=r"'eu-wset-1' is not an AWS region.*eu-west-1"):
        check_region("eu-wset-1")
    check_region("eu-west-1")


@pytest.mark.usefixtures("no_credentials")
def test_no_credentials_says_how_to_get_some() -> None:
    with pytest.raises(
        PreflightError, match="no AWS credentials found for the default credential chain: run `aws configure`"
    ):
        check_credentials(Target(region="eu-west-1"))


@pytest.mark.usefixtures("no_credentials")
def test_an_unknown_profile_is_named() -> None:
    with pytest.raises(PreflightError, match="no AWS profile named 'prod'"):
        check_credentials(Target(region="eu-west-1", profile="prod"))


@pytest.mark.usefixtures("no_credentials")
def test_deploy_stops_at_preflight_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert deploy.main(["--region", "eu-wset-1", "--profile", "x"], root=ROOT) == 2
    assert "deploy.sh: --region 'eu-wset-1' is not an AWS region" in capsys.readouterr().err


def test_an_unknown_option_gets_the_usage_and_exit_2() -> None:
    result = subprocess.run(
        [str(ROOT / "deploy.sh"), "--regoin", "eu-west-1"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage: deploy.sh" in result.stderr and "unknown option(s): --regoin" in result.stderr


def test_a_target_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        deploy.parse_args(["--stack-name", "x"])
    assert exit_info.value.code == 2
    assert "say where to deploy: --region R" in capsys.readouterr().err


def test_params_must_be_template_parameters_and_not_the_package(template: dict[str, Any]) -> None:
    assert deploy.parse_params(["LogRetentionDays=30"], template) == {"LogRetentionDays": "30"}
    with pytest.raises(PreflightError, match="no such parameter"):
        deploy.parse_params(["Retention=30"], template)
    with pytest.raises(PreflightError, match="is not K=V"):
        deploy.parse_params(["LogRetentionDays"], template)
    with pytest.raises(PreflightError, match=r"deploy\.sh sets it"):
        deploy.parse_params(["LambdaCodeKey=x.zip"], template)
