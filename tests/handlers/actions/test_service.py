"""The push service with the real `jira` client over HTTP against the local Jira, Cloud and Data Center."""

import re
import time
from pathlib import Path
from typing import Any

import pytest
from jira import JIRA
from pydantic import SecretStr

from domain.action import Action, ActionStatus
from domain.postmortem import EvidenceLink
from generator.cli.actions import incident_context
from generator.standins.jira import Fault, FaultKind
from handlers.actions.issue_content import adf_description, plain_description, plain_text
from handlers.actions.jira_api import JiraApi, RetryPolicy
from handlers.actions.outbox import JsonFileOutbox, OutboxState
from handlers.actions.report import Outcome
from handlers.actions.service import DuplicateActionIds, enqueue, push
from tests.handlers.actions.jira_world import NO_WAIT_CONFIRM, RETRY_INTERVAL, TOKEN, World, world


def push_once(world: World, outbox: JsonFileOutbox, attempts: int = 5) -> Any:
    entries = enqueue(outbox, world.incident, world.postmortem.actions)
    return push(entries, outbox, world.connect(attempts), world.confirm)


def action_issues(world: World) -> dict[str, list[str]]:
    """Issue keys by closeloop label: exactly one each is the point."""
    found: dict[str, list[str]] = {}
    for issue in world.jira.issues():
        for label in issue.fields.get("labels", []):
            if label.startswith("closeloop:"):
                found.setdefault(label, []).append(issue.key)
    return found


def reader(world: World) -> JIRA:
    login = world.settings.email or ""
    options: dict[str, Any] = {"rest_api_version": "3" if world.cloud else "2"}
    return JIRA(world.jira.url, basic_auth=(login, TOKEN), max_retries=0, options=options)


def test_a_push_creates_one_issue_per_action_with_every_field_right(jira_world: World, tmp_path: Path) -> None:
    report = push_once(jira_world, JsonFileOutbox(tmp_path / "outbox.json"))

    assert [r.outcome for r in report.results] == [Outcome.CREATED] * 4
    assert {label: len(keys) for label, keys in action_issues(jira_world).items()} == {
        f"closeloop:INC-42:A{n}": 1 for n in range(1, 5)
    }
    client = reader(jira_world)
    by_action = {r.action_id: r.key for r in report.results}
    for action in jira_world.postmortem.actions:
        key = by_action[action.id]
        assert key is not None
        fields = client.issue(key).raw["fields"]
        assert fields["summary"] == action.title
        expected = (adf_description if jira_world.cloud else plain_description)(jira_world.incident, action)
        assert fields["description"] == expected
        description = str(fields["description"])
        assert action.done_condition in description
        assert "INC-42" in description
        console = "https://console.aws.amazon.com/s3/object/closeloop-evidence-123456789012?prefix=incidents/INC-42"
        assert f"{console}/evidence/manifest.json" in description  # opens in a browser, unlike s3://
        identity = "accountId" if jira_world.cloud else "name"
        assert fields["assignee"][identity] == action.owner
        assert fields["duedate"] == action.due.isoformat()
        assert fields["priority"]["name"] == action.priority.jira_name
        not_doing = {"closeloop-not-doing"} if action.status == ActionStatus.NOT_DOING else set()
        assert (
            set(fields["labels"])
            == {"closeloop", f"closeloop:INC-42:{action.id}", "incident-class:bad-deploy"} | not_doing
        )
        resolved = action.status != ActionStatus.OPEN
        assert fields["status"]["statusCategory"]["key"] == ("done" if resolved else "new")
        assert (fields["resolution"] or {}).get("name") == ("Done" if resolved else None)
        assert fields["project"]["key"] == "OPS"
        assert fields["issuetype"]["name"] == "Task"
        linked = [link.get("outwardIssue", link.get("inwardIssue"))["key"] for link in fields["issuelinks"]]
        assert linked == ["OPS-1"]
        remote = client.remote_links(key)
        assert [(r.globalId, r.object.url) for r in remote] == [
            ("closeloop:incident:INC-42", "https://closeloop.example.com/incidents/INC-42")
        ]


