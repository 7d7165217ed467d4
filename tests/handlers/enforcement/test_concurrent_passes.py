"""Two enforcement passes at once: both read every issue, then wait at a barrier, then act. Each fix,
comment, reminder and escalation still happens exactly once (every write is claimed in the ledger first)."""

import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from handlers.actions.jira_api import JiraApi
from handlers.enforcement.service import EnforcementReport
from tests.handlers.enforcement.enforcement_world import TODAY, EnforcementWorld


def held_api(world: EnforcementWorld, barrier: threading.Barrier) -> JiraApi:
    """A client whose search returns only when the other pass has read the same issues too."""
    api = world.api()
    search: Callable[..., list[dict[str, Any]]] = api.search

    def search_then_wait(*args: Any) -> list[dict[str, Any]]:
        found = search(*args)
        barrier.wait(timeout=30)
        return found

    api.search = search_then_wait  # type: ignore[method-assign,assignment]
    return api


def two_passes_at_once(world: EnforcementWorld) -> list[EnforcementReport]:
    barrier = threading.Barrier(2)
    enforcers = [world.enforcer(held_api(world, barrier)) for _ in range(2)]
    reports: list[EnforcementReport] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            reports.append(enforcers[index].run(TODAY))
        except BaseException as error:  # re-raised in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return reports


def test_two_passes_at_once_fix_comment_remind_and_escalate_once_each(world: EnforcementWorld) -> None:
    unowned = world.add_action("A1", assignee=None, due=TODAY + timedelta(days=20))
    undated = world.add_action("A2", due=None)
    due_today = world.add_action("A3", due=TODAY)
    long_overdue = world.add_action("A4", due=TODAY - timedelta(days=20))
    not_doing = world.add_action("A5", done=True, labels=("closeloop-not-doing",), due=TODAY + timedelta(days=9))
    reports = two_passes_at_once(world)
    done = Counter(o.step.kind.value for r in reports for o in r.outcomes if o.result == "done")
    assert done == {"assign": 1, "set_due": 1, "remind": 2, "escalate": 1, "reopen": 1}
    assert {o.result for r in reports for o in r.outcomes} == {"done", "sent before"}
    for key in (unowned, undated, due_today, not_doing):
        assert len(world.comments(key)) == 1, (key, world.comments(key))
    assert len(world.comments(long_overdue)) == 2  # one overdue reminder, one escalation
    assert world.jira.count("PUT") == 2  # one assignment, one due date
    assert world.jira.count("POST", "/transitions$") == 1  # one reopen
    assert len(world.messages()) == 3  # SNS: the due-today reminder, the overdue reminder, the escalation
