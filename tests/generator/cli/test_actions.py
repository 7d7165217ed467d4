"""`closeloop actions push`: the command as a user runs it, against a local Jira named in the environment."""

import argparse
import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from generator.cli import actions
from generator.standins.jira import Fault, FaultKind
from handlers.actions.jira_api import JiraApi, RetryPolicy
from handlers.actions.lease import LEASE_SECONDS, DynamoLease, FileLease, held
from handlers.actions.outbox import DynamoOutbox, OutboxState
from tests.domain.closeloop_table import create_table
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, World, postmortem_file, world


def closeloop(argv: list[str]) -> int:
    """`closeloop actions ...` through the module's own parser registration."""
    top = argparse.ArgumentParser(prog="closeloop")
    actions.register(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(argv)
    status: int = args.run(args)
    return status


@pytest.fixture
def jira(monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    made = world(cloud=True)
    monkeypatch.setenv("CLOSELOOP_JIRA_URL", made.jira.url)
    monkeypatch.setenv("CLOSELOOP_JIRA_EMAIL", PEOPLE[0][1])
    monkeypatch.setenv("CLOSELOOP_JIRA_TOKEN", TOKEN)
    monkeypatch.setenv("CLOSELOOP_JIRA_PROJECT", "OPS")
    yield made
    made.jira.stop()


def test_push_then_push_again(jira: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outbox = tmp_path / "outbox.json"
    assert closeloop(["actions", "push", str(postmortem_file(True)), "--outbox", str(outbox)]) == 0
    first = capsys.readouterr()
    assert first.out.splitlines() == [f"INC-42 A{n}: OPS-{n + 1} created" for n in range(1, 5)]
    assert "4 action(s): 4 created, 0 updated, 0 unchanged, 0 queued" in first.err

    assert closeloop(["actions", "push", str(postmortem_file(True)), "--outbox", str(outbox), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"created": 0, "updated": 0, "unchanged": 4, "queued": 0}
    assert [a["key"] for a in report["actions"]] == ["OPS-2", "OPS-3", "OPS-4", "OPS-5"]
    assert len(jira.jira.issues()) == 5


def test_a_dry_run_writes_nothing(jira: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outbox = tmp_path / "outbox.json"
    status = closeloop(["actions", "push", str(postmortem_file(True)), "--outbox", str(outbox), "--dry-run"])
    assert status == 0
    assert "dry run: nothing written" in capsys.readouterr().err
    assert not outbox.exists() and len(jira.jira.issues()) == 1


def push_args(outbox: Path, wait: int, table: str | None = None) -> argparse.Namespace:
    """`actions push` of the valid postmortem as the CLI parses it, for calling run_push directly."""
    fields = {"file": postmortem_file(True), "dry_run": False, "format": "text", "outbox": outbox, "config": None}
    fields |= {"wait": wait, "region": None, "postmortem_url": None} | ({"table": table} if table else {})
    return argparse.Namespace(**fields)


def push_file(outbox: Path, *more: str) -> int:
    return closeloop(["actions", "push", str(postmortem_file(True)), "--outbox", str(outbox), *more])


def test_without_a_jira_url_nothing_is_written_and_the_variable_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("URL", "EMAIL", "TOKEN", "PROJECT"):
        monkeypatch.delenv(f"CLOSELOOP_JIRA_{name}", raising=False)
    outbox = tmp_path / "outbox.json"

    assert push_file(outbox) == 2

    err = capsys.readouterr().err
    assert err.startswith("error: environment: CLOSELOOP_JIRA_URL: not set;") and len(err.splitlines()) == 1
    assert not outbox.exists()


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("TOKEN", "not-the-token", "refuses the credentials of priya.raman@example.com (it answered 401)"),
        ("PROJECT", "NOPE", "project NOPE: Jira at http://127.0.0.1:"),
        ("ISSUE_TYPE", "Epic", "issue type 'Epic': project OPS has Task, Bug, Story"),
        ("LINK_TYPE", "Mentions", "link type 'Mentions': Jira at"),
    ],
)
def test_settings_jira_refuses_end_the_push_before_anything_is_written(
    jira: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    value: str,
    said: str,
) -> None:
    monkeypatch.setenv(f"CLOSELOOP_JIRA_{setting}", value)
    outbox = tmp_path / "outbox.json"

    assert push_file(outbox) == 2

    err = capsys.readouterr().err
    assert said in err and len(err.splitlines()) == 1, err
    assert not outbox.exists()
    assert len(jira.jira.issues()) == 1 and [r for r in jira.jira.requests if r.method != "GET"] == []


def test_a_missing_incident_ticket_is_named_before_any_create(
    jira: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with jira.jira.store.lock:
        del jira.jira.store.issues["OPS-1"]
    outbox = tmp_path / "outbox.json"

    assert push_file(outbox) == 2

    assert "incident ticket OPS-1: Jira at" in capsys.readouterr().err
    assert not outbox.exists() and jira.jira.issues() == []


def test_a_url_where_nothing_listens_is_named_at_once_without_backing_off(
    jira: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url, settings = jira.jira.url, jira.settings
    jira.jira.stop()
    args = push_args(tmp_path / "o.json", wait=0)
    connect = lambda: JiraApi.connect(settings, RetryPolicy(sleep=jira.sleep))  # noqa: E731

    assert actions.run_push(args, connect) == 2

    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot connect to Jira at {url}:") and "Connection refused" in err
    assert jira.slept == []  # said at once: nothing waited
    assert not (tmp_path / "o.json").exists()


def test_a_jira_that_cannot_answer_now_is_not_a_verdict_the_actions_are_queued(
    jira: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.jira.faults.add(Fault(FaultKind.SERVER_ERROR, "GET", r"/myself$", status=500, times=40))
    outbox = tmp_path / "outbox.json"
    args = push_args(outbox, wait=0)

    assert actions.run_push(args, jira.connect(attempts=2)) == 1

    assert "cannot reach Jira: check the credentials: Jira answered 500" in capsys.readouterr().out
    assert {e["state"] for e in json.loads(outbox.read_text())["entries"].values()} == {"queued"}


def test_settings_from_a_config_file(jira: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLOSELOOP_JIRA_URL")
    config = tmp_path / "jira.toml"
    config.write_text(f'url = "{jira.jira.url}"\nemail = "{PEOPLE[0][1]}"\ntoken = "{TOKEN}"\nproject = "OPS"\n')
    outbox = tmp_path / "o.json"
    assert (
        closeloop(["actions", "push", str(postmortem_file(True)), "--outbox", str(outbox), "--config", str(config)])
        == 0
    )
    assert len(jira.jira.issues()) == 5


def test_a_broken_postmortem_is_reported_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "postmortem.yaml"
    text = postmortem_file(True).read_text().replace('    due: "2026-12-18"', '    due: "next week"')
    broken.write_text(text)

    assert closeloop(["actions", "push", str(broken), "--outbox", str(tmp_path / "o.json")]) == 2

    error = capsys.readouterr().err
    line = text.splitlines().index('    due: "next week"') + 1
    assert f"{broken}:{line}: error PE142 actions[0].due" in error
    assert not (tmp_path / "o.json").exists()


def test_a_postmortem_the_check_refuses_is_not_pushed_and_each_problem_is_one_line(
    jira: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue-13 case: an action id used twice, and an owner Jira does not know."""
    text = postmortem_file(True).read_text()
    refused = tmp_path / "postmortem.yaml"
    refused.write_text(text.replace("  - id: A2\n", "  - id: A1\n").replace(PEOPLE[2][2], "712020:no-such-person"))
    requests_before = len(jira.jira.requests)

    assert closeloop(["actions", "push", str(refused), "--outbox", str(tmp_path / "o.json")]) == 2

    lines = capsys.readouterr().err.splitlines()
    errors = [line for line in lines if ": error " in line]
    assert any(
        f"{refused}:" in line and "PE146 actions[1].id: id 'A1' is already used by actions[0]" in line
        for line in errors
    )
    assert any(
        "PE140 actions[1].owner: the owner '712020:no-such-person' is not a Jira account" in line for line in errors
    )
    assert lines[-1] == f"{refused}: {len(errors)} error(s): nothing pushed; fix them and push again"
    assert not (tmp_path / "o.json").exists() and len(jira.jira.issues()) == 1  # only the incident ticket
    assert {r.method for r in jira.jira.requests[requests_before:]} == {"GET"}  # the owners were looked up, no more


def test_two_overlapping_pushes_make_one_issue_per_action_the_second_says_why_it_stood_back(
    jira: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outbox = tmp_path / "outbox.json"
    args = push_args(outbox, wait=30)
    barrier = jira.jira.faults.add(Fault(FaultKind.HOLD, "POST", r"/issue/bulk$"))
    first: list[int] = []
    running = threading.Thread(target=lambda: first.append(actions.run_push(args, jira.connect())))
    running.start()
    try:
        assert barrier.arrived.wait(10)  # the first push holds the lease and waits inside its create

        second = actions.run_push(argparse.Namespace(**{**vars(args), "wait": 0}), jira.connect())
    finally:
        barrier.gate.set()
        running.join(10)

    assert second == 1 and first == [0]
    err = capsys.readouterr().err
    assert "error: another push of INC-42 is running (closeloop actions push (process" in err
    assert jira.jira.count("POST", r"/issue/bulk$") == 1 and len(jira.jira.issues()) == 5

    waiter = jira.jira.faults.add(Fault(FaultKind.HOLD, "GET", r"/search/jql$"))
    later = threading.Thread(target=lambda: first.append(actions.run_push(args, jira.connect())))
    later.start()
    assert waiter.arrived.wait(10)

    def opened(seconds: float) -> None:  # the time the waiter sleeps: the first push ends meanwhile
        waiter.gate.set()
        later.join(10)

    with held(FileLease(actions.lease_folder(outbox)), "INC-42", wait=5, sleep=opened):
        assert not later.is_alive()  # the lease came only once the first push had ended
    assert first == [0, 0] and len(jira.jira.issues()) == 5


def test_with_the_stacks_table_a_cli_push_and_the_lambda_push_one_at_a_time(
    jira: World, aws_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    dynamodb = boto3.client("dynamodb")
    function = DynamoLease(dynamodb, name, "the actions function (0f8fad5b)", LEASE_SECONDS)
    assert function.take("INC-42") is None  # the Lambda is pushing this incident
    args = push_args(tmp_path / "o.json", wait=0, table=name)

    assert actions.run_push(args, jira.connect()) == 1

    assert "another push of INC-42 is running (the actions function (0f8fad5b), since" in capsys.readouterr().err
    assert DynamoOutbox(dynamodb, name).entries("INC-42") == [] and len(jira.jira.issues()) == 1
    function.give_back("INC-42")
    assert actions.run_push(args, jira.connect()) == 0
    assert {e.state for e in DynamoOutbox(dynamodb, name).entries("INC-42")} == {OutboxState.PUSHED}
    assert len(jira.jira.issues()) == 5 and not (tmp_path / "o.json").exists()
