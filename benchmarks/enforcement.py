"""Benchmark: enforcement over 10,000 action issues: Jira requests made against the minimum, and time.

Run on demand: `.venv/bin/python -m benchmarks.enforcement [ISSUES]`, or with the others through `python -m
benchmarks` (`figures`; quick: 1,000 issues, the same shares unowned and due soon). The real `jira` client
talks to the local Jira (Cloud flavour); its request log is the count. Seeded: 10,000 action issues, of which
UNOWNED have no assignee (fixed: assign + comment) and DUE_SOON are due tomorrow (a reminder comment each);
the rest are compliant. The ledger is in memory here: the figure is Jira's requests, not DynamoDB's.

- minimum, first run: server info + the field list the client reads before its first search + one search
  per page of 100 + per unowned issue one PUT and one comment + per reminder one comment + one user read
  per person the sent texts name (names, not account ids: the due-soon issues' assignee, the service owner
  and its escalation contact, who may approve not doing).
- minimum, second run (same day): server info + field list + the search pages: nothing is sent again, so
  no one's name is asked for.
- time baseline (same run, same server): one read-only pass over the same pages (`JiraApi.search`).
"""

import math
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from benchmarks.figures import Figure, against_minimum, ratio_of
from domain.ownership import DEFAULT_POLICY, OwnershipMap, ServiceOwner
from generator.standins.jira import JiraStandin
from generator.standins.jira.store import ISSUE_TYPES, PRIORITIES, find_named
from handlers.actions.jira_api import SEARCH_PAGE, JiraApi
from handlers.actions.settings import JiraSettings
from handlers.enforcement.issues import ENFORCEMENT_FIELDS, action_jql
from handlers.enforcement.ledger import OwedComment
from handlers.enforcement.service import Enforcer
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, seeded_standin

ISSUES, QUICK_ISSUES = 10_000, 1_000
UNOWNED_SHARE, DUE_SOON_SHARE = 0.02, 0.03  # 200 and 300 of 10,000
TODAY = date(2026, 11, 29)
ISSUE_KEY = re.compile(r"OPS-\d+")  # requests counted per endpoint, not per issue


