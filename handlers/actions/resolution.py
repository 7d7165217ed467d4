"""An action the postmortem records as done or not doing is resolved in Jira, as enforcement and the report read it.

Done: the issue is moved to a status of the Done category (its evidence links are in the description).
Not doing: the issue carries the `closeloop-not-doing` label (one of its labels from the start), a comment
gives `Reason:` and `Approver:` as the postmortem records them, and then it is moved to Done: the reason is
in place before anything can see the issue resolved, so enforcement never reopens it for a missing reason.

Every step is safe to repeat: the comment is looked for before it is written (a lost answer or a rerun
finds it), and a transition to Done is only asked of an issue that is not done. Each push that finds
the issue still open does what is missing.
"""

from typing import Any

from domain.action import Action, ActionStatus
from handlers.actions.issue_content import plain_text
from handlers.actions.jira_api import JiraApi, JiraFailure, call

NOT_DOING_LABEL = "closeloop-not-doing"
DONE_CATEGORY = "done"


def extra_labels(action: Action) -> list[str]:
    return [NOT_DOING_LABEL] if action.status is ActionStatus.NOT_DOING else []


def not_doing_comment(action: Action) -> str:
    """Lines enforcement and the report read (`Reason:`, `Approver:`); not in closeloop's own voice, which they
    skip, because it records what the postmortem's people decided."""
    return (
        f"Not doing, as the postmortem records.\nReason: {action.reason}\nApprover: {action.approver}"
        if action.status is ActionStatus.NOT_DOING
        else ""
    )


def comment_body(text: str, cloud: bool) -> Any:
    if not cloud:
        return text
    paragraphs = [{"type": "paragraph", "content": [{"type": "text", "text": line}]} for line in text.splitlines()]
    return {"type": "doc", "version": 1, "content": paragraphs}


def is_resolved(fields: dict[str, Any]) -> bool:
    status = fields.get("status") or {}
    return bool((status.get("statusCategory") or {}).get("key") == DONE_CATEGORY)


def needed(action: Action, fields: dict[str, Any]) -> bool:
    """Whether the issue (its fields as Jira has them; {} for one just made) must still be resolved."""
    return action.status is not ActionStatus.OPEN and not is_resolved(fields)


def resolve(api: JiraApi, key: str, action: Action) -> None:
    """Bring an open issue to the state the postmortem records; raises JiraFailure when a step failed."""
    text = not_doing_comment(action)
    if text:
        wanted = plain_text(comment_body(text, api.cloud))
        if wanted not in api.comments(key):
            url = api.client._get_url(f"issue/{key}/comment")
            body = {"body": comment_body(text, api.cloud)}
            call(api.policy, f"comment on {key}", lambda: api.client._session.post(url, json=body), idempotent=False)
    transition_to_done(api, key)


def transition_to_done(api: JiraApi, key: str) -> None:
    done = [t for t in api.transitions(key) if is_resolved({"status": t.get("to")})]
    if not done:
        raise JiraFailure(f"resolve {key}: no transition to a Done status is available on it")
    api.transition(key, done[0]["id"], "resolve")
