"""Benchmark: Jira requests per pushed action, against the minimum and against a one-by-one push.

Run on demand: `.venv/bin/python -m benchmarks.jira_push`, or with the others through `python -m benchmarks`
(`figures`: requests against the minimum at every size, the rest at the largest; quick: 10 and 60 actions).
Each push goes through the real `jira` client to the local Jira (Cloud and Data Center flavour); the server's
request log is the count.

- minimum, new actions: server info + the field list the client reads once before its first search + one
  search per page (100 issues) + one bulk create per 50 actions + per action one issue link and one remote
  link (Jira has no bulk form of either) + the application-links read the client makes once before its
  first remote link. closeloop searches 50 labels per query (a GET URL stays short whatever the ids), so
  above 50 actions it makes one search per 50 actions where the minimum is one per 100.
- minimum, unchanged actions: server info + the field list the client reads once + one search per page.
- over the minimum by design, once per push whatever its size: the four reads that check the settings
  before anything is written (`handlers/actions/preflight.py`: myself, the project, the link types, the
  incident ticket).
- baseline (same run, same server): the straightforward use of the client, one action at a time: search
  its label, `create_issue` (which looks the project and issue type up and reloads the issue),
  `create_issue_link`, `add_remote_link`.
"""

import math
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from benchmarks.figures import Figure, against_minimum, faster_than, ratio_of
from domain.action import Action, ActionType, Priority
from generator.standins.jira import Fault, FaultKind, JiraStandin
from handlers.actions import issue_content
from handlers.actions.outbox import IncidentContext, OutboxEntry
from handlers.actions.service import ConfirmPolicy, push
from tests.handlers.actions.jira_world import PEOPLE, World, seeded_standin

SIZES, QUICK_SIZES = (10, 60, 250), (10, 60)
FAULT_ACTIONS = 60
INCIDENT = IncidentContext(
    id="INC-9", title="Bench", incident_class="capacity", severity="SEV3", service="bench", ticket="OPS-1"
)


def actions(count: int, cloud: bool) -> list[Action]:
    return [
        Action(
            id=f"A{n}",
            title=f"Add capacity alarm {n}",
            type=ActionType.ALERT_THRESHOLD,
            owner=PEOPLE[n % 3][2] if cloud else PEOPLE[n % 3][3],
            due=date(2026, 12, 1) + timedelta(days=n % 30),
            priority=Priority.MEDIUM,
            done_condition=f"Alarm {n} fires at 80% of capacity.",
        )
        for n in range(count)
    ]


class MemoryOutbox:
    def __init__(self) -> None:
        self.saved: dict[str, OutboxEntry] = {}

    def entries(self, incident_id: str) -> list[OutboxEntry]:
        return [e for e in self.saved.values() if e.incident.id == incident_id]

    def pending(self) -> list[OutboxEntry]:
        return list(self.saved.values())

    def save(self, entry: OutboxEntry) -> None:
        self.saved[entry.action.id] = entry


def minimum_new(count: int) -> int:
    return 2 + math.ceil(count / 100) + math.ceil(count / 50) + 2 * count + 1


def minimum_unchanged(count: int) -> int:
    return 2 + math.ceil(count / 100)


def closeloop_push(jira: JiraStandin, world: World, count: int) -> tuple[int, int, float]:
    entries = [OutboxEntry(incident=INCIDENT, action=a) for a in actions(count, jira.cloud)]
    outbox = MemoryOutbox()
    before = len(jira.requests)
    started = time.perf_counter()
    push(entries, outbox, world.connect(), ConfirmPolicy(delay=0.0))
    elapsed = time.perf_counter() - started
    created = len(jira.requests) - before
    before = len(jira.requests)
    again = [e.model_copy() for e in outbox.saved.values()]
    push(again, outbox, world.connect(), ConfirmPolicy(delay=0.0))
    return created, len(jira.requests) - before, elapsed


def one_by_one(jira: JiraStandin, world: World, count: int) -> tuple[int, float]:
    api = world.connect()()
    client = api.client
    before = len(jira.requests)
    started = time.perf_counter()
    for action in actions(count, jira.cloud):
        label = issue_content.external_label(INCIDENT, action)
        api.search_labels([label])
        fields = issue_content.desired_fields(INCIDENT, action, "OPS", "Task", api.cloud)
        fields["project"], fields["issuetype"] = "OPS", "Task"  # as the client's examples write them
        issue = client.create_issue(fields=fields)
        client.create_issue_link("Relates", issue.key, "OPS-1")
        client.add_remote_link(issue.key, {"url": "https://x.example/INC-9", "title": "INC-9"}, "closeloop:INC-9")
    return len(jira.requests) - before, time.perf_counter() - started


