"""`closeloop actions enforce` end to end: the CLI against the local Jira, the ledger and outbox files."""

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from generator.cli import main
from generator.cli.actions import incident_context
from generator.postmortem.loader import read_file
from handlers.actions.outbox import JsonFileOutbox, OutboxEntry
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, postmortem_file
from tests.handlers.enforcement.enforcement_world import TODAY, EnforcementWorld, make_world


@pytest.fixture
def cloud_world(aws_env: str) -> Iterator[EnforcementWorld]:
    made = make_world(cloud=True)
    yield made
    made.jira.stop()


@pytest.fixture
def files(cloud_world: EnforcementWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in {"URL": cloud_world.jira.url, "EMAIL": PEOPLE[0][1], "TOKEN": TOKEN, "PROJECT": "OPS"}.items():
        monkeypatch.setenv(f"CLOSELOOP_JIRA_{name}", value)
    (tmp_path / "ownership.json").write_text(cloud_world.ownership.model_dump_json())
    postmortem = read_file(postmortem_file(cloud=True)).postmortem
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    for action in postmortem.actions:
        outbox.save(OutboxEntry(incident=incident_context(postmortem), action=action))
    return tmp_path


def arguments(folder: Path, *extra: str) -> list[str]:
    paths = ["--ownership", str(folder / "ownership.json"), "--outbox", str(folder / "outbox.json")]
    paths += ["--ledger", str(folder / "reminders.json")]
    return ["actions", "enforce", *paths, "--now", TODAY.isoformat(), "--format", "json", *extra]


def test_dry_run_then_run_then_rerun(
    cloud_world: EnforcementWorld, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = cloud_world.add_action("A1", assignee=None, due=TODAY + timedelta(days=7))
    assert main(arguments(files, "--dry-run")) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["dry_run"] and planned["counts"] == {"assign:would do": 1, "remind:would do": 1}
    assert cloud_world.jira.issue_fields(key)["assignee"] is None and not (files / "reminders.json").exists()
    assert main(arguments(files)) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == {"assign:done": 1, "remind:done": 1}
    assert main(arguments(files)) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == {"remind:sent before": 1}
    assert cloud_world.jira.issue_fields(key)["assignee"] == PEOPLE[1][2]
    assert len(cloud_world.messages()) == 1


def test_a_bad_ownership_file_exits_2_naming_the_field(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "ownership.json").write_text('{"services": {"checkout": {"owner": "x"}}}')
    assert main(arguments(files)) == 2
    assert "ownership.json: services.checkout.escalation: Field required" in capsys.readouterr().err
