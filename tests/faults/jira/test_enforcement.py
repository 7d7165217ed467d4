"""The enforcement pass under every Jira fault, at every kind of request it makes.

Each case seeds one incident's actions of every kind enforcement acts on: unowned (assign), undated (set
the due date), due today (remind), eight days overdue (remind and escalate) and closed as not doing without
a reason (reopen). The pass runs under the fault, then again the same day as the schedule's next runs would
(up to three) until a pass writes nothing. What a clean world ends with (comments per action, SNS messages)
is measured by the same passes without a fault; against it, a fix not made, a comment or a message missing
is lost, and one more than that is a duplicate. Each case has its own Jira and the CLI's reminder ledger
(`closeloop enforce`'s JSON file; the table's ledger is the same protocol, tested in tests/handlers); the
reminders go through the real SNS notifier to a topic on the emulator, counted as published.
"""

import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count
from pathlib import Path
from typing import Any

import boto3
import pytest

from domain.ownership import DEFAULT_POLICY
from generator.standins.jira import Fault, FaultKind
from handlers.actions.issue_content import plain_text
from handlers.actions.jira_api import JiraFailure
from handlers.enforcement.ledger import JsonFileLedger
from handlers.enforcement.notify import SnsNotifier
from handlers.enforcement.service import Enforcer
from tests.faults.jira.faults_matrix import plan
from tests.faults.tally import Tally
from tests.handlers.actions.jira_world import seeded_standin
from tests.handlers.enforcement.enforcement_world import SERVICE, TODAY, EnforcementWorld, make_world, person

RETRIES = 3
ACTIONS = ("A1", "A2", "R", "E", "N")


@dataclass(frozen=True)
class RequestKind:
    name: str
    method: str
    path: str  # "{A1}" and the like name the issue of that action
    skip: int = 0  # matching requests let through before the fault fires


REQUESTS = (
    RequestKind("connect (serverInfo)", "GET", r"/serverInfo$"),
    RequestKind("search", "GET", r"/search"),
    RequestKind("assign", "PUT", r"/issue/{A1}$"),
    RequestKind("comment after assign", "POST", r"/issue/{A1}/comment$"),
    RequestKind("update due date", "PUT", r"/issue/{A2}$"),
    RequestKind("comment after due date", "POST", r"/issue/{A2}/comment$"),
    RequestKind("reminder comment", "POST", r"/issue/{R}/comment$"),
    RequestKind("overdue reminder comment", "POST", r"/issue/{E}/comment$"),
    RequestKind("escalation comment", "POST", r"/issue/{E}/comment$", skip=1),
    RequestKind("list transitions", "GET", r"/issue/{N}/transitions$"),
    RequestKind("transition (reopen)", "POST", r"/issue/{N}/transitions$"),
    RequestKind("comment after reopen", "POST", r"/issue/{N}/comment$"),
)


@dataclass
class Bench:
    """A Jira and a reminder ledger per case; the topic, its queue and the AWS clients are made once."""

    world: EnforcementWorld
    sns: Any
    ledger_dir: Path
    incidents: Iterator[int]
    sent: Counter[tuple[str, str]] = field(default_factory=Counter)

    def fresh(self) -> None:
        """A new Jira and ledger: what one case does cannot slow or blur the next."""
        self.world.jira.stop()
        self.world.jira = seeded_standin(self.world.cloud)
        self.ledger = JsonFileLedger(self.ledger_dir / f"ledger-{next(self.incidents)}.json")

    def enforcer(self) -> Enforcer:
        w = self.world
        return Enforcer(w.api(), w.ownership, DEFAULT_POLICY, self.ledger, self.publish, lambda _: SERVICE)

    def publish(self, topic: str | None, subject: str, message: dict[str, Any]) -> bool:
        """The real SNS notifier (to the emulator), counting what it published."""
        sent = SnsNotifier(self.sns)(topic, subject, message)
        self.sent[(str(message["kind"]), str(message["issue"]))] += 1
        return sent

    def seed(self) -> dict[str, str]:
        w, incident = self.world, f"INC-{next(self.incidents)}"
        return {
            "A1": w.add_action("A1", incident=incident, assignee=None, due=TODAY + timedelta(days=20)),
            "A2": w.add_action("A2", incident=incident, priority="Highest", due=None),
            "R": w.add_action("R", incident=incident, due=TODAY),
            "E": w.add_action("E", incident=incident, priority="High", due=TODAY - timedelta(days=8)),
            "N": w.add_action("N", incident=incident, done=True, labels=("closeloop-not-doing",), due=TODAY),
        }

    def run_once(self) -> None:
        """One scheduled pass; a pass Jira stops (connect or search failing) must say why."""
        try:
            report = self.enforcer().run(TODAY)
        except JiraFailure as failure:
            assert "search" in failure.reason or "connect" in failure.reason, failure.reason
            return
        for outcome in report.outcomes:
            assert outcome.result == "sent before" or outcome.result.startswith(("done", "failed: ")), outcome

    def messages(self) -> Counter[tuple[str, str]]:
        """SNS messages published since the last call, by (kind, issue key)."""
        sent, self.sent = self.sent, Counter()
        return sent

    def passes(self) -> Counter[tuple[str, str]]:
        """The schedule's next passes, until one writes nothing; the messages they sent."""
        sent = self.messages()
        for _ in range(RETRIES):
            writes = self.world.jira.count("POST") + self.world.jira.count("PUT")
            self.run_once()
            sent += self.messages()
            if self.world.jira.count("POST") + self.world.jira.count("PUT") == writes:
                break
        return sent

    def outcome(self, keys: dict[str, str]) -> tuple[dict[str, int], list[bool]]:
        """Comments per action, and whether each fix is in place."""
        fields = {action: self.world.jira.issue_fields(key) for action, key in keys.items()}
        fixes = [
            fields["A1"]["assignee"] == person(1, cloud=True),  # the store keeps accountIds
            fields["A2"]["duedate"] == (TODAY + timedelta(days=14)).isoformat(),
            fields["N"]["status"] == "10000",
            any("reopened" in plain_text(body) for body in self.world.comments(keys["N"])),
        ]
        return {a: len(self.world.comments(k)) for a, k in keys.items()}, fixes


