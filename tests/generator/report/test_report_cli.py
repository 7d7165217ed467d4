"""`closeloop report` over incidents, timelines and outbox items in the emulator's table."""

import argparse
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from domain import table
from domain.action import ActionStatus
from domain.timeline import Kind, TimelineEvent
from domain.timeline_store import TimelineStore
from generator.cli import report
from generator.cli.actions import incident_context
from generator.postmortem.loader import read_file
from handlers.actions.outbox import DynamoOutbox, OutboxEntry
from handlers.enforcement import jira_writes
from handlers.enforcement.ledger import DynamoLedger
from handlers.enforcement.plan import escalation_once
from tests.conftest import FIXTURES
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, postmortem_file
from tests.handlers.enforcement.enforcement_world import make_world

CLASS = "deploy-regression"
# minutes from impact to detection, engagement, mitigation, recovery: the latest is faster
KINDS = (Kind.SYMPTOM, Kind.ALERT, Kind.HUMAN_ACTION, Kind.MITIGATION, Kind.RECOVERY)
INCIDENTS = {"INC-1": (10, 5, 30, 20), "INC-2": (20, 10, 40, 30), "INC-3": (6, 4, 20, 10)}


def seed(name: str) -> None:
    dynamodb = boto3.client("dynamodb")
    store, outbox = TimelineStore(dynamodb, name), DynamoOutbox(dynamodb, name)
    postmortem = read_file(postmortem_file(cloud=True)).postmortem
    for number, (incident_id, gaps) in enumerate(INCIDENTS.items()):
        started = datetime(2026, 9 + number, 1, 12, tzinfo=UTC)
        dynamodb.put_item(TableName=name, Item={
            table.PARTITION_KEY: {"S": table.incident_pk(incident_id)}, table.SORT_KEY: {"S": table.incident_sk()},
            table.CLASS_INDEX_PARTITION_KEY: {"S": table.class_pk(CLASS)},
            table.CLASS_INDEX_SORT_KEY: {"S": started.strftime("%Y-%m-%dT%H:%M:%SZ")},
            "incident_id": {"S": incident_id}, "incident_class": {"S": CLASS},
            "started_at": {"S": started.strftime("%Y-%m-%dT%H:%M:%SZ")},
        })  # fmt: skip
        moment = started
        for kind, gap in zip(KINDS, (0, *gaps), strict=True):
            moment += timedelta(minutes=gap)
            store.put(TimelineEvent(incident_id=incident_id, kind=kind, occurred_at=moment, recorded_at=moment,
                                    actor="tests", source="tests", text=f"{kind.value} of {incident_id}"))  # fmt: skip
        if incident_id == "INC-3":
            context = incident_context(postmortem).model_copy(update={"id": incident_id})
            first, *rest = postmortem.actions
            done = first.model_copy(update={"status": ActionStatus.DONE, "evidence": ["jira:OPS-2"]})
            for action in (done, *rest):
                outbox.save(OutboxEntry(incident=context, action=action))


