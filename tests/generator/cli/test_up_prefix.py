"""`closeloop up --prefix`: a second stack beside the first in one local AWS, as two stacks live in one account.

The long test deploys two stacks (most of a minute each on a busy machine): it is also the one that shows a
deployed stack, and what its runbook wrote, kept across `down` and `up` (the others in test_up_state.py run
without a stack).
"""

import socket
import time
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from tests.generator.cli.test_up import closeloop, free_port


def free_pair() -> int:
    """A free port whose next port is free too: the local Jira takes the port after the emulator's."""
    for _ in range(100):
        port = free_port()
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise AssertionError("no two free ports side by side")


def exports(stdout: str) -> dict[str, str]:
    return dict(line.removeprefix("export ").split("=", 1) for line in stdout.splitlines())


def client(names: dict[str, str], service: str) -> Any:
    return boto3.client(
        service, endpoint_url=names["AWS_ENDPOINT_URL"], region_name=names["AWS_REGION"],
        aws_access_key_id=names["AWS_ACCESS_KEY_ID"], aws_secret_access_key=names["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"max_attempts": 1}),
    )  # type: ignore[call-overload]  # fmt: skip


def log_symptom(names: dict[str, str], text: str) -> None:
    """The stack's own LogTimelineEvent, started as an operator's client starts it."""
    ssm = client(names, "ssm")
    document = f"{names['CLOSELOOP_DOCUMENT_PREFIX']}LogTimelineEvent"
    parameters = {"IncidentId": ["INC-1"], "Kind": ["symptom"], "Text": [text]}
    execution_id = ssm.start_automation_execution(DocumentName=document, Parameters=parameters)["AutomationExecutionId"]
    for _ in range(1500):
        status = ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
        if status["AutomationExecutionStatus"] not in ("Pending", "InProgress", "Waiting"):
            break
        time.sleep(0.02)
    assert status["AutomationExecutionStatus"] == "Success", status.get("FailureMessage")


def texts(names: dict[str, str]) -> list[str]:
    items = client(names, "dynamodb").scan(TableName=names["CLOSELOOP_TABLE"])["Items"]
    return sorted(item["text"]["S"] for item in items if "text" in item)


def test_a_bad_prefix_is_one_line_and_exit_2(tmp_path: Path) -> None:
    refused = closeloop("up", "--prefix", "aws-", "--state", str(tmp_path), "--port", str(free_port()))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("closeloop up: --prefix 'aws-': ") and not (tmp_path / "state.json").exists()


def test_a_prefix_the_running_local_aws_lacks_says_how_to_add_it(tmp_path: Path) -> None:
    state = str(tmp_path / "state")
    assert closeloop("up", "--no-stack", "--port", str(free_port()), "--state", state, "--quiet").returncode == 0
    try:
        refused = closeloop("up", "--prefix", "Team2-", "--state", state)
        assert refused.returncode == 2 and refused.stderr.count("\n") == 1
        assert "without a Team2- stack" in refused.stderr and "closeloop up --prefix Team2-" in refused.stderr
    finally:
        closeloop("down", "--state", state)


def test_a_second_prefix_deploys_a_second_stack_beside_the_first_and_both_are_kept(tmp_path: Path) -> None:
    state, port = str(tmp_path / "state"), str(free_pair())
    started = closeloop("up", "--port", port, "--state", state, "--quiet")
    assert started.returncode == 0, started.stderr
    first = exports(started.stdout)
    assert first["CLOSELOOP_DOCUMENT_PREFIX"] == "Closeloop-" and first["CLOSELOOP_TABLE"].startswith("closeloop-")
    try:
        log_symptom(first, "Checkout 503s")
        assert closeloop("down", "--state", state).returncode == 0
        added = closeloop("up", "--port", port, "--state", state, "--prefix", "Team2-", "--quiet")
        assert added.returncode == 0, added.stderr
        second = exports(added.stdout)
        assert second["CLOSELOOP_DOCUMENT_PREFIX"] == "Team2-"
        assert (
            second["CLOSELOOP_TABLE"].startswith("closeloop-team2-")
            and second["CLOSELOOP_TABLE"] != first["CLOSELOOP_TABLE"]
        )
        status = closeloop("status", "--state", state).stdout
        assert "stack closeloop (prefix Closeloop-)" in status and "stack closeloop-team2 (prefix Team2-)" in status
        assert exports(closeloop("up", "--state", state, "--quiet").stdout) == first  # the default prefix's lines
        log_symptom(second, "Team2's symptom")
        assert texts(first) == ["Checkout 503s"]  # kept across down and up, and only in the first stack's table
        assert texts(second) == ["Team2's symptom"]
    finally:
        closeloop("down", "--state", state)
