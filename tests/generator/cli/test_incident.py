"""`closeloop incident` on the emulator over HTTP, and `report` and `postmortem draft` on a table only the
CLI wrote (incident items and timeline events), with nothing the incident item holds left as TODO."""

import json
import uuid
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.generator.report.test_report_cli import create_table

OPEN = ["incident", "open", "--class", "bad-deploy", "--severity", "SEV2", "--service", "checkout"]
# (incident, impact start, minutes to the alert, the engagement, the mitigation, the recovery)
INCIDENTS = [("INC-501", "2026-10-01T12:00:00Z", 10, 5, 30, 20), ("INC-502", "2026-11-01T12:00:00Z", 4, 2, 10, 5)]


def timeline(incident: str, start: str, gaps: tuple[int, ...], table: str) -> None:
    minute = 0
    for kind, gap in zip(("symptom", "alert", "engaged", "mitigation", "recovery"), (0, *gaps), strict=True):
        minute += gap
        at = start.replace("12:00:00Z", f"{12 + minute // 60:02d}:{minute % 60:02d}:00Z")
        argv = ["timeline", "add", "--incident", incident, "--kind", kind, "--at", at, "--text", f"{kind} seen"]
        assert main([*argv, "--actor", "ana", "--table", table]) == 0


@pytest.fixture
def table(aws_env: str) -> str:
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    for incident, start, *gaps in INCIDENTS:
        title = f"Checkout 5xx after deploy ({incident})"
        opening = [*OPEN, "--incident", incident, "--title", title, "--started-at", start, "--table", name]
        assert main([*opening, "--commander", "ana", "--postmortem-owner", "712020:ana"]) == 0
        timeline(incident, start, tuple(gaps), name)
    return name


def test_open_show_list_close(table: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    again = [*OPEN, "--incident", "INC-501", "--title", "Another title", "--table", table]
    assert main(again) == 0
    assert "INC-501 is open already" in capsys.readouterr().out
    closing = ["incident", "close", "--incident", "INC-501", "--table", table]
    assert main([*closing, "--at", "2026-10-01T14:00:00+01:00"]) == 0
    assert main(["incident", "close", "--incident", "INC-501", "--table", table]) == 0
    assert "closed already" in capsys.readouterr().out
    assert main(["incident", "show", "--incident", "INC-501", "--format", "json", "--table", table]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["title"], shown["status"], shown["closed_at"]) == (
        "Checkout 5xx after deploy (INC-501)",
        "closed",
        "2026-10-01T13:00:00Z",
    )
    assert main(["incident", "list", "--status", "open", "--table", table]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("INC-502  open") and line.endswith("Checkout 5xx after deploy (INC-502)")
    assert main(["incident", "list", "--class", "bad-deploy", "--format", "json", "--table", table]) == 0
    assert [i["incident_id"] for i in json.loads(capsys.readouterr().out)] == ["INC-501", "INC-502"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--class", "Bad Deploy"], "--class: String should match pattern"),
        (["--started-at", "2026-11-01T12:00:00"], "--started-at '2026-11-01T12:00:00' has no time zone"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    aws_env: str, change: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*OPEN, "--incident", "INC-9", "--title", "t t t", "--commander", "ana", "--table", "unused", *change]
    assert main(argv) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("closeloop incident: ") and message in line


def test_a_bad_id_is_refused_by_the_one_pattern(aws_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*OPEN, "--incident", "INC 9", "--title", "t t t", "--table", "unused"])
    assert exited.value.code == 2 and "is not an incident id" in capsys.readouterr().err


def test_show_and_close_say_when_there_is_no_such_incident(table: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["incident", "show", "--incident", "INC-999", "--table", table]) == 1
    assert main(["incident", "close", "--incident", "INC-999", "--table", table]) == 1
    assert capsys.readouterr().err.count("no incident INC-999 in table") == 2


def test_report_and_draft_work_on_what_the_cli_created(table: str, tmp_path: Path) -> None:
    assert main(["report", "--class", "bad-deploy", "--format", "json", "--out", str(tmp_path), "--table", table]) == 0
    [report] = json.loads((tmp_path / "report.json").read_text())["classes"]
    assert report["class"] == "bad-deploy" and report["latest_faster_than_previous"] is True
    assert [i["id"] for i in report["incidents"]] == ["INC-501", "INC-502"]
    assert report["incidents"][0]["started_at"] == "2026-10-01T12:00:00+00:00"
    out = tmp_path / "INC-502.yaml"
    assert main(["postmortem", "draft", "--incident", "INC-502", "--table", table, "--out", str(out)]) == 0
    incident = yaml.safe_load(out.read_text())["incident"]
    assert incident == {
        "id": "INC-502",
        "title": "Checkout 5xx after deploy (INC-502)",
        "class": "bad-deploy",
        "severity": "SEV2",
        "service": "checkout",
        "postmortem_owner": "712020:ana",
    }