def test_a_second_push_creates_nothing_and_writes_nothing(jira_world: World, tmp_path: Path) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    push_once(jira_world, outbox)
    before = len(jira_world.jira.requests)

    report = push_once(jira_world, outbox)

    assert [r.outcome for r in report.results] == [Outcome.UNCHANGED] * 4
    assert len(jira_world.jira.issues()) == 5  # the ticket and four actions
    writes = [r for r in jira_world.jira.requests[before:] if r.method in ("POST", "PUT", "DELETE")]
    assert writes == []
    assert all(e.state == OutboxState.PUSHED for e in outbox.entries("INC-42"))


def test_a_changed_action_updates_its_issue_in_place(jira_world: World, tmp_path: Path) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    first = push_once(jira_world, outbox)
    actions = list(jira_world.postmortem.actions)
    actions[0] = actions[0].model_copy(update={"title": "Add an automatic rollback on 5xx rate", "due": actions[0].due})
    jira_world.postmortem = jira_world.postmortem.model_copy(update={"actions": actions})

    report = push_once(jira_world, outbox)

    assert [r.outcome for r in report.results] == [Outcome.UPDATED] + [Outcome.UNCHANGED] * 3
    assert report.results[0].key == first.results[0].key
    key = report.results[0].key
    assert key is not None
    assert jira_world.jira.issue_fields(key)["summary"] == "Add an automatic rollback on 5xx rate"
    assert len(jira_world.jira.issues()) == 5


def test_a_ticket_added_later_is_linked_once(cloud_world: World, tmp_path: Path) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    incident = cloud_world.postmortem.incident
    cloud_world.postmortem.incident = incident.model_copy(update={"ticket": None})
    push_once(cloud_world, outbox)
    assert cloud_world.jira.store.issue_links == []

    cloud_world.postmortem.incident = incident
    push_once(cloud_world, outbox)
    push_once(cloud_world, outbox)

    links = cloud_world.jira.store.issue_links
    assert sorted((link.inward_key, link.outward_key) for link in links) == [(f"OPS-{n}", "OPS-1") for n in range(2, 6)]


def test_a_label_a_person_removed_is_put_back_not_duplicated(cloud_world: World, tmp_path: Path) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    first = push_once(cloud_world, outbox)
    key = first.results[1].key
    assert key is not None
    cloud_world.jira.store.issues[key].fields["labels"] = []

    report = push_once(cloud_world, outbox)

    assert report.results[1].outcome == Outcome.UPDATED and report.results[1].key == key
    assert "closeloop:INC-42:A2" in cloud_world.jira.issue_fields(key)["labels"]
    assert len(cloud_world.jira.issues()) == 5


def test_faults_end_with_exactly_one_issue_per_action_and_nothing_lost(jira_world: World, tmp_path: Path) -> None:
    faults = jira_world.jira.faults
    faults.add(Fault(FaultKind.RATE_LIMIT, method="GET", path="/search", retry_after="2"))
    faults.add(Fault(FaultKind.DROP_AFTER_APPLY, method="POST", path="/issue/bulk$"))
    faults.add(Fault(FaultKind.SERVER_ERROR, method="GET", path="/search"))
    faults.add(Fault(FaultKind.RATE_LIMIT, method="POST", path="/issueLink$", retry_after="date+3"))
    faults.add(Fault(FaultKind.SERVER_ERROR, method="POST", path="/remotelink$", status=502))

    report = push_once(jira_world, JsonFileOutbox(tmp_path / "outbox.json"))

    assert faults.pending() == []  # every fault fired
    assert [r.outcome for r in report.results] == [Outcome.CREATED] * 4
    assert {label: len(keys) for label, keys in action_issues(jira_world).items()} == {
        f"closeloop:INC-42:A{n}": 1 for n in range(1, 5)
    }
    assert jira_world.slept[0] == 2.0  # Retry-After in seconds, honoured as given
    assert 0 < jira_world.slept[1] <= 3.0  # Retry-After as an HTTP date: the client alone would crash on it
    assert jira_world.jira.count("POST", "/issue/bulk$") == 1  # the dropped create was found, not sent again


