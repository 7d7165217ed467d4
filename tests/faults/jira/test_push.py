"""`closeloop actions push` under every Jira fault, at every kind of request the push makes.

For each (flavour, request kind, fault, duration) the push runs once under the fault and then again as the
retry schedule would (the next CLI push or scheduled run), up to three times, until the outbox is empty.
Counted, not assumed: an action is lost when it is neither in Jira nor queued in the outbox after a push,
or when the retries end without its issue (linked to the ticket and to the incident record, saying what
the action says, resolved when the postmortem says done or not doing, with the not-doing reason); a
duplicate is a second issue for one action, a second link, remote link or not-doing comment.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from domain.action import Action, ActionStatus
from generator.standins.jira import Fault, FaultKind
from handlers.actions.issue_content import plain_text
from handlers.actions.outbox import JsonFileOutbox, OutboxState
from handlers.actions.report import Outcome, PushReport
from handlers.actions.service import enqueue, push
from tests.faults.jira.faults_matrix import DURATIONS, FAULTS, FaultSpec
from tests.faults.tally import Tally
from tests.handlers.actions.jira_world import NO_WAIT_CONFIRM, RETRY_INTERVAL, World, world

DONE_STATUS = "10002"  # the stand-in's Done
RETRIES = 3  # pushes after the faulted one before the case counts what is still missing


@dataclass(frozen=True)
class RequestKind:
    name: str
    method: str
    path: str
    changed: bool = False  # the request is made when an action changed after its issue was made


REQUESTS = (
    RequestKind("connect (serverInfo)", "GET", r"/serverInfo$"),
    RequestKind("search by label", "GET", r"/search"),
    RequestKind("bulk create", "POST", r"/issue/bulk$"),
    RequestKind("issue link", "POST", r"/issueLink$"),
    RequestKind("remote link", "POST", r"/remotelink$"),
    RequestKind("update changed issue", "PUT", r"/issue/[^/]+$", changed=True),
    RequestKind("not-doing comment", "POST", r"/comment$"),
    RequestKind("list transitions", "GET", r"/transitions$"),
    RequestKind("resolve (transition)", "POST", r"/transitions$"),
)


def retitled(actions: list[Action]) -> list[Action]:
    return [a.model_copy(update={"title": a.title + " (revised)"}) if a.id == "A2" else a for a in actions]


def push_all(w: World, outbox: JsonFileOutbox, actions: list[Action]) -> PushReport:
    return push(enqueue(outbox, w.incident, actions), outbox, w.connect(attempts=3), w.confirm)


def lost_after_push(w: World, outbox: JsonFileOutbox, report: PushReport, actions: list[Action]) -> int:
    """Actions neither in Jira nor queued; queued ones must say why."""
    labelled = {label for issue in w.jira.issues() for label in issue.fields.get("labels", [])}
    states = {e.action.id: e.state for e in outbox.entries(w.incident.id)}
    lost = 0
    for action in actions:
        in_jira = f"closeloop:{w.incident.id}:{action.id}" in labelled
        queued = states.get(action.id) in (OutboxState.QUEUED, OutboxState.IN_DOUBT)
        lost += not (in_jira or queued)
    for result in report.results:
        if result.outcome == Outcome.QUEUED:
            assert result.reason, f"{result.action_id} queued without a reason"
    return lost


def final_count(w: World, outbox: JsonFileOutbox, actions: list[Action]) -> tuple[int, int]:
    """(lost, duplicates) once the retries are over."""
    by_label: dict[str, list[str]] = {}
    for issue in w.jira.issues():
        for label in issue.fields.get("labels", []):
            if label.startswith("closeloop:"):
                by_label.setdefault(label, []).append(issue.key)
    links = Counter((link.inward_key, link.outward_key) for link in w.jira.store.issue_links)
    lost = duplicates = 0
    for action in actions:
        keys = by_label.get(f"closeloop:{w.incident.id}:{action.id}", [])
        duplicates += max(len(keys) - 1, 0)
        if not keys:
            lost += 1
            continue
        issue = w.jira.store.issues[keys[0]]
        remote = [r for r in issue.remote_links if r.global_id == f"closeloop:incident:{w.incident.id}"]
        duplicates += max(links[(keys[0], "OPS-1")] - 1, 0) + max(len(remote) - 1, 0)
        lost += links[(keys[0], "OPS-1")] == 0 or not remote or issue.fields["summary"] != action.title
        lost += action.status != ActionStatus.OPEN and issue.fields["status"] != DONE_STATUS  # not resolved
        if action.status == ActionStatus.NOT_DOING:
            reasons = sum("Reason:" in plain_text(comment.body) for comment in issue.comments)
            lost, duplicates = lost + (reasons == 0), duplicates + max(reasons - 1, 0)
    lost += len(outbox.pending())  # the retries are over: nothing may still wait
    return lost, duplicates


CASES = [
    pytest.param(cloud, kind, spec, duration, id=f"{'cloud' if cloud else 'dc'}-{kind.name}-{spec.name}-{duration}")
    for cloud in (True, False)
    for kind in REQUESTS
    for spec in FAULTS
    for duration in DURATIONS
]


@pytest.mark.parametrize(("cloud", "kind", "spec", "duration"), CASES)
def test_push_under_a_fault_loses_nothing_and_duplicates_nothing(
    tally: Tally, tmp_path: Path, cloud: bool, kind: RequestKind, spec: FaultSpec, duration: str
) -> None:
    w = world(cloud)
    try:
        flavour = "cloud" if cloud else "datacenter"
        with tally.case("jira push", f"{flavour}: {spec.name} on {kind.name} ({duration})") as case:
            outbox = JsonFileOutbox(tmp_path / "outbox.json")
            actions = list(w.postmortem.actions)
            if kind.changed:
                push_all(w, outbox, actions)
                actions = retitled(actions)
            w.jira.faults.add(spec.fault(kind.method, kind.path, DURATIONS[duration]))
            report = push_all(w, outbox, actions)
            assert w.jira.faults.pending() == [] or duration == "outage", "the fault never fired"
            case.lost = lost_after_push(w, outbox, report, actions)
            w.jira.faults.clear()  # the outage ends
            for _ in range(RETRIES):
                if not outbox.pending():
                    break
                w.clock.sleep(RETRY_INTERVAL)  # the schedule's next run
                push_all(w, outbox, actions)
            lost, case.duplicates = final_count(w, outbox, actions)
            case.lost += lost
            assert (case.lost, case.duplicates) == (0, 0)
    finally:
        w.jira.stop()


def test_a_lost_create_whose_confirming_searches_fail_too_is_found_by_the_next_push(
    tally: Tally, tmp_path: Path
) -> None:
    """Two faults at once: the create's answer is lost and every confirming search fails; the actions wait in
    doubt, and the next push searches before it creates."""
    for cloud in (True, False):
        w = world(cloud)
        try:
            with tally.case(
                "jira push", f"{'cloud' if cloud else 'datacenter'}: create answer lost, confirming searches fail"
            ) as case:
                outbox = JsonFileOutbox(tmp_path / f"outbox-{cloud}.json")
                actions = list(w.postmortem.actions)
                faults = w.jira.faults
                faults.add(Fault(FaultKind.SLOW, "GET", r"/search", times=1))  # the finding search passes
                faults.add(Fault(FaultKind.DROP_AFTER_APPLY, "POST", r"/issue/bulk$"))
                faults.add(Fault(FaultKind.SERVER_ERROR, "GET", r"/search", times=NO_WAIT_CONFIRM.searches))
                report = push(enqueue(outbox, w.incident, actions), outbox, w.connect(attempts=1), w.confirm)
                assert faults.pending() == []
                assert {e.state for e in outbox.entries(w.incident.id)} == {OutboxState.IN_DOUBT}
                case.lost = lost_after_push(w, outbox, report, actions)
                for _ in range(RETRIES):
                    if not outbox.pending():
                        break
                    push_all(w, outbox, actions)
                lost, case.duplicates = final_count(w, outbox, actions)
                case.lost += lost
                assert w.jira.count("POST", r"/issue/bulk$") == 1
                assert (case.lost, case.duplicates) == (0, 0)
        finally:
            w.jira.stop()
