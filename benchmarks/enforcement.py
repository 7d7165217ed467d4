"""Benchmark: enforcement over 10,000 action issues: Jira requests made against the minimum, and time.

Run on demand: `.venv/bin/python -m benchmarks.enforcement`. The real `jira` client talks to the local
Jira (Cloud flavour); its request log is the count. Seeded: 10,000 action issues, of which UNOWNED have
no assignee (fixed: assign + comment) and DUE_SOON are due tomorrow (a reminder comment each); the rest
are compliant. The ledger is in memory here: the figure is Jira's requests, not DynamoDB's.

- minimum, first run: server info + the field list the client reads before its first search + one search
  per page of 100 + per unowned issue one PUT and one comment + per reminder one comment.
- minimum, second run (same day): server info + field list + the search pages: nothing is sent again.
- time baseline (same run, same server): one read-only pass over the same pages (`JiraApi.search`).
"""

import math
import re
import time
from collections import Counter
from datetime import date, timedelta
from typing import Any

from domain.ownership import DEFAULT_POLICY, OwnershipMap, ServiceOwner
from generator.standins.jira import JiraStandin
from generator.standins.jira.store import ISSUE_TYPES, PRIORITIES, find_named
from handlers.actions.jira_api import SEARCH_PAGE, JiraApi
from handlers.actions.settings import JiraSettings
from handlers.enforcement.issues import ENFORCEMENT_FIELDS, action_jql
from handlers.enforcement.service import Enforcer
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, seeded_standin

ISSUES, UNOWNED, DUE_SOON = 10_000, 200, 300
TODAY = date(2026, 11, 29)
ISSUE_KEY = re.compile(r"OPS-\d+")  # requests counted per endpoint, not per issue


class MemoryLedger:
    """The ledger's contract (handlers/enforcement/ledger.py) in memory: the benchmark counts Jira's requests."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def claim(self, issue_key: str, reminder: str) -> bool:
        key = f"{issue_key}/{reminder}"
        fresh = key not in self.keys
        self.keys.add(key)
        return fresh

    def sent(self, issue_key: str, reminder: str) -> bool:
        return f"{issue_key}/{reminder}" in self.keys

    def release(self, issue_key: str, reminder: str) -> None:
        self.keys.discard(f"{issue_key}/{reminder}")


def seed(jira: JiraStandin) -> None:
    store = jira.store
    with store.lock:
        project = store.project("OPS")
        assert project is not None
        for number in range(ISSUES):
            due = TODAY + timedelta(days=1 if number < DUE_SOON else 20)
            fields: dict[str, Any] = {
                "summary": f"Add safeguard {number}",
                "labels": ["closeloop", f"closeloop:INC-{number // 5}:A{number % 5}"],
                "status": "10000",
                "issuetype": find_named(ISSUE_TYPES, "Task"),
                "priority": find_named(PRIORITIES, "Medium"),
                "reporter": project.lead,
                "assignee": None if DUE_SOON <= number < DUE_SOON + UNOWNED else PEOPLE[0][2],
                "duedate": due.isoformat(),
                "updated": "2026-11-20T09:00:00.000+0000",
            }
            store.new_issue(project, fields)


def main() -> None:
    jira = seeded_standin(cloud=True)
    try:
        seed(jira)
        settings = JiraSettings(url=jira.url, email=PEOPLE[0][1], token=TOKEN, project="OPS", timeout=30)
        owner = ServiceOwner(owner=PEOPLE[1][2], escalation=PEOPLE[2][2])
        ownership = OwnershipMap(services={"checkout": owner})
        sent: Counter[str] = Counter()

        def notify(topic: str | None, subject: str, message: dict[str, Any]) -> bool:
            sent[message["kind"]] += 1
            return True

        ledger = MemoryLedger()
        pages = math.ceil(ISSUES / SEARCH_PAGE)

        started = time.perf_counter()
        api = JiraApi.connect(settings)
        api.search(action_jql("OPS"), ENFORCEMENT_FIELDS)
        read_only = time.perf_counter() - started

        for label, minimum_writes in (("first run", UNOWNED * 2 + DUE_SOON), ("second run", 0)):
            before = len(jira.requests)
            started = time.perf_counter()
            api = JiraApi.connect(settings)
            report = Enforcer(api, ownership, DEFAULT_POLICY, ledger, notify, lambda _: "checkout").run(TODAY)
            took = time.perf_counter() - started
            made = jira.requests[before:]
            minimum = 2 + pages + minimum_writes
            kinds = Counter(f"{r.method} {ISSUE_KEY.sub('{key}', r.path.split('?')[0])}" for r in made)
            print(f"{label}: {report.issues} issues, steps {report.counts()}")
            print(f"  requests {len(made)} / minimum {minimum} = {len(made) / minimum:.3f}  ({dict(kinds)})")
            print(f"  time {took:.2f} s / read-only pass {read_only:.2f} s = {took / read_only:.2f}")
        print(f"SNS messages: {dict(sent)}")
    finally:
        jira.stop()


if __name__ == "__main__":
    main()
