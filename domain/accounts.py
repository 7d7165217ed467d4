"""Jira accounts as the postmortem check sees them, and the resolver that finds them.

An action's owner is written as the key Jira knows an account by: its `accountId` on Jira Cloud, its
username on Data Center. Whoever can ask Jira (the CLI, a Lambda handler) provides a resolver; the check
only calls it, so it runs the same against a live Jira, a local one, or a fixed list in tests.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


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
