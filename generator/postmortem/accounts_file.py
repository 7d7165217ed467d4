"""Jira accounts from a file: an export of Jira's user search, or closeloop's own short form.

Lets `closeloop postmortem check --accounts FILE` verify owners without network access to Jira. Both
forms are a JSON (or YAML) list: Jira's users (`accountId` on Cloud or `name` on Data Center, with
`displayName`, `emailAddress`, `active`) or `{key, display_name, email, active}`.
"""

from pathlib import Path
from typing import Any

from domain.accounts import FixedAccounts, JiraAccount
from generator.document.errors import DocumentError, Problem
from generator.document.reader import parse_text, read_source


def accounts_from_file(path: Path | str) -> FixedAccounts:
    path = Path(path)
    data = parse_text(read_source(path), str(path))
    if not isinstance(data, list):
        raise DocumentError(str(path), [Problem("", "an accounts file is a list of Jira users")])
    return FixedAccounts(_account(entry, f"[{index}]", str(path)) for index, entry in enumerate(data))


def _account(entry: Any, where: str, source: str) -> JiraAccount:
    if isinstance(entry, dict):
        if "displayName" in entry:  # as Jira answers /user/search
            key = entry.get("accountId") or entry.get("name")
            if key:
                return JiraAccount(
                    str(key), str(entry["displayName"]), entry.get("emailAddress"), entry.get("active", True)
                )
        elif entry.get("key") and entry.get("display_name"):
            return JiraAccount(
                str(entry["key"]), str(entry["display_name"]), entry.get("email"), entry.get("active", True)
            )
    raise DocumentError(
        source, [Problem(where, "not a Jira user: needs accountId or name with displayName, or key with display_name")]
    )
