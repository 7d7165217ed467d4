"""A prevention action's Jira issue as enforcement reads it, from one search result.

The issue is recognised by its label `closeloop:<incident>:<action>` (the push's external id); whatever
else people changed on it (summary, status, assignee) is read as Jira has it now.
"""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.action import Priority
from domain.escape.jql import jql_string
from handlers.actions.issue_content import MANAGED_LABEL, plain_text

# What enforcement asks the search for: no descriptions, no links (smaller pages).
ENFORCEMENT_FIELDS = ["summary", "assignee", "duedate", "priority", "labels", "status", "created", "updated", "comment"]
EXTERNAL_LABEL = re.compile(r"^closeloop:(?P<incident>[^:]+):(?P<action>[^:]+)$")
# Each value runs to the end of its line, or to the other keyword when both share a line (Cloud's comment
# text comes back with paragraphs joined by spaces).
REASON = re.compile(r"\breason:[ \t]*(?P<value>\S[^\n]*?)[ \t]*(?=\bapprov(?:er|ed by):|\n|$)", re.IGNORECASE)
APPROVER = re.compile(r"\bapprov(?:er|ed by):[ \t]*(?P<value>\S[^\n]*?)[ \t]*(?=\breason:|\n|$)", re.IGNORECASE)


# What closeloop itself writes on an action issue (a Data Center comment may start with `[~user]` mentions).
OWN_COMMENT = re.compile(r"^(?:\[~[^\]]+\]\s*)*(?:closeloop\b|Reminder:|Escalation:)")


def action_jql(project: str) -> str:
    """Every closeloop action issue of the project; paging by key keeps pages stable while issues change."""
    return f"project = {jql_string(project)} AND labels = {jql_string(MANAGED_LABEL)} ORDER BY key ASC"


@dataclass(frozen=True)
class ActionIssue:
    key: str
    incident_id: str
    action_id: str
    summary: str
    assignee: str | None  # accountId (Cloud) or username (Data Center); None when unassigned or inactive
    due: date | None
    priority: Priority | None
    created: date
    resolved: bool  # in a status of the Done category
    labels: tuple[str, ...]
    comments: tuple[str, ...]
    inactive_assignee: str | None = None  # assigned to an account Jira says is no longer active: no owner
    inactive_name: str | None = None  # that account's display name, for the comment people read
    authors: tuple[str | None, ...] = ()  # each comment's author (accountId on Cloud, username on Data Center)
    # Jira's `updated` as read: a fix is claimed for this state of the issue, so two passes reading the same
    # state fix and comment once, and a later change (the owner removed again) is a new state to fix.
    updated: str = ""

    def approved_not_doing(self, approvers: Collection[str], own: str | None = None) -> bool:
        return all(reason_and_approver(zip(self.authors, self.comments, strict=True), approvers, own))


def reason_and_approver(
    comments: Iterable[tuple[str | None, str]], approvers: Collection[str], own: str | None = None
) -> tuple[str | None, str | None]:
    """The latest `Reason: ...` anyone gave, and the latest approver who approved.

    An approval is a comment with an `Approver: ...` line written by one of `approvers` from their own Jira
    account; the approver recorded is that comment's author, never the text (anyone can type a name). The
    one exception is closeloop's own account (`own`), which writes the approver a postmortem records (push
    resolves such actions; the postmortem's rules check that approver is a real account): its line is
    taken as written. Not closeloop's own notices: its reopen notice quotes "Reason: ..." and "Approver:
    <account>" as the form to use, which let a second close as not doing (without either) stand."""
    reason = approver = None
    for author, text in ((a, t) for a, t in comments if not OWN_COMMENT.match(t)):
        reason = next((m["value"].strip() for m in REASON.finditer(text)), reason)
        typed = next((m["value"].strip() for m in APPROVER.finditer(text)), None)
        if typed and author is not None and author == own:
            approver = typed
        elif typed and author in approvers:
            approver = author
    return reason, approver


def account_of(user: dict[str, Any] | None, cloud: bool, active: bool = True) -> str | None:
    """The account of a user object; with `active`, None for one Jira says is deactivated."""
    if not user or (active and user.get("active") is False):
        return None
    value = user.get("accountId") if cloud else user.get("name")
    return str(value) if value else None


def priority_of(raw: dict[str, Any] | None) -> Priority | None:
    name = (raw or {}).get("name")
    try:
        return Priority(str(name).lower()) if name else None
    except ValueError:
        return None  # a priority scheme of the team's own: treated as medium by the policy


def read_issue(raw: dict[str, Any], cloud: bool) -> ActionIssue | None:
    """The action behind a search result; None for an issue with the managed label but no external id."""
    fields = raw.get("fields") or {}
    labels = tuple(fields.get("labels") or [])
    match = next((m for m in map(EXTERNAL_LABEL.match, labels) if m), None)
    if match is None:
        return None
    category = (((fields.get("status") or {}).get("statusCategory")) or {}).get("key")
    comments = ((fields.get("comment") or {}).get("comments")) or []
    owner = account_of(fields.get("assignee"), cloud)
    return ActionIssue(
        key=str(raw["key"]),
        incident_id=match["incident"],
        action_id=match["action"],
        summary=str(fields.get("summary") or ""),
        assignee=owner,
        inactive_assignee=None if owner else account_of(fields.get("assignee"), cloud, active=False),
        inactive_name=None if owner else (fields.get("assignee") or {}).get("displayName"),
        due=date.fromisoformat(fields["duedate"]) if fields.get("duedate") else None,
        priority=priority_of(fields.get("priority")),
        created=date.fromisoformat(str(fields.get("created"))[:10]),
        resolved=category == "done",
        labels=labels,
        comments=tuple(plain_text(c.get("body")) for c in comments),
        authors=tuple(account_of(c.get("author"), cloud) for c in comments),
        updated=str(fields.get("updated") or ""),
    )
