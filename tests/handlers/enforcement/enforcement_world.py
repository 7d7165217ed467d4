"""A local Jira holding action issues in every state enforcement cares about, plus the table and a topic.

Issues are written straight into the stand-in's store (their `created` date and status set as a test
needs them); everything enforcement does then goes over HTTP through the real `jira` client.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import boto3

from domain.ownership import DEFAULT_POLICY, OwnershipMap, ServiceOwner
from generator.standins.jira import JiraStandin
from generator.standins.jira.store import ISSUE_TYPES, PRIORITIES, find_named
from handlers.actions.jira_api import JiraApi, RetryPolicy
from handlers.actions.settings import JiraSettings
from handlers.enforcement.ledger import DynamoLedger
from handlers.enforcement.notify import SnsNotifier
from handlers.enforcement.service import Enforcer
from tests.domain.closeloop_table import create_table
from tests.handlers.actions.jira_world import PEOPLE, TOKEN, seeded_standin

TODAY = date(2026, 11, 29)
SERVICE = "checkout"
DONE_STATUS = "10002"


def person(index: int, cloud: bool) -> str:
    """The Jira key of a fixture person: accountId on Cloud, username on Data Center."""
    return PEOPLE[index][2] if cloud else PEOPLE[index][3]


@dataclass
class EnforcementWorld:
    jira: JiraStandin
    table: str
    topic: str
    queue_url: str
    slept: list[float] = field(default_factory=list)

    @property
    def cloud(self) -> bool:
        return self.jira.cloud

    @property
    def settings(self) -> JiraSettings:
        login = PEOPLE[0][1] if self.cloud else PEOPLE[0][3]
        return JiraSettings(url=self.jira.url, email=login, token=TOKEN, project="OPS", timeout=5)

    def api(self) -> JiraApi:
        return JiraApi.connect(self.settings, RetryPolicy(attempts=3, sleep=self.slept.append))

    def api_as(self, index: int) -> JiraApi:
        """A client logged in as fixture person `index` (their comments are theirs: approvals, for one)."""
        login = PEOPLE[index][1] if self.cloud else PEOPLE[index][3]
        settings = self.settings.model_copy(update={"email": login})
        return JiraApi.connect(settings, RetryPolicy(attempts=3, sleep=self.slept.append))

    @property
    def ownership(self) -> OwnershipMap:
        owner = ServiceOwner(owner=person(1, self.cloud), escalation=person(2, self.cloud), sns_topic=self.topic)
        return OwnershipMap(services={SERVICE: owner})

    def enforcer(self, api: JiraApi | None = None) -> Enforcer:
        ledger = DynamoLedger(boto3.client("dynamodb"), self.table)
        service_of = {"INC-42": SERVICE}.get
        return Enforcer(
            api or self.api(), self.ownership, DEFAULT_POLICY, ledger, SnsNotifier(boto3.client("sns")), service_of
        )

    def add_action(
        self,
        action_id: str,
        *,
        priority: str = "High",
        assignee: int | None = 0,
        due: date | None = None,
        created: date = date(2026, 11, 1),
        done: bool = False,
        labels: tuple[str, ...] = (),
        incident: str = "INC-42",
    ) -> str:
        store = self.jira.store
        with store.lock:
            project = store.project("OPS")
            assert project is not None
            fields: dict[str, Any] = {
                "summary": f"Add safeguard {action_id}",
                "labels": ["closeloop", f"closeloop:{incident}:{action_id}", *labels],
                "status": DONE_STATUS if done else "10000",
                "issuetype": find_named(ISSUE_TYPES, "Task"),
                "priority": find_named(PRIORITIES, priority),
                "reporter": project.lead,
                "assignee": None if assignee is None else PEOPLE[assignee][2],  # the store keeps accountIds
                "duedate": due.isoformat() if due else None,
                "updated": f"{created.isoformat()}T09:00:00.000+0000",
            }
            issue = store.new_issue(project, fields)
            issue.created = f"{created.isoformat()}T09:00:00.000+0000"
            return issue.key

    def comments(self, key: str) -> list[Any]:
        with self.jira.store.lock:
            return [c.body for c in self.jira.store.issues[key].comments]

    def messages(self) -> list[dict[str, Any]]:
        """Every SNS message the topic delivered to the test's queue so far."""
        sqs = boto3.client("sqs")
        found: list[dict[str, Any]] = []
        while True:
            answer = sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
            if not answer.get("Messages"):
                return found
            for message in answer["Messages"]:
                found.append(dict(message))
                sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])


def make_world(cloud: bool) -> EnforcementWorld:
    """Needs `aws_env`: the table, a topic and a queue subscribed to it are made on the emulator."""
    suffix = uuid.uuid4().hex[:8]
    table = f"closeloop-{suffix}"
    create_table(table)
    topic = boto3.client("sns").create_topic(Name=f"owners-{suffix}")["TopicArn"]
    sqs = boto3.client("sqs")
    queue_url = sqs.create_queue(QueueName=f"owners-{suffix}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    boto3.client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    return EnforcementWorld(seeded_standin(cloud), table, topic, queue_url)
