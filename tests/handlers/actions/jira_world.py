"""A local Jira seeded for the push tests: the fixture postmortems' people, project OPS and ticket OPS-1."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from domain.postmortem import Postmortem
from generator.cli.actions import incident_context
from generator.postmortem.loader import read_file
from generator.standins.jira import JiraStandin
from handlers.actions.jira_api import JiraApi, RetryPolicy
from handlers.actions.outbox import IncidentContext
from handlers.actions.service import ConfirmPolicy
from handlers.actions.settings import JiraSettings
from tests.conftest import FIXTURES

# display name, email, Cloud accountId, Data Center username: as the fixture postmortems name them
PEOPLE = (
    ("Priya Raman", "priya.raman@example.com", "712020:5b10ac8d-82e0-4b22-8c7d-4ef5a1b2c3d4", "priya"),
    ("Tomas Lindqvist", "tomas@example.com", "712020:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "tomas"),
    ("Grace Okafor", "grace.okafor@example.com", "712020:99aa88bb-77cc-66dd-55ee-44ff33aa22bb", "grace"),
)
TOKEN = "token-for-tests"
# Tests never sleep: waits are recorded instead, and checked where they matter.
NO_WAIT_CONFIRM = ConfirmPolicy(searches=4, delay=0.25)
# How often the stack's schedule retries what is queued (handler_specs: rate(15 minutes)).
RETRY_INTERVAL = 15 * 60.0


@dataclass
class ManualClock:
    """The one clock of a test run: the push, its waits and the stand-in's index lag all read it; sleeping
    moves it on without waiting."""

    at: datetime = field(default_factory=lambda: datetime(2026, 12, 1, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.at

    def seconds(self) -> float:
        return self.at.timestamp()

    def sleep(self, seconds: float) -> None:
        self.at += timedelta(seconds=max(seconds, 0.0))


def postmortem_file(cloud: bool) -> Path:
    return FIXTURES / "actions" / ("cloud.yaml" if cloud else "datacenter.yaml")


def seeded_standin(cloud: bool, clock: ManualClock | None = None) -> JiraStandin:
    jira = (JiraStandin(cloud=cloud, clock=clock.seconds) if clock else JiraStandin(cloud=cloud)).start()
    users = [jira.add_user(d, e, account_id=a, name=n, token=TOKEN) for d, e, a, n in PEOPLE]
    project = jira.add_project("OPS", "Operations", lead=users[0])
    jira.add_issue(project, "INC-42: Checkout errors after the payments client release", "Bug")  # OPS-1
    return jira


@dataclass
class World:
    jira: JiraStandin
    postmortem: Postmortem
    clock: ManualClock = field(default_factory=ManualClock)
    slept: list[float] = field(default_factory=list)

    @property
    def cloud(self) -> bool:
        return self.jira.cloud

    @property
    def incident(self) -> IncidentContext:
        return incident_context(self.postmortem)

    @property
    def settings(self) -> JiraSettings:
        login = PEOPLE[0][1] if self.cloud else PEOPLE[0][3]
        return JiraSettings(
            url=self.jira.url,
            email=login,
            token=TOKEN,
            project="OPS",
            incident_url="https://closeloop.example.com/incidents/{incident_id}",
            timeout=5,
        )

    @property
    def confirm(self) -> ConfirmPolicy:
        """The push's confirming searches and index-lag bound, on the world's clock."""
        return ConfirmPolicy(searches=NO_WAIT_CONFIRM.searches, delay=NO_WAIT_CONFIRM.delay, now=self.clock.now)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.sleep(seconds)

    def connect(self, attempts: int = 5) -> Callable[[], JiraApi]:
        return lambda: JiraApi.connect(self.settings, RetryPolicy(attempts=attempts, sleep=self.sleep))


def world(cloud: bool) -> World:
    clock = ManualClock()
    return World(seeded_standin(cloud, clock), read_file(postmortem_file(cloud)).postmortem, clock)
