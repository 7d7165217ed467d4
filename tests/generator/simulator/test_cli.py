"""`closeloop simulate`: exit statuses, printed steps, the written record, decisions and unusable input.

(The CLI's tests live here, beside the simulator they drive, until the lead wires `simulate` into COMMANDS.)
"""

import argparse
import json
from pathlib import Path

import boto3
import pytest

from generator.cli import simulate as simulate_command
from generator.document.model import Document
from generator.emulator.server import reset as reset_emulator
from runbooks import catalogue
from tests.domain.closeloop_table import create_table
from tests.generator.simulator.documents import fixture_document, fixture_path


def closeloop_simulate(*argv: str) -> int:
    top = argparse.ArgumentParser(prog="closeloop")
    simulate_command.register(top.add_subparsers())
    args = top.parse_args(["simulate", *argv])
    status: int = args.run(args)
    return status


def test_a_successful_run_prints_each_step_writes_the_record_and_exits_0(
    emulator_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "execution.json"

    status = closeloop_simulate(
        str(fixture_path("loops")), "--param", "Limit=2", "--endpoint-url", emulator_url, "--out", str(out)
    )

    printed = capsys.readouterr().out
    assert status == 0
    assert "  Add [iteration 3] (aws:executeScript): Success" in printed
    assert "OverItems (aws:loop): Success" in printed
    assert "Execution " in printed and ": Success" in printed
    execution = json.loads(out.read_text())["AutomationExecution"]
    assert execution["AutomationExecutionStatus"] == "Success"
    assert execution["Parameters"]["Limit"] == ["2"]


def test_a_failed_run_exits_1_and_says_why(emulator_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = closeloop_simulate(
        str(fixture_path("failure_paths")), "--param", "Path=abort", "--endpoint-url", emulator_url
    )

    printed = capsys.readouterr().out
    assert status == 1
    assert "FailAbort (aws:executeAwsApi): Failed" in printed


def test_decisions_given_on_the_command_line_let_waiting_steps_go_on(emulator_url: str) -> None:
    document = str(fixture_path("waiting_steps"))

    assert closeloop_simulate(document, "--endpoint-url", emulator_url) == 1  # Waiting
    assert (
        closeloop_simulate(
            document, "--decide", "Hold=resume", "--decide", "SignOff=approve", "--endpoint-url", emulator_url
        )
        == 0
    )


def test_a_parameter_value_the_pattern_refuses_exits_2_naming_the_pattern(
    emulator_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = closeloop_simulate(
        str(fixture_path("nested_child")), "--param", "Greeting=BAD", "--endpoint-url", emulator_url
    )

    assert status == 2
    assert "'BAD' does not match the allowedPattern ^[a-z!]+$" in capsys.readouterr().err


@pytest.mark.parametrize("argument", ["Greeting", "=x"])
def test_a_malformed_param_argument_exits_2(argument: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert closeloop_simulate(str(fixture_path("nested_child")), "--param", argument) == 2
    assert "is not NAME=VALUE" in capsys.readouterr().err


def test_an_unreadable_document_exits_2_with_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        'schemaVersion: "0.3"\nmainSteps:\n  - name: A\n    action: aws:sleep\n    inputs: {Duration: [\n'
    )

    assert closeloop_simulate(str(broken)) == 2
    assert f"{broken}:" in capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert closeloop_simulate(str(tmp_path / "absent.yaml")) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_doc_may_name_a_catalogue_runbook(
    emulator_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def find(name: str) -> Document | None:
        return fixture_document("branch_operators") if name == "Closeloop-Test" else None

    monkeypatch.setattr(catalogue, "find", find)

    assert closeloop_simulate("Closeloop-Test", "--endpoint-url", emulator_url) == 1  # its NoChoice step fails
    assert "Execution " in capsys.readouterr().out
    assert closeloop_simulate("Closeloop-Nothing", "--endpoint-url", emulator_url) == 2
    assert "neither a document file nor a catalogue runbook" in capsys.readouterr().err


def test_without_an_endpoint_the_run_uses_its_own_embedded_emulator(capsys: pytest.CaptureFixture[str]) -> None:
    assert closeloop_simulate(str(fixture_path("aws_api_selectors"))) == 0
    assert 'ListBuckets.Names = ["alpha-bucket", "beta-bucket"]' in capsys.readouterr().out


def test_live_uses_the_environments_account_and_excludes_an_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    top = argparse.ArgumentParser(prog="closeloop")
    simulate_command.register(top.add_subparsers())

    live = simulate_command.clients(top.parse_args(["simulate", "doc.yaml", "--live"]))
    emulated = simulate_command.clients(top.parse_args(["simulate", "doc.yaml", "--endpoint-url", "http://x:1"]))

    assert live is not None and live.live and live.endpoint_url is None
    assert emulated is not None and not emulated.live
    assert simulate_command.clients(top.parse_args(["simulate", "doc.yaml"])) is None  # the embedded emulator
    with pytest.raises(SystemExit):
        top.parse_args(["simulate", "doc.yaml", "--live", "--endpoint-url", "http://x:1"])
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_name_runs_the_document_the_aws_holds_with_its_stack_defaults(
    emulator_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As under `closeloop up`: the stack deployed Closeloop-LogTimelineEvent with its table as the default, and
    # no table is called `closeloop` (the catalogue's default). Issue 17 tried exactly this and got
    # ResourceNotFoundException from PutItem.
    environment = {"AWS_ENDPOINT_URL": emulator_url, "AWS_DEFAULT_REGION": "us-east-1"}
    for name, value in {**environment, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    reset_emulator(emulator_url)
    create_table("closeloop-Table-X1")
    content = catalogue.RUNBOOKS["Closeloop-LogTimelineEvent"]().to_data()
    content["parameters"]["TableName"]["default"] = "closeloop-Table-X1"
    boto3.client("ssm").create_document(
        Name="Closeloop-LogTimelineEvent", Content=json.dumps(content), DocumentType="Automation"
    )

    status = closeloop_simulate(
        "Closeloop-LogTimelineEvent", "--param", "IncidentId=INC-7", "--param", "Kind=symptom", "--param", "Text=503s"
    )

    printed = capsys.readouterr().out
    assert status == 0, printed
    assert f"Closeloop-LogTimelineEvent as deployed in {emulator_url}" in printed
    items = boto3.client("dynamodb").scan(TableName="closeloop-Table-X1")["Items"]
    assert [item["text"]["S"] for item in items if "text" in item] == ["503s"]


def test_a_name_the_aws_does_not_hold_runs_the_catalogues_runbook(
    emulator_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reset_emulator(emulator_url)

    status = closeloop_simulate(
        "Closeloop-LogTimelineEvent",
        "--param",
        "IncidentId=INC-8",
        "--param",
        "Kind=symptom",
        "--param",
        "Text=503s",
        "--endpoint-url",
        emulator_url,
    )

    captured = capsys.readouterr()
    assert "as deployed in" not in captured.out and "did not give" not in captured.err
    assert status == 1 and "ResourceNotFoundException" in captured.out  # the catalogue's table, `closeloop`
