"""Issue 17's error cases: each ends in one line naming what and where, exit 2, and nothing written."""

from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import FIXTURES

POSTMORTEM = FIXTURES / "postmortem" / "action_done_condition" / "good.yaml"
OWNERSHIP = FIXTURES / "enforcement" / "ownership.yaml"


@pytest.fixture
def no_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No credentials, region or profile anywhere boto3 looks."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION",
                 "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def refused(argv: list[str], capsys: pytest.CaptureFixture[str], *names: str) -> str:
    """Run `closeloop ARGV`; it must exit 2 with one line on stderr naming each of `names`."""
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    for name in names:
        assert name in lines[0], lines[0]
    return lines[0]


def files_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_timeline_show_out_onto_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], no_aws: None) -> None:
    refused(["timeline", "show", "--incident", "INC-1", "--out", f"{tmp_path}/"], capsys, "--out", str(tmp_path))
    assert files_under(tmp_path) == sorted(tmp_path.glob("no-*"))


def test_postmortem_render_out_onto_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a-file"
    target.write_text("mine\n")
    refused(["postmortem", "render", str(POSTMORTEM), "--out", str(target)], capsys, "--out", str(target))
    assert files_under(tmp_path) == [target] and target.read_text() == "mine\n"


def test_postmortem_render_out_where_no_folder_can_be_made(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    refused(["postmortem", "render", str(POSTMORTEM), "--out", str(blocker / "out")], capsys, str(blocker))
    assert files_under(tmp_path) == [blocker]


def test_postmortem_render_out_on_a_read_only_file_system(capsys: pytest.CaptureFixture[str]) -> None:
    # /proc refuses new folders even to root, whom os.access always allows
    refused(["postmortem", "render", str(POSTMORTEM), "--out", "/proc/closeloop-out"], capsys, "/proc/closeloop-out")


@pytest.mark.parametrize(
    "argv",
    [
        ["evidence", "verify", "--incident", "INC-1"],
        ["evidence", "status", "nonsense-id"],
        ["evidence", "start", "--incident", "INC-1"],
    ],
    ids=["verify", "status", "start"],
)
def test_evidence_without_credentials_or_region(
    argv: list[str], capsys: pytest.CaptureFixture[str], no_aws: None
) -> None:
    line = refused(argv, capsys, "closeloop evidence")
    assert "AWS" in line


def test_evidence_status_of_an_id_that_cannot_be_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # never reached: botocore refuses the id first
    refused(["evidence", "status", "nonsense-id"], capsys, "AutomationExecutionId")


def test_evidence_start_with_a_time_without_zone(capsys: pytest.CaptureFixture[str], no_aws: None) -> None:
    argv = ["evidence", "start", "--incident", "INC-1", "--local", "--start", "2026-12-03T15:00:00"]
    refused(argv, capsys, "--start", "2026-12-03T15:00:00", "zone")


def test_evidence_verify_of_a_bucket_that_is_not_there(aws_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    refused(["evidence", "verify", "--incident", "INC-1", "--bucket", "no-such-bucket-i17"], capsys, "no-such-bucket")


def test_enforce_dry_run_needs_no_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without Jira settings the dry run stops at them, not at SNS's missing region (a dry run publishes nothing)
    for name in ("CLOSELOOP_JIRA_URL", "CLOSELOOP_JIRA_TOKEN", "CLOSELOOP_JIRA_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    line = refused(["actions", "enforce", "--ownership", str(OWNERSHIP), "--dry-run"], capsys, "CLOSELOOP_JIRA_")
    assert "region" not in line


@pytest.mark.parametrize(
    "argv",
    [
        ["timeline", "show", "--incident", "INC-1"],
        ["incident", "show", "--incident", "INC-1"],
        ["incident", "list"],
        ["report"],
    ],
    ids=["timeline show", "incident show", "incident list", "report"],
)
def test_table_commands_without_aws_set_up_say_so_in_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str], no_aws: None
) -> None:
    # These commands answer their own AWS errors; a missing region or credentials is the user's setup, not the
    # table's fault: exit 2 and the setup named, where they used to exit 1 with "table closeloop: ...".
    line = refused(argv, capsys, f"closeloop {argv[0]}")
    assert "no AWS region" in line or "no AWS credentials" in line
