"""Owners looked up in the local Jira, both flavours, through the resolver the postmortem check takes."""

import pytest

from domain.accounts import AccountLookupError
from handlers.actions.accounts import JiraAccounts
from handlers.actions.jira_api import JiraApi, RetryPolicy
from tests.handlers.actions.jira_world import PEOPLE, World


def test_owners_resolve_to_their_accounts(jira_world: World) -> None:
    accounts = JiraAccounts(jira_world.connect())
    for display, email, account_id, name in PEOPLE:
        key = account_id if jira_world.cloud else name
        found = accounts(key)
        assert found is not None and (found.key, found.display_name, found.email) == (key, display, email)
        assert found.active
    assert accounts("712020:nobody" if jira_world.cloud else "nobody") is None
    before = len(jira_world.jira.requests)
    accounts(PEOPLE[0][2] if jira_world.cloud else PEOPLE[0][3])
    assert len(jira_world.jira.requests) == before  # asked once per run


def test_an_unreachable_jira_is_not_an_unknown_owner(cloud_world: World) -> None:
    settings = cloud_world.settings
    cloud_world.jira.stop()
    accounts = JiraAccounts(lambda: JiraApi.connect(settings, RetryPolicy(attempts=1)))
    with pytest.raises(AccountLookupError, match="connect"):
        accounts(PEOPLE[0][2])
