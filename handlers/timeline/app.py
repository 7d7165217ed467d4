"""The timeline Lambda: parse the event, record it once, return what happened.

Idempotent twice over: powertools' idempotency layer (records in the closeloop table, partition
`IDEMPOTENCY#timeline`, expiring on the table's TTL) answers a redelivered event from its first result,
and the event's content-derived id with a conditional write keeps even a new delivery of an old fact
from writing it twice. Clients are made once per container, on first use (not at import, so a cold
start pays for them only when an event arrives).
"""

import os
from collections.abc import Callable
from functools import cache
from typing import Any

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent,
)
from aws_lambda_powertools.utilities.parser import parse

from domain import table
from domain.clock import Clock, system_now
from domain.documents import DEFAULT_DOCUMENTS, StackDocuments
from domain.timeline_store import TimelineStore
from handlers.timeline import service
from handlers.timeline.accounts import ClientMaker, Clients, Home, Readers
from handlers.timeline.models import REQUEST

TABLE_ENV = "TABLE_NAME"
# EventBridge retries a failed delivery for up to 24 hours; a repeat within that window is answered from the record.
IDEMPOTENCY_SECONDS = 24 * 60 * 60

logger = Logger(service="closeloop-timeline")
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def build(
    clients: Clients,
    table_name: str,
    clock: Clock = system_now,
    documents: StackDocuments = DEFAULT_DOCUMENTS,
    sts: Any | None = None,
    make: ClientMaker | None = None,
) -> Handler:
    """The handler for these clients and table: parse, record, answer; idempotent on the whole event.

    `clock` stamps what the handler records: the real clock in Lambda, a drill's virtual one in the drill.
    `documents` says which runbooks are this stack's (its prefix and document bases, from the environment).
    With `sts` and `make` (boto3.client's shape), an event of a member account is read there, through the
    member's timeline reader (accounts.py); without, it is dropped as unreadable."""
    persistence = DynamoDBPersistenceLayer(
        table_name=table_name,
        key_attr=table.PARTITION_KEY,
        sort_key_attr=table.SORT_KEY,
        static_pk_value=table.idempotency_pk("timeline"),
        expiry_attr=table.TTL_ATTRIBUTE,
        boto3_client=clients.dynamodb,
    )
    store = TimelineStore(clients.dynamodb, table_name)
    readers = Readers(clients, sts, documents.prefix, make, clock)

    @idempotent(persistence_store=persistence, config=IdempotencyConfig(expires_after_seconds=IDEMPOTENCY_SECONDS))
    def record(event: dict[str, Any], context: Any) -> dict[str, Any]:
        request = parse(event=event, model=REQUEST)  # type: ignore[call-overload]
        home = Home.of_function(str(getattr(context, "invoked_function_arn", "")))
        outcome = service.handle(request, store, readers, clock(), documents, home)
        logger.info("timeline event handled", extra=outcome.to_dict())
        return outcome.to_dict()

    return record


@cache
def configured() -> Handler:
    """The handler for this container: the table and the stack's documents from the environment, clients made once."""
    clients = Clients(boto3.client("dynamodb"), boto3.client("ssm"), boto3.client("cloudwatch"))
    documents = StackDocuments.from_environment(os.environ)
    table_name = os.environ.get(TABLE_ENV, "closeloop")
    return build(clients, table_name, documents=documents, sts=boto3.client("sts"), make=boto3.client)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return configured()(event, context)