def create_table(name: str) -> None:
    """The closeloop table with its class index, as generator/stack/table.py declares it."""
    keys = [table.PARTITION_KEY, table.SORT_KEY, table.CLASS_INDEX_PARTITION_KEY, table.CLASS_INDEX_SORT_KEY]
    boto3.client("dynamodb").create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"} for key in keys],
        KeySchema=[{"AttributeName": keys[0], "KeyType": "HASH"}, {"AttributeName": keys[1], "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{
            "IndexName": table.CLASS_INDEX,
            "KeySchema": [{"AttributeName": keys[2], "KeyType": "HASH"},
                          {"AttributeName": keys[3], "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
        BillingMode="PAY_PER_REQUEST",
    )  # fmt: skip


@pytest.fixture
def table_name(aws_env: str) -> str:
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    seed(name)
    return name


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    report.register(parser.add_subparsers())
    args = parser.parse_args(["report", *argv])
    status: int = args.run(args)
    return status


def test_json_report_compares_phases_with_the_class_median(table_name: str, tmp_path: Path) -> None:
    assert (
        run(
            "--table", table_name, "--class", CLASS, "--format", "json", "--out", str(tmp_path), "--today", "2027-06-01"
        )
        == 0
    )
    data = json.loads((tmp_path / "report.json").read_text())
    (found,) = data["classes"]
    assert [i["id"] for i in found["incidents"]] == ["INC-1", "INC-2", "INC-3"]
    assert found["medians_minutes"] == {"detect": 10.0, "engage": 5.0, "mitigate": 30.0, "recover": 20.0}
    assert found["incidents"][1]["against_median"] == {"detect": 2.0, "engage": 2.0, "mitigate": 1.33, "recover": 1.5}
    assert found["latest_faster_than_previous"] is True and found["repeats"] == 2
    postmortem = read_file(postmortem_file(cloud=True)).postmortem
    statuses = [ActionStatus.DONE] + [a.status for a in postmortem.actions[1:]]  # A1 was made done in seed()
    still_open = [a for a, status in zip(postmortem.actions, statuses, strict=True) if status is ActionStatus.OPEN]
    expected = {status.value: statuses.count(status) for status in ActionStatus}
    expected |= {"overdue": sum(1 for a in still_open if a.due < date(2027, 6, 1)), "without_owner": 0}
    assert found["actions"] == expected and expected["open"] >= 1 and expected["overdue"] >= 1
    assert sum(found["actions_by_owner"].values()) == len(still_open)
    assert (tmp_path / f"trend-{CLASS}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_markdown_report_and_an_unknown_class(
    table_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--table", table_name, "--out", str(tmp_path)) == 0
    text = (tmp_path / "report.md").read_text()
    assert f"## {CLASS}" in text and "| median | | 10.0 min | 5.0 min | 30.0 min | 20.0 min |" in text
    assert "Latest faster than the one before: yes." in text and f"trend-{CLASS}.png" in text
    assert run("--table", table_name, "--class", "nothing", "--out", str(tmp_path)) == 2
    assert "holds no incident of class 'nothing'" in capsys.readouterr().err


def test_owners_are_named_by_their_display_names(table_name: str, tmp_path: Path) -> None:
    accounts = str(FIXTURES / "postmortem" / "accounts.json")
    assert run("--table", table_name, "--out", str(tmp_path), "--accounts", accounts) == 0
    by_owner = next(line for line in (tmp_path / "report.md").read_text().splitlines() if line.startswith("By owner"))
    assert "Tomas Lindqvist: " in by_owner and "712020:" not in by_owner
    assert run("--table", table_name, "--out", str(tmp_path), "--accounts", accounts, "--format", "json") == 0
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["owner_names"][PEOPLE[1][2]] == "Tomas Lindqvist"


def test_with_jira_the_actions_count_as_their_issues_stand(
    table_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """INC-3's outbox says A1 done, A2 done, A3 open, A4 not doing; in Jira since: A1 was reopened, A3 lost
    its assignee, A4 was closed as not doing, first without and then with a reason and an approver; A2 has
    no issue (still queued), so the outbox's view of it stands."""
    world = make_world(cloud=True)
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"not_doing_approvers": [PEOPLE[2][2]]}))
    try:
        world.add_action("A1", incident="INC-3", assignee=0)
        world.add_action("A3", incident="INC-3", assignee=None, due=date(2027, 1, 15))
        a4 = world.add_action("A4", incident="INC-3", done=True, labels=("closeloop-not-doing",))
        for name, value in (("URL", world.jira.url), ("EMAIL", PEOPLE[0][1]), ("TOKEN", TOKEN), ("PROJECT", "OPS")):
            monkeypatch.setenv(f"CLOSELOOP_JIRA_{name}", value)

        def actions() -> dict[str, Any]:
            assert run("--table", table_name, "--format", "json", "--out", str(tmp_path), "--today", "2027-06-01",
                       "--jira", "--policy", str(policy)) == 0  # fmt: skip
            found: dict[str, Any] = json.loads((tmp_path / "report.json").read_text())["classes"][0]
            return found

        before = actions()
        assert before["actions"] == {"open": 3, "done": 1, "not_doing": 0, "overdue": 3, "without_owner": 1}
        assert before["actions_by_owner"] == {PEOPLE[0][2]: 2, "(none)": 1}  # A4, closed without a why, is open
        jira_writes.comment(world.api_as(1), a4, "Reason: the old gateway is retired in January.\nApprover: lead-7")
        assert actions()["actions"]["not_doing"] == 0  # anyone can type an approver's name: only theirs counts
        jira_writes.comment(world.api_as(2), a4, "Approver: Grace Okafor")
        after = actions()
        assert after["actions"] == {"open": 2, "done": 1, "not_doing": 1, "overdue": 2, "without_owner": 1}
    finally:
        world.jira.stop()


def test_without_jira_settings_the_jira_view_is_a_clear_error(
    table_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("URL", "EMAIL", "TOKEN", "PROJECT"):
        monkeypatch.delenv(f"CLOSELOOP_JIRA_{name}", raising=False)
    assert run("--table", table_name, "--out", str(tmp_path), "--jira") == 2
    assert "cannot read the actions from Jira" in capsys.readouterr().err


def test_an_incident_without_engagement_is_compared_like_with_like(table_name: str, tmp_path: Path) -> None:
    """INC-0 has no first human action: its detection-to-mitigation time is not a "mitigate" phase, so every
    incident of the class is measured as detect, engage+mitigate, recover."""
    dynamodb, started = boto3.client("dynamodb"), datetime(2026, 8, 1, 12, tzinfo=UTC)
    dynamodb.put_item(TableName=table_name, Item={
        table.PARTITION_KEY: {"S": table.incident_pk("INC-0")}, table.SORT_KEY: {"S": table.incident_sk()},
        table.CLASS_INDEX_PARTITION_KEY: {"S": table.class_pk(CLASS)},
        table.CLASS_INDEX_SORT_KEY: {"S": started.strftime("%Y-%m-%dT%H:%M:%SZ")},
        "incident_id": {"S": "INC-0"}, "incident_class": {"S": CLASS},
    })  # fmt: skip
    for kind, minute in ((Kind.SYMPTOM, 0), (Kind.ALERT, 12), (Kind.MITIGATION, 41), (Kind.RECOVERY, 58)):
        moment = started + timedelta(minutes=minute)
        TimelineStore(dynamodb, table_name).put(TimelineEvent(
            incident_id="INC-0", kind=kind, occurred_at=moment, recorded_at=moment, actor="t", source="t", text="t",
        ))  # fmt: skip
    assert run("--table", table_name, "--class", CLASS, "--format", "json", "--out", str(tmp_path)) == 0
    (found,) = json.loads((tmp_path / "report.json").read_text())["classes"]
    assert found["phases"] == ["detect", "engage+mitigate", "recover"]
    by_id = {row["id"]: row for row in found["incidents"]}
    assert by_id["INC-0"]["phases_minutes"] == {"detect": 12.0, "engage+mitigate": 29.0, "recover": 17.0}
    assert by_id["INC-0"]["missing_marks"] == ["first human action"]
    assert by_id["INC-2"]["phases_minutes"] == {"detect": 20.0, "engage+mitigate": 50.0, "recover": 30.0}
    assert found["latest_faster_than_previous"] is True  # INC-3 (6+24+10) against INC-2 (20+50+30)
    assert run("--table", table_name, "--class", CLASS, "--out", str(tmp_path)) == 0
    text = (tmp_path / "report.md").read_text()
    assert "| incident | started | detect | engage+mitigate | recover |" in text
    assert "INC-0 has no first human action mark" in text


def test_an_escalated_action_is_overdue_whatever_day_the_report_is_run(table_name: str, tmp_path: Path) -> None:
    dynamodb = boto3.client("dynamodb")
    [entry] = [e for e in DynamoOutbox(dynamodb, table_name).entries("INC-3") if e.action.status is ActionStatus.OPEN][
        :1
    ]
    entry.issue_key = "OPS-9"
    DynamoOutbox(dynamodb, table_name).save(entry)
    today = min(entry.action.due, date(2026, 12, 1)).isoformat()  # before the due date: not overdue by date

    def overdue() -> int:
        assert run("--table", table_name, "--class", CLASS, "--format", "json", "--out", str(tmp_path),
                   "--today", today) == 0  # fmt: skip
        return int(json.loads((tmp_path / "report.json").read_text())["classes"][0]["actions"]["overdue"])

    before = overdue()
    DynamoLedger(dynamodb, table_name).claim("OPS-9", escalation_once(entry.action.due))
    assert overdue() == before + 1


def test_an_incomplete_jira_configuration_costs_the_names_not_the_report(
    table_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("EMAIL", "TOKEN", "PROJECT"):
        monkeypatch.delenv(f"CLOSELOOP_JIRA_{name}", raising=False)
    monkeypatch.setenv("CLOSELOOP_JIRA_URL", "https://jira.example.com")
    assert run("--table", table_name, "--out", str(tmp_path)) == 0
    assert "By owner (open): 712020:" in (tmp_path / "report.md").read_text()  # nothing better is known
