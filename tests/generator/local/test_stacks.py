"""Stacks side by side in the local AWS: each prefix its stack name, and the export lines of the one asked for."""

from pathlib import Path

import pytest

from generator.local.stacks import stack_name
from generator.local.state import LocalStack, LocalState, read_state, write_state

FIRST = LocalStack("Closeloop-", "closeloop", "closeloop-Table-A", "closeloop-evidencebucket-a")
SECOND = LocalStack("Team2-", "closeloop-team2", "closeloop-team2-Table-B", "closeloop-team2-evidencebucket-b")


def test_each_prefix_names_its_own_stack_as_deploy_sh_suggests() -> None:
    assert stack_name("Closeloop-") == "closeloop"
    assert stack_name("Team2-") == "closeloop-team2"
    assert stack_name("Ops.Blue_") == "closeloop-ops-blue"


def state(*stacks: LocalStack) -> LocalState:
    return LocalState(1, "http://127.0.0.1:4566", "us-east-1", "http://127.0.0.1:9", "a@b.c", "t", "OPS", stacks)


def exports(lines: list[str]) -> dict[str, str]:
    return dict(line.removeprefix("export ").split("=", 1) for line in lines)


def test_the_export_lines_name_the_asked_prefixs_table_bucket_and_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLOSELOOP_DOCUMENT_PREFIX", raising=False)
    both = state(FIRST, SECOND)
    team2 = exports(both.exports("Team2-"))
    assert team2["CLOSELOOP_TABLE"] == SECOND.table and team2["CLOSELOOP_BUCKET"] == SECOND.bucket
    assert team2["CLOSELOOP_DOCUMENT_PREFIX"] == "Team2-"
    assert exports(both.exports())["CLOSELOOP_TABLE"] == FIRST.table  # the default prefix's
    monkeypatch.setenv("CLOSELOOP_DOCUMENT_PREFIX", "Team2-")  # a shell pointed at Team2- stays there
    assert exports(both.exports())["CLOSELOOP_TABLE"] == SECOND.table
    nothing = exports(state().exports("Team2-"))  # no such stack: the AWS and Jira lines only
    assert "CLOSELOOP_TABLE" not in nothing and nothing["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4566"


def test_the_state_file_keeps_every_stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.local.state.alive", lambda pid: True)
    write_state(tmp_path, state(FIRST, SECOND))
    assert read_state(tmp_path) == state(FIRST, SECOND)
