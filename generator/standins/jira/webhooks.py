"""Webhook deliveries, as Jira sends them: after an issue changes, a `jira:issue_updated` body (the issue as it
is now, the user who changed it, the changelog of what changed) is POSTed to every registered webhook that
listens for it, signed with the webhook's secret (`X-Hub-Signature: sha256=<HMAC-SHA256 of the raw body>`,
FACTS.md) and identified by `X-Atlassian-Webhook-Identifier`. Jira sends after the change is saved, in the
background; `settle()` waits until every queued delivery has been answered. A failed delivery is kept with
its status (Jira retries 5xx and 429 a few times; not modelled: the test or drill reads `deliveries`).
"""

import hashlib
import hmac
import json
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import requests

from generator.standins.jira.store import STATUSES, Issue, JiraStore, JsonObject, User, find_named

ISSUE_UPDATED = "jira:issue_updated"
BOOKKEEPING = ("updated", "statuscategorychangedate", "resolutiondate", "lastViewed")


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: str | None
    events: tuple[str, ...] = (ISSUE_UPDATED,)


@dataclass
class Delivery:
    identifier: str
    url: str
    event: str
    issue: str
    status: int | None = None  # the answer's HTTP status; None while unanswered or when nothing answered
    answer: str = ""


def _value(store: JiraStore, name: str, value: Any) -> tuple[str | None, str | None]:
    """A field's value as Jira's changelog gives it: (id, text)."""
    if value is None or value == []:
        return None, None
    if name == "status":
        status = find_named(STATUSES, str(value))
        return str(value), status.name if status else str(value)
    if name == "assignee" or name == "reporter":
        user = store.users.get(str(value))
        return str(value), user.display_name if user else str(value)
    if isinstance(value, dict):
        return str(value.get("id") or value.get("accountId") or ""), str(value.get("name") or value.get("value") or "")
    if isinstance(value, list):
        return None, " ".join(str(item) for item in value)
    return str(value), str(value)


def changelog(store: JiraStore, before: JsonObject, after: JsonObject) -> list[JsonObject]:
    items = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if name in BOOKKEEPING or old == new:
            continue
        (old_id, old_text), (new_id, new_text) = _value(store, name, old), _value(store, name, new)
        item: JsonObject = {"field": name, "fieldtype": "jira", "fieldId": name, "from": old_id}
        item.update({"fromString": old_text, "to": new_id, "toString": new_text})
        if name == "assignee":  # Cloud adds the account ids
            item.update({"tmpFromAccountId": old_id, "tmpToAccountId": new_id})
        items.append(item)
    return items


@dataclass
class Dispatcher:
    """Registered webhooks and a background sender; `now` stamps each body's `timestamp` (the run's clock)."""

    now: Callable[[], datetime]
    webhooks: list[Webhook] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    _queue: "queue.Queue[tuple[Delivery, bytes, dict[str, str]]]" = field(default_factory=queue.Queue)
    _thread: threading.Thread | None = None

    def register(self, webhook: Webhook) -> None:
        self.webhooks.append(webhook)

    def issue_updated(self, issue_view: JsonObject, user_view: JsonObject | None, items: list[JsonObject]) -> None:
        listening = [w for w in self.webhooks if ISSUE_UPDATED in w.events]
        if not items or not listening:
            return
        body = {
            "timestamp": int(self.now().timestamp() * 1000),
            "webhookEvent": ISSUE_UPDATED,
            "issue_event_type_name": "issue_generic",
            "user": user_view,
            "issue": issue_view,
            "changelog": {"id": str(uuid.uuid4().int % 10**6), "items": items},
        }
        raw = json.dumps(body).encode()
        for webhook in listening:
            identifier = str(uuid.uuid4())
            headers = {"Content-Type": "application/json", "X-Atlassian-Webhook-Identifier": identifier}
            if webhook.secret:
                digest = hmac.new(webhook.secret.encode(), raw, hashlib.sha256).hexdigest()
                headers["X-Hub-Signature"] = f"sha256={digest}"
            delivery = Delivery(identifier, webhook.url, ISSUE_UPDATED, str(issue_view.get("key")))
            self.deliveries.append(delivery)
            self._queue.put((delivery, raw, headers))
        self._ensure_sender()

    def _ensure_sender(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._send_all, name="jira-webhooks", daemon=True)
            self._thread.start()

    def _send_all(self) -> None:
        while True:
            delivery, raw, headers = self._queue.get()
            try:
                answer = requests.post(delivery.url, data=raw, headers=headers, timeout=60)
                delivery.status, delivery.answer = answer.status_code, answer.text[:2000]
            except requests.RequestException as error:
                delivery.answer = str(error)
            finally:
                self._queue.task_done()

    def settle(self) -> None:
        """Wait until every queued delivery has been sent and answered."""
        self._queue.join()


def notify(store: JiraStore, dispatcher: "Dispatcher | None", view: Any, issue: Issue, before: JsonObject,
           caller: User | None) -> None:  # fmt: skip
    """Called with the store locked, after a change to `issue` was saved."""
    if dispatcher is None:
        return
    items = changelog(store, before, issue.fields)
    if items:
        dispatcher.issue_updated(view.issue(issue, store), view.user(caller), items)
