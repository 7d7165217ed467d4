"""Lambda: the daily enforcement run. Thin: parse the schedule event, run the enforcer, return its report.

"Today" is the schedule event's `time`, so a redelivered event decides as the first delivery did. No
idempotency layer: fixes are idempotent in Jira, and every reminder, flag and escalation is claimed in
the table's ledger before it is sent, so a rerun (or a second delivery) sends nothing twice.

Environment: TABLE_NAME, JIRA_SECRET_ARN, TOPIC_ARN (reminders for services without a topic of their own),
CLOSELOOP_JIRA_PROJECT, CLOSELOOP_OWNERSHIP_PARAMETER, CLOSELOOP_POLICY_PARAMETER (SSM parameters, config.py).
"""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel

from handlers.actions.jira_api import JiraApi
from handlers.actions.outbox import DynamoOutbox
from handlers.actions.settings import from_secret
from handlers.enforcement.config import ownership_from_env, policy_from_env, service_lookup
from handlers.enforcement.ledger import DynamoLedger
from handlers.enforcement.notify import SnsNotifier
from handlers.enforcement.service import Enforcer

logger = Logger(service="closeloop-enforcement")


@dataclass(frozen=True)
class Dependencies:
    connect: Callable[[], JiraApi]
    make: Callable[[JiraApi], Enforcer]


def dependencies(environ: Mapping[str, str], dynamodb: Any, secrets: Any, sns: Any, ssm: Any = None) -> Dependencies:
    ownership, policy = ownership_from_env(environ, ssm), policy_from_env(environ, ssm)
    table_name = environ["TABLE_NAME"]
    service_of = service_lookup(DynamoOutbox(dynamodb, table_name))
    ledger, notify = DynamoLedger(dynamodb, table_name), SnsNotifier(sns, environ.get("TOPIC_ARN"))
    return Dependencies(
        connect=lambda: JiraApi.connect(from_secret(secrets, environ["JIRA_SECRET_ARN"], environ)),
        make=lambda api: Enforcer(api, ownership, policy, ledger, notify, service_of),
    )


@cache
def configured() -> Dependencies:
    clients = (boto3.client(name) for name in ("dynamodb", "secretsmanager", "sns", "ssm"))
    return dependencies(os.environ, *clients)


def handle(event: dict[str, Any], deps: Dependencies) -> dict[str, Any]:
    schedule = parse(event=event, model=EventBridgeModel)
    report = deps.make(deps.connect()).run(schedule.time.date()).as_json()
    logger.info("enforced", extra={"issues": report["issues"], "counts": report["counts"]})
    return report


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle(event, configured())
