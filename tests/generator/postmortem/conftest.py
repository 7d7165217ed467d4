"""Postmortem test fixtures: the fixture accounts as a resolver, and the rules' fixture folders."""

import json
from pathlib import Path

import pytest

from domain.accounts import FixedAccounts, JiraAccount
from tests.conftest import FIXTURES

POSTMORTEM_FIXTURES = FIXTURES / "postmortem"
COMPLETE = POSTMORTEM_FIXTURES / "complete.yaml"


def fixture_accounts() -> FixedAccounts:
    """The accounts a Jira would know for the fixture postmortems (one of them deactivated)."""
    return FixedAccounts(
        JiraAccount(**entry) for entry in json.loads((POSTMORTEM_FIXTURES / "accounts.json").read_text())
    )


def rule_dir(rule: object) -> Path:
    return POSTMORTEM_FIXTURES / type(rule).__module__.rsplit(".", 1)[-1]


@pytest.fixture
def accounts() -> FixedAccounts:
    return fixture_accounts()
