"""The drill's Jira: the local Jira-compatible server (Cloud flavour), seeded with the scenario's people,
its project and the incident ticket; and the push of the postmortem's actions through the real service
(handlers/actions/service.py) with the stack's table as the outbox."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from domain.clock import Clock, system_now
from domain.postmortem import Postmortem
from generator.cli.actions import incident_context
from generator.drill.scenario import Scenario
from generator.standins.jira import JiraStandin
from handlers.actions.jira_api import JiraApi, RetryPolicy
from handlers.actions.outbox import DynamoOutbox
from handlers.actions.report import PushReport
from handlers.actions.service import enqueue, push
from handlers.actions.settings import JiraSettings

TOKEN = "closeloop-drill-token"


@dataclass
class DrillJira:
    standin: JiraStandin
    accounts: dict[str, str]  # username -> accountId
    settings: JiraSettings

    def connect(self) -> Callable[[], JiraApi]:
        return lambda: JiraApi.connect(self.settings, RetryPolicy(attempts=3, base_delay=0.2))

    def issue_summary(self, key: str) -> str:
        return str(self.standin.issue_fields(key).get("summary", ""))


def start_jira(scenario: Scenario, incident_id: str, now: Clock = system_now) -> tuple[DrillJira, str]:
    """A started, seeded Jira and the incident ticket's key; the caller stops `standin`. `now` stamps its
    webhook deliveries (the drill's clock)."""
    standin = JiraStandin(cloud=True, now=now).start()
    users = [standin.add_user(p.display_name, p.email, name=p.username, token=TOKEN) for p in scenario.people]
    project = standin.add_project(scenario.jira_project, f"{scenario.service} operations", lead=users[0])
    ticket = standin.add_issue(project, f"{incident_id}: {scenario.title}", "Bug")
    settings = JiraSettings(
        url=standin.url,
        email=scenario.people[0].email,
        token=TOKEN,
        project=scenario.jira_project,
        incident_url="urn:closeloop:incident:{incident_id}",
        timeout=10,
    )
    accounts = {p.username: u.account_id for p, u in zip(scenario.people, users, strict=True)}
    return DrillJira(standin, accounts, settings), ticket.key


def push_actions(
    jira: DrillJira, postmortem: Postmortem, dynamodb: object, table_name: str, region: str, rendered: Path
) -> PushReport:
    """Push through the real service; each issue links to the rendered postmortem (a file the drill keeps)."""
    outbox = DynamoOutbox(dynamodb, table_name)
    incident = incident_context(postmortem, region, rendered.resolve().as_uri())
    entries = enqueue(outbox, incident, postmortem.actions)
    return push(entries, outbox, jira.connect())
