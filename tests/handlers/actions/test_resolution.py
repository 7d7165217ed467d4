"""State follows the postmortem: done and not-doing actions land resolved, and a deleted issue comes back linked."""

from datetime import date
from pathlib import Path

from domain.action import ActionStatus
from domain.ownership import DEFAULT_POLICY
from generator.report.jira_view import state_in_jira
from generator.report.model import ActionState
from handlers.actions.issue_content import plain_text
from handlers.actions.outbox import JsonFileOutbox
from handlers.actions.report import Outcome
from handlers.actions.service import enqueue, push
from handlers.enforcement.issues import ENFORCEMENT_FIELDS, action_jql, read_issue, reason_and_approver
from handlers.enforcement.plan import plan
from tests.handlers.actions.jira_world import World


def push_once(world: World, outbox: JsonFileOutbox) -> dict[str, tuple[str | None, Outcome]]:
    entries = enqueue(outbox, world.incident, world.postmortem.actions)
    report = push(entries, outbox, world.connect(), world.confirm)
    return {r.action_id: (r.key, r.outcome) for r in report.results}


def comments(world: World, key: str) -> list[str]:
    with world.jira.store.lock:
        return [plain_text(c.body) for c in world.jira.store.issues[key].comments]


def test_done_and_not_doing_actions_are_created_resolved_as_enforcement_and_the_report_read_them(
    jira_world: World, tmp_path: Path
) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    keys = {action: key for action, (key, _) in push_once(jira_world, outbox).items()}
    actions = {a.id: a for a in jira_world.postmortem.actions}
    assert [actions[a].status for a in ("A1", "A2", "A4")] == [
        ActionStatus.OPEN,
        ActionStatus.DONE,
        ActionStatus.NOT_DOING,
    ]

    api = jira_world.connect()()
    issues = {raw["key"]: read_issue(raw, api.cloud) for raw in api.search(action_jql("OPS"), ENFORCEMENT_FIELDS)}
    done, not_doing = issues[str(keys["A2"])], issues[str(keys["A4"])]
    assert done is not None and not_doing is not None
    assert done.resolved and "closeloop-not-doing" not in done.labels
    assert not_doing.resolved and "closeloop-not-doing" in not_doing.labels
    own = api.own_account()  # the postmortem's approval, written by closeloop's own account, is taken as written
    authored = zip(not_doing.authors, not_doing.comments, strict=True)
    assert reason_and_approver(authored, set(), own) == (actions["A4"].reason, actions["A4"].approver)
    for issue in (done, not_doing):  # enforcement leaves them be: no reminder, no reopen
        assert plan(issue, None, DEFAULT_POLICY, date(2027, 6, 1), own_account=own) == []
    assert plan(not_doing, None, DEFAULT_POLICY, date(2027, 6, 1))[0].kind == "reopen"  # from anyone else: no
    for action_id, key in keys.items():  # `report --jira` counts each as the postmortem says
        found = issues[str(key)]
        assert found is not None
        fallback = ActionState(ActionStatus.OPEN, None, actions[action_id].due)
        assert state_in_jira(found, DEFAULT_POLICY, fallback, own=own).status == actions[action_id].status
    description = plain_text(jira_world.jira.issue_fields(str(keys["A2"]))["description"])
    assert all(url in description for url in actions["A2"].evidence)  # the evidence that it is done

    before = len(jira_world.jira.requests)
    again = push_once(jira_world, outbox)
    assert {outcome for _, outcome in again.values()} == {Outcome.UNCHANGED}
    assert [r for r in jira_world.jira.requests[before:] if r.method != "GET"] == []
    assert len(comments(jira_world, str(keys["A4"]))) == 1


def test_an_open_action_the_postmortem_later_records_done_is_resolved_by_the_next_push(
    cloud_world: World, tmp_path: Path
) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    actions = list(cloud_world.postmortem.actions)
    cloud_world.postmortem.actions = [a.model_copy(update={"status": ActionStatus.OPEN}) for a in actions]
    first = push_once(cloud_world, outbox)
    key = str(first["A4"][0])
    assert cloud_world.jira.issue_fields(key)["status"] == "10000"

    cloud_world.postmortem.actions = actions
    second = push_once(cloud_world, outbox)

    assert second["A4"] == (key, Outcome.UPDATED) and second["A2"][1] == Outcome.UPDATED
    assert cloud_world.jira.issue_fields(key)["status"] == "10002"
    assert "closeloop-not-doing" in cloud_world.jira.issue_fields(key)["labels"]
    api = cloud_world.connect()()
    found = reason_and_approver(api.authored_comments(key), set(), api.own_account())
    assert found == (actions[3].reason, actions[3].approver)


def test_a_deleted_issue_is_recreated_with_its_links(jira_world: World, tmp_path: Path) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    first = push_once(jira_world, outbox)
    old = str(first["A2"][0])
    api = jira_world.connect()()
    api.client._session.delete(api.client._get_url(f"issue/{old}"))  # a person deletes it

    second = push_once(jira_world, outbox)

    new, outcome = second["A2"]
    assert outcome == Outcome.CREATED and new not in (None, old)
    links = [(link.inward_key, link.outward_key) for link in jira_world.jira.store.issue_links]
    assert (new, "OPS-1") in links
    with jira_world.jira.store.lock:
        remote = [r.global_id for r in jira_world.jira.store.issues[str(new)].remote_links]
    assert remote == ["closeloop:incident:INC-42"]
    entry = next(e for e in outbox.entries("INC-42") if e.action.id == "A2")
    assert entry.issue_key == new and entry.linked
    assert jira_world.jira.issue_fields(str(new))["status"] == "10002"  # A2 is done: recreated resolved too


def test_a_ticket_link_a_person_removed_is_made_again_the_outbox_never_claims_it(
    cloud_world: World, tmp_path: Path
) -> None:
    outbox = JsonFileOutbox(tmp_path / "outbox.json")
    key = str(push_once(cloud_world, outbox)["A1"][0])
    with cloud_world.jira.store.lock:
        cloud_world.jira.store.issue_links = [
            link for link in cloud_world.jira.store.issue_links if key != link.inward_key
        ]

    push_once(cloud_world, outbox)

    links = [(link.inward_key, link.outward_key) for link in cloud_world.jira.store.issue_links]
    assert links.count((key, "OPS-1")) == 1
