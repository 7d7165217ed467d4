"""The writes enforcement and the webhook make on an action issue, through the push's `JiraApi` retry rules.

A comment is rich text: Atlassian Document Format on Cloud (API v3, with a real mention of the account),
a wiki-markup string on Data Center (`[~username]` mentions). A comment is not idempotent (a repeat adds a
second one), so it is retried only when Jira refused it before applying it. When its answer was lost (a
dropped connection, a 5xx) and the caller knows the issue's comments from before, the comment is looked
for first: found, it was sent; not found, it is sent once more. Without that, a reminder whose answer was
lost was released and sent again by the next run: the owner got it twice.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from handlers.actions.issue_content import plain_text
from handlers.actions.jira_api import JiraApi, JiraFailure, call

Mention = str | Sequence[str] | None  # the account(s) a comment mentions, in order


def mentioned(mention: Mention) -> tuple[str, ...]:
    return (mention,) if isinstance(mention, str) else tuple(mention or ())


def comment_body(text: str, mention: Mention, cloud: bool) -> Any:
    """The comment's body: on Cloud an ADF paragraph starting with a mention node per account (Jira notifies
    them and shows their names); on Data Center wiki markup starting with `[~username]` per account."""
    accounts = mentioned(mention)
    if not cloud:
        return " ".join([*(f"[~{account}]" for account in accounts), text])
    content: list[dict[str, Any]] = []
    for account in accounts:
        content += [{"type": "mention", "attrs": {"id": account}}, {"type": "text", "text": " "}]
    content.append({"type": "text", "text": text})
    return {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": content}]}


def comment_text(text: str, mention: Mention, cloud: bool) -> str:
    """The comment's text as Jira gives it back (plain text of its body): what `copies` counts."""
    return plain_text(comment_body(text, mention, cloud))


def comment(api: JiraApi, key: str, text: str, mention: Mention = None, seen: Sequence[str] | None = None) -> None:
    """Add a comment. `seen`: the issue's comments (plain text) as read before; given, a lost answer is checked."""
    url = api.client._get_url(f"issue/{key}/comment")
    body = {"body": comment_body(text, mention, api.cloud)}
    what = f"comment on {key}"
    try:
        call(api.policy, what, lambda: api.client._session.post(url, json=body), idempotent=False)
    except JiraFailure as failure:
        if not failure.maybe_applied or seen is None:
            raise
        wanted = comment_text(text, mention, api.cloud)
        if copies(api, key, wanted) > sum(plain_text(earlier) == wanted for earlier in seen):
            return  # it was applied; only the answer was lost
        call(api.policy, what, lambda: api.client._session.post(url, json=body), idempotent=False)


def copies(api: JiraApi, key: str, wanted: str) -> int:
    """How many of the issue's comments say `wanted` (every page; a read is safe to repeat)."""
    return sum(text == wanted for text in api.comments(key))


def assign(api: JiraApi, key: str, account: str) -> None:
    api.update(key, {"assignee": {"accountId": account} if api.cloud else {"name": account}}, [])


def set_due(api: JiraApi, key: str, due: date) -> None:
    api.update(key, {"duedate": due.isoformat()}, [])


def reopen(api: JiraApi, key: str, transition: str) -> None:
    """Move the issue through the named transition (found on the issue: ids differ between workflows)."""
    wanted = transition.lower()
    found = [t for t in api.transitions(key) if wanted in (t["name"].lower(), t["to"]["name"].lower())]
    if not found:
        raise ValueError(f"{key}: no transition '{transition}' available (set reopen_transition in the policy)")
    api.transition(key, found[0]["id"], "reopen")
