"""Enforcement against the local Jira over HTTP, the ledger in the emulator's table, reminders through SNS."""

import json
from datetime import date, timedelta

from handlers.actions.issue_content import plain_text
from handlers.enforcement import jira_writes
from tests.handlers.actions.jira_world import PEOPLE
from tests.handlers.enforcement.enforcement_world import TODAY, EnforcementWorld, person


def texts(world: EnforcementWorld, key: str) -> list[str]:
    return [plain_text(body) for body in world.comments(key)]


def test_an_unowned_action_is_assigned_to_its_service_owner_with_a_comment(world: EnforcementWorld) -> None:
    key = world.add_action("A1", assignee=None, due=TODAY + timedelta(days=20))
    report = world.enforcer().run(TODAY)
    assert world.jira.issue_fields(key)["assignee"] == person(1, cloud=True)  # the store keeps accountIds
    assert [o.result for o in report.outcomes] == ["done"]
    assert any("assigned this action" in text for text in texts(world, key))


def test_an_undated_action_gets_the_policy_due_date(world: EnforcementWorld) -> None:
    key = world.add_action("A2", priority="Highest", due=None)
    world.enforcer().run(TODAY)
    assert world.jira.issue_fields(key)["duedate"] == (TODAY + timedelta(days=14)).isoformat()
    assert any("set the due date" in text for text in texts(world, key))


def test_a_due_date_past_the_cap_is_flagged_once(world: EnforcementWorld) -> None:
    key = world.add_action("A3", priority="Highest", created=date(2026, 11, 1), due=date(2027, 3, 1))
    first = world.enforcer().run(TODAY)
    second = world.enforcer().run(TODAY + timedelta(days=1))
    assert [o.result for o in first.outcomes] == ["done"] and first.outcomes[0].step.kind == "flag_cap"
    assert [o.result for o in second.outcomes] == ["sent before"]
    assert len(world.comments(key)) == 1
    assert world.jira.issue_fields(key)["duedate"] == "2027-03-01"  # flagged, not changed


def test_due_soon_due_and_overdue_remind_in_jira_and_through_sns_once_each(world: EnforcementWorld) -> None:
    soon = world.add_action("S", due=TODAY + timedelta(days=5))
    due = world.add_action("D", due=TODAY)
    late = world.add_action("L", due=TODAY - timedelta(days=2))
    for _ in range(3):  # a rerun the same day sends nothing again
        world.enforcer().run(TODAY)
    days = (("is due in 5 days, on", soon), ("is due today,", due), ("is 2 days overdue: it was due on", late))
    for words, key in days:
        assert [t for t in texts(world, key) if t.endswith(".")] and len(world.comments(key)) == 1
        assert words in texts(world, key)[0]
    bodies = [json.loads(json.loads(m["Body"])["Message"]) for m in world.messages()]
    assert sorted(b["issue"] for b in bodies) == sorted([soon, due, late])
    assert all(b["kind"] == "remind" and b["account"] == person(0, world.cloud) for b in bodies)


def test_a_reminder_mentions_the_owner_by_name_says_what_is_due_and_how_to_close_it(world: EnforcementWorld) -> None:
    key = world.add_action("R", due=TODAY + timedelta(days=5))
    world.enforcer().run(TODAY)
    [body] = world.comments(key)
    [text] = texts(world, key)
    if world.cloud:  # an ADF mention node, which Jira Cloud shows as the person's name and notifies
        assert body["content"][0]["content"][0] == {"type": "mention", "attrs": {"id": PEOPLE[0][2]}}
    else:  # wiki markup on Data Center
        assert body.startswith(f"[~{PEOPLE[0][3]}] Reminder: {key}")
    assert f'Reminder: {key} "Add safeguard R" is due in 5 days, on {(TODAY + timedelta(days=5)).isoformat()}.' in text
    assert f"Its owner is {PEOPLE[0][0]}." in text and "712020:" not in text
    assert "resolve the issue as Done" in text and "add the label closeloop-not-doing and resolve it" in text
    assert PEOPLE[2][0] in text.split("If it will not be done")[1]  # the approver (escalation contact), by name
    [message] = [json.loads(json.loads(m["Body"])["Message"]) for m in world.messages()]
    assert PEOPLE[0][0] in message["text"] and "712020:" not in message["text"]  # what the owners' email says


