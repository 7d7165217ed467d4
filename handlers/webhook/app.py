"""Lambda behind a function URL: Jira's issue webhooks. Thin: verify, parse, claim the delivery, react.

Refused with no side effect: too large (413: over the function URL's 6 MB), unsigned (401) or not
`sha256=<hex>` (403), both before the secret is even read; badly signed (403), malformed (400: not JSON,
not an issue webhook, no delivery id, a timestamp no date can hold), from the future (400: stamped more
than FUTURE_SKEW ahead of our clock), stale (409: sent more than a day ago), replayed (409: the delivery
id, in any letter case, or the very same signed body was handled already) or held (503 with Retry-After:
another invocation is handling the same delivery, or died doing so and its claim has not lapsed yet).
The function URL has no IAM auth: the signature is the authentication. The shared secret is
`webhook_secret` in the stack's Jira secret, re-read every few minutes (`secrets.SECRET_TTL`); during a
rotation `webhook_secret_previous` verifies too, until `webhook_secret_previous_until`.

Environment: TABLE_NAME, JIRA_SECRET_ARN, CLOSELOOP_JIRA_PROJECT, CLOSELOOP_OWNERSHIP_PARAMETER,
CLOSELOOP_POLICY_PARAMETER (SSM parameters, handlers/enforcement/config.py).
"""

import base64
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import LambdaFunctionUrlResolver, Response, content_types
from pydantic import ValidationError

from domain.clock import Clock, system_now
from domain.timeline_store import TimelineStore
from handlers.actions.jira_api import JiraApi
from handlers.actions.outbox import DynamoOutbox
from handlers.actions.settings import from_secret
from handlers.enforcement.config import ownership_from_env, policy_from_env
from handlers.enforcement.ledger import DynamoLedger
from handlers.webhook.deliveries import FRESH, LEASE, Claim, Deliveries
from handlers.webhook.models import IssueWebhook
from handlers.webhook.order import ActionOrder
from handlers.webhook.secrets import secret_reader
from handlers.webhook.service import WebhookContext, react
from handlers.webhook.signature import Verdict, shape, verify

SIGNATURE_HEADER = "X-Hub-Signature"
DELIVERY_HEADER = "X-Atlassian-Webhook-Identifier"
MAX_BODY_BYTES = 6 * 1024 * 1024  # a function URL passes at most 6 MB; nothing larger is Jira's
logger = Logger(service="closeloop-webhook")
resolver = LambdaFunctionUrlResolver()


FUTURE_SKEW = timedelta(minutes=5)  # clocks drift a little; a delivery from further ahead is not Jira's


@dataclass(frozen=True)
class Dependencies:
    secret: Callable[[], list[bytes]]  # the secrets a signature may be made with now (a rotation: two)
    deliveries: Deliveries
    context: WebhookContext

    @property
    def now(self) -> Callable[[], datetime]:
        return self.context.now


def dependencies(
    environ: Mapping[str, str],
    dynamodb: Any,
    secrets: Any,
    now: Clock = system_now,
    ssm: Any = None,
) -> Dependencies:
    table_name, secret_id = environ["TABLE_NAME"], environ["JIRA_SECRET_ARN"]
    context = WebhookContext(
        connect=lambda: JiraApi.connect(from_secret(secrets, secret_id, environ)),
        ownership=ownership_from_env(environ, ssm),
        policy=policy_from_env(environ, ssm),
        outbox=DynamoOutbox(dynamodb, table_name),
        timeline=TimelineStore(dynamodb, table_name),
        project=environ["CLOSELOOP_JIRA_PROJECT"],
        order=ActionOrder(dynamodb, table_name),
        now=now,
        ledger=DynamoLedger(dynamodb, table_name),
    )
    return Dependencies(secret_reader(secrets, secret_id, now), Deliveries(dynamodb, table_name), context)


@cache
def configured() -> Dependencies:
    return dependencies(os.environ, boto3.client("dynamodb"), boto3.client("secretsmanager"), ssm=boto3.client("ssm"))


