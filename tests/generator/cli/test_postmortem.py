"""`closeloop postmortem check`: exit codes, text and JSON output, accounts from a Jira export."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.standins.jira import JiraStandin
from tests.generator.postmortem.conftest import COMPLETE, POSTMORTEM_FIXTURES
from tests.generator.postmortem.run import run_postmortem
from tests.handlers.actions.jira_world import PEOPLE, TOKEN

ACCOUNTS = POSTMORTEM_FIXTURES / "accounts.json"


def test_a_complete_postmortem_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_postmortem(["check", str(COMPLETE), "--accounts", str(ACCOUNTS)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 error(s), 0 other finding(s)" in captured.err


def test_without_jira_owners_are_unverified_warnings_not_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLOSELOOP_JIRA_URL", raising=False)
    assert run_postmortem(["check", str(COMPLETE)]) == 0
    assert "complete.yaml:87: warning PW141 actions[0].owner: the owner" in capsys.readouterr().out


def test_errors_name_file_line_field_and_rule(capsys: pytest.CaptureFixture[str]) -> None:
    bad = POSTMORTEM_FIXTURES / "action_title" / "bad.yaml"
    assert run_postmortem(["check", str(bad), "--accounts", str(ACCOUNTS)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:85: error PE144 actions[0].title: 'Investigate' is not an action" in out


def test_json_output_is_a_list_of_findings(capsys: pytest.CaptureFixture[str]) -> None:
    bad = POSTMORTEM_FIXTURES / "action_schedule" / "bad.yaml"
    assert run_postmortem(["check", str(bad), "--format", "json", "--accounts", str(ACCOUNTS)]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["line"], f["path"], f["severity"]) for f in findings] == [
        ("PE142", 88, "actions[0].due", "error"),
        ("PE142", 105, "actions[2].due", "error"),
    ]


def test_unusable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_postmortem(["check", str(POSTMORTEM_FIXTURES / "unreadable_file" / "bad.yaml")]) == 2
    assert run_postmortem(["check", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read the file" in capsys.readouterr().out


def test_accounts_from_a_jira_user_search_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = [
        {"accountId": a["key"], "displayName": a["display_name"], "active": a.get("active", True)}
        for a in json.loads(ACCOUNTS.read_text())
        if a["display_name"] != "Grace Okafor"
    ]
    accounts = tmp_path / "users.json"
    accounts.write_text(json.dumps(exported))
    assert run_postmortem(["check", str(COMPLETE), "--accounts", str(accounts)]) == 1
    assert "PE140 actions[1].owner: the owner '712020:99aa88bb" in capsys.readouterr().out


def test_a_malformed_accounts_file_is_refused_with_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    accounts = tmp_path / "users.json"
    accounts.write_text(json.dumps([{"displayName": "No Id"}]))
    assert run_postmortem(["check", str(COMPLETE), "--accounts", str(accounts)]) == 2
    assert "users.json: [0]: not a Jira user" in capsys.readouterr().err


def test_render_writes_markdown_and_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_postmortem(["render", str(COMPLETE), "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["complete-timeline.png", "complete.md"]
    assert f"wrote {tmp_path / 'complete.md'}" in capsys.readouterr().out


def test_render_names_people_from_an_accounts_file(tmp_path: Path) -> None:
    accounts = str(COMPLETE.parent / "accounts.json")
    assert run_postmortem(["render", str(COMPLETE), "--out", str(tmp_path), "--accounts", accounts]) == 0
    text = (tmp_path / f"{COMPLETE.stem}.md").read_text()
    assert "| Priya Raman |" in text and "Grace Okafor" in text and "712020:" not in text


def test_render_refuses_an_unreadable_postmortem_with_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = POSTMORTEM_FIXTURES / "action_type" / "bad.yaml"
    assert run_postmortem(["render", str(bad), "--out", str(tmp_path)]) == 2
    assert f"{bad}:103: actions[2].type: input should be 'alert_threshold'" in capsys.readouterr().err


@pytest.fixture
def jira_without_grace(monkeypatch: pytest.MonkeyPatch) -> Iterator[JiraStandin]:
    """A Cloud Jira that knows two of the complete postmortem's three people, configured as the CLI's Jira."""
    jira = JiraStandin(cloud=True).start()
    for display, email, account_id, name in PEOPLE[:2]:
        jira.add_user(display, email, account_id=account_id, name=name, token=TOKEN)
    for variable, value in (("URL", jira.url), ("EMAIL", PEOPLE[0][1]), ("TOKEN", TOKEN), ("PROJECT", "OPS")):
        monkeypatch.setenv(f"CLOSELOOP_JIRA_{variable}", value)
    yield jira
    jira.stop()


def test_owners_are_checked_against_jira_itself(
    jira_without_grace: JiraStandin, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_postmortem(["check", str(COMPLETE)]) == 1
    out = capsys.readouterr().out
    grace = PEOPLE[2][2]
    assert f"complete.yaml:94: error PE140 actions[1].owner: the owner '{grace}' is not a Jira account" in out
    assert "PW141" not in out  # Jira answered, so no owner is left unverified
    # Each account is asked once per run, however many actions it owns.
    assert (
        jira_without_grace.count("GET", "/rest/api/3/user") + jira_without_grace.count("GET", "/rest/api/2/user") <= 3
    )


def test_render_names_aws_accounts_from_the_ownership_map(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(COMPLETE.read_text())
    for n, event in enumerate(data["timeline"]):
        event["account"], event["region"] = ("444455556666", "eu-west-1") if n == 0 else ("123456789012", "us-east-1")
    spread = tmp_path / "spread.yaml"
    spread.write_text(yaml.safe_dump(data))
    ownership = tmp_path / "ownership.json"
    ownership.write_text(json.dumps({"services": {}, "accounts": {"444455556666": "payments-prod"}}))
    assert run_postmortem(["render", str(spread), "--out", str(tmp_path), "--ownership", str(ownership)]) == 0
    assert "| payments-prod \\(444455556666\\), eu-west-1 |" in (tmp_path / "spread.md").read_text()


def test_render_refuses_an_ownership_map_with_a_bad_account(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ownership = tmp_path / "ownership.json"
    ownership.write_text(json.dumps({"services": {}, "accounts": {"payments": "x"}}))
    assert run_postmortem(["render", str(COMPLETE), "--out", str(tmp_path), "--ownership", str(ownership)]) == 2
    assert "not an AWS account id" in capsys.readouterr().err
