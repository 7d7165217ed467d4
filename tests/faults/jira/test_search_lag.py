"""Exactly once while search lags: a lost bulk-create answer with the search index 0, 60 and 120 s behind.

The create is applied and its answer lost; searches cannot see the new issues until the lag has passed on
the run's one clock (the stand-in's index reads the same clock the push does). Pushes follow on a tight
schedule, every 30 s (an operator running the CLI again and again), for longer than the index-lag bound,
then the schedule's 15-minute retry. Counted: issues per action (one is right), links, and what each push
reported: an action waiting for the index is queued with the reason, never reported created twice.
"""

from collections import Counter
from pathlib import Path

import pytest

from generator.standins.jira import Fault, FaultKind
from handlers.actions.outbox import JsonFileOutbox, OutboxState
from handlers.actions.report import Outcome
from handlers.actions.service import enqueue, push
from tests.faults.jira.test_push import final_count
from tests.faults.tally import Tally
from tests.handlers.actions.jira_world import RETRY_INTERVAL, world

RERUN_EVERY = 30.0


@pytest.mark.parametrize("lag", [0, 60, 120])
@pytest.mark.parametrize("cloud", [True, False], ids=["cloud", "datacenter"])
def test_a_lost_bulk_create_is_made_once_whatever_the_search_lag(
    tally: Tally, tmp_path: Path, cloud: bool, lag: int
) -> None:
    w = world(cloud)
    try:
        flavour = "cloud" if cloud else "datacenter"
        with tally.case("jira push", f"{flavour}: search lags {lag} s, bulk-create answer lost") as case:
            w.jira.set_search_delay(lag)
            w.jira.faults.add(Fault(FaultKind.DROP_AFTER_APPLY, "POST", r"/issue/bulk$"))
            outbox = JsonFileOutbox(tmp_path / "outbox.json")
            actions = list(w.postmortem.actions)
            created: Counter[str] = Counter()
            reruns = int(w.settings.index_lag // RERUN_EVERY) + 2
            for run in range(reruns + 1):
                if run:
                    w.clock.sleep(RERUN_EVERY if run < reruns else RETRY_INTERVAL)
                report = push(enqueue(outbox, w.incident, actions), outbox, w.connect(attempts=3), w.confirm)
                created.update(r.action_id for r in report.results if r.outcome == Outcome.CREATED)
                for result in report.results:
                    if result.outcome == Outcome.QUEUED:
                        assert "may have been applied" in (result.reason or ""), result
                if w.clock.seconds() - w.jira.issues()[-1].created_at < lag:
                    # the index cannot show the issues yet: every action waits, none is sent again
                    assert {e.state for e in outbox.entries(w.incident.id)} == {OutboxState.IN_DOUBT}
            assert w.jira.faults.pending() == []
            lost, case.duplicates = final_count(w, outbox, actions)
            case.lost = lost
            case.duplicates += sum(n - 1 for n in created.values())
            assert w.jira.count("POST", r"/issue/bulk$") == 1
            assert created == Counter({action.id: 1 for action in actions})
            assert (case.lost, case.duplicates) == (0, 0)
    finally:
        w.jira.stop()
