"""Lambda: push queued prevention actions to Jira. Thin: parse the event, call the service, return its report.

Three event shapes: a schedule (EventBridge: push every queued action of every incident, the retry that
makes "queued" mean "not yet", never "lost"); a direct invocation `{"incident_id": "INC-42"}` (a runbook
step or `aws lambda invoke`: push that incident's queued actions); and the table's DynamoDB stream, if
one is attached (an action item written or changed by `enqueue`: push that incident). The push's own
writes (state `pushed`, or a failed attempt's reason) do not change an action's content, so the stream
does not loop on them.

No idempotency layer is needed: a redelivered event repeats a push, and a push is idempotent in Jira
itself (each action's issue is found by its label before anything is created). Pushes of one incident
never overlap (the schedule and the stream can start two at once): each takes the incident's lease in
the table first and reads the outbox only then; one that finds the lease held leaves that incident to
its holder, says so in its report, and the schedule's next run picks up anything left.

Environment: TABLE_NAME, JIRA_SECRET_ARN (the stack's secret), CLOSELOOP_JIRA_PROJECT, and
optionally CLOSELOOP_JIRA_ISSUE_TYPE, CLOSELOOP_JIRA_LINK_TYPE, CLOSELOOP_INCIDENT_URL. Clients are made
once per container, on first use.
"""

import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.parser.models import DynamoDBStreamModel, EventBridgeModel
from pydantic import BaseModel, ConfigDict

from domain import table
from domain.incident_id import IncidentId
from handlers.actions.jira_api import JiraApi, once
from handlers.actions.lease import LEASE_SECONDS, Busy, DynamoLease, Lease, held
from handlers.actions.outbox import DynamoOutbox, Outbox, OutboxState
from handlers.actions.report import PushReport
from handlers.actions.service import push
from handlers.actions.settings import from_secret

TABLE_ENV = "TABLE_NAME"
SECRET_ENV = "JIRA_SECRET_ARN"
logger = Logger(service="closeloop-actions")


class PushRequest(BaseModel):
    """A direct invocation: push one incident's queued actions."""

    model_config = ConfigDict(extra="forbid")

    incident_id: IncidentId


@dataclass(frozen=True)
class Dependencies:
    outbox: Outbox
    connect: Callable[[], JiraApi]
    lease: Lease


def dependencies(environ: Mapping[str, str], dynamodb: Any, secrets: Any) -> Dependencies:
    """The outbox on the table and a Jira connection from the secret (read when a push needs it)."""
    secret_id = environ[SECRET_ENV]
    holder = f"the actions function ({uuid.uuid4().hex[:12]})"
    return Dependencies(
        outbox=DynamoOutbox(dynamodb, environ[TABLE_ENV]),
        connect=lambda: JiraApi.connect(from_secret(secrets, secret_id, environ)),
        lease=DynamoLease(dynamodb, environ[TABLE_ENV], holder, LEASE_SECONDS),
    )


@cache
def configured() -> Dependencies:
    return dependencies(os.environ, boto3.client("dynamodb"), boto3.client("secretsmanager"))


def changed_incidents(event: dict[str, Any]) -> set[str]:
    """Incidents with an action item that `enqueue` wrote: new, or with new content, and not pushed."""
    incidents: set[str] = set()
    for record in parse(event=event, model=DynamoDBStreamModel).Records:
        change = record.dynamodb
        new, old = change.NewImage, change.OldImage
        if not isinstance(new, dict) or not str(new.get(table.SORT_KEY, "")).startswith("ACTION#"):
            continue
        if new.get("state") == OutboxState.PUSHED.value:
            continue
        if isinstance(old, dict) and old.get("content_hash") == new.get("content_hash"):
            continue  # the push's own bookkeeping, not new work
        incidents.add(str(new[table.PARTITION_KEY]).removeprefix("INCIDENT#"))
    return incidents


def work(event: dict[str, Any], outbox: Outbox) -> list[str]:
    """The incidents with actions to push."""
    if "Records" in event:
        return sorted(changed_incidents(event))
    if "incident_id" in event:
        return [parse(event=event, model=PushRequest).incident_id]
    parse(event=event, model=EventBridgeModel)  # a schedule; anything else is refused here, loudly
    return sorted({entry.incident.id for entry in outbox.pending()})


def handle(event: dict[str, Any], deps: Dependencies) -> dict[str, Any]:
    report, connect = PushReport(dry_run=False), once(deps.connect)  # one Jira connection for every incident
    for incident_id in work(event, deps.outbox):
        try:
            with held(deps.lease, incident_id):  # read the outbox only once no other push of it runs
                entries = [e for e in deps.outbox.entries(incident_id) if e.state != OutboxState.PUSHED]
                if entries:
                    report.results += push(entries, deps.outbox, connect).results
        except Busy as busy:
            logger.info(str(busy))
            report.busy.append(str(busy))
    if not report.results and not report.busy:
        return {"dry_run": False, "counts": {}, "actions": []}
    answer = report.as_json()
    logger.info("pushed actions", extra={"counts": answer["counts"]})
    return answer


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle(event, configured())
