"""Jira accounts as the postmortem check sees them, and the resolver that finds them.

An action's owner is written as the key Jira knows an account by: its `accountId` on Jira Cloud, its
username on Data Center. Whoever can ask Jira (the CLI, a Lambda handler) provides a resolver; the check
only calls it, so it runs the same against a live Jira, a local one, or a fixed list in tests.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from domain.principals import principal_name


@dataclass(frozen=True)
class JiraAccount:
    key: str  # accountId (Cloud) or username (Data Center)
    display_name: str
    email: str | None = None
    active: bool = True


class AccountLookupError(Exception):
    """Jira could not be asked (unreachable, unauthorised): unlike an unknown account, nothing is known."""


class AccountResolver(Protocol):
    def __call__(self, key: str) -> JiraAccount | None:
        """The account with this accountId/username, None when Jira has no such account.

        Raises AccountLookupError when Jira cannot be asked.
        """
        ...


class FixedAccounts:
    """A resolver over a known list of accounts (a file exported from Jira, or a test fixture)."""

    def __init__(self, accounts: Iterable[JiraAccount]) -> None:
        self._by_key = {account.key: account for account in accounts}

    def __call__(self, key: str) -> JiraAccount | None:
        return self._by_key.get(key)

    @property
    def accounts(self) -> list[JiraAccount]:
        return list(self._by_key.values())


# A Jira Cloud accountId (`712020:<uuid>`, or the older 24 hex digits): a key no person can read.
_CLOUD_ACCOUNT_ID = re.compile(r"^(?:\d+:[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{24})$")


def looks_like_account_id(value: str) -> bool:
    return bool(_CLOUD_ACCOUNT_ID.match(value.strip()))


class DisplayNames:
    """People's names for the account keys a postmortem, report, comment or reminder mentions.

    Each key is asked of the resolver (Jira's user API, or an exported list) once, then remembered. A key
    Jira does not know is shown as written and marked; one Jira could not be asked about is shown as
    written. Without a resolver every key is shown as written: nothing better is known.
    """

    def __init__(self, accounts: AccountResolver | None = None) -> None:
        self._accounts = accounts
        self._known: dict[str, str] = {}

    def __call__(self, key: str | None) -> str:
        if not key:
            return "nobody"
        if key not in self._known:
            self._known[key] = self._name(key)
        return self._known[key]

    def actor(self, actor: str) -> str:
        """A timeline actor: a Jira account by its name, an AWS principal by its person or role
        (domain.principals), a service or a tool as it is."""
        return self(actor) if looks_like_account_id(actor) else principal_name(actor)

    def _name(self, key: str) -> str:
        if self._accounts is None:
            return key
        try:
            account = self._accounts(key)
        except AccountLookupError:
            return key
        if account is None:
            return f"{key} (not a Jira account)"
        name = account.display_name or key
        return name if account.active else f"{name} (deactivated)"
