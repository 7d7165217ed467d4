"""A local Jira-compatible server (Cloud or Data Center flavour) for tests, benchmarks and the drill.

    with JiraStandin(cloud=True) as jira:
        owner = jira.add_user("Dana Ops", "dana@example.com")
        jira.add_project("OPS", "Operations", lead=owner)
        jira.faults.add(Fault(FaultKind.RATE_LIMIT, method="POST", path="/issue/bulk$"))
        client = JIRA(jira.url, basic_auth=("dana@example.com", "token"))

It answers the calls the `jira` client makes for closeloop (FACTS.md, "Jira and the jira client") in Jira's
shapes, which the tests check against Atlassian's OpenAPI description.
"""

import re
import threading
import time
import uuid
from collections.abc import Callable
from types import TracebackType

from domain.clock import Clock, system_now
from generator.standins.jira.faults import Fault, FaultKind, FaultPlan
from generator.standins.jira.server import LoggedRequest, StandinHttpServer
from generator.standins.jira.store import (
    ISSUE_TYPES,
    PRIORITIES,
    Issue,
    JiraStore,
    JsonObject,
    Project,
    User,
    find_named,
    now_text,
)
from generator.standins.jira.webhooks import ISSUE_UPDATED, Delivery, Dispatcher, Webhook

__all__ = ["Fault", "FaultKind", "JiraStandin", "LoggedRequest"]


class JiraStandin:
    def __init__(
        self, cloud: bool = True, clock: Callable[[], float] = time.monotonic, now: Clock = system_now
    ) -> None:
        """`clock`: seconds, read for the search-index lag; a test passes the virtual clock its run reads.
        `now`: what stamps a webhook delivery (its `timestamp`), the run's clock in a drill."""
        self.cloud = cloud
        self.store = JiraStore(clock)
        self.webhooks = Dispatcher(now)
        self.faults = FaultPlan()
        self.tokens: dict[str, str] = {}  # login (email on Cloud, username on Data Center) -> API token
        self._server: StandinHttpServer | None = None
        self._thread: threading.Thread | None = None

    def start(self, port: int = 0) -> "JiraStandin":
        """Serve on 127.0.0.1:`port` (0: a free one)."""
        server = self._server = StandinHttpServer(
            self.store, self.cloud, self.faults, self.tokens, self.webhooks, port=port
        )
        # A short poll: stop() waits for one poll to end (0.5 s by default, per stand-in, per test).
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="jira-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> "JiraStandin":
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the Jira stand-in is not started")
        return self._server.base_url

    # Seeding
    def add_user(
        self,
        display_name: str,
        email: str,
        *,
        account_id: str | None = None,
        name: str | None = None,
        token: str | None = None,
    ) -> User:
        """A user with a Cloud accountId and a Data Center username; with a token, requests must authenticate."""
        account_id = account_id or f"712020:{uuid.uuid5(uuid.NAMESPACE_URL, email)}"
        user = self.store.add_user(account_id, name or email.split("@")[0], display_name, email)
        if token is not None:
            self.tokens[email if self.cloud else user.name] = token
        return user

    def add_project(self, key: str, name: str, lead: User) -> Project:
        return self.store.add_project(key, name, lead.account_id)

    def add_custom_field(
        self, name: str, kind: str = "com.atlassian.jira.plugin.system.customfieldtypes:textfield"
    ) -> str:
        """A custom field; returns its id (`customfield_NNNNN`)."""
        with self.store.lock:
            field_id = f"customfield_{10050 + len(self.store.custom_fields)}"
            self.store.custom_fields.append({"id": field_id, "name": name, "type": kind})
        return field_id

    def add_issue(self, project: Project, summary: str, issue_type: str = "Task") -> Issue:
        """An issue made directly in the store (an incident ticket to link to, say), not through the API."""
        with self.store.lock:
            fields: JsonObject = {"summary": summary, "labels": [], "status": "10000", "updated": now_text()}
            fields["issuetype"] = find_named(ISSUE_TYPES, issue_type)
            fields["priority"] = find_named(PRIORITIES, "Medium")
            fields["reporter"] = project.lead
            return self.store.new_issue(project, fields)

    def add_webhook(self, url: str, secret: str | None, events: tuple[str, ...] = (ISSUE_UPDATED,)) -> Webhook:
        """A webhook as a Jira administrator registers it (System > WebHooks), with the secret that signs it."""
        webhook = Webhook(url, secret, events)
        self.webhooks.register(webhook)
        return webhook

    def settle_webhooks(self) -> list[Delivery]:
        """Wait until every delivery sent so far has been answered; all deliveries, oldest first."""
        self.webhooks.settle()
        return list(self.webhooks.deliveries)

    def set_search_delay(self, seconds: float) -> None:
        """Make new issues invisible to search (Cloud's `search/jql` and Data Center's `search`) for `seconds`
        of the stand-in's clock after they are created, as an eventually consistent index is; reading an
        issue by key and `reconcileIssues` still see it at once."""
        self.store.search_visibility_delay = seconds

    # Inspection, for tests and benchmarks
    @property
    def requests(self) -> list[LoggedRequest]:
        if self._server is None:
            return []
        with self._server.log_lock:
            return list(self._server.log)

    def count(self, method: str, path: str = ".*") -> int:
        return sum(1 for r in self.requests if r.method == method and re.search(path, r.path))

    def issues(self) -> list[Issue]:
        with self.store.lock:
            return list(self.store.issues.values())

    def issue_fields(self, key: str) -> JsonObject:
        with self.store.lock:
            return dict(self.store.issues[key].fields)