def test_a_create_lost_on_the_wire_is_not_recreated_while_search_lags(cloud_world: World, tmp_path: Path) -> None:
    cloud_world.jira.set_search_delay(0.4)  # the index lags writes by less than the confirming searches span
    cloud_world.jira.faults.add(Fault(FaultKind.DROP_AFTER_APPLY, method="POST", path="/issue/bulk$"))

    report = push_once(cloud_world, JsonFileOutbox(tmp_path / "outbox.json"))

    assert [r.outcome for r in report.results] == [Outcome.CREATED] * 4
    assert len(cloud_world.jira.issues()) == 5
    assert cloud_world.jira.count("POST", "/issue/bulk$") == 1
    assert cloud_world.slept == [NO_WAIT_CONFIRM.delay] * 2  # found by the third search, on the run's clock


def test_a_create_that_times_out_is_never_sent_twice(cloud_world: World, tmp_path: Path) -> None:
    """Jira still working on a create when the client gives up: the issue lands later, once."""
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    settings = cloud_world.settings.model_copy(update={"timeout": 0.3})
    connect = lambda: JiraApi.connect(settings, RetryPolicy(sleep=cloud_world.slept.append))  # noqa: E731
    cloud_world.jira.faults.add(Fault(FaultKind.SLOW, method="POST", path="/issue/bulk$", delay=1.0))
    entries = enqueue(outbox, cloud_world.incident, cloud_world.postmortem.actions)

    first = push(entries, outbox, connect, NO_WAIT_CONFIRM)

    assert [r.outcome for r in first.results] == [Outcome.QUEUED] * 4
    assert all("may have been applied" in (r.reason or "") for r in first.results)
    assert {e.state for e in outbox.entries("INC-42")} == {OutboxState.IN_DOUBT}
    time.sleep(1.2)  # the slow create lands
    assert len(cloud_world.jira.issues()) == 5

    second = push(enqueue(outbox, cloud_world.incident, cloud_world.postmortem.actions), outbox, connect)

    assert [r.outcome for r in second.results] == [Outcome.CREATED] * 4
    assert cloud_world.jira.count("POST", "/issue/bulk$") == 1
    assert len(cloud_world.jira.issues()) == 5
    assert len(cloud_world.jira.store.issue_links) == 4  # linked by the push that found them


def test_a_server_error_on_create_is_retried_by_the_next_push(jira_world: World, tmp_path: Path) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    jira_world.jira.faults.add(Fault(FaultKind.SERVER_ERROR, method="POST", path="/issue/bulk$"))

    first = push_once(jira_world, outbox)

    assert [r.outcome for r in first.results] == [Outcome.QUEUED] * 4
    assert len(jira_world.jira.issues()) == 1
    soon = push_once(jira_world, outbox)  # a 500 may have applied: not sent again while the index may lag
    assert [r.outcome for r in soon.results] == [Outcome.QUEUED] * 4
    assert all("not created again before 2026-12-01 09:10:" in (r.reason or "") for r in soon.results)
    jira_world.clock.sleep(RETRY_INTERVAL)
    second = push_once(jira_world, outbox)
    assert [r.outcome for r in second.results] == [Outcome.CREATED] * 4
    assert {label: len(keys) for label, keys in action_issues(jira_world).items()} == {
        f"closeloop:INC-42:A{n}": 1 for n in range(1, 5)
    }