def test_overdue_reminders_repeat_per_period_and_escalate_once(world: EnforcementWorld) -> None:
    key = world.add_action("E", priority="High", due=TODAY - timedelta(days=1))  # High: every 3 days, escalate at 7
    enforcer = world.enforcer()
    kinds = [[o.step.kind.value for o in enforcer.run(TODAY + timedelta(days=d)).outcomes if o.result == "done"]
             for d in range(0, 10)]  # fmt: skip
    assert kinds == [["remind"], [], [], ["remind"], [], [], ["remind", "escalate"], [], [], ["remind"]]
    escalations = [t for t in texts(world, key) if t.startswith("Escalation") or "Escalation:" in t]
    assert len(escalations) == 1
    assert f"Its owner is {PEOPLE[0][0]}; {PEOPLE[2][0]}, please help" in escalations[0]
    if not world.cloud:  # the escalation contact and the owner, both mentioned
        assert world.comments(key)[-2].startswith(f"[~{person(2, False)}] [~{person(0, False)}] Escalation:")
    else:
        mentions = [
            n["attrs"]["id"] for n in world.comments(key)[-2]["content"][0]["content"] if n["type"] == "mention"
        ]
        assert mentions == [person(2, True), person(0, True)]


def test_not_doing_without_reason_is_reopened_and_with_one_left_alone(world: EnforcementWorld) -> None:
    bare = world.add_action("N1", done=True, labels=("closeloop-not-doing",), due=TODAY)
    argued = world.add_action("N2", done=True, labels=("closeloop-not-doing",), due=TODAY)
    done = world.add_action("N3", done=True, due=TODAY - timedelta(days=30))
    api = world.api()
    jira_writes.comment(world.api_as(1), argued, "Reason: the service is retired in December. Approver: grace")
    jira_writes.comment(world.api_as(2), argued, "Approver: Grace")  # the escalation contact, from her account
    self_approved = world.add_action("N4", done=True, labels=("closeloop-not-doing",), due=TODAY)
    jira_writes.comment(world.api_as(1), self_approved, "Reason: not worth it. Approver: Grace")  # by the owner
    report = world.enforcer(api).run(TODAY)
    assert [(o.step.issue_key, o.step.kind.value) for o in report.outcomes] == [
        (bare, "reopen"),
        (self_approved, "reopen"),
    ]
    assert world.jira.issue_fields(bare)["status"] == "10000"
    assert world.jira.issue_fields(argued)["status"] == world.jira.issue_fields(done)["status"] == "10002"
    assert "reopened this action" in texts(world, bare)[-1]
    assert world.enforcer().run(TODAY).outcomes[0].step.kind == "remind"  # open again, due today


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(world: EnforcementWorld) -> None:
    world.add_action("A1", assignee=None, due=None)
    world.add_action("A2", due=TODAY)
    report = world.enforcer().run(TODAY, dry_run=True)
    assert sorted(o.step.kind.value for o in report.outcomes) == ["assign", "remind", "set_due"]
    assert {o.result for o in report.outcomes} == {"would do"}
    assert world.jira.count("POST") == 0 and world.jira.count("PUT") == 0
    assert world.messages() == []


def test_a_failed_comment_is_not_recorded_and_goes_out_next_run(cloud_world: EnforcementWorld) -> None:
    from generator.standins.jira import Fault, FaultKind

    key = cloud_world.add_action("F", due=TODAY)
    # Refused twice (429s are waited out, so a 5xx): the first, whose answer may mean it was applied, is looked
    # for and found missing, then sent again and refused again.
    cloud_world.jira.faults.add(Fault(FaultKind.SERVER_ERROR, method="POST", path="/comment$", times=2))
    first = cloud_world.enforcer().run(TODAY)
    assert first.outcomes[0].result.startswith("failed") and cloud_world.comments(key) == []
    second = cloud_world.enforcer().run(TODAY)
    assert [o.result for o in second.outcomes] == ["done"] and len(cloud_world.comments(key)) == 1


def test_a_comment_whose_answer_was_lost_is_looked_for_not_sent_twice(cloud_world: EnforcementWorld) -> None:
    from generator.standins.jira import Fault, FaultKind

    key = cloud_world.add_action("L", due=TODAY)
    cloud_world.jira.faults.add(Fault(FaultKind.DROP_AFTER_APPLY, method="POST", path="/comment$"))
    first = cloud_world.enforcer().run(TODAY)
    assert [o.result for o in first.outcomes] == ["done"] and len(cloud_world.comments(key)) == 1
    assert cloud_world.jira.count("POST", "/comment$") == 1


def test_rate_limits_are_waited_out(cloud_world: EnforcementWorld) -> None:
    from generator.standins.jira import Fault, FaultKind

    cloud_world.add_action("R", due=TODAY)
    cloud_world.jira.faults.add(Fault(FaultKind.RATE_LIMIT, method="GET", path="/search/jql$"))
    report = cloud_world.enforcer().run(TODAY)
    assert [o.result for o in report.outcomes] == ["done"] and cloud_world.slept


def test_pages_are_read_with_the_fewest_requests(cloud_world: EnforcementWorld) -> None:
    for number in range(250):
        cloud_world.add_action(f"P{number}", due=TODAY + timedelta(days=20))
    report = cloud_world.enforcer().run(TODAY)
    assert report.issues == 250 and report.outcomes == []
    assert cloud_world.jira.count("GET", "/search/jql$") == 3  # ceil(250 / 100)
