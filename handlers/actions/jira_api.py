"""The Jira calls the push makes, through the `jira` client, with closeloop's own retry rules.

The client's own retries are switched off (`max_retries=0`): it would re-send a create whose answer was
lost (a duplicate issue), sleep up to 60 s per retry, and crash on an HTTP-date `Retry-After` (FACTS.md).
Here a request that Jira refused before applying it (429, 503, a 4xx) is safe to repeat; one that may
have been applied (a dropped connection, a timeout, a 5xx) is repeated only when it is idempotent. A
create in that state is reported as `InDoubt`, and the service searches before creating again.
"""

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from typing import Any, TypeVar

import requests
from jira import JIRA, JIRAError
from urllib3.exceptions import NewConnectionError

from domain.escape.jql import jql_string
from handlers.actions.issue_content import plain_text
from handlers.actions.settings import JiraSettings, SettingsError

T = TypeVar("T")
BULK_LIMIT = 50  # POST /issue/bulk takes at most 50 issues
SEARCH_PAGE = 100  # Cloud's largest page when fields are asked for
LABELS_PER_QUERY = 50  # keeps each JQL well under URL limits
SEARCH_FIELDS = ["summary", "description", "assignee", "duedate", "priority", "labels", "issuelinks", "status"]


class JiraFailure(Exception):
    """Jira did not do what was asked. `maybe_applied`: it may have done it and the answer was lost.
    `status`: the HTTP status Jira answered with, when it answered."""

    def __init__(self, reason: str, maybe_applied: bool = False, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.maybe_applied = maybe_applied
        self.status = status

    @property
    def refused(self) -> bool:
        """Jira answered that it did not do it (a 4xx, or a 503 it sends before applying): certainly not applied."""
        return self.status is not None and (400 <= self.status < 500 or self.status == 503)


class UnusableSettings(SettingsError):
    """Jira cannot be used with these settings at all (refused credentials, no server at the URL, no such
    project, issue type, link type or ticket): no retry fixes it, so it is said at once and nothing is written."""


def refused_credentials(settings: JiraSettings, status: int) -> UnusableSettings:
    who = settings.email or "the personal access token"
    return UnusableSettings(f"Jira at {settings.base_url} refuses the credentials of {who} (it answered {status})")


def unreachable(error: requests.ConnectionError) -> str | None:
    """Why no connection could be made (refused, a name that does not resolve); None for a dropped answer."""
    reason = getattr(error.args[0] if error.args else None, "reason", None)
    return str(reason).split(": ", 1)[-1] if isinstance(reason, NewConnectionError) else None


@dataclass
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 1.0  # doubled per attempt when Jira gives no Retry-After
    max_delay: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    slept: list[float] = field(default_factory=list)  # what was waited, for reports and tests

    def wait(self, seconds: float) -> None:
        seconds = min(max(seconds, 0.0), self.max_delay)
        self.slept.append(seconds)
        self.sleep(seconds)

    def backoff(self, attempt: int) -> float:
        return float(self.base_delay * 2 ** (attempt - 1) * random.uniform(0.5, 1.0))  # jitter: no thundering herd


def retry_after(response: requests.Response | None) -> float | None:
    """`Retry-After` in seconds, given as seconds or as an HTTP date (RFC 9110); None when absent or unreadable."""
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max((parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds(), 0.0)
    except (TypeError, ValueError):
        return None


def describe(error: JIRAError) -> str:
    text = error.text or (error.response.text[:300] if error.response is not None else "")
    return f"Jira answered {error.status_code}: {text}".strip()


def call(policy: RetryPolicy, what: str, action: Callable[[], T], idempotent: bool) -> T:
    """Run one Jira call under the retry rules; raise JiraFailure when it did not (certainly) succeed."""
    for attempt in range(1, policy.attempts + 1):
        last = attempt == policy.attempts
        try:
            return action()
        except JIRAError as error:
            status = error.status_code or 0
            if status in (429, 503):  # refused before applying: safe to repeat after the asked-for wait
                if last:
                    raise JiraFailure(f"{what}: rate limited or unavailable after {attempt} attempts") from None
                delay = retry_after(error.response)
                policy.wait(delay if delay is not None else policy.backoff(attempt))
                continue
            if status >= 500:
                if not idempotent or last:
                    raise JiraFailure(f"{what}: {describe(error)}", not idempotent, status) from None
                policy.wait(policy.backoff(attempt))
                continue
            raise JiraFailure(f"{what}: {describe(error)}", status=status or None) from None
        except (requests.ConnectionError, requests.Timeout) as error:
            if not idempotent or last:
                raise JiraFailure(
                    f"{what}: no answer from Jira ({type(error).__name__})", maybe_applied=not idempotent
                ) from None
            policy.wait(policy.backoff(attempt))
    raise AssertionError("unreachable: the loop returns or raises")


@dataclass(frozen=True)
class Created:
    index: int
    key: str | None
    error: str | None


class JiraApi:
    def __init__(self, client: JIRA, settings: JiraSettings, policy: RetryPolicy) -> None:
        self.client = client
        self.settings = settings
        self.policy = policy
        self.verified: set[str] = set()  # what the preflight found usable on this connection: asked once
        self.cloud = client.deploymentType == "Cloud"
        if self.cloud:
            # Cloud: API v3 (rich text as ADF). The client found the flavour through v2's serverInfo, which
            # both flavours serve; Data Center has no v3.
            client._options["rest_api_version"] = "3"

    @classmethod
    def connect(cls, settings: JiraSettings, policy: RetryPolicy | None = None) -> "JiraApi":
        policy = policy or RetryPolicy()
        token = settings.token.get_secret_value()
        auth: dict[str, Any] = {"basic_auth": (settings.email, token)} if settings.email else {"token_auth": token}

        def make() -> JIRA:
            try:
                return JIRA(settings.base_url, max_retries=0, timeout=settings.timeout, get_server_info=True, **auth)
            except requests.ConnectionError as error:
                why = unreachable(error)
                if why:  # nothing listens there: backing off would only delay saying so
                    raise UnusableSettings(f"cannot connect to Jira at {settings.base_url}: {why}") from None
                raise
            except JIRAError as error:
                if error.status_code in (401, 403):
                    raise refused_credentials(settings, error.status_code) from None
                raise

        return cls(call(policy, "connect", make, idempotent=True), settings, policy)

    @property
    def api_version(self) -> str:
        return str(self.client._options["rest_api_version"])

    def search_labels(self, labels: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The raw issue of each label found, reading every page (one request per page)."""
        wanted = sorted(set(labels))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), LABELS_PER_QUERY):
            chunk = wanted[start : start + LABELS_PER_QUERY]
            quoted = ", ".join(jql_string(label) for label in chunk)
            jql = f"project = {jql_string(self.settings.project)} AND labels in ({quoted}) ORDER BY key ASC"
            for issue in self._search(jql):
                for label in issue["fields"].get("labels") or []:
                    if label in chunk:
                        found.setdefault(label, issue)  # the oldest issue wins if a person copied the label
        return found

    def search(self, jql: str, fields: list[str]) -> list[dict[str, Any]]:
        """Every issue the JQL finds, with these fields, one request per page of SEARCH_PAGE."""
        return self._search(jql, fields)

    def _search(self, jql: str, fields: list[str] | None = None) -> list[dict[str, Any]]:
        wanted = list(fields or SEARCH_FIELDS)
        issues: list[dict[str, Any]] = []
        if self.cloud:
            token: str | None = None
            while True:
                page = call(
                    self.policy,
                    "search",
                    lambda token=token: self.client.enhanced_search_issues(  # type: ignore[misc]
                        jql, nextPageToken=token, maxResults=SEARCH_PAGE, fields=wanted, json_result=True
                    ),
                    idempotent=True,
                )
                issues.extend(page.get("issues", []))
                token = page.get("nextPageToken")
                if not token or page.get("isLast", True):
                    return issues
        start = 0
        while True:
            page = call(
                self.policy,
                "search",
                lambda start=start: self.client.search_issues(  # type: ignore[misc]
                    jql, startAt=start, maxResults=SEARCH_PAGE, fields=wanted, json_result=True
                ),
                idempotent=True,
            )
            issues.extend(page.get("issues", []))
            start += len(page.get("issues", []))
            if not page.get("issues") or start >= int(page.get("total", 0)):
                return issues

    def issue(self, key: str) -> dict[str, Any] | None:
        """One issue by key; None when Jira has no such issue (any more)."""
        try:
            found = call(
                self.policy, f"read {key}", lambda: self.client.issue(key, fields=",".join(SEARCH_FIELDS)), True
            )
        except JiraFailure as failure:
            if "answered 404" in failure.reason:
                return None
            raise
        raw: dict[str, Any] = found.raw
        return raw

    def create(self, fields: list[dict[str, Any]]) -> list[Created]:
        """Bulk create (at most 50); per-issue errors come back as such. Raises JiraFailure for the whole call."""
        assert len(fields) <= BULK_LIMIT
        answers = call(self.policy, "create", lambda: self.client.create_issues(fields, prefetch=False), False)
        results: list[Created] = []
        for index, answer in enumerate(answers):
            if answer["status"] == "Success":
                results.append(Created(index, answer["issue"].key, None))
            else:
                errors = answer["error"] or {}
                text = (
                    "; ".join(f"{name}: {message}" for name, message in errors.items())
                    if isinstance(errors, dict)
                    else str(errors)
                )
                results.append(Created(index, None, f"Jira refused the issue: {text}"))
        return results

    def comments(self, key: str) -> list[str]:
        """The text of every comment on the issue (Cloud's ADF bodies as plain text), one GET per 100."""
        return [text for _, text in self.authored_comments(key)]

    def authored_comments(self, key: str) -> list[tuple[str | None, str]]:
        """Every comment as (its author's account: accountId on Cloud, username on Data Center; its text)."""
        url = self.client._get_url(f"issue/{key}/comment")
        texts: list[tuple[str | None, str]] = []

        def page_from(start: int) -> dict[str, Any]:
            answer: dict[str, Any] = self.client._session.get(url, params={"startAt": start, "maxResults": 100}).json()
            return answer

        while True:
            page = call(self.policy, f"comments of {key}", partial(page_from, len(texts)), idempotent=True)
            comments = page.get("comments", [])
            texts += [(self._author(comment.get("author")), plain_text(comment.get("body"))) for comment in comments]
            if not comments or len(texts) >= int(page.get("total", 0)):
                return texts

    def own_account(self) -> str | None:
        """The account closeloop's credentials belong to (`GET /myself`, asked once per client)."""
        if not hasattr(self, "_own_account"):
            me = call(self.policy, "who am I", lambda: self.client.myself(), idempotent=True)
            self._own_account = self._author(me)
        return self._own_account

    def _author(self, user: dict[str, Any] | None) -> str | None:
        value = (user or {}).get("accountId" if self.cloud else "name")
        return str(value) if value else None

    def update(self, key: str, fields: dict[str, Any], add_labels: list[str]) -> None:
        """Set fields and add labels (never removing the ones people added); one PUT, no reload."""
        body: dict[str, Any] = {"fields": fields}
        if add_labels:
            body["update"] = {"labels": [{"add": label} for label in add_labels]}
        url = self.client._get_url(f"issue/{key}")
        call(self.policy, f"update {key}", lambda: self.client._session.put(url, json=body), idempotent=True)

    def transitions(self, key: str) -> list[dict[str, Any]]:
        """The transitions the issue offers now (ids differ between workflows: always looked up on the issue)."""
        url = self.client._get_url(f"issue/{key}/transitions")
        listed: dict[str, Any] = call(
            self.policy, f"transitions of {key}", lambda: self.client._session.get(url).json(), idempotent=True
        )
        found: list[dict[str, Any]] = listed.get("transitions", [])
        return found

    def transition(self, key: str, transition_id: str, what: str) -> None:
        """Move the issue through a transition; a repeat lands in the same status, so it is retried."""
        url, body = self.client._get_url(f"issue/{key}/transitions"), {"transition": {"id": transition_id}}
        call(self.policy, f"{what} {key}", lambda: self.client._session.post(url, json=body), idempotent=True)

    def link(self, inward: str, outward: str) -> None:
        """Link the action's issue to the incident ticket: one POST. (`JIRA.create_issue_link` also re-reads
        every link type on each call: its cache check never hits in 3.10.5.) A repeat would add a second
        link, so the caller checks the issue's links first."""
        body = {
            "type": {"name": self.settings.link_type},
            "inwardIssue": {"key": inward},
            "outwardIssue": {"key": outward},
        }
        url = self.client._get_url("issueLink")
        call(self.policy, f"link {inward} to {outward}", lambda: self.client._session.post(url, json=body), False)

    def remote_link(self, key: str, url: str, title: str, global_id: str) -> None:
        """A remote link; Jira updates the one with the same globalId instead of adding another, so a repeat is safe."""
        target = {"url": url, "title": title}
        call(self.policy, f"remote link on {key}", lambda: self.client.add_remote_link(key, target, global_id), True)


def once(connect: Callable[[], "JiraApi"]) -> Callable[[], "JiraApi"]:
    """One connection for a whole run (its checks, look-ups and pushes); a failed connect is tried again."""
    made: list[JiraApi] = []

    def connection() -> JiraApi:
        if not made:
            made.append(connect())
        return made[0]

    return connection
