"""Owners checked against Jira itself: an `AccountResolver` (domain/accounts.py) over the push's connection.

`closeloop postmortem check` can take it to confirm that every owner is a real, active Jira account before
the push assigns anything: Cloud looks accounts up by accountId, Data Center by username.
"""

from collections.abc import Callable

from domain.accounts import AccountLookupError, JiraAccount
from handlers.actions.jira_api import JiraApi, JiraFailure, call
from handlers.actions.settings import SettingsError


class JiraAccounts:
    """Each key asked once per run; a Jira that cannot be asked raises AccountLookupError, never 'unknown'."""

    def __init__(self, connect: Callable[[], JiraApi]) -> None:
        self._connect = connect
        self._api: JiraApi | None = None
        self._known: dict[str, JiraAccount | None] = {}

    def __call__(self, key: str) -> JiraAccount | None:
        if key not in self._known:
            self._known[key] = self._lookup(key)
        return self._known[key]

    def _lookup(self, key: str) -> JiraAccount | None:
        try:
            if self._api is None:
                self._api = self._connect()
            api = self._api
            raw = call(api.policy, f"look up account {key}", lambda: api.client.user(key).raw, idempotent=True)
        except JiraFailure as failure:
            if "answered 404" in failure.reason:
                return None
            raise AccountLookupError(failure.reason) from None
        except SettingsError as error:
            raise AccountLookupError(f"no Jira to ask: {error}") from None
        identity = raw.get("accountId") if api.cloud else raw.get("name")
        return JiraAccount(str(identity), raw.get("displayName", ""), raw.get("emailAddress"), bool(raw.get("active")))
