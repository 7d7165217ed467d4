"""Accounts files: Jira Cloud and Data Center user exports, closeloop's short form, and what is refused."""

from pathlib import Path

import pytest

from domain.accounts import JiraAccount
from generator.document.errors import DocumentError
from generator.postmortem.accounts_file import accounts_from_file


def test_cloud_data_center_and_short_forms(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    path.write_text(
        "- {accountId: '712020:abc', displayName: Ana Silva, emailAddress: ana@example.com}\n"
        "- {name: jdoe, key: JIRAUSER10100, displayName: Jo Doe, active: false}\n"
        "- {key: svc-owner, display_name: Service Owner}\n"
    )
    accounts = accounts_from_file(path)
    assert accounts("712020:abc") == JiraAccount("712020:abc", "Ana Silva", "ana@example.com")
    # Data Center assigns by username, not by its internal user key.
    assert accounts("jdoe") == JiraAccount("jdoe", "Jo Doe", None, False)
    assert accounts("JIRAUSER10100") is None
    assert accounts("svc-owner") == JiraAccount("svc-owner", "Service Owner")


@pytest.mark.parametrize(("text", "message"), [("{}", "a list of Jira users"), ("[1]", r"\[0\]: not a Jira user")])
def test_what_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "users.json"
    path.write_text(text)
    with pytest.raises(DocumentError, match=message):
        accounts_from_file(path)