def test_a_push_that_keeps_failing_leaves_every_action_queued_with_the_reason(
    jira_world: World, tmp_path: Path
) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    jira_world.jira.faults.add(
        Fault(FaultKind.RATE_LIMIT, method="POST", path="/issue/bulk$", retry_after="1", times=9)
    )

    report = push_once(jira_world, outbox, attempts=3)

    assert [r.outcome for r in report.results] == [Outcome.QUEUED] * 4
    assert all("rate limited" in (r.reason or "") for r in report.results)
    entries = outbox.entries("INC-42")
    assert [e.state for e in entries] == [OutboxState.QUEUED] * 4
    assert all("rate limited" in (e.reason or "") for e in entries)
    assert len(jira_world.jira.issues()) == 1

    jira_world.jira.faults.clear()
    retried = push_once(jira_world, outbox)

    assert [r.outcome for r in retried.results] == [Outcome.CREATED] * 4
    assert [e.state for e in outbox.entries("INC-42")] == [OutboxState.PUSHED] * 4


def test_an_unreachable_jira_queues_everything(jira_world: World, tmp_path: Path) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    settings = jira_world.settings
    jira_world.jira.stop()
    connect = lambda: JiraApi.connect(settings, RetryPolicy(attempts=2, sleep=jira_world.slept.append))  # noqa: E731

    report = push(enqueue(outbox, jira_world.incident, jira_world.postmortem.actions), outbox, connect)

    assert [r.outcome for r in report.results] == [Outcome.QUEUED] * 4
    assert all(f"cannot connect to Jira at {settings.base_url}" in (r.reason or "") for r in report.results)
    assert jira_world.slept == []  # nothing listens there: no backing off
    assert len(outbox.pending()) == 4


def test_an_action_jira_refuses_stays_queued_and_the_others_go_through(jira_world: World, tmp_path: Path) -> None:
    actions: list[Action] = list(jira_world.postmortem.actions)
    actions[2] = actions[2].model_copy(update={"owner": "nobody-at-all"})
    jira_world.postmortem = jira_world.postmortem.model_copy(update={"actions": actions})
    outbox = JsonFileOutbox(tmp_path / "outbox.json")

    report = push_once(jira_world, outbox)

    assert [r.outcome for r in report.results] == [Outcome.CREATED, Outcome.CREATED, Outcome.QUEUED, Outcome.CREATED]
    assert "assignee" in (report.results[2].reason or "")
    assert [e.action.id for e in outbox.pending()] == ["A3"]


def test_a_project_that_does_not_exist_is_named_in_every_queued_reason(cloud_world: World, tmp_path: Path) -> None:
    settings = cloud_world.settings.model_copy(update={"project": "NOPE"})
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    connect = lambda: JiraApi.connect(settings, RetryPolicy(sleep=cloud_world.slept.append))  # noqa: E731

    report = push(enqueue(outbox, cloud_world.incident, cloud_world.postmortem.actions), outbox, connect)

    assert {r.outcome for r in report.results} == {Outcome.QUEUED}
    assert all("project NOPE: Jira at" in (r.reason or "") for r in report.results)
    assert [r for r in cloud_world.jira.requests if r.method != "GET"] == []  # checked before any create


def test_a_dry_run_reads_jira_and_writes_nothing(jira_world: World, tmp_path: Path) -> None:
    entries = enqueue(None, jira_world.incident, jira_world.postmortem.actions)

    report = push(entries, None, jira_world.connect(), NO_WAIT_CONFIRM)

    assert report.dry_run
    assert [r.outcome for r in report.results] == [Outcome.CREATED] * 4
    assert len(jira_world.jira.issues()) == 1
    assert [r for r in jira_world.jira.requests if r.method != "GET"] == []


def test_data_center_takes_a_personal_access_token(tmp_path: Path) -> None:
    made = world(cloud=False)
    try:
        settings = made.settings.model_copy(update={"email": None})  # bearer auth with the token alone
        connect = lambda: JiraApi.connect(settings, RetryPolicy(sleep=made.slept.append))  # noqa: E731
        outbox = JsonFileOutbox(tmp_path / "outbox.json")
        report = push(enqueue(outbox, made.incident, made.postmortem.actions), outbox, connect)
        assert [r.outcome for r in report.results] == [Outcome.CREATED] * 4
        wrong = settings.model_copy(update={"token": SecretStr("not-the-token")})
        refused = push(enqueue(None, made.incident, made.postmortem.actions), None, lambda: JiraApi.connect(wrong))
        assert all("401" in (r.reason or "") for r in refused.results)
    finally:
        made.jira.stop()


