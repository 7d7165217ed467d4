"""The drill's webhook stage: an owner resolves an action's issue in Jira, and the deployed webhook records it.

As in an account: the stack's webhook function (its package, run by the emulator's Lambda runtime) sits behind
its function URL on the emulator's port; the Jira administrator registered that URL as a webhook with the
secret the stack generated (`webhook_secret` in the stack's Jira secret); the stack was deployed with the
scenario's Jira project (JiraProject, the function's CLOSELOOP_JIRA_PROJECT). The owner moves the issue to
Done over Jira's REST API with their own account; the local Jira sends the signed `jira:issue_updated`
delivery to the URL over HTTP; the function verifies it and marks the action done in the outbox and on the
incident's timeline. Nothing here calls the handler.
"""

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import requests

from domain.timeline import Kind
from domain.timeline_store import TimelineStore
from generator.drill.enforcement_stage import LOCAL_SECRET, put_jira_credentials
from generator.drill.jira import TOKEN
from generator.stack.topic_and_secret import WEBHOOK_SECRET_FIELD
from handlers.actions.outbox import DynamoOutbox

if TYPE_CHECKING:
    from generator.drill.seams import LoopState

DONE_TRANSITION = "31"


class WebhookStageError(Exception):
    """The resolution did not come back through the webhook; the message says where it stopped."""


@dataclass(frozen=True)
class WebhookResult:
    issue: str
    action_id: str
    owner: str
    delivery_status: int | None
    timeline_text: str
    outbox_status: str

    def lines(self) -> list[str]:
        return [
            f"{self.owner} resolved {self.issue} (action {self.action_id}) as Done in Jira",
            f"Jira's signed delivery to the webhook's function URL: HTTP {self.delivery_status}",
            f"timeline: {self.timeline_text}; outbox: {self.outbox_status}",
        ]


def configure_webhook(state: "LoopState") -> str:
    """The function deployed with the scenario's project, its secret holding the Jira credentials, and its URL
    registered in Jira with the secret; returns the URL."""
    function = state.outputs.get("WebhookHandlerName")
    if function is None:
        raise WebhookStageError("the stack has no output WebhookHandlerName: it deployed no webhook function")
    lam, secrets = state.clients.client("lambda"), state.clients.client("secretsmanager")
    variables = dict(lam.get_function_configuration(FunctionName=function).get("Environment", {}).get("Variables", {}))
    secret = variables.get("JIRA_SECRET_ARN") or str(secrets.describe_secret(SecretId=LOCAL_SECRET)["ARN"])
    variables |= {"JIRA_SECRET_ARN": secret, "CLOSELOOP_JIRA_PROJECT": state.scenario.jira_project}
    lam.update_function_configuration(FunctionName=function, Environment={"Variables": variables})
    put_jira_credentials(state, secret)
    shared = json.loads(secrets.get_secret_value(SecretId=secret)["SecretString"]).get(WEBHOOK_SECRET_FIELD)
    if not shared:
        raise WebhookStageError(f"the stack's secret {secret} holds no {WEBHOOK_SECRET_FIELD}")
    url = str(lam.get_function_url_config(FunctionName=function)["FunctionUrl"])
    state.jira.standin.add_webhook(url, shared)
    return url


def webhook_stage(state: "LoopState") -> WebhookResult:
    if not state.issue_keys:
        raise WebhookStageError("no action issue to resolve")
    configure_webhook(state)
    key = state.issue_keys[0]
    fields = state.jira.standin.issue_fields(key)
    owner = next((p for p in state.scenario.people if state.jira.accounts[p.username] == fields.get("assignee")), None)
    if owner is None:
        raise WebhookStageError(f"{key} has no assignee among the scenario's people to resolve it")
    answer = requests.post(
        f"{state.jira.settings.url}/rest/api/3/issue/{key}/transitions",
        json={"transition": {"id": DONE_TRANSITION}},
        auth=(owner.email, TOKEN),
        timeout=30,
    )
    if answer.status_code != 204:
        raise WebhookStageError(f"Jira refused {owner.display_name}'s transition of {key}: {answer.status_code}")
    deliveries = [d for d in state.jira.standin.settle_webhooks() if d.issue == key]
    status = deliveries[-1].status if deliveries else None
    if status != 200:
        said = deliveries[-1].answer if deliveries else "no delivery was sent"
        raise WebhookStageError(f"the webhook answered {key}'s delivery with {status}: {said}")
    dynamodb = state.clients.client("dynamodb")
    notes = [
        e for e in TimelineStore(dynamodb, state.table).events(state.incident_id)
        if e.kind is Kind.NOTE and e.source == f"jira:{key}"
    ]  # fmt: skip
    entry = next(
        (e for e in DynamoOutbox(dynamodb, state.table).entries(state.incident_id) if e.issue_key == key), None
    )
    if not notes or entry is None:
        raise WebhookStageError(f"{key}'s resolution is not on {state.incident_id}'s timeline or in its outbox")
    return WebhookResult(key, entry.action.id, owner.display_name, status, notes[-1].text, entry.action.status.value)