def faulty_push(count: int) -> tuple[int, int, Counter[str]]:
    """A push with a 429, a lost bulk-create answer and a 500 on a search: requests and issues made."""
    jira = seeded_standin(cloud=True)
    world = World(jira, postmortem=None)  # type: ignore[arg-type]
    jira.faults.add(Fault(FaultKind.RATE_LIMIT, method="GET", path="/search/jql$", retry_after="1"))
    jira.faults.add(Fault(FaultKind.DROP_AFTER_APPLY, method="POST", path="/issue/bulk$"))
    jira.faults.add(Fault(FaultKind.SERVER_ERROR, method="GET", path="/search/jql$"))
    entries = [OutboxEntry(incident=INCIDENT, action=a) for a in actions(count, True)]
    push(entries, MemoryOutbox(), world.connect(), ConfirmPolicy(delay=0.0))
    made = Counter(label for i in jira.issues() for label in i.fields["labels"] if label.startswith("closeloop:"))
    requests = len(jira.requests)
    jira.stop()
    return requests, len(jira.issues()) - 1, made


@dataclass(frozen=True)
class PushSizes:
    """One flavour and size: the push, the re-push and the one-by-one baseline, each on a fresh server."""

    cloud: bool
    count: int
    created: int  # requests to push `count` new actions
    repushed: int  # requests to push them again unchanged
    seconds: float
    naive: int  # requests, one action at a time
    naive_seconds: float

    @property
    def flavour(self) -> str:
        return "Cloud" if self.cloud else "Data Center"


def measure(cloud: bool, count: int) -> PushSizes:
    jira = seeded_standin(cloud)
    world = World(jira, postmortem=None)  # type: ignore[arg-type]
    created, repushed, elapsed = closeloop_push(jira, world, count)
    jira.stop()
    jira = seeded_standin(cloud)
    world = World(jira, postmortem=None)  # type: ignore[arg-type]
    naive, naive_elapsed = one_by_one(jira, world, count)
    jira.stop()
    return PushSizes(cloud, count, created, repushed, elapsed, naive, naive_elapsed)


def push_figures(run: PushSizes, largest: bool) -> list[Figure]:
    """Requests against the minimum at every size; the re-push and the one-by-one baseline at the largest."""
    name, what = "jira_push", f"{run.flavour}, {run.count} actions"
    rows = [
        against_minimum(
            name, f"requests to push new actions, {what}", run.created, minimum_new(run.count), "requests", "minimum"
        ),
    ]
    if largest:
        rows += [
            against_minimum(
                name,
                f"requests to re-push unchanged actions, {what}",
                run.repushed,
                minimum_unchanged(run.count),
                "requests",
                "minimum",
            ),
            Figure(
                name,
                f"requests to push new actions, {what}",
                run.created,
                "requests",
                "one action at a time",
                run.naive,
                ratio_of(run.naive, run.created),
                "x fewer (baseline / measured)",
            ),
            faster_than(
                name, f"time to push new actions, {what}", run.seconds, run.naive_seconds, "one action at a time"
            ),
        ]
    return rows


def figures(
    quick: bool = False, sizes: tuple[int, ...] | None = None, fault_actions: int = FAULT_ACTIONS
) -> list[Figure]:
    sizes = sizes or (QUICK_SIZES if quick else SIZES)
    rows = [
        row
        for cloud in (True, False)
        for count in sizes
        for row in push_figures(measure(cloud, count), largest=count == max(sizes))
    ]
    if fault_actions:
        requests, issues, made = faulty_push(fault_actions)
        duplicates = sum(1 for n in made.values() if n > 1)
        rows.append(
            Figure(
                "jira_push",
                f"issues made by a push of {fault_actions} actions through a 429, a lost bulk-create answer and a 500",
                issues,
                "issues",
                "actions pushed",
                fault_actions,
                ratio_of(issues, fault_actions),
                "x the actions (measured / actions; 1.00: none lost, none duplicated)",
                f"{requests} requests; {duplicates} actions with more than one issue",
            )
        )
    return rows


def main() -> None:
    print(
        "| flavour | actions | push (requests/action) | minimum | ratio | re-push | minimum "
        "| one-by-one | ratio | time, push vs one-by-one |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for cloud in (True, False):
        for count in SIZES:
            run = measure(cloud, count)
            created, naive, elapsed, naive_elapsed = run.created, run.naive, run.seconds, run.naive_seconds
            print(
                f"| {run.flavour} | {count} | {created} ({created / count:.2f}) | {minimum_new(count)} | "
                f"{created / minimum_new(count):.2f} | {run.repushed} | {minimum_unchanged(count)} | "
                f"{naive} ({naive / count:.2f}) | {naive / created:.1f}x more | "
                f"{elapsed:.2f} s vs {naive_elapsed:.2f} s ({naive_elapsed / elapsed:.1f}x faster) |"
            )
    requests, issues, made = faulty_push(FAULT_ACTIONS)
    duplicates = sum(1 for n in made.values() if n > 1)
    print(f"\nfaults (429, lost bulk answer, 500): 60 actions, {requests} requests, {issues} issues, {duplicates} dup")


if __name__ == "__main__":
    main()