def test_two_actions_with_one_id_never_reach_jira_whoever_calls_the_service(jira_world: World, tmp_path: Path) -> None:
    """The guard is in the service, not only in the CLI's check: the drill and the Lambda call it directly."""
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    first, second = jira_world.postmortem.actions[:2]
    twins = [first, second.model_copy(update={"id": first.id})]
    with pytest.raises(DuplicateActionIds, match="INC-42 A1 \\(2 times\\); nothing was pushed"):
        enqueue(outbox, jira_world.incident, twins)
    assert outbox.entries("INC-42") == []

    entries = enqueue(None, jira_world.incident, [first]) + enqueue(None, jira_world.incident, [twins[1]])
    requests_before = len(jira_world.jira.requests)
    with pytest.raises(DuplicateActionIds):
        push(entries, outbox, jira_world.connect(), jira_world.confirm)
    assert len(jira_world.jira.requests) == requests_before and len(jira_world.jira.issues()) == 1


def test_actions_of_an_incident_whose_ticket_is_gone_wait_and_nothing_is_created(
    cloud_world: World, tmp_path: Path
) -> None:
    with cloud_world.jira.store.lock:
        del cloud_world.jira.store.issues["OPS-1"]
    outbox = JsonFileOutbox(tmp_path / "outbox.json")

    report = push_once(cloud_world, outbox)

    assert [r.outcome for r in report.results] == [Outcome.QUEUED] * 4
    assert all((r.reason or "").startswith("incident ticket OPS-1: Jira at") for r in report.results)
    assert cloud_world.jira.issues() == [] and cloud_world.jira.count("POST") == 0


def test_a_ticket_links_the_postmortem_and_a_handful_of_evidence_that_open_in_a_browser(
    jira_world: World, tmp_path: Path
) -> None:
    bucket = "s3://closeloop-evidence-123456789012/incidents/INC-42/evidence"
    kinds = ["alarms/definitions", "alarms/state-changes", "deployments/markers", "logs/errors", "logs/sample",
             "manual_actions/automations", "manual_actions/cloudtrail", "metrics/series",
             "traces/summaries"]  # fmt: skip
    evidence = [EvidenceLink(title="Evidence manifest", url=f"{bucket}/manifest.json")]
    evidence += [EvidenceLink(title=kind, url=f"{bucket}/{kind}.ndjson.gz") for kind in kinds]
    postmortem = jira_world.postmortem.model_copy(update={"evidence": evidence})
    incident = incident_context(postmortem, "eu-west-1", "https://git.example.com/pm/{incident_id}.md")
    action = jira_world.postmortem.actions[0]
    entries = enqueue(JsonFileOutbox(tmp_path / "outbox.json"), incident, [action])
    [result] = push(entries, JsonFileOutbox(tmp_path / "outbox.json"), jira_world.connect(), jira_world.confirm).results

    text = plain_text(reader(jira_world).issue(str(result.key)).raw["fields"]["description"])
    console = "https://console.aws.amazon.com/s3/object/closeloop-evidence-123456789012?region=eu-west-1&prefix="
    shown = re.findall(re.escape(console) + r"(\S+?)(?=[\s|\]]|$)", text)
    telling = (
        "alarms/state-changes",
        "deployments/markers",
        "manual_actions/cloudtrail",
        "logs/errors",
        "traces/summaries",
    )
    assert shown == [
        *(f"incidents/INC-42/evidence/{kind}.ndjson.gz" for kind in telling),
        "incidents/INC-42/evidence/manifest.json",
    ]
    assert "the manifest (9 pieces, 4 not listed here)" in text and "s3://" not in text
    assert "https://git.example.com/pm/INC-42.md" in text
    remote = {link.raw["globalId"]: link.raw["object"]["url"] for link in reader(jira_world).remote_links(result.key)}
    assert remote["closeloop:postmortem:INC-42"] == "https://git.example.com/pm/INC-42.md"