def answer(status: int, message: str, **extra: Any) -> Response[str]:
    body = json.dumps({"message": message, **extra})
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body)


def receive(body: bytes, headers: Mapping[str, str], deps: Dependencies) -> Response[str]:
    if len(body) > MAX_BODY_BYTES:
        return answer(413, f"too large: {len(body)} bytes, at most {MAX_BODY_BYTES} (the function URL's limit)")
    signature = headers.get(SIGNATURE_HEADER.lower())
    early = shape(signature)  # no secret read, no AWS call: a flood of unsigned requests costs only this
    if early is not Verdict.VALID:
        return answer(401, f"unsigned: {SIGNATURE_HEADER} is required") if early is Verdict.UNSIGNED else (
            answer(403, f"bad signature ({early.value})"))  # fmt: skip
    verdicts = [verify(secret, body, signature) for secret in deps.secret()]
    if Verdict.VALID not in verdicts:
        return answer(403, f"bad signature ({verdicts[0].value})")
    delivery = headers.get(DELIVERY_HEADER.lower(), "").strip()
    if not delivery:
        return answer(400, f"malformed: no {DELIVERY_HEADER}")
    try:
        hook = IssueWebhook.model_validate_json(body)
    except ValidationError as error:
        return answer(
            400, "malformed: not a Jira issue webhook", errors=error.errors(include_url=False, include_input=False)
        )
    now = deps.now()
    if hook.sent_at - now > FUTURE_SKEW:
        return answer(400, f"from the future: stamped {hook.sent_at.isoformat()}, more than {FUTURE_SKEW} ahead")
    if now - hook.sent_at > FRESH:
        return answer(409, "stale: sent more than a day ago")
    taken: list[str] = []
    for key in delivery_claims(delivery, body):
        claimed = deps.deliveries.claim(key, now)
        if claimed is Claim.TAKEN:
            taken.append(key)
            continue
        release(deps, taken)
        if claimed is Claim.DONE_BEFORE:
            return answer(409, f"replayed: delivery {delivery} (or its body) was received before")
        held = answer(503, f"delivery {delivery} is being handled: send it again later")
        held.headers["Retry-After"] = str(int(LEASE.total_seconds()))
        return held
    try:
        reaction = react(hook, deps.context)
    except Exception:
        release(deps, taken)  # Jira's retry of this delivery will be handled, not refused
        raise
    for key in taken:
        try:
            deps.deliveries.done(key)
        except Exception:  # handled: Jira must not send it again; a lapsed claim only lets a replay through later
            logger.exception("could not mark the delivery done", extra={"delivery": key})
    logger.info("webhook", extra={"delivery": delivery, "event": hook.webhook_event, "done": reaction.done,
                                  "ignored": reaction.ignored})  # fmt: skip
    if reaction.ignored:
        return answer(200, "ignored", done=reaction.done, ignored=reaction.ignored)
    return answer(200, "ok", done=reaction.done)


def delivery_claims(delivery: str, body: bytes) -> list[str]:
    """What a delivery claims: its id (in any letter case) and its signed bytes, which a replay under a new
    identifier carries unchanged. Both expire after deliveries.KEEP, longer than a delivery stays FRESH."""
    return [f"id:{delivery.lower()}", f"body:{hashlib.sha256(body).hexdigest()}"]


def release(deps: Dependencies, taken: list[str]) -> None:
    for key in taken:
        try:
            deps.deliveries.release(key)
        except Exception:  # the claim lapses after its lease instead; the handling error is the one to see
            logger.exception("could not release the delivery's claim", extra={"delivery": key})


@resolver.post("/")
def webhook() -> Response[str]:
    event = resolver.current_event
    headers = {name.lower(): value for name, value in (event.headers or {}).items()}
    # The signature covers the bytes Jira sent: decode base64 ourselves rather than through text.
    raw = event.body or ""
    body = base64.b64decode(raw) if event.is_base64_encoded else raw.encode()
    return receive(body, headers, configured())


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return resolver.resolve(event, context)