class MemoryLedger:
    """The ledger's contract (handlers/enforcement/ledger.py) in memory: the benchmark counts Jira's requests."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.owed_comments: dict[str, OwedComment] = {}

    def claim(self, issue_key: str, reminder: str) -> bool:
        key = f"{issue_key}/{reminder}"
        fresh = key not in self.keys
        self.keys.add(key)
        return fresh

    def sent(self, issue_key: str, reminder: str) -> bool:
        return f"{issue_key}/{reminder}" in self.keys

    def release(self, issue_key: str, reminder: str) -> None:
        self.keys.discard(f"{issue_key}/{reminder}")

    def owe(self, comment: OwedComment) -> None:
        self.owed_comments[comment.key] = comment

    def owed(self) -> list[OwedComment]:
        return list(self.owed_comments.values())

    def settle(self, comment: OwedComment) -> None:
        self.owed_comments.pop(comment.key, None)


@dataclass(frozen=True)
class Seeded:
    issues: int

    @property
    def unowned(self) -> int:
        return round(self.issues * UNOWNED_SHARE)

    @property
    def due_soon(self) -> int:
        return round(self.issues * DUE_SOON_SHARE)


@dataclass(frozen=True)
class EnforcementRun:
    label: str
    issues: int
    steps: dict[str, int]
    requests: int
    minimum: int
    kinds: dict[str, int]
    seconds: float


def seed(jira: JiraStandin, seeded: Seeded) -> None:
    store = jira.store
    with store.lock:
        project = store.project("OPS")
        assert project is not None
        for number in range(seeded.issues):
            due = TODAY + timedelta(days=1 if number < seeded.due_soon else 20)
            fields: dict[str, Any] = {
                "summary": f"Add safeguard {number}",
                "labels": ["closeloop", f"closeloop:INC-{number // 5}:A{number % 5}"],
                "status": "10000",
                "issuetype": find_named(ISSUE_TYPES, "Task"),
                "priority": find_named(PRIORITIES, "Medium"),
                "reporter": project.lead,
                "assignee": None if seeded.due_soon <= number < seeded.due_soon + seeded.unowned else PEOPLE[0][2],
                "duedate": due.isoformat(),
                "updated": "2026-11-20T09:00:00.000+0000",
            }
            store.new_issue(project, fields)


def measure(issues: int) -> tuple[list[EnforcementRun], float, dict[str, int]]:
    """Two enforcement passes over `issues` seeded action issues, the read-only pass's time, and SNS messages."""
    seeded = Seeded(issues)
    jira = seeded_standin(cloud=True)
    try:
        seed(jira, seeded)
        settings = JiraSettings(url=jira.url, email=PEOPLE[0][1], token=TOKEN, project="OPS", timeout=30)
        owner = ServiceOwner(owner=PEOPLE[1][2], escalation=PEOPLE[2][2])
        ownership = OwnershipMap(services={"checkout": owner})
        sent: Counter[str] = Counter()

        def notify(topic: str | None, subject: str, message: dict[str, Any]) -> bool:
            sent[message["kind"]] += 1
            return True

        ledger = MemoryLedger()
        pages = math.ceil(issues / SEARCH_PAGE)

        started = time.perf_counter()
        api = JiraApi.connect(settings)
        api.search(action_jql("OPS"), ENFORCEMENT_FIELDS)
        read_only = time.perf_counter() - started

        runs = []
        named = len({PEOPLE[0][2], owner.owner, owner.escalation})  # the people the first run's texts name
        first = seeded.unowned * 2 + seeded.due_soon + named
        for label, minimum_writes in (("first run", first), ("second run", 0)):
            before = len(jira.requests)
            started = time.perf_counter()
            api = JiraApi.connect(settings)
            report = Enforcer(api, ownership, DEFAULT_POLICY, ledger, notify, lambda _: "checkout").run(TODAY)
            took = time.perf_counter() - started
            made = jira.requests[before:]
            kinds = Counter(f"{r.method} {ISSUE_KEY.sub('{key}', r.path.split('?')[0])}" for r in made)
            minimum = 2 + pages + minimum_writes
            runs.append(EnforcementRun(label, report.issues, report.counts(), len(made), minimum, dict(kinds), took))
        return runs, read_only, dict(sent)
    finally:
        jira.stop()


def figures(quick: bool = False, issues: int | None = None) -> list[Figure]:
    issues = issues or (QUICK_ISSUES if quick else ISSUES)
    seeded = Seeded(issues)
    runs, read_only, _ = measure(issues)
    rows = []
    for run in runs:
        rows.append(
            against_minimum(
                "enforcement",
                f"Jira requests, {run.label} over {issues:,} action issues",
                run.requests,
                run.minimum,
                "requests",
                "minimum",
                f"{seeded.unowned:,} unowned and {seeded.due_soon:,} due tomorrow; minimum = server info + field list"
                " + one search per page of 100 + (first run only) per unowned issue an assign and a comment, per"
                " due-soon issue a comment, and one user read per person those texts name",
            )
        )
        rows.append(
            Figure(
                "enforcement",
                f"time, {run.label} over {issues:,} action issues",
                run.seconds,
                "s",
                "one read-only pass over the same pages",
                read_only,
                ratio_of(run.seconds, read_only),
                "x the read-only pass (measured / baseline)",
            )
        )
    return rows


def main(issues: int = ISSUES) -> None:
    runs, read_only, sent = measure(issues)
    for run in runs:
        print(f"{run.label}: {run.issues} issues, steps {run.steps}")
        print(f"  requests {run.requests} / minimum {run.minimum} = {run.requests / run.minimum:.3f}  ({run.kinds})")
        print(f"  time {run.seconds:.2f} s / read-only pass {read_only:.2f} s = {run.seconds / read_only:.2f}")
    print(f"SNS messages: {sent}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ISSUES)