@dataclass(frozen=True)
class Expected:
    """What the same passes leave without a fault: comments per action, messages per (kind, action)."""

    comments: dict[str, int]
    messages: Counter[tuple[str, str]]


def by_action(sent: Counter[tuple[str, str]], keys: dict[str, str]) -> Counter[tuple[str, str]]:
    """Messages by (kind, action); one about an issue of another case is kept under its key (a duplicate)."""
    actions = {key: action for action, key in keys.items()}
    return Counter({(kind, actions.get(key, key)): n for (kind, key), n in sent.items()})


def lost_and_duplicates(
    got: dict[str, int], sent: Counter[tuple[str, str]], fixes: list[bool], clean: Expected
) -> tuple[int, int]:
    lost = sum(max(clean.comments[a] - got[a], 0) for a in ACTIONS) + fixes.count(False)
    duplicates = sum(max(got[a] - clean.comments[a], 0) for a in ACTIONS)
    for item in clean.messages.keys() | sent.keys():
        lost += max(clean.messages[item] - sent[item], 0)
        duplicates += max(sent[item] - clean.messages[item], 0)
    return lost, duplicates


CLEAN: dict[bool, Expected] = {}  # per flavour


def clean_run(bench: Bench) -> Expected:
    bench.fresh()
    keys = bench.seed()
    bench.run_once()
    sent = by_action(bench.passes(), keys)
    got, fixes = bench.outcome(keys)
    assert all(fixes) and got["E"] == 2 and got["R"] == 1 and sent[("escalate", "E")] == 1, (got, fixes, sent)
    return Expected(got, sent)


def make_bench(cloud: bool, ledger_dir: Path) -> Bench:
    made = Bench(make_world(cloud), boto3.client("sns"), ledger_dir, count(100))
    # A topic of its own with no subscriber: publishing to it is cheap, and what was published is counted.
    made.world.topic = made.sns.create_topic(Name=f"owners-faults-{uuid.uuid4().hex[:8]}")["TopicArn"]
    made.fresh()
    return made


@pytest.fixture(scope="module", params=[True, False], ids=["cloud", "datacenter"])
def bench(
    request: pytest.FixtureRequest, moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Bench]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        patch.setenv("AWS_MAX_ATTEMPTS", "1")
        made = make_bench(request.param, tmp_path_factory.mktemp("ledgers"))
        yield made
        made.world.jira.stop()


@pytest.mark.parametrize("kind", REQUESTS, ids=[k.name for k in REQUESTS])
def test_enforcement_under_each_fault_loses_nothing_and_sends_nothing_twice(
    tally: Tally, bench: Bench, kind: RequestKind
) -> None:
    flavour = "cloud" if bench.world.cloud else "datacenter"
    clean = CLEAN.get(bench.world.cloud) or CLEAN.setdefault(bench.world.cloud, clean_run(bench))
    failures: list[str] = []
    for spec, duration, times in plan():
        if True:
            with tally.case("jira enforcement", f"{flavour}: {spec.name} on {kind.name} ({duration})") as case:
                bench.fresh()
                keys = bench.seed()
                path = kind.path.format(**keys)
                faults = bench.world.jira.faults
                if kind.skip:
                    faults.add(Fault(FaultKind.SLOW, kind.method, path, times=kind.skip))  # let these through
                faults.add(spec.fault(kind.method, path, times))
                bench.run_once()
                fired = faults.pending() == [] or duration == "outage"
                faults.clear()
                sent = by_action(bench.passes(), keys)
                got, fixes = bench.outcome(keys)
                case.lost, case.duplicates = lost_and_duplicates(got, sent, fixes, clean)
                if not fired or case.lost or case.duplicates:
                    failures.append(
                        f"{spec.name} ({duration}): fired={fired} lost={case.lost} "
                        f"duplicates={case.duplicates} comments={got} sent={dict(sent)} fixes={fixes}"
                    )
    assert failures == []
