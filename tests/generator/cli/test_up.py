"""`closeloop up` / `status` / `down`: a local AWS and Jira that outlive the command, on a free port.

The stack deploy (most of a minute) is the drill's path and tested there; these runs use --no-stack so the
background process, its state file, the export lines and the stop are tested in seconds.
"""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from generator.local.state import read_state
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def closeloop(*argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from generator.cli import entry; entry()", *argv]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture
def up(tmp_path: Path) -> Iterator[Path]:
    state = tmp_path / "state"
    started = closeloop("up", "--no-stack", "--port", str(free_port()), "--state", str(state), "--quiet")
    assert started.returncode == 0, started.stderr
    yield state
    closeloop("down", "--state", str(state))


def test_up_prints_exports_that_reach_the_emulator_and_jira(up: Path) -> None:
    state = read_state(up)
    assert state is not None
    shown = closeloop("up", "--state", str(up), "--quiet")  # a second up finds the first, starts nothing
    exports = dict(line.removeprefix("export ").split("=", 1) for line in shown.stdout.splitlines())
    assert exports["AWS_ENDPOINT_URL"] == state.endpoint and exports["CLOSELOOP_JIRA_URL"] == state.jira_url
    ssm = boto3.client(
        "ssm",
        endpoint_url=exports["AWS_ENDPOINT_URL"],
        region_name=exports["AWS_REGION"],
        aws_access_key_id=exports["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=exports["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"max_attempts": 1}),
    )
    assert ssm.describe_automation_executions()["AutomationExecutionMetadataList"] == []
    status = closeloop("status", "--state", str(up))
    assert status.returncode == 0 and state.endpoint in status.stdout


def test_down_stops_the_process_and_status_says_so(up: Path) -> None:
    state = read_state(up)
    assert state is not None
    assert closeloop("down", "--state", str(up)).returncode == 0
    assert read_state(up) is None
    with pytest.raises(ProcessLookupError):
        os.kill(state.pid, 0)
    assert closeloop("status", "--state", str(up)).returncode == 1


def test_commands_use_the_local_aws_by_default_while_it_is_up(tmp_path: Path) -> None:
    # In a folder where `closeloop up` runs (its state in ./.closeloop), with no AWS in the environment
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CLOSELOOP_"))}
    env |= {"AWS_CONFIG_FILE": str(tmp_path / "none"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")}

    def here(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from generator.cli import entry; entry()", *argv]
        return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)

    missing = "00000000-0000-0000-0000-000000000000"
    assert "no AWS" in here("evidence", "status", missing).stderr  # nothing is up: no credentials, no region
    assert here("up", "--no-stack", "--port", str(free_port()), "--quiet").returncode == 0
    try:
        answered = here("evidence", "status", missing)
        assert answered.returncode == 2 and f"no automation execution {missing}" in answered.stderr
    finally:
        here("down")
